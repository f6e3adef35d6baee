"""Plots for researchers: a document's category profile, one metric across documents, check findings.

Each function returns a :class:`matplotlib.figure.Figure` (drawn on ``ax`` when given),
built with the object API so it works under any backend, Agg included, and never calls
``plt.show``.  Chinese labels need a CJK font: the first one installed (Noto CJK,
WenQuanYi, Source Han, SimHei …) is used; without one, category axes fall back to codes.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from fupin_nlp.views.plots import findings_table
    >>> findings_table(pd.DataFrame(columns=["rule", "verdict"])).axes[0].get_title()
    'No findings'
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

from ..pipeline import DocumentResult
from .html import DocumentView, category_colour

__all__ = ["category_profile", "metric_across", "findings_table", "cjk_font"]

_CJK_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehan", "wqy", "droidsansfallback", "simhei", "msyh",
                   "simsun", "pingfang", "heiti", "ukai", "uming", "arphic")
_CJK_FAMILY_HINTS = ("CJK", "WenQuanYi", "Source Han", "SimHei", "Microsoft YaHei", "PingFang", "Heiti",
                     "Droid Sans Fallback", "AR PL")


class _QuietWeightFallback(logging.Filter):
    """Drop matplotlib's notice that a CJK font has no 'normal' weight (WenQuanYi ships only 'medium')."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to find font weight" not in record.getMessage()


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font that has Chinese glyphs, or None.

    Looks in matplotlib's font list first, then registers a system font file whose name
    says CJK (matplotlib's cache may predate the font's installation).

    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").addFilter(_QuietWeightFallback())
    for entry in font_manager.fontManager.ttflist:
        if any(h in entry.name for h in _CJK_FAMILY_HINTS):
            return entry.name
    for path in font_manager.findSystemFonts():
        if any(h in path.lower().replace("-", "").replace("_", "") for h in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError, ValueError):
                continue  # an unreadable font file: try the next
    return None


def _rc() -> dict[str, Any]:
    font = cjk_font()
    return {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "axes.unicode_minus": False}


def _new_axes(ax: Any, size: tuple[float, float]) -> tuple[Any, Any]:
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _names() -> dict[str, str]:
    from ..classify.taxonomy import load_taxonomy

    return {c.code: c.name for c in load_taxonomy()}


# --------------------------------------------------------------------------------------------------
# category profile


def _paragraph_frame(source: Any) -> pd.DataFrame:
    if isinstance(source, DocumentView):
        source = source.result
    if isinstance(source, DocumentResult):
        return pd.DataFrame(source.paragraph_rows())
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, Iterable):
        return pd.DataFrame([row for r in source for row in _paragraph_frame(r).to_dict("records")])
    raise TypeError(f"category_profile takes a DocumentResult or a paragraphs frame, "
                    f"not {type(source).__name__}")


def category_profile(source: Any, *, weight: str = "chars", ax: Any = None, title: str | None = None) -> Any:
    """Horizontal bars: the share of a document's body text in each category, primary and secondary.

    ``source`` is a :class:`~fupin_nlp.pipeline.DocumentResult`, a :class:`DocumentView`, or a
    paragraphs frame (``fupin_nlp.paragraph_rows``: columns ``kind``, ``text``, ``labels``).
    ``weight`` is ``"chars"`` (share of body characters) or ``"paragraphs"`` (share of body
    paragraphs).  Shares of primary labels add up to 1; a secondary label adds a lighter bar.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> rows = pd.DataFrame({"kind": ["body", "body"], "text": ["甲" * 30, "乙" * 10],
    ...                      "labels": [["housing"], ["water", "housing"]]})
    >>> fig = category_profile(rows)
    >>> [round(float(b.get_width()), 2) for b in fig.axes[0].containers[0]]
    [0.75, 0.25]
    """
    if weight not in ("chars", "paragraphs"):
        raise ValueError("weight is 'chars' or 'paragraphs'")
    frame = _paragraph_frame(source)
    body = frame[frame["kind"] == "body"] if "kind" in frame else frame
    primary: dict[str, float] = {}
    secondary: dict[str, float] = {}
    total = 0.0
    for text, labels in zip(body["text"], body["labels"]):
        labels = list(labels) if labels is not None and len(labels) else []
        w = float(len(str(text))) if weight == "chars" else 1.0
        total += w
        if labels:
            primary[labels[0]] = primary.get(labels[0], 0.0) + w
            for code in labels[1:]:
                secondary[code] = secondary.get(code, 0.0) + w
    codes = sorted(set(primary) | set(secondary),
                   key=lambda c: (-primary.get(c, 0.0), -secondary.get(c, 0.0)))
    names = _names()
    with _rc_context():
        fig, ax = _new_axes(ax, (7.0, 0.45 * max(len(codes), 3) + 1.2))
        share_p = [primary.get(c, 0.0) / total if total else 0.0 for c in codes]
        share_s = [secondary.get(c, 0.0) / total if total else 0.0 for c in codes]
        y = list(range(len(codes)))
        colours = [category_colour(c) for c in codes]
        ax.barh(y, share_p, color=colours, edgecolor="#444", label="primary")
        ax.barh(y, share_s, left=share_p, color=colours, edgecolor="#444", hatch="//", alpha=0.6,
                label="secondary")
        ax.set_yticks(y, [f"{names.get(c, c)} ({c})" if cjk_font() else c for c in codes])
        ax.invert_yaxis()
        ax.set_xlabel("share of body characters" if weight == "chars" else "share of body paragraphs")
        ax.set_xlim(0, max([p + s for p, s in zip(share_p, share_s)] + [0.1]) * 1.1)
        ax.legend(loc="lower right", fontsize="small")
        if title is None:
            ids = frame["doc_id"].dropna().unique().tolist() if "doc_id" in frame else []
            title = f"Categories of {ids[0]}" if len(ids) == 1 else "Categories"
        ax.set_title(title if codes else f"{title}: no classified body paragraph")
    return fig


def _rc_context() -> Any:
    import matplotlib as mpl

    return mpl.rc_context(_rc())


# --------------------------------------------------------------------------------------------------
# one metric across documents and periods


def _select_metric(claims: pd.DataFrame, metric: str | Sequence[str], match: str) -> pd.DataFrame:
    metrics = [metric] if isinstance(metric, str) else list(metric)
    column = claims["metric"].astype("string").fillna("")
    if match == "exact":
        keep = column.isin(metrics)
    elif match == "contains":
        keep = pd.Series(False, index=claims.index)
        for m in metrics:
            keep |= column.str.contains(m, regex=False)
    else:
        raise ValueError("match is 'exact' or 'contains'")
    return claims[keep.astype(bool)]


def metric_across(claims: pd.DataFrame, metric: str | Sequence[str], *, unit: str | None = None,
                  match: str = "contains", by: str = "doc_id", period: str = "time_end", ax: Any = None,
                  title: str | None = None, annotate: bool = True) -> Any:
    """One metric across documents and periods: value against period, one series per document.

    ``claims`` is a claims frame (``extract_claims`` over several documents). ``metric``
    selects rows by the ``metric`` column (``match="contains"`` by default, or ``"exact"``;
    several names may be given). Values of one unit only are comparable: ``unit`` picks it,
    else the most frequent unit among the selected claims. ``period`` is the time column on
    the x axis (``time_end`` or ``time_start``); claims without it are left out and counted
    in the title.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> rows = pd.DataFrame({"doc_id": ["a", "a", "b"], "metric": ["贫困发生率"] * 3, "unit": ["%"] * 3,
    ...                      "value": [5.1, 2.0, 3.3], "time_end": ["2017-12-31", "2019-12-31", "2019-12-31"],
    ...                      "surface": ["5.1%", "2%", "3.3%"]})
    >>> [len(line.get_xdata()) for line in metric_across(rows, "贫困发生率").axes[0].get_lines()]
    [2, 1]
    """
    import matplotlib.dates as mdates

    selected = _select_metric(claims, metric, match)
    selected = selected[selected["value"].notna()]
    units = selected["unit"].astype("string").fillna("")
    if unit is None and len(selected):
        unit = units.value_counts().idxmax()
    other_units = int((units != (unit or "")).sum()) if len(selected) else 0
    selected = selected[units == (unit or "")]
    dated = selected[selected[period].notna()].copy() if period in selected else selected.iloc[0:0]
    undated = len(selected) - len(dated)
    dated["_when"] = pd.to_datetime(dated[period].astype("string"), errors="coerce")
    dated = dated[dated["_when"].notna()].sort_values([by, "_when"])
    label = metric if isinstance(metric, str) else " / ".join(metric)
    with _rc_context():
        fig, ax = _new_axes(ax, (8.0, 4.5))
        for key, group in dated.groupby(by, sort=True, observed=True):
            values = group["value"].astype(float)
            line = ax.plot(group["_when"], values, marker="o", label=str(key))[0]
            if annotate and len(dated) <= 40:
                for when, value, text in zip(group["_when"], values, group.get("surface", values)):
                    ax.annotate(str(text), (when, value), textcoords="offset points", xytext=(4, 4),
                                fontsize="x-small", color=line.get_color())
        ax.set_ylabel(f"{label} ({unit})" if unit else label)
        ax.set_xlabel(period)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
        if len(dated):
            ax.legend(title=by, fontsize="small")
        notes = []
        if undated:
            notes.append(f"{undated} without {period}")
        if other_units:
            notes.append(f"{other_units} in other units")
        head = title or f"{label} across documents"
        ax.set_title(head + (f"  ({', '.join(notes)} left out)" if notes else "") if len(dated)
                     else f"{head}: no dated claim")
        ax.grid(True, alpha=0.3)
    return fig


# --------------------------------------------------------------------------------------------------
# findings of check as a table

_VERDICT_ORDER = {("discrepancy", "major"): 0, ("discrepancy", "minor"): 1, ("discrepancy", None): 2,
                  ("conflict", None): 2, ("info", None): 3, ("consistent", None): 4}
_ROW_COLOURS = {0: "#ffc9c9", 1: "#ffe8cc", 2: "#ffd8a8", 3: "#e9ecef", 4: "#d3f9d8"}


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [str(v) for v in value]
    except TypeError:
        return [str(value)]


def _num(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    # big counts and sums of money read best in full, with separators (no 1.9589e+07)
    return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:,.6g}"


def _rank(verdict: Any, severity: Any) -> int:
    v = None if verdict is None or pd.isna(verdict) else str(verdict)
    s = None if severity is None or pd.isna(severity) else str(severity)
    return _VERDICT_ORDER.get((v, s), _VERDICT_ORDER.get((v, None), 3))


def findings_table(findings: pd.DataFrame, *, max_rows: int = 30, wrap: int = 60,
                   verdicts: Sequence[str] | None = None, ax: Any = None, title: str | None = None) -> Any:
    """The findings of ``check`` as a table to scan: worst first, one coloured row per finding.

    ``findings`` has the columns of ``fupin_nlp.checks.check`` (``rule, verdict, severity,
    doc_ids, claims, expected, stated, message``). Rows are ordered major discrepancies,
    minor ones, info, consistent; red, orange, grey, green. ``verdicts`` keeps only those
    verdicts; ``max_rows`` cuts the table (the title says how many were left out).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> rows = pd.DataFrame([
    ...     {"rule": "sum", "verdict": "consistent", "severity": None, "doc_ids": ["d"],
    ...      "claims": ["22个", "53个", "75个"], "expected": 75.0, "stated": 75.0, "message": "22 + 53 = 75"},
    ...     {"rule": "share", "verdict": "discrepancy", "severity": "major", "doc_ids": ["d"],
    ...      "claims": ["22个", "75个", "40%"], "expected": 29.3, "stated": 40.0,
    ...      "message": "22/75 is 29.3%"}])
    >>> table = findings_table(rows).axes[0].tables[0]
    >>> table[1, 1].get_text().get_text(), table[2, 1].get_text().get_text()
    ('share', 'sum')
    """
    frame = findings.copy()
    for column in ("rule", "verdict", "severity", "doc_ids", "claims", "expected", "stated", "message"):
        if column not in frame:
            frame[column] = None
    if verdicts is not None:
        frame = frame[frame["verdict"].astype("string").isin(list(verdicts)).fillna(False).astype(bool)]
    frame["rank_"] = [_rank(v, s) for v, s in zip(frame["verdict"], frame["severity"])]
    frame = frame.sort_values("rank_", kind="stable")
    left_out = max(0, len(frame) - max_rows)
    counts = frame["verdict"].astype("string").value_counts()
    frame = frame.head(max_rows)
    headers = ["verdict", "rule", "documents", "claims", "expected", "stated", "message"]
    rows, heights, colours = [], [], []
    for r in frame.itertuples(index=False):
        verdict = "" if r.verdict is None or pd.isna(r.verdict) else str(r.verdict)
        if r.severity is not None and not pd.isna(r.severity):
            verdict += f"\n({r.severity})"
        cells = [
            verdict, str(r.rule or ""),
            "\n".join(textwrap.wrap(", ".join(_as_list(r.doc_ids)), 22)) or "",
            "\n".join(textwrap.wrap(", ".join(_as_list(r.claims)), 24)) or "",
            _num(r.expected), _num(r.stated),
            "\n".join(textwrap.wrap(str(r.message or ""), wrap)) or "",
        ]
        rows.append(cells)
        heights.append(max(c.count("\n") + 1 for c in cells))
        colours.append(_ROW_COLOURS.get(r.rank_, "#ffffff"))
    with _rc_context():
        line_in = 0.2
        total_lines = sum(heights) + 1.5
        fig, ax = _new_axes(ax, (13.0, min(1.0 + line_in * total_lines, 60.0)))
        ax.axis("off")
        if not rows:
            ax.set_title(title or "No findings")
            return fig
        widths = [0.09, 0.07, 0.13, 0.15, 0.07, 0.07, 0.42]
        table = ax.table(cellText=rows, colLabels=headers, colWidths=widths, loc="upper center",
                         cellLoc="left", colLoc="left")
        table.auto_set_font_size(False)
        table.set_fontsize(8.5)
        unit_h = 1.0 / total_lines
        for (row, col), cell in table.get_celld().items():
            cell.set_edgecolor("#bbbbbb")
            if row == 0:
                cell.set_height(unit_h * 1.3)
                cell.set_facecolor("#dee2e6")
                cell.get_text().set_fontweight("bold")
            else:
                cell.set_height(unit_h * heights[row - 1])
                cell.set_facecolor(colours[row - 1] if col == 0 else "#ffffff")
                if col in (4, 5):
                    cell.get_text().set_horizontalalignment("right")
                    cell._loc = "right"
        summary = ", ".join(f"{n} {v}" for v, n in counts.items())
        head = title or f"Findings: {summary}"
        ax.set_title(head + (f" (first {max_rows}; {left_out} more left out)" if left_out else ""),
                     loc="left")
    return fig
