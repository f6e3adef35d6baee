"""Every notebook in notebooks/ runs top to bottom in a fresh kernel, and the committed copies stay light.

The notebooks run from copies (the committed files, with their outputs, are not touched), each in its
own process and all at once, so the slowest one, not their sum, sets the time. Refresh the committed
outputs with ``.venv/bin/python notebooks/execute.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
IDS = [p.stem for p in PATHS]


def test_there_are_the_three_notebooks():
    assert {"01_quickstart", "02_compare_documents", "03_batch_archive"} <= set(IDS)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_committed_notebook_has_outputs_and_stays_small(path):
    assert path.stat().st_size < 300 * 1024, f"{path.name} is {path.stat().st_size // 1024} KB"
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code), "commit it executed: notebooks/execute.py"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook (a process each, concurrently); notebook name → (exit status, stderr, path)."""
    out = tmp_path_factory.mktemp("notebooks")
    runs = {p.stem: subprocess.Popen([sys.executable, str(NOTEBOOKS / "execute.py"), str(p), "--output-dir",
                                      str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for p in PATHS}
    results = {}
    for name, proc in runs.items():
        _, err = proc.communicate(timeout=900)
        results[name] = (proc.returncode, err, out / f"{name}.ipynb")
    return results


@pytest.mark.parametrize("name", IDS)
def test_notebook_runs_top_to_bottom(executed, name):
    status, err, path = executed[name]
    assert status == 0, err[-3000:]
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    data = [set(o.get("data", {})) for c in code for o in c.outputs]
    assert any("text/html" in d for d in data)  # frames and views render as HTML
    if name != "03_batch_archive":
        assert any({"image/png", "image/svg+xml"} & d for d in data)  # the plots show as figures
