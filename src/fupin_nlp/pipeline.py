"""One document through every stage: paragraphs → categories → claims.

This is the unit of work of a batch run and of the public API (``extract_claims``,
``paragraphs_of``).  It sits above ``classify`` in the flow, so claims can carry the
category of their paragraph.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .claims import extract
from .frames import claims_frame, paragraphs_frame
from .io import Failure, iter_documents, read_text
from .records import Claim, Document, Paragraph
from .text import paragraphs as reflow_document

__all__ = ["DocumentResult", "process_document", "extract_claims", "paragraph_rows", "documents_of"]


@dataclass(frozen=True)
class DocumentResult:
    """Everything a run learns about one document."""

    document: Document
    paragraphs: tuple[Paragraph, ...]
    labels: tuple[tuple[str, ...], ...]        # per paragraph, primary first; empty for non-body
    scores: tuple[dict[str, float], ...]
    claims: tuple[Claim, ...]

    def paragraph_rows(self) -> list[dict[str, Any]]:
        return [
            {**p.to_dict(), "labels": list(labels), "scores": scores,
             "raw_start": p.offsets[0] if p.offsets else None,
             "raw_end": p.offsets[-1] + 1 if p.offsets else None}
            for p, labels, scores in zip(self.paragraphs, self.labels, self.scores)
        ]

    def claim_rows(self) -> list[dict[str, Any]]:
        return [c.to_dict() for c in self.claims]


def _classify(paragraphs: list[Paragraph], model: Any) -> tuple[list[tuple[str, ...]], list[dict[str, float]]]:
    body = [i for i, p in enumerate(paragraphs) if p.kind == "body"]
    labels: list[tuple[str, ...]] = [() for _ in paragraphs]
    scores: list[dict[str, float]] = [{} for _ in paragraphs]
    if not body or model is False:
        return labels, scores
    from .classify import classify_texts

    results = classify_texts([paragraphs[i].text for i in body], model=model, explain=False)
    for i, result in zip(body, results):
        labels[i] = tuple(result["labels"])
        scores[i] = {k: round(float(v), 4) for k, v in result["scores"].items()}
    return labels, scores


def process_document(document: Document, *, date: str | None = None, model: Any = None) -> DocumentResult:
    """Reflow, classify and extract one document.

    ``model`` is a classifier (or a path to a saved one); ``None`` takes the shipped
    model and ``False`` skips classification.

    >>> r = process_document(read_text("南昌县已脱贫4635户。", "d1"), model=False)
    >>> [c.surface for c in r.claims]
    ['4635户']
    """
    paragraphs = reflow_document(document)
    labels, scores = _classify(paragraphs, model)
    categories = {p.index: (labels[i][0] if labels[i] else None) for i, p in enumerate(paragraphs)}
    claims = extract(paragraphs, document=document, date=date, categories=categories)
    return DocumentResult(document, tuple(paragraphs), tuple(labels), tuple(scores), tuple(claims))


def documents_of(source: Any, *, date: str | None = None) -> list[Document]:
    """A text, a Document, a path (file, folder, zip) or a list of them → Documents; failures raise."""
    if isinstance(source, Document):
        return [source]
    if isinstance(source, (list, tuple)):
        return [d for item in source for d in documents_of(item, date=date)]
    if isinstance(source, Path) or (isinstance(source, str) and len(source) < 4096 and "\n" not in source
                                    and os.path.exists(source)):
        out = []
        for item in iter_documents(source):
            if isinstance(item, Failure):
                raise item.error
            out.append(item)
        return out
    if isinstance(source, str):
        return [read_text(source, "text", date=date)]
    raise TypeError(f"cannot read claims from {type(source).__name__}")


def extract_claims(source: Any, date: str | None = None, *, model: Any = None) -> pd.DataFrame:
    """One row per claim of a text, a document or a path, with the fields of claims.md in that order.

    >>> df = extract_claims("截至2020年9月底，南昌县已脱贫户数为4635户、11643人，全县贫困率降至0.017%。", model=False)
    >>> df[["surface", "value", "unit", "time_end"]].values.tolist()[0]
    ['4635户', 4635.0, '户', '2020-09-30']
    """
    rows = []
    for document in documents_of(source, date=date):
        rows.extend(process_document(document, date=date, model=model).claims)
    return claims_frame(rows)


def paragraph_rows(source: Any, date: str | None = None, *, model: Any = None) -> pd.DataFrame:
    """One row per paragraph: ``doc_id, para, kind, text, labels, scores`` (interfaces.md)."""
    rows = []
    for document in documents_of(source, date=date):
        rows.extend(process_document(document, date=date, model=model).paragraph_rows())
    return paragraphs_frame(rows)
