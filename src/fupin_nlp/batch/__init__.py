"""Batch runs over archives: engines (local pool, Dask), the manifest, resume, and row sinks.

>>> from fupin_nlp.batch import RunOptions, open_sink, run
"""

from .run import MANIFEST_FIELDS, RunOptions, RunSummary, content_hash, load_manifest, process_one, run
from .writers import FORMATS, NullSink, Sink, open_sink

__all__ = [
    "RunOptions", "RunSummary", "content_hash", "load_manifest", "process_one", "run", "FORMATS", "Sink",
    "NullSink", "open_sink", "MANIFEST_FIELDS",
]
