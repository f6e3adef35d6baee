"""Tests for the lexicon data files: domain dictionary, gazetteer, region suffixes, metric identity."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from importlib import resources

import pytest


def _text(name: str) -> str:
    return resources.files("fupin_nlp").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _text(name).splitlines() if line and not line.startswith("#")]


def test_every_lexicon_starts_with_a_header_comment():
    for name in ("domain_dict.txt", "regions.tsv", "region_suffixes.txt", "metrics.tsv"):
        assert _text(name).startswith("# "), name


# ---------------------------------------------------------------------------- domain dictionary

_REQUIRED = """建档立卡 贫困发生率 两不愁三保障 扶贫车间 小额信贷 易地扶贫搬迁 边缘户 监测户 村集体经济
驻村工作队 第一书记 公益性岗位 生态护林员 危房改造 控辍保学 先诊疗后付费 消费扶贫 东西部扶贫协作 对口帮扶
光伏扶贫 产业扶贫 低保 特困供养 防贫保险 人均纯收入 人均可支配收入 脱贫摘帽 贫困村 贫困县"""
REQUIRED_TERMS = _REQUIRED.split()


def _dict_entries() -> list[list[str]]:
    lines = _text("domain_dict.txt").splitlines()
    return [line.split(" ") for line in lines if line and not line.startswith("#")]


def test_domain_dict_format():
    entries = _dict_entries()
    assert len(entries) >= 400
    allowed_pos = {"n", "nz", "nt", "v", "vn", "l", "a", "ns"}
    for e in entries:
        assert len(e) == 3, e
        word, freq, pos = e
        assert re.fullmatch(r"[\u4e00-\u9fffA-Z]+", word), word
        assert 1000 <= int(freq) <= 100000, e
        assert pos in allowed_pos, e
    words = [e[0] for e in entries]
    assert [w for w, c in Counter(words).items() if c > 1] == []


def test_domain_dict_has_required_terms():
    words = {e[0] for e in _dict_entries()}
    assert [t for t in REQUIRED_TERMS if t not in words] == []


def test_domain_dict_loads_in_jieba_once_comments_are_stripped(tmp_path):
    import jieba

    body = "\n".join(line for line in _text("domain_dict.txt").splitlines() if not line.startswith("#"))
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path)
    tk.load_userdict(io.StringIO(body))  # jieba's own loader accepts the entries as they are
    assert tk.FREQ["两不愁三保障"] == 60000
    assert tk.user_word_tag_tab["两不愁三保障"] == "l"


# ---------------------------------------------------------------------------- gazetteer table

COLUMNS = ["code", "name", "short", "level", "parent", "status", "successor", "aliases", "guard"]


def _regions() -> list[dict[str, str]]:
    lines = [line for line in _text("regions.tsv").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_regions_header_names_source_and_licence():
    head = "\n".join(line for line in _text("regions.tsv").splitlines() if line.startswith("#"))
    assert "cpca" in head and "MIT" in head
    assert _rows("regions.tsv")[0] == COLUMNS


def test_regions_shape():
    rows = _regions()
    assert 3000 <= len(rows) <= 3700
    levels = Counter(r["level"] for r in rows)
    assert levels["province"] == 34
    assert 330 <= levels["prefecture"] <= 350
    assert levels["county"] >= 2800
    codes = {r["code"] for r in rows}
    for r in rows:
        assert re.fullmatch(r"\d{6}", r["code"]), r
        assert r["status"] in {"current", "former"}
        assert r["guard"] in {"", "parent"}
        if r["level"] == "province":
            assert r["code"].endswith("0000") and r["parent"] == ""
        else:
            assert r["parent"] in codes, r
        if r["successor"]:
            assert r["successor"] in codes
    assert len({(r["code"], r["name"]) for r in rows}) == len(rows)
    # No placeholders from the source tables.
    assert not {"市辖区", "县", "省直辖县级行政区划"} & {r["name"] for r in rows}


@pytest.mark.parametrize(
    "name, short",
    [
        ("江西省", "江西"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("北京市", "北京"),
        ("南昌市", "南昌"),
        ("黔南布依族苗族自治州", "黔南"),
        ("南昌县", "南昌县"),
        ("本溪满族自治县", "本溪县"),
        ("安康市", ""),  # a common word: full name only
        ("吉林市", ""),  # repeats the province's short form
    ],
)
def test_region_short_forms(name, short):
    match = [r for r in _regions() if r["name"] == name and r["status"] == "current"]
    assert match and match[0]["short"] == short


def test_former_names_point_to_successors():
    by_name = {r["name"]: r for r in _regions()}
    assert by_name["梁平县"]["status"] == "former"
    assert by_name["梁平县"]["successor"] == by_name["梁平区"]["code"]


def test_region_suffix_file():
    kinds = Counter()
    suffixes = set()
    for cells in _rows("region_suffixes.txt"):
        assert cells[0] in {
            "suffix", "after", "boundary", "soft", "prefix", "generic", "modifier", "notbefore"
        }
        kinds[cells[0]] += 1
        if cells[0] in {"suffix", "after"}:
            assert cells[2] in {"township", "village", "group"}
            suffixes.add(cells[1])
    assert {"乡", "镇", "村", "街道", "社区", "组", "屯"} <= suffixes
    assert kinds["generic"] >= 20 and kinds["boundary"] >= 20


# ---------------------------------------------------------------------------- metrics


def _metrics() -> list[list[str]]:
    return _rows("metrics.tsv")


def test_metrics_shape():
    rows = _metrics()
    assert len(rows) >= 80
    assert all(len(r) == 4 and r[0] and r[1] and r[2] for r in rows)
    # A synonym names one metric only.
    assert [s for s, c in Counter(r[1] for r in rows).items() if c > 1] == []
    canon = {r[0] for r in rows}
    assert all([c, c] in [r[:2] for r in rows] for c in canon)
    # Each canonical belongs to one family.
    fam: dict[str, set[str]] = {}
    for c, _, f, _ in rows:
        fam.setdefault(c, set()).add(f)
    assert all(len(v) == 1 for v in fam.values())


def test_metric_identities():
    canon = {r[1]: r[0] for r in _metrics()}
    family = {r[0]: r[2] for r in _metrics()}
    assert canon["贫困率"] == canon["贫困发生率"]
    assert canon["脱贫人数"] == canon["脱贫人口"] == canon["已脱贫人口"]
    assert canon["人均纯收入"] != canon["人均可支配收入"]
    assert family[canon["人均纯收入"]] == family[canon["人均可支配收入"]]
    assert canon["已脱贫户数"] != canon["已脱贫人口"]  # households are not persons
    for term in ("建档立卡贫困户", "贫困人口", "贫困村", "村集体经济收入", "小额信贷", "易地扶贫搬迁人口"):
        assert term in canon


def test_build_script_short_form_rules():
    # The rules alone, without the source packages (those are needed only to regenerate the table).
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_regions.py"
    spec = importlib.util.spec_from_file_location("build_regions", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.short_forms("积石山保安族东乡族撒拉族自治县", "county") == ("积石山县", [])
    assert mod.short_forms("鄂温克族自治旗", "county") == ("鄂温克旗", [])
    assert mod.short_forms("新疆维吾尔自治区", "province") == ("新疆", [])
    assert mod.short_forms("湘西土家族苗族自治州", "prefecture") == ("湘西", ["湘西州"])
    assert mod.short_forms("阿里地区", "prefecture") == ("阿里", [])
