"""Rounding, stated honestly: what interval a figure as written stands for, and how far two disagree.

A figure as written carries its own precision: ``14.3万`` means 14.25万–14.35万 (half of the last
written digit either side), ``256.5万`` means 256.45万–256.55万.  A writer may also truncate instead
of rounding, or round to tens (``40%`` for 41.5 %); that is a *plausible writer's rounding*: a
disagreement inside it is ``minor``, one beyond it ``major``.  Qualifiers widen the interval:
``140多户`` is 140–150, ``5000人以上`` is 5000 or more, ``近2000元`` is a little under 2000.

Everything is ``Decimal``; ``None`` at an end of an interval means unbounded.

    >>> f = figure(Decimal("143000"), "14.3万")
    >>> f.low, f.high
    (Decimal('142500'), Decimal('143500'))
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

__all__ = ["Interval", "Figure", "figure", "verdict", "fmt", "Verdict", "exact_interval"]

_ARABIC = regex.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)")
# words that make a figure a fraction or a rough share: a writer says 一半 or 三成 for a round figure
_ROUGH_SHARE = regex.compile(r"分之|半|成|番|倍")


@dataclass(frozen=True)
class Interval:
    """A closed interval of Decimals; ``None`` is an open (unbounded) end.

    >>> Interval(Decimal(1), Decimal(2)).overlaps(Interval(Decimal(2), None))
    True
    """

    low: Decimal | None
    high: Decimal | None

    def overlaps(self, other: Interval) -> bool:
        if self.high is not None and other.low is not None and self.high < other.low:
            return False
        return not (self.low is not None and other.high is not None and other.high < self.low)

    def gap(self, other: Interval) -> Decimal:
        """The distance between the two intervals (0 when they overlap)."""
        if self.high is not None and other.low is not None and self.high < other.low:
            return other.low - self.high
        if self.low is not None and other.high is not None and other.high < self.low:
            return self.low - other.high
        return Decimal(0)

    def __add__(self, other: Interval) -> Interval:
        low = None if self.low is None or other.low is None else self.low + other.low
        high = None if self.high is None or other.high is None else self.high + other.high
        return Interval(low, high)

    def __sub__(self, other: Interval) -> Interval:
        low = None if self.low is None or other.high is None else self.low - other.high
        high = None if self.high is None or other.low is None else self.high - other.low
        return Interval(low, high)

    def times(self, other: Interval) -> Interval:
        """Product of two non-negative intervals."""
        low = (self.low or Decimal(0)) * (other.low or Decimal(0))
        high = None if self.high is None or other.high is None else self.high * other.high
        return Interval(low, high)

    def divided_by(self, other: Interval) -> Interval | None:
        """Quotient of two non-negative intervals; None when the divisor may be zero."""
        if other.low is None or other.low <= 0:
            return None
        low = (self.low or Decimal(0)) / (other.high if other.high is not None else Decimal("Infinity"))
        high = None if self.high is None else self.high / other.low
        return Interval(low if low.is_finite() else Decimal(0), high)

    def scaled(self, factor: Decimal) -> Interval:
        return Interval(None if self.low is None else self.low * factor,
                        None if self.high is None else self.high * factor)

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def mid(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return self.low if self.high is None else self.high
        return (self.low + self.high) / 2


def exact_interval(value: Decimal) -> Interval:
    return Interval(value, value)


@dataclass(frozen=True)
class Figure:
    """A stated figure: its value, the interval it stands for as written, and how coarsely its writer rounds.

    ``step`` is the place of the last written digit in the canonical unit (``14.3万`` → 1000);
    ``loose`` is the half-width a plausible writer's rounding allows (a full step for truncation,
    or half of the round place when the figure ends in zeros: ``40`` → 5).
    """

    value: Decimal
    low: Decimal | None
    high: Decimal | None
    step: Decimal
    loose: Decimal
    qualifier: str = "="
    half: Decimal = Decimal(0)     # half-width of the interval as written: 0 for a whole count (22个)

    @property
    def interval(self) -> Interval:
        """What the figure stands for as an input: ``22个`` is 22, ``256.5万`` is 256.45万–256.55万."""
        return Interval(self.low, self.high)

    def _widened(self, extra: Decimal) -> Interval:
        return Interval(None if self.low is None else self.low - extra,
                        None if self.high is None else self.high + extra)

    @property
    def rounded(self) -> Interval:
        """What the figure stands for as a result the writer worked out and rounded: ``22`` is 21.5–22.5."""
        return self._widened(self.step / 2 - self.half)

    @property
    def plausible(self) -> Interval:
        """The interval widened to a plausible writer's rounding (truncation, rounding to tens)."""
        return self._widened(max(self.loose, self.step / 2) - self.half)

    @property
    def exact(self) -> bool:
        return self.qualifier == "=" and self.low == self.high


def _trailing_zeros(digits: str) -> int:
    return len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0


def _steps(amount: Decimal, numeral: str | None) -> tuple[Decimal, Decimal, Decimal, bool]:
    """(step, loose half-width, round place, whole number) for a figure as written.

    The round place is the place a 多/余 stands for: 140多 → 10, 4900多万 → 100万, 7多 → 1.
    """
    text = numeral or ""
    rough = bool(_ROUGH_SHARE.search(text))
    m = _ARABIC.search(text)
    if m and not rough:
        number = Decimal(m.group("num"))
        try:
            scale = amount / number if number else Decimal(1)
        except InvalidOperation:
            scale = Decimal(1)
        whole, _, frac = m.group("num").partition(".")
        step = Decimal(1).scaleb(-len(frac)) * scale
        zeros = 0 if frac else _trailing_zeros(whole)
        # a writer truncates (a full step) or, for a figure ending in zeros, rounds to that place
        place = Decimal(1).scaleb(zeros) * scale if zeros else step
        loose = max(step, place / 2)
        return step, loose, place, bool(not frac and scale == 1)
    if rough:
        # 一半, 三成, 四分之一, 翻了一番: words for a round share, not a measured one
        step = Decimal(10) if amount >= 10 else max(abs(amount) / 5, Decimal("0.1"))
        return step, step, step, False
    # a figure in Chinese numerals (五万, 二十): as precise as its last non-zero place
    digits = str(abs(amount).quantize(Decimal(1))) if amount == amount.to_integral_value() else ""
    if digits:
        step = Decimal(1).scaleb(_trailing_zeros(digits))
        return step, step, step, True
    return Decimal("0.1"), Decimal("0.1"), Decimal("0.1"), False


def figure(amount: Decimal, numeral: str | None = None, qualifier: str = "=",
           low: Decimal | None = None, high: Decimal | None = None, surface: str | None = None) -> Figure:
    """The figure a claim states, as an interval that honours its rounding and its qualifier.

    >>> f = figure(Decimal("140"), "140", ">", surface="140多户")
    >>> f.low, f.high
    (Decimal('140'), Decimal('150'))
    >>> figure(Decimal("40"), "40").plausible.low
    Decimal('35')
    """
    step, loose, place, whole = _steps(amount, numeral)
    many = bool(regex.search(r"[多余]", (surface or "") + (numeral or "")))
    # a whole number written out (22个, 4635户) is that number; a decimal or a 万 figure is rounded
    half = Decimal(0) if whole and qualifier == "=" and not regex.search(r"%|‰|百分|分之|成", surface or "") \
        else step / 2
    if low is not None and high is not None and high > low:     # a stated range 3至5年
        return Figure(amount, low - half, high + half, step, loose, ">=")
    if qualifier == ">":
        # 140多: the next digit is unknown; 超过3000: more, by how much the text does not say
        top = amount + place if many else None
        return Figure(amount, amount, top, step, loose, qualifier)
    if qualifier == ">=":
        return Figure(amount, amount - half, None if high is None else high + half, step, loose, qualifier)
    if qualifier == "<":
        # 近2000元, 不足100户: under, and close to it
        return Figure(amount, amount - max(amount / 5, step), amount, step, loose, qualifier)
    if qualifier == "<=":
        return Figure(amount, Decimal(0) if amount >= 0 else None, amount + half, step, loose, qualifier)
    if qualifier == "~":
        width = max(abs(amount) / 10, step)
        return Figure(amount, amount - width, amount + width, step, loose, qualifier)
    return Figure(amount, amount - half, amount + half, step, loose, qualifier, half)


@dataclass(frozen=True)
class Verdict:
    """The outcome of comparing a stated figure with what other figures imply."""

    verdict: str           # consistent | discrepancy
    severity: str | None   # minor | major
    off_by: Decimal        # distance from the stated value to the nearest value the figures allow
    why: str               # why it was judged so, in words


def verdict(expected: Interval, stated: Figure, *, unit: str = "") -> Verdict:
    """Judge a stated figure against the interval the other figures imply.

    Consistent when they overlap; a ``minor`` discrepancy when only a plausible writer's rounding
    (truncation, rounding to tens) reconciles them; ``major`` beyond that.

    >>> verdict(Interval(Decimal("41.50"), Decimal("41.52")), figure(Decimal(40), "40")).severity
    'minor'
    """
    if expected.overlaps(stated.rounded):
        return Verdict("consistent", None, Decimal(0), "within the rounding of the figures as written")
    off = Interval(stated.value, stated.value).gap(expected)
    if expected.overlaps(stated.plausible):
        how = ("rounding to the nearest " + fmt(stated.loose * 2, unit)) if stated.loose * 2 > stated.step \
            else ("truncating to the last digit written (" + fmt(stated.step, unit) + ")")
        return Verdict("discrepancy", "minor", off, f"a writer {how} could state it so")
    return Verdict("discrepancy", "major", off,
                   f"beyond any rounding of a figure written to {fmt(stated.step, unit)}")


def fmt(value: Decimal | None, unit: str = "") -> str:
    """A Decimal for a message: at most two decimals, no exponent, thousands unseparated.

    >>> fmt(Decimal("41.50943396"), "%"), fmt(Decimal("142500.000"), "元")
    ('41.51%', '142500元')
    """
    if value is None:
        return "unbounded"
    q = value.quantize(Decimal("0.01")) if abs(value) < 10**15 else value
    text = format(q.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"
