#!/usr/bin/env python3
"""Builds the bundled corpus: the raw documents and their gold annotation.

The annotation lives in compact tables, one module per document (or archive) under
``tables/``.  Each table gives the paragraphs as a careful reader reconstructs them
(with a little layout markup), the claims as ``para | surface | value | unit | ...``
rows, the non-claims and the consistency checks.  This script

* renders each raw document from its paragraphs (PDF-style hard wraps and doubled
  headings, plain one-paragraph-per-line files in GB18030 / UTF-16 / UTF-8-BOM, an
  HTML page, a JSONL archive and a CSV export) and re-reads it to prove that the
  gold paragraphs are what the raw text holds;
* finds each surface in its paragraph and computes ``start``/``end``, refusing a
  surface that is missing or occurs more than once (``left[surface]right`` pins one);
* re-reads every value from its surface (scale words, Chinese numerals, ranges) and
  stops when it disagrees with the value written in the table;
* recomputes every check (sum, share, mean, growth, part_le_whole, derived) from the
  claims it names and stops when the verdict written in the table is not the one the
  figures give;
* writes ``<id>.gold.json`` and ``<id>.claims.jsonl`` next to the documents.

Usage (from the project root)::

    .venv/bin/python corpora/bundled/build_gold.py           # rebuild everything
    .venv/bin/python corpora/bundled/build_gold.py --check   # verify, write nothing

Layout markup in paragraph sources: ``|`` forces a line break in a PDF-style file,
``^`` is a layout space (a space in the raw text, nothing in the gold text).  Full-width
digits written in a source stay full-width in the raw text and become ASCII in the gold.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import re
import sys
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

sys.dont_write_bytecode = True  # the tables are data: leave no __pycache__ beside them
HERE = Path(__file__).resolve().parent
TABLES = HERE / "tables"

# ---------------------------------------------------------------- text helpers

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def gold_text(src: str) -> str:
    """The reader's text of a paragraph source: markup removed, digits NFKC'd."""
    return src.replace("|", "").replace("‖", "").replace("^", "").translate(FULLWIDTH_DIGITS)


def raw_plain(src: str) -> str:
    """The raw text of a paragraph source in a plain file: layout spaces kept."""
    if "|" in src or "‖" in src:
        raise ValueError(f"forced line break in a plain paragraph: {src[:30]}")
    return src.replace("^", " ")


# characters a CJK typesetter never puts at the start of a line
NO_LINE_START = set("，。、；：？！”’）》〕%…")
DIGITS = set("0123456789０１２３４５６７８９.")
NO_LINE_END = set("“‘（《〔")


def _fill(text: str, i: int, cells: int) -> int:
    """The end of a line starting at ``i`` that fills ``cells`` display cells."""
    used = 0
    j = i
    while j < len(text):
        used += 2 if unicodedata.east_asian_width(text[j]) in "WF" else 1
        if used > cells:
            break
        j += 1
    return j


def wrap(src: str, width: int) -> list[str]:
    """Hard-wrap a paragraph source the way a PDF column extracts.

    Breaks about every ``width`` characters: at a ``|`` mark when one lies within a
    few characters of the natural break (so a number can be torn from its unit there),
    always at ``‖``, never inside a run of digits (the whole number moves to the next
    line), never before a closing mark nor after an opening one.
    """
    lines: list[str] = []
    for chunk in src.split("‖"):
        marks, text = set(), ""
        for ch in chunk.replace("^", " "):
            if ch == "|":
                marks.add(len(text))
            else:
                text += ch
        i, first = 0, True
        while i < len(text):
            # a column holds ``width`` Han characters; a half-width digit takes half a cell, and the
            # first line of a paragraph is indented two characters (the indent is lost in extraction)
            j = _fill(text, i, 2 * (width - 2) if first else 2 * width)
            first = False
            if j < len(text):
                near = [m for m in marks if j - 5 <= m <= j + 2]
                if near:
                    j = near[0]
                else:
                    k = j  # do not cut a number: move its digits to the next line
                    while k > i and text[k - 1] in DIGITS and text[k] in DIGITS:
                        k -= 1
                    if k > i + width // 2:
                        j = k
                    while j < len(text) and text[j] in NO_LINE_START:
                        j += 1
                    while j > i + 1 and text[j - 1] in NO_LINE_END:
                        j -= 1
            line = text[i:j].strip(" ")
            if line:
                lines.append(line)
            i = j
            while i < len(text) and text[i] == " ":
                i += 1
    return lines


def double_heading(text: str) -> str:
    """Print a heading the way the seed's PDF extraction does: every run twice.

    ``建强指挥部——吹响合力攻坚“冲锋号”`` → ``建强指挥部建强指挥部——吹响合力攻坚吹响合力攻坚““冲锋号冲锋号””``:
    runs of text and quote marks are doubled, dashes, colons and spaces are not.
    """
    out = []
    for token in re.findall(r"——|[：: ]|[“”]|[^“”：: —]+", text):
        out.append(token if token in ("——", "：", ":", " ") else token * 2)
    return "".join(out)


# ---------------------------------------------------------------- values

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
            "七": 7, "八": 8, "九": 9}
CN_UNIT = {"十": 10, "百": 100, "千": 1000}
SCALE = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}
NUM = r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+"


def cn_to_int(s: str) -> int:
    """``三`` → 3, ``十几`` handled by the caller, ``两千`` → 2000, ``二十`` → 20."""
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGIT:
            cur = CN_DIGIT[ch]
        elif ch in CN_UNIT:
            total += (cur or 1) * CN_UNIT[ch]
            cur = 0
    return total + cur


def to_dec(s: str) -> Decimal:
    return Decimal(s) if re.fullmatch(r"[0-9.]+", s) else Decimal(cn_to_int(s))


def read_value(surface: str) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """Re-read (value, low, high) of a range from a surface; (value, None, None) otherwise.

    Only the numbers are read here; qualifiers and bounds are the table's business.
    """
    s = surface.translate(FULLWIDTH_DIGITS)
    if "翻了一番" in s:
        return Decimal(100), None, None
    m = re.search(r"百分之([零一二两三四五六七八九十百]+)", s)
    if m:
        return Decimal(cn_to_int(m.group(1))), None, None
    m = re.search(r"千分之([零一二两三四五六七八九十百]+)", s)
    if m:
        return Decimal(cn_to_int(m.group(1))), None, None
    # a pair of adjacent single Chinese digits is a range: 四五个小时, 五六百名
    m = re.search(r"([一二三四五六七八九])([一二三四五六七八九])([十百千万]?)", s)
    if m and CN_DIGIT[m.group(2)] == CN_DIGIT[m.group(1)] + 1:
        mult = CN_UNIT.get(m.group(3), 1) if m.group(3) != "万" else 10000
        lo, hi = Decimal(CN_DIGIT[m.group(1)] * mult), Decimal(CN_DIGIT[m.group(2)] * mult)
        return lo, lo, hi
    nums = list(re.finditer(rf"({NUM})([万亿]?)", s))
    if not nums:
        raise ValueError(f"no number in surface {surface!r}")

    def scaled(match: re.Match[str]) -> Decimal:
        text, scale = match.group(1), match.group(2)
        value = to_dec(text)  # 十几 reads as 10, its lower bound
        return value * SCALE[scale] if scale else value

    first = scaled(nums[0])
    if re.search(r"成", s[nums[0].end():nums[0].end() + 1]):
        return first * 10, None, None
    between = s[nums[0].end():nums[1].start()] if len(nums) > 1 else ""
    if len(nums) > 1 and re.fullmatch(r"[元名]?(?:至|到|-|—|~)", between):
        hi = scaled(nums[1])
        lo = first
        # 3000至5000元 / 600元至800元: a scale on the high end alone applies to both
        if nums[1].group(2) and not nums[0].group(2):
            lo = to_dec(nums[0].group(1)) * SCALE[nums[1].group(2)]
        return lo, lo, hi
    return first, None, None


# ---------------------------------------------------------------- time specs


def _start(spec: str) -> str:
    parts = spec.split("-")
    if len(parts) == 1:
        return f"{spec}-01-01"
    if len(parts) == 2:
        return f"{spec}-01"
    return spec


def _end(spec: str) -> str:
    parts = spec.split("-")
    if len(parts) == 1:
        return f"{spec}-12-31"
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return (nxt.fromordinal(nxt.toordinal() - 1)).isoformat()
    return spec


def period(spec: str) -> tuple[str | None, str | None]:
    """``-`` → (None, None); ``2019`` → the year; ``2020-06`` → the month;
    ``..2020-09-30`` → (None, that day); ``A:B`` → start of A … end of B."""
    spec = spec.strip()
    if spec in ("", "-"):
        return None, None
    if spec.startswith(".."):
        return None, _end(spec[2:])
    if ":" in spec:
        a, b = spec.split(":")
        return _start(a), _end(b)
    return _start(spec), _end(spec)


# ---------------------------------------------------------------- tables


def load_tables() -> list:
    mods = []
    for path in sorted(TABLES.glob("d*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods.append(mod)
    return mods


def parse_paras(block: str) -> list[dict]:
    """Paragraph rows: ``kind[/labels][ w=N][ sep=1] | source``.

    kind is body, heading, heading2 (printed doubled in PDF layout), boilerplate,
    source; ``raw=`` after a second ``|`` gives the raw line verbatim.
    """
    out = []
    for line in block.strip("\n").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        head, _, rest = line.partition(" | ")
        src, _, raw = rest.partition(" || ")
        words = head.split()
        kind, _, labels = words[0].partition("/")
        opts = dict(w.split("=") for w in words[1:])
        out.append({"kind": kind, "labels": labels.split(",") if labels else [], "src": src,
                    "raw": raw or None, "width": int(opts.get("w", 0)) or None,
                    "sep": opts.get("sep", "2")})
    return out


def parse_claims(block: str, default_region: str) -> list[dict]:
    """Claim rows: ``para | surface | value | unit | q | time | metric | per | change | region | flags``.

    Empty per/change/region cells are null (region: the document's main region);
    region ``-`` is null.  Flags: ``opt``, ``low=X``, ``high=X``, ``novalue``.
    """
    rows = []
    for line in block.strip("\n").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        cells += [""] * (11 - len(cells))
        para, surf, value, unit, q, time, metric, per, change, region, flags = cells[:11]
        t0, t1 = period(time)
        flag_map = {}
        for f in flags.split():
            k, _, v = f.partition("=")
            flag_map[k] = v
        rows.append({
            "para": int(para), "spec": surf, "value": Decimal(value), "unit": unit, "qualifier": q or "=",
            "time_start": t0, "time_end": t1, "metric": metric, "per": per or None,
            "change": {"+": "increase", "-": "decrease"}.get(change, change or None),
            "region": None if region == "-" else (region or default_region),
            "optional": "opt" in flag_map,
            "low": Decimal(flag_map["low"]) if flag_map.get("low") else None,
            "high": Decimal(flag_map["high"]) if flag_map.get("high") else None,
            "range": "range" in flag_map, "novalue": "novalue" in flag_map,
        })
    return rows


def locate(text: str, spec: str, where: str) -> tuple[str, int, int]:
    """Find a surface in a paragraph; ``left[surface]right`` pins one occurrence."""
    if "[" in spec:
        left, rest = spec.split("[", 1)
        surface, right = rest.split("]", 1)
        needle, shift = left + surface + right, len(left)
    else:
        surface, needle, shift = spec, spec, 0
    hits = [m.start() for m in re.finditer(re.escape(needle), text)]
    if surface[:1] in DIGITS:  # 5个 must not match inside 15个
        hits = [h for h in hits if h + shift == 0 or text[h + shift - 1] not in DIGITS]
    if surface[-1:] in DIGITS:
        hits = [h for h in hits if h + shift + len(surface) >= len(text)
                or text[h + shift + len(surface)] not in DIGITS]
    if not hits:
        raise ValueError(f"{where}: surface {spec!r} not found")
    if len(hits) > 1:
        raise ValueError(f"{where}: surface {spec!r} is ambiguous ({len(hits)} hits)")
    start = hits[0] + shift
    return surface, start, start + len(surface)


def num(x: Decimal) -> int | float:
    """A JSON number: integral values as int, the rest as float."""
    return int(x) if x == x.to_integral_value() else float(x)


# ---------------------------------------------------------------- checks


def q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def precision_of(surface: str, value: Decimal) -> Decimal:
    """Half a unit of the last written digit, in the canonical unit (3.97万元 → 50 元)."""
    m = re.search(r"[0-9]+(?:\.([0-9]+))?", surface.translate(FULLWIDTH_DIGITS))
    decimals = len(m.group(1) or "") if m else 0
    scale = Decimal(1)
    after = surface[m.end():m.end() + 1] if m else ""
    if after in SCALE:
        scale = SCALE[after]
    return Decimal(10) ** -decimals * scale / 2


def run_check(check: dict, claims: list[dict], where: str) -> dict:
    """Recompute a check from the claims it names; return the gold record."""
    paras = check.get("paras") or [check["para"]]

    def claim(surface: str) -> dict:
        found = [c for c in claims if c["surface"] == surface and c["para"] in paras]
        if len(found) != 1:
            raise ValueError(f"{where}: check names {surface!r}, found {len(found)} claims in {paras}")
        return found[0]

    def val(surface: str) -> Decimal:
        return claim(surface)["value_dec"]

    rule = check["rule"]
    out = {k: v for k, v in check.items() if k not in ("verdict", "note", "op", "factor")}
    if rule == "sum":
        expected = sum(val(p) for p in check["parts"])
        stated = val(check["whole"])
        within = abs(expected - stated) <= precision_of(check["whole"], stated)
        verdict = "consistent" if within else "discrepancy"
    elif rule == "share":
        expected = q2(sum(val(p) for p in check["parts"]) / val(check["whole"]) * 100)
        stated = val(check["stated_share"])
        half = precision_of(check["stated_share"], stated)
        verdict = "consistent" if abs(expected - stated) <= half + Decimal("0.005") else "discrepancy"
    elif rule == "mean":
        expected = q2(val(check["total"]) / val(check["count"]))
        stated = val(check["stated_mean"])
        half = precision_of(check["stated_mean"], stated)
        verdict = "consistent" if abs(expected - stated) <= half else "discrepancy"
    elif rule == "growth":
        value, rate = val(check["value"]), val(check["rate"])
        if check.get("base"):
            expected = q2((value / val(check["base"]) - 1) * 100)
            stated = rate
            half = precision_of(check["rate"], rate)
            verdict = "consistent" if abs(expected - stated) <= half else "discrepancy"
        else:
            expected, stated, verdict = q2(value / (1 + rate / 100)), None, "info"
    elif rule == "part_le_whole":
        part, whole = val(check["part"]), val(check["whole"])
        expected = stated = None
        verdict = "consistent" if part <= whole else "discrepancy"
    elif rule == "derived":
        a, b = (val(s) for s in check["from"])
        op = check.get("op", "mul")
        if op == "mul":
            expected = q2(a * b)
        elif op == "div_pct":  # a is b percent of the whole: whole = a / (b / 100)
            expected = q2(a / (b / 100))
        else:
            raise ValueError(f"{where}: unknown derived op {op}")
        stated, verdict = None, "info"
    else:
        raise ValueError(f"{where}: unknown rule {rule}")
    if verdict != check["verdict"] and not (rule == "derived" and check["verdict"] in ("info", "consistent")):
        raise ValueError(f"{where}: {rule} check {check} computes {verdict} (expected {expected}, "
                         f"stated {stated})")
    if expected is not None:
        out["expected"] = num(expected)
    if stated is not None:
        out["stated"] = num(stated)
    out["verdict"] = check["verdict"]
    if check.get("note"):
        out["note"] = check["note"]
    return out


# ---------------------------------------------------------------- rendering


def render_pdf(paras: list[dict], default_width: int) -> str:
    pieces: list[tuple[str, str]] = []  # (line, separator before it)
    for p in paras:
        if p["raw"] is not None:
            lines = [p["raw"]]
        elif p["kind"] == "heading2":
            lines = [double_heading(gold_text(p["src"]))]
        elif p["kind"] in ("heading", "source", "boilerplate"):
            lines = [p["src"].replace("^", " ")]
        else:
            lines = wrap(p["src"], p["width"] or default_width)
        for n, line in enumerate(lines):
            pieces.append((line, "\n" if (n == 0 and p["sep"] == "1") else "\n\n"))
    out = pieces[0][0]
    for line, sep in pieces[1:]:
        out += sep + line
    return out + "\n"


def render_plain(paras: list[dict]) -> str:
    """Title line, a blank line, then one paragraph per line (the real/docs layout)."""
    lines = [p["raw"] if p["raw"] is not None else raw_plain(p["src"]) for p in paras]
    return lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n"


def html_escape_text(src: str) -> str:
    s = src.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("^", "&nbsp;")
    return s


class _HTMLParas(HTMLParser):
    """A reader's view of an article page: body text, blocks split at p/h1/br/div."""

    BLOCK = {"p", "h1", "h2", "h3", "div", "br", "li", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.in_body = False
        self.buf = ""
        self.out: list[str] = []

    def flush(self) -> None:
        text = self.buf.replace("\xa0", " ").strip()
        if text:
            self.out.append(text)
        self.buf = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag == "body":
            self.in_body = True
        if tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip -= 1
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip and self.in_body:
            self.buf += data.replace("\n", "")


def html_paragraphs(raw: str) -> list[str]:
    parser = _HTMLParas()
    parser.feed(raw)
    parser.flush()
    # a reader drops layout spaces inside figures (&nbsp; between a number and its unit)
    return [re.sub(r"(?<=[0-9]) (?=[\u4e00-\u9fff%])", "", t) for t in parser.out]


def reflow_pdf(raw: str, paras: list[dict]) -> None:
    """Prove the raw PDF-style text holds the gold paragraphs, in order, nothing else."""
    squashed = "".join(raw.split())
    pieces = []
    for p in paras:
        if p["raw"] is not None:
            piece = p["raw"]
        elif p["kind"] == "heading2":
            piece = double_heading(gold_text(p["src"]))
        else:
            piece = p["src"].replace("|", "").replace("‖", "").replace("^", "")
        pieces.append("".join(piece.split()))
    if squashed != "".join(pieces):
        raise ValueError("PDF raw text does not hold the paragraphs")


# ---------------------------------------------------------------- building


def build_doc(doc: dict, paras: list[dict], claims_block: str, non_claims: list, checks: list,
              extra: dict | None = None) -> tuple[dict, list[dict]]:
    doc_id = doc["id"]
    texts = [gold_text(p["src"]) for p in paras]
    paragraphs = []
    for i, (p, text) in enumerate(zip(paras, texts)):
        if p["kind"] not in ("body", "heading", "heading2", "boilerplate", "source"):
            raise ValueError(f"{doc_id} para {i}: unknown kind {p['kind']}")
        kind = "heading" if p["kind"] == "heading2" else p["kind"]
        if kind != "body" and p["labels"]:
            raise ValueError(f"{doc_id} para {i}: a {kind} carries no labels")
        if kind == "body" and not p["labels"]:
            raise ValueError(f"{doc_id} para {i}: a body paragraph needs labels")
        if re.search(r"[ \u3000\xa0]", text) and kind == "body":
            raise ValueError(f"{doc_id} para {i}: space left in a body paragraph")
        paragraphs.append({"doc": doc_id, "para": i, "kind": kind, "labels": p["labels"], "text": text})
    claims = []
    for row in parse_claims(claims_block, doc["short_region"]):
        where = f"{doc_id} para {row['para']}"
        if paragraphs[row["para"]]["kind"] != "body":
            raise ValueError(f"{where}: claim {row['spec']!r} outside a body paragraph")
        surface, start, end = locate(texts[row["para"]], row["spec"], where)
        if not row["novalue"]:
            value, low, high = read_value(surface)
            if value != row["value"]:
                raise ValueError(f"{where}: {surface!r} reads {value}, table says {row['value']}")
            if low is not None and (low != row["low"] or high != row["high"] or row["qualifier"] != ">="):
                raise ValueError(f"{where}: range {surface!r} needs low={low} high={high} and >=")
        if row["qualifier"] not in ("=", "~", ">", ">=", "<", "<="):
            raise ValueError(f"{where}: bad qualifier {row['qualifier']}")
        rec = {"doc": doc_id, "para": row["para"], "surface": surface, "start": start, "end": end,
               "value": num(row["value"]), "unit": row["unit"], "qualifier": row["qualifier"],
               "time_start": row["time_start"], "time_end": row["time_end"], "region": row["region"],
               "metric": row["metric"], "per": row["per"], "change": row["change"],
               "optional": row["optional"]}
        if row["low"] is not None or row["high"] is not None:
            rec["low"] = num(row["low"]) if row["low"] is not None else None
            rec["high"] = num(row["high"]) if row["high"] is not None else None
        rec["value_dec"] = row["value"]
        claims.append(rec)
    claims.sort(key=lambda c: (c["para"], c["start"]))
    spans = [(c["para"], c["start"], c["end"]) for c in claims]
    for a, b in zip(spans, spans[1:]):
        if a[0] == b[0] and b[1] < a[2]:
            raise ValueError(f"{doc_id} para {a[0]}: overlapping claims at {a} and {b}")
    nc = []
    for para, surface in non_claims:
        if surface not in texts[para]:
            raise ValueError(f"{doc_id} para {para}: non-claim {surface!r} not found")
        for c in claims:
            if c["para"] == para and c["surface"] == surface:
                raise ValueError(f"{doc_id} para {para}: {surface!r} is both claim and non-claim")
        nc.append({"para": para, "surface": surface})
    gold_checks = [run_check(c, claims, f"{doc_id} check") for c in checks]
    gold = {"doc": doc_id, "source_file": doc["file"], "date": doc["date"], "region": doc["region"]}
    gold.update(extra or {})
    gold.update({"paragraphs": paragraphs, "non_claims": nc, "checks": gold_checks})
    for c in claims:
        c.pop("value_dec")
    return gold, claims


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return text.encode("utf-16")  # BOM + little-endian on every platform Python runs on
    return text.encode(encoding)


def decode(data: bytes, encoding: str) -> str:
    return data.decode("utf-16" if encoding == "utf-16" else encoding)


def build(check_only: bool) -> int:
    outputs: dict[str, bytes] = {}
    stats = []
    for mod in load_tables():
        meta = mod.DOC
        if meta["layout"] in ("jsonl", "csv"):
            records, rows_out = [], []
            for row in mod.ROWS:
                paras = parse_paras(row["paras"])
                texts = [gold_text(p["src"]) for p in paras]
                rec = {"id": row["id"], "text": "\n".join(raw_plain(p["src"]) for p in paras),
                       "title": row["title"], "date": row["date"], "source": row["source"],
                       "region": row["region"], "url": row["url"]}
                if "\n".join(texts) != rec["text"]:
                    raise ValueError(f"{row['id']}: archive text must need no reconstruction")
                records.append(rec)
                doc = {"id": row["id"], "file": meta["file"], "date": row["date"],
                       "region": row["full_region"], "short_region": row["region"]}
                gold, claims = build_doc(doc, paras, row["claims"], row["non_claims"], row["checks"],
                                         extra={"row_id": row["id"]})
                rows_out.append((row["id"], gold, claims))
            if meta["layout"] == "jsonl":
                data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
                back = [json.loads(line) for line in data.decode("utf-8").splitlines()]
            else:
                buf = io.StringIO()
                cols = ["id", "text", "title", "date", "source", "region", "url"]
                writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\r\n")
                writer.writeheader()
                writer.writerows(records)
                data = buf.getvalue().encode("utf-8")
                back = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
            if back != records:
                raise ValueError(f"{meta['file']}: archive does not read back")
            outputs[meta["file"]] = data
            for row_id, gold, claims in rows_out:
                outputs[f"{row_id}.gold.json"] = dump_gold(gold)
                outputs[f"{row_id}.claims.jsonl"] = dump_claims(claims)
                stats.append((row_id, meta["file"], gold, claims))
            continue
        paras = parse_paras(mod.PARAS)
        texts = [gold_text(p["src"]) for p in paras]
        if meta["layout"] == "pdf":
            raw = render_pdf(paras, meta.get("width", 24))
            reflow_pdf(raw, paras)
            for line in raw.split("\n"):
                cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                if cells > 56 and not any(double_heading(t) == line for t in texts):
                    raise ValueError(f"{meta['id']}: line too long ({cells} cells): {line}")
        elif meta["layout"] == "plain":
            raw = render_plain(paras)
            lines = [line for line in raw.split("\n") if line]
            if lines != [p["raw"] if p["raw"] is not None else raw_plain(p["src"]) for p in paras]:
                raise ValueError(f"{meta['id']}: plain file does not hold the paragraphs")
        elif meta["layout"] == "html":
            raw = mod.render_html(paras, html_escape_text)
            if html_paragraphs(raw) != texts:
                got = html_paragraphs(raw)
                diff = [(a, b) for a, b in zip(got, texts) if a != b][:2]
                raise ValueError(f"{meta['id']}: HTML does not hold the paragraphs: {len(got)} vs "
                                 f"{len(texts)} {diff}")
        else:
            raise ValueError(f"{meta['id']}: unknown layout {meta['layout']}")
        data = encode(raw, meta["encoding"])
        if decode(data, meta["encoding"]) != raw:
            raise ValueError(f"{meta['id']}: encoding round trip failed")
        outputs[meta["file"]] = data
        gold, claims = build_doc(meta, paras, mod.CLAIMS, mod.NON_CLAIMS, mod.CHECKS)
        outputs[f"{meta['id']}.gold.json"] = dump_gold(gold)
        outputs[f"{meta['id']}.claims.jsonl"] = dump_claims(claims)
        stats.append((meta["id"], meta["file"], gold, claims))

    stale = []
    for name, data in sorted(outputs.items()):
        path = HERE / name
        if check_only:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
    report(stats)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def dump_gold(gold: dict) -> bytes:
    return (json.dumps(gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dump_claims(claims: list[dict]) -> bytes:
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims).encode("utf-8")


def report(stats: list) -> None:
    tot = [0] * 7
    print(f"{'doc':28} {'file':34} paras body claims req opt nonc checks")
    for doc_id, file, gold, claims in stats:
        body = sum(p["kind"] == "body" for p in gold["paragraphs"])
        opt = sum(c["optional"] for c in claims)
        row = [len(gold["paragraphs"]), body, len(claims), len(claims) - opt, opt, len(gold["non_claims"]),
               len(gold["checks"])]
        tot = [a + b for a, b in zip(tot, row)]
        print(f"{doc_id:28} {file:34} " + " ".join(f"{x:5}" for x in row))
    print(f"{'total':63} " + " ".join(f"{x:5}" for x in tot))
    labels = {}
    for _, _, gold, _ in stats:
        for p in gold["paragraphs"]:
            for label in p["labels"]:
                labels[label] = labels.get(label, 0) + 1
    print("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    verdicts = {}
    for _, _, gold, _ in stats:
        for c in gold["checks"]:
            verdicts[c["verdict"]] = verdicts.get(c["verdict"], 0) + 1
    print("checks: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="verify the files on disk, write nothing")
    args = ap.parse_args()
    try:
        return build(args.check)
    except ValueError as e:
        print(f"build_gold: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
