"""The number layer's lexicons, read once from ``fupin_nlp/data/numbers/``.

Each file starts with ``#`` header lines saying what it holds; rows are
tab-separated.  Code stays generic: a new unit, qualifier or counted noun is a
new line in a data file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..data import rows

__all__ = ["Unit", "Lexicon", "lexicon"]


@dataclass(frozen=True)
class Unit:
    """A written unit and what it canonicalises to."""

    written: str
    unit: str
    dimension: str
    kind: str


@dataclass(frozen=True)
class Lexicon:
    numerals: dict[str, tuple[str, Decimal]]
    units: dict[str, Unit]
    nouns: dict[str, Unit]
    qualifiers: dict[tuple[str, str], str]  # (position, word) -> qualifier
    not_numbers: tuple[str, ...]


def _rows(name: str) -> list[list[str]]:
    return rows(f"numbers/{name}")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load (once) and return the lexicons.

    >>> lexicon().units["千克"].unit
    '公斤'
    """
    numerals = {r[0]: (r[1], Decimal(r[2])) for r in _rows("numerals.tsv")}
    units = {r[0]: Unit(r[0], r[1], r[2], r[3]) for r in _rows("units.tsv")}
    nouns = {r[0]: Unit(r[0], r[1], r[2], "count") for r in _rows("counted_nouns.tsv")}
    qualifiers = {(r[1], r[0]): r[2] for r in _rows("qualifiers.tsv")}
    not_numbers = tuple(r[0] for r in _rows("not_numbers.txt"))
    return Lexicon(numerals, units, nouns, qualifiers, not_numbers)
