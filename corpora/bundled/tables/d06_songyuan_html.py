# ruff: noqa: E501
"""松源县 (invented county, 河南) county-portal article on consumption aid, as an HTML page.

The page has a <style> and two <script> blocks (to be ignored), a <title> in <head> that
differs from the <h1>, an info block split by <br>, &nbsp; indents, &ldquo;/&rdquo;
quotes, a <strong> inside a sentence and one &nbsp; between a figure and its unit.
All figures are invented.
"""

DOC = {
    "id": "songyuan-2020-portal", "file": "songyuan-2020-portal.html", "layout": "html", "encoding": "utf-8",
    "date": "2020-09-12", "region": "河南省松源县", "short_region": "松源县",
}

PARAS = """
heading | 松源县：消费扶贫“买”出增收路
boilerplate | 来源：松源县扶贫开发办公室
boilerplate | 发布时间：2020-09-12
body/consumption | 今年以来，松源县把消费扶贫作为巩固脱贫成果的重要抓手，通过“以购代捐”“以买代帮”等方式，拓宽扶贫产品销售渠道。截至8月底，全县共认定扶贫产品218个，涉及生产主体136家，累计销售扶贫产品1.86亿元，带动贫困户1.3万户增收。
body/consumption | 在线上，县里依托电商平台开设“松源扶贫馆”，上半年网络销售额达4260^万元，比去年同期增长63.5%。在线下，全县设立消费扶贫专馆3个、专区47个、智能专柜120台，机关事业单位工会采购扶贫产品1450万元。
body/consumption,social_assistance | 对口帮扶城市江东市通过“结对认购”方式，今年1-8月采购松源县农产品2380万元，占全县扶贫产品销售额的12.8%。
body/industry,consumption | 在城关镇八里岗村的香菇种植基地，贫困户刘桂兰正忙着采摘。“我家种了两棚香菇，今年能卖3万多元，根本不愁卖。”她笑着说。
body/health | 与此同时，松源县持续巩固健康扶贫成果。全县建档立卡贫困人口4.2万人全部参加城乡居民基本医疗保险，个人缴费部分由财政补贴60%；贫困患者县域内住院个人自付比例控制在10%以内，今年1-8月累计报销医疗费用9860万元。
body/social_security | 对无劳动能力的贫困人口，全县将8160人纳入农村低保、1120人纳入特困供养，实现应保尽保。
body/consumption | 下一步，松源县将继续拓宽消费扶贫渠道，力争全年扶贫产品销售额突破3亿元。
boilerplate | 责任编辑：张晓
"""


def render_html(paras: list[dict], esc) -> str:
    """The page: head (ignored by a reader), h1, info block, body paragraphs, editor line."""
    src = [p["src"] for p in paras]
    body = []
    for n, s in enumerate(src[3:10], start=3):
        html = esc(s)
        if n == 3:
            html = html.replace("1.86亿元", "<strong>1.86亿元</strong>")
        body.append(f'<p>&nbsp;&nbsp;&nbsp;&nbsp;{html}</p>')
        if n == 6:
            body.append('<script type="text/javascript">\n  document.write("<p>本文已被浏览" + pageViews + "次</p>");\n</script>')
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{esc(src[0])}_松源县人民政府门户网站</title>\n"
        "<style type=\"text/css\">\n  .article p { text-indent: 2em; line-height: 1.8; } /* 正文 16px，标题 22px */\n"
        "  .info { color: #999; font-size: 12px; }\n</style>\n"
        "<script type=\"text/javascript\">\n  var pageViews = 2680; var columnId = \"fpdt-2020-36\";\n</script>\n"
        "</head>\n<body>\n<div class=\"article\">\n"
        f"<h1>{esc(src[0])}</h1>\n"
        f"<p class=\"info\">{esc(src[1])}<br>{esc(src[2])}</p>\n"
        + "\n".join(body) + "\n"
        f"<p class=\"editor\">{esc(src[10])}</p>\n"
        "</div>\n</body>\n</html>\n"
    )


# para | surface | value | unit | q | time | metric | per | change | region | flags
CLAIMS = """
3 | 218个 | 218 | 个 | = | ..2020-08-31 | 认定扶贫产品
3 | 136家 | 136 | 家 | = | ..2020-08-31 | 扶贫产品生产主体
3 | 1.86亿元 | 186000000 | 元 | = | ..2020-08-31 | 累计销售扶贫产品
3 | 1.3万户 | 13000 | 户 | = | ..2020-08-31 | 带动增收贫困户
4 | 4260万元 | 42600000 | 元 | = | 2020-01:2020-06 | 扶贫产品网络销售额
4 | 63.5% | 63.5 | % | = | 2020-01:2020-06 | 网络销售额同比增长 | | +
4 | 3个 | 3 | 个 | = | - | 消费扶贫专馆
4 | 47个 | 47 | 个 | = | - | 消费扶贫专区
4 | 120台 | 120 | 台 | = | - | 消费扶贫智能专柜
4 | 1450万元 | 14500000 | 元 | = | - | 工会采购扶贫产品
5 | 2380万元 | 23800000 | 元 | = | 2020-01:2020-08 | 对口帮扶城市采购农产品
5 | 12.8% | 12.8 | % | = | 2020-01:2020-08 | 对口帮扶城市采购占扶贫产品销售额比例
6 | 两棚 | 2 | 棚 | = | - | 香菇种植大棚 | | | 八里岗村
6 | 3万多元 | 30000 | 元 | > | 2020 | 香菇销售收入 | | | 八里岗村
7 | 4.2万人 | 42000 | 人 | = | - | 参加基本医保的建档立卡贫困人口
7 | 60% | 60 | % | = | - | 个人缴费财政补贴比例
7 | 10%以内 | 10 | % | <= | - | 县域内住院个人自付比例 | | | | high=10
7 | 9860万元 | 98600000 | 元 | = | 2020-01:2020-08 | 累计报销医疗费用
8 | 8160人 | 8160 | 人 | = | - | 纳入农村低保的贫困人口
8 | 1120人 | 1120 | 人 | = | - | 纳入特困供养的贫困人口
9 | 突破3亿元 | 300000000 | 元 | > | 2020 | 扶贫产品销售额目标
"""

NON_CLAIMS = [
    (2, "2020-09-12"), (6, "八里岗村"), (9, "下一步"),
]

CHECKS = [
    {"rule": "growth", "value": "4260万元", "rate": "63.5%", "para": 4, "verdict": "info",
     "note": "implies online sales of about 2,605.5万元 in the first half of 2019"},
    {"rule": "part_le_whole", "part": "4260万元", "whole": "1.86亿元", "para": 3, "paras": [3, 4], "verdict": "consistent"},
    {"rule": "share", "parts": ["2380万元"], "whole": "1.86亿元", "stated_share": "12.8%", "para": 3, "paras": [3, 5],
     "verdict": "consistent", "note": "2,380万 of 18,600万 is 12.80%"},
]
