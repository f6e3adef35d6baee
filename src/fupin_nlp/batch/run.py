"""Batch runs: stream documents through the pipeline in bounded batches, account for every input.

Each input document ends as one manifest row (``doc_id, source, status, error,
paragraphs, claims, rows, chars, seconds, hash, seq``), written as the run goes: the
rows of a batch are written and flushed first, then its manifest rows, so a run killed
at any moment leaves a manifest that never claims more than the output holds.  Rows
come out in document order, then paragraph, then offset, whatever the engine or the
number of workers.

``--resume`` reads the manifest back, keeps the documents it records as done (by
content hash) whose rows the output really holds, cuts the output and the manifest back
to them, and appends the rest: the output then equals an uninterrupted run's, and each
document is in the manifest once.  Documents that failed are tried again.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FupinError
from ..io import Failure, ReadOptions, iter_documents
from ..io.metadata import with_metadata
from ..pipeline import process_document
from ..records import Document
from .progress import Progress
from .writers import DuckdbSink, Sink

__all__ = [
    "RunOptions", "RunSummary", "run", "process_one", "content_hash", "load_manifest", "MANIFEST_FIELDS",
]

#: The fields of a manifest row, in order.
MANIFEST_FIELDS = ("seq", "doc_id", "source", "status", "error", "paragraphs", "claims", "rows", "chars",
                   "seconds", "hash")
# Document metadata kept beside the manifest row in DuckDB's ``documents`` table (``source`` of an
# archive row — the outlet — is renamed, the manifest's ``source`` being where the document was read).
_META = {"title": "title", "date": "date", "region": "region", "source": "outlet", "url": "url",
         "format": "format"}


@dataclass(frozen=True)
class RunOptions:
    """How a batch run goes.  ``what`` is ``claims`` or ``paragraphs``.

    ``workers`` None or 0 means one per CPU core; a batch holds at most ``batch_size``
    documents and ``batch_chars`` characters (whichever comes first), which bounds memory.
    """

    what: str = "claims"
    date: str | None = None
    model: Any = None
    workers: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    batch_size: int = 32
    batch_chars: int = 200_000
    manifest: Path | None = None
    resume: bool = False
    progress: bool = True
    read_options: ReadOptions | None = None
    metadata: dict[str, dict[str, Any]] | None = None  # id → date, region …, from a table beside the texts


@dataclass
class RunSummary:
    """What a run did; ``failures`` holds the first 100 failed manifest rows (``failed`` counts all)."""

    documents: int = 0
    failed: int = 0
    skipped: int = 0
    paragraphs: int = 0
    claims: int = 0
    rows: int = 0
    characters: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    kinds: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def content_hash(document: Document) -> str:
    """A document's identity for ``--resume``: its id, source and text.

    >>> content_hash(Document("d", "a.txt", "x"))[:8]
    '428cdbd0'
    """
    h = hashlib.sha1()
    for part in (document.doc_id, document.source, document.raw):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def process_one(document: Document, date: str | None, model: Any, what: str) -> dict[str, Any]:
    """Run one document; never raises: an error becomes the manifest row's status.

    ``model`` is a classifier object or ``False`` (see ``engines.resolve_model``).
    Returns ``{"rows": [...], "kinds": {kind: n}, "meta": {...}, "manifest": {...}}``.

    >>> out = process_one(Document("d", "a.txt", "南昌县已脱贫4635户。"), None, False, "claims")
    >>> out["manifest"]["status"], [r["surface"] for r in out["rows"]]
    ('ok', ['4635户'])
    """
    started = time.perf_counter()
    row: dict[str, Any] = {"doc_id": document.doc_id, "source": document.source}
    rows: list[dict[str, Any]] = []
    kinds: dict[str, int] = {}
    try:
        result = process_document(document, date=date, model=model)
        rows = result.claim_rows() if what == "claims" else result.paragraph_rows()
        for p in result.paragraphs:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        row.update(status="ok", error=None, paragraphs=len(result.paragraphs), claims=len(result.claims))
    except FupinError as e:
        message = " ".join(str(e).split())
        if document.source not in message and document.doc_id not in message:
            message = f"{document.source or document.doc_id}: {message}"  # name the document, always
        row.update(status=e.kind, error=message, paragraphs=0, claims=0)
    except Exception as e:  # a bug must not stop the batch: record it and go on
        message = " ".join(f"{document.source}: internal error {type(e).__name__}: {e}".split())
        row.update(status="internal_error", error=message[:500], paragraphs=0, claims=0)
    row.update(rows=len(rows), chars=len(document.raw), seconds=round(time.perf_counter() - started, 4),
               hash=content_hash(document))
    meta = {column: document.meta.get(key) for key, column in _META.items()}
    return {"rows": rows, "kinds": kinds, "meta": meta, "manifest": row}


def _manifest_lines(path: Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a kill: that document is simply done again
            if isinstance(row, dict):
                rows.append(row)
    return rows


def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Manifest rows by content hash (rows of unreadable inputs, which have none, left out).

    >>> load_manifest(Path("/nonexistent.jsonl"))
    {}
    """
    if not Path(path).exists():
        return {}
    return {row["hash"]: row for row in _manifest_lines(Path(path)) if row.get("hash")}


def _row_count(row: dict[str, Any], what: str) -> int:
    # manifests written before ``rows`` existed: the count of the run's kind of row
    value = row.get("rows", row.get("claims" if what == "claims" else "paragraphs", 0))
    return int(value or 0)


def _reconcile(opts: RunOptions, sink: Sink) -> list[dict[str, Any]]:
    """Before a resumed run: the manifest rows to keep, with the output cut back to their rows."""
    assert opts.manifest is not None
    if isinstance(sink, DuckdbSink):
        # Rows and documents were committed together: the database knows exactly what is in.
        sink.drop_unfinished()
        return [{k: r.get(k) for k in MANIFEST_FIELDS} for r in sink.recorded()]
    previous = _manifest_lines(opts.manifest) if opts.manifest.exists() else []
    done = [r for r in previous if r.get("status") == "ok" and r.get("hash")]
    held = sink.count()
    kept, total = [], 0
    for row in done:
        n = _row_count(row, opts.what)
        if total + n > held:
            break  # the output lost this document's rows (a run killed before its file was complete)
        kept.append(row)
        total += n
    sink.resume(total)
    return kept


def _rewrite_manifest(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def _chunks(items: Iterable[Document | Failure], size: int, chars: int) -> Iterator[list[Document | Failure]]:
    batch: list[Document | Failure] = []
    held = 0
    for item in items:
        batch.append(item)
        held += len(item.raw) if isinstance(item, Document) else 0
        if len(batch) >= size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _failure_row(item: Failure) -> dict[str, Any]:
    return {"doc_id": item.doc_id, "source": item.source, "status": item.kind,
            "error": " ".join(item.message.split()), "paragraphs": 0, "claims": 0, "rows": 0, "chars": 0,
            "seconds": 0.0, "hash": None}


class _Stop:
    """SIGINT/SIGTERM ask the run to stop after the batch in hand; a second SIGINT stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self._saved: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._saved[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)


def run(paths: Iterable[str | os.PathLike], sink: Sink, options: RunOptions | None = None,
        *, on_failure: Any = None) -> RunSummary:
    """Stream every document under ``paths`` through the pipeline into ``sink``.

    ``on_failure(row)`` is called for each input that failed (the CLI prints one line).
    SIGINT or SIGTERM stop the run after the batch in hand (``summary.interrupted``);
    what was written is consistent and ``resume=True`` finishes it.

    >>> import tempfile, pathlib
    >>> from fupin_nlp.batch.writers import NullSink
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("南昌县已脱贫4635户。", encoding="utf-8")
    >>> s = run([d], NullSink(), RunOptions(workers=1, model=False, progress=False))
    >>> s.documents, s.claims
    (1, 1)
    """
    from .engines import make_engine

    opts = options or RunOptions()
    if opts.what not in ("claims", "paragraphs"):
        raise ValueError(f"unknown row kind '{opts.what}' (claims or paragraphs)")
    if opts.resume and not opts.manifest:
        raise ValueError("--resume needs the manifest of the run to resume: --manifest FILE")
    paths = list(paths)
    summary = RunSummary()
    started = time.perf_counter()
    kept: list[dict[str, Any]] = []
    if opts.resume:
        kept = _reconcile(opts, sink)
        _rewrite_manifest(opts.manifest, kept)
    done = Counter(r["hash"] for r in kept)
    seq = max((int(r.get("seq") or 0) for r in kept), default=-1) + 1
    manifest = None
    if opts.manifest:
        opts.manifest.parent.mkdir(parents=True, exist_ok=True)
        # held open for the whole run (closed in the finally below), one flush per batch
        manifest = open(opts.manifest, "a" if opts.resume else "w", encoding="utf-8")  # noqa: SIM115
    engine = make_engine(opts)
    bar = Progress(paths, enabled=opts.progress, what=opts.what)

    def write_batch(items: list[Document | Failure], results: list[dict[str, Any]]) -> None:
        nonlocal seq
        outputs = iter(results)
        rows: list[dict[str, Any]] = []
        manifest_rows: list[dict[str, Any]] = []
        documents: list[dict[str, Any]] = []
        for item in items:
            if isinstance(item, Failure):
                row, out = _failure_row(item), None
            else:
                out = next(outputs)
                row = out["manifest"]
                rows.extend(out["rows"])
            row = {"seq": seq, **{k: row.get(k) for k in MANIFEST_FIELDS if k != "seq"}}
            seq += 1
            manifest_rows.append(row)
            documents.append({**row, **(out["meta"] if out else {})})
            summary.documents += 1
            summary.rows += row["rows"]
            summary.characters += row["chars"]
            if row["status"] == "ok":
                summary.claims += row["claims"]
                summary.paragraphs += row["paragraphs"]
                for kind, n in out["kinds"].items():
                    summary.kinds[kind] = summary.kinds.get(kind, 0) + n
            else:
                summary.failed += 1
                if len(summary.failures) < 100:
                    summary.failures.append(row)
                if on_failure:
                    on_failure(row)
        # Rows first, made durable; only then the manifest that vouches for them.
        sink.write(rows)
        sink.write_documents(documents)
        sink.flush()
        if manifest:
            manifest.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in manifest_rows)
            manifest.flush()
        for row in manifest_rows:
            bar.update(row)

    pending: deque[tuple[list[Document | Failure], Any]] = deque()
    try:
        with _Stop() as stop:
            documents = iter_documents(paths, opts.read_options)
            if opts.metadata:
                documents = with_metadata(documents, opts.metadata)
            for chunk in _chunks(documents, opts.batch_size, opts.batch_chars):
                items: list[Document | Failure] = []
                for item in chunk:
                    if isinstance(item, Document) and done:
                        h = content_hash(item)
                        if done[h] > 0:
                            done[h] -= 1
                            summary.skipped += 1
                            continue
                    items.append(item)
                if not items:
                    continue
                documents = [d for d in items if isinstance(d, Document)]
                pending.append((items, engine.submit(documents) if documents else None))
                while len(pending) >= engine.window or (pending and stop.requested):
                    items, handle = pending.popleft()
                    write_batch(items, engine.result(handle) if handle is not None else [])
                    if stop.requested:
                        break
                if stop.requested:
                    break
            if stop.requested:
                summary.interrupted = True
                # Finish only the batches already computed, in order; the rest is left to --resume.
                while pending and (pending[0][1] is None or getattr(pending[0][1], "done", lambda: True)()):
                    items, handle = pending.popleft()
                    write_batch(items, engine.result(handle) if handle is not None else [])
            else:
                while pending:
                    items, handle = pending.popleft()
                    write_batch(items, engine.result(handle) if handle is not None else [])
                    if stop.requested:
                        summary.interrupted = True
                        break
    finally:
        pending.clear()
        engine.close()
        bar.close()
        if manifest:
            manifest.close()
    summary.seconds = time.perf_counter() - started
    return summary
