"""Rule ``unit_slip``: a value 10⁴ or 10⁸ off the same metric of the same region elsewhere (a 万 or 亿
dropped or doubled), in another document, for a time at most a year apart.

    >>> check([])
    []
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

from ..records import Finding
from .relations import Item, make_finding

__all__ = ["check", "slip_factor"]

FACTORS = (Decimal(10) ** 4, Decimal(10) ** 8)


def slip_factor(a: Item, b: Item) -> Decimal | None:
    """10⁴ or 10⁸ when the two values are that factor apart (within a quarter), else None.

    >>> from fupin_nlp.checks.rounding import figure
    >>> mk = lambda v: Item(0, "d", 0, 0, 1, "x", Decimal(v), "元", "", None, None, None, None, None, "=", "",
    ...                     figure(Decimal(v)))
    >>> slip_factor(mk(11054), mk(110540000))
    Decimal('10000')
    """
    if a.amount <= 0 or b.amount <= 0:
        return None
    ratio = max(a.amount, b.amount) / min(a.amount, b.amount)
    for factor in FACTORS:
        if factor * Decimal("0.8") <= ratio <= factor * Decimal("1.25"):
            return factor
    return None


def _close_in_time(a: Item, b: Item) -> bool:
    """Both figures dated, at most a year apart: over longer spans a count may truly grow that much,
    and a figure the extractor placed in too wide a region (a village's 65户 as the province's) may
    meet the province's 77.9万户."""
    if not a.time_end or not b.time_end:
        return False
    return abs(int(a.time_end[:4]) - int(b.time_end[:4])) <= 1


def check(items: Sequence[Item]) -> list[Finding]:
    """Flag the same region and metric given 10⁴ or 10⁸ apart by two documents at most a year apart.

    >>> check([])
    []
    """
    from .conflict import _same_region, keyed

    out = []
    for key, docs in keyed(items, with_period=False).items():
        for a, b in combinations(docs.values(), 2):
            factor = slip_factor(a, b)
            if factor is None or not _close_in_time(a, b) or not _same_region(a, b):
                continue
            word = "万" if factor == FACTORS[0] else "亿"
            small, big = sorted((a, b), key=lambda it: it.amount)
            out.append(make_finding(
                "unit_slip", "discrepancy", [a, b],
                f"{key[1]} of {key[0]}: {small.doc_id} gives {small.surface}, {big.doc_id} {big.surface}, "
                f"{factor:,} times as much: probably a {word} dropped or added (major)",
                expected=big.amount, stated=small.amount, severity="major"))
    return out
