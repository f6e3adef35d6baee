"""HTML views of processed documents: claims highlighted, categories as coloured tags.

A :class:`DocumentView` (or :class:`ParagraphView`) renders in a notebook through
``_repr_html_``; :func:`render_html` and :func:`save_html` make the same markup into a
standalone page (inline CSS, no script, no external asset) that a browser opens from disk.

Documents are untrusted input: every piece of text that reaches the markup (document
text, ids, sources, metadata, claim fields) goes through :func:`html.escape`, and the
page carries no JavaScript at all, so a document cannot inject script.

    >>> from fupin_nlp.io import read_text
    >>> from fupin_nlp.pipeline import process_document
    >>> view = DocumentView(process_document(read_text("南昌县已脱贫4635户。", "d1"), model=False))
    >>> "<mark" in view._repr_html_()
    True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from ..pipeline import DocumentResult, documents_of, process_document
from ..records import Claim, Paragraph

__all__ = ["DocumentView", "ParagraphView", "CorpusView", "view", "process_all", "render_html", "save_html",
           "claim_tooltip", "category_colour", "progress_bar"]

# One colour per taxonomy code, in taxonomy order; light enough for dark text on top.
_PALETTE = (
    "#d9d9d9", "#c6dbef", "#c7e9c0", "#fdd0a2", "#fcbba1", "#dadaeb", "#fde0ef", "#e6f5d0",
    "#f6e8c3", "#c7eae5", "#fff2ae", "#e5d8bd", "#b3e2cd", "#cbd5e8", "#f4cae4",
)
_FALLBACK_COLOUR = "#eeeeee"

_CSS = """
.fupin-view{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;
  line-height:1.9;max-width:60em;color:#222}
.fupin-view .fupin-doc{margin:0 0 2em 0}
.fupin-view .fupin-doc-head{border-bottom:2px solid #888;margin-bottom:.6em}
.fupin-view .fupin-doc-title{font-size:1.25em;font-weight:bold}
.fupin-view .fupin-meta{color:#666;font-size:.85em}
.fupin-view .fupin-para{margin:.5em 0;padding:.2em .4em;border-left:3px solid transparent}
.fupin-view .fupin-para.heading{font-weight:bold;font-size:1.08em}
.fupin-view .fupin-para.boilerplate,.fupin-view .fupin-para.source{color:#888;font-size:.9em}
.fupin-view .fupin-pno{color:#999;font-size:.75em;margin-right:.4em;font-family:monospace}
.fupin-view mark.fupin-claim{background:#ffe066;border-bottom:2px solid #e8590c;padding:0 1px;margin:0 1px;
  border-radius:2px;cursor:help}
.fupin-view mark.fupin-claim.overlap{background:#ffc078}
.fupin-view .fupin-tag{display:inline-block;font-size:.75em;line-height:1.4;padding:0 .45em;
  margin:0 .25em 0 0;border-radius:.7em;border:1px solid #999;vertical-align:middle}
.fupin-view .fupin-tag.secondary{opacity:.75;border-style:dashed}
.fupin-view .fupin-tags{margin-left:.3em}
.fupin-view table.fupin-claims{border-collapse:collapse;font-size:.82em;margin:.6em 0;line-height:1.4}
.fupin-view table.fupin-claims th,.fupin-view table.fupin-claims td{border:1px solid #ccc;padding:2px 6px;
  text-align:left;vertical-align:top}
.fupin-view table.fupin-claims th{background:#f1f3f5}
.fupin-view details summary{cursor:pointer;color:#555;font-size:.9em}
.fupin-view .fupin-legend{font-size:.85em;color:#555;margin:.5em 0 1em 0}
"""


@lru_cache(maxsize=1)
def _taxonomy() -> dict[str, tuple[str, str]]:
    """code → (Chinese name, colour), read once."""
    from ..classify.taxonomy import load_taxonomy

    return {c.code: (c.name, _PALETTE[i % len(_PALETTE)]) for i, c in enumerate(load_taxonomy())}


def category_colour(code: str) -> str:
    """The colour of a category's tag (the same in HTML views and plots).

    >>> category_colour("overview")
    '#d9d9d9'
    """
    return _taxonomy().get(code, ("", _FALLBACK_COLOUR))[1]


def _category_name(code: str) -> str:
    return _taxonomy().get(code, (code, ""))[0] or code


def progress_bar(iterable: Iterable[Any], *, enabled: bool = True, total: int | None = None,
                 desc: str = "fupin", unit: str = "doc") -> Iterator[Any]:
    """Wrap ``iterable`` in tqdm's notebook-aware bar when ``enabled``; else return it as is.

    ``disable=False`` explicitly: tqdm's ``disable=None`` turns the bar off on a non-TTY stream,
    which is what a Jupyter kernel's stderr is.

    >>> list(progress_bar([1, 2], enabled=False))
    [1, 2]
    """
    if not enabled:
        return iter(iterable)
    from tqdm.auto import tqdm

    return iter(tqdm(iterable, total=total, desc=desc, unit=unit, leave=False, disable=False))


# --------------------------------------------------------------------------------------------------
# claim text


def _number(amount: Decimal | float | None) -> str:
    if amount is None:
        return "–"
    if isinstance(amount, Decimal):
        # exact, without exponent and without trailing zeros ("49215000", "0.017")
        text = f"{amount:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return f"{amount:g}"


def _value_text(claim: Claim) -> str:
    unit = claim.unit or ""
    if claim.low is not None or claim.high is not None:
        value = f"{_number(claim.low)}–{_number(claim.high)}"
    else:
        value = _number(claim.amount)
    qualifier = "" if claim.qualifier in ("=", "", None) else f"{claim.qualifier} "
    per = f"/{claim.per}" if claim.per else ""
    return f"{qualifier}{value} {unit}{per}".strip()


def _period_text(claim: Claim) -> str:
    start, end = claim.time_start, claim.time_end
    if not start and not end:
        period = "–"
    elif start and end:
        period = start if start == end else f"{start} – {end}"
    elif end:
        period = f"… – {end}"
    else:
        period = f"{start} – …"
    return f"{period} ({claim.time_text})" if claim.time_text else period


def claim_tooltip(claim: Claim) -> str:
    """The lines of a claim's tooltip (plain text; escape it before putting it in markup).

    >>> from fupin_nlp.io import read_text
    >>> from fupin_nlp.pipeline import process_document
    >>> c = process_document(read_text("截至2020年9月底，南昌县已脱贫4635户。", "d"), model=False).claims[0]
    >>> print(claim_tooltip(c))
    4635户
    value: 4635 户
    period: … – 2020-09-30 (截至2020年9月底)
    metric: 脱贫
    region: 南昌县
    """
    lines = [claim.surface, f"value: {_value_text(claim)}", f"period: {_period_text(claim)}",
             f"metric: {claim.metric or '–'}", f"region: {claim.region or '–'}"]
    if claim.change:
        lines.append(f"change: {claim.change}")
    if claim.category:
        lines.append(f"category: {_category_name(claim.category)} ({claim.category})")
    return "\n".join(lines)


def _marked_text(text: str, claims: Sequence[Claim]) -> str:
    """``text`` escaped, with each claim's characters inside a ``<mark>`` carrying its tooltip.

    Claims may overlap; the text is cut at every claim boundary, and each piece is marked
    with the tooltips of all claims covering it, so no markup is ever mis-nested.
    """
    spans = [(max(0, c.start), min(len(text), c.end), c) for c in claims if c.start < c.end <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        covering = [c for s, e, c in spans if s <= a and b <= e]
        if not covering:
            out.append(piece)
            continue
        title = escape("\n\n".join(claim_tooltip(c) for c in covering), quote=True)
        css = "fupin-claim overlap" if len(covering) > 1 else "fupin-claim"
        metric = escape(covering[0].metric or "", quote=True)
        out.append(f'<mark class="{css}" title="{title}" data-metric="{metric}">{piece}</mark>')
    return "".join(out)


def _tags(labels: Sequence[str], scores: dict[str, float] | None = None) -> str:
    tags = []
    for i, code in enumerate(labels):
        score = (scores or {}).get(code)
        title = f"{code}" + (f" · score {score:.2f}" if score is not None else "")
        css = "fupin-tag" if i == 0 else "fupin-tag secondary"
        tags.append(f'<span class="{css}" style="background:{category_colour(code)}" '
                    f'title="{escape(title, quote=True)}">{escape(_category_name(code))}</span>')
    return f'<span class="fupin-tags">{"".join(tags)}</span>' if tags else ""


def _claims_table(claims: Sequence[Claim]) -> str:
    if not claims:
        return ""
    head = "".join(f"<th>{h}</th>" for h in ("¶", "claim", "value", "period", "metric", "region", "category"))
    rows = []
    for c in claims:
        cells = (str(c.para), c.surface, _value_text(c), _period_text(c), c.metric or "", c.region or "",
                 _category_name(c.category) if c.category else "")
        rows.append("<tr>" + "".join(f"<td>{escape(x)}</td>" for x in cells) + "</tr>")
    return (f'<details><summary>{len(claims)} claims as a table</summary><table class="fupin-claims">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></details>")


def _wrap(body: str) -> str:
    # The <style> travels with the fragment so a notebook cell renders alone; selectors are scoped.
    return f'<div class="fupin-view"><style>{_CSS}</style>{body}</div>'


# --------------------------------------------------------------------------------------------------
# views


@dataclass(frozen=True)
class ParagraphView:
    """One paragraph with its claims highlighted and its categories as tags.

    >>> from fupin_nlp.records import Paragraph
    >>> ParagraphView(Paragraph("d", 0, "body", "<b>x</b>"), ()).to_html().count("&lt;b&gt;")
    1
    """

    paragraph: Paragraph
    claims: tuple[Claim, ...] = ()
    labels: tuple[str, ...] = ()
    scores: dict[str, float] | None = None

    def __repr__(self) -> str:
        p = self.paragraph
        return (f"<ParagraphView {p.doc_id} ¶{p.index} {p.kind}: {len(self.claims)} claims, "
                f"labels {list(self.labels)}>")

    def body_html(self) -> str:
        p = self.paragraph
        kind = escape(p.kind, quote=True)
        return (f'<div class="fupin-para {kind}" style="border-left-color:'
                f'{category_colour(self.labels[0]) if self.labels else "transparent"}">'
                f'<span class="fupin-pno">¶{p.index}</span>{_marked_text(p.text, self.claims)}'
                f"{_tags(self.labels, self.scores)}</div>")

    def to_html(self) -> str:
        """An HTML fragment with its own scoped style."""
        return _wrap(self.body_html())

    def _repr_html_(self) -> str:
        return self.to_html()


class DocumentView:
    """A processed document for display: paragraphs, highlighted claims, category tags.

    ``DocumentView(result)`` takes a :class:`~fupin_nlp.pipeline.DocumentResult`;
    ``DocumentView.of(source)`` reads and processes a text, Document or path first.
    ``claims_table`` adds a collapsed table of the claims under the text.

    >>> from fupin_nlp.io import read_text
    >>> from fupin_nlp.pipeline import process_document
    >>> v = DocumentView(process_document(read_text("全县脱贫4635户。", "d"), model=False))
    >>> len(v), v.paragraph(0).claims[0].surface
    (1, '4635户')
    """

    def __init__(self, result: DocumentResult, *, claims_table: bool = True) -> None:
        self.result = result
        self.claims_table = claims_table

    @classmethod
    def of(cls, source: Any, *, date: str | None = None, model: Any = None, **kwargs: Any) -> DocumentView:
        """Read and process the first document of ``source`` (a text, Document or path)."""
        documents = documents_of(source, date=date)
        if not documents:
            raise ValueError("no document in source")
        return cls(process_document(documents[0], date=date, model=model), **kwargs)

    def __len__(self) -> int:
        return len(self.result.paragraphs)

    def __repr__(self) -> str:
        r = self.result
        return f"<DocumentView {r.document.doc_id}: {len(r.paragraphs)} paragraphs, {len(r.claims)} claims>"

    @property
    def paragraphs(self) -> list[ParagraphView]:
        """A view per paragraph, in reading order."""
        by_para: dict[int, list[Claim]] = {}
        for c in self.result.claims:
            by_para.setdefault(c.para, []).append(c)
        return [ParagraphView(p, tuple(by_para.get(p.index, ())), tuple(labels), dict(scores))
                for p, labels, scores in zip(self.result.paragraphs, self.result.labels, self.result.scores)]

    def paragraph(self, index: int) -> ParagraphView:
        """The view of paragraph ``index`` (the ``para`` of the claims)."""
        for view_ in self.paragraphs:
            if view_.paragraph.index == index:
                return view_
        raise IndexError(f"no paragraph {index} in {self.result.document.doc_id}")

    def body_html(self) -> str:
        document = self.result.document
        title = document.meta.get("title") or document.doc_id
        meta = [f"id {document.doc_id}", f"source {document.source}"]
        for key in ("date", "region", "format", "encoding"):
            if document.meta.get(key):
                meta.append(f"{key} {document.meta[key]}")
        meta.append(f"{len(self.result.paragraphs)} paragraphs, {len(self.result.claims)} claims")
        head = (f'<div class="fupin-doc-head"><div class="fupin-doc-title">{escape(str(title))}</div>'
                f'<div class="fupin-meta">{escape(" · ".join(str(m) for m in meta))}</div></div>')
        body = "".join(p.body_html() for p in self.paragraphs)
        table = _claims_table(self.result.claims) if self.claims_table else ""
        return f'<section class="fupin-doc">{head}{body}{table}</section>'

    def to_html(self) -> str:
        """An HTML fragment (for a notebook cell) with its own scoped style."""
        return _wrap(self.body_html())

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path: str | os.PathLike) -> Path:
        """Write this document as a standalone page."""
        return _write(render_html([self.result], title=str(self.result.document.doc_id)), path)


class CorpusView:
    """Several documents, one after the other (the page ``fupin view`` writes)."""

    def __init__(self, results: Sequence[DocumentResult], *, claims_table: bool = True) -> None:
        self.views = [DocumentView(r, claims_table=claims_table) for r in results]

    def __len__(self) -> int:
        return len(self.views)

    def __getitem__(self, i: int) -> DocumentView:
        return self.views[i]

    def __repr__(self) -> str:
        return f"<CorpusView {len(self.views)} documents>"

    def to_html(self) -> str:
        return _wrap(_legend() + "".join(v.body_html() for v in self.views))

    def _repr_html_(self) -> str:
        return self.to_html()


def _legend() -> str:
    return ('<div class="fupin-legend"><mark class="fupin-claim">highlighted</mark> figures are numeric '
            "claims (hover for value, unit, period, metric, region); tags are paragraph categories "
            "(solid: primary, dashed: secondary).</div>")


def process_all(source: Any, *, date: str | None = None, model: Any = None,
                progress: bool = True) -> list[DocumentResult]:
    """Read and process every document of ``source`` (text, Document, path or list), with a progress bar.

    ``progress=False`` silences the bar.  A document that cannot be read raises its error.

    >>> [r.document.doc_id for r in process_all(["一段话。", "另一段。"], model=False, progress=False)]
    ['text', 'text']
    """
    if isinstance(source, (list, tuple)):
        source = [str(p) if isinstance(p, os.PathLike) else p for p in source]
    documents = documents_of(source, date=date)
    return [process_document(d, date=date, model=model)
            for d in progress_bar(documents, enabled=progress, total=len(documents), desc="fupin")]


def view(source: Any, *, date: str | None = None, model: Any = None, progress: bool = True,
         claims_table: bool = True) -> DocumentView | CorpusView:
    """Read, process and view a text, Document or path: one document → DocumentView, several → CorpusView.

    >>> view("全县脱贫4635户。", model=False, progress=False).result.claims[0].surface
    '4635户'
    """
    results = process_all(source, date=date, model=model, progress=progress)
    if len(results) == 1:
        return DocumentView(results[0], claims_table=claims_table)
    return CorpusView(results, claims_table=claims_table)


def render_html(results: DocumentResult | Sequence[DocumentResult], *, title: str | None = None,
                claims_table: bool = True) -> str:
    """A standalone HTML page (inline CSS, no script) for one or more processed documents.

    >>> from fupin_nlp.io import read_text
    >>> page = render_html(process_document(read_text("脱贫4635户", "d"), model=False))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page
    (True, False)
    """
    if isinstance(results, DocumentResult):
        results = [results]
    results = list(results)
    if title is None:
        title = results[0].document.doc_id if len(results) == 1 else f"{len(results)} documents"
    body = CorpusView(results, claims_table=claims_table).to_html()
    return ('<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(str(title))} · fupin_nlp</title>"
            "<style>body{margin:1.5em 2em;background:#fff}</style></head>"
            f"<body>{body}</body></html>\n")


def _write(page: str, out: str | os.PathLike) -> Path:
    path = Path(out)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def save_html(paths: Any, out: str | os.PathLike, date: str | None = None, model: Any = None, *,
              progress: bool = True, claims_table: bool = True) -> Path:
    """Process every document under ``paths`` and write them as one standalone HTML page.

    ``paths`` is a path, a list of paths, a text or a Document (anything ``extract_claims``
    reads). A document that cannot be read raises its :class:`~fupin_nlp.errors.FupinError`.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "page.html"
    >>> page = save_html("全县脱贫4635户。", out, model=False, progress=False).read_text(encoding="utf-8")
    >>> page.count('title="4635户')
    1
    """
    results = process_all(paths if isinstance(paths, (list, tuple)) else [paths], date=date, model=model,
                          progress=progress)
    if not results:
        raise ValueError("no document to view")
    return _write(render_html(results, claims_table=claims_table), out)
