"""HTML to text: tags stripped, block elements and ``<br>`` kept as line breaks, entities decoded.

Built on the standard library's ``html.parser`` (a tolerant, maintained parser);
``<script>``, ``<style>`` and other non-content elements are dropped whole.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "table", "ul", "ol", "dd", "dt", "pre", "hr", "title",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP and tag != "head":
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP and tag != "head":
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
            return
        if not self._skip:
            self.parts.append(data.replace("\xa0", " "))


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Return ``(text, title)``: one line per block element, the page title apart.

    >>> html_to_text("<p>脱贫&nbsp;4635户</p><script>x=1</script><p>第二段<br>第三段</p>")[0]
    '脱贫 4635户\\n第二段\\n第三段'
    """
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    title = " ".join("".join(parser.title).split()) or None
    return "\n".join(line for line in lines if line), title
