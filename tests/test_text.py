"""Reflow: the seed's PDF layout, encodings, offsets back to the raw text, and a property test."""

from __future__ import annotations

import json
import random

from hypothesis import assume, given
from hypothesis import strategies as st

from fupin_nlp.io import decode_bytes
from fupin_nlp.text import Mapped, display_width, fold_width, reflow, remove_layout_spaces, undouble

from .conftest import shared_path


def squash(text: str) -> str:
    return "".join(text.split())


def test_seed_paragraphs_match_gold_exactly(seed_path):
    gold = json.loads(shared_path("corpora", "seed", "nanchang-2020-exhibition.gold.json").read_text("utf-8"))
    raw = seed_path.read_text(encoding="utf-8")
    got = reflow(raw, "seed")
    assert [(p.kind, squash(p.text)) for p in got] == [(g["kind"], squash(g["text"])) for g in gold["paragraphs"]]
    assert sum(p.kind == "body" for p in got) == 25


def test_gb18030_and_utf16_copies_of_the_seed_give_identical_paragraphs(seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    base = [(p.kind, p.text, p.offsets) for p in reflow(raw)]
    for encoding in ("gb18030", "utf-16"):
        text, _ = decode_bytes(raw.encode(encoding), "seed")
        assert [(p.kind, p.text, p.offsets) for p in reflow(text)] == base


def test_offsets_map_every_character_to_the_raw_character(seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    for p in reflow(raw):
        for ch, off in zip(p.text, p.offsets):
            assert fold_width(Mapped.from_raw(raw[off])).text == ch


def test_doubled_headings_and_quotes_are_undone_but_ordinary_repeats_stay():
    s = "建强指挥部建强指挥部——吹响合力攻坚吹响合力攻坚““冲锋号冲锋号””"
    assert "".join(s[i] for i in undouble(s)) == "建强指挥部——吹响合力攻坚“冲锋号”"
    assert undouble("一个个贫困村焕发了新的活力。") is None
    assert undouble("悠悠扶贫路，殷殷民生情！") is None
    assert undouble("——石门县脱贫攻坚纪实石门县脱贫攻坚纪实") is not None


def test_full_width_digits_fold_but_chinese_punctuation_stays():
    m = fold_width(Mapped.from_raw("投入４９２１．５万元，占比４０％！"))
    assert m.text == "投入4921.5万元，占比40%！"


def test_layout_spaces_between_figures_and_characters_go():
    assert remove_layout_spaces(Mapped.from_raw("截至 2020 年 9月底")).text == "截至2020年9月底"
    assert remove_layout_spaces(Mapped.from_raw("精准扶贫 脱贫攻坚"), keep_phrase_spaces=True).text == \
        "精准扶贫 脱贫攻坚"


def test_one_paragraph_per_line_documents_keep_their_lines():
    raw = "青溪县：产业带动3120户脱贫\n\n青溪县今年新建扶贫车间12个。\n帮扶干部1000余名深入基层。\n"
    got = reflow(raw)
    assert [p.kind for p in got] == ["heading", "body", "body"]
    assert got[2].text == "帮扶干部1000余名深入基层。"


# ---- property: wrap random documents like a PDF and get the paragraphs back ----------------------

WORDS = ("扶贫", "脱贫", "攻坚", "产业", "就业", "教育", "健康", "住房", "饮水", "保障", "村镇", "项目", "基地",
         "合作社", "资金", "收入", "增长", "建设", "帮助", "落实", "推进", "贫困户", "搬迁", "培训", "光伏",
         "电商", "车间", "道路", "危房", "低保", "医疗", "学生", "干部", "群众", "企业", "茶叶", "养殖")
# distinct words and clauses: real prose does not repeat itself run by run the way a doubled heading does
_figure = st.tuples(st.integers(1, 99999), st.sampled_from(["户", "人", "万元", "亩", "个"])).map(
    lambda t: f"{t[0]}{t[1]}")
_clause = st.tuples(st.lists(st.sampled_from(WORDS), min_size=2, max_size=5, unique=True),
                    st.one_of(st.none(), _figure)).map(lambda t: "".join(t[0]) + (t[1] or ""))
_sentence = st.lists(_clause, min_size=2, max_size=4, unique=True).map(lambda cs: "，".join(cs) + "。")
_paragraph = st.lists(_sentence, min_size=3, max_size=6, unique=True).map("".join)
_heading = st.lists(st.sampled_from(WORDS), min_size=2, max_size=4, unique=True).map("".join)


def _wrap(paragraph: str, width: int, rng: random.Random) -> list[str]:
    """Hard-wrap at ``width`` Han characters of print (a digit takes half a cell); the first line
    indented by two (lost in extraction); no line starts with a closing mark; sometimes a layout
    space lands before a figure."""
    lines, line, cells, limit = [], "", 0, 2 * (width - 2)
    for i, ch in enumerate(paragraph):
        line += ch
        cells += display_width(ch)
        after = paragraph[i + 1:i + 2]
        if cells >= limit - 1 and after not in ("。", "，"):
            lines.append(line)
            line, cells, limit = "", 0, 2 * width
    if line:
        lines.append(line)
    out = []
    for ln in lines:
        if rng.random() < 0.3:
            for i in range(1, len(ln)):
                if ln[i].isdigit() and not ln[i - 1].isdigit():
                    ln = ln[:i] + " " + ln[i:]
                    break
        out.append(ln)
    return out


@given(st.lists(st.tuples(st.booleans(), _heading, _paragraph), min_size=2, max_size=5),
       st.integers(18, 26), st.randoms(use_true_random=False))
def test_property_reflow_recovers_wrapped_paragraphs(blocks, width, rng):
    """Documents of a realistic size (paragraphs of three sentences or more, several of them): with
    fewer lines a wrapped page and a one-paragraph-per-line file cannot be told apart."""
    raw_lines, expected = [], []
    for doubled, heading, paragraph in blocks:
        raw_lines.append(heading + heading if doubled else heading)
        expected.append(("heading", heading))
        raw_lines.extend(_wrap(paragraph, width, rng))
        expected.append(("body", paragraph))
    # a print layout: lines run on mid-sentence (when nearly every line ends a sentence, a wrapped page
    # and a file of one sentence per line look the same, to a reader as to the reflow)
    body_lines = [ln for ln in raw_lines if ln not in {h + h for _, h, _ in blocks} | {h for _, h, _ in blocks}]
    assume(sum(not ln.endswith("。") for ln in body_lines) >= 0.4 * len(body_lines))
    raw = "\n\n".join(raw_lines)
    got = reflow(raw)
    assert [(p.kind, p.text) for p in got] == expected, raw
    for p in got:
        assert len(p.offsets) == len(p.text)
        for ch, off in zip(p.text, p.offsets):
            assert raw[off] == ch
