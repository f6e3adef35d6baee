"""Rule ``range``: figures outside what they can be.

A rate that is a share of a whole (贫困发生率, 参保率, 报销比例 …) outside 0–100 %; a negative count;
a stated minimum per head that, times the heads, exceeds the total (``500户…户均不低于1000元，共发放30万元``).

    >>> from fupin_nlp.checks import check_text
    >>> [f.verdict for f in check_text("全县贫困发生率为120%。") if f.rule == "range"]
    ['discrepancy']
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import regex

from ..records import Finding
from .relations import COUNT_UNITS, Relation, Sentence, _alt, make_finding
from .rounding import fmt

__all__ = ["check"]


def check(relations: Sequence[Relation], sentences: Sequence[Sentence] = ()) -> list[Finding]:
    """Flag rates beyond 0–100 %, negative counts, and per-head minimums the total cannot pay.

    >>> check([])
    []
    """
    out = []
    bounded = regex.compile(r"(?:" + _alt("bounded_rate") + r")[的为达到是了约仅]*$")
    for s in sentences:
        for it in s.items:
            if it.unit == "%" and not it.change and (it.amount > 100 or it.amount < 0):
                named = s.prefix(it).strip()
                if bounded.search(named) or bounded.search(it.metric or ""):
                    out.append(make_finding(
                        "range", "discrepancy", [it],
                        f"{it.surface} is given as a rate that is a share of a whole ({named or it.metric}), "
                        f"which lies between 0 and 100%", stated=it.amount,
                        expected=Decimal(100) if it.amount > 100 else Decimal(0), severity="major"))
            elif it.unit in COUNT_UNITS and it.amount < 0:
                out.append(make_finding("range", "discrepancy", [it], f"{it.surface} is a negative count",
                                        stated=it.amount, expected=Decimal(0), severity="major"))
    for r in relations:
        if r.kind != "mean" or r.stated is None or r.stated.qualifier not in (">", ">="):
            continue
        floor = r.stated.fig.low
        heads = r.count.fig.low
        cap = r.whole.fig.high
        if floor is None or heads is None or cap is None:
            continue
        need = floor * heads
        if need > cap:
            out.append(make_finding(
                "range", "discrepancy", r.items,
                f"at least {r.stated.surface} for each of {r.count.surface} makes at least "
                f"{fmt(need, r.stated.unit)}, more than the total {r.whole.surface}",
                expected=need, stated=r.whole.amount, severity="major"))
    return out
