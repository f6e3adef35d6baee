"""Features of a paragraph: scikit-learn TF-IDF over character (or word) n-grams, and keyword counts.

The TF-IDF blocks are plain ``TfidfVectorizer`` objects, so the counting runs
in scikit-learn's code, not ours.  What a fitted one learned is three things,
its parameters, ``vocabulary_`` and ``idf_``; ``vectorizer_state`` turns them
into arrays and ``rebuild_vectorizer`` makes the same vectoriser from them
(``TfidfVectorizer(vocabulary=...)`` then ``idf_`` set), so a model read back
from its file transforms exactly as the fitted one without pickling anything.
The only callables, the digit-folding preprocessor and the word segmenter,
are named in the state and looked up here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import regex
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "normalize", "fold_digits", "word_tokens", "resolve_segmenter", "WordSegmenter",
    "make_vectorizer", "vectorizer_state", "rebuild_vectorizer", "vectorizer_terms",
    "KeywordBlock", "locate",
]

_WORDISH = regex.compile(r"[\p{L}\p{N}]")




@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    # Every digit and space of the Basic Multilingual Plane, one character each, so lengths are kept.
    table = {i: "0" for i in range(0x10000) if chr(i).isdigit()}
    table.update({i: " " for i in range(0x10000) if chr(i).isspace()})
    return table


def normalize(text: str) -> str:
    """Fold digits to ``0`` and whitespace to a space, keeping the length.

    Figures differ in every paragraph and say nothing about the category, but
    the shape ``0000年`` or ``00%`` does; keeping the length lets an explanation
    map a feature back to the text as written.  ``str.translate`` with one
    table keeps this off the per-character Python path.

    >>> normalize("2019年\\t增长17.2%")
    '0000年 增长00.0%'
    """
    return text.translate(_fold_table())


#: The preprocessor of every TF-IDF block, under the name the model file stores.
fold_digits = normalize
_PREPROCESSORS: dict[str, Callable[[str], str]] = {"fold_digits": fold_digits}


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


class WordSegmenter:
    """The tokenizer of a word block: our jieba dictionary (or ``fupin_nlp.segment``), punctuation dropped.

    An object with its settings as attributes, so the model file can name it
    instead of pickling it.

    >>> WordSegmenter("jieba", ("小额信贷",))("发放小额信贷")
    ['发放', '小额信贷']
    """

    def __init__(self, segmenter: str = "jieba", extra_words: Sequence[str] = ()):
        self.segmenter = segmenter
        self.extra_words = tuple(extra_words)
        self._cut = _segment_function(segmenter, self.extra_words)

    def __call__(self, text: str) -> list[str]:
        return [w for w in (str(t).strip() for t in self._cut(text)) if w and _WORDISH.search(w)]


def make_vectorizer(kind: str, ngram_range: tuple[int, int], *, min_df: int = 1,
                    max_features: int | None = None, sublinear_tf: bool = True,
                    segmenter: str = "jieba", extra_words: Sequence[str] = ()) -> TfidfVectorizer:
    """An unfitted ``TfidfVectorizer`` for a ``"char"``, ``"char_wb"`` or ``"word"`` block.

    Digits are folded by the preprocessor; no lowercasing (it would only touch
    the Latin letters of a Chinese text); word blocks use ``WordSegmenter``.

    >>> v = make_vectorizer("char", (1, 2)).fit(["贷款", "贷"])
    >>> vectorizer_terms(v)
    ['款', '贷', '贷款']
    """
    common: dict[str, Any] = {"ngram_range": tuple(ngram_range), "min_df": min_df,
                              "max_features": max_features, "sublinear_tf": sublinear_tf,
                              "preprocessor": fold_digits, "lowercase": False, "dtype": np.float64}
    if kind in ("char", "char_wb"):
        return TfidfVectorizer(analyzer=kind, **common)
    if kind == "word":
        return TfidfVectorizer(analyzer="word", tokenizer=WordSegmenter(segmenter, extra_words),
                               token_pattern=None, **common)
    raise ValueError(f"unknown block kind {kind!r}")


#: The vectoriser parameters a model file stores (the callables by name, below).
_STORED_PARAMS = ("analyzer", "ngram_range", "min_df", "max_features", "sublinear_tf", "norm",
                  "use_idf", "smooth_idf", "binary", "lowercase")


def vectorizer_state(vec: TfidfVectorizer) -> tuple[dict[str, Any], list[str], np.ndarray, np.ndarray]:
    """What a fitted vectoriser learned, as JSON-able params, terms, their column indices and the idf.

    >>> params, terms, cols, idf = vectorizer_state(make_vectorizer("char", (1, 1)).fit(["贷款"]))
    >>> params["analyzer"], terms, cols.tolist()
    ('char', ['款', '贷'], [0, 1])
    """
    params = {k: vec.get_params()[k] for k in _STORED_PARAMS}
    params["ngram_range"] = list(params["ngram_range"])
    params["preprocessor"] = next(n for n, f in _PREPROCESSORS.items() if f is vec.preprocessor)
    tok = vec.tokenizer
    params["tokenizer"] = None if tok is None else {"segmenter": tok.segmenter,
                                                     "extra_words": list(tok.extra_words)}
    terms = list(vec.vocabulary_)
    cols = np.array([vec.vocabulary_[t] for t in terms], dtype=np.int64)
    return params, terms, cols, np.asarray(vec.idf_, dtype=np.float64)


def rebuild_vectorizer(params: dict[str, Any], terms: Sequence[str], cols: np.ndarray,
                       idf: np.ndarray) -> TfidfVectorizer:
    """The fitted vectoriser ``vectorizer_state`` describes; it transforms exactly as the original.

    Raises ``ValueError`` when the arrays do not fit together or a callable is unknown.

    >>> v = make_vectorizer("char", (1, 2)).fit(["小额信贷", "信贷"])
    >>> w = rebuild_vectorizer(*vectorizer_state(v))
    >>> bool((w.transform(["贷款信贷"]) != v.transform(["贷款信贷"])).nnz == 0)
    True
    """
    params = dict(params)
    cols = np.asarray(cols, dtype=np.int64)
    idf = np.asarray(idf, dtype=np.float64)
    n = len(terms)
    if cols.shape != (n,) or idf.shape != (n,) or sorted(cols.tolist()) != list(range(n)):
        raise ValueError(f"{n} terms, column indices of shape {cols.shape}, idf of shape {idf.shape}")
    name = params.pop("preprocessor")
    if name not in _PREPROCESSORS:
        raise ValueError(f"unknown preprocessor {name!r}")
    tok = params.pop("tokenizer")
    if tok is not None:
        params["tokenizer"] = WordSegmenter(str(tok["segmenter"]), tuple(tok["extra_words"]))
        params["token_pattern"] = None
    params["ngram_range"] = tuple(params["ngram_range"])
    vec = TfidfVectorizer(vocabulary={str(t): int(c) for t, c in zip(terms, cols)},
                          preprocessor=_PREPROCESSORS[name], dtype=np.float64, **params)
    # sklearn >= 1.0 lets idf_ be set on a vectoriser built with a fixed vocabulary.
    vec.idf_ = idf
    return vec


def vectorizer_terms(vec: TfidfVectorizer) -> list[str]:
    """The terms of a fitted vectoriser in column order.

    >>> vectorizer_terms(make_vectorizer("char", (1, 1)).fit(["贷款"]))
    ['款', '贷']
    """
    terms = [""] * len(vec.vocabulary_)
    for term, col in vec.vocabulary_.items():
        terms[col] = term
    return terms


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
