"""The assistance-category taxonomy, read from ``data/taxonomy.json``.

The file is the single source of the 15 codes, their Chinese names, what each
covers and our seed keywords; code here only reads it (nothing at import).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fupin_nlp.errors import ModelFormatError

__all__ = ["Category", "load_taxonomy", "codes", "keyword_table"]


@dataclass(frozen=True)
class Category:
    """One assistance category.

    >>> Category("water", "饮水安全", "safe drinking water", ("饮水",)).name
    '饮水安全'
    """

    code: str
    name: str
    description: str
    keywords: tuple[str, ...]


def _default_path() -> Path:
    return Path(str(resources.files("fupin_nlp") / "data" / "taxonomy.json"))


@lru_cache(maxsize=8)
def load_taxonomy(path: str | Path | None = None) -> tuple[Category, ...]:
    """The categories in their stable order (the score columns of the classifier).

    >>> [c.code for c in load_taxonomy()][:3]
    ['overview', 'governance', 'industry']
    """
    path = Path(path) if path is not None else _default_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cats = tuple(
            Category(c["code"], c["name"], c["description"], tuple(c["keywords"]))
            for c in data["categories"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # The taxonomy is shipped data: a broken file is a packaging fault the user must see.
        raise ModelFormatError(str(path), f"unreadable taxonomy: {exc}") from exc
    if len({c.code for c in cats}) != len(cats):
        raise ModelFormatError(str(path), "duplicate category codes")
    return cats


def codes() -> tuple[str, ...]:
    """The category codes in taxonomy order.

    >>> len(codes())
    15
    """
    return tuple(c.code for c in load_taxonomy())


def keyword_table() -> dict[str, tuple[str, ...]]:
    """Seed keywords per code, in taxonomy order.

    >>> "小额信贷" in keyword_table()["finance"]
    True
    """
    return {c.code: c.keywords for c in load_taxonomy()}
