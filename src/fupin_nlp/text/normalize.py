"""Small pure cleaning steps, each from a :class:`Mapped` to a :class:`Mapped`.

- ``fold_width``: NFKC for full-width digits, Latin letters and signs, keeping
  Chinese punctuation (，：；！？（） stay full width as Chinese typesetting has them).
- ``remove_layout_spaces``: spaces a PDF's justification put between CJK
  characters and figures (``截至 2020 年 9月底``, ``广 告``).
- ``undouble``: bold headings that PDF extraction printed twice, run by run.
"""

from __future__ import annotations

import unicodedata

import regex

from .mapped import Mapped

__all__ = ["fold_width", "remove_layout_spaces", "undouble", "display_width"]

# Chinese punctuation that NFKC would turn into ASCII; we keep it as written
_KEEP_FULL = set("，：；！？（）")
_FOLD = {
    chr(cp): unicodedata.normalize("NFKC", chr(cp))
    for cp in range(0xFF01, 0xFF5F)
    if chr(cp) not in _KEEP_FULL
}
_FOLD.update({"\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
              "\ufeff": "", "\u00ad": "", "\ufe6a": "%", "\u2215": "/"})

_HAN = r"\p{Han}"
_CJK_PUNCT = "，。、；：！？（）“”‘’《》【】「」『』〔〕…—·"
_SPACE_RUN = regex.compile(r"[ \t]+")
_HAN_TAIL = regex.compile(rf"{_HAN}+$")
_HAN_HEAD = regex.compile(rf"{_HAN}+")
_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")
_IS_DIGITISH = regex.compile(r"[0-9%.]")
_IS_CJK = regex.compile(rf"[{_HAN}{_CJK_PUNCT}]")


def fold_width(m: Mapped) -> Mapped:
    """Fold full-width alphanumerics and signs to ASCII; Chinese punctuation is kept.

    >>> fold_width(Mapped.from_raw("２０２０年，增长１７．２％")).text
    '2020年，增长17.2%'
    """
    return m.replace_chars(_FOLD)


def remove_layout_spaces(m: Mapped, *, keep_phrase_spaces: bool = False) -> Mapped:
    """Drop spaces between CJK characters and figures, and letter-spacing between single Han characters.

    With ``keep_phrase_spaces`` (headings), a space between two phrases of two or
    more Han characters each stays: ``精准扶贫诚于心 脱贫攻坚践于行``.

    >>> remove_layout_spaces(Mapped.from_raw("截至 2020 年 9月底，全村21户 57人")).text
    '截至2020年9月底，全村21户57人'
    >>> remove_layout_spaces(Mapped.from_raw("广 告")).text
    '广告'
    """
    text = m.text
    if " " not in text and "\t" not in text:
        return m
    drop: list[tuple[int, int]] = []
    for run in _SPACE_RUN.finditer(text):
        a, b = run.start(), run.end()
        if a == 0 or b == len(text):
            drop.append((a, b))
            continue
        left, right = text[a - 1], text[b]
        left_cjk, right_cjk = bool(_IS_CJK.match(left)), bool(_IS_CJK.match(right))
        left_dig, right_dig = bool(_IS_DIGITISH.match(left)), bool(_IS_DIGITISH.match(right))
        if (left_cjk and right_dig) or (left_dig and right_cjk):
            drop.append((a, b))
        elif left_cjk and right_cjk:
            if keep_phrase_spaces:
                # letter-spaced single characters go; spaces between phrases stay
                before = _HAN_TAIL.search(text, 0, a)
                after = _HAN_HEAD.match(text, b)
                if before and after and len(before.group()) >= 2 and len(after.group()) >= 2:
                    continue
            drop.append((a, b))
    if not drop:
        return m
    keep: list[int] = []
    prev = 0
    for a, b in drop:
        keep.extend(range(prev, a))
        prev = b
    keep.extend(range(prev, len(text)))
    return m.keep(keep)


_PUNCT_OR_SPACE = set(_CJK_PUNCT) | set(" \t\"'-,.:;!?()[]")
_QUOTES = set("“”‘’\"'《》（）()「」『』【】")
_MAX_UNDOUBLE = 160


def undouble(text: str) -> list[int] | None:
    """Indices to keep when ``text`` is a heading whose runs were each printed twice, else ``None``.

    ``——`` and ``……`` are one mark, so a single ``——`` is not taken for a doubled ``—``.

    >>> s = "建强指挥部建强指挥部——吹响合力攻坚吹响合力攻坚““冲锋号冲锋号””"
    >>> "".join(s[i] for i in undouble(s))
    '建强指挥部——吹响合力攻坚“冲锋号”'
    >>> undouble("悠悠扶贫路，殷殷民生情！") is None
    True
    """
    n = len(text)
    if n < 8 or n > _MAX_UNDOUBLE:
        return None
    keep: list[int] = []
    doubled_chars = 0
    i = 0
    while i < n:
        found = 0
        for length in range((n - i) // 2, 0, -1):
            if text[i:i + length] != text[i + length:i + 2 * length]:
                continue
            segment = text[i:i + length]
            if length == 1 and segment not in _QUOTES:
                continue
            if segment in ("—", "…"):
                continue  # half of a two-character mark
            found = length
            break
        if found:
            keep.extend(range(i, i + found))
            doubled_chars += sum(1 for ch in text[i:i + found] if ch not in _PUNCT_OR_SPACE)
            i += 2 * found
        elif text[i] in _PUNCT_OR_SPACE:
            keep.append(i)
            i += 1
        else:
            return None
    if doubled_chars < 4 or any(text[i] in "。；" for i in keep):
        return None  # a heading has no sentence inside; a repeated sentence is not a doubled heading
    return keep


def display_width(text: str) -> int:
    """Cells a line takes in print: a Han character two, a half-width digit or letter one.

    >>> display_width("南昌县4635")
    10
    """
    return len(text) + len(_WIDE.findall(text))
