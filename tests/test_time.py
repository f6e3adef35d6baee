"""Time expressions and their scoping (claims.md, "Time"), on invented sentences."""

from __future__ import annotations

import pytest

from fupin_nlp.time import find_times, parse_date, resolve_document_year, sentence_spans, time_for

DATE = "2020-08-24"


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2019年", "2019-01-01", "2019-12-31"),
    ("2019年7月", "2019-07-01", "2019-07-31"),
    ("2020年2月", "2020-02-01", "2020-02-29"),
    ("2019年7-9月", "2019-07-01", "2019-09-30"),
    ("2018年12月5日", "2018-12-05", "2018-12-05"),
    ("2019年底", None, "2019-12-31"),
    ("2019年9月底", None, "2019-09-30"),
    ("到2014年初", None, "2014-01-01"),
    ("截至2020年6月底", None, "2020-06-30"),
    ("到2020年6月底止", None, "2020-06-30"),
    ("2019年上半年", "2019-01-01", "2019-06-30"),
    ("2019年第三季度", "2019-07-01", "2019-09-30"),
    ("今年", "2020-01-01", "2020-12-31"),
    ("去年", "2019-01-01", "2019-12-31"),
    ("前年", "2018-01-01", "2018-12-31"),
    ("大前年", "2017-01-01", "2017-12-31"),
    ("今年1-6月", "2020-01-01", "2020-06-30"),
    ("上半年", "2020-01-01", "2020-06-30"),
    ("近三年", "2018-01-01", "2020-12-31"),
    ("两年前", "2018-01-01", "2018-12-31"),
    ("2016年以来", "2016-01-01", "2020-08-24"),
    ("2014年至今", "2014-01-01", "2020-08-24"),
    ("十三五", "2016-01-01", "2020-12-31"),
    ("十三五以来", "2016-01-01", "2020-08-24"),
    ("2017年、2018年", "2017-01-01", "2018-12-31"),
    ("2013年至2016年", "2013-01-01", "2016-12-31"),
    ("截至8月底", None, "2020-08-31"),
    ("5月份", "2020-05-01", "2020-05-31"),
    ("二〇一九年", "2019-01-01", "2019-12-31"),
])
def test_each_time_form_resolves_against_the_document_date(text, start, end):
    found = find_times(f"{text}，青溪县新增就业320人", DATE)
    assert [(t.text.strip("，"), t.time_start, t.time_end) for t in found][:1] == [(text, start, end)]


def test_present_words_stay_unresolved_and_years_of_age_are_not_times():
    found = find_times("目前，全村有贫困户12户；如今年满60岁的老人", DATE)
    assert [(t.text, t.unresolved) for t in found] == [("目前", True), ("如今", True)]
    assert find_times("3个月以上", DATE) == []


def test_a_comparison_base_is_marked():
    found = find_times("人均纯收入达9860元，比2018年增长12.5%", DATE)
    assert found[0].base and found[0].text == "2018年"


def test_relative_words_wait_for_a_year():
    assert find_times("今年1-6月", None) == []
    assert find_times("今年1-6月", None, current_year=2019)[0].time_end == "2019-06-30"


def test_the_text_makes_its_latest_year_current():
    assert resolve_document_year("2018年召开会议12次。2019年以来，全县……进入2020年，力度加大。") == 2020


def test_a_leading_time_covers_the_later_clauses_of_its_sentence_only():
    text = "2019年，县里召开调度会26次，新建车间8个。全县贫困户共1200户。"
    times = find_times(text, DATE)
    sentences = sentence_spans(text)
    k = text.index("8个")
    assert time_for(times, text, k, k + 2, sentences[0]).time_start == "2019-01-01"
    k = text.index("1200户")
    assert time_for(times, text, k, k + 5, sentences[1]) is None


def test_parse_date_accepts_partial_dates():
    assert parse_date("2020") == (2020, None, None)
    assert parse_date("2020-9-3") == (2020, 9, 3)
    assert parse_date("yesterday") is None
