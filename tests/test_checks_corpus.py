"""The checker on documents: our planted-inconsistency corpus, the seed and the real gold documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fupin_nlp.checks import check_documents
from fupin_nlp.io import read_text

from .conftest import ROOT, shared_path

CHECKS = ROOT / "corpora" / "checks"
EXPECTED = json.loads((CHECKS / "expected.json").read_text(encoding="utf-8"))


def _discrepancies(findings):
    return [f for f in findings if f.verdict == "discrepancy"]


def _matches(finding, planted) -> bool:
    return finding.rule == planted["rule"] and set(planted["claims"]) <= set(finding.claims)


@pytest.mark.parametrize("name", sorted(EXPECTED["within"]))
def test_planted_discrepancy_is_found_and_its_twin_is_clean(name):
    planted = EXPECTED["within"][name]
    text = (CHECKS / "within" / name).read_text(encoding="utf-8")
    doc = read_text(text, Path(name).stem, date="2020-12-31")
    found = _discrepancies(check_documents([doc], model=False))
    assert len(found) == 1 and _matches(found[0], planted), [f.message for f in found]
    twin_name = name.replace("-planted", "-twin")
    twin = read_text((CHECKS / "within" / twin_name).read_text(encoding="utf-8"), "twin", date="2020-12-31")
    assert _discrepancies(check_documents([twin], model=False)) == []


def test_every_within_rule_has_a_planted_document():
    assert {v["rule"] for v in EXPECTED["within"].values()} >= {"sum", "share", "mean", "growth",
                                                                "part_le_whole", "range"}


def _across_documents(names):
    dates = EXPECTED["across"]["dates"]
    return [read_text((CHECKS / "across" / f"{n}.txt").read_text(encoding="utf-8"), n, date=dates[n])
            for n in names]


def test_two_reports_a_year_apart_conflicts_found_growth_not_flagged():
    findings = check_documents(_across_documents(["lanfeng-2019", "lanfeng-2020"]), model=False)
    flagged = _discrepancies(findings)
    conflicts = [p for p in EXPECTED["across"]["planted"] if p["rule"] == "conflict"]
    assert all(any(_matches(f, p) for f in flagged) for p in conflicts)
    assert len(flagged) == len(conflicts), [f.message for f in flagged]
    grown = [f for f in findings if f.rule == "cumulative"]
    assert grown and all(f.verdict == "consistent" for f in grown)


def test_three_reports_every_planted_cross_document_finding():
    findings = check_documents(_across_documents(sorted(EXPECTED["across"]["dates"])), model=False)
    flagged = _discrepancies(findings)
    planted = EXPECTED["across"]["planted"]
    assert len(flagged) == len(planted), [f.message for f in flagged]
    for p in planted:
        assert any(_matches(f, p) for f in flagged), p


def test_check_documents_reports_unreadable_inputs_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("18个贫困村（省级12个、市级6个）先后脱贫退出。", encoding="utf-8")
    failures: list[str] = []
    findings = check_documents([tmp_path / "good.txt", tmp_path / "missing.txt"], model=False,
                               on_failure=failures.append)
    assert len(failures) == 1 and "missing" in failures[0] and "\n" not in failures[0]
    assert [(f.rule, f.verdict) for f in findings] == [("sum", "consistent")]


def test_cli_check_on_the_seed():
    seed = shared_path("corpora", "seed", "nanchang-2020-exhibition.txt")
    out = subprocess.run([sys.executable, "-m", "fupin_nlp.cli", "check", str(seed), "--format", "jsonl",
                          "--date", "2020-10"], capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    flagged = [r for r in rows if r["verdict"] == "discrepancy"]
    assert [(r["rule"], r["claims"]) for r in flagged] == [("share", ["53个", "22个", "40%"])]
    verdicts = {(r["rule"], tuple(r["claims"])): r["verdict"] for r in rows}
    assert verdicts[("sum", ("18个", "12个", "6个"))] == "consistent"
    assert verdicts[("mean", ("18个", "256.5万元", "14.3万元"))] == "consistent"


def test_real_gold_discrepancy_found_without_false_alarms():
    folder = shared_path("corpora", "real-gold")
    flagged_total, found = 0, 0
    for gold_file in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = read_text((folder / gold["source_file"]).read_text(encoding="utf-8"), gold["doc"],
                        date=gold.get("date") or None)
        flagged = _discrepancies(check_documents([doc], model=False))
        planted = [c for c in gold.get("checks", []) if c["verdict"] == "discrepancy"]
        for c in planted:
            names = [c.get("part"), c.get("whole")]
            found += any(f.rule == c["rule"] and all(n in f.claims for n in names if n) for f in flagged)
        flagged_total += len(flagged)
    assert found == 1 and flagged_total == 1
