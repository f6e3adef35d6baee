"""Researcher-facing views: HTML for notebooks and browsers, matplotlib plots, spaCy components.

    >>> from fupin_nlp.views import DocumentView, save_html, category_profile
    >>> callable(save_html)
    True

Plots import matplotlib, and the spaCy components import spaCy, only when first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .html import (
    CorpusView,
    DocumentView,
    ParagraphView,
    category_colour,
    claim_tooltip,
    process_all,
    progress_bar,
    render_html,
    save_html,
    view,
)

_LAZY = {
    "category_profile": ".plots",
    "metric_across": ".plots",
    "findings_table": ".plots",
    "claims_of": ".spacy_components",
    "paragraphs_of": ".spacy_components",
}

__all__ = [
    "CorpusView", "DocumentView", "ParagraphView", "category_colour", "claim_tooltip", "process_all",
    "progress_bar", "render_html", "save_html", "view", *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fupin_nlp.views' has no attribute '{name}'")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
