"""Row sinks for batch runs: JSONL (file or stdout), CSV, Parquet (pyarrow, typed), DuckDB.

Every sink takes rows in bounded batches and is closed once, so a run's memory does
not grow with the archive.  A batch run calls, per batch of documents::

    sink.write(rows)             # the rows of the batch's documents, in order
    sink.write_documents(docs)   # their manifest rows (DuckDB keeps them in `documents`)
    sink.flush()                 # make both durable; only then is the manifest written

Durability per format (what a killed run leaves, and what ``--resume`` does with it):

* JSONL, CSV: rows are appended and flushed per batch.  On resume the file is cut back
  to the rows of the documents the manifest records (``keep_rows``) and appended to.
* Parquet: a Parquet file is only readable once its footer is written, so rows go to
  ``OUT.partial`` (one row group per batch) and the file is moved onto ``OUT`` when the
  run ends, or is stopped by SIGINT/SIGTERM.  On resume the kept rows of ``OUT`` are
  copied into the new ``OUT.partial`` first.  A run killed outright (SIGKILL, power
  loss) loses the rows of that run segment; ``OUT`` keeps those of the segments before,
  and resume redoes the rest (the manifest is cut back to the rows ``OUT`` holds).
* DuckDB: each batch is one transaction holding its rows *and* its ``documents`` rows,
  so the database is consistent at every moment; on resume it is the authority.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from ..frames import CLAIM_DTYPES, PARAGRAPH_DTYPES
from ..records import CLAIM_FIELDS

__all__ = [
    "open_sink", "Sink", "FORMATS", "arrow_schema", "CLAIM_COLUMNS", "PARAGRAPH_COLUMNS", "DOCUMENT_COLUMNS",
]

FORMATS = ("jsonl", "csv", "parquet", "duckdb")

#: Column order of claim rows in every format (claims.md, then the extras).
CLAIM_COLUMNS: tuple[str, ...] = (*CLAIM_FIELDS, "kind", "numeral")
#: Column order of paragraph rows (interfaces.md, then the raw-text span).
PARAGRAPH_COLUMNS: tuple[str, ...] = (
    "doc_id", "para", "kind", "text", "labels", "scores", "raw_start", "raw_end",
)
#: The ``documents`` table of a DuckDB output: the manifest row, then the document's metadata.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "seq", "doc_id", "source", "status", "error", "paragraphs", "claims", "rows", "chars", "seconds", "hash",
    "title", "date", "region", "outlet", "url", "format",
)
_FIXED = {"claims": CLAIM_COLUMNS, "paragraphs": PARAGRAPH_COLUMNS, "documents": DOCUMENT_COLUMNS}

_ARROW = {"string": pa.string(), "category": pa.string(), "Int64": pa.int64(), "Float64": pa.float64()}
_DOCUMENT_TYPES = {"seq": pa.int64(), "paragraphs": pa.int64(), "claims": pa.int64(), "rows": pa.int64(),
                   "chars": pa.int64(), "seconds": pa.float64()}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def arrow_schema(columns: Sequence[str], table: str, *, dictionary: bool = False) -> pa.Schema:
    """Typed Arrow columns for ``claims``/``paragraphs``/``findings``/``documents`` rows.

    ``dictionary`` stores the category columns (unit, kind, …) dictionary-encoded, as
    Parquet readers then give them back as pandas categoricals.

    >>> arrow_schema(["doc_id", "para", "value", "unit"], "claims").types
    [DataType(string), DataType(int64), DataType(double), DataType(string)]
    """
    dtypes = {"claims": CLAIM_DTYPES, "paragraphs": PARAGRAPH_DTYPES}.get(table, {})
    fields = []
    for name in columns:
        if table == "documents":
            fields.append(pa.field(name, _DOCUMENT_TYPES.get(name, pa.string())))
        elif name in ("labels", "doc_ids", "claims") or (table == "findings" and name == "paras"):
            fields.append(pa.field(name, pa.list_(pa.string() if name != "paras" else pa.int64())))
        elif name == "scores":
            fields.append(pa.field(name, pa.map_(pa.string(), pa.float64())))
        elif name in ("expected", "stated", "seconds"):
            fields.append(pa.field(name, pa.float64()))
        elif name in ("paragraphs", "chars"):
            fields.append(pa.field(name, pa.int64()))
        elif dictionary and dtypes.get(name) == "category":
            fields.append(pa.field(name, pa.dictionary(pa.int32(), pa.string())))
        else:
            fields.append(pa.field(name, _ARROW.get(dtypes.get(name, "string"), pa.string())))
    return pa.schema(fields)


def _arrow_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    columns = {name: [_clean(r.get(name)) for r in rows] for name in schema.names}
    if "scores" in columns:
        columns["scores"] = [list((v or {}).items()) for v in columns["scores"]]
    return pa.table(columns, schema=schema)


class Sink:
    """Base: ``write(rows)`` and ``flush()`` per batch, ``close()`` once.

    For a resumed run, before the first write: ``count()`` says how many whole rows the
    output already holds, and ``resume(keep_rows)`` keeps the first ``keep_rows`` of them
    and appends after them.
    """

    def write(self, rows: list[dict[str, Any]]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def write_documents(self, rows: list[dict[str, Any]]) -> None:
        """Manifest rows of the batch just written; only the DuckDB sink stores them."""

    def flush(self) -> None:
        """Make everything written so far durable (the manifest rows follow)."""

    def count(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def resume(self, keep_rows: int) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NullSink(Sink):
    """Rows go nowhere (``fupin summary``)."""

    def write(self, rows: list[dict[str, Any]]) -> None:
        pass

    def count(self) -> int:
        return 2**62

    def resume(self, keep_rows: int) -> None:
        pass


class _TextSink(Sink):
    def __init__(self, path: Path | None, *, fresh: bool = True):
        self.path = path
        self._out: TextIO | None = None if path else sys.stdout
        if path is not None and fresh:
            self._out = self._open("w")  # now, so no stale rows outlive a run killed early

    def _open(self, mode: str) -> TextIO:
        assert self.path is not None
        return open(self.path, mode, encoding="utf-8", newline="")

    def _stream(self) -> TextIO:
        if self._out is None:
            self._out = self._open("w")
        return self._out

    def flush(self) -> None:
        if self._out is not None:
            self._out.flush()

    def close(self) -> None:
        self._finish()
        if self.path is not None:
            self._stream().close()
        else:
            self._stream().flush()

    def _finish(self) -> None:
        pass


class JsonlSink(_TextSink):
    """One JSON object per line, UTF-8, keys in the row's order."""

    def write(self, rows: list[dict[str, Any]]) -> None:
        out = self._stream()
        for row in rows:
            clean = {k: _clean(v) for k, v in row.items()}
            out.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")

    def _lines(self, limit: int) -> tuple[int, int]:
        kept, offset = 0, 0
        if self.path is not None and self.path.exists():
            with open(self.path, "rb") as handle:
                for line in handle:
                    if kept == limit or not line.endswith(b"\n"):
                        break  # a line without its end was cut by a kill
                    kept += 1
                    offset += len(line)
        return kept, offset

    def count(self) -> int:
        return self._lines(2**62)[0]

    def resume(self, keep_rows: int) -> None:
        """Cut the file after its first ``keep_rows`` lines and append from there."""
        assert self.path is not None
        _, offset = self._lines(keep_rows)
        if self.path.exists():
            with open(self.path, "r+b") as handle:
                handle.truncate(offset)
        self._out = self._open("a")


class CsvSink(_TextSink):
    """A header, then one row per line; lists and maps as JSON text."""

    def __init__(self, path: Path | None, table: str, *, fresh: bool = True):
        super().__init__(path, fresh=fresh)
        self.table = table
        self._writer: Any = None
        self._columns: list[str] | None = list(_FIXED[table]) if table in _FIXED else None

    def _csv(self, first: dict[str, Any] | None) -> Any:
        if self._writer is None:
            if self._columns is None:
                self._columns = list(first or {})
            self._writer = csv.DictWriter(self._stream(), fieldnames=self._columns, extrasaction="ignore")
            self._writer.writeheader()
        return self._writer

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        writer = self._csv(rows[0])
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict))
                             else _clean(v) for k, v in row.items()})

    def _finish(self) -> None:
        if self._columns is not None and self._writer is None:
            self._csv(None)  # an empty run still leaves the header

    def _records(self, limit: int) -> Iterator[list[str]]:
        """The header, then up to ``limit`` whole records (a record may hold line breaks)."""
        if self.path is None or not self.path.exists():
            return
        with open(self.path, encoding="utf-8", newline="") as src:
            reader = csv.reader(src)
            try:
                header = next(reader, None)
                if not header:
                    return
                yield header
                for n, record in enumerate(reader):
                    if n == limit or len(record) != len(header):
                        return  # a short record was cut by a kill
                    yield record
            except csv.Error:
                return  # an unterminated quote at the end: the cut record is dropped

    def count(self) -> int:
        return max(0, sum(1 for _ in self._records(2**62)) - 1)

    def resume(self, keep_rows: int) -> None:
        """Rewrite the file with its header and first ``keep_rows`` records, then append."""
        assert self.path is not None
        tmp = self.path.with_name(self.path.name + ".tmp")
        header = None
        with open(tmp, "w", encoding="utf-8", newline="") as dst:
            writer = csv.writer(dst)
            for record in self._records(keep_rows):
                header = header or record
                writer.writerow(record)
        os.replace(tmp, self.path)
        self._out = self._open("a")
        if header:
            self._columns = header
            self._writer = csv.DictWriter(self._out, fieldnames=header, extrasaction="ignore")


class ParquetSink(Sink):
    """Typed Parquet through pyarrow; one row group per flushed batch, moved onto the path at the end."""

    def __init__(self, path: Path, table: str, *, fresh: bool = True):
        self.path, self.table = path, table
        self.partial = path.with_name(path.name + ".partial")
        if fresh:
            # a new run: an older file must not pass for this run's rows if it is killed outright
            self.path.unlink(missing_ok=True)
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = (arrow_schema(_FIXED[table], table, dictionary=True)
                                          if table in _FIXED else None)
        self._pending: list[dict[str, Any]] = []

    def _open(self, schema: pa.Schema) -> pq.ParquetWriter:
        if self._writer is None:
            self._schema = schema
            self._writer = pq.ParquetWriter(self.partial, schema)
        return self._writer

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._pending.extend(rows)

    def flush(self) -> None:
        # One row group per batch, so the file's memory stays that of a batch.
        if not self._pending:
            return
        schema = self._schema or arrow_schema(list(self._pending[0]), self.table)
        self._open(schema).write_table(_arrow_table(self._pending, schema))
        self._pending = []

    def _finished(self) -> pq.ParquetFile | None:
        try:
            return pq.ParquetFile(self.path) if self.path.exists() else None
        except (pa.ArrowInvalid, OSError):
            return None

    def count(self) -> int:
        done = self._finished()
        return done.metadata.num_rows if done is not None else 0

    def resume(self, keep_rows: int) -> None:
        """Copy the first ``keep_rows`` rows of the finished file into the new partial one."""
        done = self._finished()
        if done is None or keep_rows <= 0:
            return
        kept = 0
        writer = self._open(self._schema or done.schema_arrow)
        for batch in done.iter_batches(batch_size=8192):
            take = min(batch.num_rows, keep_rows - kept)
            if take <= 0:
                break
            writer.write_table(pa.Table.from_batches([batch.slice(0, take)]).cast(self._schema))
            kept += take

    def close(self) -> None:
        self.flush()
        if self._writer is None:
            # an empty run still leaves a readable file with the columns
            schema = self._schema or pa.schema([pa.field("doc_id", pa.string())])
            pq.write_table(schema.empty_table(), self.partial)
        else:
            self._writer.close()
        os.replace(self.partial, self.path)


class DuckdbSink(Sink):
    """A DuckDB database file with the rows' table (``claims`` or ``paragraphs``) and ``documents``.

    Each batch is one transaction: a reader of the file sees whole documents only, and
    the ``documents`` table says exactly which ones are in.
    """

    def __init__(self, path: Path, table: str, *, fresh: bool = True):
        try:
            import duckdb
        except ImportError:
            raise RuntimeError("DuckDB output needs the duckdb package: "
                               "pip install 'fupin_nlp[duckdb]'") from None
        self.path, self.table = path, table
        self._con = duckdb.connect(str(path))
        self._fixed = table in _FIXED
        if fresh:
            self._con.execute(f"DROP TABLE IF EXISTS {table}")
            if self._fixed:
                self._con.execute("DROP TABLE IF EXISTS documents")
        self._in_tx = False
        for name in ((table, "documents") if self._fixed else (table,)):
            if name in _FIXED:
                self._create(name, arrow_schema(_FIXED[name], name))

    def _exists(self, name: str) -> bool:
        return bool(self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])

    def _create(self, name: str, schema: pa.Schema) -> None:
        if not self._exists(name):
            empty = schema.empty_table()  # noqa: F841 - read by DuckDB's replacement scan
            self._con.execute(f"CREATE TABLE {name} AS SELECT * FROM empty")

    def _insert(self, name: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        schema = arrow_schema(_FIXED.get(name) or list(rows[0]), name)
        self._create(name, schema)
        if not self._in_tx:
            self._con.execute("BEGIN TRANSACTION")
            self._in_tx = True
        batch = _arrow_table(rows, schema)  # noqa: F841 - read by DuckDB's replacement scan
        self._con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch")

    def write(self, rows: list[dict[str, Any]], table: str | None = None) -> None:
        self._insert(table or self.table, rows)

    def write_documents(self, rows: list[dict[str, Any]]) -> None:
        if self._fixed:
            self._insert("documents", rows)

    def flush(self) -> None:
        if self._in_tx:
            self._con.execute("COMMIT")
            self._in_tx = False

    def recorded(self) -> list[dict[str, Any]]:
        """The ``documents`` rows already in the database, in run order."""
        cur = self._con.execute("SELECT * FROM documents ORDER BY seq")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def drop_unfinished(self) -> None:
        """Before a resume: documents that failed are done again, so their rows go."""
        self._con.execute("DELETE FROM documents WHERE status <> 'ok'")

    def count(self) -> int:
        return int(self._con.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    def resume(self, keep_rows: int) -> None:
        pass  # the run takes the documents table as the record (see ``recorded``)

    def close(self) -> None:
        if self._in_tx:
            self._con.execute("ROLLBACK")  # an unfinished batch is not in the manifest either
        self._con.close()


def open_sink(path: str | Path | None, fmt: str | None, table: str = "claims", *,
              resume: bool = False) -> Sink:
    """A sink for ``fmt`` (else the path's suffix); JSONL and CSV go to stdout without a path.

    ``resume`` opens an existing output to append to (the run then calls ``Sink.resume``).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> with open_sink(p, None) as s: s.write([{"surface": "4635户"}])
    >>> p.read_text(encoding="utf-8")
    '{"surface": "4635户"}\\n'
    """
    out = Path(path) if path else None
    if fmt is None:
        fmt = out.suffix.lstrip(".").lower() if out and out.suffix else "jsonl"
        fmt = {"db": "duckdb", "pq": "parquet", "ndjson": "jsonl"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format '{fmt}' (one of {', '.join(FORMATS)})")
    if fmt in ("parquet", "duckdb") and out is None:
        raise ValueError(f"--format {fmt} needs an output file: -o OUT")
    if resume and out is None:
        raise ValueError("--resume needs an output file (-o OUT) to append to")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return JsonlSink(out, fresh=not resume)
    if fmt == "csv":
        return CsvSink(out, table, fresh=not resume)
    if fmt == "parquet":
        return ParquetSink(out, table, fresh=not resume)
    return DuckdbSink(out, table, fresh=not resume)
