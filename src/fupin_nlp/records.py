"""The records that flow between stages: Document, Paragraph, Quantity, Claim, Finding.

Every stage imports these and nothing above itself.  Numbers are kept as
``decimal.Decimal`` inside the records; floats appear only in ``to_dict()``
and in the frames built from it (display, not verdicts).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

__all__ = ["Document", "Paragraph", "Quantity", "Claim", "Finding", "as_float"]


def as_float(value: Decimal | int | float | None) -> float | None:
    """Turn an exact value into a float for display; ``None`` stays ``None``.

    >>> as_float(Decimal("49215000"))
    49215000.0
    """
    return None if value is None else float(value)


@dataclass(frozen=True)
class Document:
    """One input document: its id, where it came from, metadata and the raw decoded text.

    >>> Document("d1", "a.txt", "脱贫户4635户").doc_id
    'd1'
    """

    doc_id: str
    source: str
    raw: str
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def date(self) -> str | None:
        """The publication date from the metadata (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
        value = self.meta.get("date")
        return str(value) if value not in (None, "") else None

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source": self.source, "chars": len(self.raw), **self.meta}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph rebuilt from the raw text.

    ``offsets[i]`` is the index in the document's raw text of the character that
    produced ``text[i]``; ``raw_span(start, end)`` maps a span back.

    >>> p = Paragraph("d1", 0, "body", "4635户", (10, 11, 12, 13, 15))
    >>> p.raw_span(4, 5)
    (15, 16)
    """

    doc_id: str
    index: int
    kind: str  # heading | body | boilerplate | source
    text: str
    offsets: tuple[int, ...] = field(repr=False, default=())

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text offsets ``(raw_start, raw_end)`` of the paragraph span ``[start, end)``."""
        if not self.offsets or start >= end:
            return (start, end)
        return (self.offsets[start], self.offsets[end - 1] + 1)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "para": self.index, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with its unit, scale and qualifier where it has them.

    ``amount`` is exact; ``value`` is the same number as a float, as the public
    interface promises.  ``kind`` is one of ``number``, ``percent``, ``range``,
    ``money``, ``measure``, ``count``.

    >>> q = Quantity("4921.5万元", 0, 8, Decimal("49215000"), "money", "元")
    >>> q.value
    49215000.0
    """

    text: str
    start: int
    end: int
    amount: Decimal | None
    kind: str = "number"
    unit: str | None = None
    dimension: str | None = None
    qualifier: str = "="
    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool | None = None
    high_inclusive: bool | None = None
    per: str | None = None
    # the number as written without qualifier and unit, e.g. "4921.5万"; informs rounding
    numeral: str | None = None

    @property
    def value(self) -> float | None:
        return as_float(self.amount)

    def get(self, key: str, default: Any = None) -> Any:
        """Dict-style access, so tools written against dict records also work."""
        if key in ("low", "high"):
            return as_float(getattr(self, key))
        return getattr(self, key, default)

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["value"] = self.value
        out["low"], out["high"] = as_float(self.low), as_float(self.high)
        out.pop("amount")
        return out


@dataclass(frozen=True)
class Claim:
    """A quantity stated as a fact, target or standard, in context (../spec/claims.md)."""

    doc_id: str
    para: int
    start: int
    end: int
    raw_start: int
    raw_end: int
    surface: str
    amount: Decimal | None
    unit: str | None
    dimension: str | None
    qualifier: str
    low: Decimal | None
    high: Decimal | None
    time_start: str | None
    time_end: str | None
    time_text: str | None
    region: str | None
    metric: str
    per: str | None
    change: str | None
    sentence: str
    category: str | None = None
    kind: str = "count"
    numeral: str | None = None

    @property
    def value(self) -> float | None:
        return as_float(self.amount)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain values, fields in the order of claims.md, extras after."""
        out = asdict(self)
        out["value"] = as_float(out.pop("amount"))
        out["low"], out["high"] = as_float(self.low), as_float(self.high)
        return {k: out.pop(k) for k in CLAIM_FIELDS} | out


# the order of the record in ../spec/claims.md; extra fields follow
CLAIM_FIELDS = (
    "doc_id", "para", "start", "end", "raw_start", "raw_end", "surface", "value", "unit", "dimension",
    "qualifier", "low", "high", "time_start", "time_end", "time_text", "region", "metric", "per",
    "change", "sentence", "category",
)


@dataclass(frozen=True)
class Finding:
    """One result of a consistency rule (../spec/interfaces.md, "A finding")."""

    rule: str
    verdict: str  # consistent | discrepancy | info
    doc_ids: tuple[str, ...]
    claims: tuple[str, ...]
    expected: Decimal | None
    stated: Decimal | None
    message: str
    severity: str | None = None  # minor | major, for discrepancies
    paras: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "verdict": self.verdict, "severity": self.severity,
            "doc_ids": list(self.doc_ids), "claims": list(self.claims),
            "expected": as_float(self.expected), "stated": as_float(self.stated),
            "message": self.message, "paras": list(self.paras),
        }
