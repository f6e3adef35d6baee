"""Shared fixtures.  Tests that read ../shared skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BUNDLED = ROOT / "corpora" / "bundled"

# the short fuzz run in CI; `make fuzz` sets FUPIN_FUZZ_EXAMPLES for a longer one
# CI's run is derandomized (the same examples every run: a red CI means a change broke something, never
# that the dice rolled differently); `make fuzz` explores with fresh random examples
_EXAMPLES = os.environ.get("FUPIN_FUZZ_EXAMPLES")
settings.register_profile("fupin", max_examples=int(_EXAMPLES or "150"), deadline=None,
                          derandomize=_EXAMPLES is None)
settings.load_profile("fupin")


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the shared corpora beside the project")
    return path


@pytest.fixture
def seed_path() -> Path:
    return shared_path("corpora", "seed", "nanchang-2020-exhibition.txt")
