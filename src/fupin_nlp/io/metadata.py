"""Metadata kept beside the documents: a JSONL or CSV table with an ``id`` column and any of
``date``, ``region``, ``title``, ``source``, ``url``, joined to documents by id.

Archives often ship texts as one file per article plus a manifest (``docs/<id>.txt`` and
``manifest.jsonl``); ``--metadata manifest.jsonl`` gives each document its publication date
(so 今年 and 去年 resolve) and its main region.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import RecordError
from ..records import Document
from .decode import decode_bytes

__all__ = ["load_metadata", "with_metadata"]

_FIELDS = ("date", "region", "title", "source", "url", "genre")


def load_metadata(path: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """``{id: {field: value}}`` from a JSONL or CSV metadata table; a bad row raises ``RecordError``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.jsonl"
    >>> _ = p.write_text('{"id": "d1", "date": "2020-08-24", "region": "林西县"}\\n', encoding="utf-8")
    >>> load_metadata(p)["d1"]["region"]
    '林西县'
    """
    path = Path(path)
    text, _ = decode_bytes(path.read_bytes(), str(path))
    rows: Iterable[dict[str, Any]]
    if path.suffix.lower() == ".csv":
        rows = csv.DictReader(io.StringIO(text, newline=""))
    else:
        def parsed() -> Iterator[dict[str, Any]]:
            for number, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as e:
                        raise RecordError(f"{path}:{number}", f"not JSON ({e.msg})") from None
                    except (ValueError, RecursionError) as e:  # a 5,000-digit number, [[[[…
                        reason = "nested too deeply" if isinstance(e, RecursionError) else str(e).split(";")[0]
                        raise RecordError(f"{path}:{number}", f"not readable JSON ({reason})") from None
        rows = parsed()
    table: dict[str, dict[str, Any]] = {}
    try:
        for row in rows:
            if not isinstance(row, dict) or not row.get("id"):
                raise RecordError(str(path), "a metadata row without an 'id'")
            table[str(row["id"])] = {k: row[k] for k in _FIELDS if row.get(k) not in (None, "")}
    except csv.Error as e:  # a field over the csv module's size limit, a NUL: not a traceback
        raise RecordError(str(path), f"malformed CSV ({e})") from None
    return table


def with_metadata(items: Iterable[Any], table: dict[str, dict[str, Any]]) -> Iterator[Any]:
    """Documents with their table row merged into ``meta`` (the document's own metadata wins)."""
    for item in items:
        if isinstance(item, Document) and item.doc_id in table:
            yield replace(item, meta={**table[item.doc_id], **item.meta})
        else:
            yield item
