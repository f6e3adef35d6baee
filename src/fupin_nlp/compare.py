"""The same metric across documents, side by side.

``compare(claims_frame)`` lays out every (region, metric, period) that two or more documents give:
one row per key, one column per document with the value it states, and, for each document, its
date, so a researcher reads the reports against each other.  Identity is the checks' own: metrics
from ``data/metrics.tsv`` (贫困发生率 = 贫困率, 人均纯收入 ≠ 人均可支配收入), regions from the
gazetteer, and a period both figures name.

    >>> import fupin_nlp
    >>> a = fupin_nlp.extract_claims("截至2019年底，岚峰县贫困发生率降至1.2%。", model=False)
    >>> b = fupin_nlp.extract_claims("截至2019年底，岚峰县贫困率为1.5%。", model=False)
    >>> import pandas as pd
    >>> table = compare(pd.concat([a.assign(doc_id="a"), b.assign(doc_id="b")]))
    >>> table[["metric", "a", "b", "agree"]].values.tolist()
    [['贫困发生率', 1.2, 1.5, False]]
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pandas as pd

from .checks.conflict import keyed
from .checks.relations import items_of

__all__ = ["compare"]


def compare(claims_frame: pd.DataFrame, *, dates: dict[str, str] | None = None,
            min_documents: int = 2) -> pd.DataFrame:
    """A wide table: rows (region, metric, unit, per, period), a value column per document, then its dates.

    ``dates`` maps doc_id → publication date (taken from a ``date`` column of the frame when absent).
    ``agree`` says whether the values agree within the rounding of each as written.

    >>> compare(pd.DataFrame(columns=["doc_id", "surface", "value"])).columns.tolist()[:4]
    ['region', 'metric', 'unit', 'per']
    """
    if dates is None and "date" in claims_frame:
        dates = {str(k): str(v) for k, v in claims_frame.groupby("doc_id")["date"].first().items()}
    dates = dates or {}
    items = items_of(claims_frame)
    docs = list(dict.fromkeys(it.doc_id for it in items))
    rows: list[dict[str, Any]] = []
    for (region, metric, unit, per, start, end), by_doc in keyed(items).items():
        if len(by_doc) < min_documents:
            continue
        row: dict[str, Any] = {"region": region, "metric": metric, "unit": unit, "per": per or None,
                               "period_start": start or None, "period_end": end}
        values = list(by_doc.values())
        row["agree"] = all(values[0].fig.interval.overlaps(v.fig.interval) for v in values[1:])
        for doc_id in docs:
            it = by_doc.get(doc_id)
            row[doc_id] = float(it.amount) if it is not None else None
            row[f"{doc_id} surface"] = it.surface if it is not None else None
        rows.append(row)
    columns = ["region", "metric", "unit", "per", "period_start", "period_end", "agree"]
    columns += [d for d in docs] + [f"{d} surface" for d in docs] + [f"{d} date" for d in docs]
    frame = pd.DataFrame(rows, columns=columns)
    for d in docs:
        frame[f"{d} date"] = dates.get(d)
        frame[d] = frame[d].astype("Float64")
    frame = frame.astype({"region": "string", "metric": "string", "unit": "string", "per": "string",
                          "period_start": "string", "period_end": "string", "agree": "boolean"})
    frame.attrs["dates"] = {d: dates.get(d) for d in docs}
    return frame.sort_values(["region", "metric", "period_end"], ignore_index=True)


class _CallableModule(types.ModuleType):
    """``fupin_nlp.compare`` is both this module and the function: importing the module (as the checks'
    users may) binds the package attribute to the module, so the module must answer the call too."""

    def __call__(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        return compare(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
