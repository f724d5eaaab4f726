"""kg.parallel: worker processes give the same graphs, in the same order, as one process."""

from __future__ import annotations

import pytest

from kg import errors
from kg.cli import main
from kg.model import Document
from kg.parallel import batched, default_jobs, process
from kg.pipeline import process as process_serial

SENTENCES = (
    "Police arrested {n} protesters in Halden on Tuesday, the mayor Anna Varga said.",
    "Gunmen attacked a convoy near Vorsk on Friday, killing {n} soldiers.",
    "The Northern Farmers Union signed an agreement with the Ministry of Transport.",
    "Marek Brandt met Oskar Duarte in Port Emery to discuss the dispute.",
)


def documents(n: int) -> list[Document]:
    out = []
    for i in range(n):
        text = " ".join(s.format(n=i + 2) for s in SENTENCES[i % 2 :])
        out.append(Document(id=f"doc{i}", source=f"doc{i}.txt", text=text, date="2024-03-05"))
    return out


def key(dg) -> tuple:
    return (
        dg.document.id,
        [(e.label, e.type, [m.span for m in e.mentions]) for e in dg.entities],
        [(v.type, v.trigger, v.date, [(a.role, a.target) for a in v.arguments]) for v in dg.events],
    )


@pytest.mark.model
def test_workers_match_one_process():
    docs = documents(9)
    serial = [key(g) for g in process_serial(docs)]
    parallel = [key(g) for g in process(docs, jobs=2, batch_size=2)]  # 5 batches, 2 workers
    assert parallel == serial
    assert any(k[2] for k in serial)  # the comparison covers events, not just empty graphs


@pytest.mark.model
def test_metadata_reaches_components_in_workers():
    """doc._.kg_meta (publication date) travels to workers: "on Tuesday" gets resolved."""
    docs = documents(4)
    dates = [v.date for g in process(docs, jobs=2, batch_size=1) for v in g.events]
    assert any(d and d.startswith("2024-03") for d in dates)


@pytest.mark.parametrize("jobs", [0, -1])
def test_bad_jobs(jobs):
    with pytest.raises(errors.UsageError):
        list(process(documents(1), jobs=jobs))


def test_missing_model_in_workers_is_a_model_error():
    with pytest.raises(errors.ModelError):
        list(process(documents(4), jobs=2, batch_size=1, model="no_such_model_xyz"))


def test_defaults():
    assert default_jobs() >= 1
    assert [len(b) for b in batched(range(7), 3)] == [3, 3, 1]


def _corpus(tmp_path, n: int):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, d in enumerate(documents(n)):
        (folder / f"a{i}.txt").write_text(f"Story number {i}\n\n{d.text}\n", encoding="utf-8")
    return folder


@pytest.mark.model
def test_build_jobs_output_is_byte_identical(tmp_path):
    folder = _corpus(tmp_path, 5)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code = main(
            [
                "build",
                str(folder),
                "--out",
                str(out),
                "--jobs",
                jobs,
                "--batch-size",
                "2",
                "--quiet",
                "--no-validate",
            ]
        )
        assert code == 0
        outs.append((out / "graph.ttl").read_bytes())
    assert outs[0] == outs[1]
    assert b"@prefix kg: <https://w3id.org/kg-news/ontology#>" in outs[0]


def test_build_bad_jobs_is_usage_error(tmp_path, capsys):
    folder = _corpus(tmp_path, 1)
    assert main(["build", str(folder), "--out", str(tmp_path / "o"), "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
