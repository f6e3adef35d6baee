"""Cleaning and reflow: raw text → :class:`~fupin_nlp.records.Paragraph` with offset maps."""

from .mapped import Mapped
from .normalize import display_width, fold_width, remove_layout_spaces, undouble
from .reflow import kind_of, paragraphs, reflow

__all__ = [
    "Mapped", "display_width", "fold_width", "remove_layout_spaces", "undouble", "kind_of", "paragraphs",
    "reflow",
]
