"""Rule ``part_le_whole``: a part cannot exceed its whole.

Parts and wholes come from the sentence (``其中``, ``53个项目中…22个``, brackets, a share's part and
whole) and, across a document, from a figure given as the whole of a place (``村里21户贫困户全都
脱贫``) against another figure of the same place, noun and time (``新民村140多户贫困户``).

    >>> from fupin_nlp.checks import check_text
    >>> fs = check_text("全村有建档立卡贫困户85户302人，其中8户19人还没有脱贫。")
    >>> sorted({(f.rule, f.verdict) for f in fs if f.rule == "part_le_whole"})
    [('part_le_whole', 'consistent')]
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..records import Finding
from .relations import Item, Relation, Sentence, _alt, canonical_metric, make_finding
from .rounding import fmt

__all__ = ["check", "region_wholes"]


def _noun_after(s: Sentence, item: Item) -> str | None:
    """The metric the noun right after a figure names (21户贫困户 → 贫困户), when metrics.tsv knows it."""
    after = s.after(item, 10)
    for n in range(min(len(after), 9), 2, -1):
        canonical = canonical_metric(after[:n])
        if canonical:
            return canonical
    return None


def _same_place(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    from ..gazetteer import same_region

    return same_region(a, b)


def region_wholes(sentences: Sequence[Sentence]) -> list[tuple[Item, Item]]:
    """(part, whole) pairs across a document: a figure given as a place's whole, another of the same place.

    >>> region_wholes([])
    []
    """
    scope = regex.compile(r"(?:" + _alt("whole_scope") + r")")
    labelled: list[tuple[Item, str, Sentence]] = []
    for s in sentences:
        for it in s.items:
            if not it.is_plain or it.is_percent:
                continue
            noun = _noun_after(s, it)
            if noun:
                labelled.append((it, noun, s))
    pairs = []
    for whole, noun, s in labelled:
        clause = s.text[s.clause_start(whole.pos):whole.pos]
        after = s.text[whole.pos_end:s.clause_end(whole.pos_end)]
        total = regex.search(r"(?:" + _alt("whole_after") + r")|共|总", clause + after)
        if not scope.search(clause) or not total:
            continue
        for part, noun2, _ in labelled:
            if (part.doc_id != whole.doc_id or part is whole or noun2 != noun or part.unit != whole.unit
                    or part.para == whole.para or (part.time_end or "") != (whole.time_end or "")
                    or not _same_place(part.region, whole.region)):
                continue
            pairs.append((part, whole))
    return pairs


def check(relations: Sequence[Relation], sentences: Sequence[Sentence] = ()) -> list[Finding]:
    """Judge every part against its whole; a document-wide whole speaks only when it is exceeded.

    >>> check([])
    []
    """
    pairs: dict[tuple, tuple[Item, Item, bool]] = {}
    for r in relations:
        if r.kind == "part_whole" or (r.kind == "share" and r.whole is not None):
            for p in r.parts:
                pairs.setdefault((p.key, r.whole.key), (p, r.whole, True))
    for p, w in region_wholes(sentences):
        pairs.setdefault((p.key, w.key), (p, w, False))
    out = []
    for part, whole, local in pairs.values():
        lo, hi = part.fig.low, whole.fig.high
        if lo is None or hi is None or lo <= hi:
            if local:
                out.append(make_finding("part_le_whole", "consistent", [part, whole],
                                        f"{part.surface} is within its whole {whole.surface}",
                                        expected=whole.amount, stated=part.amount))
            continue
        severity = "minor" if lo <= whole.fig.plausible.high else "major"
        where = "" if local else f" (paragraphs {part.para} and {whole.para})"
        out.append(make_finding(
            "part_le_whole", "discrepancy", [part, whole],
            f"the part {part.surface} exceeds its whole {whole.surface}{where} by "
            f"{fmt(lo - hi, part.unit)} ({severity})", expected=whole.amount, stated=part.amount,
            severity=severity))
    return out
