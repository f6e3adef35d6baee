"""Long and degenerate text (issue 8): bounded windows, and numbers read the same in any amount of soup."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin_nlp.numbers import find_numbers, find_quantities
from fupin_nlp.segment import WINDOW_CHARS, cut_spans, text_windows


def _check_cover(text: str, windows: list[tuple[int, int]], limit: int) -> None:
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a < b <= a + limit for a, b in windows)
    assert all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))


@pytest.mark.parametrize("text", ["3" * 10_001, "万" * 9_000, "全县脱贫4635户，" * 1_000, "ab" * 5_000,
                                  "一二三" * 3_000 + "。" + "户" * 5_000])
def test_windows_cover_the_text_exactly(text):
    _check_cover(text, text_windows(text), WINDOW_CHARS)


def test_windows_prefer_sentence_ends_then_clauses_and_avoid_numbers():
    text = "甲" * 2500 + "，" + "乙" * 500 + "。" + "丙" * 3000
    assert text_windows(text)[0] == (0, 3002)  # after 。, though a comma is nearer the limit
    text = "甲" * 3000 + "，" + "乙" * 3000
    assert text_windows(text)[0] == (0, 3001)
    text = "甲" * 3990 + "4635" + "户" * 3000  # no punctuation: the cut does not split 4635
    (a, b), *_ = text_windows(text)
    assert b <= 3990 or b >= 3994
    with pytest.raises(ValueError):
        text_windows("abc", 1)


def test_segmentation_of_a_megabyte_line_covers_it_exactly():
    text = ("脱贫攻坚" * 50 + "4635户") * 500
    spans = cut_spans(text)
    assert "".join(w for w, _, _ in spans) == text
    assert all(text[s:e] == w for w, s, e in spans)


def test_degenerate_numeral_runs():
    assert find_quantities("7" * 5_000) == []  # too long to be a figure: an id, not a number
    assert find_quantities("万" * 200_000) == []  # a scale word with nothing to scale
    found = find_numbers("1,234," * 2_000)
    assert len(found) == 2_000 and {q.amount for q in found} == {Decimal(1234)}
    spaced = find_numbers("一 " * 10_000)
    assert spaced and all(q.text.strip() for q in spaced)


def test_a_figure_reads_the_same_inside_any_amount_of_soup():
    sentence = "全年投入扶贫资金4921.5万元。"
    for junk in ("", "万" * 50_000 + "。", "3" * 50_000 + "。", "零" * 50_000 + "。"):
        found = [q for q in find_quantities(junk + sentence) if q.unit == "元"]
        assert [(q.text, q.amount) for q in found] == [("4921.5万元", Decimal("49215000.0"))]
        assert found[0].start == len(junk) + sentence.index("4921")


def test_the_time_guard_raises_a_named_error(monkeypatch):
    from fupin_nlp.errors import PatternTimeoutError
    from fupin_nlp.numbers import numerals

    monkeypatch.setattr(numerals, "TIMEOUT", 1e-9)  # the guard fires at once: what the user would see
    with pytest.raises(PatternTimeoutError, match=r"text of 200000 characters.*guard.*report") as info:
        find_quantities("3万户" * 66_666 + "12")
    assert info.value.kind == "timeout" and "\n" not in str(info.value)
