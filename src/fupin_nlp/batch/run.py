"""Batch runs: stream documents through the pipeline in bounded batches, account for every input.

Each input document ends as one manifest row (``doc_id, source, status, error,
paragraphs, claims, seconds, hash``), written as the run goes, so a run killed at
any moment leaves a true record.  Rows come out in document order, then paragraph,
then offset, whatever the number of workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FupinError
from ..io import Failure, ReadOptions, iter_documents
from ..pipeline import process_document
from ..records import Document
from .writers import Sink

__all__ = ["RunOptions", "RunSummary", "run", "process_one", "content_hash", "load_manifest"]


@dataclass(frozen=True)
class RunOptions:
    """How a batch run goes.  ``what`` is ``claims`` or ``paragraphs``."""

    what: str = "claims"
    date: str | None = None
    model: Any = None
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    batch_size: int = 32
    manifest: Path | None = None
    resume: bool = False
    progress: bool = True
    read_options: ReadOptions | None = None


@dataclass
class RunSummary:
    documents: int = 0
    failed: int = 0
    skipped: int = 0
    paragraphs: int = 0
    claims: int = 0
    characters: int = 0
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def content_hash(document: Document) -> str:
    """A document's identity for ``--resume``: its id, source and text.

    >>> content_hash(Document("d", "a.txt", "x"))[:8]
    '5b3ee2c1'
    """
    h = hashlib.sha1()
    for part in (document.doc_id, document.source, document.raw):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def process_one(document: Document, date: str | None, model: Any, what: str) -> dict[str, Any]:
    """Run one document; never raises: an unexpected error becomes a manifest status."""
    started = time.perf_counter()
    row: dict[str, Any] = {"doc_id": document.doc_id, "source": document.source, "hash": content_hash(document)}
    try:
        result = process_document(document, date=date, model=model)
        claims = result.claim_rows() if what == "claims" else []
        paragraphs = result.paragraph_rows()
        kinds: dict[str, int] = {}
        for p in result.paragraphs:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        row.update(status="ok", error=None, paragraphs=len(result.paragraphs), claims=len(result.claims))
        out = {"claims": claims, "paragraphs": paragraphs if what == "paragraphs" else [], "kinds": kinds}
    except FupinError as e:
        row.update(status=e.kind, error=str(e), paragraphs=0, claims=0)
        out = {"claims": [], "paragraphs": [], "kinds": {}}
    except Exception as e:  # a bug must not stop the batch: record it and go on
        message = " ".join(f"{document.source}: internal error {type(e).__name__}: {e}".split())
        row.update(status="internal_error", error=message[:500], paragraphs=0, claims=0)
        out = {"claims": [], "paragraphs": [], "kinds": {}}
    row["seconds"] = round(time.perf_counter() - started, 4)
    row["chars"] = len(document.raw)
    out["manifest"] = row
    return out


def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Manifest rows by content hash, the last row winning (a resumed run appends)."""
    done: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return done
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a kill: that document is simply done again
        if row.get("hash"):
            done[row["hash"]] = row
    return done


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _failure_row(item: Failure) -> dict[str, Any]:
    return {"doc_id": item.doc_id, "source": item.source, "hash": None, "status": item.kind,
            "error": item.message, "paragraphs": 0, "claims": 0, "seconds": 0.0, "chars": 0}


def _progress(enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(unit="doc", desc="fupin", dynamic_ncols=True, leave=False,
                bar_format="{desc}: {n_fmt} docs [{elapsed}<{remaining}, {rate_fmt}] {postfix}")


def run(paths: Iterable[str | os.PathLike], sink: Sink, options: RunOptions | None = None,
        *, on_failure: Any = None) -> RunSummary:
    """Stream every document under ``paths`` through the pipeline into ``sink``.

    ``on_failure(row)`` is called for each input that failed (the CLI prints one line).
    """
    from .engines import make_engine

    opts = options or RunOptions()
    summary = RunSummary()
    started = time.perf_counter()
    done = load_manifest(opts.manifest) if (opts.resume and opts.manifest) else {}
    manifest = None
    if opts.manifest:
        opts.manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest = open(opts.manifest, "a" if opts.resume else "w", encoding="utf-8")
    bar = _progress(opts.progress)
    engine = make_engine(opts)
    try:
        for batch in _batches(iter_documents(list(paths), opts.read_options), opts.batch_size):
            jobs = []
            for item in batch:
                if isinstance(item, Document) and opts.resume:
                    previous = done.get(content_hash(item))
                    if previous and previous.get("status") == "ok":
                        summary.skipped += 1
                        continue
                jobs.append(item)
            documents = [j for j in jobs if isinstance(j, Document)]
            results = iter(engine.map(documents))
            for item in jobs:
                if isinstance(item, Failure):
                    row = _failure_row(item)
                    out = None
                else:
                    out = next(results)
                    row = out["manifest"]
                summary.documents += 1
                if row["status"] != "ok":
                    summary.failed += 1
                    summary.failures.append(row)
                    if on_failure:
                        on_failure(row)
                if out is not None:
                    rows = out["claims"] if opts.what == "claims" else out["paragraphs"]
                    sink.write(rows)
                    summary.claims += row["claims"]
                    summary.paragraphs += row["paragraphs"]
                    summary.characters += row.get("chars", 0)
                    for kind, n in out["kinds"].items():
                        summary.kinds[kind] = summary.kinds.get(kind, 0) + n
                if manifest:
                    manifest.write(json.dumps(row, ensure_ascii=False) + "\n")
                    manifest.flush()
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix_str(f"{summary.characters / 1000:.0f}K chars, {summary.claims} claims",
                                        refresh=False)
    finally:
        engine.close()
        if bar is not None:
            bar.close()
        if manifest:
            manifest.close()
    summary.seconds = time.perf_counter() - started
    return summary
