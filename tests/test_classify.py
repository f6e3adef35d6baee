"""Tests of the paragraph classifier: estimator, model file, explanations and the frame API."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from fupin_nlp.classify import ParagraphClassifier, classify_paragraphs, classify_texts, codes, load_taxonomy
from fupin_nlp.classify.corpus import Example, merge_annotators, resolve_rows, sha1_text
from fupin_nlp.classify.estimator import choose_threshold, decide, group_folds
from fupin_nlp.classify.evaluation import label_scores
from fupin_nlp.classify.features import locate, normalize
from fupin_nlp.classify.rules import KeywordClassifier
from fupin_nlp.errors import ModelFormatError

# A tiny invented corpus (our own sentences), three categories, two "documents" each.
TINY = [
    ("d1", "村里成立养牛合作社，建起蔬菜大棚基地", ["industry"]),
    ("d1", "发展乡村旅游和特色种植产业，带动农户增收", ["industry"]),
    ("d2", "合作社流转土地种植茶叶，产业基地年产值上升", ["industry"]),
    ("d2", "龙头企业带动养殖产业，贫困户入股分红", ["industry"]),
    ("d3", "银行发放扶贫小额信贷，财政给予贴息", ["finance"]),
    ("d3", "设立风险补偿金，为贫困户贷款提供担保", ["finance"]),
    ("d4", "小额信贷帮助农户贷款买羊，三年贴息", ["finance", "industry"]),
    ("d4", "农商行授信放贷，贫困户按期还款", ["finance"]),
    ("d5", "为贫困学生发放助学金，免除学费和住宿费", ["education"]),
    ("d5", "学校落实控辍保学，不让一个孩子辍学", ["education"]),
    ("d6", "设立教育扶贫基金，资助考上大学的学生", ["education"]),
    ("d6", "高中和中职学生享受资助政策", ["education"]),
]


def tiny_fit(**params) -> ParagraphClassifier:
    base = {"min_df": 1, "segmenter": "jieba", "cv": 3}
    base.update(params)
    return ParagraphClassifier(**base).fit([t for _, t, _ in TINY], [labs for *_, labs in TINY],
                                           groups=[d for d, _, _ in TINY])


@pytest.fixture(scope="module")
def tiny_model() -> ParagraphClassifier:
    return tiny_fit()


def test_taxonomy_has_fifteen_codes_with_keywords():
    cats = load_taxonomy()
    assert len(cats) == 15 and codes()[0] == "overview"
    for cat in cats:
        assert 15 <= len(cat.keywords) <= 40, cat.code
        assert cat.name and cat.description
    path = Path(__file__).resolve().parents[1] / "src/fupin_nlp/data/taxonomy.json"
    raw = json.loads(path.read_text("utf-8"))
    assert "_comment" in raw


def test_init_stores_params_only_and_clone_works():
    clf = ParagraphClassifier(C=3.0, features="char")
    assert clf.get_params()["C"] == 3.0
    assert not [k for k in vars(clf) if k.endswith("_")]
    other = clone(clf).set_params(C=5.0)
    assert other.C == 5.0 and clf.C == 3.0


def test_predict_before_fit_raises():
    with pytest.raises(NotFittedError):
        ParagraphClassifier().predict(["发放小额信贷"])


def test_fit_predict_on_tiny_corpus(tiny_model):
    assert tiny_model.fit is not None and tiny_model.predict_proba(["x"]).shape == (1, 15)
    pred = tiny_model.predict(["银行发放小额信贷并贴息", "给贫困学生发放助学金", "建设蔬菜大棚和养殖合作社"])
    assert [p[0] for p in pred] == ["finance", "education", "industry"]


def test_every_prediction_has_a_primary_label_equal_to_the_argmax(tiny_model):
    texts = ["完全无关的句子", "银行贷款", "学生"]
    proba = tiny_model.predict_proba(texts)
    for labs, row in zip(tiny_model.predict(texts), proba):
        assert labs, "a body paragraph always gets a label"
        assert labs[0] == tiny_model.classes_[int(np.argmax(row))]


def test_thresholds_are_respected(tiny_model):
    texts = ["小额信贷帮助农户发展养牛产业", "给学生发放助学金", "合作社", "担保贷款"]
    proba = tiny_model.predict_proba(texts)
    index = {c: i for i, c in enumerate(tiny_model.classes_)}
    for labs, row in zip(tiny_model.predict(texts), proba):
        for lab in labs[1:]:
            assert row[index[lab]] >= tiny_model.thresholds_[index[lab]]
        passing = [c for c, p, t in zip(tiny_model.classes_, row, tiny_model.thresholds_) if p >= t]
        assert set(passing[: tiny_model.max_labels]) <= set(labs) or len(labs) == tiny_model.max_labels


def test_fixed_threshold_applies_to_every_label():
    clf = tiny_fit(threshold=0.3)
    assert np.all(clf.thresholds_ == 0.3)
    high = tiny_fit(threshold=1.0)
    # Nothing passes 1.0, so only the argmax is left.
    assert all(len(labs) == 1 for labs in high.predict(["小额信贷帮助农户发展养牛产业", "学生贷款"]))


def test_decide_and_choose_threshold():
    assert decide(np.array([[0.2, 0.7, 0.6]]), np.array([0.5, 0.5, 0.65]), ["a", "b", "c"]) == [["b"]]
    assert decide(np.array([[0.9, 0.8, 0.7]]), np.full(3, 0.5), "abc", max_labels=2) == [["a", "b"]]
    assert choose_threshold(np.array([0.9, 0.1]), np.array([1, 0])) == 0.5  # too few positives
    t = choose_threshold(np.array([0.9, 0.7, 0.35, 0.3, 0.1]), np.array([1, 1, 1, 0, 0]))
    assert 0.3 < t <= 0.35


def test_group_folds_keep_documents_together():
    groups = ["a"] * 3 + ["b"] * 2 + ["c"] * 4 + ["d"] + ["e"] * 2
    folds = group_folds(len(groups), groups, 3)
    assert sorted(np.concatenate(folds).tolist()) == list(range(len(groups)))
    for fold in folds:
        inside = {groups[i] for i in fold}
        assert all(groups[i] not in inside for f in folds if f is not fold for i in f)


def test_round_trip_is_exact(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "m.npz")
    again = ParagraphClassifier.load(path)
    texts = ["银行发放小额信贷", "学校资助学生", "合作社种植茶叶", "2019年贷款500万元"]
    assert again.predict(texts) == tiny_model.predict(texts)
    assert np.array_equal(again.predict_proba(texts), tiny_model.predict_proba(texts))
    assert again.get_params() == tiny_model.get_params()
    assert again.explain(texts[0]) == tiny_model.explain(texts[0])


def test_model_file_holds_no_pickle(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)


@pytest.mark.parametrize("case", ["garbage", "missing", "pickle", "shape", "format"])
def test_malformed_model_file_raises_model_format_error(tiny_model, tmp_path, case):
    path = tmp_path / "bad.npz"
    if case == "garbage":
        path.write_bytes(b"not a zip at all")
    elif case == "pickle":
        np.savez(path, format=np.array([{"a": 1}], dtype=object))
    elif case in ("shape", "format"):
        good = tiny_model.save(tmp_path / "good.npz")
        with np.load(good, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        if case == "shape":
            arrays["coef"] = arrays["coef"][:, :-1]
        else:
            arrays["format"] = np.array("something.else")
        np.savez(path, **arrays)
    with pytest.raises(ModelFormatError) as err:
        ParagraphClassifier.load(path)
    assert "bad.npz" in str(err.value)


def test_truncated_model_file_raises(tiny_model, tmp_path):
    good = tiny_model.save(tmp_path / "good.npz")
    bad = tmp_path / "cut.npz"
    bad.write_bytes(good.read_bytes()[:200])
    with pytest.raises(ModelFormatError, match="cut.npz"):
        ParagraphClassifier.load(bad)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(bad)


def test_explanation_terms_are_in_the_text(tiny_model):
    text = "2020年银行为贫困户发放小额信贷300万元，财政贴息"
    explanation = tiny_model.explain(text, top=4)
    assert set(explanation) == set(tiny_model.predict([text])[0])
    for pairs in explanation.values():
        assert 0 < len(pairs) <= 4
        for term, contribution in pairs:
            assert term in text and contribution > 0
        assert [c for _, c in pairs] == sorted((c for _, c in pairs), reverse=True)


def test_locate_and_normalize_keep_positions():
    assert normalize("第3年") == "第0年" and locate("第0年", "这是第3年") == "第3年"
    assert locate("不存在", "小额信贷") is None


def test_classify_paragraphs_does_not_mutate_and_labels_body_rows_only(tiny_model):
    frame = pd.DataFrame({"kind": ["heading", "body", "source", "body"],
                          "text": ["教育扶贫", "学校发放助学金", "（数据来源：某局）", "小额信贷贴息"]})
    before = frame.copy(deep=True)
    out = classify_paragraphs(frame, model=tiny_model)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns) == ["kind", "text", "labels", "scores"]
    assert out["labels"].tolist()[0] == [] and out["scores"].tolist()[2] == {}
    assert out["labels"].tolist()[1][0] == "education" and out["labels"].tolist()[3][0] == "finance"
    assert set(out["scores"].tolist()[1]) == set(codes())


def test_classify_texts_returns_labels_scores_and_explanation(tiny_model):
    (row,) = classify_texts(["给贫困学生发放助学金"], model=tiny_model)
    assert row["labels"][0] == "education"
    assert row["scores"]["education"] == max(row["scores"].values())
    assert set(row["explanation"]) == set(row["labels"])


def test_unknown_label_is_rejected():
    with pytest.raises(ValueError, match="not in the taxonomy"):
        ParagraphClassifier(min_df=1).fit(["一句话"], [["poverty"]])


def test_keyword_baseline():
    kw = KeywordClassifier().fit([], [])
    assert kw.predict(["实施危房改造", "毫无关键词"]) == [["housing"], ["overview"]]


def test_label_scores_follow_the_eval_tool():
    s = label_scores([["industry", "finance"], ["health"]], [["finance"], ["education"]])
    assert s["primary_accuracy"] == 0.5
    # labels seen: industry (fn), finance (tp), health (fn), education (fp)
    assert s["macro_f1"] == pytest.approx(0.25)


def test_resolve_rows_checks_sha1(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.txt").write_text("标题\n\n第一段文字\n\n第二段文字\n", encoding="utf-8")
    (tmp_path / "reserved.txt").write_text("# reserved\nsecret\n", encoding="utf-8")
    rows = [{"doc_id": "x", "para": 1, "sha1": sha1_text("第一段文字"), "kind": "body",
             "labels": ["overview"]},
            {"doc_id": "x", "para": 2, "sha1": "0" * 40, "kind": "body", "labels": ["overview"]},
            {"doc_id": "x", "para": 0, "sha1": sha1_text("标题"), "kind": "heading", "labels": []},
            {"doc_id": "secret", "para": 1, "sha1": "0" * 40, "kind": "body", "labels": ["overview"]}]
    res = resolve_rows(rows, docs)
    assert [e.text for e in res.examples] == ["第一段文字"]
    assert sorted(why for _, why in res.skipped) == ["reserved document", "sha1 mismatch"]


def test_merge_annotators_prefers_the_first():
    a = [Example("d", 1, "t", ("industry",)), Example("d", 2, "u", ("finance",))]
    b = [Example("d", 1, "t", ("industry",)), Example("d", 2, "u", ("health",)),
         Example("e", 1, "v", ("water",))]
    merged, stats = merge_annotators(a, b)
    assert [e.labels for e in merged] == [("industry",), ("finance",), ("water",)]
    assert (stats["shared"], stats["exact"], stats["primary"]) == (2, 1, 1)


def test_blocks_are_sklearn_vectorizers_rebuilt_exactly(tiny_model, tmp_path):
    from sklearn.feature_extraction.text import TfidfVectorizer

    again = ParagraphClassifier.load(tiny_model.save(tmp_path / "m.npz"))
    texts = ["2019年\t发放  小额信贷３００万元", "ＡＢＣ学校资助学生", ""]
    for fitted, rebuilt in zip(tiny_model.blocks_, again.blocks_):
        assert isinstance(rebuilt, type(fitted))
        if isinstance(fitted, TfidfVectorizer):
            assert rebuilt.vocabulary_ == fitted.vocabulary_
            assert np.array_equal(rebuilt.idf_, fitted.idf_)
            a, b = fitted.transform(texts), rebuilt.transform(texts)
            assert (a != b).nnz == 0 and a.nnz > 0


def test_digits_are_folded_before_the_ngrams():
    clf = tiny_fit(features="char")
    vocab = clf.blocks_[0].vocabulary_
    assert not any(ch.isdigit() and ch != "0" for term in vocab for ch in term)
    assert np.array_equal(clf.predict_proba(["贷款2000元"]), clf.predict_proba(["贷款7319元"]))


def test_old_model_version_is_refused_with_a_reason(tiny_model, tmp_path):
    good = tiny_model.save(tmp_path / "good.npz")
    with np.load(good, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["version"] = np.array(1)
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(ModelFormatError, match="old.npz.*retrain"):
        ParagraphClassifier.load(tmp_path / "old.npz")
