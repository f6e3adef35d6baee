"""Execute every notebook here top to bottom and save it with its outputs (refresh before committing).

    .venv/bin/python notebooks/execute.py              # all notebooks
    .venv/bin/python notebooks/execute.py 01_quickstart.ipynb

Uses the ``python3`` kernel (the venv's ipykernel), runs each notebook from this folder,
and reports each notebook's size: keep them small (no huge HTML outputs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def execute(path: Path, *, timeout: int = 600) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel from its own folder; raises on the first failing cell."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def main(argv: list[str]) -> int:
    paths = [HERE / a for a in argv] if argv else sorted(HERE.glob("*.ipynb"))
    for path in paths:
        notebook = execute(path)
        nbformat.write(notebook, path)
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
