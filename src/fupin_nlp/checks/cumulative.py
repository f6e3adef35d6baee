"""Rule ``cumulative``: a cumulative count (累计脱贫, 已脱贫, 出列, 摘帽) that shrinks over time.

Such counts only grow: a later document giving less than an earlier one for the same region and
metric is a discrepancy; a larger later figure is legitimate growth and is not flagged.  A count with
no time of its own is dated by its document; a yearly figure (2019年脱贫…) is a flow, not a stock,
and is left out.

    >>> check([], {})
    []
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from ..records import Finding
from .relations import Item, make_finding, metric_family, metric_of, region_key
from .rounding import fmt

__all__ = ["check", "CUMULATIVE_FAMILIES"]

CUMULATIVE_FAMILIES = frozenset({"lifted_population", "lifted_households", "exited_villages",
                                 "exited_counties"})


def _as_of(item: Item, dates: dict[str, str]) -> str | None:
    if item.time_start and not item.metric.startswith("累计") and "累计" not in item.sentence[:40]:
        return None            # 2019年脱贫1000人: the year's flow
    return item.time_end or dates.get(item.doc_id)


def check(items: Sequence[Item], dates: dict[str, str]) -> list[Finding]:
    """Compare each cumulative count with the same count at another date.

    >>> check([], {})
    []
    """
    from .conflict import _same_region

    groups: dict[tuple, dict[str, Item]] = defaultdict(dict)
    for it in items:
        metric = metric_of(it)
        if not metric or metric_family(metric) not in CUMULATIVE_FAMILIES or it.change:
            continue
        when, region = _as_of(it, dates), region_key(it.region)
        if not when or not region:
            continue
        groups[(region, metric, it.unit)].setdefault(it.doc_id, it)
    out = []
    for key, docs in groups.items():
        for a, b in combinations(docs.values(), 2):
            ta, tb = _as_of(a, dates), _as_of(b, dates)
            if ta == tb or not _same_region(a, b):
                continue
            early, late = (a, b) if ta < tb else (b, a)
            t_early, t_late = min(ta, tb), max(ta, tb)
            if late.fig.high is not None and early.fig.low is not None and late.fig.high < early.fig.low:
                out.append(make_finding(
                    "cumulative", "discrepancy", [early, late],
                    f"{key[1]} of {key[0]} is a cumulative count, yet it falls from {early.surface} "
                    f"({early.doc_id}, as of {t_early}) to {late.surface} ({late.doc_id}, as of {t_late}): "
                    f"{fmt(early.amount - late.amount, late.unit)} fewer (major)",
                    expected=early.amount, stated=late.amount, severity="major"))
            else:
                out.append(make_finding(
                    "cumulative", "consistent", [early, late],
                    f"{key[1]} of {key[0]} grows from {early.surface} (as of {t_early}) to {late.surface} "
                    f"(as of {t_late}), as a cumulative count may",
                    expected=early.amount, stated=late.amount))
    return out
