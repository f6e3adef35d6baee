"""Row sinks for batch runs: JSONL (file or stdout), CSV, Parquet (pyarrow, typed), DuckDB.

Every sink takes rows in bounded batches (``write(rows)``) and is closed once, so a
run's memory does not grow with the archive.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from ..frames import CLAIM_DTYPES, PARAGRAPH_DTYPES

__all__ = ["open_sink", "Sink", "FORMATS", "arrow_schema"]

FORMATS = ("jsonl", "csv", "parquet", "duckdb")

_ARROW = {"string": pa.string(), "category": pa.string(), "Int64": pa.int64(), "Float64": pa.float64()}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def arrow_schema(columns: Sequence[str], table: str) -> pa.Schema:
    """Typed Arrow columns for ``claims``/``paragraphs``/``findings``/``documents`` rows."""
    dtypes = {"claims": CLAIM_DTYPES, "paragraphs": PARAGRAPH_DTYPES}.get(table, {})
    fields = []
    for name in columns:
        if name in ("labels", "doc_ids", "claims") or (table == "findings" and name == "paras"):
            fields.append(pa.field(name, pa.list_(pa.string() if name != "paras" else pa.int64())))
        elif name == "scores":
            fields.append(pa.field(name, pa.map_(pa.string(), pa.float64())))
        elif name in ("expected", "stated", "seconds"):
            fields.append(pa.field(name, pa.float64()))
        elif name in ("paragraphs", "chars"):
            fields.append(pa.field(name, pa.int64()))
        else:
            fields.append(pa.field(name, _ARROW.get(dtypes.get(name, "string"), pa.string())))
    return pa.schema(fields)


class Sink:
    """Base: ``write(rows)`` many times, ``close()`` once."""

    def write(self, rows: list[dict[str, Any]]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class JsonlSink(Sink):
    def __init__(self, path: Path | None):
        self._own = path is not None
        self._out: TextIO = open(path, "w", encoding="utf-8") if path else sys.stdout

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self._out.write(json.dumps({k: _clean(v) for k, v in row.items()}, ensure_ascii=False,
                                       default=str) + "\n")
        self._out.flush()

    def close(self) -> None:
        if self._own:
            self._out.close()


class CsvSink(Sink):
    def __init__(self, path: Path | None):
        self._own = path is not None
        self._out: TextIO = open(path, "w", encoding="utf-8", newline="") if path else sys.stdout
        self._writer: csv.DictWriter | None = None

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else _clean(v)
                    for k, v in row.items()}
            if self._writer is None:
                self._writer = csv.DictWriter(self._out, fieldnames=list(flat), extrasaction="ignore")
                self._writer.writeheader()
            self._writer.writerow(flat)
        self._out.flush()

    def close(self) -> None:
        if self._own:
            self._out.close()


class ParquetSink(Sink):
    def __init__(self, path: Path, table: str):
        self.path, self.table = path, table
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._schema is None:
            self._schema = arrow_schema(list(rows[0]), self.table)
            self._writer = pq.ParquetWriter(self.path, self._schema)
        columns = {name: [_clean(r.get(name)) for r in rows] for name in self._schema.names}
        if "scores" in columns:
            columns["scores"] = [list((v or {}).items()) for v in columns["scores"]]
        batch = pa.table(columns, schema=self._schema)
        self._writer.write_table(batch)

    def close(self) -> None:
        if self._writer is None:
            # an empty run still leaves a readable file
            pq.write_table(pa.table({"doc_id": pa.array([], pa.string())}), self.path)
        else:
            self._writer.close()


class DuckdbSink(Sink):
    """A DuckDB database file; rows go to ``table`` (``claims`` or ``paragraphs``) through Arrow."""

    def __init__(self, path: Path, table: str):
        try:
            import duckdb
        except ImportError:
            raise RuntimeError("DuckDB output needs the duckdb package: pip install 'fupin_nlp[duckdb]'") from None
        self.table = table
        self._con = duckdb.connect(str(path))
        self._con.execute(f"DROP TABLE IF EXISTS {table}")
        self._created = False
        self._schema: pa.Schema | None = None

    def write(self, rows: list[dict[str, Any]], table: str | None = None) -> None:
        if not rows:
            return
        name = table or self.table
        schema = arrow_schema(list(rows[0]), name)
        columns = {n: [_clean(r.get(n)) for r in rows] for n in schema.names}
        if "scores" in columns:
            columns["scores"] = [list((v or {}).items()) for v in columns["scores"]]
        batch = pa.table(columns, schema=schema)  # noqa: F841 - read by DuckDB's replacement scan
        exists = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0]
        if exists and (name != self.table or self._created):
            self._con.execute(f"INSERT INTO {name} SELECT * FROM batch")
        else:
            self._con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM batch")
            if name == self.table:
                self._created = True

    def close(self) -> None:
        self._con.close()


def open_sink(path: str | Path | None, fmt: str | None, table: str = "claims") -> Sink:
    """A sink for ``fmt`` (inferred from the path's suffix when not given); JSONL/CSV to stdout without a path.

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
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return JsonlSink(out)
    if fmt == "csv":
        return CsvSink(out)
    if fmt == "parquet":
        return ParquetSink(out, table)
    return DuckdbSink(out, table)
