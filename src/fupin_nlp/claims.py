"""Quantities in context → claims: the filter, metric, region, time, per and change (spec/claims.md).

A quantity becomes a claim when the text states it as a fact, target or standard.
Years alone, ordinals, slogans and programme names, titles and document numbers,
phone numbers, list numbering and bare numbers without a unit are left out.  The
words that decide (change verbs, per words, detached qualifiers, scope words such
as 全县) are data: ``data/claim_cues.tsv`` and ``data/non_claims.tsv``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from . import gazetteer
from .data import alternation, cue_table, rows
from .numbers import find_quantities
from .records import Claim, Document, Paragraph, Quantity
from .segment import WINDOW_CHARS, text_windows
from .time import TimeExpr, find_times, parse_date, resolve_document_year, sentence_spans, time_for

__all__ = ["extract", "claims_of_paragraph", "document_region", "DocumentContext"]


def _cues() -> dict[str, dict[str, str]]:
    return cue_table("claim_cues.tsv")


@functools.lru_cache(maxsize=1)
def _non_claim_pattern() -> regex.Pattern:
    return regex.compile(alternation(cells[0].strip() for cells in rows("non_claims.tsv")))


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    c = _cues()
    return {
        "change": regex.compile(rf"(?P<verb>{alternation(c['change'])})"
                                rf"(?P<gap>(?:了|达|约|近|超过|逾|{alternation(c['qualifier'])}){{0,2}})$"),
        "level": regex.compile(rf"(?:{alternation(c['level'])})[了]?$"),
        "level_or_change": regex.compile(rf"{alternation(list(c['level']) + list(c['change']))}"),
        "per": regex.compile(alternation(c["per"])),
        "bare": regex.compile(
            rf"(?:(?:比|较|同比|相比)[^，。]{{0,10}}?)?(?P<own>(?:{alternation(c['change'])})[了]?"
            rf"|占比|比例|比重|占|平均|其中|(?:{alternation(c['level'])})[了]?)"),
        "per_tail": regex.compile(rf"(?:{alternation(k for k in c['per'] if k.startswith(('每', '一')))})+$"),
        "per_head": regex.compile(rf"^(?:{alternation(k for k in c['per'] if k.startswith(('每', '一')))})+"),
        "qualifier": regex.compile(rf"(?P<q>{alternation(c['qualifier'])})"),
        "scope": regex.compile(alternation(c["scope"])),
        "drop_before": regex.compile(rf"(?:{alternation(c['drop_before'])})\s*$"),
        "stop_head": regex.compile(rf"^(?:{alternation(c['metric_stop'])})+"),
        "stop_tail": regex.compile(rf"(?:{alternation(c['metric_stop'])})+$"),
    }


# spans whose numbers are never claims
_PROTECTED = regex.compile(
    r"《[^《》\n]{0,80}》"                                    # titles of documents and programmes
    r"|[\p{Han}]{1,8}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号"  # 赣府发〔2019〕12号
    r"|(?<!\d)(?:0\d{2,3}[-—－ ]?)?\d{7,8}(?!\d|[万亿元])"      # landline numbers
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"                            # mobile numbers
    r"|“[^“”\n]{1,12}”"                                    # short quoted slogans (checked below)
)
_LIST_NUMBER = regex.compile(
    r"(?:^|(?<=[。；：\n]))\s{0,8}(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))"
)
_HAS_ARABIC = regex.compile(r"\d")
_CLAUSE_DELIM = regex.compile(r"[，,；;：:。！？!?\n]")
_LIST_OF_FIGURES = regex.compile(r"[^、\x00]*?(、)[^\x00、，。]{0,8}\x00")
_NOUN_END = regex.compile(r"[，,；;：:。！？!?\n的]")
_METRIC_TRIM = "，,；;：:。！？!?、（）()“”‘’《》 \t的和及与"
_DOUBLING = regex.compile(r"(?P<verb>翻了?)(?P<n>一|两|二|三|四|1|2|3|4)番|(?P<plain>翻番)")
_DURATION_UNITS = {"年", "月", "天", "日", "小时", "周", "分钟", "岁", "周岁"}
_DURATION_FRAME = regex.compile(r"^(?:多)?(?:后|来|前|以来|以后|以前|之后|之前|里|间|之内|内|多来|时间里|代|级|围)")
_DURATION_LEAD = regex.compile(r"(?:时隔|头|前|后|这|那|近|过去|历时|用了)$")


@dataclass
class DocumentContext:
    """What a reader carries from sentence to sentence: the date, the current year, the places named."""

    doc_id: str
    date: str | None
    current_year: int | None
    main_region: str | None
    places: dict[str, str] = field(default_factory=dict)  # level → most recent place at that level
    province: str | None = None  # division code of the main region's province
    main_level: str | None = None  # the main region's level: places above it never take the focus
    named_year: int | None = None  # the last year the text named, for 当年 in a later paragraph

    _LEVELS = ("country", "province", "prefecture", "county", "township", "village")

    def inside(self, place: gazetteer.Place) -> bool:
        """Whether ``place`` lies in the document's province (always, when that is unknown).  A partner
        province (东西部协作) or a market (北京) a county report names is not where its figures belong."""
        return not (self.province and place.code and _province_of(place.code) != self.province)

    def _above_main(self, level: str) -> bool:
        levels = self._LEVELS
        return self.main_level in levels and level in levels and levels.index(level) < levels.index(self.main_level)

    def focus(self, level: str) -> None:
        """A scope word (全县) moves the focus up to that level: lower places named before stop applying."""
        if level in self._LEVELS and not self._above_main(level):
            for lower in self._LEVELS[self._LEVELS.index(level) + 1:]:
                self.places.pop(lower, None)

    def mention(self, place: gazetteer.Place) -> None:
        """Move the focus to ``place`` (ignored when it lies outside the document's province)."""
        level = place.level
        if level not in self._LEVELS or not self.inside(place) or self._above_main(level):
            return  # 甘肃省 named in a county's report sets no new scene
        name = place.name
        # naming a place again moves the focus back to it: lower places named before no longer apply
        for lower in self._LEVELS[self._LEVELS.index(level) + 1:]:
            self.places.pop(lower, None)
        self.places[level] = name

    def most_specific(self, at_most: str | None = None) -> str | None:
        levels = self._LEVELS
        if at_most in levels:
            levels = levels[: levels.index(at_most) + 1]
        for level in reversed(levels):
            if level in self.places:
                return self.places[level]
        if at_most in ("province", "prefecture") and self.main_level in ("county", "township", "village"):
            # 全省 in a county's report: the province the county lies in
            region = gazetteer.region_by_code(self.province) if self.province else None
            return region.name if region is not None and at_most == "province" else self.main_region
        return self.main_region


_LOCAL_COUNTY = regex.compile(r"(?<![\p{Han}])?(\p{Han}{2})(县|旗)(?!城|级|委|域|里|外|内|区|乡|长|道)")
_NOT_A_NAME = set("全本该各每我他这那一贫某邻外省市县区乡镇村年")
# characters of function words and verbs that no township or village name contains
_NOT_IN_NAMES = regex.compile(r"[叫它级提升力领导包全这那有是在和与了的把被对将从给让使个年月日我他她们名户]")


def _local_counties(texts: Sequence[str], known: set[str]) -> list[str]:
    """County names the gazetteer does not hold (renamed, or invented in a test corpus): named at least
    twice, or once at the head of a clause (``，青溪县已脱贫…``)."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _LOCAL_COUNTY.finditer(text):
            name = m.group(1) + m.group(2)
            if name[0] not in _NOT_A_NAME and not _NOT_IN_NAMES.search(name[:-1]) and name not in known:
                head = m.start() == 0 or text[m.start() - 1] in "，。；：！？、\n（“"
                counts[name] = counts.get(name, 0) + (2 if head else 1)
    return [name for name, n in counts.items() if n >= 2]


@functools.lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> regex.Pattern:
    return regex.compile(alternation(names))


def _with_local(text: str, mentions: list[gazetteer.Place], local: Sequence[str]) -> list[gazetteer.Place]:
    if not local:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    extra = [gazetteer.Place(m.group(), m.start(), m.end(), "county", None)
             for m in _names_pattern(tuple(local)).finditer(text) if not _overlaps(taken, m.start(), m.end())]
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


def document_region(document: Document | None, paragraphs: Sequence[Paragraph],
                    mentions: dict[int, list[gazetteer.Place]] | None = None) -> str | None:
    """The document's main region: its metadata, else the place its text names most, most specific first.

    >>> from fupin_nlp.records import Paragraph
    >>> document_region(None, [Paragraph("d", 0, "body", "南昌县已脱贫4635户。南昌县全县……江西省")])
    '南昌县'
    """
    if document is not None and document.meta.get("region"):
        return str(document.meta["region"])
    if mentions is None:
        mentions = {p.index: gazetteer.find_regions(p.text) for p in paragraphs}
    counts: dict[tuple[str, str], int] = {}
    texts = {p.index: p.text for p in paragraphs}
    for index, found in mentions.items():
        text = texts.get(index, "")
        for place in found:
            if place.level in ("province", "prefecture", "county") and not _dateline(text, place):
                key = (gazetteer.canonical_region(place.name) or place.name, place.level)
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    rank = {"county": 0, "prefecture": 1, "province": 2}
    top = max(counts.values())
    frequent = [k for k, n in counts.items() if n >= max(2, top // 2)] or list(counts)
    provinces = {k for k in counts if k[1] == "province"}
    local = [k for k in frequent if k[1] != "province"]
    if len(provinces) >= 3 and not local:
        return "全国"  # a national text: several provinces, no county or city it keeps returning to
    return min(frequent, key=lambda k: (rank[k[1]], -counts[k]))[0]


def _dateline(text: str, place: gazetteer.Place) -> bool:
    """``本报太原8月21日电``: the place a report was filed from, not what it is about."""
    return text[max(0, place.start - 4):place.start].endswith(("本报", "记者", "新华社")) or \
        "电" in text[place.end:place.end + 7] and text[:place.start].rstrip().endswith(("本报", "新华社"))


def _level_of(main: str | None, mentions: dict[int, list[gazetteer.Place]]) -> str | None:
    if not main:
        return None
    for places in mentions.values():
        for place in places:
            if place.name == main or gazetteer.canonical_region(place.name) == main:
                return place.level
    found = gazetteer.find_regions(main)
    return found[-1].level if found else None


def _main_province(main: str | None, mentions: dict[int, list[gazetteer.Place]]) -> str | None:
    """The main region's province; for a county the gazetteer lacks, the province the text names most."""
    found = gazetteer.find_regions(main) if main else []
    if found and found[0].code:
        return _province_of(found[0].code)
    counts: dict[str, int] = {}
    for places in mentions.values():
        for place in places:
            if place.level == "province" and place.code:
                counts[place.code] = counts.get(place.code, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _PROTECTED.finditer(text):
        if m.group().startswith("“"):
            inner = m.group()[1:-1]
            # a short quoted phrase with a Chinese numeral and no figure is a slogan: “三保障”
            if _HAS_ARABIC.search(inner) or "%" in inner:
                continue
        spans.append(m.span())
    spans.extend(m.span() for m in _non_claim_pattern().finditer(text))
    spans.extend(m.span() for m in _LIST_NUMBER.finditer(text))
    return spans


def _doublings(text: str) -> list[Quantity]:
    """``翻了一番`` is +100 %, ``翻两番`` +300 % (claims.md)."""
    out = []
    for m in _DOUBLING.finditer(text):
        n = {"一": 1, "1": 1, "两": 2, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}.get(m.group("n") or "一", 1)
        amount = Decimal(2**n - 1) * 100
        out.append(Quantity(m.group(), m.start(), m.end(), amount, "percent", "%", "percent", "=",
                            numeral=m.group()))
    return out


def _is_claim(q: Quantity, text: str, protected: list[tuple[int, int]], times: list[TimeExpr],
              places: list[tuple[int, int]]) -> bool:
    if q.amount is None and q.low is None and q.high is None:
        return False  # 几千元, 数十个: no value
    if q.kind == "number" or not q.unit:
        return False  # a bare count without a unit is not a claim
    if _overlaps(protected, q.start, q.end) or _overlaps(places, q.start, q.end):
        return False
    if any(t.start <= q.start < t.end or q.start <= t.start < q.end for t in times):
        return False  # a year or a date, not a figure
    if _patterns()["drop_before"].search(text[max(0, q.start - 4):q.start]):
        return False  # ordinals, phone numbers
    numeral = q.numeral or q.text
    if q.amount == 1 and numeral[:1] in ("一", "壹") and (
            q.kind not in ("percent", "money") or q.text.endswith("块")):
        return False  # 一 + measure word is an article: 一辆车, 一条路, 一块“硬骨头”
    if q.unit == "个" and text[q.end:q.end + 1] == "月":
        return False  # 三个多月: a duration the number layer cut short
    if q.unit in _DURATION_UNITS:
        after = text[q.end:q.end + 4]
        before = text[max(0, q.start - 3):q.start]
        if _DURATION_FRAME.match(after) or _DURATION_LEAD.search(before):
            return False  # 时隔一年, 三个多月后, 30多年来: a time frame, not a figure
    return True


def _clause_bounds(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    c_start = sentence[0]
    for m in _CLAUSE_DELIM.finditer(text, sentence[0], start):
        c_start = m.end()
    m = _CLAUSE_DELIM.search(text, end, sentence[1])
    return c_start, m.start() if m else sentence[1]


_LEADING_NUMBER = regex.compile(  # list numbering at the head of a metric: 1. （2） 三、 （一）
    r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,2}[、.]|[（(][一二三四五六七八九十]{1,2}[）)])")


def _clean_metric(piece: str) -> str:
    p = _patterns()
    piece = _LEADING_NUMBER.sub("", piece.strip(_METRIC_TRIM)).strip(_METRIC_TRIM)
    for _ in range(3):
        piece = p["stop_head"].sub("", piece).strip(_METRIC_TRIM)
        piece = p["stop_tail"].sub("", piece).strip(_METRIC_TRIM)
    return piece


_DROP, _CUT = "\x01", "\x00"


def _masked(text: str, cut: list[tuple[int, int]], drop: list[tuple[int, int]]) -> str:
    """``text`` with times and places marked for removal and other figures as cut marks, same length."""
    chars = list(text)
    for spans, mark in ((drop, _DROP), (cut, _CUT)):
        for a, b in spans:
            chars[a:b] = mark * (b - a)
    return "".join(chars)


def _context(masked: str, start: int, end: int) -> str:
    """The words of ``[start, end)`` with times and places left out and other figures as ``\x00``."""
    return masked[start:end].replace(_DROP, "")


def _metric(text: str, q: Quantity, clause: tuple[int, int], masked: str,
            outer_noun: str | None, sentence: tuple[int, int]) -> tuple[str, str, str]:
    """``(metric, counted noun)``: the words governing the figure in its clause, with times, places and
    other figures taken out; the noun is what follows the figure (``18个贫困村`` → 贫困村)."""
    c_start, c_end = clause
    pieces = _context(masked, c_start, q.start).split("\x00")
    before = pieces[-1]
    # 238户384人, 4635户、11643人: an item of a list of figures is counted by the list's words
    listed = len(pieces) > 1 and len(before.strip("、，, ")) == 0
    after_full = _context(masked, q.end, c_end)
    listed = listed or after_full.startswith("\x00") or after_full.startswith("、\x00")
    if outer_noun is not None:
        inside = before.split("（")[-1].split("(")[-1]  # inside a breakdown: 省级12个 of 18个贫困村
        before = inside if (inside.strip() or outer_noun) else before.rsplit("（", 1)[0].rsplit("(", 1)[0]
    before = _strip_per(_clean_metric(before[-18:]))
    if len(before) < 6 and c_start > sentence[0] and not listed:
        # a clause with hardly any words of its own (家有5口人, 标准为1000元): the previous clause names it
        previous = _context(masked, sentence[0], c_start).split("\x00")[-1]
        previous = _clean_metric(_CLAUSE_DELIM.split(previous.rstrip("，,；;：: "))[-1])[-10:]
        before = _clean_metric(previous + before)
    after = after_full.split("\x00")[0]
    listing = _LIST_OF_FIGURES.match(after_full)
    if listing:
        after = after[:listing.start(1)]  # 12个、市级6个: the next item of a list of figures is not its noun
    after = _skip_modifier(after)
    stop = _NOUN_END.search(after)
    after = after[: stop.start() if stop else len(after)]
    if after.count("（") > after.count("）"):
        after = after[: after.rfind("（")]  # 贫困村（省级…: a breakdown follows, not part of the noun
    noun = _clean_metric(after[:14])
    if noun.startswith(("（", "(")) or not noun.strip("（）()"):
        noun = ""
    if outer_noun and not noun:
        noun = outer_noun
    metric = before + noun
    measure = _cues().get("measure_noun", {})
    written = _NUMERAL_HEAD.sub("", q.text.lstrip("近约超过逾不足"))
    for word in (written, written[-1:] if written else ""):
        if word in measure and measure[word] not in metric:
            metric += measure[word]
            break
    return metric[:32], noun, before


# the last character of a counted thing: 贫困村, 农户, 扶贫车间, 合作社, 学校 … (no part-of-speech model needed)
_NOUN_FINAL = set("村户县乡镇人口民企社厂区点站队组所校院园地田房间棚场馆家车品业金款费数率元亩")


def _skip_modifier(after: str) -> str:
    """The counted noun after a figure, past a modifier and its 的: ``两个可爱的孩子`` → 孩子, while
    ``18个贫困村的村集体经济收入`` keeps 贫困村 (a noun before 的 is the counted thing)."""
    if after.startswith("的"):
        return after[1:]  # 500万元的风险保证金
    mark = after.find("的", 0, 7)
    if mark <= 0:
        return after
    return after if after[mark - 1] in _NOUN_FINAL else after[mark + 1:]


def _strip_per(piece: str) -> str:
    """Per words name the denominator, not the metric: 达到每月530元 → '', 每年增长 → 增长."""
    if not piece:
        return piece
    piece = _patterns()["per_head"].sub("", _patterns()["per_tail"].sub("", piece))
    return _clean_metric(piece)


def _region_for(text: str, q: Quantity, sentence: tuple[int, int], clause: tuple[int, int],
                mentions: list[gazetteer.Place], ctx: DocumentContext) -> str | None:
    """The most specific place the figure is about: the nearest scope word (全县) or place named before it
    in its sentence, else one named after it in its clause, else the place in focus."""
    local = [m for m in mentions if sentence[0] <= m.start < sentence[1] and ctx.inside(m)]
    before = [m for m in local if m.end <= q.start]
    scopes = list(_patterns()["scope"].finditer(text, sentence[0], q.start))
    if scopes and (not before or scopes[-1].start() >= before[-1].end):
        level = _cues()["scope"][scopes[-1].group()]
        return "全国" if level == "country" else ctx.most_specific(at_most=level)
    if before:
        return before[-1].name
    after = [m for m in local if q.end <= m.start < clause[1]]
    if after:
        return after[0].name
    return ctx.most_specific()


def _per_for(text: str, q: Quantity, clause: tuple[int, int]) -> str | None:
    if q.per:
        return q.per
    window = text[clause[0]:q.start]
    found = list(_patterns()["per"].finditer(window))
    if not found:
        return None
    pers = [_cues()["per"][m.group()] for m in found]
    if len(pers) >= 2 and "/" not in pers[-1] and "/" not in pers[-2] and pers[-2] != pers[-1]:
        return f"{pers[-2]}/{pers[-1]}"  # 每人每月 written apart: 人/月
    return pers[-1]


def _change_for(text: str, q: Quantity, clause: tuple[int, int]) -> str | None:
    if q.text.startswith("翻"):
        return "increase"
    before = text[max(clause[0], q.start - 8):q.start]
    if _patterns()["level"].search(before):
        return None
    m = _patterns()["change"].search(before)
    return _cues()["change"][m.group("verb")] if m else None


def _qualifier_for(text: str, q: Quantity, clause: tuple[int, int]) -> str:
    if q.qualifier and q.qualifier != "=":
        return q.qualifier
    window = text[max(clause[0], q.start - 8):q.start]
    found = list(_patterns()["qualifier"].finditer(window))
    if found:
        value = _cues()["qualifier"][found[-1].group("q")]
        return value
    return q.qualifier or "="


@functools.lru_cache(maxsize=4096)
def _province_of(code: str | None) -> str | None:
    if not code:
        return None
    region = gazetteer.region_by_code(code)
    if region is not None and region.level == "province":
        return region.code
    chain = gazetteer.ancestors(code)
    return chain[-1].code if chain else None


def _plausible(place: gazetteer.Place, province: str | None, text_after: str = "") -> bool:
    """A prefecture or county named by its short form alone (``白城`` in ``黄马白城``) is taken only when it
    lies in the document's province: short forms collide with ordinary words and local names."""
    if place.name.endswith("市") and text_after.startswith("场"):
        return False  # 北京市场 is a market, not the city
    if place.code is None and _NOT_IN_NAMES.search(place.name[:-1]):
        return False  # 一级七村, 县级领导包乡: a suffix after ordinary words is no place name
    if province is None or place.code is None or place.level not in ("prefecture", "county"):
        return True
    region = gazetteer.region_by_code(place.code)
    if region is None or place.name == region.name:
        return True
    return _province_of(place.code) == province


def _average_per(drafts: list[dict], sentence: tuple[int, int]) -> str | None:
    """``平均`` after a count: the average is per counted thing (18个贫困村 … 平均14.3万元 → per 村)."""
    for d in reversed(drafts):
        if d["sentence"] == sentence and d["q"].dimension == "count" and d["noun"]:
            return d["noun"][-1]
    return None


def claims_of_paragraph(paragraph: Paragraph, ctx: DocumentContext, *, category: str | None = None,
                        mentions: list[gazetteer.Place] | None = None) -> list[Claim]:
    """The claims of one paragraph, in reading order; ``ctx`` carries places across paragraphs.

    >>> from fupin_nlp.records import Paragraph
    >>> p = Paragraph("d", 0, "body", "截至2020年9月底，南昌县已脱贫户数为4635户、11643人。", tuple(range(33)))
    >>> [(c.surface, c.time_end, c.region) for c in claims_of_paragraph(p, DocumentContext("d", None, 2020, None))]
    [('4635户', '2020-09-30', '南昌县'), ('11643人', '2020-09-30', '南昌县')]
    """
    text = paragraph.text
    if mentions is None:
        mentions = gazetteer.find_regions(text)
    mentions = [m for m in mentions if _plausible(m, ctx.province, text[m.end:m.end + 1])]
    if paragraph.kind != "body" or not text:
        for m in mentions:
            ctx.mention(m)
        return []
    protected = _protected_spans(text)
    titles = [span for span in protected if text[span[0]] == "《" or text[span[1] - 1] == "号"]
    times = [t for t in find_times(text, ctx.date, current_year=ctx.current_year, named_year=ctx.named_year)
             if not _overlaps(titles, t.start, t.end)]
    years = [m for m in _NAMED_YEAR.finditer(text) if not _overlaps(titles, m.start(), m.end())]
    if years:
        ctx.named_year = int(years[-1].group(1))  # 《临溪县2020年…方案》 dates a document, not a figure
    place_spans = [(m.start, m.end) for m in mentions]
    quantities = sorted(find_quantities(text) + _doublings(text), key=lambda q: (q.start, -q.end))
    kept: list[Quantity] = []
    for q in quantities:
        if kept and q.start < kept[-1].end:
            continue  # overlaps a longer quantity already kept
        if _is_claim(q, text, protected, times, place_spans):
            kept.append(q)
    sentences = sentence_spans(text)
    masked = _masked(text, [(q.start, q.end) for q in kept], [(t.start, t.end) for t in times] + place_spans)
    events = sorted([(m.end, 0, m) for m in mentions] +
                    [(m.end(), 1, _cues()["scope"][m.group()]) for m in _patterns()["scope"].finditer(text)],
                    key=lambda e: (e[0], e[1]))
    event_iter = iter(events)
    pending = next(event_iter, None)
    paren_nouns: list[tuple[int, str]] = []
    drafts: list[dict] = []
    for q in kept:
        while pending is not None and pending[0] <= q.start:
            _apply(ctx, pending)
            pending = next(event_iter, None)
        sentence = next((s for s in sentences if s[0] <= q.start < s[1]), (0, len(text)))
        clause = _clause_bounds(text, q.start, q.end, sentence)
        outer = None
        opening = text.rfind("（", sentence[0], q.start)
        if opening != -1 and text.find("）", opening, q.start) == -1:
            outer = next((noun for pos, noun in reversed(paren_nouns) if pos <= opening), "")
        metric, noun, before = _metric(text, q, clause, masked, outer, sentence)
        if noun and text[q.end:q.end + len(noun) + 1].endswith("（"):
            paren_nouns.append((q.end + len(noun), noun))
        per = _per_for(text, q, clause)
        if per is None and "平均" in text[clause[0]:q.start]:
            per = _average_per(drafts, sentence)
        change = _change_for(text, q, clause)
        drafts.append({
            "q": q, "sentence": sentence, "clause": clause, "metric": metric, "noun": noun, "per": per,
            "before": before,
            "change": change, "time": _time_of(times, text, q, sentence, change),
            "region": _region_for(text, q, sentence, clause, mentions, ctx),
        })
    while pending is not None:
        _apply(ctx, pending)
        pending = next(event_iter, None)
    _share_metrics(drafts, text)
    _carry_into_qizhong(drafts, text)
    out: list[Claim] = []
    for d in drafts:
        q, expr, sentence = d["q"], d["time"], d["sentence"]
        raw_start, raw_end = paragraph.raw_span(q.start, q.end)
        out.append(Claim(
            doc_id=paragraph.doc_id, para=paragraph.index, start=q.start, end=q.end,
            raw_start=raw_start, raw_end=raw_end, surface=q.text, amount=q.amount, unit=q.unit,
            dimension=q.dimension, qualifier=_qualifier_for(text, q, d["clause"]), low=q.low, high=q.high,
            time_start=expr.time_start if expr else None, time_end=expr.time_end if expr else None,
            time_text=expr.text if expr and not expr.unresolved else None,
            region=d["region"], metric=d["metric"], per=d["per"], change=d["change"],
            sentence=text[sentence[0]:sentence[1]], category=category, kind=q.kind, numeral=q.numeral,
        ))
    return out


_NUMERAL_HEAD = regex.compile(r"^[^\p{Han}]*[\d.]+|^[〇零一二两三四五六七八九十百千万亿]+")
_NAMED_YEAR = regex.compile(r"((?:19|20)\d{2})年(?!代)")
_ORIGIN = regex.compile(r"(?:从|由)\s*$")


def _time_of(times: list[TimeExpr], text: str, q: Quantity, sentence: tuple[int, int],
             change: str | None) -> TimeExpr | None:
    """The claim's time.  ``从2014年的28.4%下降到3.5%``: the 2014 of the old level is not the new level's
    time; ``与2015年的5193元相比``: a comparison base dates the old value itself, never the change."""
    usable = []
    level_verbs = _patterns()["level_or_change"]
    for t in times:
        if t.base and (change or t.end > q.start):
            continue
        if _ORIGIN.search(text[max(0, t.start - 2):t.start]) and t.end <= q.start \
                and level_verbs.search(text, t.end, q.start):
            continue
        usable.append(t if not t.base else TimeExpr(t.text, t.start, t.end, t.time_start, t.time_end))
    return time_for(usable, text, q.start, q.end, sentence)


def _apply(ctx: DocumentContext, event: tuple) -> None:
    _, is_scope, what = event
    if is_scope:
        ctx.focus(what)
    else:
        ctx.mention(what)


def _carry_into_qizhong(drafts: list[dict], text: str) -> None:
    """A sentence opening with 其中 breaks down the one before it, so it keeps that one's time."""
    last_time = None
    for d in drafts:
        if d["time"] is None and last_time is not None and text.startswith("其中", d["sentence"][0]):
            d["time"] = last_time
        if d["time"] is not None:
            last_time = d["time"]


def _recount(metric: str, unit: str | None, own_unit: str | None) -> str:
    """A list's words for an item counted in another unit: 已脱贫户数 for 4635户 → 已脱贫人数 for 11643人."""
    swap = {("户", "人"): ("户", "人"), ("人", "户"): ("人", "户")}.get((unit, own_unit))
    if swap and swap[0] in metric:
        at = metric.rindex(swap[0])
        return metric[:at] + swap[1] + metric[at + 1:]
    return metric


_LIST_GAP = regex.compile(r"\s*[、和及与]\s*")


def _share_metrics(drafts: list[dict], text: str) -> None:
    """Figures in a list share what is counted: ``4635户、11643人`` and ``21户57人`` take their neighbour's
    words; an amount of change with no words of its own (``比上年增长17.2%``) takes the metric it changes."""
    for i in range(len(drafts) - 2, -1, -1):
        d, nxt = drafts[i], drafts[i + 1]
        if not d["metric"] and nxt["sentence"] == d["sentence"] and nxt["q"].start - d["q"].end <= 1:
            d["metric"] = _recount(nxt["metric"], nxt["q"].unit, d["q"].unit)
    # 家有5口人、6亩甘蔗地: a later item of a list names its own thing but shares the list's lead words
    for prev, d in zip(drafts, drafts[1:]):
        gap = text[prev["q"].end:d["q"].start]
        if (d["sentence"] == prev["sentence"] and not d["before"] and d["noun"] and prev["before"]
                and _LIST_GAP.fullmatch(gap.replace(prev["noun"], "", 1))):
            d["before"] = prev["before"]
            if not d["metric"].startswith(prev["before"]):
                d["metric"] = (prev["before"] + d["metric"])[:32]
    previous: dict[tuple[int, int], str] = {}
    for d in drafts:
        own = d["metric"] or ""
        bare = _patterns()["bare"].fullmatch(own)
        if (not own or bare) and d["sentence"] in previous:
            # a level reached (下降到0.6%) is the metric itself; a change or a share names what it is of
            suffix = bare.group("own") if bare and not _patterns()["level"].search(bare.group("own")) else ""
            head, head_unit = previous[d["sentence"]]
            d["metric"] = (_recount(head, head_unit, d["q"].unit) + suffix)[:32]
        if d["metric"] and not bare:
            previous[d["sentence"]] = (d["metric"], d["q"].unit)


def extract(paragraphs: Sequence[Paragraph], *, document: Document | None = None, date: str | None = None,
            region: str | None = None, categories: dict[int, str | None] | None = None) -> list[Claim]:
    """Every claim of a document's paragraphs, in document order.

    ``date`` (or the document's metadata) resolves relative time; failing both, the
    latest year the text itself makes current.

    >>> from fupin_nlp.text import reflow
    >>> [c.surface for c in extract(reflow("2019年，南昌县召开会议38次，投入资金4921.5万元。"))]
    ['38次', '4921.5万元']
    """
    doc_id = paragraphs[0].doc_id if paragraphs else (document.doc_id if document else "text")
    date = date or (document.date if document else None)
    current = None
    if parse_date(date) is None:
        current = resolve_document_year("\n".join(p.text for p in paragraphs))
    mentions = {p.index: gazetteer.find_regions(p.text) for p in paragraphs if p.kind in ("body", "heading")}
    known = {m.name for found in mentions.values() for m in found}
    local = _local_counties([p.text for p in paragraphs if p.index in mentions], known)
    mentions = {i: _with_local(p.text, mentions[i], local) for i, p in
                ((p.index, p) for p in paragraphs if p.index in mentions)}
    main = region or document_region(document, paragraphs, mentions)
    ctx = DocumentContext(doc_id, date if parse_date(date) else None, current, main,
                          province=_main_province(main, mentions), main_level=_level_of(main, mentions))
    out: list[Claim] = []
    for p in paragraphs:
        category, found = (categories or {}).get(p.index), mentions.get(p.index, [])
        if len(p.text) <= WINDOW_CHARS:
            out.extend(claims_of_paragraph(p, ctx, category=category, mentions=found))
        else:
            out.extend(_claims_of_long_paragraph(p, ctx, category, found))
    return out


def _claims_of_long_paragraph(p: Paragraph, ctx: DocumentContext, category: str | None,
                              found: list[gazetteer.Place]) -> list[Claim]:
    """A paragraph too long to read whole (a page with no paragraph breaks, a pasted table): read it
    window by window, each ending at a sentence end where there is one, so the work stays linear."""
    out: list[Claim] = []
    k = 0
    for a, b in text_windows(p.text):
        piece = Paragraph(p.doc_id, p.index, p.kind, p.text[a:b], p.offsets[a:b])
        while k < len(found) and found[k].start < a:
            k += 1
        local = []
        while k < len(found) and found[k].start < b:
            if found[k].end <= b:
                local.append(found[k]._replace(start=found[k].start - a, end=found[k].end - a))
            k += 1
        out.extend(dataclasses.replace(c, start=c.start + a, end=c.end + a)
                   for c in claims_of_paragraph(piece, ctx, category=category, mentions=local))
    return out
