"""Write the seed's standalone HTML with ``fupin view`` and screenshot it in headless Chromium.

    .venv/bin/python scripts/screenshot_view.py                  # seed → build/view/seed.html, seed.png
    .venv/bin/python scripts/screenshot_view.py corpora/bundled/lixi-2020-exhibition.txt -o build/view/lixi

The page is opened from disk (``file://``), with no server: this checks that the
standalone view needs nothing but the file.  Exit status 3 when Chromium is absent
(install it with ``apt-get update && apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpora" / "seed" / "nanchang-2020-exhibition.txt"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The first Chromium-like browser on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_html(source: Path, html: Path) -> None:
    """Run the real command line, as a user would."""
    fupin = Path(sys.executable).with_name("fupin")
    command = [str(fupin)] if fupin.exists() else [sys.executable, "-m", "fupin_nlp.cli"]
    subprocess.run([*command, "view", str(source), "-o", str(html)], check=True)


def screenshot(browser: str, html: Path, png: Path, *, width: int = 1200, height: int = 1600) -> None:
    """Take a PNG of ``html`` with a throwaway profile and every background service off."""
    with tempfile.TemporaryDirectory(prefix="fupin-chromium-") as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={width},{height}",
             html.resolve().as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SEED,
                        help="document to view (default: the seed)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "build" / "view" / "seed",
                        help="output stem: writes STEM.html and STEM.png")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"screenshot_view: {args.source} not found", file=sys.stderr)
        return 2
    browser = find_chromium()
    if browser is None:
        print("screenshot_view: Chromium is not installed (apt-get update && apt-get install -y chromium); "
              "no screenshot taken", file=sys.stderr)
        return 3
    args.output.parent.mkdir(parents=True, exist_ok=True)
    html, png = args.output.with_suffix(".html"), args.output.with_suffix(".png")
    write_html(args.source, html)
    screenshot(browser, html, png)
    if not png.exists() or png.stat().st_size == 0:
        print(f"screenshot_view: Chromium wrote no image at {png}", file=sys.stderr)
        return 1
    print(f"screenshot_view: {html} → {png} ({png.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
