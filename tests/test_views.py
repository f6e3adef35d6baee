"""HTML views (escaping, highlights, tooltips, tags, standalone page) and plots (Agg)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from fupin_nlp.cli import main  # noqa: E402
from fupin_nlp.io import read, read_text  # noqa: E402
from fupin_nlp.pipeline import process_document  # noqa: E402
from fupin_nlp.views import (  # noqa: E402
    DocumentView,
    ParagraphView,
    category_profile,
    findings_table,
    metric_across,
    render_html,
    save_html,
    view,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "corpora" / "bundled"
SEED = ROOT.parent / "shared" / "corpora" / "seed" / "nanchang-2020-exhibition.txt"


class _Marks(HTMLParser):
    """Collects each <mark>'s title and text, every tag name, and every attribute name."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.attrs: set[str] = set()
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.update(name for name, _ in attrs)
        if tag == "mark":
            self._open.append([dict(attrs).get("title") or "", ""])

    def handle_data(self, data):
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "mark" and self._open:
            self.marks.append(tuple(self._open.pop()))


def _parse(markup: str) -> _Marks:
    parser = _Marks()
    parser.feed(markup)
    return parser


@pytest.fixture(scope="module")
def lixi():
    return process_document(read(BUNDLED / "lixi-2020-exhibition.txt")[0])


def test_every_claim_is_highlighted_with_its_fields_in_the_tooltip(lixi):
    parsed = _parse(DocumentView(lixi, claims_table=False)._repr_html_())
    claims = [m for m in parsed.marks if m[0]]
    assert len(claims) == len(lixi.claims) > 10
    for (title, text), claim in zip(claims, lixi.claims):
        assert text == claim.surface
        lines = title.split("\n")
        assert lines[0] == claim.surface
        assert f"metric: {claim.metric}" in lines
        assert f"region: {claim.region or '–'}" in lines
        assert any(line.startswith("value: ") and (claim.unit or "") in line for line in lines)
        if claim.time_end:
            assert claim.time_end in title


def test_paragraph_categories_are_tags(lixi):
    views = DocumentView(lixi).paragraphs
    body = [v for v in views if v.labels]
    assert body
    markup = body[0]._repr_html_()
    from fupin_nlp.classify.taxonomy import load_taxonomy

    name = {c.code: c.name for c in load_taxonomy()}[body[0].labels[0]]
    tag = r'<span class="fupin-tag" style="background:#[0-9a-f]{6}" title="[a-z_]+ · score'
    assert re.search(tag, markup)
    assert f">{name}</span>" in markup
    heading = [v for v in views if v.paragraph.kind == "heading"]
    assert heading and "fupin-tag" not in heading[0].body_html()


def test_a_paragraph_view_renders_alone(lixi):
    para = next(c.para for c in lixi.claims)
    pv = DocumentView(lixi).paragraph(para)
    assert isinstance(pv, ParagraphView)
    parsed = _parse(pv._repr_html_())
    assert [t for _, t in parsed.marks if _] == [c.surface for c in lixi.claims if c.para == para]
    with pytest.raises(IndexError):
        DocumentView(lixi).paragraph(10_000)


HOSTILE = ('标题<script>alert(1)</script>\n\n'
           '全县脱贫4635户<img src=x onerror=alert(2)>，"引号" onmouseover="alert(3)" & 更多。\n\n'
           '</mark></div><style>body{display:none}</style>投入资金1.65亿元。')


def test_document_text_cannot_inject_markup():
    document = read_text(HOSTILE, 'id"><script>alert(4)</script>')
    result = process_document(document, model=False)
    assert result.claims  # the figures are still found and marked
    for markup in (DocumentView(result)._repr_html_(), render_html(result)):
        parsed = _parse(markup)
        assert "script" not in parsed.tags and "img" not in parsed.tags
        assert not any(a.startswith("on") for a in parsed.attrs)
        # only our own style element, once per fragment
        assert parsed.tags.count("style") == markup.count("<style>")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
        assert "<style>body{display:none}" not in markup
    marks = [t for title, t in _parse(DocumentView(result)._repr_html_()).marks if title]
    assert marks == [c.surface for c in result.claims]


def test_overlapping_claims_never_misnest():
    from dataclasses import replace

    result = process_document(read_text("全县脱贫4635户、11643人。", "d"), model=False)
    first, second = result.claims[:2]
    # widen the first claim over the second: the markup must still be well nested
    wide = replace(first, end=second.end)
    pv = ParagraphView(result.paragraphs[0], (wide, second))
    parsed = _parse(pv.to_html())
    assert "".join(t for title, t in parsed.marks if title) == result.paragraphs[0].text[wide.start:wide.end]
    assert any("\n\n" in title for title, _ in parsed.marks)  # the shared piece carries both tooltips


def test_save_html_writes_a_standalone_page(tmp_path):
    out = save_html([BUNDLED / "qinghe-2020-feature.txt", BUNDLED / "fupin-news-export.csv"],
                    tmp_path / "sub" / "page.html", progress=False)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    # no external asset and no script: it opens from disk with no server
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page) and "<script" not in page
    assert "<link" not in page and "@import" not in page
    parsed = _parse(page)
    assert page.count('class="fupin-doc"') == 4  # one feature + three CSV rows
    assert sum(1 for title, _ in parsed.marks if title) > 20


def test_cli_view_writes_the_page(tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["view", str(BUNDLED / "tongling-2020-policy.txt"), "-o", str(out)]) == 0
    assert "fupin: wrote" in capsys.readouterr().err
    assert 'class="fupin-claim' in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not SEED.exists(), reason="shared seed corpus not present (../shared)")
def test_seed_page_marks_every_claim(tmp_path):
    import fupin_nlp

    out = save_html(str(SEED), tmp_path / "seed.html", progress=False)
    parsed = _parse(out.read_text(encoding="utf-8"))
    frame = fupin_nlp.extract_claims(str(SEED))
    assert [t for title, t in parsed.marks if title] == frame["surface"].tolist()


def test_view_of_several_documents_and_progress_silenced(capsys):
    corpus = view(str(BUNDLED / "fupin-news-archive.jsonl"), progress=False)
    assert len(corpus) == 4 and corpus[0].result.document.doc_id == "qianxi-2018-0412"
    assert "fupin" not in capsys.readouterr().err
    view(str(BUNDLED / "fupin-news-archive.jsonl"), progress=True)
    assert "fupin:" in capsys.readouterr().err


def test_unescaped_tooltip_fields_match_the_claim_table(lixi):
    markup = DocumentView(lixi)._repr_html_()
    table = markup[markup.index("<table"):]
    cells = [unescape(c) for c in re.findall(r"<td>(.*?)</td>", table)]
    assert cells[1] == lixi.claims[0].surface and cells[4] == lixi.claims[0].metric


# --------------------------------------------------------------------------------------------------
# plots


def test_category_profile_shares(lixi):
    fig = category_profile(lixi)
    ax = fig.axes[0]
    primary = [float(b.get_width()) for b in ax.containers[0]]
    assert sum(primary) == pytest.approx(1.0, abs=1e-6)
    assert primary == sorted(primary, reverse=True)
    by_paragraphs = category_profile(lixi, weight="paragraphs")
    assert sum(float(b.get_width()) for b in by_paragraphs.axes[0].containers[0]) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        category_profile(lixi, weight="words")
    fig.savefig(Path("/dev/null"), format="png")


def test_category_profile_of_a_frame_with_no_body():
    frame = pd.DataFrame({"doc_id": ["d"], "kind": ["heading"], "text": ["标题"], "labels": [[]]})
    assert "no classified body paragraph" in category_profile(frame).axes[0].get_title()


def _claims(rows):
    base = {"doc_id": "a", "metric": "贫困发生率", "unit": "%", "surface": "", "time_end": None}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_metric_across_documents_and_periods():
    claims = _claims([
        {"value": 5.1, "time_end": "2017-12-31", "surface": "5.1%"},
        {"value": 2.0, "time_end": "2019-12-31", "surface": "2%"},
        {"doc_id": "b", "value": 3.3, "time_end": "2019-12-31", "surface": "3.3%"},
        {"doc_id": "b", "value": 1.0, "surface": "1%"},                       # no period: left out
        {"doc_id": "b", "value": 90.0, "unit": "人", "time_end": "2019"},      # other unit: left out
        {"doc_id": "b", "metric": "人均纯收入", "value": 9000.0, "unit": "元", "time_end": "2019"},
    ])
    fig = metric_across(claims, "发生率")
    ax = fig.axes[0]
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines == {"a": [5.1, 2.0], "b": [3.3]}
    assert "1 without time_end" in ax.get_title() and "1 in other units" in ax.get_title()
    assert ax.get_ylabel() == "发生率 (%)"
    people = metric_across(claims, "发生率", unit="人")
    assert [list(line.get_ydata()) for line in people.axes[0].get_lines()] == [[90.0]]
    assert "no dated claim" in metric_across(claims, "不存在").axes[0].get_title()
    with pytest.raises(ValueError):
        metric_across(claims, "发生率", match="fuzzy")


def _findings():
    return pd.DataFrame([
        {"rule": "sum", "verdict": "consistent", "severity": None, "doc_ids": ["d1"],
         "claims": ["22个", "53个", "75个"], "expected": 75.0, "stated": 75.0, "message": "22 + 53 = 75."},
        {"rule": "share", "verdict": "discrepancy", "severity": "minor", "doc_ids": ["d1"],
         "claims": ["22个", "75个", "29%"], "expected": 29.33, "stated": 29.0, "message": "rounded down."},
        {"rule": "conflict", "verdict": "discrepancy", "severity": "major", "doc_ids": ["d1", "d2"],
         "claims": ["4635户", "4653户"], "expected": 4635.0, "stated": 4653.0,
         "message": "d1 says 4635 households, d2 says 4653 for the same county and date; " * 3},
        {"rule": "range", "verdict": "info", "severity": None, "doc_ids": ["d2"], "claims": ["3-5万元"],
         "expected": None, "stated": None, "message": "an open range."},
    ])


def test_findings_table_orders_worst_first_and_colours_rows():
    fig = findings_table(_findings())
    table = fig.axes[0].tables[0]
    cells = table.get_celld()
    rules = [cells[r, 1].get_text().get_text() for r in range(1, 5)]
    assert rules == ["conflict", "share", "range", "sum"]
    colours = [matplotlib.colors.to_hex(cells[r, 0].get_facecolor()) for r in range(1, 5)]
    assert colours == ["#ffc9c9", "#ffe8cc", "#e9ecef", "#d3f9d8"]
    # a long message wraps, and its row is taller
    assert "\n" in cells[1, 6].get_text().get_text()
    assert cells[1, 6].get_height() > cells[4, 6].get_height()
    assert cells[3, 4].get_text().get_text() == ""  # None shows as an empty cell
    assert "1 consistent" in fig.axes[0].get_title(loc="left")
    fig.savefig(Path("/dev/null"), format="png")


def test_findings_table_filters_and_cuts():
    fig = findings_table(_findings(), verdicts=["discrepancy"], max_rows=1)
    table = fig.axes[0].tables[0]
    assert max(r for r, _ in table.get_celld()) == 1
    assert "1 more left out" in fig.axes[0].get_title(loc="left")
    assert findings_table(_findings().iloc[0:0]).axes[0].get_title() == "No findings"


def test_findings_table_takes_the_findings_frame_of_frames():
    from decimal import Decimal

    from fupin_nlp.frames import findings_frame
    from fupin_nlp.records import Finding

    frame = findings_frame([Finding("sum", "discrepancy", ("d",), ("1个", "2个", "4个"), Decimal(3),
                                    Decimal(4), "1 + 2 is 3, not 4.", "major")])
    cells = findings_table(frame).axes[0].tables[0].get_celld()
    assert cells[1, 0].get_text().get_text() == "discrepancy\n(major)"
    assert cells[1, 4].get_text().get_text() == "3"
