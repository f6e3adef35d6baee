"""Paths to documents: files, folders (recursive), zip archives, JSONL/CSV archives, HTML, PDF.

``iter_documents`` streams: it yields each ``Document`` as soon as it is read and a
``Failure`` for each input that could not be, so that a batch can go on and still
account for every input.  Zip members are read in memory and never extracted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ArchiveError, BinaryDocumentError, FupinError, ReadError, RecordError
from ..records import Document
from .decode import decode_bytes
from .html import html_to_text

__all__ = [
    "Failure", "ReadOptions", "iter_documents", "read", "read_text", "SUPPORTED_SUFFIXES",
]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARCHIVE_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | ARCHIVE_SUFFIXES | {".pdf", ".zip"}
META_COLUMNS = ("title", "date", "source", "region", "url")


@dataclass(frozen=True)
class ReadOptions:
    """How archives are read and how far a stranger's zip may go.

    ``columns`` renames archive columns to ours: ``{"id": "article_id", "text": "content"}``.
    """

    columns: dict[str, str] | None = None
    max_members: int = 100_000
    max_member_bytes: int = 200 * 2**20
    max_total_bytes: int = 4 * 2**30
    max_ratio: int = 200  # uncompressed / compressed; zip bombs go far beyond
    max_file_bytes: int = 4 * 2**30  # one file on disk: the whole of it is read into memory
    date: str | None = None

    def column(self, name: str) -> str:
        return (self.columns or {}).get(name, name)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: it keeps its place in the run's manifest."""

    doc_id: str
    source: str
    error: FupinError

    @property
    def kind(self) -> str:
        return self.error.kind

    @property
    def message(self) -> str:
        return str(self.error)


def _stem(name: str) -> str:
    base = PurePosixPath(name).name
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return PurePosixPath(base).stem


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _text_document(data: bytes, name: str, doc_id: str, opts: ReadOptions) -> Document:
    text, encoding = decode_bytes(data, name)
    meta: dict[str, Any] = {"encoding": encoding, "format": "text"}
    if opts.date:
        meta["date"] = opts.date
    return Document(doc_id, name, text, meta)


def _html_document(data: bytes, name: str, doc_id: str, opts: ReadOptions) -> Document:
    markup, encoding = decode_bytes(data, name)
    text, title = html_to_text(markup)
    if not text.strip():
        raise ReadError(name, "HTML page with no text content")
    meta: dict[str, Any] = {"encoding": encoding, "format": "html"}
    if title:
        meta["title"] = title
    if opts.date:
        meta["date"] = opts.date
    return Document(doc_id, name, text, meta)


def _pdf_document(data: bytes, name: str, doc_id: str, opts: ReadOptions) -> Document:
    try:
        import pdfplumber
    except ImportError:
        raise ReadError(name, "PDF input needs the 'pdf' extra: pip install 'fupin_nlp[pdf]'") from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as e:  # pdfminer raises many types for broken files
        raise ReadError(name, f"PDF could not be parsed ({type(e).__name__}: {e})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(name, "PDF has no extractable text (scanned image?)")
    meta: dict[str, Any] = {"format": "pdf", "pages": len(pages)}
    if opts.date:
        meta["date"] = opts.date
    return Document(doc_id, name, text, meta)


def _row_document(row: dict[str, Any], name: str, where: str, opts: ReadOptions) -> Document:
    id_col, text_col = opts.column("id"), opts.column("text")
    text = row.get(text_col)
    doc_id = row.get(id_col)
    if doc_id in (None, ""):
        raise RecordError(f"{name}:{where}", f"row has no '{id_col}'")
    if not isinstance(text, str) or not text.strip():
        raise RecordError(f"{name}:{where} (id {doc_id})", f"row has no text in column '{text_col}'")
    meta: dict[str, Any] = {"format": "archive", "row": where}
    for key in META_COLUMNS:
        value = row.get(opts.column(key))
        if value not in (None, ""):
            meta[key] = str(value)
    if opts.date and "date" not in meta:
        meta["date"] = opts.date
    return Document(str(doc_id), f"{name}#{doc_id}", text, meta)


def _has_json_rows(text: str, look: int = 50) -> bool:
    """Whether one of the first ``look`` non-blank lines is a JSON object: a JSONL archive, not a blob."""
    for line in text.splitlines():
        if line.strip():
            try:
                if isinstance(json.loads(line), dict):
                    return True
            except (ValueError, RecursionError):
                pass
            look -= 1
            if not look:
                break
    return False


def _jsonl_documents(data: bytes, name: str, opts: ReadOptions) -> Iterator[Document | Failure]:
    try:
        text, _ = decode_bytes(data, name)
    except BinaryDocumentError as e:
        # NULs in one line (a crash leaves zero-filled blocks) cost that line only; a binary blob
        # named .jsonl is one failure, not one per "line"
        try:
            text, _ = decode_bytes(data, name, binary_ok=True)
        except FupinError:
            text = ""
        if not _has_json_rows(text):
            yield Failure(_stem(name), name, e)
            return
    except FupinError as e:
        yield Failure(_stem(name), name, e)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise RecordError(f"{name}:{where}", "line is JSON but not an object")
            yield _row_document(row, name, where, opts)
        except json.JSONDecodeError as e:
            yield Failure(f"{_stem(name)}:{number}", f"{name}:{where}",
                          RecordError(f"{name}:{where}", f"not JSON ({e.msg} at column {e.colno})"))
        except (ValueError, RecursionError) as e:
            # json.loads refuses integers of more than 4300 digits (ValueError) and nesting deeper
            # than the interpreter's stack (RecursionError): a hostile line, not a crash of the run
            reason = "nested too deeply" if isinstance(e, RecursionError) else str(e).split(";")[0]
            yield Failure(f"{_stem(name)}:{number}", f"{name}:{where}",
                          RecordError(f"{name}:{where}", f"not readable JSON ({reason})"))
        except FupinError as e:
            yield Failure(f"{_stem(name)}:{number}", f"{name}:{where}", e)


def _csv_documents(data: bytes, name: str, opts: ReadOptions) -> Iterator[Document | Failure]:
    try:
        text, _ = decode_bytes(data, name)
    except FupinError as e:
        yield Failure(_stem(name), name, e)
        return
    csv.field_size_limit(2**31 - 1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in (opts.column("id"), opts.column("text")) if c not in (reader.fieldnames or [])]
    if missing:
        yield Failure(_stem(name), name, RecordError(name, f"CSV has no column {', '.join(missing)}"))
        return
    try:
        for number, row in enumerate(reader, 2):
            where = f"row {number}"
            if None in row:  # more cells than header names
                yield Failure(f"{_stem(name)}:{number}", f"{name}:{where}",
                              RecordError(f"{name}:{where}", "row has more cells than the header"))
                continue
            try:
                yield _row_document(row, name, where, opts)
            except FupinError as e:
                yield Failure(f"{_stem(name)}:{number}", f"{name}:{where}", e)
    except csv.Error as e:
        yield Failure(_stem(name), name, RecordError(name, f"malformed CSV: {e}"))


def _documents_from_bytes(data: bytes, name: str, opts: ReadOptions) -> Iterator[Document | Failure]:
    suffix, doc_id = _suffix(name), _stem(name)
    if suffix == ".jsonl" or suffix == ".ndjson":
        yield from _jsonl_documents(data, name, opts)
        return
    if suffix == ".csv":
        yield from _csv_documents(data, name, opts)
        return
    if suffix == ".zip":
        yield from _zip_documents(data, name, opts)
        return
    reader = {".pdf": _pdf_document}.get(suffix)
    if reader is None:
        reader = _html_document if suffix in HTML_SUFFIXES else _text_document
    try:
        yield reader(data, name, doc_id, opts)
    except FupinError as e:
        yield Failure(doc_id, name, e)


def _zip_documents(data: bytes, name: str, opts: ReadOptions) -> Iterator[Document | Failure]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        yield Failure(_stem(name), name, ArchiveError(name, f"not a readable zip file ({e})"))
        return
    if len(members) > opts.max_members:
        yield Failure(_stem(name), name, ArchiveError(name, f"{len(members)} members, more than the limit "
                                                            f"of {opts.max_members}"))
        return
    total = 0
    for member in sorted(members, key=lambda m: m.filename):
        member_name = f"{name}!{member.filename}"
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or member.filename.startswith(("/", "\\")) or (
            len(member.filename) > 1 and member.filename[1] == ":"
        ):
            yield Failure(_stem(member.filename), member_name,
                          ArchiveError(member_name, "unsafe member path (absolute or '..'), skipped"))
            continue
        if _suffix(member.filename) not in SUPPORTED_SUFFIXES - {".zip"}:
            yield Failure(_stem(member.filename), member_name,
                          ArchiveError(member_name, f"unsupported member type '{_suffix(member.filename)}'"))
            continue
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > opts.max_member_bytes or (member.file_size > 2**20 and ratio > opts.max_ratio):
            yield Failure(_stem(member.filename), member_name, ArchiveError(
                member_name, f"member too large ({member.file_size} bytes, ratio {ratio:.0f}:1): "
                             "possible zip bomb, skipped"))
            continue
        if total + member.file_size > opts.max_total_bytes:
            yield Failure(_stem(member.filename), member_name,
                          ArchiveError(member_name, "archive exceeds the total uncompressed size limit "
                                                    f"of {opts.max_total_bytes} bytes: this member and the "
                                                    "rest skipped"))
            return
        # the sizes above come from the archive's own header, which a hostile zip may falsify:
        # read no more than the limits allow and check the bytes actually inflated
        budget = min(opts.max_member_bytes, opts.max_total_bytes - total,
                     max(2**20, member.compress_size * opts.max_ratio))
        try:
            with archive.open(member) as handle:
                content = handle.read(budget + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError) as e:
            yield Failure(_stem(member.filename), member_name,
                          ArchiveError(member_name, f"member could not be read ({' '.join(str(e).split())})"))
            continue
        except zlib.error as e:
            yield Failure(_stem(member.filename), member_name,
                          ArchiveError(member_name, f"member is corrupt ({e})"))
            continue
        total += len(content)
        if len(content) > budget:
            yield Failure(_stem(member.filename), member_name, ArchiveError(
                member_name, f"member inflates beyond what its header says ({member.file_size} bytes) "
                             f"and past the limit of {budget} bytes: possible zip bomb, skipped"))
            continue
        yield from _documents_from_bytes(content, member_name, opts)


def _display(path: str | os.PathLike) -> str:
    """A path as text that can always be printed and written as UTF-8 (undecodable bytes escaped).

    >>> print(_display(os.fsdecode(b"a\\xff.txt")))
    a\\xff.txt
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def _walk(root: Path) -> Iterator[Path | Failure]:
    """Files below ``root`` in sorted order, and a ``Failure`` for each folder that cannot be listed.

    Hidden files and folders are not documents; links leading outside ``root`` are not followed
    (folder links are never descended, file links only when they stay inside ``root``).
    """
    real_root = root.resolve()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=errors.append):
        while errors:
            e = errors.pop(0)
            where = _display(e.filename or dirpath)
            yield Failure(_stem(where), where, ReadError(where, f"folder not readable ({e.strerror or e})"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if filename.startswith("."):
                continue
            if path.is_symlink():
                where = _display(path)
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):  # a loop of links, or a link to nothing
                    yield Failure(_stem(where), where, ReadError(where, "broken or looping symbolic link"))
                    continue
                if not target.is_relative_to(real_root):
                    # reported, never silently skipped: the input is accounted for in the manifest
                    yield Failure(_stem(where), where, ReadError(
                        where, "symbolic link leads outside the folder given, not followed"))
                    continue
            yield path
    for e in errors:  # the root itself could not be listed
        where = _display(e.filename or root)
        yield Failure(_stem(where), where, ReadError(where, f"folder not readable ({e.strerror or e})"))


def _read_file(file: Path, opts: ReadOptions) -> bytes | Failure:
    """The bytes of a regular file within the size limit, or the reason it cannot be read.

    A pipe or a device named ``x.txt`` would block the run or never end: only regular files are read.
    """
    name = _display(file)
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            return Failure(_stem(name), name,
                           ReadError(name, "not a regular file (a device, pipe or socket)"))
        if info.st_size > opts.max_file_bytes:
            return Failure(_stem(name), name, ReadError(
                name, f"file of {info.st_size} bytes exceeds the limit of {opts.max_file_bytes} bytes"))
        return file.read_bytes()
    except OSError as e:
        return Failure(_stem(name), name, ReadError(name, e.strerror or str(e)))
    except MemoryError:
        return Failure(_stem(name), name, ReadError(name, "file too large for the memory available"))


def _gold_or_side_file(path: Path) -> bool:
    """Annotation files that sit beside documents in a corpus folder are not documents."""
    name = path.name
    return name.endswith((".gold.json", ".claims.jsonl", ".labels.jsonl", ".manifest.jsonl")) or name in (
        "manifest.jsonl", "README.md", "reserved.txt",
    )


def iter_documents(paths: Iterable[str | os.PathLike] | str | os.PathLike,
                   options: ReadOptions | None = None) -> Iterator[Document | Failure]:
    """Stream every document under ``paths``: a ``Document`` for each one read, a ``Failure`` for each not.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("脱贫4635户", encoding="utf-8")
    >>> [x.doc_id for x in iter_documents(d)]
    ['a']
    """
    opts = options or ReadOptions()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        path = Path(given)
        shown = _display(path)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as e:  # a name too long, a loop of links
            yield Failure(_stem(shown), shown, ReadError(shown, e.strerror or str(e)))
            continue
        if is_dir:
            files: Iterable[Path | Failure] = (
                p for p in _walk(path) if isinstance(p, Failure)
                or (not _gold_or_side_file(p) and _suffix(p.name) in SUPPORTED_SUFFIXES))
        elif exists:
            files = [path]
        else:
            yield Failure(_stem(shown), shown, ReadError(shown, "no such file or folder"))
            continue
        for file in files:
            if isinstance(file, Failure):
                yield file
                continue
            data = _read_file(file, opts)
            if isinstance(data, Failure):
                yield data
                continue
            yield from _documents_from_bytes(data, _display(file), opts)


def read(path: str | os.PathLike, *, options: ReadOptions | None = None,
         date: str | None = None) -> list[Document]:
    """Read every document under ``path``; the first failure raises its ``FupinError``.

    Use :func:`iter_documents` to go on past bad inputs.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.txt"; _ = p.write_bytes("南昌县4635户".encode("gb18030"))
    >>> read(p)[0].raw
    '南昌县4635户'
    """
    opts = options or ReadOptions(date=date)
    if date and options is not None:
        opts = ReadOptions(**{**options.__dict__, "date": date})
    out: list[Document] = []
    for item in iter_documents(path, opts):
        if isinstance(item, Failure):
            raise item.error
        out.append(item)
    return out


def read_text(text: str, doc_id: str = "text", *, date: str | None = None) -> Document:
    """Wrap a string as a document.

    >>> read_text("脱贫4635户", "d1").doc_id
    'd1'
    """
    return Document(doc_id, "<text>", text, {"date": date} if date else {})
