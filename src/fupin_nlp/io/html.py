"""HTML to text: tags stripped, block elements and ``<br>`` kept as line breaks, entities decoded.

A small scanner of our own rather than ``html.parser``: the standard library's
parser is quadratic on malformed markup (``"<a" * 40000`` takes seconds, an
unclosed attribute quote minutes; CVE-2025-6069) and raises ``AssertionError``
on ``<![`` soup.  Here every look-ahead for a terminator is either cached
(``>``) or jumps past what it found (``-->``, ``</script>``), so the scan is
linear in the length of the page whatever it holds.  ``<script>``, ``<style>``
and other non-content elements are dropped whole; an element left open runs to
the end of the page, as browsers read it.
"""

from __future__ import annotations

import html

import regex

__all__ = ["html_to_text"]

_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "table", "ul", "ol", "dd", "dt", "pre", "hr", "title",
}
# raw-text elements: their content is not markup, so it ends only at the matching end tag
_RAW = {"script", "style", "textarea", "xmp", "noembed", "noframes"}
# elements whose content is not page text (nested: counted)
_SKIP = {"noscript", "template", "svg", "iframe", "object", "math"}
_NAME = regex.compile(r"[A-Za-z][A-Za-z0-9:_-]{0,40}")
_END_OF = {name: regex.compile(rf"</{name}(?![A-Za-z0-9])[^>]{{0,200}}+>", regex.IGNORECASE)
           for name in _RAW | {"title"}}


class _Gt:
    """``text.find(">", i)`` with the answer kept: markup full of ``<`` and no ``>`` stays linear."""

    def __init__(self, text: str):
        self.text, self.at = text, -2

    def find(self, i: int) -> int:
        if self.at == -1 or self.at >= i:
            return self.at
        self.at = self.text.find(">", i)
        return self.at


def _data(chunk: str) -> str:
    return html.unescape(chunk).replace("\xa0", " ")


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Return ``(text, title)``: one line per block element, the page title apart.

    >>> html_to_text("<p>脱贫&nbsp;4635户</p><script>x=1</script><p>第二段<br>第三段</p>")[0]
    '脱贫 4635户\\n第二段\\n第三段'
    >>> html_to_text("<a" * 5 + "文字")[0]
    '<a<a<a<a<a文字'
    """
    parts: list[str] = []
    title: list[str] = []
    gt = _Gt(markup)
    skip = 0
    pos, n = 0, len(markup)
    while pos < n:
        lt = markup.find("<", pos)
        if lt == -1:
            lt = n
        if lt > pos and not skip:
            parts.append(_data(markup[pos:lt]))
        if lt >= n:
            break
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            pos = n if end == -1 else end + 3  # an unclosed comment hides the rest, as in a browser
            continue
        if markup.startswith("<![CDATA[", lt):
            end = markup.find("]]>", lt + 9)
            pos = n if end == -1 else end + 3
            continue
        closing = markup.startswith("</", lt)
        name_at = lt + 2 if closing else lt + 1
        name = _NAME.match(markup, name_at)
        bang = not closing and lt + 1 < n and markup[lt + 1] in "!?"
        if name is None and not bang:
            if not skip:
                parts.append("<")  # a lone "<" is text (3 < 5)
            pos = lt + 1
            continue
        end = gt.find(lt)
        if end == -1:  # no ">" anywhere after: the rest is text
            if not skip:
                parts.append(_data(markup[lt:]))
            break
        pos = end + 1
        if bang:
            continue  # <!DOCTYPE …>, <?xml …?>
        tag = name.group().lower()
        if closing:
            if tag in _SKIP:
                skip = max(0, skip - 1)
            elif tag in _BLOCKS and not skip:
                parts.append("\n")
            continue
        self_closing = markup[end - 1] == "/"
        if tag in _RAW or tag == "title":
            close = _END_OF[tag].search(markup, pos)
            inner_end, pos = (n, n) if close is None else close.span()
            if tag == "title":
                title.append(_data(markup[end + 1:inner_end]))
                parts.append("\n")
            continue
        if tag in _SKIP:
            if not self_closing:
                skip += 1
        elif tag in _BLOCKS and not skip:
            parts.append("\n")
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    page_title = " ".join("".join(title).split()) or None
    return "\n".join(line for line in lines if line), page_title
