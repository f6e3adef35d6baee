"""Tests for fupin_nlp.gazetteer: division lookup, lower places by suffix, region identity."""

from __future__ import annotations

import pytest

from fupin_nlp.gazetteer import (
    ancestors,
    canonical_region,
    find_regions,
    load_regions,
    region_by_code,
    same_region,
)


def _names(text: str) -> list[tuple[str, str]]:
    return [(m[0], m[3]) for m in find_regions(text)]


def test_load_regions_cached_and_complete():
    rs = load_regions()
    assert rs is load_regions()
    assert len(rs) > 3000
    assert region_by_code("360121").name == "南昌县"
    assert [r.name for r in ancestors("360121")] == ["南昌市", "江西省"]


def test_full_chain_with_offsets():
    text = "在江西省南昌县黄马乡罗渡村"
    found = find_regions(text)
    assert [(m[0], m[3], m[4]) for m in found] == [
        ("江西省", "province", "360000"),
        ("南昌县", "county", "360121"),
        ("黄马乡", "township", None),
        ("罗渡村", "village", None),
    ]
    for name, s, e, _, _ in found:
        assert text[s:e] == name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("贵州长顺县", [("贵州", "province"), ("长顺县", "county")]),
        ("内蒙古林西县十二吐乡", [("内蒙古", "province"), ("林西县", "county"), ("十二吐乡", "township")]),
        ("黔南州", [("黔南州", "prefecture")]),
        ("井冈山大井村", [("井冈山", "county"), ("大井村", "village")]),
        ("景德镇市浮梁县", [("景德镇市", "prefecture"), ("浮梁县", "county")]),  # 镇 inside a city name
        ("帮扶罗渡村3组", [("罗渡村", "village"), ("3组", "group")]),
        ("石桥村、张家新村和新民村", [("石桥村", "village"), ("张家新村", "village"), ("新民村", "village")]),
        ("和平村", [("和平村", "village")]),
        ("我县泾口乡", [("泾口乡", "township")]),
        ("昨天来到桃源村", [("桃源村", "village")]),
        ("幸福安置社区", [("幸福安置社区", "village")]),
        ("马鞍山市和县", [("马鞍山市", "prefecture"), ("和县", "county")]),
    ],
)
def test_find_regions(text, expected):
    assert _names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "推进乡村振兴和新型城镇化",
        "干部下乡，工作队驻村，到村到户",
        "全县15个乡镇、120个行政村，其中贫困村32个、深度贫困村5个",
        "发展壮大村集体经济",
        "建设美丽乡村，改善城乡居民生活",
        "乡镇和县直部门",  # 和县 is a county, but only right after 马鞍山
        "城区和郊区",
        "振兴县域经济",
        "易地扶贫搬迁安置社区",
        "长治久安",
        "村民小组和扶贫工作组",
        "引导村民发展产业",
    ],
)
def test_no_false_places(text):
    assert find_regions(text) == []


def test_ambiguous_county_prefers_the_named_parent():
    fuzhou = find_regions("福州市鼓楼区")[-1]
    nanjing = find_regions("南京市鼓楼区")[-1]
    assert fuzhou[0] == nanjing[0] == "鼓楼区"
    assert fuzhou[4] != nanjing[4]
    assert region_by_code(fuzhou[4]).parent == "350100"
    assert region_by_code(nanjing[4]).parent == "320100"


def test_same_region():
    assert same_region("南昌县", "江西省南昌县")
    assert same_region("南昌县", "江西南昌县")
    assert same_region("江西", "江西省")
    assert same_region("黔南州", "黔南布依族苗族自治州")
    assert same_region("梁平县", "梁平区")  # former name and its successor
    assert same_region("黄马乡", "南昌县黄马乡")
    assert same_region("全国", "全 国")
    assert not same_region("南昌", "南昌县")  # the city is not the county
    assert not same_region("福州市鼓楼区", "南京市鼓楼区")
    assert not same_region("黄马乡", "泾口乡")
    assert not same_region("南昌县", "全国")


def test_canonical_region():
    assert canonical_region("江西南昌县") == "南昌县"
    assert canonical_region("江西") == "江西省"
    assert canonical_region("黔南州") == "黔南布依族苗族自治州"
    assert canonical_region("南昌县黄马乡") == "黄马乡"
    assert canonical_region("全国") is None


def test_long_text_is_fast_enough_to_finish():
    text = "江西省南昌县黄马乡罗渡村贫困户脱贫攻坚工作，" * 2000
    assert len(find_regions(text)) == 8000
