"""Features of a paragraph: TF-IDF over character or word n-grams, and keyword counts.

Every transform here is plain arithmetic over stored arrays (a vocabulary, an
idf vector, keyword lists), so a model read back from its file rebuilds the
exact same matrix without pickling any object.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
import regex
import scipy.sparse as sp

__all__ = [
    "normalize", "char_ngrams", "word_tokens", "word_ngrams", "resolve_segmenter",
    "TfidfBlock", "KeywordBlock", "locate",
]

_WORDISH = regex.compile(r"[\p{L}\p{N}]")


def normalize(text: str) -> str:
    """Fold digits to ``0`` and whitespace to a space, keeping the length.

    Figures differ in every paragraph and say nothing about the category, but
    the shape ``0000年`` or ``00%`` does; keeping the length lets an explanation
    map a feature back to the text as written.

    >>> normalize("2019年\\t增长17.2%")
    '0000年 增长00.0%'
    """
    return "".join("0" if ch.isdigit() else (" " if ch.isspace() else ch) for ch in text)


def char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams of the normalised text; n-grams made only of spaces are dropped.

    >>> char_ngrams("小额信贷", (2, 3))
    ['小额', '额信', '信贷', '小额信', '额信贷']
    """
    text = normalize(text)
    lo, hi = ngram_range
    out = []
    for n in range(lo, hi + 1):
        for i in range(len(text) - n + 1):
            gram = text[i:i + n]
            if not gram.isspace():
                out.append(gram)
    return out


@lru_cache(maxsize=4)
def _jieba_tokenizer(extra_words: tuple[str, ...]):
    # Our own Tokenizer instance: the global jieba may carry other users' dictionaries.
    import jieba

    tok = jieba.Tokenizer()
    for word in extra_words:
        tok.add_word(word, freq=20000)
    return tok


def resolve_segmenter(name: str) -> str:
    """``'fupin'`` when ``fupin_nlp.segment.cut`` exists and ``name`` is ``'auto'``; else ``name``.

    >>> resolve_segmenter("jieba")
    'jieba'
    """
    if name != "auto":
        return name
    try:
        from fupin_nlp.segment import cut  # noqa: F401
    except ImportError:
        return "jieba"
    return "fupin"


def _segment_function(segmenter: str, extra_words: tuple[str, ...]) -> Callable[[str], Iterable[str]]:
    if segmenter == "fupin":
        from fupin_nlp.segment import cut

        return cut
    if segmenter == "jieba":
        tok = _jieba_tokenizer(extra_words)
        return lambda text: tok.cut(text, HMM=False)
    raise ValueError(f"unknown segmenter {segmenter!r}")


def word_tokens(text: str, segmenter: str = "jieba", extra_words: tuple[str, ...] = ()) -> list[str]:
    """Words of the normalised text; punctuation and space tokens are dropped.

    ``extra_words`` are added to our own jieba dictionary (the taxonomy keywords),
    so a keyword is one token.

    >>> word_tokens("发放小额信贷", extra_words=("小额信贷",))
    ['发放', '小额信贷']
    """
    cut = _segment_function(segmenter, extra_words)
    return [w for w in (str(t).strip() for t in cut(normalize(text))) if w and _WORDISH.search(w)]


def word_ngrams(tokens: Sequence[str], ngram_range: tuple[int, int]) -> list[str]:
    """Word n-grams joined by a space.

    >>> word_ngrams(["发放", "小额", "信贷"], (1, 2))
    ['发放', '小额', '信贷', '发放 小额', '小额 信贷']
    """
    lo, hi = ngram_range
    out = []
    for n in range(lo, hi + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


class TfidfBlock:
    """TF-IDF over character or word n-grams (sublinear tf, smooth idf, l2 rows).

    The vocabulary is sorted, so the column order is a function of the terms
    alone and a stored model reproduces it.

    >>> b = TfidfBlock("char", (1, 1)).fit(["贷款", "贷"])
    >>> b.terms_
    ['款', '贷']
    """

    def __init__(self, kind: str, ngram_range: tuple[int, int], *, min_df: int = 1,
                 max_features: int | None = None, segmenter: str = "jieba",
                 extra_words: tuple[str, ...] = ()):
        self.kind = kind
        self.ngram_range = tuple(ngram_range)
        self.min_df = min_df
        self.max_features = max_features
        self.segmenter = segmenter
        self.extra_words = tuple(extra_words)

    def analyze(self, text: str) -> list[str]:
        """The terms of one text, repeated as often as they occur."""
        if self.kind == "char":
            return char_ngrams(text, self.ngram_range)
        if self.kind == "word":
            return word_ngrams(word_tokens(text, self.segmenter, self.extra_words), self.ngram_range)
        raise ValueError(f"unknown block kind {self.kind!r}")

    def fit(self, texts: Sequence[str]) -> TfidfBlock:
        """Learn the vocabulary (min_df, then the max_features most frequent) and the idf."""
        df: Counter[str] = Counter()
        tf: Counter[str] = Counter()
        for text in texts:
            terms = self.analyze(text)
            tf.update(terms)
            df.update(set(terms))
        kept = [t for t, d in df.items() if d >= self.min_df]
        if self.max_features is not None and len(kept) > self.max_features:
            # Most frequent first, ties broken by the term so the choice is reproducible.
            kept = sorted(kept, key=lambda t: (-tf[t], t))[: self.max_features]
        self.terms_ = sorted(kept)
        n = len(texts)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in self.terms_])
        return self.set_state(self.terms_, self.idf_)

    def set_state(self, terms: list[str], idf: np.ndarray) -> TfidfBlock:
        """Install a learned vocabulary and idf (used by fit and by the model reader)."""
        self.terms_ = list(terms)
        self.idf_ = np.asarray(idf, dtype=np.float64)
        self.vocabulary_ = {t: i for i, t in enumerate(self.terms_)}
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of l2-normalised TF-IDF weights."""
        indptr, indices, data = [0], [], []
        for text in texts:
            counts = Counter(t for t in self.analyze(text) if t in self.vocabulary_)
            cols = sorted(self.vocabulary_[t] for t in counts)
            vals = np.array([(1.0 + math.log(counts[self.terms_[c]])) * self.idf_[c] for c in cols])
            norm = float(np.sqrt((vals ** 2).sum())) if len(vals) else 0.0
            indices.extend(cols)
            data.extend((vals / norm).tolist() if norm else vals.tolist())
            indptr.append(len(indices))
        return sp.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                              np.array(indptr, dtype=np.int64)), shape=(len(texts), len(self.terms_)))

    def feature_terms(self) -> list[str]:
        return list(self.terms_)


class KeywordBlock:
    """One feature per category: log(1 + number of its seed keywords found in the text).

    >>> KeywordBlock({"finance": ("贷款", "贴息")}).transform(["贴息贷款"]).toarray().round(3)
    array([[1.099]])
    """

    def __init__(self, keywords: dict[str, Sequence[str]]):
        self.keywords = {code: tuple(words) for code, words in keywords.items()}

    def matches(self, text: str) -> dict[str, Counter[str]]:
        """For each category, the keywords found and how often (plain substring counts)."""
        return {code: Counter({w: text.count(w) for w in words if w in text})
                for code, words in self.keywords.items()}

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows = [[math.log1p(sum(m.values())) for m in self.matches(t).values()] for t in texts]
        return sp.csr_matrix(np.array(rows, dtype=np.float64).reshape(len(texts), len(self.keywords)))

    def feature_terms(self) -> list[str]:
        return [f"kw:{code}" for code in self.keywords]


def locate(term: str, text: str) -> str | None:
    """The text as written behind a feature term (digits were folded, word n-grams spaced).

    >>> locate("00元", "每户2000元")
    '00元'
    >>> locate("小额 信贷", "发放小额信贷")
    '小额信贷'
    """
    needle = term.replace(" ", "") if " " in term.strip() else term
    start = normalize(text).find(needle)
    if start < 0:
        return None
    return text[start:start + len(needle)]
