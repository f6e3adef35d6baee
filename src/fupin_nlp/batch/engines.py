"""Engines map documents to results, in order: in-process, a local process pool, or Dask.

Start-up cost (jieba's dictionary, the classifier) is paid once per worker process:
the pool's initializer warms them, and each worker keeps them for every document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import partial
from typing import Any

from ..records import Document

__all__ = ["make_engine", "SerialEngine", "PoolEngine", "DaskEngine"]


def _warm(model: Any) -> None:
    """Load what every document needs once per process."""
    from ..segment import tokenizer

    tokenizer()
    if model is not False:
        from ..classify import load_model

        load_model(model)


def _work(document: Document, date: str | None, model: Any, what: str) -> dict[str, Any]:
    from .run import process_one

    return process_one(document, date, model, what)


class SerialEngine:
    def __init__(self, date: str | None, model: Any, what: str):
        self._fn = partial(_work, date=date, model=model, what=what)

    def map(self, documents: Iterable[Document]) -> list[dict[str, Any]]:
        return [self._fn(d) for d in documents]

    def close(self) -> None:
        pass


class PoolEngine:
    """A process pool; ``map`` keeps input order, so output order never depends on scheduling."""

    def __init__(self, workers: int, date: str | None, model: Any, what: str):
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm, initargs=(model,))
        self._fn = partial(_work, date=date, model=model, what=what)

    def map(self, documents: Iterable[Document]) -> list[dict[str, Any]]:
        return list(self._pool.map(self._fn, documents, chunksize=1))

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskEngine:
    """dask.distributed: a LocalCluster when no scheduler address is given, else that cluster."""

    def __init__(self, scheduler: str | None, workers: int, date: str | None, model: Any, what: str):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("the dask engine needs the 'dask' extra: pip install 'fupin_nlp[dask]'") from None
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        self._fn = partial(_work, date=date, model=model, what=what)

    def map(self, documents: Iterable[Document]) -> list[dict[str, Any]]:
        documents = list(documents)
        if not documents:
            return []
        futures = self._client.map(self._fn, documents, pure=False)
        return self._client.gather(futures)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(options: Any) -> SerialEngine | PoolEngine | DaskEngine:
    """The engine ``options`` ask for (``engine``, ``workers``, ``scheduler``)."""
    workers = options.workers or os.cpu_count() or 1
    if options.engine == "dask":
        return DaskEngine(options.scheduler, workers, options.date, options.model, options.what)
    if options.engine != "local":
        raise ValueError(f"unknown engine '{options.engine}' (local or dask)")
    if workers <= 1:
        return SerialEngine(options.date, options.model, options.what)
    return PoolEngine(workers, options.date, options.model, options.what)
