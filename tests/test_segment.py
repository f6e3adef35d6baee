"""Tests for fupin_nlp.segment: jieba with the domain dictionary, sentences, the spaCy pipeline."""

from __future__ import annotations

import subprocess
import sys

import jieba
import pytest

from fupin_nlp import segment
from fupin_nlp.segment import cut, cut_spans, nlp, pos_window, split_sentences, tokenizer


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# ---------------------------------------------------------------------------- tokenizer


def test_import_does_no_work():
    code = (
        "import sys, jieba; import fupin_nlp.segment as s; "
        "print(s.tokenizer.cache_info().currsize, jieba.dt.initialized, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False"]


def test_tokenizer_is_our_own_and_cached():
    tk = tokenizer()
    assert isinstance(tk, jieba.Tokenizer)
    assert tk is tokenizer()
    assert tk is not jieba.dt
    assert tk.FREQ["建档立卡"] > 0


@pytest.mark.parametrize(
    "text, term",
    [
        ("全县建档立卡贫困户共3200户", "建档立卡"),
        ("贫困发生率由12.5%降至0.5%", "贫困发生率"),
        ("实施易地扶贫搬迁安置点建设", "易地扶贫搬迁"),
        ("稳定实现两不愁三保障", "两不愁三保障"),
        ("全面落实先诊疗后付费政策", "先诊疗后付费"),
        ("开发公益性岗位安置贫困劳动力", "公益性岗位"),
        ("选聘生态护林员186名", "生态护林员"),
        ("村集体经济收入达到5万元", "村集体经济收入"),
        ("农村居民人均可支配收入增长9.8%", "农村居民人均可支配收入"),
        ("做好控辍保学工作", "控辍保学"),
    ],
)
def test_domain_terms_come_out_whole(text, term):
    assert term in cut(text)


def test_every_dictionary_term_is_one_token_alone():
    split = [w for w, _, _ in segment.domain_terms() if cut(w) != [w]]
    assert split == []


def test_compound_keeps_its_parts():
    # 建档立卡贫困户 is deliberately not an entry: its parts are the useful tokens.
    assert cut("建档立卡贫困户") == ["建档立卡", "贫困户"]


def test_offsets_are_exact():
    text = "截至2020年9月底， 南昌县已脱贫户数为4635户。\n全县贫困发生率降至0.5%！"
    spans = cut_spans(text)
    assert "".join(w for w, _, _ in spans) == text
    pos = 0
    for w, s, e in spans:
        assert (s, e) == (pos, pos + len(w))
        assert text[s:e] == w
        pos = e
    assert ("贫困发生率", text.index("贫困发生率"), text.index("贫困发生率") + 5) in spans


def test_cut_empty_text():
    assert cut("") == []
    assert cut_spans("") == []
    assert split_sentences("") == []


def test_very_long_unpunctuated_text_is_chunked_without_loss():
    text = "精准扶贫精准脱贫贫困户" * 20000  # 200,000 characters, no punctuation at all
    spans = cut_spans(text)
    assert "".join(w for w, _, _ in spans) == text
    assert spans[-1][2] == len(text)
    # Chunks restart at a word's start, so the domain terms survive every chunk border.
    assert {w for w, _, _ in spans} <= {"精准扶贫", "精准脱贫", "贫困户"}


def test_chunk_borders_do_not_split_words():
    text = "脱贫攻坚" * 1000 + "贫困发生率" + "脱贫攻坚" * 1000
    words = cut(text)
    assert "贫困发生率" in words
    assert set(words) == {"脱贫攻坚", "贫困发生率"}


def test_pos_window_uses_domain_pos_and_offsets():
    text = "2019年，全县贫困发生率降至0.5%，小额信贷累计发放3.2亿元。"
    start = text.index("全县")
    tagged = pos_window(text, start, start + 9)
    assert ("贫困发生率", "n", start + 2, start + 7) in tagged
    for w, _, s, e in tagged:
        assert text[s:e] == w
    assert all(s >= start and e <= start + 9 for _, _, s, e in tagged)
    assert pos_window(text, 5, 5) == []


# ---------------------------------------------------------------------------- sentences


def test_sentences_basic_marks():
    text = "全县脱贫了。真的吗？是的！ok?"
    assert _sentences(text) == ["全县脱贫了。", "真的吗？", "是的！", "ok?"]


def test_semicolon_does_not_end_a_sentence():
    text = "2019年，全县减贫1200人；贫困村出列12个。"
    assert _sentences(text) == [text]


def test_quotation_kept_whole():
    text = "他说：“要脱贫。要致富！”大家都鼓掌。"
    assert _sentences(text) == ["他说：“要脱贫。要致富！”", "大家都鼓掌。"]


def test_quote_without_end_mark_does_not_split():
    text = "落实“两不愁三保障”要求。下一句。"
    assert _sentences(text) == ["落实“两不愁三保障”要求。", "下一句。"]


def test_closing_bracket_stays_with_sentence():
    text = "（数据来源：县扶贫办。）下一句。"
    assert _sentences(text) == ["（数据来源：县扶贫办。）", "下一句。"]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = "他说：“第一句。" + "长" * 400 + "。第三句。"
    sents = _sentences(text)
    assert sents[0] == "他说：“第一句。"
    assert sents[-1] == "第三句。"


def test_ellipsis_and_newlines():
    text = "一是产业扶贫……二是就业扶贫\n三是教育扶贫……\n  四是健康扶贫"
    assert _sentences(text) == ["一是产业扶贫……二是就业扶贫", "三是教育扶贫……", "四是健康扶贫"]


def test_sentence_spans_are_offsets_into_text():
    text = " 第一句。  第二句！\r\n第三句"
    for s, e in split_sentences(text):
        assert text[s:e].strip() == text[s:e] and text[s:e]
    assert _sentences(text) == ["第一句。", "第二句！", "第三句"]


def test_runs_of_end_marks():
    assert _sentences("真的吗？！是的。。好") == ["真的吗？！", "是的。。", "好"]


def test_sentences_on_long_text():
    text = "脱贫。" * 50000
    assert len(split_sentences(text)) == 50000


# ---------------------------------------------------------------------------- spaCy


def test_spacy_pipeline_tokens_match_cut():
    text = "全县建档立卡贫困户3200户，贫困发生率降至0.5%，易地扶贫搬迁1200人。"
    doc = nlp()(text)
    assert [t.text for t in doc] == cut(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text


def test_spacy_spaces_and_offsets():
    text = "建档立卡 贫困户  3200户\n贫困发生率"
    doc = nlp()(text)
    assert doc.text == text
    assert [t.text for t in doc if not t.is_space] == [w for w in cut(text) if not w.isspace()]
    first = doc[0]
    assert first.text == "建档立卡" and first.whitespace_ == " "
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text


def test_spacy_uses_registered_tokenizer():
    pipeline = nlp()
    assert pipeline.lang == "zh"
    assert pipeline.config["nlp"]["tokenizer"]["@tokenizers"] == segment.SPACY_TOKENIZER_NAME
    assert isinstance(pipeline.tokenizer, segment.FupinJiebaTokenizer)
    # Serialisation round trip keeps the tokenizer.
    restored = type(pipeline)().from_config(pipeline.config).from_bytes(pipeline.to_bytes())
    assert [t.text for t in restored("易地扶贫搬迁")] == ["易地扶贫搬迁"]


# ---------------------------------------------------------------------------- global jieba


def test_global_jieba_dictionary_untouched():
    cut("两不愁三保障先诊疗后付费")
    pos_window("两不愁三保障先诊疗后付费", 0, 12)
    import jieba.posseg

    jieba.dt.initialize()
    for term in ("两不愁三保障", "先诊疗后付费", "易地扶贫搬迁", "贫困发生率"):
        assert term not in jieba.dt.FREQ
        assert term not in jieba.dt.user_word_tag_tab
        assert term not in jieba.posseg.dt.word_tag_tab
    assert "先诊疗后付费" not in jieba.lcut("先诊疗后付费")
