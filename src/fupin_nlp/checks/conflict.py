"""Rule ``conflict``: two documents give the same region, metric and period different values.

Metrics are the same only when ``data/metrics.tsv`` makes them one canonical (贫困发生率 = 贫困率;
人均纯收入 ≠ 人均可支配收入); regions when ``gazetteer.same_region`` says so; periods when both
figures name the same one.  A document that gives one key two different values is left out of that
key: the extractor, not the writer, may have confused them.  Values 10⁴ or 10⁸ apart are left to
``unit_slip``.

    >>> check([])
    []
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

import regex

from ..records import Finding
from .relations import Item, make_finding, metric_of, region_key
from .rounding import fmt
from .unit_slip import slip_factor

__all__ = ["check", "keyed", "FORECAST"]

FORECAST = regex.compile(r"预计|计划|力争|目标|确保|争取|将要|将有|拟|规划|预期|要求|任务")


def keyed(items: Sequence[Item], *, with_period: bool = True) -> dict[tuple, dict[str, Item]]:
    """Items grouped by (region, metric, unit, per[, period]) → {doc_id: the one value that doc gives}.

    >>> keyed([])
    {}
    """
    groups: dict[tuple, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for it in items:
        if it.change or it.unit in ("倍",) or it.fig.low is None and it.fig.high is None:
            continue
        if FORECAST.search(it.sentence[:max(0, it.sentence.find(it.surface))]):
            # a target or a forecast (预计, 计划, 力争) is not a fact another report can contradict
            continue
        metric, region = metric_of(it), region_key(it.region)
        if not metric or not region:
            continue
        key = (region, metric, it.unit, it.per or "")
        if with_period:
            if not it.time_end:
                continue
            key += (it.time_start or "", it.time_end)
        groups[key][it.doc_id].append(it)
    out: dict[tuple, dict[str, Item]] = {}
    for key, docs in groups.items():
        single = {}
        for doc_id, its in docs.items():
            first = its[0]
            if all(first.fig.interval.overlaps(o.fig.interval) for o in its[1:]):
                single[doc_id] = first
        if single:
            out[key] = single
    return out


def _same_region(a: Item, b: Item) -> bool:
    from ..gazetteer import same_region

    return bool(a.region and b.region and same_region(a.region, b.region))


def check(items: Sequence[Item]) -> list[Finding]:
    """Compare every key that two or more documents give.

    >>> check([])
    []
    """
    out = []
    for key, docs in keyed(items).items():
        if len(docs) < 2:
            continue
        for a, b in combinations(docs.values(), 2):
            if not _same_region(a, b) or slip_factor(a, b) is not None:
                continue
            region, metric = key[0], key[1]
            period = f"{key[4] or '…'} to {key[5]}"
            if a.fig.interval.overlaps(b.fig.interval):
                out.append(make_finding("conflict", "consistent", [a, b],
                                        f"{a.doc_id} and {b.doc_id} agree on {metric} of {region} "
                                        f"({period}): {a.surface}, {b.surface}",
                                        expected=a.amount, stated=b.amount))
                continue
            gap = a.fig.interval.gap(b.fig.interval)
            unit = " percentage points" if a.unit == "%" else a.unit
            severity = "minor" if a.fig.plausible.overlaps(b.fig.plausible) else "major"
            out.append(make_finding(
                "conflict", "discrepancy", [a, b],
                f"{a.doc_id} gives {metric} of {region} for {period} as {a.surface}, {b.doc_id} as "
                f"{b.surface}: {fmt(abs(a.amount - b.amount), unit)} apart, {fmt(gap, unit)} beyond the "
                f"rounding of either ({severity})", expected=a.amount, stated=b.amount, severity=severity))
    return out
