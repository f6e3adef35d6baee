"""Claims: units, qualifiers, ranges, the filter, metric/region/per/change, offsets (claims.md).

Every sentence here is invented for the test; expected values are worked out by hand.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin_nlp.io import read_text
from fupin_nlp.pipeline import extract_claims, process_document

from .conftest import shared_path


def claims(text: str, date: str | None = "2020-06-30"):
    return process_document(read_text(text, "t", date=date), date=date, model=False).claims


def one(text: str, date: str | None = "2020-06-30"):
    found = claims(text, date)
    assert len(found) == 1, [c.surface for c in found]
    return found[0]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("青溪县发放补助资金3200元。", "3200元", 3200, "元"),
    ("他家去年收入勉强2万块。", "2万块", 20000, "元"),
    ("村里投入资金85千元。", "85千元", 85000, "元"),
    ("全县投入资金4921.5万元。", "4921.5万元", 49215000, "元"),
    ("全省投入资金1.2亿元。", "1.2亿元", 120000000, "元"),
    ("全国财政投入累计1.5万亿元。", "1.5万亿元", 1500000000000, "元"),
    ("全县选派干部320人。", "320人", 320, "人"),
    ("全县选派干部320名。", "320名", 320, "人"),
    ("全村有5位老党员。", "5位", 5, "人"),
    ("他家有5口人。", "5口人", 5, "人"),
    ("全年培训贫困劳动力3600人次。", "3600人次", 3600, "人次"),
    ("全村有贫困户48户。", "48户", 48, "户"),
    ("全县贫困发生率为2.3%。", "2.3%", 2.3, "%"),
    ("全县贫困发生率为百分之二点三。", "百分之二点三", 2.3, "%"),
    ("贫困发生率下降了1.6个百分点。", "1.6个百分点", 1.6, "百分点"),
    ("全县贫困发生率为3‰。", "3‰", 3, "‰"),
    ("新建茶园1200亩。", "1200亩", 1200, "亩"),
    ("新建茶园2.5万亩。", "2.5万亩", 25000, "亩"),
    ("新修通村公路86公里。", "86公里", 86, "公里"),
    ("全县减少贫困人口3.6万人。", "3.6万人", 36000, "人"),
    ("全省建档立卡贫困户12万户。", "12万户", 120000, "户"),
    ("培训期为3个月。", "3个月", 3, "月"),
    ("村里建成大棚36座。", "36座", 36, "座"),
])
def test_units_are_canonical_and_values_scaled(text, surface, value, unit):
    c = one(text)
    assert (c.surface, c.value, c.unit) == (surface, value, unit)


@pytest.mark.parametrize(("text", "surface", "qualifier"), [
    ("全县有帮扶干部3900余名。", "3900余名", ">"),
    ("全县有帮扶干部3900多名。", "3900多名", ">"),
    ("受益群众逾2万人。", "逾2万人", ">"),
    ("受益群众超过2万人。", "超过2万人", ">"),
    ("销售额突破3亿元。", "突破3亿元", ">"),
    ("带动就业5000人以上。", "5000人以上", ">="),
    ("每户增收不少于1000元。", "不少于1000元", ">="),
    ("月工资近2000元。", "近2000元", "<"),
    ("距离县城不足5公里。", "不足5公里", "<"),
    ("面积不超过20平方米。", "不超过20平方米", "<="),
    ("建成基地约1200亩。", "约1200亩", "~"),
    ("建成基地1200亩左右。", "1200亩左右", "~"),
    ("带动就业3000人上下。", "3000人上下", "~"),
    ("月收入3000元出头。", "3000元出头", ">"),
    ("村里种了一百来亩。", "一百来亩", "~"),
    ("全县共有贫困村18个。", "18个", "="),
])
def test_qualifiers_touching_the_number(text, surface, qualifier):
    c = one(text)
    assert (c.surface, c.qualifier) == (surface, qualifier)


def test_a_qualifier_need_not_touch_the_number():
    c = one("低保标准不低于每人每月355元。")
    assert (c.surface, c.qualifier, c.per) == ("355元", ">=", "人/月")


def test_ranges_set_low_and_high():
    c = one("贷款期限为3至5年。")
    assert (c.value, c.low, c.high, c.qualifier) == (3, 3, 5, ">=")
    c = one("补助标准为每人每月200-300元。")
    assert (float(c.low), float(c.high), c.unit) == (200.0, 300.0, "元")
    c = one("带动就业5000人以上。")
    assert (float(c.low), c.high) == (5000.0, None)


def test_chinese_numerals_shares_and_doublings():
    assert (one("近七成贫困户加入合作社。").value, one("三成贫困户加入合作社。").unit) == (70, "%")
    c = one("人均纯收入比2015年翻了一番。")
    assert (c.value, c.unit, c.change) == (100, "%", "increase")


@pytest.mark.parametrize("text", [
    "坚持两不愁三保障，落实五个一批。",
    "第一书记带领群众脱贫。",
    "县里印发了《2019年青溪县脱贫攻坚实施方案》。",
    "根据青府发〔2019〕12号文件要求。",
    "咨询电话0851-86781234。",
    "一人就业、全家脱贫。",
    "2020年是决战决胜之年。",
    "第三批驻村工作队到位。",
    "村里增加到12。",
    "几千名群众参加活动。",
])
def test_non_claims_are_not_extracted(text):
    assert [c.surface for c in claims(text)] == []


def test_metric_region_time_for_a_county_sentence():
    found = claims("截至2020年5月底，青溪县已脱贫户数为3120户、8452人，全县贫困发生率降至0.21%。")
    assert [c.surface for c in found] == ["3120户", "8452人", "0.21%"]
    assert {c.time_end for c in found} == {"2020-05-31"} and {c.time_start for c in found} == {None}
    assert {c.region for c in found} == {"青溪县"}
    assert "脱贫户数" in found[0].metric and "贫困发生率" in found[2].metric
    assert found[2].change is None  # 降至: a level reached, not an amount of change


def test_change_and_per():
    found = claims("2019年，全县农村居民人均可支配收入达9860元，比上年增长12.5%，户均增收1500元。")
    assert [(c.surface, c.change, c.per) for c in found] == [
        ("9860元", None, "人"), ("12.5%", "increase", None), ("1500元", "increase", "户")]
    assert {c.time_start for c in found} == {"2019-01-01"}  # 比上年 is the base, not the time


def test_a_time_never_carries_into_the_next_sentence():
    found = claims("2019年，全县新建扶贫车间12个。全县共有公益性岗位860个。")
    assert [c.time_start for c in found] == ["2019-01-01", None]


def test_frame_has_the_record_fields_in_order_and_explicit_dtypes():
    df = extract_claims("青溪县新建茶园1200亩，带动贫困户300户。", model=False)
    assert list(df.columns[:8]) == ["doc_id", "para", "start", "end", "raw_start", "raw_end", "surface", "value"]
    assert str(df["value"].dtype) == "Float64" and str(df["para"].dtype) == "Int64"


def test_raw_offsets_point_into_the_raw_text():
    raw = "青溪县已脱贫户数为 3120\n\n户、8452人，全县贫困发生率降至0.21%，新建茶园\n\n1200亩。\n\n" * 2
    doc = read_text(raw, "r")
    result = process_document(doc, model=False)
    assert result.claims
    for c in result.claims:
        p = result.paragraphs[c.para]
        assert p.text[c.start:c.end] == c.surface
        assert "".join(raw[c.raw_start:c.raw_end].split()) == "".join(c.surface.split())


def test_gold_non_claims_of_the_seed_never_come_out():
    gold = json.loads(shared_path("corpora", "seed", "nanchang-2020-exhibition.gold.json").read_text("utf-8"))
    path = shared_path("corpora", "seed", "nanchang-2020-exhibition.txt")
    found = extract_claims(str(path), model=False)
    for nc in gold["non_claims"]:
        rows = found[found["para"] == nc["para"]]
        assert not any(nc["surface"] in s or s in nc["surface"] for s in rows["surface"]), nc


_pieces = st.sampled_from(["全县", "贫困户", "3120", "户", "万元", "人", "近", "余", "%", "，", "。", "2019年", "截至",
                           "底", "比", "增长", "每人每月", "人均", "第", "三", "十", "万", "亿", "（", "）", "“", "”",
                           "《", "》", "、", "个百分点", "至", "-", "青溪县", "村", "以上", "翻了一番", "\n", " "])


@given(st.lists(_pieces, max_size=60).map("".join) | st.text(max_size=200))
def test_property_extraction_never_raises_and_offsets_are_exact(text):
    result = process_document(read_text(text, "h", date="2020"), model=False)
    for c in result.claims:
        p = result.paragraphs[c.para]
        assert p.text[c.start:c.end] == c.surface
        assert c.value is None or c.value == c.value and abs(c.value) < float("inf")
        if c.time_start and c.time_end:
            assert c.time_start <= c.time_end
        assert 0 <= c.raw_start <= c.raw_end <= len(text)


def test_region_focus_follows_the_text_and_scope_words():
    text = ("青溪县地处山区，全县有贫困村18个。\n"
            "青溪县黄石乡罗溪村去年新建茶园300亩。全村有贫困户21户。\n"
            "全县新建扶贫车间12个。")
    found = claims(text)
    assert [(c.surface, c.region) for c in found] == [
        ("18个", "青溪县"), ("300亩", "罗溪村"), ("21户", "罗溪村"), ("12个", "青溪县")]


def test_a_partner_province_named_in_a_county_report_does_not_take_the_figures():
    text = "云南省青溪县今年脱贫1200户。浙江省对口帮扶青溪县，累计投入帮扶资金9800万元。全县新增就业320人。"
    found = {c.surface: c.region for c in claims(text)}
    assert found["1200户"] == "青溪县" and found["320人"] == "青溪县"


def test_a_national_text_is_about_the_country():
    text = ("我国农村贫困人口减少到551万人。\n河北省减少贫困人口12万人。\n"
            "河南省贫困发生率降至0.4%。\n湖南省贫困发生率降至0.3%。")
    found = {c.surface: c.region for c in claims(text)}
    assert found["551万人"] == "全国"
    assert found["12万人"] == "河北省"
