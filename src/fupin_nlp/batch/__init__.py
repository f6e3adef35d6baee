"""Batch runs over archives: engines (local pool, Dask), the manifest, resume, and row sinks."""

from .run import RunOptions, RunSummary, content_hash, load_manifest, process_one, run
from .writers import FORMATS, Sink, open_sink

__all__ = [
    "RunOptions", "RunSummary", "content_hash", "load_manifest", "process_one", "run", "FORMATS", "Sink",
    "open_sink",
]
