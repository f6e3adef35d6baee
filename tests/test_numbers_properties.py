"""Properties of the number layer on any string: no exception, exact offsets, finite values."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin_nlp.numbers import find_numbers, find_quantities

NUMERALS = ("0123456789.,%‰/-~ 一二三四五六七八九十百千万亿零〇两半几余多来分之点成折又负"
            "元亩户人名个以上下左右至到近约超过不足第年月０１２３４５６７８９．％")
texts = st.one_of(st.text(max_size=80), st.text(alphabet=NUMERALS, max_size=80))


def _check(found, text):
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        for v in (q.amount, q.low, q.high):
            assert v is None or math.isfinite(float(v))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_find_numbers_never_fails(text):
    _check(find_numbers(text), text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_find_quantities_never_fails(text):
    found = find_quantities(text)
    _check(found, text)
    assert [q.start for q in found] == sorted(q.start for q in found)
