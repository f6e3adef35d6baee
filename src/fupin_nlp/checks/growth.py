"""Rule ``growth``: a value, an earlier value and a stated change (``比2018年增长17.2%``, ``翻了一番``).

With the earlier value stated, the change is checked.  With only the value and the change, the rule
reports the earlier value they imply (``info``: 11054.9元 after +17.2 % implies 9432.5元 before); with
both values and no change, the change they imply.  Yearly averages (年均) are compound over a span
the text seldom pins down, and are left alone.

    >>> from fupin_nlp.checks import check_text
    >>> fs = check_text("2019年人均纯收入达11054.9元，比2018年增长17.2%。")
    >>> f = [f for f in fs if f.rule == "growth"][0]
    >>> f.verdict, round(float(f.expected), 1)
    ('info', 9432.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..records import Finding
from .relations import Relation, make_finding
from .rounding import exact_interval, fmt, verdict

__all__ = ["check"]

HUNDRED = Decimal(100)


def _implied_base(r: Relation) -> Decimal | None:
    v = r.whole.amount
    if r.stated is not None:
        if r.factor and not r.decrease:
            return v / r.factor
        rate = r.stated.amount / HUNDRED
        denominator = (1 - rate) if r.decrease else (1 + rate)
        return v / denominator if denominator > 0 else None
    if r.change is not None:
        return v + r.change.amount if r.decrease else v - r.change.amount
    return None


def check(relations: Sequence[Relation]) -> list[Finding]:
    """Judge or report every value-and-change relation.

    >>> check([])
    []
    """
    out = []
    for r in relations:
        if r.kind != "growth" or r.whole is None:
            continue
        v_item, b_item = r.whole, r.base
        unit = v_item.unit
        if b_item is None:
            base = _implied_base(r)
            if base is None or base <= 0:
                continue
            told = r.stated or r.change
            out.append(make_finding(
                "growth", "info", r.items,
                f"{v_item.surface} after a change of {told.surface} implies an earlier value of about "
                f"{fmt(base, unit)}", expected=base, stated=v_item.amount))
            continue
        if b_item.amount <= 0:
            continue
        if r.stated is not None:
            ratio = v_item.fig.interval.divided_by(b_item.fig.interval)
            if ratio is None:
                continue
            one = exact_interval(Decimal(1))
            expected = (one - ratio if r.decrease else ratio - one).scaled(HUNDRED)
            mid = ((b_item.amount - v_item.amount) if r.decrease else (v_item.amount - b_item.amount)) \
                / b_item.amount * HUNDRED
            judged = verdict(expected, r.stated.fig, unit="%")
            head = f"from {b_item.surface} to {v_item.surface} is {fmt(mid, '%')}"
            stated = r.stated.amount
        elif r.change is not None:
            expected = (b_item.fig.interval - v_item.fig.interval) if r.decrease \
                else (v_item.fig.interval - b_item.fig.interval)
            mid = abs(v_item.amount - b_item.amount)
            judged = verdict(expected, r.change.fig, unit=unit)
            head = f"from {b_item.surface} to {v_item.surface} is a change of {fmt(mid, unit)}"
            stated = r.change.amount
        else:
            rate = (v_item.amount - b_item.amount) / b_item.amount * HUNDRED
            out.append(make_finding("growth", "info", r.items,
                                    f"from {b_item.surface} to {v_item.surface} is a change of "
                                    f"{fmt(rate, '%')}", expected=rate, stated=None))
            continue
        told = (r.stated or r.change).surface
        if judged.verdict == "consistent":
            out.append(make_finding("growth", "consistent", r.items, f"{head}, as stated ({told})",
                                    expected=mid, stated=stated))
        else:
            out.append(make_finding(
                "growth", "discrepancy", r.items,
                f"{head}, stated {told}: off by "
                f"{fmt(judged.off_by, unit if r.change else ' percentage points')}; "
                f"{judged.why} ({judged.severity})",
                expected=mid, stated=stated, severity=judged.severity))
    return out
