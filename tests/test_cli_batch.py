"""`fupin extract` / `fupin paragraphs` as a user runs them: streams, exit status, SIGINT and --resume."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fupin_nlp.cli import main

BUNDLED = Path(__file__).resolve().parents[1] / "corpora" / "bundled"
TEXTS = sorted(BUNDLED.glob("*.txt"))


def _lines(text: str) -> list[str]:
    return text.split("\n")[:-1]  # not splitlines: JSON may hold U+2028 as it is


def test_jsonl_on_stdout_is_only_rows(capsys: pytest.CaptureFixture) -> None:
    status = main(["extract", *map(str, TEXTS), "--format", "jsonl", "--workers", "1"])
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in _lines(out)]
    assert status == 0 and rows and all(set(r) >= {"doc_id", "surface", "value", "unit"} for r in rows)


def test_paragraphs_command_gives_paragraph_rows(capsys: pytest.CaptureFixture) -> None:
    status = main(["paragraphs", str(TEXTS[0]), "--workers", "1"])
    rows = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert status == 0 and [r["para"] for r in rows] == list(range(len(rows)))
    assert {"doc_id", "para", "kind", "text", "labels", "scores"} <= set(rows[0])


def test_failed_documents_exit_1_with_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bad.txt").write_bytes(b"\x00\x01\xfe\xff" * 100)
    (inputs / "empty.txt").write_bytes(b"")
    shutil.copy(TEXTS[0], inputs / "good.txt")
    out = tmp_path / "out" / "claims.csv"
    status = main(["extract", str(inputs), str(inputs / "missing.txt"), "-o", str(out), "-q"])
    err = _lines(capsys.readouterr().err)
    assert status == 1
    assert len(err) == 3 and all(line.startswith("fupin: ") for line in err)
    assert any("missing.txt" in line for line in err) and any("bad.txt" in line for line in err)
    assert len(out.read_text(encoding="utf-8").split("\n")) > 2  # the good document's rows are there


def test_resume_needs_a_manifest(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", str(TEXTS[0]), "-o", str(tmp_path / "c.jsonl"), "--resume"]) == 2
    assert "--manifest" in capsys.readouterr().err


def _fupin(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from fupin_nlp.cli import main; sys.exit(main())", *args]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_sigint_then_resume_gives_the_rows_of_an_uninterrupted_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for copy in range(12):  # enough documents that the run is still going when the signal comes
        for path in TEXTS:
            shutil.copy(path, docs / f"{copy:02d}-{path.name}")
    common = ["--workers", "1", "--batch-size", "1", "-q"]
    reference, ref_manifest = tmp_path / "ref.jsonl", tmp_path / "ref.manifest"
    subprocess.run(_fupin("extract", str(docs), "-o", str(reference), "--manifest", str(ref_manifest),
                          *common), check=True, timeout=600)

    out, manifest = tmp_path / "c.jsonl", tmp_path / "m.manifest"
    args = ["extract", str(docs), "-o", str(out), "--manifest", str(manifest), *common]
    proc = subprocess.Popen(_fupin(*args), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while (not manifest.exists() or not manifest.read_text(encoding="utf-8")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    stopped = _lines(manifest.read_text(encoding="utf-8"))
    assert 0 < len(stopped) < len(_lines(ref_manifest.read_text(encoding="utf-8")))

    subprocess.run(_fupin(*args, "--resume"), check=True, timeout=600)
    assert out.read_bytes() == reference.read_bytes()
    rows = [json.loads(line) for line in _lines(manifest.read_text(encoding="utf-8"))]
    assert sorted(r["source"] for r in rows) == sorted(str(p) for p in docs.iterdir())


def test_stdout_of_the_process_is_only_rows() -> None:
    # as a whole process: jieba's start-up messages and the progress bar stay off stdout
    proc = subprocess.Popen(_fupin("extract", str(TEXTS[0]), "--format", "jsonl", "--workers", "1", "-q"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0 and all(json.loads(line) for line in _lines(out))
