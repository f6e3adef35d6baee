"""The classifier as the rest of the library uses it: the shipped model, texts and paragraph frames.

``default_model()`` reads ``data/model/classifier.npz`` once; ``classify_texts``
and ``classify_paragraphs`` take an optional model so a user's own (from
``train``) can replace it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from fupin_nlp.classify.corpus import Example, read_jsonl, resolve_rows
from fupin_nlp.classify.estimator import ParagraphClassifier, decide

__all__ = ["default_model", "default_model_path", "classify_texts", "classify_paragraphs", "train",
           "default_docs_dir"]


def default_model_path() -> Path:
    """Where the shipped model lives (inside the package data).

    >>> default_model_path().name
    'classifier.npz'
    """
    return Path(str(resources.files("fupin_nlp") / "data" / "model" / "classifier.npz"))


@lru_cache(maxsize=1)
def default_model() -> ParagraphClassifier:
    """The shipped model, read once per process.

    >>> str(default_model().classes_[0])
    'overview'
    """
    return ParagraphClassifier.load(default_model_path())


def classify_texts(texts: Sequence[str], model: ParagraphClassifier | str | Path | None = None, *,
                   top: int = 5, explain: bool = True) -> list[dict[str, Any]]:
    """Labels (primary first), a score per code, and (with ``explain``) the terms behind each label.

    ``model`` is a fitted classifier, the path of a saved one, or None for the shipped one.
    The texts are featurised once; explanations cost more than the scores, so a batch
    that only needs labels passes ``explain=False``.

    >>> out = classify_texts(["全县累计实施危房改造1739户"])
    >>> out[0]["labels"][0], sorted(out[0])
    ('housing', ['explanation', 'labels', 'scores'])
    """
    model = load_model(model)
    texts = [str(t) for t in texts]
    if not texts:
        return []
    proba = model.predict_proba(texts)
    labels = decide(proba, model.thresholds_, model.classes_, model.max_labels)
    out = []
    for text, row, labs in zip(texts, proba, labels):
        item: dict[str, Any] = {"labels": labs,
                                "scores": {str(c): round(float(p), 6) for c, p in zip(model.classes_, row)}}
        if explain:
            item["explanation"] = {k: [(t, float(v)) for t, v in pairs]
                                   for k, pairs in model.explain(text, top=top).items()}
        out.append(item)
    return out


def load_model(model: ParagraphClassifier | str | Path | None = None) -> ParagraphClassifier:
    """A classifier from what a caller holds: itself, a saved file's path (cached), or the shipped one."""
    if isinstance(model, ParagraphClassifier):
        return model
    if model is None:
        return default_model()
    return _load_path(str(model))


@lru_cache(maxsize=4)
def _load_path(path: str) -> ParagraphClassifier:
    return ParagraphClassifier.load(path)


def _as_frame(doc_or_frame: Any) -> pd.DataFrame:
    if isinstance(doc_or_frame, pd.DataFrame):
        return doc_or_frame.copy()
    # Paragraph records (or dicts): anything with kind and text.
    rows = [p.to_dict() if hasattr(p, "to_dict") else dict(p) for p in doc_or_frame]
    return pd.DataFrame(rows)


def classify_paragraphs(doc_or_frame: pd.DataFrame | Iterable[Any],
                        model: ParagraphClassifier | None = None) -> pd.DataFrame:
    """A copy of the frame with ``labels`` (list, primary first) and ``scores`` (code → float).

    Only rows of kind ``body`` are classified; headings, boilerplate and source
    lines get ``[]`` and ``{}``.  The frame given is not changed.  Paragraph
    records (objects with ``to_dict()``) or dicts with ``kind`` and ``text`` are
    accepted as well.

    >>> df = pd.DataFrame({"kind": ["heading", "body"], "text": ["标题", "发放扶贫小额信贷2亿元"]})
    >>> classify_paragraphs(df)["labels"].tolist()[0]
    []
    """
    frame = _as_frame(doc_or_frame)
    for col in ("kind", "text"):
        if col not in frame.columns:
            raise ValueError(f"the frame needs a {col!r} column")
    labels: list[list[str]] = [[] for _ in range(len(frame))]
    scores: list[dict[str, float]] = [{} for _ in range(len(frame))]
    body = [i for i, kind in enumerate(frame["kind"].tolist()) if kind == "body"]
    if body:
        model = model if model is not None else default_model()
        texts = [str(frame["text"].iloc[i]) for i in body]
        # The texts are featurised once: predict() would transform them a second time.
        proba = model.predict_proba(texts)
        for i, labs, row in zip(body, decide(proba, model.thresholds_, model.classes_, model.max_labels), proba):
            labels[i] = labs
            scores[i] = {str(c): round(float(p), 6) for c, p in zip(model.classes_, row)}
    frame["labels"] = pd.Series(labels, index=frame.index, dtype=object)
    frame["scores"] = pd.Series(scores, index=frame.index, dtype=object)
    return frame


def default_docs_dir() -> Path | None:
    """The real-corpus ``docs`` folder that label rows with ``doc_id``/``para``/``sha1`` refer to.

    ``FUPIN_DOCS_DIR`` wins; otherwise ``../shared/corpora/real/docs`` beside the
    source checkout, when it exists.

    >>> default_docs_dir() is None or default_docs_dir().name == "docs"
    True
    """
    env = os.environ.get("FUPIN_DOCS_DIR")
    if env:
        return Path(env)
    guess = Path(__file__).resolve().parents[4] / "shared" / "corpora" / "real" / "docs"
    return guess if guess.is_dir() else None


def train(labels_jsonl: str | Path | Sequence[str | Path], out_path: str | Path | None = None, *,
          docs_dir: str | Path | None = None, exclude: Iterable[str] = (),
          **params: Any) -> ParagraphClassifier:
    """Fit a classifier on one or more label files and write it to ``out_path`` (when given).

    Rows hold ``text`` and ``labels``, or ``doc_id``/``para``/``sha1`` resolved
    against ``docs_dir`` (default ``default_docs_dir()``).  ``params`` go to
    ``ParagraphClassifier``.  This is what ``fupin train LABELS.jsonl -o MODEL`` runs.

    >>> # train("corpora/labels/bundled.jsonl", "model.npz")
    """
    files = [labels_jsonl] if isinstance(labels_jsonl, (str, Path)) else list(labels_jsonl)
    docs_dir = docs_dir if docs_dir is not None else default_docs_dir()
    examples: list[Example] = []
    for path in files:
        examples.extend(resolve_rows(read_jsonl(path), docs_dir, exclude=exclude).examples)
    if not examples:
        raise ValueError(f"no labelled body paragraphs in {', '.join(map(str, files))}")
    model = ParagraphClassifier(**params).fit([e.text for e in examples], [list(e.labels) for e in examples],
                                              groups=[e.doc_id for e in examples])
    if out_path is not None:
        model.save(out_path)
    return model
