"""Time per character of find_numbers / find_quantities on adversarial and ordinary inputs.

    .venv/bin/python benchmarks/adversarial_numbers.py

Prints one line per input and the time ratio of the 800,000- to the 400,000-character soup
(linear time means about 2; the acceptance bound is 2.6).  No input may take more than a
few seconds.
"""

from __future__ import annotations

import random
import time

from fupin_nlp.numbers import find_numbers, find_quantities

SOUP_CHARS = ("0123456789.,%万亿千百十一二三四五六七八九零两"
              "元亩户人名个至到-余多近约以上下左右 分之点半成折年月")


def soup(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(SOUP_CHARS) for _ in range(n))


def prose(n: int) -> str:
    # invented sentences in the genre, repeated
    base = ("截至2020年底，全县累计减贫3900余户1.2万人，贫困发生率由12.5%降至0.4%。"
            "全年投入扶贫资金4921.5万元，其中产业扶贫资金占比达到35.6%，带动近10万贫困人口增收；"
            "新建蔬菜大棚三百多个、光伏电站2座，户均增收约2000元，人均纯收入达到8647元。"
            "各乡镇组织技能培训二十多期，参训群众五六百名，七成左右实现了稳定就业。")
    return (base * (n // len(base) + 1))[:n]


def timed(label: str, fn, text: str) -> float:
    t0 = time.perf_counter()
    found = fn(text)
    dt = time.perf_counter() - t0
    print(f"{label:<36} {len(text):>9,} chars {dt:8.3f} s {dt / len(text) * 1e9:9.1f} ns/char "
          f"{len(text) / dt / 1e6:6.2f} Mchar/s  {len(found)} found")
    return dt


def main() -> None:
    cases = [
        ("digits x5,000", "7" * 5_000),
        ("digits x400,000", "3" * 400_000),
        ("Chinese numerals x200,000", "".join(random.Random(1).choice("一二三四五六七八九十百千万亿零两")
                                              for _ in range(200_000))),
        ("万 x200,000", "万" * 200_000),
        ("digits with commas x400,000", "1,234," * 66_667),
        ("spaced numerals x200,000", "一 " * 100_000),
    ]
    for label, text in cases:
        for name, fn in (("find_numbers", find_numbers), ("find_quantities", find_quantities)):
            timed(f"{label} / {name}", fn, text)
    t4 = timed("soup 400,000 / find_quantities", find_quantities, soup(400_000))
    t8 = timed("soup 800,000 / find_quantities", find_quantities, soup(800_000))
    print(f"soup ratio 800k/400k: {t8 / t4:.2f} (bound 2.6)")
    timed("ordinary prose 1,000,000 / find_numbers", find_numbers, prose(1_000_000))
    timed("ordinary prose 1,000,000 / find_quantities", find_quantities, prose(1_000_000))


if __name__ == "__main__":
    main()
