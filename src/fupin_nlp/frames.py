"""The one place where records become pandas frames, with explicit dtypes and a stable column order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .records import CLAIM_FIELDS, Claim, Finding

__all__ = ["claims_frame", "paragraphs_frame", "findings_frame", "CLAIM_DTYPES", "PARAGRAPH_DTYPES"]

CLAIM_DTYPES: dict[str, str] = {
    "doc_id": "string", "para": "Int64", "start": "Int64", "end": "Int64", "raw_start": "Int64",
    "raw_end": "Int64", "surface": "string", "value": "Float64", "unit": "category",
    "dimension": "category", "qualifier": "category", "low": "Float64", "high": "Float64",
    "time_start": "string", "time_end": "string", "time_text": "string", "region": "string",
    "metric": "string", "per": "string", "change": "category", "sentence": "string", "category": "category",
    "kind": "category", "numeral": "string",
}
PARAGRAPH_DTYPES: dict[str, str] = {
    "doc_id": "string", "para": "Int64", "kind": "category", "text": "string", "raw_start": "Int64",
    "raw_end": "Int64",
}
FINDING_COLUMNS = ("rule", "verdict", "severity", "doc_ids", "claims", "expected", "stated", "message", "paras")


def _typed(rows: list[dict[str, Any]], dtypes: dict[str, str], order: Iterable[str]) -> pd.DataFrame:
    order = list(order)
    frame = pd.DataFrame(rows, columns=order + [c for c in (rows[0] if rows else {}) if c not in order])
    for column, dtype in dtypes.items():
        if column in frame:
            frame[column] = frame[column].astype(dtype)
    return frame


def claims_frame(claims: Iterable[Claim | dict[str, Any]]) -> pd.DataFrame:
    """Claims as a tidy frame: the fields of claims.md in that order, then extras.

    >>> claims_frame([]).columns[:4].tolist()
    ['doc_id', 'para', 'start', 'end']
    """
    rows = [c.to_dict() if isinstance(c, Claim) else dict(c) for c in claims]
    order = list(CLAIM_FIELDS) + ["kind", "numeral"]
    return _typed(rows, CLAIM_DTYPES, order)


def paragraphs_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Paragraph rows (``doc_id, para, kind, text, labels, scores``) as a frame.

    >>> paragraphs_frame([{"doc_id": "d", "para": 0, "kind": "body", "text": "x"}])["para"].dtype
    Int64Dtype()
    """
    rows = list(rows)
    return _typed(rows, PARAGRAPH_DTYPES, ["doc_id", "para", "kind", "text", "labels", "scores"])


def findings_frame(findings: Iterable[Finding | dict[str, Any]]) -> pd.DataFrame:
    """Findings of ``check`` as a frame (interfaces.md field order).

    >>> findings_frame([]).columns.tolist()[:3]
    ['rule', 'verdict', 'severity']
    """
    rows = [f.to_dict() if isinstance(f, Finding) else dict(f) for f in findings]
    frame = _typed(rows, {"rule": "category", "verdict": "category", "severity": "category",
                          "expected": "Float64", "stated": "Float64", "message": "string"}, FINDING_COLUMNS)
    return frame
