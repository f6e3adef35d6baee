"""Paragraph classification into the assistance categories of the taxonomy.

>>> from fupin_nlp.classify import ParagraphClassifier, classify_texts
"""

from fupin_nlp.classify.api import (
    classify_paragraphs,
    classify_texts,
    default_docs_dir,
    default_model,
    default_model_path,
    train,
)
from fupin_nlp.classify.estimator import ParagraphClassifier
from fupin_nlp.classify.rules import KeywordClassifier
from fupin_nlp.classify.taxonomy import Category, codes, load_taxonomy

__all__ = [
    "ParagraphClassifier", "KeywordClassifier", "classify_texts", "classify_paragraphs", "default_model",
    "default_model_path", "default_docs_dir", "train", "Category", "codes", "load_taxonomy",
]
