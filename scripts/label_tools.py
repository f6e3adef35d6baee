"""Small tools for the label files under corpora/labels.

    .venv/bin/python scripts/label_tools.py check corpora/labels/real-a.jsonl   # sha1s, paragraphs, reserved
    .venv/bin/python scripts/label_tools.py agree corpora/labels/real-a.jsonl corpora/labels/real-b.jsonl
    .venv/bin/python scripts/label_tools.py stats corpora/labels/*.jsonl         # labels per category

Rows are resolved against ../shared/corpora/real/docs (or FUPIN_DOCS_DIR);
documents in reserved.txt are never opened.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fupin_nlp.classify.api import default_docs_dir  # noqa: E402
from fupin_nlp.classify.corpus import merge_annotators, read_jsonl, resolve_rows  # noqa: E402
from fupin_nlp.classify.taxonomy import codes  # noqa: E402


def check(paths: list[Path]) -> int:
    """Resolve every row; print what was skipped and why. Non-zero when anything was."""
    bad = 0
    known = set(codes())
    for path in paths:
        rows = read_jsonl(path)
        res = resolve_rows(rows, default_docs_dir())
        unknown = sorted({lab for r in rows for lab in r.get("labels") or []} - known)
        print(f"{path}: {len(rows)} rows, {len(res.examples)} labelled body paragraphs, "
              f"{len(res.skipped)} skipped" + (f", unknown labels {unknown}" if unknown else ""))
        for ref, why in res.skipped:
            print(f"  {ref}: {why}")
        bad += len(res.skipped) + len(unknown)
    return 1 if bad else 0


def agree(first: Path, second: Path) -> int:
    """Agreement of two annotators on the paragraphs both labelled."""
    a = resolve_rows(read_jsonl(first), default_docs_dir()).examples
    b = resolve_rows(read_jsonl(second), default_docs_dir()).examples
    _, stats = merge_annotators(a, b)
    if not stats["shared"]:
        print("no paragraph labelled by both")
        return 0
    print(f"{stats['shared']} shared paragraphs in {len(stats['docs'])} documents: exact set "
          f"{stats['exact_rate']:.3f}, primary {stats['primary_rate']:.3f}")
    by_key = {(e.doc_id, e.para): e for e in a}
    for e in b:
        mine = by_key.get((e.doc_id, e.para))
        if mine is not None and set(mine.labels) != set(e.labels):
            print(f"  {e.doc_id}#{e.para}: {list(mine.labels)} vs {list(e.labels)}")
    return 0


def stats(paths: list[Path]) -> int:
    """Paragraphs per category, any position and primary."""
    anywhere, primary = Counter(), Counter()
    for path in paths:
        for e in resolve_rows(read_jsonl(path), default_docs_dir()).examples:
            anywhere.update(e.labels)
            primary[e.labels[0]] += 1
    for code in codes():
        print(f"{code:18s} {anywhere[code]:5d} {primary[code]:5d}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="label file tools")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check").add_argument("paths", nargs="+", type=Path)
    p = sub.add_parser("agree")
    p.add_argument("first", type=Path)
    p.add_argument("second", type=Path)
    sub.add_parser("stats").add_argument("paths", nargs="+", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "check":
        return check(args.paths)
    if args.cmd == "agree":
        return agree(args.first, args.second)
    return stats(args.paths)


if __name__ == "__main__":
    raise SystemExit(main())
