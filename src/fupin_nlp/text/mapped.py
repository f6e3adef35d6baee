"""A string that remembers, for each of its characters, the raw character that produced it.

Every cleaning step takes a :class:`Mapped` and returns a new one, so offsets into
the raw text survive any chain of deletions, joins and character folds.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

__all__ = ["Mapped"]


class Mapped:
    """``text`` plus ``offsets``: ``offsets[i]`` is the raw index of ``text[i]``.

    >>> m = Mapped.from_raw("截至 2020 年", 10)
    >>> m2 = m.keep([i for i, ch in enumerate(m.text) if ch != " "])
    >>> m2.text, list(m2.offsets)[:3]
    ('截至2020年', [10, 11, 13])
    """

    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: array):
        if len(text) != len(offsets):
            raise ValueError("text and offsets differ in length")
        self.text, self.offsets = text, offsets

    @classmethod
    def from_raw(cls, text: str, start: int = 0) -> Mapped:
        return cls(text, array("q", range(start, start + len(text))))

    @classmethod
    def join(cls, parts: Iterable[Mapped]) -> Mapped:
        parts = list(parts)
        offsets = array("q")
        for part in parts:
            offsets.extend(part.offsets)
        return cls("".join(p.text for p in parts), offsets)

    def keep(self, indices: Iterable[int]) -> Mapped:
        """The characters at ``indices`` (in order)."""
        indices = list(indices)
        return Mapped("".join(self.text[i] for i in indices), array("q", (self.offsets[i] for i in indices)))

    def slice(self, start: int, end: int) -> Mapped:
        return Mapped(self.text[start:end], self.offsets[start:end])

    def strip(self, chars: str | None = None) -> Mapped:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, max(left, right))

    def replace_chars(self, mapping: dict[str, str]) -> Mapped:
        """Replace single characters by strings; every output character maps to its source character."""
        if mapping.keys().isdisjoint(self.text):
            return self
        out_text: list[str] = []
        out_offsets = array("q")
        for ch, off in zip(self.text, self.offsets):
            rep = mapping.get(ch, ch)
            out_text.append(rep)
            out_offsets.extend([off] * len(rep))
        return Mapped("".join(out_text), out_offsets)

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"Mapped({self.text!r})"
