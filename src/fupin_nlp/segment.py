"""Word segmentation, sentence splitting and the spaCy pipeline for Chinese poverty-alleviation texts.

Everything here runs on a :class:`jieba.Tokenizer` of our own, with the domain dictionary
(``data/domain_dict.txt``) loaded into it; the process-global ``jieba.dt`` is never touched, so an
application that uses jieba for something else keeps its own dictionary. Nothing is built at import:
jieba's dictionary (about a second to load) is read the first time :func:`tokenizer` is called, once per
process.

    >>> from fupin_nlp.segment import cut, split_sentences
    >>> cut("建档立卡贫困户")
    ['建档立卡', '贫困户']
    >>> split_sentences("脱贫了。他说：“好！”")
    [(0, 4), (4, 11)]
"""

from __future__ import annotations

import functools
import logging
import tempfile
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any

import jieba

if TYPE_CHECKING:  # imported lazily at run time: spaCy and jieba.posseg are slow to import
    import jieba.posseg
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = [
    "CHUNK_CHARS",
    "SPACY_TOKENIZER_NAME",
    "FupinJiebaTokenizer",
    "create_fupin_tokenizer",
    "cut",
    "cut_spans",
    "domain_terms",
    "nlp",
    "pos_tokenizer",
    "pos_window",
    "split_sentences",
    "text_windows",
    "tokenizer",
]

#: Longest stretch handed to jieba in one call. jieba is linear in principle, but one huge block without
#: punctuation is held as a single DAG and HMM run; bounded chunks keep memory flat and time linear.
CHUNK_CHARS = 2000

#: Name under which the spaCy tokenizer is registered (``@tokenizers`` in a spaCy config).
SPACY_TOKENIZER_NAME = "fupin_jieba_tokenizer"

# After a hard cut, words starting this close to the cut are segmented again with the next chunk
# (longer than any dictionary entry we care about).
_REDO_CHARS = 24

# Characters where a chunk may be cut without splitting a word (searched backwards from the limit).
_SOFT_BREAKS = frozenset("。！？!?；;，,、：:\n\r\t 　）)」』”’")


# --------------------------------------------------------------------------------------------------
# The tokenizer


def domain_terms() -> list[tuple[str, int, str]]:
    """Return the domain dictionary as ``(word, freq, pos)`` triples, comment lines skipped.

    >>> ("建档立卡", 50000, "vn") in domain_terms()
    True
    """
    return list(_domain_terms())


@functools.lru_cache(maxsize=1)
def _domain_terms() -> tuple[tuple[str, int, str], ...]:
    text = resources.files("fupin_nlp").joinpath("data/domain_dict.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        # jieba.load_userdict would take '#' lines for words, so comments are skipped here.
        if not line or line.startswith("#"):
            continue
        word, freq, pos = line.split()
        out.append((word, int(freq), pos))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """Return this process's jieba Tokenizer with the domain dictionary loaded (built on first call).

    The main dictionary's cache goes to the system temp directory under a name of our own, so the
    tokenizer works where the package directory and home are read-only.

    >>> tk = tokenizer()
    >>> tk is tokenizer() and tk is not jieba.dt
    True
    """
    # jieba logs "Building prefix dict…" at DEBUG on its own logger; keep stderr for our messages.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = tempfile.gettempdir()
    tk.cache_file = "fupin_nlp.jieba.cache"
    tk.initialize()
    for word, freq, pos in _domain_terms():
        tk.add_word(word, freq, pos)
    return tk


@functools.lru_cache(maxsize=1)
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Return a POSTokenizer over :func:`tokenizer` (domain terms carry their dictionary POS).

    >>> pos_tokenizer().tokenizer is tokenizer()
    True
    """
    import jieba.posseg  # noqa: F811 -- builds the global posseg.dt too, which we leave alone

    tk = tokenizer()
    pt = jieba.posseg.POSTokenizer(tk)
    # POSTokenizer moves user tags into its own table on first cut; do it now so it is explicit.
    pt.word_tag_tab.update({w: p for w, _, p in _domain_terms()})
    return pt


@functools.lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Dictionary part-of-speech tags: jieba's dictionary and ours, word → tag.

    Reading the tags straight from the dictionary file takes a fraction of a second, where
    building jieba's POSTokenizer takes several; enough for words the dictionary holds.

    >>> word_tags()["贫困发生率"]
    'n'
    """
    import os

    tags: dict[str, str] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    tags.update({w: p for w, _, p in _domain_terms()})
    return tags


def dict_tag(text: str) -> list[tuple[str, str]]:
    """``(word, tag)`` for a short text: jieba's cut without its HMM, tags from :func:`word_tags`
    (``x`` for a word the dictionary does not hold).  For the few characters before 村 or 乡,
    not for whole documents.

    >>> dict_tag("再次来到")
    [('再次', 'd'), ('来到', 'v')]
    """
    tags = word_tags()
    return [(w, tags.get(w, "x")) for w in tokenizer().lcut(text, HMM=False)]


# --------------------------------------------------------------------------------------------------
# Cutting


def _piece_end(text: str, pos: int, limit: int) -> tuple[int, bool]:
    """End of the chunk starting at ``pos`` (at most ``limit`` chars) and whether it is a hard cut.

    The cut goes after the last soft break (punctuation, whitespace) in the second half of the window;
    ``hard`` is True when there is none and the window is simply cut at the limit.
    """
    n = len(text)
    if n - pos <= limit:
        return n, False
    end = pos + limit
    for i in range(end - 1, pos + limit // 2 - 1, -1):
        if text[i] in _SOFT_BREAKS:
            return i + 1, False
    return end, True


def _spans_with(cut_fn: Any, text: str, limit: int) -> Iterator[tuple[Any, int, int]]:
    """Run ``cut_fn`` over bounded chunks of ``text`` and yield ``(item, start, end)`` with text offsets.

    After a hard cut (no punctuation in the window) the last words may be fragments, so those starting in
    the window's last ``_REDO_CHARS`` characters are dropped and the next chunk starts where the first of
    them started: no word shorter than that is split at a chunk border.
    """
    n = len(text)
    pos = 0
    while pos < n:
        piece_end, hard = _piece_end(text, pos, limit)
        items = []
        off = pos
        for item in cut_fn(text[pos:piece_end]):
            word = item if isinstance(item, str) else item.word
            items.append((item, off, off + len(word)))
            off += len(word)
        if off != piece_end:  # jieba always reproduces its input; fail loudly if that ever changes
            raise RuntimeError("jieba output does not cover its input")
        if hard:
            # The words near a hard cut may be fragments (脱贫攻坚 cut as 脱贫/攻): drop every word
            # starting in the last _REDO_CHARS and segment them again at the head of the next chunk.
            keep = len(items)
            while keep > 1 and items[keep - 1][1] > piece_end - _REDO_CHARS:
                keep -= 1
            if keep < len(items):
                piece_end = items[keep][1]
                del items[keep:]
        yield from items
        pos = piece_end


#: Longest stretch a claim extractor should read as one paragraph (see :func:`text_windows`).
WINDOW_CHARS = 4000

# where a window prefers to end, best first: a sentence end, a clause end, any soft break
_WINDOW_BREAKS = (frozenset("。！？!?\n"), frozenset("；;，,、：:"), _SOFT_BREAKS)
# characters a number is written with: a hard cut moves back out of a run of them
_NUMBERISH = frozenset("0123456789.,%‰-/０１２３４５６７８９．％"
                       "一二三四五六七八九十百千万亿零〇两点分之壹贰叁肆伍陆柒捌玖拾佰仟")


def text_windows(text: str, limit: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``(start, end)`` windows of at most ``limit`` characters.

    For stages whose work per item grows with the length of the paragraph around it (the
    clause and sentence scans of claim extraction): reading a megabyte paragraph as windows
    keeps them linear.  A window ends after the last sentence end in its second half, else
    the last clause end, else any soft break; failing all (a run of digits, 万 or numerals
    with no punctuation) it is cut outside a number when one ends within 64 characters of
    the limit, and at the limit otherwise.  The windows cover ``text`` exactly.

    >>> text_windows("甲乙。丙丁，戊己", 4)
    [(0, 3), (3, 6), (6, 8)]
    >>> text_windows("", 5)
    []
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    n = len(text)
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < n:
        end = min(n, pos + limit)
        if end < n:
            low = pos + limit // 2
            cut = next((i + 1 for breaks in _WINDOW_BREAKS
                        for i in range(end - 1, low - 1, -1) if text[i] in breaks), None)
            if cut is None:
                cut = next((i for i in range(end, max(low, end - 64), -1)
                            if text[i - 1] not in _NUMBERISH or text[i] not in _NUMBERISH), end)
            end = cut
        out.append((pos, end))
        pos = end
    return out


def cut_spans(text: str, *, hmm: bool = True) -> list[tuple[str, int, int]]:
    """Segment ``text`` into ``(word, start, end)`` triples; offsets index ``text`` exactly.

    Whitespace comes out as tokens of its own, as jieba gives it; the words joined give back ``text``.

    >>> cut_spans("贫困发生率降至0.5%")
    [('贫困发生率', 0, 5), ('降至', 5, 7), ('0.5%', 7, 11)]
    """
    tk = tokenizer()
    return [
        (w, s, e)
        for w, s, e in _spans_with(lambda piece: tk.cut(piece, HMM=hmm), text, CHUNK_CHARS)
    ]


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """Segment ``text`` into words (domain terms whole).

    >>> cut("易地扶贫搬迁安置点")
    ['易地扶贫搬迁', '安置点']
    """
    if len(text) <= CHUNK_CHARS:
        # One chunk (nearly every paragraph): the words jieba gives, without building the offset
        # triples — the same list, at jieba.lcut's speed (the classifier cuts every paragraph).
        return tokenizer().lcut(text, HMM=hmm)
    return [w for w, _, _ in cut_spans(text, hmm=hmm)]


def pos_window(text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
    """POS-tag the window ``text[start:end]`` only; return ``(word, pos, start, end)`` in ``text`` offsets.

    Meant for the few characters around a number: posseg is several times slower than plain cutting,
    so it is never run over whole documents.

    >>> pos_window("全县贫困发生率降至0.5%", 2, 7)
    [('贫困发生率', 'n', 2, 7)]
    """
    start = max(0, start)
    end = min(len(text), end)
    if start >= end:
        return []
    pt = pos_tokenizer()
    out = []
    for pair, s, e in _spans_with(lambda piece: pt.cut(piece), text[start:end], CHUNK_CHARS):
        out.append((pair.word, pair.flag, s + start, e + start))
    return out


# --------------------------------------------------------------------------------------------------
# Sentences

# Decisions:
# * A sentence ends after 。！？!? (a run of them: "？！"), after …… or … when a line break, the end of
#   the text or a closing quote/bracket follows, and at every line break (the break itself is outside).
# * ；/; does NOT end a sentence: Chinese reports chain list items with ； under one lead-in
#   ("2019年，全县……；……。"), and a time or region set at the start must cover them (claims.md). The
#   claim extractor splits clauses itself.
# * Closing quotes and brackets right after the end mark belong to the sentence: 他说：“好。” ends after ”.
# * Inside “…” / ‘…’ / 「…」 / 『…』 end marks do not end the sentence, so a quotation stays whole. An
#   unclosed quote would swallow the paragraph, so a quote open for more than _QUOTE_LIMIT characters is
#   taken as unmatched: scanning resumes after it with quotes ignored for that stretch (linear time).
_END = frozenset("。！？!?")
_CLOSERS = frozenset("”’」』）)》】〕\"'")
_OPEN_Q = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_QUOTE_LIMIT = 300


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)``, surrounding whitespace excluded.

    >>> t = "他说：“要脱贫。要致富。”大家鼓掌！"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说：“要脱贫。要致富。”', '大家鼓掌！']
    """
    n = len(text)
    spans: list[tuple[int, int]] = []
    sent_start = 0
    stack: list[tuple[str, int]] = []  # (expected closer, position of the opener)
    ignore_quotes_until = -1
    i = 0

    def emit(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))

    while i < n:
        ch = text[i]
        if ch in "\r\n":
            emit(sent_start, i)
            sent_start = i + 1
            stack.clear()
            i += 1
            continue
        if stack and i - stack[0][1] > _QUOTE_LIMIT:
            # Unmatched opener: rescan from just after it with quotes ignored over that stretch.
            opener = stack[0][1]
            stack.clear()
            ignore_quotes_until = opener + _QUOTE_LIMIT + 1
            i = opener + 1
            continue
        if i >= ignore_quotes_until and ch in _OPEN_Q:
            stack.append((_OPEN_Q[ch], i))
            i += 1
            continue
        if stack and ch == stack[-1][0]:
            stack.pop()
            i += 1
            # A quotation that ended with an end mark closes the sentence too, unless more quotes are open.
            if not stack and text[i - 2] in _END:
                i = _take_closers(text, i)
                emit(sent_start, i)
                sent_start = i
            continue
        if ch in _END or (ch == "…" and _ellipsis_ends(text, i)):
            j = i + 1
            while j < n and (text[j] in _END or text[j] == "…"):
                j += 1
            if stack:
                i = j
                continue
            j = _take_closers(text, j)
            emit(sent_start, j)
            sent_start = j
            i = j
            continue
        i += 1
    emit(sent_start, n)
    return spans


def _take_closers(text: str, j: int) -> int:
    while j < len(text) and text[j] in _CLOSERS:
        j += 1
    return j


def _ellipsis_ends(text: str, i: int) -> bool:
    """An ellipsis ends a sentence only before a line break, the end, or closers then a break/end."""
    j = i
    while j < len(text) and text[j] == "…":
        j += 1
    j = _take_closers(text, j)
    return j >= len(text) or text[j] in "\r\n"


# --------------------------------------------------------------------------------------------------
# spaCy


class FupinJiebaTokenizer:
    """spaCy tokenizer that segments with :func:`tokenizer` (jieba + domain dictionary).

    A single space after a word becomes that token's trailing whitespace; other whitespace stays a token,
    so ``doc.text`` equals the input and token offsets are exact.

    >>> doc = nlp()("建档立卡贫困户")
    >>> [t.text for t in doc]
    ['建档立卡', '贫困户']
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        for w, _, _ in cut_spans(text):
            if w == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
            else:
                words.append(w)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Nothing to save: the dictionary ships with the package. These let nlp.to_disk / from_disk work.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> FupinJiebaTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> FupinJiebaTokenizer:
        return self


def create_fupin_tokenizer(segmenter: str | None = None) -> Any:
    """spaCy registry factory for ``{"@tokenizers": "fupin_jieba_tokenizer"}``.

    ``segmenter`` is accepted and ignored: spaCy merges our block into the zh default config, which
    carries a ``segmenter`` key.

    >>> make = create_fupin_tokenizer()
    >>> callable(make)
    True
    """

    def make(nlp_obj: Language) -> FupinJiebaTokenizer:
        return FupinJiebaTokenizer(nlp_obj.vocab)

    return make


@functools.lru_cache(maxsize=1)
def _register() -> None:
    # Registered on first use rather than at import, so importing this module does not import spaCy.
    # (The same function can also be exposed through the "spacy_tokenizers" entry point group.)
    import spacy

    spacy.registry.tokenizers.register(SPACY_TOKENIZER_NAME, func=create_fupin_tokenizer)


def nlp() -> Language:
    """Return a new blank Chinese spaCy pipeline whose tokenizer is :class:`FupinJiebaTokenizer`.

    A new object each call (callers add their own pipes); the jieba tokenizer behind it is shared.

    >>> [t.text for t in nlp()("贫困发生率降至0.5%")]
    ['贫困发生率', '降至', '0.5%']
    """
    import spacy

    _register()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": SPACY_TOKENIZER_NAME}}})
