"""Fuzzing (issue 8): the reader, the number parser and the claim extractor on random input.

No exception but a ``FupinError``, exact offsets, finite values, ordered periods.
The number of examples comes from the ``fupin`` hypothesis profile in conftest.py
(``FUPIN_FUZZ_EXAMPLES``, 150 by default; ``make fuzz`` runs 5,000).
"""

from __future__ import annotations

import json
import math
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin_nlp.errors import FupinError
from fupin_nlp.io import Failure, decode_bytes, html_to_text, iter_documents, read_text
from fupin_nlp.numbers import find_numbers, find_quantities
from fupin_nlp.pipeline import process_document
from fupin_nlp.records import Document
from fupin_nlp.text.mapped import Mapped
from fupin_nlp.text.normalize import fold_width

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
TEXTISH = st.one_of(CJK, st.sampled_from("0123456789０１２３４５６７８９，。、；：！？“”（）%．.- \n\u3000abcXYZ"))
# pieces of the genre, so that random texts reach units, ranges, times and places
PIECES = st.sampled_from([
    "截至", "2020年", "9月底", "全县", "南昌县", "黄马乡", "罗渡村", "脱贫", "贫困户", "4635", "11643", "户", "人",
    "万元", "亿元", "%", "个百分点", "余", "多", "近", "约", "以上", "左右", "至", "到", "-", "~", "，", "。", "；",
    "、", "\n", "\n\n", " ", "\u3000", "一", "二", "三", "十", "百", "千", "万", "亿", "两", "零", "点", "分之",
    "半", "成", "折", "翻了一番", "增长", "下降", "比上年", "每人每月", "元/人", "平方米", "亩", "吨", "第三批",
    "《", "》", "“", "”", "（", "）", "４６３５", "１２．５％", "0.5", "3/5", "百分之", "千分之", "几十", "数百",
    "〔2019〕12号", "13800138000", "http://a.b/c?d=1", "A2021", "e5", "k", "负", "又", "打", "Ⅷ", "\x00", "\ufeff",
])
SOUP = st.lists(PIECES, max_size=60).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5", "utf-16-le", "utf-16-be"]


# -- the reader ------------------------------------------------------------------------------------------

@given(st.binary(max_size=2000))
def test_random_bytes_decode_or_fail_with_a_named_error(data):
    try:
        text, encoding = decode_bytes(data, "fuzz.txt")
    except FupinError as e:
        assert str(e).startswith("fuzz.txt: ") and "\n" not in str(e)
    else:
        assert isinstance(text, str) and text.strip() and "\x00" not in text and encoding


@given(st.text(TEXTISH, min_size=1, max_size=300), st.sampled_from(ENCODINGS))
def test_random_cjk_text_in_random_encodings(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # big5 and gbk cannot write every character
    try:
        decoded, found = decode_bytes(data, "fuzz.txt")
    except FupinError as e:
        assert "\n" not in str(e)
        return
    # UTF-8 is tried strictly first and a BOM settles UTF-16: both must come back exactly
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert decoded == text.lstrip("\ufeff") or decoded == text


@given(st.lists(st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}, ensure_ascii=False), st.integers(), st.text(max_size=40)),
    st.text(max_size=40),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
), max_size=12))
@SLOW
def test_random_jsonl_archives_yield_a_document_or_a_failure_per_line(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.jsonl"
        path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8")
        items = list(iter_documents(path))
    for item in items:
        assert isinstance(item, (Document, Failure))
        if isinstance(item, Failure):
            assert "\n" not in item.message and item.kind


@given(st.lists(st.tuples(st.sampled_from(["a.txt", "../b.txt", "/c.txt", "d/e.jsonl", "f.csv", "g.zip", "h.html",
                                           "C:/i.txt", "j\\..\\k.txt", "l.pdf"]),
                          st.binary(max_size=200)), max_size=6, unique_by=lambda m: m[0]))
@SLOW
def test_random_zips_never_write_and_never_raise(members):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with zipfile.ZipFile(root / "z.zip", "w") as z:
            for name, data in members:
                z.writestr(name, data)
        before = sorted(root.rglob("*"))
        items = list(iter_documents(root / "z.zip"))
        assert sorted(root.rglob("*")) == before
    unsafe = [f for f in items if isinstance(f, Failure) and "unsafe member path" in f.message]
    assert len(unsafe) == sum(1 for name, _ in members if name.startswith(("/", "../", "C:")) or ".." in name)


@given(st.text(st.sampled_from("<>/!-?[]'\"=ab scriptyle&#;x0文字\n"), max_size=400))
def test_random_markup_never_raises(markup):
    text, title = html_to_text(markup)
    assert isinstance(text, str) and (title is None or isinstance(title, str))


# -- the number parser -----------------------------------------------------------------------------------

def _check_quantity(q, text):
    assert 0 <= q.start < q.end <= len(text)
    assert text[q.start:q.end] == q.text
    for value in (q.value, q.get("low"), q.get("high")):
        assert value is None or math.isfinite(value)
    if q.low is not None and q.high is not None:
        assert q.low <= q.high


@given(st.one_of(SOUP, st.text(TEXTISH, max_size=200)))
def test_number_parser_offsets_and_values(text):
    for q in find_numbers(text):
        _check_quantity(q, text)
        assert q.kind == "number"
    found = find_quantities(text)
    for q in found:
        _check_quantity(q, text)
    assert [q.start for q in found] == sorted(q.start for q in found)


# -- the claim extractor ---------------------------------------------------------------------------------

@given(SOUP)
@SLOW
def test_claims_offsets_map_back_to_the_raw_text(raw):
    result = process_document(read_text(raw, "fuzz"), model=False)
    paragraphs = {p.index: p for p in result.paragraphs}
    for c in result.claims:
        p = paragraphs[c.para]
        assert p.text[c.start:c.end] == c.surface
        assert (c.raw_start, c.raw_end) == p.raw_span(c.start, c.end)
        assert 0 <= c.raw_start < c.raw_end <= len(raw)
        for i in range(c.start, c.end):  # each character comes from its raw character, folded at most
            source = raw[p.offsets[i]]
            assert p.text[i] in (source, fold_width(Mapped.from_raw(source)).text)
        for value in (c.value, c.to_dict().get("low"), c.to_dict().get("high")):
            assert value is None or math.isfinite(value)
        if c.time_start is not None and c.time_end is not None:
            assert c.time_start <= c.time_end
