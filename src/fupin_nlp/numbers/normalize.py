"""A length-preserving fold of the text the number patterns read.

NFKC would turn full-width digits into ASCII, but it may also change the length
of the text (``½`` becomes three characters), and every offset we report must
point into the text the caller gave.  So we fold one character into one
character with ``str.translate``: full-width ASCII to ASCII, the ideographic
space to a space, dashes to ``-``, and the traditional forms of numeral and
unit characters to their simplified forms.  Patterns run on the folded copy;
surfaces are cut from the original.

The full-width comma ``，`` is left alone on purpose: in Chinese prose it
separates clauses (``分别为10，500户`` is two numbers), while thousands
separators are written with an ASCII comma.
"""

from __future__ import annotations

__all__ = ["fold"]


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    del table[0xFF0C]  # keep the full-width comma: a clause break, never a thousands separator
    table[0x3000] = " "  # ideographic space
    table[0x00A0] = " "
    table[0x2002] = " "
    table[0x2003] = " "
    table[0x2009] = " "
    table[0x09] = " "
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63":
        table[ord(dash)] = "-"
    table[ord("\ufe6a")] = "%"  # small percent sign
    table[ord("\u301c")] = "~"  # wave dash
    pairs = {
        "萬": "万", "億": "亿", "兩": "两", "倆": "两", "俩": "两", "點": "点", "個": "个", "負": "负",
        "幾": "几", "貳": "贰", "陸": "陆", "對": "对", "雙": "双", "餘": "余", "來": "来", "約": "约",
        "達": "达", "噸": "吨", "畝": "亩", "戶": "户", "塊": "块", "圓": "元", "幣": "币", "們": "们",
        "頃": "顷", "於": "于", "過": "过", "內": "内", "將": "将", "還": "还", "週": "周",
        "歲": "岁", "項": "项", "間": "间", "條": "条", "場": "场", "處": "处", "層": "层", "種": "种",
        "類": "类", "隻": "只", "頭": "头", "臺": "台", "輛": "辆", "張": "张", "軸": "轴", "單": "单",
        "釐": "厘", "裡": "里", "錢": "钱", "麼": "么", "時": "时", "鐘": "钟",
        "參": "参", "與": "与", "為": "为", "滿": "满", "確": "确", "貧": "贫", "困": "困", "羣": "群",
        "眾": "众", "農": "农", "劃": "划", "總": "总", "額": "额",
    }
    for src, dst in pairs.items():
        if len(src) == 1 and len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    return table


_TABLE = _table()


def fold(text: str) -> str:
    """Fold ``text`` for matching; the result has exactly the same length.

    >>> fold("１１.92億")
    '11.92亿'
    >>> len(fold("４，５６５")) == len("４，５６５")
    True
    """
    return text.translate(_TABLE)
