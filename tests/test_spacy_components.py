"""The spaCy components: entry-point registration, claims equal to extract_claims, n_process=2, spawn."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import spacy

import fupin_nlp
from fupin_nlp.io import read
from fupin_nlp.views.spacy_components import claims_of, paragraphs_of

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpora" / "seed" / "nanchang-2020-exhibition.txt"
BUNDLED = Path(__file__).resolve().parents[1] / "corpora" / "bundled"

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="shared seed corpus not present (../shared)")


@pytest.fixture(scope="module")
def claims_nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("fupin_claims")
    return nlp


def test_factories_are_found_through_entry_points_in_a_fresh_interpreter():
    # A fresh process that never imports fupin_nlp: only the entry points can make the names known.
    code = textwrap.dedent("""
        import sys, spacy
        nlp = spacy.blank("zh")
        nlp.add_pipe("fupin_claims", config={"classify": False})
        nlp.add_pipe("fupin_categories")
        doc = nlp("截至2020年9月底，南昌县已脱贫4635户、11643人。")
        spans = doc.spans["claims"]
        print([s.text for s in spans], spans[0]._.time_end, max(doc.cats, key=doc.cats.get))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "['4635户', '11643人'] 2020-09-30 overview"


def _pipe_docs(nlp, document, n_process=1):
    docs = []
    # the id rides on a Doc input's user_data, which nlp.pipe carries to the workers and back
    doc = nlp.make_doc(document.raw)
    doc.user_data["doc_id"] = document.doc_id
    for out in nlp.pipe([doc], n_process=n_process):
        docs.append(out)
    return docs


@needs_seed
@pytest.mark.parametrize("n_process", [1, 2])
def test_seed_claims_equal_extract_claims(claims_nlp, n_process):
    document = read(SEED)[0]
    expected = fupin_nlp.extract_claims(str(SEED))
    assert len(expected) > 20
    (doc,) = _pipe_docs(claims_nlp, document, n_process=n_process)
    got = claims_of(doc)
    pd.testing.assert_frame_equal(got, expected)
    spans = list(doc.spans["claims"])
    assert len(spans) == len(expected)
    for span, row in zip(spans, expected.itertuples()):
        # the span covers the claim in the raw text (the zh character segmenter never widens it)
        assert (span.start_char, span.end_char) == (row.raw_start, row.raw_end)
        assert span._.surface == row.surface
        assert span._.metric == row.metric and span._.region == row.region
        assert span._.time_start == (None if pd.isna(row.time_start) else row.time_start)
        assert span._.value == (None if pd.isna(row.value) else row.value)
        assert span.label_ == "CLAIM"


@needs_seed
def test_seed_spans_hold_exact_amounts_and_the_claim_record(claims_nlp):
    document = read(SEED)[0]
    (doc,) = _pipe_docs(claims_nlp, document)
    spans = {s._.surface: s for s in doc.spans["claims"]}
    assert spans["4635户"]._.amount == Decimal("4635")
    assert spans["4635户"]._.unit == "户"
    claim = spans["0.017%"]._.claim
    assert claim.amount == Decimal("0.017") and claim.unit == "%"
    # the raw span of a figure torn across lines keeps the line break; the surface does not
    torn = [s for s in doc.spans["claims"] if "\n" in s.text]
    assert all(s._.surface.replace(" ", "") == "".join(s.text.split()) for s in torn)


def test_a_span_the_user_makes_has_no_claim_fields(claims_nlp):
    doc = claims_nlp("全县脱贫4635户。")
    other = doc.char_span(0, 2)
    assert other._.value is None and other._.claim is None
    assert doc.spans["claims"][0]._.value == 4635.0


def test_n_process_2_keeps_extensions_on_several_documents(claims_nlp):
    texts = ["全县脱贫4635户。", "2019年全县贫困发生率降至0.5%。", "没有数字的段落。"]
    one = [[(s.text, s._.value, s._.unit, s._.metric) for s in d.spans["claims"]]
           for d in claims_nlp.pipe(texts)]
    two = [[(s.text, s._.value, s._.unit, s._.metric) for s in d.spans["claims"]]
           for d in claims_nlp.pipe(texts, n_process=2, batch_size=1)]
    assert one == two
    assert one[0] == [("4635户", 4635.0, "户", one[0][0][3])] and one[2] == []


def test_spawned_workers_keep_extensions(tmp_path):
    # The known pitfall: a spawned worker unpickles the component without running the factory.
    script = tmp_path / "spawn_pipe.py"
    script.write_text(textwrap.dedent("""
        import multiprocessing as mp
        import spacy

        if __name__ == "__main__":
            mp.set_start_method("spawn", force=True)
            nlp = spacy.blank("zh")
            nlp.add_pipe("fupin_claims", config={"classify": False})
            texts = ["全县脱贫4635户。", "投入资金1.65亿元。"]
            docs = list(nlp.pipe(texts, n_process=2, batch_size=1))
            print([(s.text, s._.value, s._.unit) for d in docs for s in d.spans["claims"]])
    """), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[('4635户', 4635.0, '户'), ('1.65亿元', 165000000.0, '元')]"


def test_claims_align_to_jieba_tokens_by_expanding():
    from fupin_nlp.segment import nlp as fupin_nlp_pipeline

    nlp = fupin_nlp_pipeline()
    nlp.add_pipe("fupin_claims", config={"classify": False})
    doc = nlp("南昌县已脱贫户数为4635户、11643人。")
    spans = list(doc.spans["claims"])
    assert [s._.surface for s in spans] == ["4635户", "11643人"]
    for span in spans:
        # whole tokens, and never narrower than the claim
        assert span.start_char <= span._.raw_start and span.end_char >= span._.raw_end
        assert span.text.find(span._.surface) >= 0


def test_categories_component_on_a_paragraph_and_a_document():
    nlp = spacy.blank("zh")
    nlp.add_pipe("fupin_categories")
    doc = nlp("全县累计实施危房改造1739户，完成住房安全鉴定。")
    assert max(doc.cats, key=doc.cats.get) == "housing"
    assert set(doc.cats) == set(fupin_nlp.classify.codes())
    frame = paragraphs_of(doc)
    assert frame.loc[0, "labels"][0] == "housing" and frame.loc[0, "kind"] == "body"

    document = read(BUNDLED / "qinghe-2020-feature.txt")[0]
    doc = nlp(document.raw)
    kinds = [s._.para_kind for s in doc.spans["paragraphs"]]
    assert "body" in kinds and "heading" in kinds
    body = [s for s in doc.spans["paragraphs"] if s._.para_kind == "body"]
    assert all(s._.labels for s in body)
    assert all(0.0 <= v <= 1.0 for v in doc.cats.values())
    # the document profile ranks first a category that is some body paragraph's primary label
    assert max(doc.cats, key=doc.cats.get) in {s._.labels[0] for s in body}


def test_both_components_in_one_pipeline_survive_n_process_2():
    nlp = spacy.blank("zh")
    nlp.add_pipe("fupin_claims", config={"classify": False})
    nlp.add_pipe("fupin_categories")
    texts = ["全县累计实施危房改造1739户。", "发放小额信贷2.3亿元。"]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=1))
    assert [d.spans["claims"][0]._.surface for d in docs] == ["1739户", "2.3亿元"]
    assert docs[0].spans["paragraphs"][0]._.labels[0] == "housing"
    assert max(docs[1].cats, key=docs[1].cats.get) == "finance"
