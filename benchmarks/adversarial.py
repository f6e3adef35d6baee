"""Time per character on adversarial text, 100K to 1M characters: the whole pipeline and find_quantities.

    .venv/bin/python benchmarks/adversarial.py                 # 100K, 200K, 400K, 1M
    .venv/bin/python benchmarks/adversarial.py --sizes 50000,100000 --budget 30

Linear time shows as a flat ns/char column (a ratio near 1.0 between sizes).  Each
input runs through ``process_document(read_text(s), model=False)`` (reflow, numbers,
times, places, claims) and through ``find_quantities`` alone.  CPU time
(``time.process_time``) is reported, so a loaded machine disturbs it less than wall
time.  A case that takes longer than ``--budget`` seconds is not run at the larger
sizes: it is marked ``SUPERLINEAR?`` with its growth so far.

The acceptance set of issue 8 (digits, numerals, 万, soups of 400K and 800K) is run
first, through find_quantities and through the pipeline.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable

from fupin_nlp.io import read_text
from fupin_nlp.numbers import find_quantities
from fupin_nlp.pipeline import process_document

SOUP_CHARS = ("0123456789.,%万亿千百十一二三四五六七八九零两"
              "元亩户人名个至到-余多近约以上下左右 分之点半成折年月")
PROSE = ("截至2020年底，全县累计减贫3900余户1.2万人，贫困发生率由12.5%降至0.4%。"
         "全年投入扶贫资金4921.5万元，其中产业扶贫资金占比达到35.6%，带动近10万贫困人口增收；"
         "新建蔬菜大棚三百多个、光伏电站2座，户均增收约2000元，人均纯收入达到8647元。")


def soup(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(SOUP_CHARS) for _ in range(n))


def repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def numerals(n: int) -> str:
    rnd = random.Random(1)
    return "".join(rnd.choice("一二三四五六七八九十百千万亿零两") for _ in range(n))


# name → builder of an n-character adversarial text
CASES: dict[str, Callable[[int], str]] = {
    "digit/numeral/unit soup, one paragraph": soup,
    "prose without line breaks": lambda n: repeat(PROSE, n),
    "prose without any punctuation": lambda n: repeat(PROSE.translate(str.maketrans("", "", "，。；、")), n),
    "one short line per paragraph": lambda n: repeat("全县脱贫1户。\n", n),
    "digits": lambda n: "3" * n,
    "万": lambda n: "万" * n,
    "Chinese numerals": numerals,
    "HTML-ish soup of < and quotes": lambda n: repeat("<a b='1户", n),
}


def cpu(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.process_time()
    result = fn()
    return time.process_time() - t0, result


def pipeline(text: str) -> int:
    return len(process_document(read_text(text, "adv"), model=False).claims)


def quantities(text: str) -> int:
    return len(find_quantities(text))


def acceptance(budget: float) -> None:
    print(f"== acceptance inputs (issue 8); the pipeline stops after a run over {budget:.0f} s")
    inputs = [("digits x5,000", "7" * 5_000), ("digits x400,000", "3" * 400_000),
              ("Chinese numerals x200,000", numerals(200_000)), ("万 x200,000", "万" * 200_000),
              ("soup 400,000", soup(400_000)), ("soup 800,000", soup(800_000))]
    times: dict[str, float] = {}
    over = False
    for label, text in inputs:
        for stage, fn in (("find_quantities", quantities), ("pipeline", pipeline)):
            if stage == "pipeline" and over:
                print(f"  {label:<28} {stage:<16} skipped (an earlier run went over the budget)")
                continue
            dt, found = cpu(lambda fn=fn, text=text: fn(text))
            times[f"{label}/{stage}"] = dt
            over = over or (stage == "pipeline" and dt > budget)
            print(f"  {label:<28} {stage:<16} {dt:8.2f} s  {found} found", flush=True)
    for stage in ("find_quantities", "pipeline"):
        if f"soup 800,000/{stage}" in times:
            ratio = times[f"soup 800,000/{stage}"] / max(times[f"soup 400,000/{stage}"], 1e-9)
            print(f"  soup 800K/400K {stage}: {ratio:.2f} (bound 2.6)")


def scaling(sizes: list[int], budget: float) -> None:
    print(f"== scaling, CPU seconds and ns per character (a case over {budget:.0f} s stops growing)")
    for name, build in CASES.items():
        for stage, fn in (("find_quantities", quantities), ("pipeline", pipeline)):
            first = None
            for n in sizes:
                text = build(n)
                dt, found = cpu(lambda fn=fn, text=text: fn(text))
                per = dt / n * 1e9
                first = first or per
                print(f"  {name:<40} {stage:<16} {n:>9,} chars {dt:8.2f} s {per:9.0f} ns/char "
                      f"x{per / first:5.2f}  {found} found", flush=True)
                if dt > budget and n != sizes[-1]:
                    print(f"  {name:<40} {stage:<16} SUPERLINEAR? stopped after {n:,} chars "
                          f"(time per character grew x{per / first:.2f})", flush=True)
                    break


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,200000,400000,1000000")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds before a case stops growing")
    parser.add_argument("--skip-acceptance", action="store_true")
    args = parser.parse_args(argv)
    process_document(read_text("预热：南昌县4635户。"), model=False)  # dictionaries and lexicons loaded once
    if not args.skip_acceptance:
        acceptance(args.budget)
    scaling([int(s) for s in args.sizes.split(",")], args.budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
