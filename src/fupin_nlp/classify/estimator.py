"""The paragraph classifier: one-vs-rest logistic regression over scikit-learn TF-IDF (and keyword) features.

A scikit-learn style estimator (``__init__`` stores parameters, ``fit`` returns
``self``, learned attributes end in ``_``), so it can sit in a ``Pipeline`` or
``GridSearchCV``.  Per-label thresholds are chosen on out-of-fold scores of
the training data; the model file (model_file.py) stores only arrays.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from fupin_nlp.classify.features import (
    KeywordBlock,
    locate,
    make_vectorizer,
    resolve_segmenter,
    vectorizer_terms,
)
from fupin_nlp.classify.taxonomy import codes, keyword_table

__all__ = ["ParagraphClassifier", "FEATURE_SETS", "decide", "choose_threshold", "group_folds"]

#: Which feature blocks each ``features`` setting uses.
FEATURE_SETS = {
    "char": ("char",),
    "word": ("word",),
    "char+word": ("char", "word"),
    "char+keywords": ("char", "keywords"),
    "combo": ("char", "word", "keywords"),
}
_THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.05), 2)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def decide(proba: np.ndarray, thresholds: np.ndarray, classes: Sequence[str],
           max_labels: int = 3) -> list[list[str]]:
    """Turn scores into label lists: the top score first, then every other label past its threshold.

    The top-scoring label is always kept, so a body paragraph always has a
    primary label even when nothing passes its threshold.

    >>> decide(np.array([[0.9, 0.6, 0.2]]), np.array([0.5, 0.5, 0.5]), ["a", "b", "c"])
    [['a', 'b']]
    >>> decide(np.array([[0.3, 0.1, 0.2]]), np.array([0.5, 0.5, 0.5]), ["a", "b", "c"])
    [['a']]
    """
    out = []
    for row in np.atleast_2d(proba):
        order = np.argsort(-row, kind="stable")
        chosen = [order[0]] + [i for i in order[1:] if row[i] >= thresholds[i]]
        out.append([str(classes[i]) for i in chosen[:max_labels]])
    return out


def choose_threshold(scores: np.ndarray, truth: np.ndarray, default: float = 0.5,
                     min_positives: int = 2) -> float:
    """The threshold on the grid 0.05…0.95 that maximises F1 of ``scores >= t`` against ``truth``.

    With fewer than ``min_positives`` positive examples the estimate is noise,
    so ``default`` is kept.  Ties go to the median of the best thresholds.

    >>> choose_threshold(np.array([0.9, 0.8, 0.3, 0.1]), np.array([1, 1, 0, 0]))
    0.6
    """
    truth = np.asarray(truth).astype(bool)
    if truth.sum() < min_positives:
        return default
    f1s = []
    for t in _THRESHOLD_GRID:
        pred = scores >= t
        tp = float((pred & truth).sum())
        f1s.append(2 * tp / (pred.sum() + truth.sum()) if tp else 0.0)
    f1s = np.array(f1s)
    best = _THRESHOLD_GRID[np.isclose(f1s, f1s.max())]
    return float(best[len(best) // 2])


def group_folds(n: int, groups: Sequence[str] | None, k: int, seed: int = 0) -> list[np.ndarray]:
    """Fold index per row: whole groups (documents) go to one fold, folds balanced by size.

    Without groups (or with fewer groups than folds) rows are shuffled into k folds.

    >>> [len(f) for f in group_folds(6, ["a", "a", "b", "b", "c", "c"], 3)]
    [2, 2, 2]
    """
    rng = np.random.default_rng(seed)
    if groups is None or len(set(groups)) < k:
        order = rng.permutation(n)
        return [np.sort(order[i::k]) for i in range(k)]
    groups = np.asarray(groups)
    names, sizes = np.unique(groups, return_counts=True)
    # Shuffle, then greedily put the largest remaining group into the smallest fold.
    perm = rng.permutation(len(names))
    names, sizes = names[perm], sizes[perm]
    folds: list[list[str]] = [[] for _ in range(k)]
    load = np.zeros(k)
    for i in np.argsort(-sizes, kind="stable"):
        j = int(np.argmin(load))
        folds[j].append(names[i])
        load[j] += sizes[i]
    return [np.flatnonzero(np.isin(groups, f)) for f in folds]


class ParagraphClassifier(BaseEstimator):
    """Multi-label classifier of paragraphs into the taxonomy's 15 categories.

    Parameters (stored as given, used at ``fit``):

    - ``features``: ``"combo"`` (char + word + keyword counts), ``"char"``, ``"word"`` or ``"char+word"``.
    - ``char_ngram``, ``word_ngram``: n-gram ranges of the TF-IDF blocks.
    - ``char_analyzer``: ``"char"`` or ``"char_wb"`` (sklearn's analyzers of the char block).
    - ``sublinear_tf``: ``1 + log(tf)`` instead of raw counts in the TF-IDF blocks.
    - ``min_df``, ``max_features``: vocabulary pruning per block (keeps the model file small).
    - ``C``, ``class_weight``: of each one-vs-rest logistic regression.
    - ``keyword_weight``: scale of the keyword-count block against the l2-normalised TF-IDF blocks.
    - ``threshold``: ``"cv"`` (per label, on ``cv``-fold out-of-fold scores) or a number for every label.
    - ``threshold_range``: cross-validated thresholds are clipped to it; with a dozen examples of a
      rare label the F1-optimal cut swings to extremes that do not carry over to new documents.
    - ``max_labels``: at most this many labels per paragraph.
    - ``segmenter``: ``"auto"`` (``fupin_nlp.segment.cut`` when present, else our own jieba Tokenizer),
      ``"jieba"`` or ``"fupin"``.
    - ``keywords``: ``{code: [keyword, ...]}``; ``None`` takes the taxonomy's seed keywords.
    - ``keyword_examples``: add each keyword as a one-word training example of its category, so
      rare categories have positives (they are never scored when thresholds are chosen).

    >>> clf = ParagraphClassifier(features="char", min_df=1, threshold=0.5)
    >>> clf = clf.fit(["发放小额信贷", "危房改造100户", "小额信贷贴息", "改造危房"],
    ...               [["finance"], ["housing"], ["finance"], ["housing"]])
    >>> clf.predict(["贷款贴息"])[0][0]
    'finance'
    """

    def __init__(self, features: str = "combo", char_ngram: tuple[int, int] = (1, 3),
                 word_ngram: tuple[int, int] = (1, 2), char_analyzer: str = "char", sublinear_tf: bool = True,
                 min_df: int = 2, max_features: int | None = 20000,
                 C: float = 30.0, class_weight: str | None = "balanced", keyword_weight: float = 1.0,
                 threshold: str | float = "cv", threshold_range: tuple[float, float] = (0.25, 0.6),
                 cv: int = 5, max_labels: int = 3, segmenter: str = "auto",
                 keywords: dict[str, Sequence[str]] | None = None, keyword_examples: bool = True,
                 random_state: int = 0):
        self.features = features
        self.char_ngram = char_ngram
        self.word_ngram = word_ngram
        self.char_analyzer = char_analyzer
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_features = max_features
        self.C = C
        self.class_weight = class_weight
        self.keyword_weight = keyword_weight
        self.threshold = threshold
        self.threshold_range = threshold_range
        self.cv = cv
        self.max_labels = max_labels
        self.segmenter = segmenter
        self.keywords = keywords
        self.keyword_examples = keyword_examples
        self.random_state = random_state

    # -- features ---------------------------------------------------------------------------------
    def _make_blocks(self) -> list:
        if self.features not in FEATURE_SETS:
            raise ValueError(f"features must be one of {sorted(FEATURE_SETS)}, not {self.features!r}")
        extra = tuple(sorted({w for ws in self.keywords_.values() for w in ws}))
        blocks = []
        for kind in FEATURE_SETS[self.features]:
            if kind == "char":
                blocks.append(make_vectorizer(self.char_analyzer, tuple(self.char_ngram), min_df=self.min_df,
                                              max_features=self.max_features, sublinear_tf=self.sublinear_tf))
            elif kind == "word":
                blocks.append(make_vectorizer("word", tuple(self.word_ngram), min_df=self.min_df,
                                              max_features=self.max_features, sublinear_tf=self.sublinear_tf,
                                              segmenter=self.segmenter_, extra_words=extra))
            else:
                blocks.append(KeywordBlock(self.keywords_))
        return blocks

    def _transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        mats = [block.transform(texts) * float(self.keyword_weight) if isinstance(block, KeywordBlock)
                else block.transform(texts) for block in self.blocks_]
        # One block (the usual char model) needs no copy through hstack.
        return mats[0].tocsr() if len(mats) == 1 else sp.hstack(mats, format="csr")

    def feature_names(self) -> list[str]:
        """Column names of the feature matrix: char/word terms, then ``kw:<code>`` keyword counts."""
        check_is_fitted(self, "coef_")
        return [t for block in self.blocks_ for t in
                (block.feature_terms() if isinstance(block, KeywordBlock) else vectorizer_terms(block))]

    # -- learning ---------------------------------------------------------------------------------
    def _fit_ovr(self, X: sp.csr_matrix, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.linear_model import LogisticRegression

        coef = np.zeros((Y.shape[1], X.shape[1]))
        intercept = np.zeros(Y.shape[1])
        for k in range(Y.shape[1]):
            y = Y[:, k]
            if y.min() == y.max():
                # A label never (or always) seen cannot be learned: a constant score far from 0.5.
                intercept[k] = 8.0 if y.max() else -8.0
                continue
            lr = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                    random_state=self.random_state, max_iter=1000)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lr.fit(X, y)
            coef[k], intercept[k] = lr.coef_[0], lr.intercept_[0]
        return coef, intercept

    def fit(self, texts: Sequence[str], label_lists: Sequence[Sequence[str]],
            groups: Sequence[str] | None = None) -> ParagraphClassifier:
        """Learn from paragraphs and their label lists; ``groups`` (document ids) keep the
        threshold folds from splitting a document."""
        texts = [str(t) for t in texts]
        if len(texts) != len(label_lists):
            raise ValueError(f"{len(texts)} texts but {len(label_lists)} label lists")
        self.classes_ = np.array(codes())
        index = {c: i for i, c in enumerate(self.classes_)}
        unknown = sorted({lab for labs in label_lists for lab in labs} - set(index))
        if unknown:
            raise ValueError(f"labels not in the taxonomy: {unknown}")
        self.keywords_ = ({c: tuple(w) for c, w in self.keywords.items()} if self.keywords is not None
                          else keyword_table())
        self.segmenter_ = resolve_segmenter(self.segmenter)
        Y = np.zeros((len(texts), len(self.classes_)), dtype=np.int8)
        for row, labs in enumerate(label_lists):
            Y[row, [index[lab] for lab in labs]] = 1

        self.blocks_ = self._make_blocks()
        for block in self.blocks_:
            if not isinstance(block, KeywordBlock):
                block.fit(texts)
        X = self._transform(texts)
        X_kw, Y_kw = self._keyword_examples(index)
        coef, self.intercept_ = self._fit_ovr(sp.vstack([X, X_kw], format="csr"), np.vstack([Y, Y_kw]))
        # Rounded to float32 values: the model file stores float32, so a saved and re-read
        # model scores exactly as the fitted one.
        self.coef_ = coef.astype(np.float32).astype(np.float64)
        self.thresholds_ = self._choose_thresholds(X, Y, groups, X_kw, Y_kw)
        return self

    def _keyword_examples(self, index: dict[str, int]) -> tuple[sp.csr_matrix, np.ndarray]:
        pairs = [(w, c) for c, ws in self.keywords_.items() for w in ws] if self.keyword_examples else []
        Y = np.zeros((len(pairs), len(index)), dtype=np.int8)
        for row, (_, code) in enumerate(pairs):
            Y[row, index[code]] = 1
        if not pairs:
            width = sum(len(b.keywords) if isinstance(b, KeywordBlock) else len(b.vocabulary_) for b in self.blocks_)
            return sp.csr_matrix((0, width)), Y
        return self._transform([w for w, _ in pairs]), Y

    def _choose_thresholds(self, X: sp.csr_matrix, Y: np.ndarray, groups, X_kw: sp.csr_matrix,
                           Y_kw: np.ndarray) -> np.ndarray:
        if self.threshold != "cv":
            return np.full(Y.shape[1], float(self.threshold))
        oof = np.zeros(Y.shape, dtype=np.float64)
        for fold in group_folds(X.shape[0], groups, self.cv, self.random_state):
            train = np.setdiff1d(np.arange(X.shape[0]), fold)
            coef, intercept = self._fit_ovr(sp.vstack([X[train], X_kw], format="csr"),
                                            np.vstack([Y[train], Y_kw]))
            oof[fold] = _sigmoid(X[fold] @ coef.T + intercept)
        lo, hi = self.threshold_range
        return np.array([min(max(choose_threshold(oof[:, k], Y[:, k]), lo), hi) for k in range(Y.shape[1])])

    # -- prediction -------------------------------------------------------------------------------
    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Linear scores ``X @ coef.T + intercept``, shape (n, 15)."""
        check_is_fitted(self, "coef_")
        return np.asarray(self._transform([str(t) for t in texts]) @ self.coef_.T) + self.intercept_

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Independent per-label probabilities, shape (n, 15), columns in ``classes_`` order."""
        return _sigmoid(self.decision_function(texts))

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Label lists, primary (highest score) first; never empty."""
        return decide(self.predict_proba(texts), self.thresholds_, self.classes_, self.max_labels)

    def explain(self, text: str, top: int = 5) -> dict[str, list[tuple[str, float]]]:
        """For each predicted label, the ``top`` pieces of the text that raise its score most.

        A term is the text as written (digits unfolded); the contribution is its
        feature value times the label's coefficient. A keyword-count feature is
        shared among the keywords found, in proportion to their counts.

        >>> clf = ParagraphClassifier(features="char", min_df=1, threshold=0.5).fit(
        ...     ["小额信贷", "危房改造"], [["finance"], ["housing"]])
        >>> clf.explain("小额信贷")["finance"][0][0] in "小额信贷"
        True
        """
        check_is_fitted(self, "coef_")
        labels = self.predict([text])[0]
        row = self._transform([text]).tocsr()
        names = self.feature_names()
        kw_block = next((b for b in self.blocks_ if isinstance(b, KeywordBlock)), None)
        found = kw_block.matches(text) if kw_block is not None else {}
        index = {c: i for i, c in enumerate(self.classes_)}
        out = {}
        for label in labels:
            k = index[label]
            totals: dict[str, float] = {}
            for j, value in zip(row.indices, row.data):
                contribution = float(value * self.coef_[k, j])
                name = names[j]
                if name.startswith("kw:") and name[3:] in found:
                    hits = found[name[3:]]
                    n = sum(hits.values())
                    for word, count in hits.items():
                        totals[word] = totals.get(word, 0.0) + contribution * count / n
                    continue
                shown = locate(name, text)
                if shown:
                    totals[shown] = totals.get(shown, 0.0) + contribution
            ranked = sorted(((t, c) for t, c in totals.items() if c > 0), key=lambda tc: (-tc[1], tc[0]))
            out[label] = [(t, round(c, 6)) for t, c in ranked[:top]]
        return out

    # -- the model file ---------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the fitted model as a ``.npz`` of plain arrays (no pickle); returns the path."""
        from fupin_nlp.classify.model_file import save_model

        return save_model(self, path)

    @classmethod
    def load(cls, path: str | Path) -> ParagraphClassifier:
        """Read a model written by ``save``; a malformed file raises ``ModelFormatError``."""
        from fupin_nlp.classify.model_file import load_model

        return load_model(path)
