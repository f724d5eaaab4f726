"""``kg build``'s SHACL step: the whole graph when small, else a bounded sample, else none."""

from __future__ import annotations

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
