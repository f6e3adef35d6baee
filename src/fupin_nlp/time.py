"""Time expressions → periods (``time_start``, ``time_end``), resolved against a document date.

The words (relative years, parts of a year, plan periods, present-tense words,
comparison markers) are a data file, ``data/time_words.tsv``; this module holds the
grammar that combines them and the scoping rules of claims.md:

- a claim takes the time of its own clause first, then the last time set earlier
  in its sentence (``2019年，…`` covers the clauses after it), never one from the
  previous sentence;
- ``比2018年增长`` names a comparison base, not the claim's time;
- ``目前``, ``如今`` … leave the time unresolved;
- ``X年底`` is ``None … X-12-31``, ``截至…`` is ``None … that day``, ``X年以来`` runs
  to the document date.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass

import regex

from .data import alternation, cue_table

__all__ = ["TimeExpr", "find_times", "resolve_document_year", "time_for", "parse_date", "sentence_spans"]

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10}


def _words() -> dict[str, dict[str, str]]:
    return cue_table("time_words.tsv")


@functools.lru_cache(maxsize=1)
def _grammar() -> regex.Pattern:
    w = _words()
    year = r"(?:(?P<y>(?:19|20)\d{2})|(?P<ycn>[一二〇零三四五六七八九]{4}))年(?!代|龄|级|轻|纪|薪|收入|均)"
    rel = rf"(?P<rel>{alternation(w['relyear'])})"
    year_any = rf"(?:{year}|{rel})"
    month = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    month2 = r"(?P<m2>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    day = r"(?P<d>[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
    edge = rf"(?P<edge>{alternation(w['edge'])})"
    part = rf"(?P<part>{alternation(w['part'])})"
    plan = rf"(?P<plan>{alternation(w['plan'])})(?:时期|期间|期)?"
    span_sep = r"[-—–~～至到]"
    year_range = (r"(?P<yr1>(?:19|20)\d{2})(?:年)?[-—–~～至到](?P<yr2>(?:19|20)\d{2})年"
                  r"|(?P<yl1>(?:19|20)\d{2})年(?:[、和及与]|或)(?P<yl2>(?:19|20)\d{2})年")
    recent = r"(?P<recent>近|过去|最近)(?P<n>[1-9一二三四五六七八九十两]{1,2})年"
    ago = r"(?P<ago>[1-9一二三四五六七八九十两]{1,2})年(?:前|以前)"
    lone_part = alternation(k for k in w["part"] if k != "年度")  # 年度 alone is no period
    body = (
        rf"(?:{year_range})"
        rf"|(?:{year_any}(?:{month}(?:{span_sep}{month2})?月(?:份)?(?:{day})?(?:{edge}|上旬|中旬|下旬)?"
        rf"|{part}|年?{edge})?)"
        rf"|(?:{plan})|(?:{recent})|(?:{ago})"
        rf"|(?:(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?P<mofen>份)?"
        rf"(?:(?P<moday>[12]\d|3[01]|0?[1-9])[日号])?(?P<moedge>底|末|初|中|上旬|中旬|下旬)?)"
        rf"|(?P<lonepart>{lone_part})"
    )
    # every expression opens with one of these characters; the lookahead lets the engine skip the rest
    # of the text fast (five times faster than trying the whole grammar at every position)
    openers = set("截到至近过最0123456789〇零一二两三四五六七八九十")
    for table in ("relyear", "part", "plan"):
        openers.update(word[0] for word in w[table])
    first = "".join(sorted(openers))
    return regex.compile(
        rf"(?=[{regex.escape(first)}])"
        rf"(?P<upto>截至|截止到?|到|至)?(?P<body>{body})(?P<since>以来|至今|开始|起|来)?(?P<stop>止|为止)?"
    )


@functools.lru_cache(maxsize=1)
def _unresolved() -> regex.Pattern:
    return regex.compile(alternation(_words()["unresolved"]))


@functools.lru_cache(maxsize=1)
def _base_before() -> regex.Pattern:
    return regex.compile(rf"(?:{alternation(_words()['base'])})\s*$")


@dataclass(frozen=True)
class TimeExpr:
    """A time expression at ``[start, end)`` of a text, resolved to an inclusive ISO period.

    ``base`` marks a comparison base (``比2018年``); ``unresolved`` a present-tense word.
    """

    text: str
    start: int
    end: int
    time_start: str | None
    time_end: str | None
    base: bool = False
    unresolved: bool = False


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _CN_DIGIT for ch in text):  # 二〇二〇
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    if "十" in text:
        head, _, tail = text.partition("十")
        return (_CN_DIGIT.get(head, 1) if head else 1) * 10 + (_CN_DIGIT.get(tail, 0) if tail else 0)
    return _CN_DIGIT.get(text) if len(text) == 1 else None


def parse_date(date: str | None) -> tuple[int, int | None, int | None] | None:
    """``"2020"``, ``"2020-09"``, ``"2020-09-30"`` → ``(2020, 9, 30)`` with ``None`` for what is missing.

    >>> parse_date("2020-09")
    (2020, 9, None)
    """
    if not date:
        return None
    m = _DATE.fullmatch(str(date).strip()[:40])
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_end(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _doc_end(doc: tuple[int, int | None, int | None] | None) -> str | None:
    if doc is None:
        return None
    y, m, d = doc
    if m is None:
        return _iso(y, 12, 31)
    return _iso(y, m, d or _month_end(y, m))


def _resolve(match: regex.Match, doc: tuple[int, int | None, int | None] | None,
             current_year: int | None) -> tuple[str | None, str | None] | None:
    g = match.groupdict()
    doc_year = doc[0] if doc else current_year
    if g["yr1"] or g["yl1"]:
        y1, y2 = int(g["yr1"] or g["yl1"]), int(g["yr2"] or g["yl2"])
        if y2 < y1:
            return None
        return _iso(y1, 1, 1), _iso(y2, 12, 31)
    if g["plan"]:
        a, b = _words()["plan"][g["plan"]].split("..")
        start, end = _iso(int(a), 1, 1), _iso(int(b), 12, 31)
        if g["since"]:
            return start, _doc_end(doc) or end
        return start, end
    if g["recent"]:
        n = _cn_number(g["n"])
        if doc_year is None or not n:
            return None
        return _iso(doc_year - n + 1, 1, 1), _iso(doc_year, 12, 31)
    if g["ago"]:
        n = _cn_number(g["ago"])
        if doc_year is None or not n:
            return None
        return _iso(doc_year - n, 1, 1), _iso(doc_year - n, 12, 31)
    if g["mo"]:
        # a month without a year: the document's year; only with 截至/到 or an edge (10月底), not 3个月
        if doc_year is None or not (g["upto"] or g["moedge"] or g["since"] or g["mofen"] or g["moday"]):
            return None
        month = _cn_number(g["mo"])
        if month is None or not 1 <= month <= 12:
            return None
        if g["moday"]:
            day = int(g["moday"])
            if day > _month_end(doc_year, month):
                return None
            return (None if g["upto"] else _iso(doc_year, month, day)), _iso(doc_year, month, day)
        last = _iso(doc_year, month, _month_end(doc_year, month))
        if g["moedge"] in ("底", "末") or g["upto"]:
            return None, last if g["moedge"] != "初" else _iso(doc_year, month, 1)
        if g["moedge"] == "初":
            return None, _iso(doc_year, month, 1)
        start = _iso(doc_year, month, 1)
        return start, (_doc_end(doc) or last) if g["since"] else last
    if g["lonepart"]:
        if doc_year is None:
            return None
        a, b = _words()["part"][g["lonepart"]].split("..")
        return f"{doc_year:04d}-{a}", f"{doc_year:04d}-{b}"
    if g["y"] or g["ycn"]:
        year = _cn_number(g["y"] or g["ycn"])
    elif g["rel"]:
        if g["rel"] in ("当年", "同年") and current_year is not None:
            year = current_year
        elif doc_year is None:
            return None
        else:
            year = doc_year + int(_words()["relyear"][g["rel"]])
    else:
        return None
    if year is None or not 1900 <= year <= 2100:
        return None
    month = _cn_number(g["m"]) if g["m"] else None
    month2 = _cn_number(g["m2"]) if g["m2"] else None
    day = _cn_number(g["d"]) if g["d"] else None
    if month is not None and not 1 <= month <= 12 or month2 is not None and not 1 <= (month2 or 0) <= 12:
        return None
    if g["part"]:
        a, b = _words()["part"][g["part"]].split("..")
        start, end = f"{year:04d}-{a}", f"{year:04d}-{b}"
    elif month is None:
        start, end = _iso(year, 1, 1), _iso(year, 12, 31)
    elif month2 is not None:
        if month2 < month:
            return None
        start, end = _iso(year, month, 1), _iso(year, month2, _month_end(year, month2))
    elif day is not None:
        if day > _month_end(year, month):
            return None
        start = end = _iso(year, month, day)
    else:
        start, end = _iso(year, month, 1), _iso(year, month, _month_end(year, month))
    edge = _words()["edge"].get(g["edge"] or "")
    if edge == "end":
        start = None  # a stock at the end of a period: up to that day
    elif edge == "start":
        end = start
        start = None
    elif edge == "mid":
        if month is None:
            end = _iso(year, 6, 30)
        start = None
    whole_year = month is None and not g["part"] and not g["edge"]
    if (g["upto"] or g["stop"]) and not (g["upto"] == "到" and whole_year and not g["stop"]):
        start = None  # 截至/到…(止): a stock up to that day; 到去年还有… is that whole year
    if g["since"]:
        end = _doc_end(doc) or end  # X年以来: from X to the document date
    return start, end


@functools.lru_cache(maxsize=1)
def _current_marker() -> regex.Pattern:
    return regex.compile(r"(?:进入|截至|截止|到)?((?:19|20)\d{2})年(?:以来|底|末|[1-9]|1[0-2]|上半年|前三季度)")


_ENTERING = regex.compile(r"进入((?:19|20)\d{2})年")
_DATE = regex.compile(r"\s*(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?)?\s*")


def resolve_document_year(text: str) -> int | None:
    """The latest year the text itself makes current (``2020年以来``, ``进入2020年``, ``截至2020年9月底``).

    >>> resolve_document_year("2019年召开会议38次。进入2020年，力度加大。")
    2020
    """
    years = [int(m.group(1)) for m in _current_marker().finditer(text)]
    years += [int(m.group(1)) for m in _ENTERING.finditer(text)]
    plausible = [y for y in years if 1949 <= y <= 2100]
    return max(plausible) if plausible else None


def find_times(text: str, date: str | None = None, *, current_year: int | None = None,
               named_year: int | None = None) -> list[TimeExpr]:
    """Every time expression of ``text``, resolved against ``date`` (or ``current_year``).

    >>> [(t.text, t.time_start, t.time_end) for t in find_times("截至2020年9月底，已脱贫4635户")]
    [('截至2020年9月底', None, '2020-09-30')]
    >>> find_times("比2018年增长17.2%")[0].base
    True
    """
    doc = parse_date(date)
    if doc is None and current_year is not None:
        doc = (current_year, None, None)
    out: list[TimeExpr] = []
    # 当年 is the year the text has just named (possibly in an earlier paragraph: ``named_year``)
    last_year = named_year if named_year is not None else (doc[0] if doc else None)
    present = [m.span() for m in _unresolved().finditer(text)]
    for match in _grammar().finditer(text):
        if any(a < match.start() < b for a, b in present):
            continue  # 如今年满60岁: 今年 is half of 如今
        period = _resolve(match, doc, last_year)
        if period is None:
            continue
        base = bool(_base_before().search(text[max(0, match.start() - 4):match.start()]))
        out.append(TimeExpr(match.group(), match.start(), match.end(), period[0], period[1], base=base))
        if match.group("y"):
            last_year = int(match.group("y"))
    for a, b in present:
        if not any(t.start <= a < t.end for t in out):
            out.append(TimeExpr(text[a:b], a, b, None, None, unresolved=True))
    out.sort(key=lambda t: t.start)
    return out


_SENTENCE_END = regex.compile(r"[。！？!?]+[”’」』）)]*|\n")
_CLAUSE_END = regex.compile(r"[，,；;：:]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` for time scoping: a sentence ends at 。！？ (closing quotes kept with it).

    >>> sentence_spans("甲。乙，丙！")
    [(0, 2), (2, 6)]
    """
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _clause_start(text: str, sentence_start: int, pos: int) -> int:
    start = sentence_start
    for m in _CLAUSE_END.finditer(text, sentence_start, pos):
        start = m.end()
    return start


def _clause_end(text: str, pos: int, sentence_end: int) -> int:
    m = _CLAUSE_END.search(text, pos, sentence_end)
    return m.start() if m else sentence_end


def time_for(times: list[TimeExpr], text: str, start: int, end: int,
             sentence: tuple[int, int]) -> TimeExpr | None:
    """The time expression that scopes the span ``[start, end)`` of ``text``.

    Own clause first (the nearest one before the span, else one after it in the
    clause), then the last one set earlier in the sentence.  Comparison bases never count.

    >>> t = "2019年，县委召开会议38次。进入2020年，共召开40余次"
    >>> times = find_times(t)
    >>> time_for(times, t, t.index("40"), t.index("40") + 4, (15, len(t))).time_start
    '2020-01-01'
    """
    s_start, s_end = sentence
    c_start, c_end = _clause_start(text, s_start, start), _clause_end(text, end, s_end)
    candidates = [t for t in times if not t.base and s_start <= t.start < s_end]
    own_before = [t for t in candidates if c_start <= t.start and t.end <= start]
    if own_before:
        return own_before[-1]
    own_after = [t for t in candidates if end <= t.start < c_end]
    if own_after:
        return own_after[0]
    earlier = [t for t in candidates if t.end <= c_start]
    return earlier[-1] if earlier else None
