"""Rule ``sum``: a total and its parts (``18个（省级12个、市级6个）``, ``共有N个，分别为…``, ``其中…``).

Where the text lists every part (brackets, 分别为, 其中…其余) a sum that misses the total is a
discrepancy.  Where it may list only some (其中, 共 after a list) the rule speaks only when the
parts do add up: a partial list proves nothing.

    >>> from fupin_nlp.checks import check_text
    >>> fs = check_text("18个贫困村（省级12个、市级6个）先后退出。")
    >>> [(f.rule, f.verdict) for f in fs if f.rule == "sum"]
    [('sum', 'consistent')]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Finding
from .relations import Relation, make_finding
from .rounding import fmt, verdict

__all__ = ["check"]


def check(relations: Sequence[Relation]) -> list[Finding]:
    """Judge every total-and-parts relation.

    >>> check([])
    []
    """
    out = []
    for r in relations:
        if r.kind != "sum" or r.whole is None or len(r.parts) < 2:
            continue
        total = r.parts[0].fig.interval
        for p in r.parts[1:]:
            total = total + p.fig.interval
        unit = r.whole.unit
        v = verdict(total, r.whole.fig, unit=unit)
        parts = " + ".join(p.surface for p in r.parts)
        if v.verdict == "consistent":
            out.append(make_finding("sum", "consistent", r.items,
                                    f"{parts} = {fmt(total.mid, unit)}, as stated ({r.whole.surface})",
                                    expected=total.mid, stated=r.whole.amount))
        elif r.exhaustive:
            out.append(make_finding(
                "sum", "discrepancy", r.items,
                f"the parts {parts} add up to {fmt(total.mid, unit)} but the total is stated as "
                f"{r.whole.surface}: off by {fmt(v.off_by, unit)}; {v.why} ({v.severity})",
                expected=total.mid, stated=r.whole.amount, severity=v.severity))
    return out
