"""Consistency checks: do the figures a report gives add up, and do two reports agree?

Within a document (one module per rule): ``sum``, ``share``, ``mean``, ``growth``,
``part_le_whole``, ``range``, ``derived``.  Across documents: ``conflict`` (same region, metric and
period, different values), ``cumulative`` (a cumulative count that shrinks over time) and
``unit_slip`` (a value 10⁴ or 10⁸ off the same metric elsewhere).  Relations come from the words
that tie figures (``relations.py``), tolerances from the precision the text uses (``rounding.py``).

    >>> import fupin_nlp
    >>> text = "2020年批复的53个扶贫项目中，产业扶贫项目就达到22个，占比达到40%。"
    >>> fs = fupin_nlp.check(fupin_nlp.extract_claims(text, model=False))
    >>> fs[fs.rule == "share"][["verdict", "severity"]].values.tolist()
    [['discrepancy', 'minor']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from ..frames import findings_frame
from ..records import Finding
from . import conflict, cumulative, derived, growth, mean, part_le_whole, share, unit_slip
from . import range as range_rule
from . import sum as sum_rule
from .relations import find_relations, items_of, sentences_of

__all__ = ["check", "check_findings", "check_documents", "check_text", "WITHIN_RULES", "ACROSS_RULES"]

WITHIN_RULES = ("sum", "share", "mean", "growth", "part_le_whole", "range", "derived")
ACROSS_RULES = ("conflict", "cumulative", "unit_slip")


def _within(claims: Any, paragraphs: Any) -> list[Finding]:
    sentences = sentences_of(items_of(claims), paragraphs)
    relations = find_relations(sentences)
    return (sum_rule.check(relations) + share.check(relations) + mean.check(relations)
            + growth.check(relations) + part_le_whole.check(relations, sentences)
            + range_rule.check(relations, sentences) + derived.check(relations))


def _across(claims: Any, dates: dict[str, str] | None) -> list[Finding]:
    items = items_of(claims)
    return conflict.check(items) + cumulative.check(items, dates or {}) + unit_slip.check(items)


def check_findings(claims: pd.DataFrame | Iterable[Any], paragraphs: Any = None, *,
                   dates: dict[str, str] | None = None) -> list[Finding]:
    """Findings as records: the within-document rules on each document, the cross-document rules on all.

    ``dates`` maps doc_id → publication date (cumulative counts without a time of their own are
    dated by it).

    >>> check_findings([])
    []
    """
    if not isinstance(claims, pd.DataFrame):
        claims = list(claims)
        docs = list(dict.fromkeys(getattr(c, "doc_id", None) or c.get("doc_id") for c in claims))
    else:
        docs = list(dict.fromkeys(claims["doc_id"].tolist())) if len(claims) else []
    findings = _within(claims, paragraphs)
    if len(docs) > 1:
        findings += _across(claims, dates)
    return findings


def check(claims_frame: pd.DataFrame, paragraphs: Any = None, *,
          dates: dict[str, str] | None = None) -> pd.DataFrame:
    """The findings of every rule as a frame (interfaces.md, "A finding").

    ``paragraphs`` (Paragraph records or a paragraphs frame) gives the text around the claims, which
    sharpens where each figure stands in its sentence.

    >>> from fupin_nlp.frames import claims_frame
    >>> check(claims_frame([])).columns.tolist()[:4]
    ['rule', 'verdict', 'severity', 'doc_ids']
    """
    return findings_frame(check_findings(claims_frame, paragraphs, dates=dates))


def check_text(text: str, *, date: str | None = None, doc_id: str = "text") -> list[Finding]:
    """Check one text given as a string (no classifier): a convenience for examples and tests.

    >>> [f.verdict for f in check_text("共有贫困村18个，分别为省级12个、市级6个。") if f.rule == "sum"]
    ['consistent']
    """
    from ..io import read_text
    from ..pipeline import process_document

    result = process_document(read_text(text, doc_id, date=date), date=date, model=False)
    return check_findings(result.claims, result.paragraphs)


def check_documents(paths: Sequence[Any] | Any, *, date: str | None = None, model: Any = None,
                    read_options: Any = None, on_failure: Callable[[str], None] | None = None,
                    metadata: dict[str, dict[str, Any]] | None = None) -> list[Finding]:
    """Read every document under ``paths``, check each one, and compare them when there are several.

    A document that cannot be read is passed to ``on_failure`` as a one-line message and skipped.
    Documents may also be given directly as ``Document`` records.

    >>> from fupin_nlp.io import read_text
    >>> fs = check_documents([read_text("18个贫困村（省级12个、市级6个）先后退出。", "d1")], model=False)
    >>> [(f.rule, f.verdict) for f in fs]
    [('sum', 'consistent')]
    """
    from ..io import Failure, iter_documents
    from ..pipeline import process_document
    from ..records import Document

    if isinstance(paths, (str, bytes)) or not isinstance(paths, Sequence):
        paths = [paths]
    given = [p for p in paths if isinstance(p, Document)]
    stream: Iterable[Any] = given
    on_disk = [p for p in paths if not isinstance(p, Document)]
    if on_disk:
        stream = [*given, *iter_documents(on_disk, read_options)]
    if metadata:
        from ..io.metadata import with_metadata

        stream = list(with_metadata(stream, metadata))
    claims: list[Any] = []
    paragraphs: list[Any] = []
    dates: dict[str, str] = {}
    findings: list[Finding] = []
    for doc in stream:
        if isinstance(doc, Failure):
            if on_failure is not None:
                on_failure(" ".join(doc.message.split()))
            continue
        result = process_document(doc, date=date or doc.date, model=model)
        when = date or doc.date
        if when:
            dates[doc.doc_id] = when
        findings += _within(result.claims, result.paragraphs)
        claims.extend(result.claims)
        paragraphs.extend(result.paragraphs)
    if len(dates) > 1 or len({c.doc_id for c in claims}) > 1:
        findings += _across(claims, dates)
    return findings
