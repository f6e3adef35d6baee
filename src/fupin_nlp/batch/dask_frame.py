"""Claims (or paragraphs) from articles a researcher already holds in a Dask DataFrame.

Recipe::

    import dask.dataframe as dd
    from dask.distributed import Client
    from fupin_nlp.batch.dask_frame import extract_partitions

    client = Client()                                   # or Client("tcp://scheduler:8786")
    articles = dd.read_parquet("articles/*.parquet")    # columns: article_id, content, pub_date
    claims = extract_partitions(articles, text_col="content", id_col="article_id", date_col="pub_date")
    claims.to_parquet("claims/")                        # or .compute() for a pandas frame

Each partition is processed by one task with ``ddf.map_partitions``: jieba and the
classifier are loaded once per worker process and kept for every later partition.
The result has the columns and dtypes of :func:`fupin_nlp.frames.claims_frame`
(``meta`` is built from ``frames.CLAIM_DTYPES``), rows in partition order, then
document, paragraph and offset — the rows ``fupin extract`` writes for the same texts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..frames import claims_frame, paragraphs_frame
from ..records import Document
from .writers import CLAIM_COLUMNS, PARAGRAPH_COLUMNS

__all__ = ["extract_partitions", "claims_meta", "paragraphs_meta", "process_partition"]


def claims_meta() -> pd.DataFrame:
    """An empty frame with the claim columns and dtypes (``meta`` of :func:`extract_partitions`).

    >>> claims_meta()["value"].dtype
    Float64Dtype()
    """
    return _unknown_categories(claims_frame([]).reindex(columns=list(CLAIM_COLUMNS)))


def paragraphs_meta() -> pd.DataFrame:
    """An empty frame with the paragraph columns and dtypes.

    >>> paragraphs_meta().columns.tolist()[:3]
    ['doc_id', 'para', 'kind']
    """
    return _unknown_categories(paragraphs_frame([]).reindex(columns=list(PARAGRAPH_COLUMNS)))


def _unknown_categories(frame: pd.DataFrame) -> pd.DataFrame:
    # The categories of unit, kind, … differ from one partition to the next: declared unknown,
    # Dask does not check them against the meta's (empty) ones.
    try:
        from dask.dataframe.utils import clear_known_categories
    except ImportError:  # pandas-only use of the meta frames
        return frame
    return clear_known_categories(frame)


def process_partition(part: pd.DataFrame, *, text_col: str, id_col: str, date_col: str | None = None,
                      what: str = "claims", model: Any = None) -> pd.DataFrame:
    """One partition (a pandas frame of articles) → its claim or paragraph rows, typed.

    >>> df = pd.DataFrame({"id": ["d1"], "text": ["南昌县已脱贫4635户。"]})
    >>> process_partition(df, text_col="text", id_col="id", model=False)["surface"].tolist()
    ['4635户']
    """
    from .engines import resolve_model
    from .run import process_one

    classifier = resolve_model(model)
    rows: list[dict[str, Any]] = []
    dates = part[date_col] if date_col else [None] * len(part)
    for doc_id, text, date in zip(part[id_col], part[text_col], dates):
        if not isinstance(text, str) or not text.strip():
            continue  # no text: no rows, as a reader would skip the record
        doc_id = str(doc_id)
        date = None if date is None or pd.isna(date) else str(date)[:10]
        meta = {"date": date} if date else {}
        out = process_one(Document(doc_id, f"dataframe#{doc_id}", text, meta), date, classifier, what)
        rows.extend(out["rows"])
    if what == "claims":
        return _object_categories(claims_frame(rows).reindex(columns=list(CLAIM_COLUMNS)))
    return _object_categories(paragraphs_frame(rows).reindex(columns=list(PARAGRAPH_COLUMNS)))


def _object_categories(frame: pd.DataFrame) -> pd.DataFrame:
    # A column with no value in one partition gets float categories, one with values object
    # categories, and Dask cannot concatenate the two: give every one object categories.
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            values = frame[column].astype(object)
            categories = pd.Index(sorted(values.dropna().unique()), dtype=object)
            frame[column] = pd.Categorical(values, categories=categories)
    return frame


def extract_partitions(ddf: Any, *, text_col: str = "text", id_col: str = "doc_id",
                       date_col: str | None = None, what: str = "claims", model: Any = None) -> Any:
    """A lazy Dask DataFrame of the claims (``what="claims"``) or paragraphs of ``ddf``'s articles.

    ``model`` is ``None`` (the shipped classifier), ``False`` (no categories) or the path of
    a model saved by ``fupin train``; column names are those of ``ddf``.

    >>> import dask.dataframe as dd
    >>> ddf = dd.from_pandas(pd.DataFrame({"doc_id": ["d1"], "text": ["脱贫4635户。"]}), npartitions=1)
    >>> extract_partitions(ddf, model=False).compute()["surface"].tolist()
    ['4635户']
    """
    if what not in ("claims", "paragraphs"):
        raise ValueError(f"unknown row kind '{what}' (claims or paragraphs)")
    missing = [c for c in (text_col, id_col, date_col) if c and c not in ddf.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {', '.join(missing)} (columns: {list(ddf.columns)})")
    meta = claims_meta() if what == "claims" else paragraphs_meta()
    return ddf.map_partitions(process_partition, text_col=text_col, id_col=id_col, date_col=date_col,
                              what=what, model=model, meta=meta)
