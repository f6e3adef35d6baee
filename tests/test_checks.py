"""The consistency rules one by one: rounding, relations found in text, and each rule's verdicts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin_nlp.checks import check, check_findings, check_text
from fupin_nlp.checks.relations import canonical_metric, find_relations, sentences_of
from fupin_nlp.checks.rounding import Interval, figure, verdict
from fupin_nlp.pipeline import extract_claims

D = Decimal


def rules(text: str, rule: str, date: str | None = "2020-12") -> list[tuple[str, str | None]]:
    return [(f.verdict, f.severity) for f in check_text(text, date=date) if f.rule == rule]


# -- rounding ---------------------------------------------------------------------------------------

def test_figure_interval_follows_the_written_precision():
    f = figure(D("143000"), "14.3万")
    assert (f.low, f.high) == (D("142500"), D("143500"))
    assert figure(D("2565000"), "256.5万").interval == Interval(D("2564500"), D("2565500"))


def test_whole_counts_are_exact_inputs_but_rounded_results():
    f = figure(D(22), "22", surface="22个")
    assert (f.low, f.high) == (D(22), D(22))
    assert f.rounded == Interval(D("21.5"), D("22.5"))


def test_qualifiers_widen_the_interval():
    assert figure(D(140), "140", ">", surface="140多户").interval == Interval(D(140), D(150))
    assert figure(D(5000), "5000", ">=", surface="5000人以上").high is None
    near = figure(D(2000), "2000", "<", surface="近2000元")
    assert near.high == D(2000) and near.low < D(2000)


def test_verdict_minor_only_within_a_plausible_rounding():
    share = Interval(D("41.509"), D("41.510"))
    assert verdict(share, figure(D(40), "40", surface="40%")).severity == "minor"      # rounding to tens
    assert verdict(share, figure(D(45), "45", surface="45%")).severity == "major"      # no rounding gives 45
    assert verdict(share, figure(D("41.5"), "41.5", surface="41.5%")).verdict == "consistent"


# -- relations --------------------------------------------------------------------------------------

def _relations(text: str):
    df = extract_claims(text, model=False)
    return find_relations(sentences_of(df))


def test_bracket_breakdown_is_an_exhaustive_sum():
    rel = [r for r in _relations("18个贫困村（省级12个、市级6个）先后脱贫退出。") if r.kind == "sum"]
    assert len(rel) == 1 and rel[0].exhaustive
    assert rel[0].whole.surface == "18个" and [p.surface for p in rel[0].parts] == ["12个", "6个"]


def test_a_bracket_about_something_else_is_no_breakdown():
    text = "极贫乡镇：1个（代化镇，目前贫困户1898户，力争两个贫困村出列）。"
    assert not [r for r in _relations(text) if r.kind in ("sum", "part_whole")]


def test_qizhong_picks_the_whole_its_parts_add_up_to():
    text = ("全县搬迁5086户20402人，搬迁人口中贫困户4321户16870人，"
            "其中：整组搬迁1783户7378人，零星搬迁3303户13024人。")
    sums = {r.whole.surface for r in _relations(text) if r.kind == "sum"}
    assert sums == {"5086户", "20402人"}


def test_metric_identity():
    assert canonical_metric("贫困率") == canonical_metric("贫困发生率") == "贫困发生率"
    assert canonical_metric("人均纯收入") != canonical_metric("人均可支配收入")
    assert canonical_metric("市级贫困村") is None     # a narrower metric is not the broader one


# -- rules ------------------------------------------------------------------------------------------

def test_sum_rule():
    assert rules("全县共有贫困村26个（深度贫困村9个、一般贫困村17个）。", "sum") == [("consistent", None)]
    assert rules("全县共有贫困村26个（深度贫困村9个、一般贫困村15个）。", "sum") == [("discrepancy", "major")]


def test_sum_partial_list_is_silent_when_it_falls_short():
    # 其中 may name only some of the parts: a shortfall proves nothing
    assert rules("全县有贫困户500户，其中因病致贫200户、因学致贫100户。", "sum") == []


def test_share_rule_seed_sentence():
    text = "其中，2020年批复的53个扶贫项目中，产业扶贫项目就达到22个，占比达到40%，投入资金4921.5万元。"
    assert rules(text, "share") == [("discrepancy", "minor")]
    assert rules(text.replace("40%", "41.5%"), "share") == [("consistent", None)]


def test_mean_rule():
    text = "2019年，18个贫困村的村集体经济收入达到256.5万元，平均达到14.3万元。"
    assert rules(text, "mean") == [("consistent", None)]
    assert rules(text.replace("14.3万元", "16万元"), "mean") == [("discrepancy", "major")]


def test_mean_needs_the_average_to_be_of_the_total():
    # 投入 money over households is not what 户均增收 averages
    assert rules("投入资金500万元，帮扶100户，户均增收2万元。", "mean") == []


def test_growth_rule_checks_a_stated_base_and_reports_an_implied_one():
    text = "2019年，人均纯收入由2018年的8000元增加到9200元，比上年增长15%。"
    assert rules(text, "growth") == [("consistent", None)]
    assert rules(text.replace("15%", "25%"), "growth") == [("discrepancy", "major")]
    info = [f for f in check_text("人均纯收入达11054.9元，比2018年增长17.2%。") if f.rule == "growth"]
    assert [f.verdict for f in info] == ["info"] and round(info[0].expected, 1) == D("9432.5")


def test_growth_yearly_average_is_left_alone():
    text = "转移支付从2636.9亿元增长到4224.8亿元，年均增长10.4%。"
    assert [v for v in rules(text, "growth") if v[0] == "discrepancy"] == []


def test_part_le_whole_rule():
    assert ("discrepancy", "major") in rules("全乡有贫困户320户，其中因病致贫的有350户。", "part_le_whole")
    assert rules("全乡有贫困户320户，其中因病致贫的有150户。", "part_le_whole") == [("consistent", None)]


def test_part_le_whole_across_paragraphs_of_one_place():
    text = "基地承载着新民村140多户贫困户的希望。\n\n书记说：“村里21户贫困户全都实现脱贫。”"
    got = rules(text, "part_le_whole", date="2020-08")
    assert got == [("discrepancy", "major")]


@pytest.mark.parametrize("text, flagged", [
    ("截至2020年底，全县贫困人口基本医疗保险参保率达到102%。", True),
    ("截至2020年底，全县贫困人口基本医疗保险参保率达到100%。", False),
    # a count against last year's can pass 100 %: not a bounded rate
    ("52个县共有261.35万人外出务工，占去年外出务工人数比例的102.7%。", False),
])
def test_range_rule(text, flagged):
    assert bool(rules(text, "range")) is flagged


def test_range_rule_per_head_minimum_times_heads():
    text = "全县为500户贫困户发放补贴共30万元，户均不低于1000元。"
    assert rules(text, "range") == [("discrepancy", "major")]


def test_derived_rule_reports_the_implied_whole():
    fs = check_text("全县贫困户实现就业总人数达到4600人，实现就业的比例达到73.37%。")
    fs = [f for f in fs if f.rule == "derived"]
    assert [f.verdict for f in fs] == ["info"] and round(fs[0].expected, 1) == D("6269.6")


def test_check_returns_a_findings_frame_with_claims_in_reading_order():
    df = extract_claims("18个贫困村（省级12个、市级6个）先后脱贫退出。", model=False)
    out = check(df)
    assert out.columns.tolist()[:3] == ["rule", "verdict", "severity"]
    row = out[out.rule == "sum"].iloc[0]
    assert list(row["claims"]) == ["18个", "12个", "6个"] and row["expected"] == 18.0


def test_check_works_from_the_frame_alone_and_with_paragraphs():
    from fupin_nlp.io import read_text
    from fupin_nlp.pipeline import process_document

    text = "2019年，18个贫困村的村集体经济收入达到256.5万元，平均达到14.3万元。"
    r = process_document(read_text(text), model=False)
    alone = [(f.rule, f.verdict) for f in check_findings(r.claims)]
    with_text = [(f.rule, f.verdict) for f in check_findings(r.claims, r.paragraphs)]
    assert ("mean", "consistent") in alone and alone == with_text


def test_verdict_arithmetic_is_exact():
    fs = [f for f in check_text("共有贫困村3个，分别为0.1万人的村1个、0.2万人的村2个。") if f.rule == "sum"]
    assert all(isinstance(f.expected, Decimal) for f in fs)


def test_doctests_of_the_checks_run():
    import doctest
    import importlib

    import fupin_nlp.checks as pkg
    compare = importlib.import_module("fupin_nlp.compare")
    from fupin_nlp.checks import (
        conflict,
        cumulative,
        derived,
        growth,
        mean,
        part_le_whole,
        relations,
        rounding,
        share,
        unit_slip,
    )
    from fupin_nlp.checks import range as range_rule
    from fupin_nlp.checks import sum as sum_rule

    for module in (pkg, compare, conflict, cumulative, derived, growth, mean, part_le_whole, relations,
                   rounding, share, unit_slip, range_rule, sum_rule):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


def test_a_rate_of_a_named_total_is_checked_as_a_share():
    from fupin_nlp.checks import check_text

    wrong = check_text("全县贫困劳动力共有7240人，已实现就业6130人，就业率达到87.4%。")
    right = check_text("全县贫困劳动力共有7240人，已实现就业6130人，就业率达到84.7%。")
    unrelated = check_text("全县有贫困户1200户，今年减少300户，贫困发生率降至0.5%。")
    assert [(f.rule, f.verdict, f.severity) for f in wrong if f.rule == "share"] == [
        ("share", "discrepancy", "major")]  # 6130/7240 = 84.67 %
    assert [f.verdict for f in right if f.rule == "share"] == ["consistent"]
    assert [f for f in unrelated if f.rule == "share"] == []
