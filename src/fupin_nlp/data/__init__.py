"""The package's lexicons and gazetteers (one data file each, a ``#`` header saying what it holds),
and the one reader they share.

    >>> rows("time_words.tsv")[0][:2]
    ['relyear', '今年']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import regex

__all__ = ["rows", "cue_table", "alternation"]


@lru_cache(maxsize=64)
def _text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of data file ``name``; comment and blank lines left out.

    >>> rows("claim_cues.tsv")[0]
    ['change', '增长', 'increase']
    """
    return [line.rstrip("\n").split("\t") for line in _text(name).splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=16)
def cue_table(name: str) -> dict[str, dict[str, str]]:
    """A ``kind <TAB> word <TAB> value`` file as ``{kind: {word: value}}``.

    >>> cue_table("claim_cues.tsv")["per"]["户均"]
    '户'
    """
    tables: dict[str, dict[str, str]] = {}
    for cells in rows(name):
        tables.setdefault(cells[0], {})[cells[1]] = cells[2].strip() if len(cells) > 2 else ""
    return tables


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so the longest match wins.

    >>> alternation(["人均", "人均月"])
    '人均月|人均'
    """
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
