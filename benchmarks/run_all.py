"""Every benchmark of the project, one after the other (``make bench``).

    .venv/bin/python benchmarks/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in ("throughput.py", "adversarial_numbers.py"):
        if (HERE / script).exists():
            print(f"\n== {script}", flush=True)
            status |= subprocess.run([sys.executable, str(HERE / script)]).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
