"""Run the consistency checks over the real corpus (../shared/corpora/real) and print every discrepancy.

Documents listed in reserved.txt are kept for evaluation and are never opened.  Each document is
dated from manifest.jsonl, as ``fupin check --date`` would date it.  Within-document rules run on each
document, the cross-document rules on all of them together.

    .venv/bin/python scripts/check_real.py [--shared ../shared] [--all] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fupin_nlp.checks import check_findings
from fupin_nlp.io import read_text
from fupin_nlp.pipeline import process_document
from fupin_nlp.records import Document


def reserved_ids(root: Path) -> set[str]:
    lines = (root / "reserved.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def documents(root: Path) -> list[Document]:
    """The corpus's documents, reserved ones left out unopened, each dated from the manifest."""
    reserved = reserved_ids(root)
    out = []
    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        meta = json.loads(line)
        if meta["id"] in reserved:
            continue
        path = root / "docs" / f"{meta['id']}.txt"
        if not path.exists():
            continue
        doc = read_text(path.read_text(encoding="utf-8"), meta["id"], date=meta.get("date"))
        out.append(Document(doc.doc_id, str(path), doc.raw, {k: v for k, v in meta.items() if k != "id"}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--all", action="store_true", help="print every finding, not only discrepancies")
    ap.add_argument("--json", action="store_true", help="one JSON finding per line")
    args = ap.parse_args(argv)
    root = args.shared / "corpora" / "real"
    if not root.exists():
        print(f"check_real: {root} is absent", file=sys.stderr)
        return 2
    docs = documents(root)
    claims, paragraphs, dates, findings = [], [], {}, []
    for doc in docs:
        result = process_document(doc, date=doc.date, model=False)
        # within each document on its own, then across all of them
        findings += [f for f in check_findings(result.claims, result.paragraphs)]
        claims.extend(result.claims)
        paragraphs.extend(result.paragraphs)
        dates[doc.doc_id] = doc.date
    from fupin_nlp.checks import _across

    findings += _across(claims, dates)
    sentences = {(c.doc_id, c.para, c.surface): c.sentence for c in claims}
    shown = [f for f in findings if args.all or f.verdict == "discrepancy"]
    for f in shown:
        if args.json:
            print(json.dumps(f.to_dict(), ensure_ascii=False))
            continue
        head = f"[{f.rule} {f.verdict} {f.severity or ''}] {', '.join(f.doc_ids)} para {list(f.paras)}"
        print(f"{head}: {f.message}")
        shown_sentences = dict.fromkeys(
            (doc_id, para, sentences[(doc_id, para, surface)])
            for doc_id in f.doc_ids for para in f.paras for surface in f.claims
            if (doc_id, para, surface) in sentences)
        for doc_id, para, sentence in shown_sentences:
            print(f"    {doc_id}#{para}: {sentence[:160]}")
    counts: dict[str, int] = {}
    for f in findings:
        counts[f"{f.rule}/{f.verdict}"] = counts.get(f"{f.rule}/{f.verdict}", 0) + 1
    print(f"documents: {len(docs)}; findings: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
