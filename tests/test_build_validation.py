"""``kg build``'s SHACL step: the whole graph when small, else a bounded sample, else none."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from test_rdf import simple_document

from kg.api import BuildResult
from kg.commands import build
from kg.rdf import to_rdf


def documents(n: int):
    base = simple_document()
    return [replace(base, document=replace(base.document, id=f"d{i}")) for i in range(n)]


def run_validate(sample, triples: int, tmp_path) -> tuple[dict, list[str]]:
    stats: dict = {}
    warnings: list[str] = []
    result = BuildResult(documents=len(sample), triples=triples, sample=sample)
    build._validate(tmp_path / "unused.ttl", result, triples, stats, warn=warnings.append)
    return stats, warnings


@pytest.mark.parametrize("limit_docs", [1, 2, 3])
def test_sample_stays_under_the_triple_limit(limit_docs, monkeypatch, tmp_path):
    sample = documents(5)
    monkeypatch.setattr(build, "VALIDATE_FULL_LIMIT", 0)
    monkeypatch.setattr(build, "VALIDATE_SAMPLE_TRIPLES", len(to_rdf(sample[:limit_docs])))
    stats, warnings = run_validate(sample, 10**6, tmp_path)
    assert stats["shacl_scope"] == f"sample of {limit_docs} documents"
    assert stats["shacl_conforms"] is True
    assert any("validated the first" in w for w in warnings)


def test_one_huge_document_is_not_validated_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "VALIDATE_FULL_LIMIT", 0)
    monkeypatch.setattr(build, "VALIDATE_SAMPLE_TRIPLES", 5)
    stats, warnings = run_validate(documents(2), 10**6, tmp_path)
    assert stats["shacl_scope"] == "none"
    assert "shacl_conforms" not in stats
    assert len(warnings) == 1 and "not validated" in warnings[0]


def test_findings_of_the_validation_child_reach_the_report_and_strict(
    monkeypatch, tmp_path, capsys
):
    """The sample is validated in a forked child: its warnings are printed here, its
    findings are in analysis.json, and --strict still fails the build on them."""
    from kg.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Police arrested two men in Port Ellis on Monday.\n", encoding="utf-8")
    findings = ({"shacl_conforms": False, "shacl_violations": 3}, ["SHACL: made up"])
    monkeypatch.setattr(build, "_validation", lambda *args: findings)
    out = tmp_path / "out"
    assert main(["build", str(article), "--out", str(out), "--quiet"]) == 0
    assert "kg: warning: SHACL: made up" in capsys.readouterr().err
    stats = json.loads((out / "analysis.json").read_text())
    assert stats["shacl_conforms"] is False and stats["shacl_violations"] == 3
    assert main(["build", str(article), "--out", str(tmp_path / "o2"), "-q", "--strict"]) == 1
