"""Reading: files, folders, zips, JSONL/CSV archives, HTML and PDF → :class:`~fupin_nlp.records.Document`."""

from .decode import decode_bytes
from .html import html_to_text
from .readers import SUPPORTED_SUFFIXES, Failure, ReadOptions, iter_documents, read, read_text

__all__ = [
    "decode_bytes", "html_to_text", "Failure", "ReadOptions", "iter_documents", "read", "read_text",
    "SUPPORTED_SUFFIXES",
]
