"""Acceptance (issue 8): ``fupin extract`` on a folder of good and broken inputs.

Only the command line is used (the batch layer behind it may change): every good
document's claims are written, every input has its status in the manifest, each
failure is one line on standard error, the exit status is non-zero, and nothing
is written outside the output paths (the zip's ``../../x.txt`` member above all).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

GOOD = "截至2020年底，南昌县已脱贫4635户、11643人。\n"


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "work" / "in"
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(b"PK\x03\x04\x00\x00\x14\x00binary\x00\xff\xfe\x01\x02" * 8)
    (folder / "cut.txt").write_bytes("全县投入资金4921.5万元".encode()[:-1])
    lines = [json.dumps({"id": "a1", "text": "全县减贫3900余户。"}, ensure_ascii=False),
             '{"id": "a2", "text": broken',
             json.dumps({"id": "a3", "text": "投入扶贫资金200万元。"}, ensure_ascii=False)]
    (folder / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../x.txt", "逃逸出去的文件3户")
        z.writestr("member.txt", "全村新建蔬菜大棚30个。")
    (folder / "pack.zip").write_bytes(buf.getvalue())
    return folder


def test_extract_on_a_hostile_folder(hostile_folder: Path):
    work = hostile_folder.parent
    before = _tree(work.parent)
    out, manifest = work / "out" / "claims.jsonl", work / "out" / "manifest.jsonl"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, "-m", "fupin_nlp.cli", "extract", "in", "-o", str(out), "--manifest", str(manifest),
         "--format", "jsonl", "-q"],
        cwd=work, capture_output=True, text=True, timeout=300, env=env,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout

    # every document in the manifest, with its status
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    status = {row["source"].replace(os.sep, "/"): row["status"] for row in rows}
    expected = {
        "in/good.txt": "ok", "in/empty.txt": "empty", "in/blob.txt": "binary", "in/cut.txt": "decode_error",
        "in/archive.jsonl#a1": "ok", "in/archive.jsonl:line 2": "bad_record", "in/archive.jsonl#a3": "ok",
        "in/pack.zip!../../x.txt": "archive_error", "in/pack.zip!member.txt": "ok",
    }
    assert status == expected

    # every good document's claims written
    claims = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_doc: dict[str, set[str]] = {}
    for claim in claims:
        by_doc.setdefault(claim["doc_id"], set()).add(claim["surface"])
    ids = {row["source"].replace(os.sep, "/"): row["doc_id"] for row in rows}
    assert by_doc[ids["in/good.txt"]] >= {"4635户", "11643人"}
    assert "3900余户" in by_doc[ids["in/archive.jsonl#a1"]]
    assert "200万元" in by_doc[ids["in/archive.jsonl#a3"]]
    assert "30个" in by_doc[ids["in/pack.zip!member.txt"]]
    assert not any(s == "3户" for surfaces in by_doc.values() for s in surfaces)  # the unsafe member unread

    # one line on standard error per failure, naming the document and the cause
    failed = [source for source, s in expected.items() if s != "ok"]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    for source in failed:
        naming = [line for line in lines if source in line]
        assert len(naming) == 1, (source, lines)
        assert len(naming[0]) > len(source) + 10  # a cause follows the name
    assert "unsafe member path" in next(line for line in lines if "x.txt" in line)

    # nothing written outside the output paths: no x.txt anywhere, only the two outputs are new
    after = _tree(work.parent)
    assert after - before == {"work/out", "work/out/claims.jsonl", "work/out/manifest.jsonl"}
    assert not (work.parent / "x.txt").exists() and not (work / "x.txt").exists()
