"""Scores of label predictions and document-grouped cross-validation.

The scores follow ../shared/tools/fupin_eval.py: macro-F1 over every label
that occurs in the gold or the prediction, and the primary label counts as
right when it is any of the gold labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from fupin_nlp.classify.estimator import group_folds

__all__ = ["label_scores", "cross_validate"]


def label_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, float]:
    """Micro-F1, macro-F1, primary accuracy and exact-set rate of predicted label lists.

    >>> s = label_scores([["finance"], ["industry", "finance"]], [["finance"], ["industry"]])
    >>> s["primary_accuracy"], round(s["micro_f1"], 3), round(s["macro_f1"], 3)
    (1.0, 0.8, 0.833)
    """
    counts: dict[str, list[int]] = {}
    primary = exact = 0
    for want, got in zip(gold, pred):
        want, got_set = set(want), set(got)
        primary += bool(got) and got[0] in want
        exact += want == got_set
        for label in want | got_set:
            c = counts.setdefault(label, [0, 0, 0])
            c[0] += label in want and label in got_set
            c[1] += label in got_set and label not in want
            c[2] += label in want and label not in got_set

    def f1(tp: int, fp: int, fn: int) -> float:
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    n = max(len(gold), 1)
    return {"micro_f1": f1(tp, fp, fn),
            "macro_f1": float(np.mean([f1(*c) for c in counts.values()])) if counts else 0.0,
            "primary_accuracy": primary / n, "exact": exact / n, "n": len(gold),
            "per_label": {k: round(f1(*c), 4) for k, c in sorted(counts.items())}}


def cross_validate(make_model: Callable[[], object], texts: Sequence[str], labels: Sequence[Sequence[str]],
                   groups: Sequence[str], k: int = 5, seed: int = 0) -> tuple[dict, list[list[str]]]:
    """k-fold cross-validation with whole documents in one fold; returns scores and out-of-fold labels.

    ``make_model()`` builds a fresh estimator with ``fit(texts, labels, groups=...)`` and ``predict``.

    >>> cross_validate.__name__
    'cross_validate'
    """
    pred: list[list[str]] = [[] for _ in texts]
    everything = np.arange(len(texts))
    for fold in group_folds(len(texts), groups, k, seed):
        train = np.setdiff1d(everything, fold)
        model = make_model().fit([texts[i] for i in train], [list(labels[i]) for i in train],
                                 groups=[groups[i] for i in train])
        for i, labs in zip(fold, model.predict([texts[i] for i in fold])):
            pred[i] = labs
    return label_scores(labels, pred), pred
