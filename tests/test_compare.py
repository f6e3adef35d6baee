"""compare(): the same region, metric and period across documents, side by side."""

from __future__ import annotations

import pandas as pd

import fupin_nlp
from fupin_nlp.compare import compare


def _claims(text: str, doc_id: str, date: str) -> pd.DataFrame:
    return fupin_nlp.extract_claims(text, date, model=False).assign(doc_id=doc_id)


def test_wide_table_one_column_per_document_with_dates():
    a = _claims("截至2019年底，岚峰县贫困发生率降至1.2%。2019年，全县农村居民人均可支配收入达10850元。",
                "a", "2019-12")
    b = _claims("截至2019年底，岚峰县贫困率为1.5%。2019年，岚峰县农村居民人均可支配收入为10850元。",
                "b", "2020-12")
    table = compare(pd.concat([a, b]), dates={"a": "2019-12", "b": "2020-12"})
    assert set(table.metric) == {"贫困发生率", "人均可支配收入"}
    rate = table[table.metric == "贫困发生率"].iloc[0]
    assert (rate["a"], rate["b"], bool(rate["agree"])) == (1.2, 1.5, False)
    income = table[table.metric == "人均可支配收入"].iloc[0]
    assert bool(income["agree"]) and income["a date"] == "2019-12" and income["b date"] == "2020-12"


def test_different_metrics_are_never_lined_up():
    a = _claims("2019年，岚峰县农民人均纯收入达10850元。", "a", "2019-12")
    b = _claims("2019年，岚峰县农村居民人均可支配收入为11280元。", "b", "2020-12")
    assert compare(pd.concat([a, b])).empty


def test_public_name_is_callable_even_after_the_module_is_imported():
    import fupin_nlp.compare  # noqa: F401  (binds the package attribute to the module)

    assert fupin_nlp.compare(pd.DataFrame(columns=["doc_id", "surface", "value"])).empty
