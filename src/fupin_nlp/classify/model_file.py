"""The safe model file: a ``.npz`` of plain arrays and JSON strings, read with ``allow_pickle=False``.

Contents: ``format`` and ``version``; ``params`` (the estimator's parameters,
JSON); ``meta`` (classes, segmenter, keywords and, per block, its type and the
``TfidfVectorizer`` parameters, JSON); per TF-IDF block the learned
``vocabulary_`` as two parallel arrays ``block<i>_terms`` (unicode) and
``block<i>_cols`` (int), and ``block<i>_idf``; ``coef`` (float32, labels ×
features), ``intercept`` and ``thresholds``.  Reading never executes code from the file, and every shape is
checked before the model is built.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from fupin_nlp.classify.estimator import ParagraphClassifier
from fupin_nlp.classify.features import KeywordBlock, rebuild_vectorizer, vectorizer_state
from fupin_nlp.errors import ModelFormatError

__all__ = ["save_model", "load_model", "FORMAT", "VERSION"]

FORMAT = "fupin_nlp.paragraph_classifier"
VERSION = 2  # 2: the TF-IDF blocks are sklearn TfidfVectorizers


def _json_array(obj) -> np.ndarray:
    return np.array(json.dumps(obj, ensure_ascii=False, sort_keys=True))


def save_model(model: ParagraphClassifier, path: str | Path) -> Path:
    """Write a fitted ``model`` to ``path`` (``.npz``) and return the path.

    >>> # save_model(ParagraphClassifier().fit(texts, labels), "model.npz")
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "coef_")
    path = Path(path)
    params = model.get_params()
    blocks_meta, arrays = [], {}
    for i, block in enumerate(model.blocks_):
        if isinstance(block, KeywordBlock):
            blocks_meta.append({"type": "keywords"})
            continue
        vec_params, terms, cols, idf = vectorizer_state(block)
        blocks_meta.append({"type": "tfidf", "params": vec_params})
        # A unicode array, not an object array: np.load(allow_pickle=False) reads it.
        arrays[f"block{i}_terms"] = np.array(terms, dtype=str)
        arrays[f"block{i}_cols"] = cols.astype(np.int64)
        arrays[f"block{i}_idf"] = idf
    meta = {"classes": [str(c) for c in model.classes_], "segmenter": model.segmenter_,
            # a list of pairs, not an object: the JSON is written with sorted keys and the
            # order of the keyword columns must survive
            "keywords": [[c, list(w)] for c, w in model.keywords_.items()], "blocks": blocks_meta}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh, format=np.array(FORMAT), version=np.array(VERSION), params=_json_array(params),
            meta=_json_array(meta), coef=model.coef_.astype(np.float32),
            intercept=model.intercept_.astype(np.float64), thresholds=model.thresholds_.astype(np.float64),
            **arrays)
    return path


def _fail(path: Path, cause: str):
    raise ModelFormatError(str(path), cause)


def load_model(path: str | Path) -> ParagraphClassifier:
    """Read a model file written by ``save_model``.

    Raises ``ModelFormatError`` naming the file when it is missing, not an
    ``.npz``, holds pickled objects, or its arrays do not fit together.

    >>> # load_model("model.npz").predict(["发放小额信贷"])
    """
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except FileNotFoundError:
        _fail(path, "model file not found")
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        _fail(path, f"not a readable .npz model file ({exc})")
    try:
        return _build(path, arrays)
    except ModelFormatError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        _fail(path, f"malformed model file ({type(exc).__name__}: {exc})")


def _build(path: Path, a: dict[str, np.ndarray]) -> ParagraphClassifier:
    if str(a["format"]) != FORMAT:
        _fail(path, f"not a paragraph-classifier model (format {str(a['format'])!r})")
    if int(a["version"]) != VERSION:
        _fail(path, f"model version {int(a['version'])} is not supported (expected {VERSION}); "
                    "retrain it with `fupin train`")
    params = json.loads(str(a["params"]))
    meta = json.loads(str(a["meta"]))
    for key in ("char_ngram", "word_ngram", "threshold_range"):
        if isinstance(params.get(key), list):
            params[key] = tuple(params[key])
    model = ParagraphClassifier(**params)
    model.classes_ = np.array([str(c) for c in meta["classes"]])
    model.segmenter_ = str(meta["segmenter"])
    if model.segmenter_ == "fupin":
        try:
            from fupin_nlp.segment import cut  # noqa: F401
        except ImportError:
            _fail(path, "the model was trained with fupin_nlp.segment, which is not available")
    elif model.segmenter_ != "jieba":
        _fail(path, f"unknown segmenter {model.segmenter_!r}")
    model.keywords_ = {str(c): tuple(str(w) for w in ws) for c, ws in meta["keywords"]}
    blocks, width = [], 0
    for i, b in enumerate(meta["blocks"]):
        if b["type"] == "keywords":
            block = KeywordBlock(model.keywords_)
            width += len(model.keywords_)
        elif b["type"] == "tfidf":
            terms = [str(t) for t in a[f"block{i}_terms"].tolist()]
            try:
                block = rebuild_vectorizer(b["params"], terms, a[f"block{i}_cols"], a[f"block{i}_idf"])
            except ValueError as exc:
                _fail(path, f"block {i}: {exc}")
            width += len(terms)
        else:
            _fail(path, f"block {i}: unknown type {b['type']!r}")
        blocks.append(block)
    model.blocks_ = blocks
    n = len(model.classes_)
    coef = np.asarray(a["coef"])
    if coef.dtype.kind != "f" or coef.shape != (n, width):
        _fail(path, f"coef has shape {coef.shape}, expected {(n, width)}")
    model.coef_ = coef.astype(np.float64)
    model.intercept_ = np.asarray(a["intercept"], dtype=np.float64)
    model.thresholds_ = np.asarray(a["thresholds"], dtype=np.float64)
    if model.intercept_.shape != (n,) or model.thresholds_.shape != (n,):
        _fail(path, "intercept or thresholds do not match the classes")
    return model
