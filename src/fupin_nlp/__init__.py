"""fupin_nlp: read, segment, extract numeric claims from, classify and check Chinese poverty-alleviation texts.

    >>> import fupin_nlp
    >>> df = fupin_nlp.extract_claims("截至2020年9月底，南昌县已脱贫户数为4635户。", model=False)
    >>> df.loc[0, "value"], df.loc[0, "unit"], df.loc[0, "time_end"]
    (4635.0, '户', '2020-09-30')

Names are imported lazily, so ``import fupin_nlp`` loads nothing heavy (no jieba
dictionary, no model) until a function is called.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "find_numbers": "fupin_nlp.numbers",
    "find_quantities": "fupin_nlp.numbers",
    "read": "fupin_nlp.io",
    "iter_documents": "fupin_nlp.io",
    "read_text": "fupin_nlp.io",
    "reflow": "fupin_nlp.text",
    "paragraphs": "fupin_nlp.text",
    "find_times": "fupin_nlp.time",
    "extract_claims": "fupin_nlp.pipeline",
    "process_document": "fupin_nlp.pipeline",
    "paragraph_rows": "fupin_nlp.pipeline",
    "classify_paragraphs": "fupin_nlp.classify",
    "check": "fupin_nlp.checks",
    "compare": "fupin_nlp.compare",
    "load": "fupin_nlp.classify",
    "Document": "fupin_nlp.records",
    "Paragraph": "fupin_nlp.records",
    "Quantity": "fupin_nlp.records",
    "Claim": "fupin_nlp.records",
    "Finding": "fupin_nlp.records",
    "FupinError": "fupin_nlp.errors",
}

__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'fupin_nlp' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
