"""Quantities: numerals with their unit, qualifier, rate and range (../spec/claims.md).

``numerals.scan`` finds the numbers; here one anchored pattern (``AFTER``) reads
what follows each number (inner qualifier, unit or counted noun, 半, an after
qualifier, a slash rate), a dictionary look-up reads the qualifier before it,
and a last pass joins ``3至5年`` and ``大于10小于20`` into ranges.

Conventions (../shared/corpora/real-gold/README.md):

- the surface is the number plus the qualifier and unit that touch it;
- a range's ``amount`` is its low end, qualifier ``>=``, both ends inclusive
  (policy brackets such as ``0-35000元``, ``35001-70000元`` are closed);
- a bound (``5000人以上``, ``不超过20平方米``, ``3900余名``) sets only
  ``low`` or ``high`` and has kind ``range``; ``~`` and ``=`` set neither;
- vague numerals (``几千元``, ``数十个``, ``好几个``) have no value and are left out;
- a year before 年 (``2020年``) and a month or day (``9月``) are dates, not
  durations: they come out as bare numbers (kind ``number``, no unit), and so
  do ordinals (``第三批``).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import regex

from fupin_nlp.errors import PatternTimeoutError
from fupin_nlp.records import Quantity

from .lexicon import Unit, lexicon
from .normalize import fold
from .numerals import DECIMAL_CONTEXT, TIMEOUT, Num, collector_paused, scan

__all__ = ["find_quantities"]

_LEX = lexicon()
_HUNDRED = Decimal(100)
_TEN = Decimal(10)


def _alts(words) -> str:
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = regex.escape(w)
        if w.isascii() and w.isalpha() and len(w) > 1:
            # cm, KM, Kg: a Latin abbreviation of two letters or more is read whatever its case;
            # a single letter is not (5G is a network, not five grams)
            esc = f"(?i:{esc})"
        if w[-1].isascii() and w[-1].isalnum():
            esc += r"(?![A-Za-z0-9])"
        elif w == "口":  # 四口人 counts persons, 3口井 and 两口塘 do not
            esc += r"(?![井塘池锅窑])"
        out.append(esc)
    return "|".join(out)


_BEFORE = {w: q for (pos, w), q in _LEX.qualifiers.items() if pos == "before"}
_BEFORE_MAX = max(map(len, _BEFORE))
_AFTER_Q = {w: q for (pos, w), q in _LEX.qualifiers.items() if pos == "after"}
_INNER_Q = {w: q for (pos, w), q in _LEX.qualifiers.items() if pos == "inner"}
# 上 and 过 are qualifiers only before a round number (上百名, 过万): 会上3名, 经过3年 are not
_ROUND_ONLY = {"上", "过"}
_PER_UNITS = ("人次|人年|平方米|公斤|学年|学期|人|户|亩|年|月|天|日|次|生|头|只|斤|吨|米|公里|小时"
              "|个|村|家|周|株|棵|台|套|间")
_CHENG_BLOCK = "员为功立本果绩熟型交就长效品分都年了人家片群"
# 七成六 = 76%: the digit after 成 is a tenth of it unless a number or a unit goes on (三成五年, 七成 6个村)
_CHENG_DIGIT_END = r"(?![0-9.点十百千万亿个名人户年月日天次元亩村家项倍])"
_ZHE_BLOCK = "合算旧腾射返扣叠价线现成"
_LIANG_OK = r"(?![\u4e00-\u9fff])"

AFTER = regex.compile(
    rf"""
    (?P<inner>[ ]{{0,2}}(?:{_alts(_INNER_Q)}))?
    [ ]{{0,4}}
    (?:
        (?P<pct>%|‰|个[ ]{{0,3}}百[ ]{{0,2}}分[ ]{{0,2}}点)
      | (?P<cheng>成(?![{_CHENG_BLOCK}]))
            (?:(?P<cheng_half>半)|(?P<cheng_digit>[ ]?[1-9一二三四五六七八九]{_CHENG_DIGIT_END}))?
      | (?P<zhe>折(?![{_ZHE_BLOCK}]))
      | (?P<unit>{_alts(_LEX.units)})(?P<half>半)?
            (?:(?P<jiao>[0-9一二三四五六七八九两])[角毛](?:(?P<fen>[0-9一二三四五六七八九])分)?)?
      | (?P<noun>{_alts(_LEX.nouns)})
      | (?P<liang>两){_LIANG_OK}
      | (?P<yiban>半)
    )?
    (?P<after>{_alts(_AFTER_Q)})?
    (?P<per>/(?:{_PER_UNITS})(?:[•·・/](?:{_PER_UNITS}))?)?
    (?P<per_one>(?=一(?:{_PER_UNITS}|公斤|斤|亩)))?
    """,
    regex.VERBOSE | regex.ASCII,
)
# words that make a percent or a count with no digit before them (半成, 对折, 翻了一番)
EXTRA = regex.compile(r"(?P<half>半成|半折|(?<=打)对折)|翻了?[ ]?(?P<fan>[一两二三四1-4])[ ]?番")
_CONNECT = regex.compile(r"[ ]{0,2}(?:至|到|-|~|－)[ ]{0,2}")
_BETWEEN_GAP = regex.compile(r"[ ]{0,2}(?:和|与|及|跟|同)[ ]{0,2}(?:第)?")
_BETWEEN_TAIL = regex.compile(r"[ ]{0,2}之?间")
_BETWEEN_HEAD = regex.compile(r"(?:在|位于|介于|处于)[ ]{0,2}$")
_COMMA_GAP = regex.compile(r"[ ]{0,2}[，,、][ ]{0,2}")
_CLAUSE_END = frozenset("，,。；;、：:）)！!？? 的\n")
_AFTER_BOUND_WORDS = tuple(w for w, q in _AFTER_Q.items() if q in (">", ">=", "<", "<=") and len(w) > 1)
_BOUND_JOIN = regex.compile(r"[ ]{0,2}(?:并且|而且|并|且|的同时|同时)?[ ]{0,2}")
_MONEY_BEFORE = regex.compile(r"(?:人民币[ ]{0,2}|[￥¥])$")
# after-qualifiers that may follow a bare number (三十或者以上, 20以内, 170之下); 内, 上下, 前后,
# 之多 and 出头 need a unit (10内, 3上下 are rarely quantities)
_AFTER_BARE = frozenset({"以上", "或以上", "或者以上", "及以上", "或更多", "或者更多", "以下", "以内",
                         "之内", "之下", "之上", "左右", "多", "余"})
_FILLER = "了是有为"  # 超过了80, 至少是3, 最多为5
# 比 X 大 / 高 / 小 / 低; the look-ahead keeps out words that start with the comparative (大学, 小组)
# and a stated difference (比3000元高出500元, 比30高2倍): there the number is only the reference
_COMPARE_BEFORE = regex.compile(r"比[ ]{0,2}$")
_COMPARE_AFTER = regex.compile(
    r"[ ]{0,2}(?P<cmp>[大高小低])(?![学组时会队麦米楼型中于出了0-9]|[一二两三四五六七八九十百千万](?![些点]))")
_EMPTY = dict.fromkeys(AFTER.groupindex, None)
# longer than any AFTER match (inner qualifier, spaces, 个百分点, unit with 角/分, after qualifier,
# a two-part rate and the 一公斤 look-ahead come to about 35 characters)
_AFTER_WINDOW = 64
_AFTER_NAMES = sorted(AFTER.groupindex, key=AFTER.groupindex.get)
assert len(_AFTER_NAMES) == AFTER.groups  # every group of AFTER is named


class _NoMatch:
    """Stands for an empty AFTER match."""

    def end(self, *_):  # pragma: no cover - only reached with groups that are None
        return -1


_NO_MATCH = _NoMatch()
_AFTER_FIRST = set(" %‰个成折两半/") | {w[0] for w in _LEX.units} | {w[0].upper() for w in _LEX.units} | \
    {w[0] for w in _LEX.nouns} | \
    {w[0] for w in _INNER_Q} | {w[0] for w in _AFTER_Q}
_BEFORE_LAST = {w[-1] for w in _BEFORE} | set(_FILLER)
_FAN = {"一": 1, "1": 1, "两": 2, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}
_PERCENT = _LEX.units["%"]
_PERMILLE = _LEX.units["‰"]
_LOWER = {">": (False, None), ">=": (True, None)}
_UPPER = {"<": (None, False), "<=": (None, True)}


def _before(folded: str, start: int, bare: bool) -> tuple[str, int]:
    """The qualifier just before ``start`` and where the surface starts, or ('=', start).

    A qualifier separated by a filler (大约有1万吨, 超过了80) sets the qualifier
    but stays out of the surface, as the real-gold conventions say.
    """
    s = start
    if s > 1 and " " in folded[max(0, s - 2 * _BEFORE_MAX):s]:
        spaced = _before_spaced(folded, s)
        if spaced is not None:
            return spaced
    if s == 0 or folded[s - 1] not in _BEFORE_LAST:
        return "=", start
    if s > 1 and folded[s - 1] in _FILLER:
        s2 = s - 1
        for k in range(min(_BEFORE_MAX, s2), 1, -1):
            w = folded[s2 - k:s2]
            if w in _BEFORE:
                return _BEFORE[w], start
    for k in range(min(_BEFORE_MAX, s), 0, -1):
        w = folded[s - k:s]
        q = _BEFORE.get(w)
        if q is not None:
            if w in _ROUND_ONLY and not bare:
                continue
            return q, s - k
    return "=", start


def _before_spaced(folded: str, s: int) -> tuple[str, int] | None:
    """A qualifier written with single spaces inside or after it (小于 或 等于100, < = 100).

    Only words of two or more characters (and the comparison signs) are read this
    way: a lone 上 or 共 across a space is more often the end of another word.
    """
    chars: list[int] = []  # positions of the non-space characters before s, nearest first
    i, gap = s - 1, 0
    while i >= 0 and len(chars) < _BEFORE_MAX:
        if folded[i] == " ":
            gap += 1
            if gap > 2:  # more than two spaces in a row: not one phrase
                break
        else:
            chars.append(i)
            gap = 0
        i -= 1
    for k in range(len(chars), 0, -1):
        w = "".join(folded[j] for j in reversed(chars[:k]))
        if w in _BEFORE and (len(w) > 1 or w in "<>≤≥") and chars[k - 1] + len(w) < s and \
                _BEFORE[w] != "=":
            return _BEFORE[w], chars[k - 1]
    return None


def _bounds(qualifier: str, amount: Decimal):
    """(low, high, low_inclusive, high_inclusive) a bound qualifier sets."""
    if qualifier in _LOWER:
        return amount, None, _LOWER[qualifier][0], None
    if qualifier in _UPPER:
        return None, amount, None, _UPPER[qualifier][1]
    return None, None, None, None


class _Q:
    """A quantity being built (mutable); ``freeze`` makes the record."""

    __slots__ = ("start", "end", "amount", "unit", "num", "qualifier", "per", "numeral", "low", "high",
                 "low_inc", "high_inc", "ordinal", "date", "kind")

    def __init__(self, start, end, amount, unit, num, qualifier, per, numeral):
        self.start, self.end, self.amount, self.unit, self.num = start, end, amount, unit, num
        self.qualifier, self.per, self.numeral = qualifier, per, numeral
        self.low = self.high = self.low_inc = self.high_inc = None
        self.ordinal = self.date = False
        self.kind = None

    def freeze(self, text: str) -> Quantity:
        unit = self.unit
        if self.kind is None:
            if self.low is not None or self.high is not None:
                kind = "range"
            elif unit is None:
                kind = "number"
            else:
                kind = unit.kind
        else:
            kind = self.kind
        return Quantity(
            text[self.start:self.end], self.start, self.end, self.amount, kind,
            unit.unit if unit else None, unit.dimension if unit else None, self.qualifier,
            self.low, self.high, self.low_inc, self.high_inc, self.per, self.numeral,
        )


def _build(num: Num, folded: str, text: str) -> _Q | None:
    if num.form == "vague" or num.amount is None:
        return None
    e = num.end
    m, g = _NO_MATCH, _EMPTY  # nothing a unit or qualifier starts with (most numbers in prose)
    if e < len(folded) and folded[e] in _AFTER_FIRST:
        # AFTER is anchored and its longest match is about 35 characters: reading a window of
        # _AFTER_WINDOW bounds its work, so it needs no time guard (whose clock costs ~2 µs a call)
        found = AFTER.match(folded, e, e + _AFTER_WINDOW)
        if found.lastindex is not None:  # an empty match (no group took part) changes nothing
            # regex's groupdict() costs ~13 µs, groups() ~0.3 µs: build the dict from groups()
            m, g = found, dict(zip(_AFTER_NAMES, found.groups()))
    amount = num.amount
    unit: Unit | None = None
    end = num.end
    inner = g["inner"]
    qual_inner = _INNER_Q[inner.strip()] if inner else None
    numeral_start = num.num_start if num.form == "percent" else num.start
    numeral = text[numeral_start:num.end]
    per = None
    if num.form == "pair_digits":  # 九九 reads only before 折: 三八折 = 38%
        if not g["zhe"]:
            return None
        unit, end = _PERCENT, m.end("zhe")
        m, g = None, _EMPTY
    elif num.form == "percent":
        unit = _PERMILLE if num.den == 1000 else _PERCENT
        factor = _HUNDRED / num.den if num.den != 1000 else Decimal(1)
        amount = amount * factor
        if num.low is not None:  # 百分之二三十: a range of percentages
            num.low, num.high = num.low * factor, num.high * factor
            num.form = "pair"
        m, g = None, _EMPTY
    elif num.form == "fraction":
        unit, amount = _PERCENT, amount * _HUNDRED
        m, g = None, _EMPTY
    if m is not None:
        # 来 and 几 need a unit after them: 一百来亩, 十几个
        if inner and (qual_inner == "~" or inner.strip() == "几") and not (g["unit"] or g["noun"]):
            inner, qual_inner = None, None
        if g["pct"]:
            unit = _LEX.units["个百分点"] if g["pct"].startswith("个") else _LEX.units[g["pct"]]
            end = m.end("pct")
        elif g["cheng"] and num.form in ("int", "pair") and amount <= 10 and not inner:
            amount = amount * _TEN + (5 if g["cheng_half"] else 0)
            unit, end = _PERCENT, m.end()
            end = m.end("cheng_half") if g["cheng_half"] else m.end("cheng")
            if g["cheng_digit"] and num.form == "int":
                amount += _digit(g["cheng_digit"].strip())
                end = m.end("cheng_digit")
        elif g["zhe"] and num.form in ("int",) and not inner and 0 < amount < 100 and amount != 10:
            if amount < 10:
                amount = amount * _TEN
            unit, end = _PERCENT, m.end("zhe")
        elif g["unit"]:
            unit = _LEX.units.get(g["unit"]) or _LEX.units[g["unit"].lower()]
            end = m.end("unit")
            if g["half"]:
                amount += Decimal("0.5")
                end = m.end("half")
            if g["jiao"] and unit.unit == "元":
                jiao = g["jiao"]
                amount += _digit(jiao) / _TEN
                end = m.end("jiao") + 1
                if g["fen"]:
                    amount += _digit(g["fen"]) / _HUNDRED
                    end = m.end("fen") + 1
        elif g["noun"]:
            unit, end = _LEX.nouns[g["noun"]], m.end("noun")
        elif g["liang"] and num.form == "int":
            unit, end = Unit("两", "两", "weight", "measure"), m.end("liang")
        elif g["yiban"] and numeral == "一" and not inner:
            unit, amount, end = _PERCENT, Decimal(50), m.end("yiban")
        if inner and unit is None and qual_inner != ">":
            inner = None
        if inner and unit is None:
            end = m.end("inner")
        after = g["after"]
        if after and (unit is not None or after in _AFTER_BARE) and \
                (not (after in ("多", "余") and (inner or unit is None)) or unit is None and not inner):
            end = m.end("after")
        if unit is not None and unit.kind == "money" and g["per_one"] is not None:  # 90元一公斤
            per = next((p for p in ("公斤", "平方米") if folded.startswith(p, end + 1)), folded[end + 1])
        if g["per"] and unit is not None and m.start("per") == end:
            end = m.end("per")
            per = regex.sub(r"[•·・]", "/", g["per"][1:])
    # the qualifier before the number
    qualifier, qstart = _before(folded, num.start, num.bare)
    start = qstart if qualifier != "=" else num.start  # 达到, 共, 为 are not part of the surface
    if unit is not None and unit.kind == "money" or (unit is None and m is not None):
        mb = _MONEY_BEFORE.search(folded, max(0, start - 5), start)
        if mb is not None and (unit is not None or mb.group().strip() in ("￥", "¥", "人民币")):
            start = mb.start()
            if unit is None:
                unit = _LEX.units["元"]
    after_q = None
    if m is not None and g["after"] and m.end("after") == end:
        after_q = _AFTER_Q[g["after"]]
    if after_q is not None:
        qualifier = after_q if qualifier == "=" else qualifier
    if qual_inner is not None and inner and m is not None and end >= m.end("inner"):
        qualifier = qual_inner if qualifier in ("=", "~") else qualifier
    if num.approx and qualifier in ("=",):  # 十几万, 二百三十余万
        qualifier = ">"
    if num.bare and qualifier == "=":  # 百亩, 上百名: a round number
        qualifier = "~"
    if qualifier == "=" and start == num.start and num.form != "pair":
        start, end, qualifier = _compared(folded, start, end, qualifier, unit is not None and
                                          unit.unit == "年" and _is_year(num, numeral, qualifier, g))
    q = _Q(start, end, amount, unit, num, qualifier, per, numeral)
    if num.form == "pair":
        q.low, q.high, q.low_inc, q.high_inc = num.low, num.high, True, True
        q.qualifier = ">="
        q.kind = "range"
    else:
        q.low, q.high, q.low_inc, q.high_inc = _bounds(qualifier, amount)
    # a date or an ordinal is a bare number
    if start > 0 and folded[num.start - 1] == "第":
        q.ordinal = True
    if unit is not None and unit.unit == "年" and _is_year(num, numeral, qualifier, g):
        q.date = True
    if q.ordinal or q.date:
        q.unit, q.end, q.per = None, num.end, None
        q.start = num.start
        q.qualifier, q.low, q.high, q.low_inc, q.high_inc, q.kind = "=", None, None, None, None, "number"
    return q


def _compared(folded: str, start: int, end: int, qualifier: str, year: bool) -> tuple[int, int, str]:
    """比三十大, 比 170 低: a comparison around the number is a one-sided bound.

    A year (比2019年高) is a date compared, not a bound on the quantity.
    """
    if year or start == 0:
        return start, end, qualifier
    b = _COMPARE_BEFORE.search(folded, max(0, start - 3), start)
    a = _COMPARE_AFTER.match(folded, end) if b is not None else None
    if a is None:
        return start, end, qualifier
    return b.start(), a.end(), ">" if a.group("cmp") in "大高" else "<"


def _digit(ch: str) -> Decimal:
    if ch.isdigit():
        return Decimal(int(ch))
    return _LEX.numerals[ch][1]


def _is_year(num: Num, numeral: str, qualifier: str, g) -> bool:
    if g["inner"] or g["after"]:
        return False
    if num.form == "digits" and len(num.digit_text) == 4:
        return True
    return num.form == "int" and numeral.isdigit() and len(numeral) == 4 and 1000 <= num.amount <= 2999


def _ranges(qs: list[_Q], folded: str) -> list[_Q]:
    """Join 3至5年, 1万到5万, 20%到30% into one range, and 大于10小于20 into a two-sided bound."""
    out: list[_Q] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        joined = _join(a, b, folded) if b is not None else None
        if joined is not None:
            out.append(joined)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


# the longest gap _CONNECT or _BOUND_JOIN can fill ("  的同时  "): farther numbers are never joined
_MAX_JOIN_GAP = 7


def _join(a: _Q, b: _Q, folded: str) -> _Q | None:
    if b.start - a.end > _MAX_JOIN_GAP:
        return None
    between = _between(a, b, folded)
    if between is not None:
        return between
    if a.ordinal or b.ordinal or a.kind == "range" or b.kind == "range" and b.num.form == "pair":
        return None
    gap_c = _CONNECT.fullmatch(folded, a.end, b.start)
    if gap_c is not None and a.qualifier in ("=", ">=", "~") and b.qualifier in ("=", "~", ">", ">=", "<", "<="):
        if a.unit is not None and b.unit is not None and a.unit.unit != b.unit.unit:
            return None
        if a.numeral[:1] == "0" and len(a.numeral) > 1 and a.numeral[1:2] != ".":  # 0851-… a phone number
            return None
        if a.date != b.date and not (b.date and a.unit is None):
            return None
        low, high = a.amount, b.amount
        if a.num.scale is None and b.num.scale is not None and low * b.num.scale <= high and \
                a.unit is None and low < high / b.num.scale:  # 3至5万 = 3万至5万
            low = low * b.num.scale
        if b.unit is not None and b.unit.kind == "percent" and a.unit is None and a.num.form == "percent":
            pass
        if not low < high:
            return None
        q = _Q(a.start, b.end, low, b.unit or a.unit, a.num, ">=", b.per or a.per, a.numeral)
        q.low, q.high, q.low_inc, q.high_inc = low, high, True, True
        q.kind = "range"
        if b.date:
            q.unit = None
        return q
    gap_b = _BOUND_JOIN.fullmatch(folded, a.end, b.start)
    if gap_b is None and _bounds_one_clause(a, b, folded):
        gap_b = True  # 1000元以上，1500元以下: two after-bounds of one quantity across a comma
    if gap_b is not None:
        if a.low is not None and a.high is None and b.high is not None and b.low is None:
            lo, hi = a, b
        elif b.low is not None and b.high is None and a.high is not None and a.low is None:
            lo, hi = b, a
        else:
            return None
        if (a.unit and b.unit and a.unit.unit != b.unit.unit) or not lo.low < hi.high:
            return None
        q = _Q(a.start, b.end, lo.low, a.unit or b.unit, a.num, lo.qualifier, a.per or b.per, a.numeral)
        q.low, q.high, q.low_inc, q.high_inc = lo.low, hi.high, lo.low_inc, hi.high_inc
        q.kind = "range"
        return q
    return None


def _bounds_one_clause(a: _Q, b: _Q, folded: str) -> bool:
    """True for ``X以上，Y以下`` (or 以下 first) that close one interval.

    Both bounds must be written after their numbers and the second must end the
    clause: in 60岁以上老人120人，18岁以下儿童30人 each bound has its own noun.
    """
    if _COMMA_GAP.fullmatch(folded, a.end, b.start) is None:
        return False
    if not (_ends_after_bound(a, folded) and _ends_after_bound(b, folded)):
        return False
    return b.end == len(folded) or folded[b.end] in _CLAUSE_END


def _ends_after_bound(q: _Q, folded: str) -> bool:
    return any(folded.startswith(w, q.end - len(w)) for w in _AFTER_BOUND_WORDS) and q.kind is None


def _between(a: _Q, b: _Q, folded: str) -> _Q | None:
    """在20和30之间, 介于10000与20000之间, 10000与20000间: a closed range from a to b.

    Both ends are kept inside, as with 到/至 (a policy bracket names both ends it
    covers); 在, 位于, 介于, 处于 before the first number join the surface.
    """
    if a.qualifier != "=" or b.qualifier != "=" or any(
            q.kind is not None and not (q.ordinal and q.kind == "number") for q in (a, b)):
        return None
    if a.date or b.date or a.ordinal != b.ordinal:
        return None
    if _BETWEEN_GAP.fullmatch(folded, a.end, b.start) is None:
        return None
    b_end, b_unit = b.end, b.unit
    if b_unit is not None and b_unit.written == "间" and a.unit is None and folded.startswith("间", b.num.end):
        b_end, b_unit = b.num.end, None  # 20000间: the 间 of 之间, not a count of rooms
    tail = _BETWEEN_TAIL.match(folded, b_end)
    if tail is None:
        return None
    if a.unit is not None and b_unit is not None and a.unit.unit != b_unit.unit:
        return None
    low, high = a.amount, b.amount
    if not low < high:
        return None
    start = a.start - 1 if a.ordinal else a.start  # 第十和第十五之间
    head = _BETWEEN_HEAD.search(folded, max(0, start - 4), start)
    if head is not None:
        start = head.start()
    q = _Q(start, tail.end(), low, b_unit or a.unit, a.num, ">=", b.per or a.per, a.numeral)
    q.low, q.high, q.low_inc, q.high_inc = low, high, True, True
    q.kind = "range"
    return q


def find_quantities(text: str) -> list[Quantity]:
    """Numbers with units, percentages, ranges, money, measures and counts in ``text``.

    >>> [(q.text, q.value, q.unit, q.qualifier) for q in find_quantities("近10万贫困人口，3900余名")]
    [('近10万贫困人口', 100000.0, '人', '<'), ('3900余名', 3900.0, '人', '>')]
    >>> q = find_quantities("补助3至5年")[0]
    >>> (q.text, q.kind, q.low, q.high)
    ('3至5年', 'range', Decimal('3'), Decimal('5'))
    """
    folded = fold(text)
    try:
        with localcontext(DECIMAL_CONTEXT), collector_paused(len(text)):
            extras = _extras(folded, text)
            taken = [(q.start, q.end) for q in extras]  # sorted, disjoint
            t = 0
            qs: list[_Q] = []
            for num in scan(folded):
                while t < len(taken) and taken[t][1] <= num.start:
                    t += 1
                if t < len(taken) and taken[t][0] <= num.start:
                    continue  # inside 翻了一番, 半成
                if qs and qs[-1].num.end <= num.start < qs[-1].end:
                    continue  # read as part of the previous quantity (the 六 of 七成六)
                q = _build(num, folded, text)
                if q is not None:
                    if qs and q.start < qs[-1].end:  # the qualifier overlapped the previous one
                        q.start = max(q.start, qs[-1].end)
                        if q.start > q.num.start:
                            q.start = q.num.start
                    qs.append(q)
            qs = _ranges(qs, folded)
            out = [q.freeze(text) for q in qs]
    except TimeoutError as err:
        raise PatternTimeoutError(
            f"<text of {len(text)} characters>",
            f"a quantity pattern ran past its {TIMEOUT} s guard (it is meant to be linear: please report "
            f"the input as a bug)") from err
    if extras:
        out = sorted(out + [q.freeze(text) for q in extras], key=lambda q: q.start)
    return out


def _extras(folded: str, text: str) -> list[_Q]:
    out = []
    if "半" not in folded and "对折" not in folded and "番" not in folded:
        return out
    for m in EXTRA.finditer(folded, timeout=TIMEOUT):
        s, e = m.span()
        if m.group("half"):
            amount = Decimal(5) if m.group() == "半成" else Decimal(50)
        else:
            amount = Decimal(2 ** _FAN[m.group("fan")] - 1) * _HUNDRED
        q = _Q(s, e, amount, _PERCENT, None, "=", None, text[s:e])
        out.append(q)
    return out
