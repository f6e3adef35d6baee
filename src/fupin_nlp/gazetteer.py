"""Place names: the national division gazetteer and places below the county recognised by suffix.

The divisions (provinces, prefectures, counties, with former names) come from ``data/regions.tsv``
(built by ``scripts/build_regions.py``); townships, villages and groups are found by the suffixes and
guards in ``data/region_suffixes.txt``. Nothing is loaded at import.

    >>> from fupin_nlp.gazetteer import find_regions, same_region
    >>> [(m[0], m[3]) for m in find_regions("江西省南昌县黄马乡罗渡村")]
    [('江西省', 'province'), ('南昌县', 'county'), ('黄马乡', 'township'), ('罗渡村', 'village')]
    >>> same_region("南昌县", "江西南昌县")
    True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from .data import rows as data_rows

__all__ = [
    "Region",
    "ancestors",
    "canonical_region",
    "find_regions",
    "load_regions",
    "region_by_code",
    "same_region",
]

_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3, "village": 4, "group": 5}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NUMERAL = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十零〇")


@dataclass(frozen=True)
class Region:
    """One row of the gazetteer (see the header of data/regions.tsv)."""

    code: str
    name: str
    short: str
    level: str
    parent: str
    status: str
    successor: str
    aliases: tuple[str, ...]
    guard: str

    @property
    def key(self) -> str:
        """Identity across renamings: a former name with a known successor counts as the successor."""
        return self.successor or self.code

    def forms(self) -> tuple[str, ...]:
        """Every surface form this division is matched by (name, short form, aliases)."""
        out = [self.name]
        if self.short and self.short != self.name:
            out.append(self.short)
        out.extend(a for a in self.aliases if a not in out)
        return tuple(out)


@functools.lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """Return every division of data/regions.tsv (cached), provinces first.

    >>> rs = load_regions()
    >>> next(r for r in rs if r.name == "江西省").short
    '江西'
    """
    rows = []
    header: list[str] | None = None
    for cells in data_rows("regions.tsv"):
        if header is None:
            header = cells
            continue
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        rows.append(
            Region(
                code=rec["code"],
                name=rec["name"],
                short=rec["short"],
                level=rec["level"],
                parent=rec["parent"],
                status=rec["status"],
                successor=rec["successor"],
                aliases=tuple(a for a in rec["aliases"].split("|") if a),
                guard=rec["guard"],
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, tuple[Region, ...]]
    forms: dict[str, tuple[Region, ...]]
    lengths: dict[str, tuple[int, ...]]  # first character → form lengths, longest first


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    by_code: dict[str, list[Region]] = {}
    forms: dict[str, list[Region]] = {}
    for r in load_regions():
        by_code.setdefault(r.code, []).append(r)
        for f in r.forms():
            forms.setdefault(f, []).append(r)
    lengths: dict[str, set[int]] = {}
    for f in forms:
        if len(f) >= 2:
            lengths.setdefault(f[0], set()).add(len(f))
    return _Index(
        by_code={k: tuple(v) for k, v in by_code.items()},
        forms={k: tuple(v) for k, v in forms.items()},
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
    )


def region_by_code(code: str) -> Region | None:
    """Return the division with this code (its current name when a former name shares the code).

    >>> region_by_code("360121").name
    '南昌县'
    """
    rs = _index().by_code.get(code)
    if not rs:
        return None
    return next((r for r in rs if r.status == "current"), rs[0])


def ancestors(code: str) -> list[Region]:
    """Return the divisions above ``code``, nearest first.

    >>> [r.name for r in ancestors("360121")]
    ['南昌市', '江西省']
    """
    out: list[Region] = []
    r = region_by_code(code)
    while r is not None and r.parent:
        r = region_by_code(r.parent)
        if r is not None:
            out.append(r)
    return out


# --------------------------------------------------------------------------------------------------
# Suffix rules for places below the county


@dataclass(frozen=True)
class _Rules:
    suffix_re: re.Pattern[str]
    suffix_level: dict[str, str]
    after: frozenset[str]
    boundary: frozenset[str]
    soft: frozenset[str]
    prefixes: tuple[str, ...]
    generic_exact: frozenset[str]
    generic_tail: tuple[str, ...]
    modifiers: dict[str, str]
    notbefore: frozenset[str]


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    suffix_level: dict[str, str] = {}
    after: set[str] = set()
    boundary: set[str] = set()
    soft: set[str] = set()
    prefixes: list[str] = []
    generic_exact: set[str] = set()
    generic_tail: list[str] = []
    modifiers: dict[str, str] = {}
    notbefore: set[str] = set()
    for cells in data_rows("region_suffixes.txt"):
        cells = cells + ["", "", ""]
        kind, text, level = cells[0].strip(), cells[1].strip(), cells[2].strip()
        if kind in ("suffix", "after"):
            suffix_level[text] = level
            if kind == "after":
                after.add(text)
        elif kind == "boundary":
            boundary.add(text)
        elif kind == "soft":
            soft.add(text)
        elif kind == "prefix":
            prefixes.append(text)
        elif kind == "generic":
            generic_exact.add(text)
            if level == "tail":
                generic_tail.append(text)
        elif kind == "modifier":
            modifiers[text] = level or "always"
        elif kind == "notbefore":
            notbefore.add(text)
    alternation = "|".join(re.escape(s) for s in sorted(suffix_level, key=len, reverse=True))
    return _Rules(
        suffix_re=re.compile(alternation),
        suffix_level=suffix_level,
        after=frozenset(after),
        boundary=frozenset(boundary),
        soft=frozenset(soft),
        prefixes=tuple(sorted(prefixes, key=len, reverse=True)),
        generic_exact=frozenset(generic_exact),
        generic_tail=tuple(generic_tail),
        modifiers=modifiers,
        notbefore=frozenset(notbefore),
    )


# --------------------------------------------------------------------------------------------------
# Matching


def _pick(cands: tuple[Region, ...], prev: Region | None, seen_codes: set[str]) -> Region | None:
    """Choose among divisions sharing a surface form, or None when the guard rejects them all.

    Preference: a child of the division named right before; one under a division named earlier in the
    text; a current name over a former one; the higher level; the smaller code (stable).
    """
    ok = []
    for r in cands:
        if r.guard == "parent" and not (prev is not None and r.parent in (prev.code, prev.key)):
            continue
        ok.append(r)
    if not ok:
        return None

    def score(r: Region) -> tuple[int, int, int, int, str]:
        child_of_prev = prev is not None and r.parent in (prev.code, prev.key)
        under_seen = any(a.code in seen_codes for a in ancestors(r.code)) or r.parent in seen_codes
        return (0 if child_of_prev else 1, 0 if under_seen else 1, 0 if r.status == "current" else 1,
                _LEVEL_RANK[r.level], r.code)

    return min(ok, key=score)


def _admin_matches(text: str) -> list[tuple[str, int, int, str, str, Region]]:
    idx = _index()
    out: list[tuple[str, int, int, str, str, Region]] = []
    seen: set[str] = set()
    n = len(text)
    i = 0
    while i < n:
        lens = idx.lengths.get(text[i])
        hit = None
        if lens:
            prev = out[-1][5] if out and out[-1][2] == i else None
            for ln in lens:
                if i + ln > n:
                    continue
                cands = idx.forms.get(text[i : i + ln])
                if cands:
                    r = _pick(cands, prev, seen)
                    if r is not None:
                        hit = (text[i : i + ln], i, i + ln, r.level, r.code, r)
                        break
        if hit:
            out.append(hit)
            seen.add(hit[5].code)
            if hit[5].successor:
                seen.add(hit[5].successor)
            i = hit[2]
        else:
            i += 1
    return out


def _lower_matches(text: str, covered: bytearray) -> list[tuple[str, int, int, str, None]]:
    rules = _rules()
    out: list[tuple[str, int, int, str, None]] = []
    last_village_end = -1
    n = len(text)
    for m in rules.suffix_re.finditer(text):
        p, q = m.span()
        suf = m.group()
        if any(covered[k] for k in range(p, q)):
            continue  # inside a division's name: 景德镇市, 萍乡市
        if q < n and suf + text[q] in rules.notbefore:
            continue
        if suf in rules.after:
            j = p
            while j > 0 and p - j < 4 and not covered[j - 1] and (
                text[j - 1] in _NUMERAL or (_CJK.match(text[j - 1]) and text[j - 1] not in rules.boundary)
            ):
                j -= 1
            if j == p or j != last_village_end:
                continue
            stem = text[j:p]
        else:
            j = p
            while (
                j > 0
                and p - j < 6
                and not covered[j - 1]
                and _CJK.match(text[j - 1])
                and text[j - 1] not in rules.boundary
                and not (text[j - 1] in rules.soft and p - j >= 2)
            ):
                j -= 1
            stem = text[j:p]
            stripped = True
            while stripped:
                stripped = False
                for pre in rules.prefixes:
                    if stem.startswith(pre) and len(stem) > len(pre):
                        stem = stem[len(pre) :]
                        j += len(pre)
                        stripped = True
                        break
            if len(stem) >= 2:
                # A kind word that may follow a name (幸福安置社区) is left out of the POS check.
                keep_mod = next((m for m, mode in rules.modifiers.items() if mode == "name_ok"
                                 and stem.endswith(m) and len(stem) > len(m)), "")
                cut_at = _trim_by_pos(stem[: len(stem) - len(keep_mod)])
                if cut_at < 0:
                    continue
                stem = stem[cut_at:]
                j += cut_at
            if len(stem) < 2 or not _is_name(stem, suf, rules):
                continue
        level = rules.suffix_level[suf]
        out.append((text[j:q], j, q, level, None))
        for k in range(j, q):
            covered[k] = 1
        if level == "village":
            last_village_end = q
    return out


# POS tags (jieba) of words that do not belong to a place name: verbs, adverbs, prepositions, conjunctions,
# particles, pronouns, time words. Numerals stay (十二吐乡 is a township).
_NOT_NAME_POS = frozenset(
    ["v", "vd", "vg", "vn", "d", "dg", "p", "c", "f", "u", "uj", "ul", "uz", "ud", "ug", "uv",
     "r", "rr", "rz", "t", "tg", "y", "e", "o", "ad"]
)


# Stems are short (at most six characters) and the same ones recur across an archive (the same
# villages and townships, the same verbs before 村): caching spares a posseg run, the costliest step here.
@functools.lru_cache(maxsize=16384)
def _trim_by_pos(stem: str) -> int:
    """Where the name starts in ``stem``: after the last non-name word with two name chars to its right.

    Only dictionary words of two or more characters cut a stem: single characters (托, 拿) and words
    jieba's HMM guessed are too often part of a rare name. Returns -1 when the stem is made only of
    non-name words (引导, 壮大).
    """
    from fupin_nlp.segment import dict_tag  # segment sits above us in the flow; import on use

    # dictionary tags, not posseg's HMM: only dictionary words cut a stem anyway, and posseg's
    # start-up (seconds) would be paid by every process that meets a village name
    words = dict_tag(stem)
    if not words:
        return -1
    last_word, last_flag = words[-1]
    if last_flag in _NOT_NAME_POS and len(last_word) >= 2:
        return -1  # 引导村, 壮大村, 以前村: the suffix is a common noun after a verb or adverb
    kept = 0
    all_not_name = True
    for word, flag in reversed(words):
        # a single character's dictionary tag says little: 扎杂村, 托万克麦盖提村 are names
        not_name = flag in _NOT_NAME_POS and len(word) >= 2
        if not_name and kept >= 2:
            break
        kept += len(word)
        all_not_name = all_not_name and not_name
    if all_not_name:
        return -1
    return len(stem) - kept


def _is_name(stem: str, suf: str, rules: _Rules) -> bool:
    cand = stem + suf
    if cand in rules.generic_exact or any(cand.endswith(g) for g in rules.generic_tail):
        return False
    for mod, mode in rules.modifiers.items():
        if stem.endswith(mod):
            rest = stem[: -len(mod)]
            if mode != "name_ok" or len(rest) < 2:
                return False
            if any(rest.endswith(m2) for m2 in rules.modifiers):
                return False
    return True


class Place(NamedTuple):
    """A place named in a text; a tuple ``(name, start, end, level, code)``."""

    name: str
    start: int
    end: int
    level: str
    code: str | None


def find_regions(text: str) -> list[Place]:
    """Find place names in ``text``: ``(surface, start, end, level, code)``, in reading order.

    Divisions are matched longest-first over official names, short forms and aliases (code set); places
    below the county (level township / village / group) by suffix, with code None.

    >>> find_regions("南昌县黄马乡")
    [('南昌县', 0, 3, 'county', '360121'), ('黄马乡', 3, 6, 'township', None)]
    >>> find_regions("推进乡村振兴和城镇化，干部下乡驻村")
    []
    """
    # A fresh list each call: callers may change it, the cached tuple stays as found.
    return list(_find_regions(text))


# The claim extractor looks a paragraph up twice (the document's main region, then the paragraph's own
# claims), so a small cache of recent paragraphs halves the gazetteer's share of a run.
@functools.lru_cache(maxsize=512)
def _find_regions(text: str) -> tuple[Place, ...]:
    admin = _admin_matches(text)
    covered = bytearray(len(text))
    for _, s, e, *_rest in admin:
        for k in range(s, e):
            covered[k] = 1
    lower = _lower_matches(text, covered)
    out = [Place(a[0], a[1], a[2], a[3], a[4]) for a in admin]
    out.extend(Place(*m) for m in lower)
    out.sort(key=lambda m: m[1])
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# Identity


def _resolve(name: str) -> tuple[str, frozenset[str], frozenset[str]] | None:
    """Return (most specific surface, its division keys, keys of the divisions named before it).

    The division keys are empty for a place below the county.
    """
    name = "".join(name.split())
    admin = _admin_matches(name)
    covered = bytearray(len(name))
    for a in admin:
        for k in range(a[1], a[2]):
            covered[k] = 1
    lower = _lower_matches(name, covered)
    if not admin and not lower:
        return None
    if lower and (not admin or lower[-1][1] >= admin[-1][2]):
        context = frozenset(a[5].key for a in admin)
        return lower[-1][0], frozenset(), context
    last = admin[-1]
    prev = admin[-2][5] if len(admin) > 1 else None
    cands = [r for r in _index().forms[last[0]] if r.level == last[3]]
    if prev is not None:
        under = [r for r in cands
                 if r.parent == prev.code or prev.code in {a.code for a in ancestors(r.code)}]
        cands = under or cands
    keys = frozenset(r.key for r in cands) | frozenset({last[5].key})
    context = frozenset(a[5].key for a in admin[:-1])
    return last[0], keys, context


def _compatible(ctx_a: frozenset[str], ctx_b: frozenset[str]) -> bool:
    """Two chains of higher divisions agree when neither names a division off the other's line."""
    if not ctx_a or not ctx_b:
        return True

    def line(keys: frozenset[str]) -> set[str]:
        out = set(keys)
        for k in keys:
            out.update(a.code for a in ancestors(k))
        return out

    la, lb = line(ctx_a), line(ctx_b)
    return bool(ctx_a & lb) or bool(ctx_b & la)


def same_region(a: str, b: str) -> bool:
    """Whether two place names denote the same place (南昌县 = 江西省南昌县 = 江西南昌县).

    Former names count as their successor (梁平县 = 梁平区); names the gazetteer does not know are
    compared as written, whitespace ignored.

    >>> same_region("南昌县", "江西省南昌县"), same_region("南昌", "南昌县"), same_region("梁平县", "梁平区")
    (True, False, True)
    """
    ra, rb = _resolve(a), _resolve(b)
    if ra is None or rb is None:
        return "".join(a.split()) == "".join(b.split())
    surf_a, keys_a, ctx_a = ra
    surf_b, keys_b, ctx_b = rb
    if keys_a or keys_b:
        return bool(keys_a & keys_b)
    return surf_a == surf_b and _compatible(ctx_a, ctx_b)


# Place names are few and recur on every claim that carries them; the answer is a plain string.
@functools.lru_cache(maxsize=8192)
def canonical_region(name: str) -> str | None:
    """Return the official name of the most specific place in ``name``, or None when none is found.

    Short forms become the official name (江西 → 江西省, 黔南州 → 黔南布依族苗族自治州); places below the
    county are returned as written; a former name stays itself (use :func:`same_region` to compare).

    >>> canonical_region("江西南昌县"), canonical_region("江西"), canonical_region("南昌县黄马乡")
    ('南昌县', '江西省', '黄马乡')
    """
    name = "".join(name.split())
    admin = _admin_matches(name)
    covered = bytearray(len(name))
    for a in admin:
        for k in range(a[1], a[2]):
            covered[k] = 1
    lower = _lower_matches(name, covered)
    if lower and (not admin or lower[-1][1] >= admin[-1][2]):
        return lower[-1][0]
    if admin:
        return admin[-1][5].name
    return None
