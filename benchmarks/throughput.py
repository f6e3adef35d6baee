"""Throughput of each stage and of ``fupin extract`` end to end, against ``jieba.lcut`` over the same text.

    .venv/bin/python benchmarks/throughput.py [--chars 1000000] [--shared ../shared] [--skip-memory]

Builds an archive in a temporary folder (never in the repository) from copies of the
non-reserved documents of ``../shared/corpora/real/docs`` (each copy under its own file
name, so document ids differ) until it holds about ``--chars`` characters, and an archive
four times larger.  Then, in one run, prints:

* each stage (read, reflow, segment, claims, classify) in this process, characters per
  second and the ratio to ``jieba.lcut`` over the same text in this process;
* end to end as whole processes: ``python -c 'jieba.lcut…'`` over the files, and
  ``fupin extract`` with 1 and 2 workers (wall time, CPU time, ratio to jieba's process);
* peak resident memory of ``fupin extract`` (1 worker) on the 4× archive against the base.

The copies repeat the same ~115 documents, so the per-process caches (gazetteer stems,
place names) hit more often than on an archive of distinct documents; the "distinct"
line measures one copy alone, caches cold, for comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs a command in a child process and reports its own peak RSS (and its children's) on the last line.
_WRAP = r"""
import json, resource, runpy, sys
kind, payload = sys.argv[1], json.loads(sys.argv[2])
try:
    if kind == "jieba":
        import pathlib, jieba
        jieba.setLogLevel(60)
        n = 0
        for path in sorted(pathlib.Path(payload["dir"]).rglob("*.txt")):
            n += len(jieba.lcut(path.read_text(encoding="utf-8")))
        code = 0
    else:
        from fupin_nlp.cli import main
        code = main(payload["argv"])
finally:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("__rss__", self_kb, kids_kb, file=sys.stderr)
sys.exit(code)
"""


def _reserved(shared: Path) -> set[str]:
    text = (shared / "corpora" / "real" / "reserved.txt").read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def build_archive(shared: Path, target: Path, chars: int) -> tuple[int, int]:
    """Copy the non-reserved real documents into ``target`` until about ``chars`` characters; (docs, chars)."""
    docs_dir = shared / "corpora" / "real" / "docs"
    reserved = _reserved(shared)
    sources = [p for p in sorted(docs_dir.glob("*.txt")) if p.stem not in reserved]
    base = sum(len(p.read_text(encoding="utf-8")) for p in sources)
    copies = max(1, math.ceil(chars / base))
    target.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        for p in sources:
            shutil.copyfile(p, target / f"{k:03d}-{p.name}")
    return copies * len(sources), copies * base


def whole_process(kind: str, payload: dict) -> dict:
    """Wall time, CPU time (user + system, children included) and peak RSS of one child process."""
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAP, kind, json.dumps(payload)], capture_output=True,
                          text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = os.times()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{kind} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rss = [line.split() for line in proc.stderr.splitlines() if line.startswith("__rss__")][-1]
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "rss_mb": int(rss[1]) / 1024, "children_rss_mb": int(rss[2]) / 1024}


def stages(folder: Path) -> dict[str, float]:
    """Seconds of each stage over every document of ``folder``, in this process (warmed first)."""
    import jieba

    from fupin_nlp.batch.engines import resolve_model
    from fupin_nlp.claims import extract
    from fupin_nlp.io import iter_documents
    from fupin_nlp.pipeline import _classify
    from fupin_nlp.segment import cut
    from fupin_nlp.text import paragraphs as reflow

    jieba.setLogLevel(60)
    model = resolve_model(None)
    warm = next(iter(iter_documents(folder)))
    jieba.lcut(warm.raw)
    _classify(reflow(warm), model)
    cut(warm.raw)
    out: dict[str, float] = {}

    t = time.perf_counter()
    documents = list(iter_documents(folder))
    out["read"] = time.perf_counter() - t
    out["chars"] = sum(len(d.raw) for d in documents)

    t = time.perf_counter()
    for d in documents:
        jieba.lcut(d.raw)
    out["jieba.lcut"] = time.perf_counter() - t

    t = time.perf_counter()
    reflowed = [reflow(d) for d in documents]
    out["reflow"] = time.perf_counter() - t

    t = time.perf_counter()
    for paragraphs in reflowed:
        for p in paragraphs:
            cut(p.text)
    out["segment"] = time.perf_counter() - t

    t = time.perf_counter()
    for d, paragraphs in zip(documents, reflowed):
        extract(paragraphs, document=d)
    out["claims"] = time.perf_counter() - t

    t = time.perf_counter()
    for paragraphs in reflowed:
        _classify(paragraphs, model)
    out["classify"] = time.perf_counter() - t
    return out


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.system()} {platform.machine()}, nproc {os.cpu_count()}, CPU {cpu}, "
            f"Python {platform.python_version()}, load average {load:.1f} at start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="size of the base archive")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--skip-memory", action="store_true", help="no run over the 4x archive")
    args = parser.parse_args()
    if not (args.shared / "corpora" / "real" / "docs").is_dir():
        print(f"benchmark needs {args.shared}/corpora/real/docs", file=sys.stderr)
        return 2
    print(machine())
    with tempfile.TemporaryDirectory(prefix="fupin-bench-") as tmp:
        tmp_path = Path(tmp)
        base, big, one = tmp_path / "base", tmp_path / "x4", tmp_path / "one"
        n_docs, n_chars = build_archive(args.shared, base, args.chars)
        build_archive(args.shared, one, 1)
        print(f"archive: {n_docs} documents, {n_chars:,} characters (copies of the non-reserved real docs)")

        s = stages(base)
        jieba_rate = s["chars"] / s["jieba.lcut"]
        print("\nstages, in process (characters per second; ratio = stage rate / jieba.lcut rate):")
        print(f"  {'jieba.lcut':<10} {jieba_rate:>10,.0f}/s  1.00")
        for stage in ("read", "reflow", "segment", "claims", "classify"):
            rate = s["chars"] / s[stage]
            print(f"  {stage:<10} {rate:>10,.0f}/s  {rate / jieba_rate:5.2f}")
        pipeline = sum(s[k] for k in ("read", "reflow", "claims", "classify"))
        print(f"  {'read+reflow+claims+classify':<10} {s['chars'] / pipeline:,.0f}/s  "
              f"{s['chars'] / pipeline / jieba_rate:5.2f}")

        out = tmp_path / "claims.jsonl"
        j = whole_process("jieba", {"dir": str(base)})
        runs = {}
        for workers in (1, 2):
            runs[workers] = whole_process("fupin", {"argv": ["extract", str(base), "-o", str(out), "-q",
                                                             "--workers", str(workers)]})
        distinct = whole_process("fupin", {"argv": ["extract", str(one), "-o", str(out), "-q", "--workers", "1"]})
        j_one = whole_process("jieba", {"dir": str(one)})
        print("\nend to end, whole processes (characters per second of wall time):")
        print(f"  jieba.lcut process     {n_chars / j['wall']:>10,.0f}/s  wall {j['wall']:6.1f}s  "
              f"cpu {j['cpu']:6.1f}s")
        for workers, r in runs.items():
            print(f"  fupin extract, {workers} wkr  {n_chars / r['wall']:>10,.0f}/s  wall {r['wall']:6.1f}s  "
                  f"cpu {r['cpu']:6.1f}s  ratio to jieba {j['wall'] / r['wall']:.2f} "
                  f"(by cpu {j['cpu'] / r['cpu']:.2f})")
        print(f"  2 workers / 1 worker   {runs[1]['wall'] / runs[2]['wall']:.2f}x")
        print(f"  one copy only (distinct documents, cold caches): ratio to jieba "
              f"{j_one['wall'] / distinct['wall']:.2f} (fupin {distinct['wall']:.1f}s, jieba {j_one['wall']:.1f}s)")

        if not args.skip_memory:
            build_archive(args.shared, big, 4 * args.chars)
            r4 = whole_process("fupin", {"argv": ["extract", str(big), "-o", str(out), "-q", "--workers", "1"]})
            print("\npeak memory (RSS), fupin extract, 1 worker:")
            print(f"  base archive  {runs[1]['rss_mb']:7.0f} MB")
            print(f"  4x archive    {r4['rss_mb']:7.0f} MB   ratio {r4['rss_mb'] / runs[1]['rss_mb']:.2f}  "
                  f"(wall {r4['wall']:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
