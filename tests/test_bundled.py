"""The project's own corpus (corpora/bundled): every format reads, paragraphs match the gold exactly,
and claims score high against the hand-checked gold."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from fupin_nlp.io import Failure, iter_documents
from fupin_nlp.pipeline import process_document

from .conftest import BUNDLED

GOLD = sorted(BUNDLED.glob("*.gold.json"))


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@pytest.fixture(scope="module")
def documents():
    items = list(iter_documents(BUNDLED))
    assert not [i for i in items if isinstance(i, Failure)]
    return {d.doc_id: d for d in items}


@pytest.fixture(scope="module")
def results(documents):
    out = {}
    for gold_file in GOLD:
        gold = json.loads(gold_file.read_text("utf-8"))
        out[gold["doc"]] = (gold, process_document(documents[gold["doc"]], date=gold.get("date"), model=False))
    return out


def test_every_gold_document_is_read(documents):
    assert len(GOLD) >= 6
    assert {json.loads(g.read_text("utf-8"))["doc"] for g in GOLD} <= set(documents)
    encodings = {d.meta.get("encoding") for d in documents.values()}
    assert {"gb18030", "utf-16"} <= encodings


@pytest.mark.parametrize("gold_file", GOLD, ids=lambda p: p.name.split(".")[0])
def test_paragraphs_match_the_gold(gold_file, results):
    gold, result = results[json.loads(Path(gold_file).read_text("utf-8"))["doc"]]
    got = [(p.kind, squash(p.text)) for p in result.paragraphs]
    want = [(p["kind"], squash(p["text"])) for p in gold["paragraphs"]]
    assert got == want


def test_claims_agree_with_the_gold(results):
    tp = fp = fn = 0
    for doc, (_, result) in results.items():
        claims_file = BUNDLED / f"{doc}.claims.jsonl"
        want = [json.loads(line) for line in claims_file.read_text("utf-8").splitlines() if line.strip()]
        required = {(g["para"], g["start"], g["end"]) for g in want if not g.get("optional")}
        optional = {(g["para"], g["start"], g["end"]) for g in want if g.get("optional")}
        got = {(c.para, c.start, c.end) for c in result.claims}
        tp += len(got & required)
        fn += len(required - got)
        fp += len(got - required - optional)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, tp, fp, fn)
