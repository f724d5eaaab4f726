"""A newcomer's rough edges (issue 17 item 7, the command-line parts).

Store folders given to ``kg query`` as a graph, ``kg build --store`` writing ``output/``
unasked, ``kg analyze``'s default output, ``SELECT *`` column order, and a mistyped option.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
PERSON = "https://w3id.org/kg-news/id/person/ann"
KG = "https://w3id.org/kg-news/ontology#"


@pytest.fixture
def store(tmp_path):
    from kg.store import DATABASE, DocumentStore

    path = tmp_path / "corpus.kg"
    DocumentStore(path).close()
    db = ox.Store(str(path / DATABASE))
    db.add(ox.Quad(ox.NamedNode(PERSON), ox.NamedNode(KG + "age"), ox.Literal("41")))
    db.flush()
    del db
    return path


def test_query_on_a_store_folder_queries_the_store(store, capsys):
    assert main(["query", str(store), "SELECT ?age WHERE { ?p kg:age ?age }", "-f", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["age", "41"]


@pytest.mark.parametrize("command", ["analyze", "viz"])
def test_other_commands_on_a_store_folder_say_to_use_store(command, store, tmp_path, capsys):
    assert main([command, str(store), "--out", str(tmp_path / "x.md")]) == 7
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--store {store}" in err


def test_query_on_a_plain_folder_says_it_is_a_folder(tmp_path, capsys):
    assert main(["query", str(tmp_path), "ASK {}"]) == 7
    err = capsys.readouterr().err
    assert "is a folder" in err and "no such file" not in err


def test_analyze_help_says_where_the_report_goes(capsys):
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "report.md, report.json and report.png in the current folder" in text


def test_build_into_a_store_writes_only_the_store_unless_out_is_given(
    tmp_path, monkeypatch, capsys
):
    article = tmp_path / "a.txt"
    article.write_text("Harbour strike\n\nDock workers in Keldra stopped work.\n")
    monkeypatch.chdir(tmp_path)
    args = ["build", str(article), "--store", "corpus.kg", "-j", "1", "--no-validate", "-q"]
    assert main(args) == 0
    assert not (tmp_path / "output").exists()
    assert "add --out DIR" in capsys.readouterr().out
    assert main([*args, "--out", "files"]) == 0
    assert (tmp_path / "files" / "graph.ttl").is_file() and not (tmp_path / "output").exists()


STAR = "SELECT * WHERE { ?person kg:age ?age . OPTIONAL { ?person rdfs:label ?name } }"


def _columns(source: list[str], seed: int) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=str(seed))
    code = "import sys; from kg.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        [sys.executable, "-c", code, "query", *source, STAR, "-f", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()[0]


def test_select_star_columns_follow_the_query_on_files_and_stores(store, tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text(
        f'<{PERSON}> <{KG}age> 41 ; <http://www.w3.org/2000/01/rdf-schema#label> "Ann" .'
    )
    heads = {_columns([str(ttl)], seed) for seed in (1, 2, 3, 4)}
    assert heads == {"person,age,name"}
    assert _columns(["--store", str(store)], 5) == "person,age,name"


@pytest.mark.parametrize(
    ("argv", "usage", "hint"),
    [
        (["build", "a.txt", "--ot", "x"], "usage: kg build", "did you mean --out?"),
        (
            ["query", "g.ttl", "ASK {}", "--timout", "3"],
            "usage: kg query",
            "did you mean --timeout?",
        ),
        (["analyze", "g.ttl", "--tpo", "3"], "usage: kg analyze", "did you mean --top?"),
    ],
)
def test_a_mistyped_option_gets_the_subcommand_usage_and_a_suggestion(argv, usage, hint, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and hint in err and "Traceback" not in err


def test_an_option_far_from_any_gets_no_guess(capsys):
    with pytest.raises(SystemExit):
        main(["build", "a.txt", "--zzzzzz"])
    err = capsys.readouterr().err
    assert err.startswith("usage: kg build") and "did you mean" not in err
