"""spaCy components: ``fupin_claims`` (claims as spans) and ``fupin_categories`` (categories as ``doc.cats``).

Registered through the ``spacy_factories`` entry point group, so a user's own pipeline
needs no import of ours::

    nlp = spacy.blank("zh")
    nlp.add_pipe("fupin_claims")
    doc = nlp(raw_text)
    [(s.text, s._.value, s._.unit, s._.metric) for s in doc.spans["claims"]]

**What the Doc holds.** ``doc.text`` is taken as a whole *raw* document (as read from a
file, line breaks and layout included). The components reflow it into paragraphs exactly
as :func:`fupin_nlp.extract_claims` does, so the claims are the same; a span covers the
claim's ``raw_start:raw_end`` in ``doc.text``, widened to token boundaries
(``alignment_mode="expand"``; the zh default segments by character, so nothing widens
there).  A Doc holding a single paragraph is simply a one-paragraph document.
``doc.user_data`` may carry ``doc_id`` and ``date`` (publication date, resolves relative
time) and ``meta`` (a dict, as :class:`~fupin_nlp.records.Document` has).

The components adapt, they do not compute: both call :func:`fupin_nlp.pipeline.process_document`.

**Storage.** Each claim's record is kept in ``doc.user_data`` as plain values (msgpack-safe,
so ``nlp.pipe(..., n_process=2)`` and ``DocBin`` carry it); the span's ``id`` indexes it.
Span extensions are getters over that record, registered with ``force=True`` inside the
factory *and* checked again on each call, so a worker that unpickled the component without
running the factory still has them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Claim, Document

__all__ = ["ClaimsComponent", "CategoriesComponent", "make_claims_component", "make_categories_component",
           "claims_of", "paragraphs_of", "register_extensions", "CLAIM_EXTENSIONS", "PARAGRAPH_EXTENSIONS"]

CLAIMS_KEY = "fupin_claims"            # doc.user_data key: list of claim records (plain dicts)
PARAGRAPHS_KEY = "fupin_paragraphs"    # doc.user_data key: list of paragraph records
CLAIM_EXTENSIONS = (
    "doc_id", "para", "start", "end", "raw_start", "raw_end", "surface", "value", "unit", "dimension",
    "qualifier", "low", "high", "time_start", "time_end", "time_text", "region", "metric", "per", "change",
    "sentence", "category", "kind", "numeral",
)
PARAGRAPH_EXTENSIONS = ("para_kind", "labels", "scores", "para_index")


# --------------------------------------------------------------------------------------------------
# records in user_data, and the getters over them (module level, so spawned workers can unpickle them)


def _record(claim: Claim) -> dict[str, Any]:
    out = claim.to_dict()
    # Decimal is not msgpack-serialisable: keep the exact numbers as strings next to the floats.
    for name in ("amount", "low", "high"):
        value = getattr(claim, name)
        out[f"{name}_exact"] = None if value is None else str(value)
    return out


def _span_record(span: Span, key: str) -> dict[str, Any] | None:
    records = span.doc.user_data.get(key)
    if not records:
        return None
    i = span.id
    if not 0 <= i < len(records):
        return None
    record = records[i]
    # A span the user made (id 0 by default) must not borrow claim 0's fields: check it is that span.
    if record.get("_span") != [span.start_char, span.end_char] or span.label_ != record.get("_label"):
        return None
    return record


def _claim_field(name: str) -> Any:
    def get(span: Span) -> Any:
        record = _span_record(span, CLAIMS_KEY)
        if record is None:
            return None
        if name in ("value", "low", "high"):
            exact = record.get(f"{'amount' if name == 'value' else name}_exact")
            return None if exact is None else float(Decimal(exact))
        return record.get(name)

    get.__name__ = f"get_{name}"
    return get


# Getters must be picklable by reference for spawned workers: bind each to a module-level name.
_CLAIM_GETTERS = {name: _claim_field(name) for name in CLAIM_EXTENSIONS}
for _name, _getter in _CLAIM_GETTERS.items():
    _getter.__qualname__ = f"_get_claim_{_name}"
    globals()[f"_get_claim_{_name}"] = _getter


def _get_amount(span: Span) -> Decimal | None:
    record = _span_record(span, CLAIMS_KEY)
    return None if record is None or record.get("amount_exact") is None else Decimal(record["amount_exact"])


def _to_claim(record: dict[str, Any]) -> Claim:
    def exact(name: str) -> Decimal | None:
        value = record.get(f"{name}_exact")
        return None if value is None else Decimal(value)

    fields = {k: record.get(k) for k in Claim.__dataclass_fields__ if k not in ("amount", "low", "high")}
    return Claim(amount=exact("amount"), low=exact("low"), high=exact("high"), **fields)


def _get_claim(span: Span) -> Claim | None:
    record = _span_record(span, CLAIMS_KEY)
    return None if record is None else _to_claim(record)


def _get_para_kind(span: Span) -> str | None:
    record = _span_record(span, PARAGRAPHS_KEY)
    return None if record is None else record["kind"]


def _get_labels(span: Span) -> list[str] | None:
    record = _span_record(span, PARAGRAPHS_KEY)
    return None if record is None else list(record["labels"])


def _get_scores(span: Span) -> dict[str, float] | None:
    record = _span_record(span, PARAGRAPHS_KEY)
    return None if record is None else dict(record["scores"])


def _get_para_index(span: Span) -> int | None:
    record = _span_record(span, PARAGRAPHS_KEY)
    return None if record is None else record["para"]


def _get_doc_claims(doc: Doc) -> list[Claim]:
    return [_to_claim(r) for r in doc.user_data.get(CLAIMS_KEY) or ()]


def register_extensions(*, force: bool = True) -> None:
    """Declare the Span and Doc extensions (idempotent).

    >>> register_extensions()
    >>> Span.has_extension("metric"), Doc.has_extension("fupin_claims")
    (True, True)
    """
    for name in CLAIM_EXTENSIONS:
        Span.set_extension(name, getter=globals()[f"_get_claim_{name}"], force=force)
    Span.set_extension("amount", getter=_get_amount, force=force)
    Span.set_extension("claim", getter=_get_claim, force=force)
    Span.set_extension("para_kind", getter=_get_para_kind, force=force)
    Span.set_extension("labels", getter=_get_labels, force=force)
    Span.set_extension("scores", getter=_get_scores, force=force)
    Span.set_extension("para_index", getter=_get_para_index, force=force)
    Doc.set_extension("fupin_claims", getter=_get_doc_claims, force=force)


def _ensure_extensions() -> None:
    if not (Span.has_extension("claim") and Doc.has_extension("fupin_claims")):
        register_extensions()


# --------------------------------------------------------------------------------------------------
# the shared adapter: Doc → Document → DocumentResult


def _document(doc: Doc, default_id: str) -> Document:
    meta = dict(doc.user_data.get("meta") or {})
    date = doc.user_data.get("date")
    if date and "date" not in meta:
        meta["date"] = date
    return Document(str(doc.user_data.get("doc_id") or default_id), "spacy", doc.text, meta)


def _process(doc: Doc, *, doc_id: str, date: str | None, model: Any) -> Any:
    from ..pipeline import process_document

    document = _document(doc, doc_id)
    return process_document(document, date=doc.user_data.get("date") or date, model=model)


def _span(doc: Doc, start: int, end: int, label: str, index: int) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    span.id = index
    return span


class ClaimsComponent:
    """Adds ``doc.spans["claims"]`` (label ``CLAIM``) with the record's fields as Span extensions."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, doc_id: str, date: str | None,
                 model: Any, classify: bool) -> None:
        self.name = name
        self.spans_key = spans_key
        self.doc_id = doc_id
        self.date = date
        # with classify=False claims carry no category, but run faster
        self.model = model if classify else False

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        result = _process(doc, doc_id=self.doc_id, date=self.date, model=self.model)
        records, spans = [], []
        for claim in result.claims:
            span = _span(doc, claim.raw_start, claim.raw_end, "CLAIM", len(records))
            if span is None:  # an offset outside doc.text cannot happen for a raw document; skip, never crash
                continue
            record = _record(claim)
            record["_span"], record["_label"] = [span.start_char, span.end_char], "CLAIM"
            records.append(record)
            spans.append(span)
        doc.user_data[CLAIMS_KEY] = records
        doc.spans[self.spans_key] = spans
        return doc


class CategoriesComponent:
    """Sets ``doc.cats`` and adds ``doc.spans["paragraphs"]`` (label = kind) with labels and scores.

    ``doc.cats[code]`` is the character-weighted mean of the body paragraphs' scores: the
    document's category profile.  For a Doc holding one paragraph it is that paragraph's scores.
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str, doc_id: str, date: str | None,
                 model: Any) -> None:
        self.name = name
        self.spans_key = spans_key
        self.doc_id = doc_id
        self.date = date
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        from ..classify.taxonomy import codes

        _ensure_extensions()
        result = _process(doc, doc_id=self.doc_id, date=self.date, model=self.model)
        records, spans = [], []
        totals = dict.fromkeys(codes(), 0.0)
        weight = 0
        for paragraph, labels, scores in zip(result.paragraphs, result.labels, result.scores):
            if paragraph.offsets:
                start, end = paragraph.raw_span(0, len(paragraph.text))
                span = _span(doc, start, end, paragraph.kind, len(records))
                if span is not None:
                    records.append({"para": paragraph.index, "kind": paragraph.kind, "labels": list(labels),
                                    "scores": dict(scores), "_span": [span.start_char, span.end_char],
                                    "_label": paragraph.kind})
                    spans.append(span)
            if paragraph.kind == "body" and scores:
                weight += len(paragraph.text)
                for code, score in scores.items():
                    totals[code] = totals.get(code, 0.0) + score * len(paragraph.text)
        doc.user_data[PARAGRAPHS_KEY] = records
        doc.spans[self.spans_key] = spans
        doc.cats = {code: round(total / weight, 4) if weight else 0.0 for code, total in totals.items()}
        return doc


@Language.factory(
    "fupin_claims",
    default_config={"spans_key": "claims", "doc_id": "doc", "date": None, "model": None, "classify": True},
)
def make_claims_component(nlp: Language, name: str, spans_key: str, doc_id: str, date: str | None,
                          model: str | None, classify: bool) -> ClaimsComponent:
    """Factory of ``fupin_claims``; ``model`` is a path to a classifier from ``fupin train`` (None: shipped).

    >>> import spacy
    >>> nlp = spacy.blank("zh"); _ = nlp.add_pipe("fupin_claims", config={"classify": False})
    >>> doc = nlp("全县脱贫4635户。")
    >>> [(s.text, s._.value, s._.unit) for s in doc.spans["claims"]]
    [('4635户', 4635.0, '户')]
    """
    register_extensions(force=True)
    return ClaimsComponent(nlp, name, spans_key=spans_key, doc_id=doc_id, date=date, model=model,
                           classify=classify)


@Language.factory(
    "fupin_categories",
    default_config={"spans_key": "paragraphs", "doc_id": "doc", "date": None, "model": None},
)
def make_categories_component(nlp: Language, name: str, spans_key: str, doc_id: str, date: str | None,
                              model: str | None) -> CategoriesComponent:
    """Factory of ``fupin_categories``.

    >>> import spacy
    >>> nlp = spacy.blank("zh"); _ = nlp.add_pipe("fupin_categories")
    >>> doc = nlp("全县累计实施危房改造1739户。")
    >>> max(doc.cats, key=doc.cats.get), doc.spans["paragraphs"][0]._.labels[0]
    ('housing', 'housing')
    """
    register_extensions(force=True)
    return CategoriesComponent(nlp, name, spans_key=spans_key, doc_id=doc_id, date=date, model=model)


def claims_of(doc: Doc) -> Any:
    """The claims a ``fupin_claims`` pipe put on ``doc``, as the frame ``extract_claims`` returns.

    >>> import spacy
    >>> nlp = spacy.blank("zh"); _ = nlp.add_pipe("fupin_claims", config={"classify": False})
    >>> claims_of(nlp("全县脱贫4635户。"))["surface"].tolist()
    ['4635户']
    """
    from ..frames import claims_frame

    return claims_frame(_get_doc_claims(doc))


def paragraphs_of(doc: Doc) -> Any:
    """The paragraphs a ``fupin_categories`` pipe put on ``doc``: ``para, kind, text, labels, scores``."""
    import pandas as pd

    rows = [{"para": s._.para_index, "kind": s._.para_kind, "text": s.text, "labels": s._.labels,
             "scores": s._.scores} for s in doc.spans.get("paragraphs", ())]
    return pd.DataFrame(rows, columns=["para", "kind", "text", "labels", "scores"])
