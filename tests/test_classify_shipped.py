"""The shipped model against the evaluation sets in ../shared (skipped when they are absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fupin_nlp.classify import default_model, default_model_path
from fupin_nlp.classify.evaluation import label_scores

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpora" / "seed" / "nanchang-2020-exhibition.gold.json"

pytestmark = pytest.mark.skipif(not default_model_path().exists(), reason="no shipped model (run make model)")


def test_default_model_is_cached_and_small():
    assert default_model() is default_model()
    assert default_model_path().stat().st_size < 5_000_000


@pytest.mark.skipif(not SEED.exists(), reason="../shared/corpora/seed is not available")
def test_seed_scores_do_not_regress():
    # Targets are primary accuracy >= 0.90 and macro-F1 >= 0.85 (the shipped char 1-4 model gives
    # 0.96 and 0.91, see the training report); a little slack so a retrain on more labels can pass.
    paras = [p for p in json.loads(SEED.read_text("utf-8"))["paragraphs"] if p["kind"] == "body"]
    pred = default_model().predict([p["text"] for p in paras])
    scores = label_scores([p["labels"] for p in paras], pred)
    assert scores["primary_accuracy"] >= 0.90
    assert scores["macro_f1"] >= 0.85
