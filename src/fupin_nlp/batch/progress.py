"""A progress bar for batch runs on standard error (tqdm.auto: a widget in notebooks, text elsewhere).

The input is streamed, so the number of documents is not known in advance; the bar
measures bytes of input instead (a cheap ``stat`` of the files before the run), which
gives a fair ETA for folders and archives alike.  Documents, characters, claims and the
rate in characters per second are shown beside it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..io import SUPPORTED_SUFFIXES

__all__ = ["Progress", "input_files"]


def input_files(paths: Iterable[str | os.PathLike]) -> list[tuple[str, int]]:
    """``(path, size)`` of the files a run will read, in reading order (hidden files skipped).

    >>> input_files(["/nonexistent"])
    []
    """
    out: list[tuple[str, int]] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            out.append((str(path), path.stat().st_size))
        elif path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                for name in sorted(filenames):
                    if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                        continue
                    file = Path(dirpath) / name
                    try:
                        out.append((str(file), file.stat().st_size))
                    except OSError:
                        continue
    return out


class Progress:
    """``update(row)`` once per document (its manifest row); ``close()`` at the end."""

    def __init__(self, paths: Iterable[str | os.PathLike], *, enabled: bool = True, what: str = "claims"):
        self._bar: Any = None
        self.docs = self.chars = self.rows = 0
        self.what = what
        self._started = time.perf_counter()
        if not enabled:
            return
        from tqdm.auto import tqdm

        self._files = input_files(paths)
        self._index = 0
        self._before = 0  # bytes of the files finished
        self._within = 0  # estimated bytes read in the current file
        total = sum(size for _, size in self._files) or None
        self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="fupin",
                         file=sys.stderr, dynamic_ncols=True, leave=False, mininterval=0.5,
                         bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}B/{total_fmt}B "
                                    "[{elapsed}<{remaining}] {postfix}")

    def _position(self, source: str, chars: int) -> int:
        # Find the input file the document came from (files are read in order), then add an
        # estimate of its bytes (UTF-8 Chinese: three bytes a character), capped at the file's size.
        files = self._files
        i = self._index
        while i < len(files) and not source.startswith(files[i][0]):
            i += 1
        if i < len(files):
            if i != self._index:
                self._before += sum(size for _, size in files[self._index:i])
                self._index, self._within = i, 0
            self._within = min(files[i][1], self._within + 3 * chars)
        return self._before + self._within

    def update(self, row: dict[str, Any]) -> None:
        self.docs += 1
        self.chars += row.get("chars") or 0
        self.rows += row.get("rows") or 0
        if self._bar is None:
            return
        position = self._position(str(row.get("source") or ""), row.get("chars") or 0)
        if position > self._bar.n:
            self._bar.update(position - self._bar.n)
        rate = self.chars / max(1e-9, time.perf_counter() - self._started)
        self._bar.set_postfix_str(f"{self.docs} docs, {self.chars / 1000:.0f}K chars ({rate / 1000:.1f}K/s), "
                                  f"{self.rows} {self.what}", refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
