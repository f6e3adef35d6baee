"""Rule ``mean``: a total, a count and a stated average (``18个村…256.5万元，平均达到14.3万元``).

A stated minimum (``户均不低于…``) is the ``range`` rule's business: per head times heads cannot
exceed the total.

    >>> from fupin_nlp.checks import check_text
    >>> fs = check_text("2019年，18个贫困村的村集体经济收入达到256.5万元，平均达到14.3万元。")
    >>> [(f.rule, f.verdict) for f in fs if f.rule == "mean"]
    [('mean', 'consistent')]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Finding
from .relations import Relation, make_finding
from .rounding import fmt, verdict

__all__ = ["check"]


def check(relations: Sequence[Relation]) -> list[Finding]:
    """Judge every stated average against its total over its count.

    >>> check([])
    []
    """
    out = []
    for r in relations:
        if r.kind != "mean" or r.whole is None or r.count is None or r.stated is None:
            continue
        if r.stated.qualifier in (">", ">=") or r.whole.fig.high is None:
            continue
        expected = r.whole.fig.interval.divided_by(r.count.fig.interval)
        if expected is None:
            continue
        unit = r.stated.unit
        mid = r.whole.amount / r.count.amount if r.count.amount else expected.mid
        v = verdict(expected, r.stated.fig, unit=unit)
        head = f"{r.whole.surface} over {r.count.surface} is {fmt(mid, unit)}"
        if v.verdict == "consistent":
            out.append(make_finding("mean", "consistent", r.items,
                                    f"{head}; the stated {r.stated.surface} is that to its rounding",
                                    expected=mid, stated=r.stated.amount))
        else:
            out.append(make_finding(
                "mean", "discrepancy", r.items,
                f"{head}, stated {r.stated.surface}: off by {fmt(v.off_by, unit)}; {v.why} ({v.severity})",
                expected=mid, stated=r.stated.amount, severity=v.severity))
    return out
