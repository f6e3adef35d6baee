"""Every compiled regular expression of the package against inputs built to make it backtrack.

    .venv/bin/python benchmarks/adversarial_regex.py [--n 20000]

Collects the module-level patterns (and those the lexicon loaders build behind
``functools.lru_cache``) of every ``fupin_nlp`` module, then times ``finditer`` over
strings made of the pattern's own characters: one character repeated, pairs
repeated, and random mixtures.  Each input is run at ``n`` and ``2n`` characters;
a time ratio above 3 (linear would be 2) is flagged ``SUSPECT`` with the input
that shows it.  CPU time is used.  A review aid, not a proof: a pattern that is
only ever run on bounded windows may be flagged and still be harmless.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import random
import re
import sys
import time
from collections.abc import Iterator

import regex

import fupin_nlp

PATTERN_TYPES = (regex.Pattern, re.Pattern)
FILLER = "，。、；：（）“”《》 \n0123456789年月日万亿户人元%"


def _patterns() -> Iterator[tuple[str, object]]:
    for info in pkgutil.walk_packages(fupin_nlp.__path__, "fupin_nlp."):
        if info.name.endswith(("cli", "__main__")) or ".views" in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception as e:  # an optional dependency missing: say so and go on
            print(f"  (skipped {info.name}: {type(e).__name__}: {e})")
            continue
        for attr, value in vars(module).items():
            if isinstance(value, PATTERN_TYPES):
                yield f"{info.name}.{attr}", value
            elif callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "") == info.name:
                try:
                    built = value()
                except TypeError:
                    continue  # a cached function that takes arguments
                items = built.items() if isinstance(built, dict) else [("", built)]
                for key, pat in items:
                    if isinstance(pat, PATTERN_TYPES):
                        yield f"{info.name}.{attr}()[{key}]" if key else f"{info.name}.{attr}()", pat


def _alphabet(pattern: object) -> str:
    source = getattr(pattern, "pattern", "")
    chars = sorted({ch for ch in source if not ch.isspace() and ch not in "\\()[]{}?*+|^$.:<>=!#"})
    return "".join(chars[:60]) + FILLER


def _inputs(alphabet: str, n: int) -> Iterator[tuple[str, str]]:
    rnd = random.Random(3)
    for ch in dict.fromkeys(alphabet[:24] + " \n"):
        yield f"{ch!r}*n", ch * n
    for _ in range(12):
        a, b = rnd.choice(alphabet), rnd.choice(alphabet)
        yield f"({a + b!r})*n/2", (a + b) * (n // 2)
    for k in range(4):
        yield f"random mix {k}", "".join(rnd.choice(alphabet) for _ in range(n))


def _time(pattern, text: str) -> float:
    t0 = time.process_time()
    for _ in pattern.finditer(text):
        pass
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args(argv)
    suspects = 0
    for name, pattern in _patterns():
        worst = (0.0, "", 0.0)
        for label, text in _inputs(_alphabet(pattern), args.n):
            small = _time(pattern, text)
            if small < 0.002:
                continue  # too fast to measure a ratio
            large = _time(pattern, text * 2)
            ratio = large / small
            if ratio > worst[0]:
                worst = (ratio, label, large)
        flag = "SUSPECT" if worst[0] > 3 and worst[2] > 0.05 else "ok"
        suspects += flag != "ok"
        detail = f"x{worst[0]:.1f} on {worst[1]} ({worst[2]:.2f} s at 2n)" if worst[1] else "fast on every input"
        print(f"{flag:<8} {name:<70} {detail}", flush=True)
    print(f"{suspects} suspect pattern(s)")
    return 1 if suspects else 0


if __name__ == "__main__":
    sys.exit(main())
