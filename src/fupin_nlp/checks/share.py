"""Rule ``share``: a part, its whole and a stated share (``53个项目中…22个，占比40%``, ``占全部N的Z%``).

    >>> from fupin_nlp.checks import check_text
    >>> fs = check_text("批复的53个项目中，产业项目达到22个，占比达到40%。")
    >>> f = [f for f in fs if f.rule == "share"][0]
    >>> f.verdict, f.severity
    ('discrepancy', 'minor')
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..records import Finding
from .relations import Relation, make_finding
from .rounding import fmt, verdict

__all__ = ["check"]

HUNDRED = Decimal(100)


def check(relations: Sequence[Relation]) -> list[Finding]:
    """Judge every share whose whole the sentence names.

    >>> check([])
    []
    """
    out = []
    for r in relations:
        if r.kind != "share" or r.whole is None or r.stated is None:
            continue
        part, whole, stated = r.parts[0], r.whole, r.stated
        ratio = part.fig.interval.divided_by(whole.fig.interval)
        if ratio is None:
            continue
        expected = ratio.scaled(HUNDRED)
        v = verdict(expected, stated.fig, unit="%")
        mid = (part.amount / whole.amount * HUNDRED) if whole.amount else expected.mid
        if v.verdict == "consistent":
            msg = f"{part.surface} of {whole.surface} is {fmt(mid, '%')}, stated {stated.surface}"
            out.append(make_finding("share", "consistent", r.items, msg, expected=mid, stated=stated.amount))
        else:
            msg = (f"{part.surface} of {whole.surface} is {fmt(mid, '%')}, stated {stated.surface}: off by "
                   f"{fmt(v.off_by)} percentage points; {v.why} ({v.severity})")
            out.append(make_finding("share", "discrepancy", r.items, msg, expected=mid, stated=stated.amount,
                                    severity=v.severity))
    return out
