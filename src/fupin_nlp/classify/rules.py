"""The keyword-rule baseline: a paragraph takes the categories whose seed keywords it contains.

It needs no training data, so it is the floor the learned model has to beat
(scripts/train_model.py reports both).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from fupin_nlp.classify.features import KeywordBlock
from fupin_nlp.classify.taxonomy import keyword_table

__all__ = ["KeywordClassifier"]


class KeywordClassifier(BaseEstimator):
    """Label by keyword counts: every category with at least ``ratio`` of the top count.

    Categories are ranked by how many keyword occurrences they have, longer
    keywords counting more (``小额信贷`` says more than ``贷款``). A paragraph
    with no keyword at all gets ``default``.

    >>> KeywordClassifier().fit([], []).predict(["发放扶贫小额信贷5000万元"])
    [['finance']]
    """

    def __init__(self, keywords: dict[str, Sequence[str]] | None = None, ratio: float = 0.5,
                 max_labels: int = 3, default: str = "overview"):
        self.keywords = keywords
        self.ratio = ratio
        self.max_labels = max_labels
        self.default = default

    def fit(self, texts: Sequence[str], label_lists: Sequence[Sequence[str]] | None = None,
            groups: Sequence[str] | None = None) -> KeywordClassifier:
        """Nothing is learned from the data; the keyword table is fixed here."""
        table = dict(self.keywords) if self.keywords is not None else keyword_table()
        self.classes_ = np.array(list(table))
        self.block_ = KeywordBlock(table)
        return self

    def _scores(self, texts: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "classes_")
        rows = []
        for text in texts:
            found = self.block_.matches(text)
            rows.append([sum(len(w) * n for w, n in found[c].items()) for c in self.classes_])
        return np.array(rows, dtype=np.float64).reshape(len(texts), len(self.classes_))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Keyword weight per category divided by the row's largest (1.0 = the top category)."""
        scores = self._scores(texts)
        top = scores.max(axis=1, keepdims=True) if scores.size else scores
        return np.divide(scores, top, out=np.zeros_like(scores), where=top > 0)

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Labels per text, primary (most keyword weight) first."""
        out = []
        for row in self.predict_proba(texts):
            order = [i for i in np.argsort(-row, kind="stable") if row[i] > 0 and row[i] >= self.ratio]
            out.append([str(self.classes_[i]) for i in order[: self.max_labels]] or [self.default])
        return out
