"""Rebuild paragraphs from raw text: hard-wrapped PDF text or one paragraph per line.

The layout is decided per document.  In hard-wrapped text a line break ends a
paragraph only where the print shows it: a line that ends a sentence and stops
short of the column (display width, half-width digits counting half), or is
followed by an indented first line; doubled bold headings, ``广告`` markers and
source lines always stand alone.  Every paragraph keeps, for each character, the
raw character that produced it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..data import rows
from ..records import Document, Paragraph
from .mapped import Mapped
from .normalize import display_width, fold_width, remove_layout_spaces, undouble

__all__ = ["reflow", "paragraphs", "kind_of"]

_TERMINAL = set("。！？!?…；;")
_CLOSERS = set("”’」』）)】》\"'")
_NO_LINE_START = set("。，、；：！？）》”’」』】…,.;:!?)%")
_LINE_RE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_STRIP = " \t\u3000\xa0\ufeff"
_INDENT_CELLS = (3, 5)  # a first line loses its two-character indent: 3–5 cells short of the column
_SHORT_CELLS = 3        # a line ending a sentence this far short of the column ends its paragraph
_LIST_NUMBER = regex.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|第[一二三四五六七八九十\d]+[条章节])")
_HAS_FIGURE = regex.compile(r"\d(?!\d*年)")  # a figure, not a year: 三、2020年工作打算 is a heading


@functools.lru_cache(maxsize=1)
def _kind_patterns() -> tuple[tuple[str, regex.Pattern], ...]:
    return tuple((kind, regex.compile(rf"(?:{pattern.strip()})")) for kind, pattern, *_ in rows("paragraph_kinds.tsv"))


def _special_kind(text: str) -> str | None:
    squashed = "".join(text.split())
    for kind, pattern in _kind_patterns():
        if pattern.fullmatch(squashed):
            return kind
    return None


@dataclass
class _Line:
    mapped: Mapped          # stripped line, raw offsets
    width: int
    doubled: list[int] | None
    special: str | None
    blank_before: bool
    bare: bool = False  # a short line with no punctuation after a paragraph's end: a plain heading

    @property
    def text(self) -> str:
        return self.mapped.text

    @property
    def standalone(self) -> bool:
        return self.doubled is not None or self.special is not None or self.bare

    @property
    def terminal(self) -> bool:
        text = self.text.rstrip("".join(_CLOSERS))
        return bool(text) and text[-1] in _TERMINAL


def _lines(raw: str) -> list[_Line]:
    out: list[_Line] = []
    blank = False
    for match in _LINE_RE.finditer(raw):
        line = match.group().rstrip("\r\n")
        if not match.group():
            break
        start = match.start()
        stripped = line.strip(_STRIP)
        if not stripped:
            blank = True
            continue
        left = len(line) - len(line.lstrip(_STRIP))
        mapped = Mapped.from_raw(stripped, start + left)
        folded = fold_width(mapped).text
        out.append(_Line(mapped, display_width(folded), undouble(folded),
                         _special_kind(folded), blank))
        blank = False
    return out


_ANY_PUNCT = regex.compile(r"[\p{P}\p{S}]")


def _mark_bare_headings(lines: list[_Line]) -> None:
    for i, line in enumerate(lines):
        previous_ends = i == 0 or lines[i - 1].terminal or lines[i - 1].standalone
        if previous_ends and not _ANY_PUNCT.search(line.text) and line.width <= 0.6 * _column(lines, i) \
                and i + 1 < len(lines) and not _HAS_FIGURE.search(line.text):
            line.bare = True


def _hard_wrapped(lines: list[_Line]) -> bool:
    """Text from a print layout: most lines stop mid-sentence at a similar, narrow width."""
    body = [ln for ln in lines if not ln.standalone]
    gaps = [ln.blank_before for ln in lines[1:]]
    spaced = bool(gaps) and sum(gaps) >= 0.5 * len(gaps)  # the seed's layout: a blank line after every line
    if len(body) < (2 if spaced else 4):
        return False
    running = sorted(ln.width for ln in body if not ln.terminal)
    if len(running) < 0.4 * len(body) or not running:
        return False
    # lines that run on mid-sentence are full lines of one column: their widths cluster, while the
    # unterminated lines of a one-paragraph-per-line file (headings, list labels) are short and uneven
    # short unterminated lines are headings and tails, not the column: leave them out of the clustering
    running = [w for w in running if w >= running[-1] / 2]
    median = running[len(running) // 2]
    clustered = sum(abs(w - median) <= 6 for w in running)
    # and no line is much wider than that column (a paragraph on one long line is no print layout)
    widest = sorted(ln.width for ln in body)[int(0.9 * (len(body) - 1))]
    return 16 <= median <= 90 and clustered >= 0.6 * len(running) and widest <= 1.25 * median + 6


def _column(lines: list[_Line], i: int) -> int:
    """The column width around line ``i``: the median of the lines that run on mid-sentence (full
    lines by definition), so lines stretched by a pulled-up closing mark do not inflate it."""
    window = [ln for ln in lines[max(0, i - 6): i + 7] if not ln.standalone]
    running = sorted(ln.width for ln in window if not ln.terminal)
    running = [w for w in running if w >= running[-1] / 2] if running else running  # not headings
    if len(running) >= 2:
        return running[len(running) // 2]
    return max((ln.width for ln in window), default=lines[i].width)


def _breaks_after(lines: list[_Line], i: int, blank_lines_mean_breaks: bool, starts: bool) -> bool:
    line = lines[i]
    if i + 1 >= len(lines):
        return True
    nxt = lines[i + 1]
    if line.standalone or nxt.standalone:
        return True
    if nxt.text[0] in _NO_LINE_START:
        return False  # kinsoku: a closing mark never starts a line, so this one continues the last
    if blank_lines_mean_breaks and nxt.blank_before:
        return True
    if not line.terminal:
        return False
    column = _column(lines, i)
    # a paragraph's first line is indented: it is short only when it stops short of the indent too
    short = _SHORT_CELLS + (_INDENT_CELLS[1] if starts else 0)
    if line.width <= column - short:
        return True
    # a full line ending a sentence: the next paragraph shows itself by its indent
    lo, hi = _INDENT_CELLS
    return (lo <= column - nxt.width <= hi and not nxt.terminal and i + 2 < len(lines)
            and lines[i + 2].width > nxt.width)


def kind_of(text: str, *, single_line: bool, first: bool = False, doubled: bool = False) -> str:
    """A paragraph's kind: ``heading``, ``body``, ``boilerplate`` or ``source``.

    >>> kind_of("脱贫，是奔赴的希望！", single_line=True)
    'heading'
    >>> kind_of("下一站，必是幸福和美好。", single_line=True)
    'body'
    """
    special = _special_kind(text)
    if special:
        return special
    if doubled:
        return "heading"
    if not single_line:
        return "body"
    stripped = text.rstrip("".join(_CLOSERS))
    last = stripped[-1:] if stripped else ""
    if first and len(text) <= 60 and last not in "。；;":
        return "heading"
    if last in "：:" and len(text) <= 30:
        return "heading"
    if _HAS_FIGURE.search(_LIST_NUMBER.sub("", text)):
        return "body"
    if last in "。；;，,、" or "。" in text:
        return "body"
    if last in "！!？?":
        return "heading" if len(text) <= 24 else "body"
    head, colon, tail = text.partition("：")
    if colon and len(tail) >= 4 and len(head) <= 12:
        return "body"  # "保障对象：全县…": a label with its content is a statement
    return "heading" if len(text) <= 40 else "body"


def _finish(group: list[_Line], doc_id: str, index: int, first: bool) -> Paragraph:
    parts = []
    for line in group:
        mapped = line.mapped
        if line.doubled is not None:
            folded = fold_width(mapped)
            keep = undouble(folded.text)
            mapped = folded.keep(keep) if keep is not None else folded
        parts.append(mapped)
    mapped = fold_width(Mapped.join(parts))
    single = len(group) == 1
    doubled = any(line.doubled is not None for line in group)
    kind = kind_of(remove_layout_spaces(mapped).text, single_line=single, first=first, doubled=doubled)
    mapped = remove_layout_spaces(mapped, keep_phrase_spaces=(kind == "heading")).strip()
    return Paragraph(doc_id, index, kind, mapped.text, tuple(mapped.offsets))


def reflow(raw: str, doc_id: str = "text") -> list[Paragraph]:
    """Paragraphs of ``raw``, headings included, each with its offset map into ``raw``.

    >>> raw = "截至 2020 年 9月底，南昌县已脱贫户数为 4635\\n\\n户、11643人。\\n\\n下一站，必是幸福。"
    >>> [p.text for p in reflow(raw)]
    ['截至2020年9月底，南昌县已脱贫户数为4635户、11643人。', '下一站，必是幸福。']
    """
    lines = _lines(raw)
    if not lines:
        return []
    groups: list[list[_Line]] = []
    if _hard_wrapped(lines):
        _mark_bare_headings(lines)
        gaps = [ln.blank_before for ln in lines[1:]]
        blank_lines_mean_breaks = bool(gaps) and sum(gaps) < 0.5 * len(gaps)
        current: list[_Line] = []
        for i, line in enumerate(lines):
            current.append(line)
            if _breaks_after(lines, i, blank_lines_mean_breaks, starts=len(current) == 1):
                groups.append(current)
                current = []
        if current:
            groups.append(current)
    else:
        groups = [[line] for line in lines]
    out = []
    for group in groups:
        paragraph = _finish(group, doc_id, len(out), first=not out)
        if paragraph.text:
            out.append(paragraph)
    return out


def paragraphs(document: Document) -> list[Paragraph]:
    """The paragraphs of a :class:`~fupin_nlp.records.Document`.

    >>> from fupin_nlp.records import Document
    >>> [p.kind for p in paragraphs(Document("d", "-", "标题\\n\\n正文有4635户。"))]
    ['heading', 'body']
    """
    return reflow(document.raw, document.doc_id)
