"""Numerals: Arabic, Chinese, financial and mixed forms, with exact values.

One compiled pattern (``RUN``) finds candidate runs of numeral characters in
the folded text (normalize.fold).  Its repetitions are bounded, so a run is
at most ~48 items and the scan is linear in the length of the text whatever
the input.  Each run is cut into tokens by a second pattern and read by a small
state machine (``_Reader``) that computes the value with ``Decimal`` and may
split a run into several numbers (``五十千`` is ``五十``; ``两百点两`` is
``两百`` and ``两``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

import regex

from fupin_nlp.errors import PatternTimeoutError
from fupin_nlp.records import Quantity

from .lexicon import lexicon
from .normalize import fold

__all__ = ["Num", "scan", "find_numbers", "TIMEOUT", "collector_paused"]

# a last guard only: the patterns are linear, a timeout means a bug
TIMEOUT = 30.0
# enough digits for any numeral the patterns admit (48 items, 24-digit figures, 兆 chains)
DECIMAL_CONTEXT = Context(prec=120)
# a fraction that does not terminate (三分之一) keeps 28 significant digits, as Decimal does by default
_DIVIDE = Context(prec=28).divide

_LEX = lexicon()
_ROLE = {ch: role for ch, (role, _) in _LEX.numerals.items()}
_VAL = {ch: v for ch, (_, v) in _LEX.numerals.items()}


def _chars(role: str, exclude: str = "") -> str:
    return "".join(ch for ch, r in _ROLE.items() if r == role and ch not in exclude)


_CD = _chars("digit")  # 一二三…两壹贰…
_Z = _chars("zero")
_P = _chars("pos")
_S = _chars("scale")
_DEC_DIGITS = _chars("digit", "两") + _Z  # digits that may follow 点 (一点两小时 is 一 and 两)
# financial forms that are also common word characters (陆地, 队伍, 收拾, 放肆): never a number alone
_LONE_FINANCIAL = set("陆伍拾肆")
_DOZEN_BLOCK = "工造赢好破通击算开响卡扫扮拼出进下上井针的假压听招理捞架仗球牌电分折对字车印包交拐转"


def _skip_words() -> str:
    words = sorted(_LEX.not_numbers, key=len, reverse=True)
    alts = []
    for w in words:
        esc = regex.escape(w)
        # 十分重要 is not a number, 十分之一 is
        alts.append(esc + r"(?![ ]{0,2}之)" if w.endswith("分") else esc)
    return "|".join(alts)


_ANY_NUM = f"0-9{_CD}{_Z}{_P}{_S}"
RUN = regex.compile(
    rf"""
    (?P<skip>
        https?://[!-~]++                 # a URL: its %20 and ids are not numbers
      | [A-Za-z_][A-Za-z0-9_]*+          # an identifier: A2021…, B12
      | \d{{25,}}+                       # a digit string too long to be a figure (an order number)
      | {_skip_words()}
    )
  | (?P<num>
      (?:(?<![0-9A-Za-z\-])-[ ]?(?=\.?\d) | 负[ ]{{0,2}}(?=[.{_ANY_NUM}半]))?
      (?:
          (?<![0-9A-Za-z%=&_#@])\d{{1,24}}
        | (?<![0-9.])\.(?=\d)
        | (?<![几数])[{_CD}{_Z}十拾佰仟]        # 几十, 数百: vague, no value
        | (?<![几数])百(?!分(?![ ]{{0,2}}之))
        | (?<![几数])千(?![克米瓦卡焦帕伏])
        | 半(?=[百千])
        | (?<=[上近过破逾超])万
        | 万(?=[ ]{{0,2}}(?:万[ ]{{0,2}})?分[ ]{{0,2}}之|元)
      )
      (?:
          \d{{1,24}}
        | \.(?=\d)
        | ,(?=\d{{3}}(?!\d))
        | [eE](?=[+-]?\d)[+-]?
        | \^[+-]{{0,2}}(?=\d)
        | /(?=\d)
        | [{_CD}{_Z}十拾佰仟{_S}]
        | 百(?!分(?![ ]{{0,2}}之))
        | 千(?![克米瓦卡焦帕伏])
        | 点(?=[ ]{{0,3}}[{_DEC_DIGITS}])
        | 分[ ]{{0,2}}之
        | 又(?=[ ]{{0,3}}[0-9{_CD}{_Z}{_P}])
        | [几余多](?=[ ]{{0,3}}[{_P}{_S}])
        | 打(?![{_DOZEN_BLOCK}])
        | [kK](?![A-Za-z])
        | 负(?=[ ]{{0,2}}[0-9{_CD}{_Z}{_P}])
        | [ ]{{1,3}}(?=[0-9{_CD}{_Z}{_P}{_S}点分又几余多kK.])
      ){{0,47}}
    )
    """,
    regex.VERBOSE | regex.ASCII,  # ASCII: \d is 0-9 only (the fold has turned ０-９ into 0-9)
)

TOKEN = regex.compile(
    rf"""
    (?P<ar>(?<=\d\.)\d++|(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d++)(?:\.\d++(?!\.\d))?|(?<!\d)\.\d++(?!\.\d))
        (?P<exp>[eE][+-]?\d{{1,2}}(?!\d))?
        (?P<pow>\^[+-]{{0,2}}\d{{1,2}}(?!\d))?
        (?P<k>[ ]?[kK](?![A-Za-z]))?
  | (?P<c>[{_CD}{_Z}{_P}{_S}几余多])
  | (?P<neg>负|-)
  | (?P<dot>点)
  | (?P<frac>分[ ]{{0,2}}之)
  | (?P<you>又)
  | (?P<half>半)
  | (?P<dozen>打)
  | (?P<slash>/)
  | (?P<sp>[ ]+)
  | (?P<other>.)
    """,
    regex.VERBOSE | regex.DOTALL | regex.ASCII,
)

_TEN = Decimal(10)
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HALF = Decimal("0.5")
_DOZEN = Decimal(12)
_PAIRS = {("一", "二"), ("二", "三"), ("两", "三"), ("三", "四"), ("四", "五"), ("五", "六"), ("六", "七"),
          ("七", "八"), ("八", "九"), ("三", "五")}


@dataclass(slots=True)
class Num:
    """A numeral found in the folded text, before units are attached.

    ``form`` says how it reads: ``int`` (any integer or decimal), ``fraction``
    (三分之一), ``slash`` (3/5, 1 3/5), ``percent`` (百分之… / 千分之…: ``den`` is the bare
    denominator), ``pair`` (两三, 五六百: ``low``..``high``), ``digits`` (a
    digit string such as 二〇二〇), ``pair_digits`` (九九, which only reads as
    a number before 折) or ``vague`` (几十: no value).
    """

    start: int
    end: int
    amount: Decimal | None
    form: str = "int"
    low: Decimal | None = None
    high: Decimal | None = None
    den: Decimal | None = None
    approx: bool = False  # 几 / 余 / 多 inside the numeral: more than the value read
    bare: bool = False  # a bare position or scale: 百, 千, 上万 (round numbers)
    scale: Decimal | None = None  # the scale the numeral ends with (万, 亿), for 3至5万
    num_start: int = -1  # where the number itself starts (after 百分之)
    digit_text: str = ""


@dataclass(slots=True)
class _Tok:
    kind: str
    start: int
    end: int
    text: str
    value: Decimal | None = None
    single: bool = False  # a one-digit coefficient (for the 一万三 abbreviation)


def _tokens(folded: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in TOKEN.finditer(folded, start, end):
        kind = m.lastgroup
        s, e = m.span()
        if m.group("ar") is not None:
            kind = "ar"
            digits = m.group("ar")
            value = Decimal(digits.replace(",", ""))
            if m.group("exp"):
                value = value.scaleb(int(m.group("exp")[1:]))
            if m.group("pow"):
                p = m.group("pow")[1:]
                sign = -1 if p.count("-") % 2 else 1
                power = sign * int(p.lstrip("+-"))
                value = value ** power if value != 0 or power > 0 else _ZERO
            if m.group("k"):
                value *= 1000
            single = len(digits) == 1 and not m.group("k")
            out.append(_Tok("ar", s, e, m.group(), value, single))
        elif kind == "c":
            ch = m.group()
            out.append(_Tok(_ROLE[ch], s, e, ch, _VAL[ch], True))
        else:
            out.append(_Tok(kind, s, e, m.group()))
    return out


class _Reader:
    """Reads the tokens of one run into numbers; every method advances ``self.i``."""

    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.n = len(toks)
        self.i = 0

    def peek(self, j: int) -> _Tok | None:
        """The first non-space token at or after ``j``."""
        while j < self.n and self.toks[j].kind == "sp":
            j += 1
        return self.toks[j] if j < self.n else None

    def next_index(self, j: int) -> int:
        while j < self.n and self.toks[j].kind == "sp":
            j += 1
        return j

    # -- integers ---------------------------------------------------------------------------
    def integer(self, j: int) -> tuple[Num | None, int, bool]:
        """Read an integer (or Arabic decimal) from token ``j``; returns (num, next, drop_next)."""
        toks, n = self.toks, self.n
        if j >= n:
            return None, j + 1, False
        total = section = _ZERO
        high = _ZERO
        cur: Decimal | None = None
        cur_tok: _Tok | None = None
        last = None  # coef | pos | scale | zero
        last_unit = _ONE
        last_pos: Decimal | None = None
        prev_kind = None  # the kind before cur (pos/scale/zero), for the abbreviation
        seq: list[_Tok] | None = []  # a run of bare digits (二〇二〇, 两三, 九九)
        seen_pos = False
        approx = vague = False
        bare = True
        last_scale: Decimal | None = None
        end_j = j  # index after the last token consumed
        drop = False
        start = toks[j].start
        k = j
        while k < n:
            tk = toks[k]
            kind = tk.kind
            if kind == "sp":
                k += 1
                continue
            if kind == "ar":
                if last == "coef" or (last == "zero" and not seen_pos):
                    break
                cur, cur_tok, prev_kind, last = tk.value, tk, last, "coef"
                bare = False
                seq = None
            elif kind == "digit" or (kind == "zero" and seq and last == "coef"):
                if last == "coef" or (last == "zero" and not seen_pos and seq):
                    if seq is None or not seq or tk.kind == "ar":
                        break
                    seq.append(tk)
                else:
                    cur, cur_tok, prev_kind, last = tk.value, tk, last, "coef"
                    bare = False
                    if seq is not None:
                        seq = [tk] if not seen_pos else None
            elif kind == "zero":
                if last is None:
                    cur, cur_tok, last = _ZERO, tk, "zero"
                    seq = [tk]
                    bare = False
                elif last == "coef":  # 五亿零六 handled by pos/scale branch; here 二〇 was caught above
                    break
                else:
                    last = "zero"
                    seq = None
            elif kind == "pos":
                if last == "pos":
                    drop = True  # 五十千: the second position word belongs to nothing
                    break
                if seq is not None and len(seq) >= 2:
                    return self._pair(seq, k, start)
                if last_pos is not None and tk.value >= last_pos:
                    break
                coef = cur if cur is not None and last == "coef" else _ONE  # 零十 = 10
                section += coef * tk.value
                cur, cur_tok, last, last_unit, last_pos = None, None, "pos", tk.value, tk.value
                seen_pos = True
                seq = None
            elif kind == "scale":
                if last is None:
                    if k == j and self.toks[k].text == "万":  # 上万, 万分之: the pattern checked the context
                        section = _ONE
                    else:
                        break
                if seq is not None and len(seq) >= 2:
                    return self._pair(seq, k, start)
                amount = section + (cur if cur is not None else _ZERO)
                if amount == 0 and total != 0:
                    total *= tk.value
                elif total == 0 or tk.value > high:
                    total = (total + amount) * tk.value
                    high = tk.value
                else:
                    total += amount * tk.value
                section = _ZERO
                cur, cur_tok, last, last_unit, last_pos = None, None, "scale", tk.value, None
                last_scale = tk.value
                seen_pos = True
                seq = None
            elif kind == "approx":
                if last is None:
                    vague = True  # 几十, 几千: no value
                if tk.text == "几":
                    if last == "coef":
                        break
                    cur, cur_tok, prev_kind, last = _ZERO, None, last, "coef"
                approx = True
                seq = None
            elif kind == "half":
                if last is not None:
                    break
                cur, cur_tok, last = _HALF, None, "coef"
                seq = None
            else:
                break
            k += 1
            end_j = k
        if end_j == j:
            return None, j + 1, drop
        if seq is not None and len(seq) >= 2 and not seen_pos:
            return self._digits(seq, start)
        if cur is not None and cur_tok is not None and cur_tok.single and last == "coef" and \
                prev_kind in ("pos", "scale") and cur_tok.kind in ("digit", "ar"):
            if cur_tok.text == "两":  # 两万两, 三千两百两: a trailing 两 is the weight unit
                cur = None
                end_j = toks.index(cur_tok)
            else:  # 一万三 = 13000, 两千四百五 = 2450, 十五 = 15
                cur = cur * last_unit / _TEN
        value = total + section + (cur if cur is not None else _ZERO)
        end = toks[end_j - 1].end
        last_scale = last_unit if last == "scale" else None
        if vague:
            return Num(start, end, None, "vague"), end_j, drop
        only_pos = bare and cur is None
        return Num(start, end, value, approx=approx, bare=only_pos, scale=last_scale,
                   digit_text="" if seen_pos else toks[j].text), end_j, drop

    def _pair(self, seq: list[_Tok], k: int, start: int) -> tuple[Num | None, int, bool]:
        """两三百, 五六万, 三四十万: a pair of digits times the position words after it."""
        if len(seq) != 2 or (seq[0].text, seq[1].text) not in _PAIRS:
            return None, k + 1, True
        low, high = seq[0].value, seq[1].value
        last = None
        while k < self.n and self.toks[k].kind in ("pos", "scale", "sp"):
            tk = self.toks[k]
            if tk.kind != "sp":
                if last is not None and tk.kind == "pos" and tk.value >= last:
                    break
                low, high = low * tk.value, high * tk.value
                last = tk.value if tk.kind == "pos" else None
                end_k = k + 1
            k += 1
        return Num(start, self.toks[end_k - 1].end, low, "pair", low=low, high=high), end_k, False

    def _digits(self, seq: list[_Tok], start: int) -> tuple[Num | None, int, bool]:
        """A run of bare digits: 二〇二〇 (a digit string), 两三 (a pair), 九九 (only before 折)."""
        end_j = self.toks.index(seq[-1]) + 1
        text = "".join(t.text for t in seq)
        if len(seq) >= 3 or any(t.kind == "zero" for t in seq):
            if seq[0].kind == "zero" and len(seq) == 2:  # 零五 is not a figure
                return None, end_j, False
            value = Decimal("".join(str(int(t.value)) for t in seq))
            return Num(start, seq[-1].end, value, "digits", digit_text=text), end_j, False
        a, b = seq
        if (a.text, b.text) in _PAIRS:
            pair = Num(start, b.end, a.value, "pair", low=a.value, high=b.value, digit_text=text)
            return pair, end_j, False
        if b.text == "两" and a.text != "两":  # 二两: 二 and the weight unit 两
            return Num(start, a.end, a.value, digit_text=a.text), end_j - 1, False
        value = a.value * _TEN + b.value
        return Num(start, b.end, value, "pair_digits", digit_text=text), end_j, False

    # -- whole numbers with decimals, fractions, signs ------------------------------------
    def decimal(self, j: int) -> tuple[Num | None, int, bool]:
        """An integer with an optional 点 part and scale after it (一点五万, 两千万点五五)."""
        num, k, drop = self.integer(j)
        if num is None or num.form != "int" or num.amount is None:
            return num, k, drop
        tk = self.peek(k)
        if tk is not None and tk.kind == "dot" and not num.approx:
            m = self.next_index(k) + 1
            digits = []
            while True:
                d = self.peek(m)
                if d is None or d.kind not in ("digit", "zero") or d.text == "两":
                    break
                digits.append(str(int(d.value)))
                m = self.next_index(m) + 1
            if digits:
                num.amount += Decimal("0." + "".join(digits))
                num.end = self.toks[m - 1].end
                num.bare = False
                k = m
                while True:  # 一点五万, 三点五亿
                    s = self.peek(k)
                    if s is None or s.kind != "scale":
                        break
                    num.amount *= s.value
                    num.scale = s.value
                    k = self.next_index(k) + 1
                    num.end = s.end
        return num, k, drop

    def number(self, j: int) -> tuple[Num | None, int, bool]:
        """One number from token ``j``: sign, integer/decimal, 分之 fraction, 又, a/b, 打."""
        toks = self.toks
        j = self.next_index(j)
        if j >= self.n:
            return None, j, False
        start = toks[j].start
        negative = False
        if toks[j].kind == "neg":
            negative = True
            j = self.next_index(j + 1)
            if j >= self.n:
                return None, j, False
        num, k, drop = self.decimal(j)
        if num is None:
            return None, k, drop
        nxt = self.peek(k)
        if nxt is not None and nxt.kind == "frac" and num.form == "int" and num.amount:
            m = self.next_index(k) + 1
            numer, m2, _ = self.signed_decimal(m)
            if numer is not None and numer.amount is not None:
                den = num.amount
                if num.bare and den >= _HUNDRED:  # 百分之, 千分之, 万分之; 十分之一 is a fraction
                    out = Num(start, numer.end, numer.amount, "percent", den=den, num_start=numer.start,
                              low=numer.low, high=numer.high)
                else:
                    out = Num(start, numer.end, _DIVIDE(numer.amount, den), "fraction")
                k = m2
                num = out
            # 二分之。: no numerator, the number is 二 alone
        elif nxt is not None and nxt.kind == "you" and num.form == "int" and num.amount is not None:
            m = self.next_index(k) + 1
            frac, m2, _ = self.number(m)
            if frac is not None and frac.form == "fraction" and frac.amount is not None:
                num = Num(start, frac.end, num.amount + frac.amount, "fraction")
                k = m2
        elif nxt is not None and nxt.kind == "slash" and toks[j].kind == "ar" and num.form == "int":
            num, k = self._slash(num, j, k)
        elif nxt is not None and nxt.kind == "ar" and toks[j].kind == "ar" and num.form == "int":
            # 1 3/5: a whole number, a space and a slash fraction
            m = self.next_index(k)
            if m < self.n and self.peek(m + 1) is not None and self.peek(m + 1).kind == "slash" and \
                    "." not in toks[j].text and "." not in toks[m].text:
                frac, m2 = self._slash(Num(toks[m].start, toks[m].end, toks[m].value), m, m + 1)
                if frac.form == "slash":
                    num = Num(start, frac.end, num.amount + frac.amount, "slash")
                    k = m2
        tk = self.peek(k)
        if tk is not None and tk.kind == "dozen" and num.amount is not None and num.form == "int":
            num.amount *= _DOZEN
            num.end = tk.end
            k = self.next_index(k) + 1
        if negative:
            if num.amount is not None:
                num.amount = -num.amount
            if num.low is not None:
                num.low, num.high = -num.high, -num.low
        num.start = start
        return num, k, drop

    def signed_decimal(self, j: int) -> tuple[Num | None, int, bool]:
        j = self.next_index(j)
        if j < self.n and self.toks[j].kind == "neg":
            num, k, drop = self.decimal(self.next_index(j + 1))
            if num is not None and num.amount is not None:
                num.amount = -num.amount
                num.start = self.toks[j].start
            return num, k, drop
        return self.decimal(j)

    def _slash(self, num: Num, j: int, k: int) -> tuple[Num, int]:
        """3/5, 16/5 (but not 2020/09/01, and not a unit rate: 元/人 never reaches here)."""
        m = self.next_index(k) + 1
        if m < self.n and self.toks[m].kind == "ar" and "," not in self.toks[m].text:
            after = self.peek(m + 1)
            if (after is None or after.kind != "slash") and self.toks[m].value != 0 and \
                    "." not in self.toks[j].text and "." not in self.toks[m].text:
                value = _DIVIDE(num.amount, self.toks[m].value)
                return Num(num.start, self.toks[m].end, value, "slash"), m + 1
        return num, k


# texts longer than this build enough records for the cyclic garbage collector to matter
_PAUSE_GC_CHARS = 50_000


@contextlib.contextmanager
def collector_paused(length: int) -> Iterator[None]:
    """Pause the cyclic garbage collector while a long text's records are built.

    Reading a megabyte of number soup makes some 300,000 small objects; every full
    collection walks all of them again, which made time per character grow with the
    input (800K/400K took 2.4x instead of 2x).  The records form no cycles, so reference
    counting frees them all and pausing loses nothing.  The collector is restarted only
    if it was running, so a caller that turned it off keeps it off.

    >>> with collector_paused(10): pass
    """
    if length < _PAUSE_GC_CHARS or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def scan(folded: str) -> list[Num]:
    """Every numeral of the folded text, in reading order.

    >>> [(n.start, n.end, str(n.amount)) for n in scan("共4921.5万元")]
    [(1, 8, '49215000.0')]
    """
    out: list[Num] = []
    try:
        with localcontext(DECIMAL_CONTEXT):
            for m in RUN.finditer(folded, timeout=TIMEOUT):
                if m.lastgroup == "skip":
                    continue
                s, e = m.span()
                if e - s == 1 and folded[s] in _LONE_FINANCIAL:
                    continue
                _read_run(folded, s, e, out)
    except TimeoutError as err:  # regex raises the builtin TimeoutError
        raise PatternTimeoutError(
            f"<text of {len(folded)} characters>",
            f"the number pattern ran past its {TIMEOUT} s guard (it is meant to be linear: please report "
            f"the input as a bug)") from err
    return out


def _read_run(folded: str, s: int, e: int, out: list[Num]) -> None:
    if e - s == 1:  # fast paths for the commonest runs: one numeral character, a plain figure
        ch = folded[s]
        role = _ROLE.get(ch)
        if role == "digit" or role == "pos":
            out.append(Num(s, e, _VAL[ch], bare=role == "pos", digit_text=ch))
            return
    if e - s <= 24:
        run = folded[s:e]
        if run.isdigit() and run.isascii():  # a plain figure (str methods: a regex call costs more)
            out.append(Num(s, e, Decimal(run), digit_text=run))
            return
    toks = _tokens(folded, s, e)
    reader = _Reader(toks)
    j = 0
    while j < reader.n:
        num, k, drop = reader.number(j)
        if num is not None and not (num.end - num.start == 1 and folded[num.start] in _LONE_FINANCIAL):
            out.append(num)
        j = max(k, j + 1) + (1 if drop else 0)


def find_numbers(text: str) -> list[Quantity]:
    """Every numeral in ``text``, kind ``number``, with its exact value.

    Percent signs, units and qualifiers are left out (see ``find_quantities``);
    ``百分之五`` yields the number ``五``.  Vague numerals (``几十``) and
    approximate pairs (``两三``, ``五六百``) are left out: they have no single
    value.  Offsets point into ``text`` as given (full-width digits included).

    >>> [(q.text, q.value) for q in find_numbers("减少了4921.5万，约三分之一")]
    [('4921.5万', 49215000.0), ('三分之一', 0.3333333333333333)]
    """
    out = []
    with collector_paused(len(text)):
        nums = scan(fold(text))
    for num in nums:
        if num.form in ("vague", "pair", "pair_digits") or num.amount is None:
            continue
        start = num.num_start if num.form == "percent" else num.start
        surface = text[start:num.end]
        out.append(Quantity(surface, start, num.end, num.amount, "number", numeral=surface))
    return out
