"""Rule ``derived``: what the figures imply but the text does not state (verdict ``info``).

A part and its share with no whole named imply the whole: ``就业总人数达到4600人，…比例达到73.37%``
implies about 6270 in all.  (A value and its growth imply the earlier value: that is reported by
``growth``.)

    >>> from fupin_nlp.checks import check_text
    >>> fs = check_text("全县贫困户实现就业4600人，实现就业的比例达到73.37%。")
    >>> f = [f for f in fs if f.rule == "derived"][0]
    >>> f.verdict, round(float(f.expected), 1)
    ('info', 6269.6)
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..records import Finding
from .relations import Relation, make_finding
from .rounding import fmt

__all__ = ["check"]


def check(relations: Sequence[Relation]) -> list[Finding]:
    """Report the whole each share implies where the text names none.

    >>> check([])
    []
    """
    out = []
    for r in relations:
        if r.kind != "share" or r.whole is not None or r.stated is None:
            continue
        part, share = r.parts[0], r.stated
        if not (0 < share.amount <= 100) or part.qualifier in (">", ">="):
            continue      # 超过5万元以上的村占48.2%: the figure is a threshold, not a part
        whole = part.amount / (share.amount / Decimal(100))
        out.append(make_finding("derived", "info", r.items,
                                f"{part.surface} being {share.surface} implies a whole of about "
                                f"{fmt(whole, part.unit)}", expected=whole, stated=None))
    return out
