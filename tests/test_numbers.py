"""The number layer on invented sentences in the genre (claims.md tables, real-gold conventions)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin_nlp.numbers import find_numbers, find_quantities


def one(text: str, surface: str):
    """The quantity of ``text`` whose surface is ``surface`` (offsets checked)."""
    found = find_quantities(text)
    for q in found:
        assert text[q.start:q.end] == q.text
    hits = [q for q in found if q.text == surface]
    assert hits, f"{surface!r} not in {[q.text for q in found]}"
    return hits[0]


def numbers(text: str) -> list[tuple[str, Decimal]]:
    found = find_numbers(text)
    for q in found:
        assert text[q.start:q.end] == q.text and q.kind == "number"
    return [(q.text, q.amount) for q in found]


# ---------------------------------------------------------------- numerals
@pytest.mark.parametrize("text, want", [
    ("全村共有4635户", [("4635", Decimal(4635))]),
    ("资金1,050,000元", [("1,050,000", Decimal(1050000))]),
    ("增长17.25个百分点", [("17.25", Decimal("17.25"))]),
    ("全乡一万二千三百人", [("一万二千三百", Decimal(12300))]),
    ("两千亩茶园", [("两千", Decimal(2000))]),
    ("一千零五户", [("一千零五", Decimal(1005))]),
    ("壹佰贰拾叁元", [("壹佰贰拾叁", Decimal(123))]),
    ("投入4921.5万元", [("4921.5万", Decimal(49215000))]),
    ("贷款1.2亿元", [("1.2亿", Decimal(120000000))]),
    ("总投资6千万元", [("6千万", Decimal(60000000))]),
    ("补助3万5千元", [("3万5千", Decimal(35000))]),
    ("一万三千元", [("一万三千", Decimal(13000))]),
    ("一万三", [("一万三", Decimal(13000))]),
    ("二〇二〇年", [("二〇二〇", Decimal(2020))]),
    ("零点五个百分点", [("零点五", Decimal("0.5"))]),
    ("负三十二", [("负三十二", Decimal(-32))]),
    ("五十千", [("五十", Decimal(50))]),
    ("两百点两", [("两百", Decimal(200)), ("两", Decimal(2))]),
    ("一千多万元", [("一千多万", Decimal(10000000))]),
])
def test_numerals(text, want):
    assert numbers(text) == want


def test_full_width_digits_keep_offsets_into_the_original():
    text = "脱贫户１２３４户，占比３５．６％"
    assert numbers(text) == [("１２３４", Decimal(1234)), ("３５．６", Decimal("35.6"))]
    q = one(text, "３５．６％")
    assert (q.amount, q.unit, q.kind) == (Decimal("35.6"), "%", "percent")


def test_fractions():
    assert numbers("约三分之一的农户") == [("三分之一", Decimal(1) / Decimal(3))]
    q = one("约三分之一的农户", "约三分之一")
    assert q.kind == "percent" and q.unit == "%" and abs(q.value - 100 / 3) < 1e-9 and q.qualifier == "~"
    q = one("一半以上的劳动力外出务工", "一半以上")
    assert (q.amount, q.unit, q.qualifier, q.low) == (Decimal(50), "%", ">=", Decimal(50))


def test_words_with_numeral_characters_are_not_numbers():
    assert numbers("一切为了老百姓，十分重要，千方百计") == []
    assert numbers("四川大陆队伍") == []
    assert numbers("十分之一") == [("十分之一", Decimal("0.1"))]


def test_vague_numerals_have_no_value():
    assert find_quantities("花了几千元，来了数十人，好几个村，几天") == []
    assert numbers("几十个村") == []


# ---------------------------------------------------------------- units (claims.md)
@pytest.mark.parametrize("text, surface, amount, unit, dimension, kind", [
    ("发放补助2000元", "2000元", 2000, "元", "money_cny", "money"),
    ("每月多了500块", "500块", 500, "元", "money_cny", "money"),
    ("奖励3千元", "3千元", 3000, "元", "money_cny", "money"),
    ("投入4921.5万元", "4921.5万元", 49215000, "元", "money_cny", "money"),
    ("争取资金2.54亿元", "2.54亿元", 254000000, "元", "money_cny", "money"),
    ("转移就业3名", "3名", 3, "人", "persons", "count"),
    ("帮扶干部12位", "12位", 12, "人", "persons", "count"),
    ("一家四口人", "四口人", 4, "人", "persons", "count"),
    ("培训1.6万人次", "1.6万人次", 16000, "人次", "person_times", "count"),
    ("脱贫4638户", "4638户", 4638, "户", "households", "count"),
    ("增长17.2%", "17.2%", Decimal("17.2"), "%", "percent", "percent"),
    ("下降百分之四十", "百分之四十", 40, "%", "percent", "percent"),
    ("提高5个百分点", "5个百分点", 5, "百分点", "percent", "percent"),
    ("返贫率千分之三", "千分之三", 3, "‰", "percent", "percent"),
    ("发生率为3‰", "3‰", 3, "‰", "percent", "percent"),
    ("茶园五亩", "五亩", 5, "亩", "area_mu", "measure"),
    ("种植4万亩", "4万亩", 40000, "亩", "area_mu", "measure"),
    ("硬化道路12公里", "12公里", 12, "公里", "length", "measure"),
    ("新修水渠800米", "800米", 800, "米", "length", "measure"),
    ("人均住房150平方米", "150平方米", 150, "平方米", "area", "measure"),
    ("年产蔬菜1万吨", "1万吨", 10000, "吨", "weight", "measure"),
    ("出栏生猪240万头", "240万头", 2400000, "头", "count", "count"),
    ("建成安置房37栋", "37栋", 37, "栋", "count", "count"),
    ("新建学校78所", "78所", 78, "所", "count", "count"),
    ("引进企业15家", "15家", 15, "家", "count", "count"),
    ("实施项目19项", "19项", 19, "项", "count", "count"),
    ("开展培训200余场次", "200余场次", 200, "场次", "times", "range"),  # a bound: low only
    ("分5批搬迁", "5批", 5, "批", "count", "count"),
    ("办班两期", "两期", 2, "期", "count", "count"),
    ("外出务工3个月", "3个月", 3, "月", "duration", "measure"),
    ("干了20年", "20年", 20, "年", "duration", "measure"),
    ("未满18周岁", "未满18周岁", 18, "岁", "age", "range"),
    ("近10万贫困人口", "近10万贫困人口", 100000, "人", "persons", "range"),
    ("67万特困户", "67万特困户", 670000, "户", "households", "count"),
    ("收入八千元", "八千元", 8000, "元", "money_cny", "money"),
])
def test_units(text, surface, amount, unit, dimension, kind):
    q = one(text, surface)
    assert (q.amount, q.unit, q.dimension, q.kind) == (Decimal(amount), unit, dimension, kind)


def test_numeral_field_keeps_the_number_as_written():
    assert one("投入4921.5万元", "4921.5万元").numeral == "4921.5万"
    assert one("近10万贫困人口", "近10万贫困人口").numeral == "10万"


def test_persons_counted_with_ge_keep_ge():
    assert one("两个孩子在上学", "两个").unit == "个"


def test_chengs_and_fans():
    assert (one("三成农户", "三成").amount, one("三成农户", "三成").unit) == (Decimal(30), "%")
    q = one("七成左右实现就业", "七成左右")
    assert (q.amount, q.qualifier) == (Decimal(70), "~")
    q = one("收入比2015年翻了一番", "翻了一番")
    assert (q.amount, q.unit) == (Decimal(100), "%")


# ---------------------------------------------------------------- qualifiers (claims.md)
@pytest.mark.parametrize("text, surface, qualifier", [
    ("帮扶3900余名群众", "3900余名", ">"),
    ("新建三百多亩", "三百多亩", ">"),
    ("覆盖1.5万多元", "1.5万多元", ">"),
    ("受益逾2000户", "逾2000户", ">"),
    ("种植超过15000亩", "超过15000亩", ">"),
    ("带动就业超10万人", "超10万人", ">"),
    ("产值突破180亿元", "突破180亿元", ">"),
    ("年收入4500元以上", "4500元以上", ">="),
    ("每户不少于2人", "不少于2人", ">="),
    ("至少3名党员", "至少3名", ">="),
    ("增幅不低于5个百分点", "不低于5个百分点", ">="),
    ("月收入近2000元", "近2000元", "<"),
    ("将近300户", "将近300户", "<"),
    ("接近50%", "接近50%", "<"),
    ("不足1万人", "不足1万人", "<"),
    ("不到三公里", "不到三公里", "<"),
    ("人均2300元以下", "2300元以下", "<="),
    ("控制在5%以内", "5%以内", "<="),
    ("面积不超过20平方米", "不超过20平方米", "<="),
    ("最多6人", "最多6人", "<="),
    ("约3000人", "约3000人", "~"),
    ("大约500亩", "大约500亩", "~"),
    ("工资3000元左右", "3000元左右", "~"),
    ("每亩600元上下", "600元上下", "~"),
    ("上百名志愿者", "上百名", "~"),
    ("百亩茶园", "百亩", "~"),
    ("一百来亩地", "一百来亩", "~"),
    ("年纪30岁出头", "30岁出头", ">"),
    ("资金达到3755万元", "3755万元", "="),
    ("共5个党小组", "5个", "="),
    ("十几户人家", "十几户", ">"),
])
def test_qualifiers(text, surface, qualifier):
    assert one(text, surface).qualifier == qualifier


def test_bounds_set_one_end():
    q = one("5000人以上", "5000人以上")
    assert (q.low, q.high, q.low_inclusive) == (Decimal(5000), None, True)
    q = one("不超过20平方米", "不超过20平方米")
    assert (q.low, q.high, q.high_inclusive) == (None, Decimal(20), True)
    q = one("近2000元", "近2000元")
    assert (q.low, q.high, q.high_inclusive) == (None, Decimal(2000), False)


def test_separated_qualifier_sets_qualifier_but_stays_out_of_surface():
    q = one("大约有1万吨", "1万吨")
    assert q.qualifier == "~"


# ---------------------------------------------------------------- ranges (claims.md)
@pytest.mark.parametrize("text, surface, low, high, unit", [
    ("贴息3至5年", "3至5年", 3, 5, "年"),
    ("工期10-15天", "10-15天", 10, 15, "天"),
    ("贷款1万到5万", "1万到5万", 10000, 50000, None),
    ("贷款3至5万元", "3至5万元", 30000, 50000, "元"),
    ("占比20%到30%", "20%到30%", 20, 30, "%"),
    ("收入0-35000元", "0-35000元", 0, 35000, "元"),
    ("收入35001-70000元", "35001-70000元", 35001, 70000, "元"),
    ("五六百名工人", "五六百名", 500, 600, "人"),
    ("至少三五个", "至少三五个", 3, 5, "个"),
    ("两三个月", "两三个月", 2, 3, "月"),
])
def test_ranges(text, surface, low, high, unit):
    q = one(text, surface)
    assert q.kind == "range" and q.qualifier == ">="
    assert (q.amount, q.low, q.high, q.unit) == (Decimal(low), Decimal(low), Decimal(high), unit)
    assert q.low_inclusive and q.high_inclusive


def test_comparatives_join_into_one_range():
    q = one("数值大于二十小于等于三十五", "大于二十小于等于三十五")
    assert (q.low, q.high, q.low_inclusive, q.high_inclusive) == (Decimal(20), Decimal(35), False, True)


def test_phone_numbers_are_not_ranges():
    assert all(q.kind != "range" for q in find_quantities("电话0851-5221234"))


# ---------------------------------------------------------------- rates, dates, ordinals
def test_slash_rates():
    q = one("1.普通高中（1900元/生•年）", "1900元/生•年")
    assert (q.amount, q.unit, q.per) == (Decimal(1900), "元", "生/年")
    assert one("补助200元/亩", "200元/亩").per == "亩"
    assert one("每月600元/人", "600元/人").per == "人"
    q = one("收购价90元一公斤", "90元")
    assert q.per == "公斤"


def test_dates_and_ordinals_are_bare_numbers():
    found = {q.text: q for q in find_quantities("2020年9月，第三批")}
    assert found["2020"].unit is None and found["2020"].kind == "number"
    assert found["9"].unit is None
    assert found["三"].kind == "number" and found["三"].unit is None


def test_money_prefix_and_compound():
    q = one("人民币 8千元", "人民币 8千元")
    assert q.amount == 8000
    assert one("五元三毛", "五元三毛").amount == Decimal("5.3")


# ---------------------------------------------------------------- bounds and ranges, more forms
@pytest.mark.parametrize("text, surface, low, high, low_inc, high_inc", [
    ("年龄在六十或者以上", "六十或者以上", Decimal(60), None, True, None),
    ("收购三百或者更多的鸡蛋", "三百或者更多", Decimal(300), None, True, None),
    ("人数在20以内", "20以内", None, Decimal(20), None, True),
    ("身高在 170 之下", "170 之下", None, Decimal(170), None, False),
    ("找出 小于 或 等于100 的村", "小于 或 等于100", None, Decimal(100), None, True),
    ("找出 < = 100 的村", "< = 100", None, Decimal(100), None, True),
    ("户主年龄比四十大一些", "比四十大", Decimal(40), None, False, None),
    ("身高比 170 低", "比 170 低", None, Decimal(170), None, False),
])
def test_more_bound_forms(text, surface, low, high, low_inc, high_inc):
    q = one(text, surface)
    assert (q.kind, q.low, q.high, q.low_inclusive, q.high_inclusive) == ("range", low, high, low_inc, high_inc)


def test_a_compared_reference_is_not_a_bound():
    # the number after 高 is the stated difference: 3000元 is only what is compared with
    assert one("比3000元高出500元", "3000元").kind == "money"
    assert one("比2019年高", "2019").kind == "number"


@pytest.mark.parametrize("text, surface, low, high, unit", [
    ("人均收入位于4000和6000之间的", "位于4000和6000之间", Decimal(4000), Decimal(6000), None),
    ("考核排名在第三和第八之间", "在第三和第八之间", Decimal(3), Decimal(8), None),
    ("年收入10000与20000间", "10000与20000间", Decimal(10000), Decimal(20000), None),
    ("年龄在18岁与60岁之间的", "在18岁与60岁之间", Decimal(18), Decimal(60), "岁"),
    ("大概有20~100个", "20~100个", Decimal(20), Decimal(100), "个"),
    ("约20-30人", "约20-30人", Decimal(20), Decimal(30), "人"),
    ("年收入3000元以上，5000元以下的", "3000元以上，5000元以下", Decimal(3000), Decimal(5000), "元"),
])
def test_between_and_joined_ranges_are_closed(text, surface, low, high, unit):
    q = one(text, surface)
    assert (q.kind, q.low, q.high, q.unit) == ("range", low, high, unit)
    assert q.low_inclusive and q.high_inclusive


def test_bounds_with_their_own_nouns_stay_apart():
    found = [q.text for q in find_quantities("60岁以上老人120人，18岁以下儿童30人")]
    assert "60岁以上" in found and "18岁以下" in found
    assert [q.text for q in find_quantities("3000元以下，5000元以上")] == ["3000元以下", "5000元以上"]
    assert [q.unit for q in find_quantities("3间与5间")] == ["间", "间"]  # rooms, not 之间


@pytest.mark.parametrize("text, surface, value, unit", [
    ("苗高35CM", "35CM", 35, "厘米"),
    ("全长5KM", "5KM", 5, "公里"),
    ("重5Kg", "5Kg", 5, "公斤"),
    ("水深250m", "250m", 250, "米"),
    ("面积50m2", "50m2", 50, "平方米"),
    ("面积50㎡", "50㎡", 50, "平方米"),
    ("装机10kW", "10kW", 10, "千瓦"),
])
def test_latin_unit_abbreviations(text, surface, value, unit):
    q = one(text, surface)
    assert (q.value, q.unit, q.kind) == (value, unit, "measure")


def test_single_latin_letters_keep_their_case():
    assert [q.text for q in find_quantities("建成5G基站")] == ["5"]  # a network, not five grams


@pytest.mark.parametrize("text, surface, value", [
    ("七成六的农户", "七成六", 76),
    ("七成 六", "七成 六", 76),
    ("七成半", "七成半", 75),
])
def test_cheng_with_a_tenth(text, surface, value):
    q = one(text, surface)
    assert (q.value, q.unit) == (value, "%")
    assert len(find_quantities(text)) == 1


def test_cheng_before_another_number_stays_alone():
    assert [q.text for q in find_quantities("三成五年")] == ["三成", "五年"]
