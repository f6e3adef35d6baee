"""Execute notebooks top to bottom and save them with their outputs (refresh before committing).

    .venv/bin/python notebooks/execute.py                          # all notebooks, in place
    .venv/bin/python notebooks/execute.py 01_quickstart.ipynb
    .venv/bin/python notebooks/execute.py --output-dir /tmp/run    # leave the committed copies alone

Uses the ``python3`` kernel (the venv's ipykernel), runs each notebook from this folder
(as Jupyter does), and reports each notebook's size: keep them small (no huge HTML outputs).
Exit status 1 when a cell fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent


def execute(path: Path, *, timeout: int = 600) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel from its own folder; raises on the first failing cell."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute notebooks and save them with their outputs.")
    parser.add_argument("notebooks", nargs="*", help="notebook files (default: every *.ipynb here)")
    parser.add_argument("--output-dir", type=Path, help="write the executed notebooks here, not in place")
    args = parser.parse_args(argv)
    paths = [Path(a) if Path(a).exists() else HERE / a for a in args.notebooks]
    paths = paths or sorted(HERE.glob("*.ipynb"))
    for path in paths:
        try:
            notebook = execute(path)
        except CellExecutionError as e:
            print(f"{path.name}: a cell failed\n{e}", file=sys.stderr)
            return 1
        out = (args.output_dir / path.name) if args.output_dir else path
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, out)
        print(f"{path.name}: {out.stat().st_size / 1024:.0f} KB → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
