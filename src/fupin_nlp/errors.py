"""Errors a user can meet.  Each names the document and the cause in one line."""

from __future__ import annotations

__all__ = [
    "FupinError", "ReadError", "DecodeError", "EmptyDocumentError", "BinaryDocumentError",
    "ArchiveError", "RecordError", "ModelFormatError", "PatternTimeoutError",
]


class FupinError(Exception):
    """Base of every error the library raises on purpose.

    ``kind`` is the short status written to a run's manifest.

    >>> str(DecodeError("a.txt", "not UTF-8, GB18030 or UTF-16"))
    'a.txt: not UTF-8, GB18030 or UTF-16'
    """

    kind = "error"

    def __init__(self, document: str, cause: str):
        self.document, self.cause = document, " ".join(str(cause).split())
        super().__init__(f"{document}: {self.cause}")


class ReadError(FupinError):
    kind = "read_error"


class DecodeError(ReadError):
    kind = "decode_error"


class EmptyDocumentError(ReadError):
    kind = "empty"


class BinaryDocumentError(ReadError):
    kind = "binary"


class ArchiveError(ReadError):
    kind = "archive_error"


class RecordError(ReadError):
    """A row of a JSONL or CSV archive that cannot be read."""

    kind = "bad_record"


class ModelFormatError(FupinError):
    kind = "model_error"


class PatternTimeoutError(FupinError):
    """A regular expression ran past its time guard (should never happen: patterns are linear)."""

    kind = "timeout"
