"""Engines turn chunks of documents into results, in order: in-process, a local process pool, or Dask.

Documents travel in chunks (a few dozen documents, or a bounded number of characters),
one task per chunk, so per-task overhead (pickling, scheduling) stays small next to the
work.  Start-up cost — jieba's dictionary, the classifier — is paid once per worker
process: both are cached per process (``segment.tokenizer``, :func:`resolve_model`), and
the pool's initializer loads them before the first chunk arrives.

An engine has ``submit(chunk) -> handle``, ``result(handle) -> list``, ``close()``.  The
run keeps a bounded window of chunks in flight and takes results in submission order,
so output order never depends on scheduling.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..records import Document

__all__ = ["make_engine", "resolve_model", "process_chunk", "SerialEngine", "PoolEngine", "DaskEngine"]

# Per-process caches: a model file read once per worker, whatever the number of chunks.
_MODELS: dict[str, Any] = {}
# A model object handed to the pool's initializer (an API user's own classifier).
_GIVEN: dict[str, Any] = {}


def resolve_model(spec: Any) -> Any:
    """The classifier a spec names, loaded once per process.

    ``None`` is the shipped model, ``False`` no classification, a path a model saved by
    ``fupin train``, ``"<given>"`` the object the pool's initializer received; any other
    object is used as it is.

    >>> resolve_model(False)
    False
    """
    if spec is False:
        return False
    if spec is None:
        from ..classify import default_model

        return default_model()
    if isinstance(spec, str) and spec == "<given>":
        return _GIVEN["model"]
    if isinstance(spec, (str, os.PathLike)):
        key = str(Path(spec))
        if key not in _MODELS:
            from ..classify import ParagraphClassifier

            _MODELS[key] = ParagraphClassifier.load(key)
        return _MODELS[key]
    return spec


def warm(spec: Any) -> None:
    """Load jieba's dictionary and the classifier now, so the first chunk does not pay for them."""
    from ..segment import tokenizer

    tokenizer()
    resolve_model(spec)


def warm_pipeline(spec: Any, given: Any = None) -> None:
    """Warm every lazy table of the pipeline (dictionary, model, gazetteer, patterns) in this process."""
    from ..io import read_text
    from .run import process_one

    if given is not None:
        _GIVEN["model"] = given
    warm(spec)
    process_one(read_text("截至2020年6月底，青溪县黄石乡罗溪村新增就业320人，占比12.5%。", "warm"), None,
                resolve_model(spec), "claims")


def _init_worker(spec: Any, given: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent decides when to stop
    # (after the batch in hand), so workers ignore SIGINT rather than die mid-chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if given is not None:
        _GIVEN["model"] = given
    warm(spec)


def process_chunk(documents: Sequence[Document], date: str | None, spec: Any,
                  what: str) -> list[dict[str, Any]]:
    """Results of ``process_one`` for each document of a chunk, in order (the unit of work of every engine).

    >>> from fupin_nlp.io import read_text
    >>> out = process_chunk([read_text("脱贫4635户。", "d")], None, False, "claims")
    >>> [r["manifest"]["claims"] for r in out]
    [1]
    """
    from .run import process_one

    model = resolve_model(spec)
    return [process_one(d, date, model, what) for d in documents]


class _Done:
    """A result computed at submission (the serial engine)."""

    __slots__ = ("value",)

    def __init__(self, value: list[dict[str, Any]]):
        self.value = value


class SerialEngine:
    """In this process, one chunk at a time: no pickling, the figures of one worker."""

    window = 1

    def __init__(self, date: str | None, model: Any, what: str):
        self.date, self.what = date, what
        self.spec = model

    def submit(self, chunk: list[Document]) -> _Done:
        return _Done(process_chunk(chunk, self.date, self.spec, self.what))

    def result(self, handle: _Done) -> list[dict[str, Any]]:
        return handle.value

    def close(self) -> None:
        pass


def _spec_and_given(model: Any) -> tuple[Any, Any]:
    if model is None or model is False or isinstance(model, (str, os.PathLike)):
        return (str(model) if isinstance(model, os.PathLike) else model), None
    return "<given>", model


class PoolEngine:
    """A local process pool of ``workers`` processes; each loads jieba and the model once."""

    def __init__(self, workers: int, date: str | None, model: Any, what: str):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        spec, given = _spec_and_given(model)
        # On Linux, fork: workers inherit the imported modules and start in a fraction of a second
        # (the pool is made before the run starts any thread).  Elsewhere the platform's default.
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        if context.get_start_method() == "fork":
            # load everything once here, before the fork: the workers inherit jieba's dictionary,
            # the model, the gazetteer and the compiled patterns instead of each building them
            warm_pipeline(spec, given)
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                         initargs=(spec, given))
        self.date, self.spec, self.what = date, spec, what
        # Two chunks per worker in flight: one running, one queued, so no worker waits on the parent.
        self.window = 2 * workers

    def submit(self, chunk: list[Document]) -> Any:
        return self._pool.submit(process_chunk, chunk, self.date, self.spec, self.what)

    def result(self, handle: Any) -> list[dict[str, Any]]:
        return handle.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """dask.distributed: a LocalCluster when no scheduler address is given, else that cluster."""

    def __init__(self, scheduler: str | None, workers: int, date: str | None, model: Any, what: str):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("the dask engine needs the 'dask' extra: "
                               "pip install 'fupin_nlp[dask]'") from None
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=50)
            self._client = Client(self._cluster)
        spec, given = _spec_and_given(model)
        if given is not None:
            # sent once to every worker; tasks carry a reference, not the model
            spec = self._client.scatter(given, broadcast=True)
        self.date, self.spec, self.what = date, spec, what
        n = len(self._client.scheduler_info().get("workers", {})) or workers
        self.window = 2 * n

    def submit(self, chunk: list[Document]) -> Any:
        return self._client.submit(process_chunk, chunk, self.date, self.spec, self.what, pure=False)

    def result(self, handle: Any) -> list[dict[str, Any]]:
        return handle.result()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(options: Any) -> SerialEngine | PoolEngine | DaskEngine:
    """The engine ``options`` ask for (``engine``, ``workers``, ``scheduler``).

    One local worker runs in this process (no pickling); more make a process pool.

    >>> from fupin_nlp.batch import RunOptions
    >>> type(make_engine(RunOptions(workers=1, model=False))).__name__
    'SerialEngine'
    """
    workers = options.workers or os.cpu_count() or 1
    if options.engine == "dask":
        return DaskEngine(options.scheduler, workers, options.date, options.model, options.what)
    if options.engine != "local":
        raise ValueError(f"unknown engine '{options.engine}' (local or dask)")
    if workers <= 1:
        return SerialEngine(options.date, options.model, options.what)
    return PoolEngine(workers, options.date, options.model, options.what)
