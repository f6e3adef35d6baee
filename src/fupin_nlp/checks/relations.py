"""Relations found in text: which figures a sentence ties together, and how.

The claims give the figures; the words between them (``其中``, ``分别为``, ``共``, ``占``, ``平均``,
``比…增长``, the brackets of ``18个（省级12个、市级6个）``) give the relation.  Relations are found from
those words and the figures' units, not from the metric phrases, which the claim extractor words
loosely: a cue that cannot be read with confidence yields no relation (a checker that stays silent on
a sentence it cannot parse is better than one that cries wolf).

    >>> from fupin_nlp.frames import claims_frame
    >>> rel = find_relations(sentences_of(claims_frame([])))
    >>> rel
    []

Also here: reading a claims frame into exact items (:func:`items_of`) and the metric identity
across documents (:func:`canonical_metric`, from ``data/metrics.tsv``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import pandas as pd
import regex

from ..data import cue_table, rows
from ..records import Finding, Paragraph
from .rounding import Figure, figure

__all__ = [
    "Item", "Sentence", "Relation", "items_of", "sentences_of", "find_relations", "cues",
    "canonical_metric", "metric_family", "COUNT_UNITS", "make_finding",
]

CLAUSE_BREAK = "，,；;：:。！？!?、"
STRONG_BREAK = "；;。！？!?"
# units that count things (a mean's count, a part of a whole); money, areas and shares are not counts
COUNT_UNITS = frozenset(["人", "户", "个", "家", "所", "村", "名", "位", "间", "座", "套", "项",
                         "处", "只", "头", "条", "次", "人次", "批", "支", "乡", "镇", "县", "省"])


# --------------------------------------------------------------------------------------------------
# Data files


@lru_cache(maxsize=1)
def cues() -> dict[str, dict[str, str]]:
    """The cue words of ``data/check_cues.tsv``: kind → {word: value}, longest words first.

    >>> cues()["mean"]["户均"]
    '户'
    """
    return {k: dict(sorted(v.items(), key=lambda kv: -len(kv[0]))) for k, v in cue_table("check_cues.tsv").items()}


def _alt(kind: str) -> str:
    return "|".join(regex.escape(w) for w in cues()[kind])


@lru_cache(maxsize=1)
def _metrics() -> tuple[dict[str, str], dict[str, str]]:
    synonyms: dict[str, str] = {}
    families: dict[str, str] = {}
    for canonical, synonym, family, *_ in (cells + ["", "", ""] for cells in rows("metrics.tsv")):
        synonyms[synonym] = canonical
        families[canonical] = family
    return synonyms, families


# prefixes that scope or time a metric phrase without changing what it counts
_METRIC_PREFIX = regex.compile(r"^(?:全(?:县|市|省|区|州|旗|乡|镇|村|国)|[省市县区乡镇村]里|"
                               r"共有|共|累计|已经|已|现有|有|目前|截至|年|全年|当年|其中|"
                               r"今年|去年|上年|实现|达到|投入|的)+")
_METRIC_SUFFIX = regex.compile(r"(?:达到|达|为|是|有|共|约|超过|突破|实现|累计|已|的|了)+$")


def canonical_metric(metric: str | None) -> str | None:
    """The canonical name of a metric phrase when metrics.tsv knows it exactly, else None.

    Only scope and time words at the ends are stripped: 市级贫困村 is not 贫困村, so a phrase that
    merely ends with a known metric is not taken for it.

    >>> canonical_metric("全县贫困率"), canonical_metric("人均纯收入"), canonical_metric("市级贫困村")
    ('贫困发生率', '人均纯收入', None)
    """
    if not metric:
        return None
    synonyms, _ = _metrics()
    text = "".join(str(metric).split())
    if text in synonyms:
        return synonyms[text]
    text = _METRIC_SUFFIX.sub("", _METRIC_PREFIX.sub("", text))
    return synonyms.get(text)


def metric_family(canonical: str | None) -> str | None:
    """The family of a canonical metric (人均纯收入 → income_per_capita).

    >>> metric_family("人均可支配收入")
    'income_per_capita'
    """
    return _metrics()[1].get(canonical or "")


# --------------------------------------------------------------------------------------------------
# Items and sentences


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # str() of a float is its shortest exact repr: 49215000.0, 0.017 (never the binary expansion)
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


@dataclass(frozen=True)
class Item:
    """One claim as the checks see it: exact amount, the figure it states, and where it stands."""

    row: int                 # index of the claim in the claims frame
    doc_id: str
    para: int
    start: int
    end: int
    surface: str
    amount: Decimal
    unit: str
    metric: str
    region: str | None
    time_start: str | None
    time_end: str | None
    per: str | None
    change: str | None
    qualifier: str
    sentence: str
    fig: Figure = field(compare=False)
    pos: int = -1            # offsets in the sentence
    pos_end: int = -1

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "百分点", "‰")

    @property
    def is_plain(self) -> bool:
        """A level, not a rate of change nor a figure per something."""
        return not self.change and not self.per and self.unit not in ("倍",)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.para, self.start)


def items_of(claims: pd.DataFrame | Iterable[Any]) -> list[Item]:
    """The claims of a frame (or of Claim records) as items with exact amounts, in reading order.

    The amount is the claim's ``amount`` where the frame carries it, else the float ``value`` turned
    back exactly through its shortest repr.

    >>> from fupin_nlp.frames import claims_frame
    >>> items_of(claims_frame([]))
    []
    """
    if isinstance(claims, pd.DataFrame):
        rows = claims.to_dict("records")
    else:
        rows = [c.to_dict() | {"amount": c.amount} if hasattr(c, "to_dict") else dict(c) for c in claims]
    out: list[Item] = []
    for i, row in enumerate(rows):
        amount = _decimal(row.get("amount"))
        if amount is None:
            amount = _decimal(row.get("value"))
        if amount is None or not _text(row.get("surface")):
            continue
        low, high = _decimal(row.get("low")), _decimal(row.get("high"))
        qualifier = _text(row.get("qualifier")) or "="
        numeral = _text(row.get("numeral"))
        surface = str(row["surface"])
        out.append(Item(
            row=i, doc_id=str(row.get("doc_id") or ""), para=int(row.get("para") or 0),
            start=int(row.get("start") or 0), end=int(row.get("end") or 0), surface=surface, amount=amount,
            unit=_text(row.get("unit")) or "", metric=_text(row.get("metric")) or "",
            region=_text(row.get("region")), time_start=_text(row.get("time_start")),
            time_end=_text(row.get("time_end")), per=_text(row.get("per")), change=_text(row.get("change")),
            qualifier=qualifier, sentence=_text(row.get("sentence")) or "",
            fig=figure(amount, numeral, qualifier, low, high, surface=surface),
        ))
    out.sort(key=lambda it: (it.doc_id, it.para, it.start))
    return out


@dataclass
class Sentence:
    """A sentence with the items in it, in order; ``prev`` is the sentence before it in the paragraph."""

    doc_id: str
    para: int
    text: str
    items: list[Item]
    prev: Sentence | None = None
    offset: int | None = None    # where the sentence starts in its paragraph, when the text is known

    def between(self, a: Item | None, b: Item | None) -> str:
        """The text between two items (``None`` = the sentence's start or end)."""
        return self.text[(a.pos_end if a else 0):(b.pos if b else len(self.text))]

    def clause_start(self, pos: int) -> int:
        i = pos
        while i > 0 and self.text[i - 1] not in CLAUSE_BREAK:
            i -= 1
        return i

    def clause_end(self, pos: int) -> int:
        i = pos
        while i < len(self.text) and self.text[i] not in CLAUSE_BREAK:
            i += 1
        return i

    def prefix(self, item: Item) -> str:
        """The words of the item's clause before it, back to the clause start or the previous item."""
        start = self.clause_start(item.pos)
        before = [it for it in self.items if it.pos_end <= item.pos]
        if before and before[-1].pos_end > start:
            start = before[-1].pos_end
        return self.text[start:item.pos]

    def after(self, item: Item, width: int = 12) -> str:
        return self.text[item.pos_end:item.pos_end + width]


def _paragraph_texts(paragraphs: Any) -> dict[tuple[str, int], str]:
    if paragraphs is None:
        return {}
    if isinstance(paragraphs, pd.DataFrame):
        return {(str(r["doc_id"]), int(r["para"])): str(r["text"]) for r in paragraphs.to_dict("records")}
    out = {}
    for p in paragraphs:
        if isinstance(p, Paragraph):
            out[(p.doc_id, p.index)] = p.text
        else:
            out[(str(p["doc_id"]), int(p["para"]))] = str(p["text"])
    return out


def _place(item: Item, sentence: str, cursor: int, para_text: str | None) -> tuple[int, int]:
    """Offsets of the item in its sentence: from the paragraph text when known, else by search."""
    if para_text is not None:
        lo = max(0, item.start - len(sentence))
        at = para_text.find(sentence, lo)
        while at != -1 and at <= item.start:
            if at + len(sentence) >= item.end:
                return item.start - at, item.end - at
            at = para_text.find(sentence, at + 1)
    at = sentence.find(item.surface, cursor)
    if at == -1:
        at = sentence.find(item.surface)
    return (at, at + len(item.surface)) if at != -1 else (-1, -1)


def sentences_of(claims: pd.DataFrame | Sequence[Item], paragraphs: Any = None) -> list[Sentence]:
    """Group items into sentences, each with the offsets of its items; ``paragraphs`` sharpens the offsets.

    >>> sentences_of([])
    []
    """
    items = claims if isinstance(claims, list) and (not claims or isinstance(claims[0], Item)) \
        else items_of(claims)
    texts = _paragraph_texts(paragraphs)
    out: list[Sentence] = []
    by_para: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for it in items:
        by_para[(it.doc_id, it.para)].append(it)
    for (doc_id, para), group in by_para.items():
        para_text = texts.get((doc_id, para))
        prev: Sentence | None = None
        current: Sentence | None = None
        cursor = 0
        for it in group:
            if current is None or it.sentence != current.text:
                current = Sentence(doc_id, para, it.sentence, [], prev)
                prev = current
                out.append(current)
                cursor = 0
            pos, pos_end = _place(it, it.sentence, cursor, para_text)
            if pos < 0:
                continue
            if para_text is not None and current.offset is None and para_text[it.start - pos:].startswith(
                    it.sentence):
                current.offset = it.start - pos
            cursor = pos_end
            current.items.append(_with_pos(it, pos, pos_end))
        # a sentence's prev is the one right before it; with the text known, one with no figure between
        # them breaks the link
        for sent in out:
            if (sent.doc_id, sent.para) == (doc_id, para) and sent.prev is not None and para_text is not None:
                p = sent.prev
                if p.offset is None or sent.offset is None or \
                        para_text[p.offset + len(p.text):sent.offset].strip():
                    sent.prev = None
    return out


def _with_pos(item: Item, pos: int, pos_end: int) -> Item:
    from dataclasses import replace

    return replace(item, pos=pos, pos_end=pos_end)


# --------------------------------------------------------------------------------------------------
# Relations


@dataclass(frozen=True)
class Relation:
    """Figures a sentence ties together.

    kind: ``sum`` (whole, parts), ``share`` (part, whole or None, stated share), ``mean`` (total, count,
    stated mean), ``growth`` (value, base or None, stated rate or change or None), ``part_whole`` (part,
    whole).  ``exhaustive`` says whether the parts are all of the whole (brackets, 分别为, 其余) or only
    some of it (其中).
    """

    kind: str
    cue: str
    whole: Item | None = None
    parts: tuple[Item, ...] = ()
    stated: Item | None = None
    count: Item | None = None
    base: Item | None = None
    change: Item | None = None
    exhaustive: bool = False
    factor: Decimal | None = None      # 翻了一番 → 2
    decrease: bool = False

    @property
    def items(self) -> list[Item]:
        got = [self.whole, *self.parts, self.stated, self.count, self.base, self.change]
        seen, out = set(), []
        for it in sorted((i for i in got if i is not None), key=lambda i: (i.para, i.start)):
            if it.key not in seen:
                seen.add(it.key)
                out.append(it)
        return out


def _compatible_units(a: Item, b: Item) -> bool:
    return a.unit == b.unit and (a.per or "") == (b.per or "")


def _parens(s: Sentence) -> list[Relation]:
    """18个贫困村（省级12个、市级6个）: a total, a bracket right after its noun, parts inside."""
    out = []
    for t in s.items:
        if t.is_percent or not t.is_plain:
            continue
        m = regex.match(r"[^，。；：,;:（(）)0-9]{0,10}[（(]", s.text[t.pos_end:])
        if not m:
            continue
        open_at = t.pos_end + m.end()
        close = regex.search(r"[）)]", s.text[open_at:])
        if not close:
            continue
        close_at = open_at + close.start()
        inside = [it for it in s.items if open_at <= it.pos and it.pos_end <= close_at]
        if not inside:
            continue
        partial = bool(regex.match(r"\s*(?:" + _alt("part_of") + r")", s.text[open_at:]))
        # a breakdown is a short list of figures of the total's unit; a bracket that goes on about
        # something else (代化镇，…1898户…两个贫困村) is not one
        if any(it.unit != t.unit for it in inside) and not partial:
            continue
        if not partial and regex.search(r"[，,；;。]", s.text[open_at:close_at]):
            continue
        parts = tuple(it for it in inside if _compatible_units(it, t))
        if not parts or len(parts) != len([it for it in inside if it.unit == t.unit]):
            continue
        if len(parts) >= 2 and not partial and len(parts) == len(inside):
            out.append(Relation("sum", "（…）", whole=t, parts=parts, exhaustive=True))
        else:
            out.extend(Relation("part_whole", "（其中…）", whole=t, parts=(p,)) for p in parts)
    return out


def _each(s: Sentence) -> list[Relation]:
    """共有N个，分别为A个、B个: a total, then in the next clause a one-by-one list of its parts."""
    out = []
    for m in regex.finditer(r"[，,：:]\s*(?:" + _alt("each") + r")", s.text):
        before = [it for it in s.items if it.pos_end <= m.start()]
        after = [it for it in s.items if it.pos >= m.end()]
        if not before or len(after) < 2:
            continue
        t = before[-1]
        # the total's clause must end where the list begins: 共有N个，分别为…
        if s.clause_end(t.pos_end) != m.start() or t.is_percent or not t.is_plain:
            continue
        stop = s.clause_end(after[-1].pos_end)
        parts = tuple(it for it in after if _compatible_units(it, t) and it.pos < stop)
        if len(parts) >= 2:
            out.append(Relation("sum", "分别", whole=t, parts=parts, exhaustive=True))
    return out


def _totals_after(s: Sentence) -> list[Relation]:
    """A个、B个，共N个: a total after its parts, announced by 共/合计/总计."""
    out = []
    pattern = regex.compile(r"(?:" + _alt("total") + r")[^，。；,;0-9]{0,6}$")
    for k, t in enumerate(s.items):
        if t.is_percent or not t.is_plain or not pattern.search(s.prefix(t)):
            continue
        parts = tuple(it for it in s.items[:k] if _compatible_units(it, t) and it.is_plain)
        if len(parts) >= 2:
            out.append(Relation("sum", "共", whole=t, parts=parts, exhaustive=False))
    return out


def _part_of(s: Sentence) -> list[Relation]:
    """N…，其中A…: the figures after 其中 are parts of the figure of the same unit before it."""
    out = []
    for m in regex.finditer(r"(?:" + _alt("part_of") + r")", s.text):
        if m.group() == "含":
            continue
        before = [it for it in s.items if it.pos_end <= m.start()]
        home = s
        if not before and s.prev is not None and m.start() <= 2:
            home = s.prev
            before = list(s.prev.items)     # 其中 opening a sentence points back to the one before
        after = [it for it in s.items if it.pos >= m.end() and it.is_plain and not it.is_percent]
        if not before or not after:
            continue
        # the parts run to the next 其中 or the sentence end
        nxt = regex.search(r"(?:" + _alt("part_of") + r")", s.text[m.end():])
        limit = m.end() + nxt.start() if nxt else len(s.text)
        after = [it for it in after if it.pos < limit]
        rest = bool(regex.search(r"(?:" + _alt("rest") + r")", s.text[m.end():limit]))
        for unit in dict.fromkeys(it.unit for it in after):
            parts = tuple(it for it in after if it.unit == unit)
            wholes = [it for it in reversed(before) if it.unit == unit and it.is_plain and not it.is_percent
                      and not _is_mean(home, it)]
            if not wholes:
                continue
            if len(parts) >= 2:
                # of several figures of that unit before 其中, the whole is the one the parts add up to
                total = sum((p.fig.interval for p in parts[1:]), parts[0].fig.interval)
                whole = next((w for w in wholes if w.fig.interval.overlaps(total)), wholes[0])
                out.append(Relation("sum", "其中", whole=whole, parts=parts, exhaustive=rest))
            for p in parts:
                whole = next((w for w in wholes if w.fig.high is None or p.fig.low is None
                              or p.fig.low <= w.fig.high), wholes[0])
                out.append(Relation("part_whole", "其中", whole=whole, parts=(p,)))
    return out


def _is_mean(s: Sentence, item: Item) -> bool:
    return bool(regex.search(r"(?:" + _alt("mean") + r")", s.prefix(item)))


def _among(s: Sentence) -> list[Relation]:
    """53个扶贫项目中，…22个: a whole, 中 after its noun, then a part of the same unit."""
    out = []
    for k, w in enumerate(s.items):
        if w.is_percent or not w.is_plain:
            continue
        m = regex.match(r"([^，。；：,;:（(）)0-9]{0,14}?)(?<![其集])(?:当中|之中|中)(?=[，,]|有|就有|的)",
                        s.text[w.pos_end:])
        if not m or regex.search(r"[中]$", m.group(1) or ""):
            continue
        cut = w.pos_end + m.end()
        end = s.clause_end(s.clause_end(cut + 1) + 1)      # the part sits in the next clause or two
        parts = [it for it in s.items[k + 1:] if cut <= it.pos < end and _compatible_units(it, w)]
        if parts:
            out.append(Relation("part_whole", "…中", whole=w, parts=(parts[0],)))
    return out


def _close(s: Sentence, a: Item, b: Item) -> bool:
    """``a`` and ``b`` stand in one clause or neighbouring ones, no sentence-like break between them."""
    gap = s.text[a.pos_end:b.pos]
    return sum(ch in CLAUSE_BREAK for ch in gap) <= 1 and not any(ch in STRONG_BREAK for ch in gap)


def _part_before(s: Sentence, k: int) -> Item | None:
    """The part a stated share at ``s.items[k]`` is of: the last plain figure before it, close by."""
    before = [it for it in s.items[:k] if not it.is_percent and it.is_plain]
    return before[-1] if before and _close(s, before[-1], s.items[k]) else None


def _shares(s: Sentence, wholes: dict[tuple[str, int, int], Item]) -> list[Relation]:
    """…Y个，占比Z% / 占…的Z%: a stated share of the figure before it, of a whole when one is named."""
    out = []
    share = regex.compile(r"(?:" + _alt("share") + r")")
    for k, p in enumerate(s.items):
        if p.unit != "%" or p.change:
            continue
        prefix = s.prefix(p)
        m = share.search(prefix)
        if not m:
            continue
        part = _part_before(s, k)
        if part is None:
            continue
        # the whole: a figure between 占 and the share (占全部53个项目的40%), or the whole of a 中/其中
        inside = [it for it in s.items[:k] if it.pos >= p.pos - len(prefix) + m.end() and
                  _compatible_units(it, part) and it is not part]
        whole = inside[-1] if inside else wholes.get(part.key)
        if whole is not None and not _compatible_units(whole, part):
            whole = None
        out.append(Relation("share", m.group(), whole=whole, parts=(part,), stated=p))
    return out


_RATE = regex.compile(r"(?<![发生])率(?:达到了?|达|为|是|提高到|提升到)?$")
_TOTAL_BEFORE = regex.compile(r"(?:共有|共计|总计|合计|总数为?|一共有?|共)$")


def _rates(s: Sentence, taken: set[tuple[str, int, int]]) -> list[Relation]:
    """共有7240人，已实现就业6130人，就业率达到87.4%: a named total, a part of it in the next clause,
    and a rate of one to the other right after the part.  The total must be marked (共有, 合计 …), so
    a rate about something else (贫困发生率 after a count of households) is never taken for a share."""
    out = []
    for k, p in enumerate(s.items):
        if p.unit != "%" or p.change or p.key in taken or not _RATE.search(s.prefix(p)):
            continue
        part = _part_before(s, k)
        if part is None:
            continue
        wholes = [it for it in s.items[:k] if it.pos_end <= part.pos and it.is_plain and not it.is_percent
                  and _compatible_units(it, part) and _TOTAL_BEFORE.search(s.prefix(it))]
        if wholes:
            out.append(Relation("share", "率", whole=wholes[-1], parts=(part,), stated=p))
    return out


def _means(s: Sentence) -> list[Relation]:
    """18个村…256.5万元，平均达到14.3万元: a total, a count and a stated average of one over the other."""
    out = []
    mean = regex.compile(r"(?:" + _alt("mean") + r")")
    fillers = regex.compile(r"(?:" + _alt("mean_filler") + r")")
    for k, m_item in enumerate(s.items):
        if m_item.is_percent or m_item.change == "decrease":
            continue
        prefix = s.prefix(m_item)
        cue = mean.search(prefix)
        if not cue:
            continue
        words = fillers.sub("", prefix[:cue.start()] + prefix[cue.end():])
        words = regex.sub(r"[\s，,、]", "", words)
        before = s.items[:k]
        totals = [it for it in before if it.unit == m_item.unit and not it.per and not it.change
                  and not mean.search(s.prefix(it))]
        if not totals:
            continue
        total = totals[-1]
        # the average's clause names nothing new, or only what the total's clause names (增收 … 增收)
        if words and not all(ch in s.text[s.clause_start(total.pos):total.pos] for ch in words):
            continue
        if len(words) > 4:
            continue
        want = cues()["mean"][cue.group()]
        counts = [it for it in before if it is not total and not it.is_percent and it.unit != m_item.unit
                  and it.is_plain and (want == "*" or it.unit == want or (want == "个" and it.unit == "村"))]
        if not counts or any(ch in STRONG_BREAK for ch in s.text[counts[-1].pos:m_item.pos]):
            continue
        out.append(Relation("mean", cue.group(), whole=total, count=counts[-1], stated=m_item))
    return out


def _growths(s: Sentence) -> list[Relation]:
    """比2018年增长17.2%, 从A增加到B, 翻了一番: a value, its base where stated, and the change."""
    out = []
    growth = regex.compile(r"(?:" + _alt("growth") + r")")
    annual = regex.compile(r"(?:" + _alt("annual") + r")")
    compare = regex.compile(r"(?:" + _alt("compare") + r")")
    doubles = cues()["double"]
    used: set[tuple[str, int, int]] = set()
    for k, r in enumerate(s.items):
        prefix = s.prefix(r)
        factor = next((Decimal(v) for w, v in doubles.items() if w in r.surface or w in prefix), None)
        is_rate = r.unit == "%" and (r.change or growth.search(prefix) or factor)
        is_amount = (not r.is_percent and r.change in ("increase", "decrease") and compare.search(prefix))
        if not (is_rate or is_amount) or annual.search(prefix) or annual.search(s.text[:r.pos][-8:]):
            continue
        decrease = r.change == "decrease" or bool(regex.search(r"下降|减少|降低|降幅", prefix))
        cands = [it for it in s.items[:k] if not it.is_percent and not it.change and it.unit != "倍"
                 and (not is_amount or _compatible_units(it, r))]
        if not cands:
            continue
        value = cands[-1]
        if not _close(s, value, r):
            continue
        gap = s.text[value.pos_end:r.pos]
        # the base: 比…的B…增长, or 从/由 B … 到 value
        base = None
        cmp_at = compare.search(gap)
        if cmp_at:
            inside = [it for it in s.items[:k] if it.pos >= value.pos_end + cmp_at.end()
                      and _compatible_units(it, value)]
            base = inside[-1] if inside else None
        if base is None and len(cands) >= 2:
            b = cands[-2]
            link = s.text[b.pos_end:value.pos]
            frm = s.text[s.clause_start(b.pos):b.pos]
            if (_compatible_units(b, value) and regex.search(r"(?:" + _alt("from") + r")", frm)
                    and regex.search(r"(?:" + _alt("to") + r")", link) and len(link) <= 12):
                base = b
        if base is not None:
            value_item, base_item = value, base
        else:
            value_item, base_item = value, None
        if not cmp_at and base_item is None:
            continue      # a rate with no 比/从…到 is not tied to the figure before it
        used.add(value_item.key)
        out.append(Relation("growth", "翻番" if factor else ("比" if cmp_at else "从…到"), whole=value_item,
                            base=base_item, stated=r if is_rate else None, change=r if is_amount else None,
                            factor=factor, decrease=decrease))
    # 从A增加到B with no rate: an implied rate
    for k, v in enumerate(s.items):
        if k == 0 or v.key in used or v.is_percent or not v.is_plain:
            continue
        b = s.items[k - 1]
        link = s.text[b.pos_end:v.pos]
        frm = s.text[s.clause_start(b.pos):b.pos]
        opens = regex.search(r"^(?:" + _alt("from") + r")", frm[-6:].lstrip())
        if (_compatible_units(b, v) and b.is_plain and len(link) <= 8 and opens
                and regex.search(r"(?:增加|增长|提高|上升|减少|下降|降低)(?:到|至)", link)):
            after = s.text[v.pos_end:v.pos_end + 12]
            if annual.search(after) or any(it.unit == "%" and v.pos_end <= it.pos <= v.pos_end + 12
                                           for it in s.items):
                continue
            out.append(Relation("growth", "从…到", whole=v, base=b,
                                decrease=bool(regex.search(r"减少|下降|降低", link))))
    return out


def find_relations(sentences: Sequence[Sentence]) -> list[Relation]:
    """Every relation the cue words of the sentences state, in reading order.

    >>> find_relations([])
    []
    """
    out: list[Relation] = []
    for s in sentences:
        found = _parens(s) + _each(s) + _totals_after(s) + _part_of(s) + _among(s)
        wholes = {p.key: r.whole for r in found if r.kind in ("part_whole", "sum") and r.whole
                  for p in r.parts}
        found += _shares(s, wholes) + _rates(s, {r.stated.key for r in found if r.stated is not None}) \
            + _means(s) + _growths(s)
        out.extend(found)
    return out


# --------------------------------------------------------------------------------------------------
# Findings


def make_finding(rule: str, verdict: str, items: Iterable[Item], message: str, *,
                 expected: Decimal | None = None, stated: Decimal | None = None,
                 severity: str | None = None) -> Finding:
    """A Finding naming the claims involved in reading order (documents, then paragraphs, then offsets).

    >>> make_finding("sum", "consistent", [], "nothing").claims
    ()
    """
    ordered = sorted({it.key: it for it in items}.values(), key=lambda it: (it.doc_id, it.para, it.start))
    doc_ids = tuple(dict.fromkeys(it.doc_id for it in ordered))
    paras = tuple(sorted({it.para for it in ordered}))
    return Finding(rule, verdict, doc_ids, tuple(it.surface for it in ordered), expected, stated, message,
                   severity if verdict == "discrepancy" else None, paras)


# --------------------------------------------------------------------------------------------------
# Identity across documents

# what a canonical metric's words say it counts, against the unit a figure carries (户 vs 人)
_UNIT_OF_NOUN = (("户", {"户"}), ("人口", {"人"}), ("人数", {"人"}), ("村", {"个", "村"}),
                 ("县", {"个", "县"}), ("率", {"%", "‰"}), ("收入", {"元"}), ("资金", {"元"}),
                 ("标准", {"元"}), ("信贷", {"元"}))


_HOUSEHOLDS_OF = {"已脱贫人口": "已脱贫户数", "贫困人口": "贫困户", "未脱贫人口": "未脱贫户",
                  "易地扶贫搬迁人口": "易地扶贫搬迁户数", "低保对象": "低保户"}


def metric_of(item: Item) -> str | None:
    """The canonical metric of a figure: its metric phrase or the noun right after it, when metrics.tsv
    knows it and the unit fits what the metric counts (11643人 is not a count of 脱贫户数).

    >>> from fupin_nlp.checks.rounding import figure
    >>> it = Item(0, "d", 0, 0, 5, "4635户", Decimal(4635), "户", "已脱贫户数", "南昌县", None, None, None,
    ...           None, "=", "已脱贫户数为4635户", figure(Decimal(4635)))
    >>> metric_of(it)
    '已脱贫户数'
    """
    canonical = canonical_metric(item.metric)
    if canonical is None:
        at = item.sentence.find(item.surface)
        after = item.sentence[at + len(item.surface):at + len(item.surface) + 10] if at >= 0 else ""
        canonical = next((c for n in range(min(len(after), 9), 2, -1) if (c := canonical_metric(after[:n]))),
                         None)
    if canonical is None:
        return None
    if item.unit == "户":
        canonical = _HOUSEHOLDS_OF.get(canonical, canonical)    # 累计脱贫3105户: households, not persons
    for noun, units in _UNIT_OF_NOUN:
        if canonical.endswith(noun) or (noun in ("户", "人口", "人数") and noun in canonical):
            if item.unit not in units:
                return None
            break
    return canonical


def region_key(name: str | None) -> str | None:
    """A region's canonical name for grouping (江西省南昌县 → 南昌县); compare with ``same_region``.

    >>> region_key("江西省南昌县")
    '南昌县'
    """
    if not name:
        return None
    from ..gazetteer import canonical_region

    return canonical_region(name) or "".join(name.split())
