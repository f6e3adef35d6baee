"""Training examples for the classifier: label files resolved against document texts.

A label row is either ``{"text", "labels"}`` or ``{"doc_id", "para", "sha1",
"kind", "labels"}``; the latter is resolved against ``<docs_dir>/<doc_id>.txt``
where para 0 is the title line and each later non-empty line is the next
paragraph.  The sha1 of the stripped line must match, or the row is skipped
and reported.  Documents listed in ``reserved.txt`` beside ``docs_dir`` are
never opened.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fupin_nlp.errors import RecordError

__all__ = ["Example", "Resolved", "sha1_text", "doc_paragraphs", "read_jsonl", "reserved_ids",
           "resolve_rows", "gold_examples", "merge_annotators"]


@dataclass(frozen=True)
class Example:
    """One labelled body paragraph.

    >>> Example("d1", 3, "发放小额信贷", ("finance",)).labels
    ('finance',)
    """

    doc_id: str
    para: int
    text: str
    labels: tuple[str, ...]
    kind: str = "body"


@dataclass
class Resolved:
    """Examples resolved from label rows, and the rows that could not be used (with why)."""

    examples: list[Example] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (row reference, reason)


def sha1_text(text: str) -> str:
    """The hex sha1 of the stripped text, UTF-8.

    >>> sha1_text(" 脱贫 ")[:8]
    '320f3935'
    """
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()


def doc_paragraphs(path: str | Path) -> list[str]:
    """Paragraphs of a corpus document: the title, then each non-empty line, stripped.

    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    >>> _ = f.write("标题\\n\\n 第一段 \\n\\n第二段\\n"); f.close()
    >>> doc_paragraphs(f.name)
    ['标题', '第一段', '第二段']
    >>> os.unlink(f.name)
    """
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def read_jsonl(path: str | Path) -> list[dict]:
    """Rows of a JSONL file; blank lines are skipped, a bad line raises ``RecordError``.

    >>> read_jsonl.__name__
    'read_jsonl'
    """
    path = Path(path)
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise RecordError(f"{path}:{n}", f"not JSON ({exc})") from exc
        if not isinstance(row, dict):
            raise RecordError(f"{path}:{n}", "a row must be a JSON object")
        rows.append(row)
    return rows


def reserved_ids(docs_dir: str | Path) -> set[str]:
    """Document ids in ``reserved.txt`` next to ``docs_dir`` (empty when there is none).

    >>> reserved_ids("/nonexistent/docs")
    set()
    """
    path = Path(docs_dir).parent / "reserved.txt"
    if not path.exists():
        return set()
    return {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}


def resolve_rows(rows: Iterable[dict], docs_dir: str | Path | None = None, *,
                 exclude: Iterable[str] = (), body_only: bool = True) -> Resolved:
    """Turn label rows into examples; rows without labels (headings) are left out.

    ``exclude`` names documents kept out (evaluation sets); reserved documents
    are always kept out and their files are not opened.

    >>> resolve_rows([{"text": "发放小额信贷", "labels": ["finance"]}]).examples[0].labels
    ('finance',)
    """
    out = Resolved()
    exclude = set(exclude)
    reserved = reserved_ids(docs_dir) if docs_dir is not None else set()
    cache: dict[str, list[str]] = {}
    for n, row in enumerate(rows):
        labels = tuple(row.get("labels") or ())
        kind = row.get("kind", "body")
        ref = f"{row.get('doc_id', '?')}#{row.get('para', n)}"
        if not labels or (body_only and kind != "body"):
            continue
        doc_id = row.get("doc_id")
        if doc_id in reserved:
            out.skipped.append((ref, "reserved document"))
            continue
        if doc_id in exclude:
            out.skipped.append((ref, "evaluation document"))
            continue
        if "text" in row:
            out.examples.append(Example(str(doc_id or "-"), int(row.get("para", n)), str(row["text"]),
                                        labels, kind))
            continue
        if docs_dir is None:
            out.skipped.append((ref, "no text and no docs_dir to resolve it"))
            continue
        if doc_id not in cache:
            path = Path(docs_dir) / f"{doc_id}.txt"
            cache[doc_id] = doc_paragraphs(path) if path.exists() else []
        paras, para = cache[doc_id], int(row["para"])
        if not 0 <= para < len(paras):
            out.skipped.append((ref, "no such paragraph"))
            continue
        text = paras[para]
        if row.get("sha1") and sha1_text(text) != row["sha1"]:
            out.skipped.append((ref, "sha1 mismatch"))
            continue
        out.examples.append(Example(str(doc_id), para, text, labels, kind))
    return out


def gold_examples(path: str | Path) -> list[Example]:
    """Body paragraphs with labels from a ``*.gold.json`` file (seed schema).

    >>> gold_examples.__name__
    'gold_examples'
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    doc = str(data.get("doc") or Path(path).name.removesuffix(".gold.json"))
    return [Example(doc, int(p["para"]), str(p["text"]), tuple(p["labels"]), p.get("kind", "body"))
            for p in data["paragraphs"] if p.get("kind") == "body" and p.get("labels")]


def merge_annotators(first: list[Example], second: list[Example]) -> tuple[list[Example], dict]:
    """Union of two annotators' examples; a document labelled by both takes ``first``'s labels.

    Returns the merged list and the agreement on the shared paragraphs:
    ``{"shared", "exact", "primary", "exact_rate", "primary_rate", "docs"}``.

    >>> a = [Example("d", 1, "x", ("industry", "finance"))]
    >>> b = [Example("d", 1, "x", ("finance", "industry")), Example("e", 1, "y", ("health",))]
    >>> merged, agree = merge_annotators(a, b)
    >>> len(merged), agree["exact"], agree["primary"]
    (2, 1, 0)
    """
    by_key = {(e.doc_id, e.para): e for e in first}
    first_docs = {e.doc_id for e in first}
    shared = exact = primary = 0
    docs = set()
    # Whole documents, not paragraphs, are taken from one side, so a document's labels stay consistent.
    merged = list(first) + [e for e in second if e.doc_id not in first_docs]
    for e in second:
        mine = by_key.get((e.doc_id, e.para))
        if mine is None:
            continue
        shared += 1
        docs.add(e.doc_id)
        exact += set(mine.labels) == set(e.labels)
        primary += mine.labels[0] == e.labels[0]
    stats = {"shared": shared, "exact": exact, "primary": primary, "docs": sorted(docs),
             "exact_rate": exact / shared if shared else None,
             "primary_rate": primary / shared if shared else None}
    return merged, stats
