"""Bad input gets a clear answer: one ``kg: error:`` line, a documented exit code, no traceback,
and the previous output left byte-identical.

Most cases call :func:`kg.cli.main` in-process (the model is loaded once per session); a
sample runs ``python -m kg`` in a subprocess to check the real process end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from kg import errors
from kg.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
GOOD = (
    "Harbour strike spreads to Kallstad\n\n"
    "Workers from the United Dock Workers went on strike in Kallstad on Monday. "
    "Anna Varga, the union leader, said the strike would continue until Friday.\n\n"
    "Police arrested 12 protesters in Kallstad, according to the Ministry of Transport.\n"
)
PREVIOUS_TTL = b"@prefix kg: <https://w3id.org/kg-news/ontology#> .\n# previous output\n"

DOCUMENTED = set(errors.EXIT_CODES)


def _build_options() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {s for a in sub.choices["build"]._actions for s in a.option_strings}


def build_argv(inputs: list[Path | str], out: Path) -> list[str]:
    """``kg build`` arguments: quiet, no SHACL (not under test here), one process."""
    argv = ["build", *map(str, inputs), "--out", str(out), "--quiet", "--no-validate"]
    if "--jobs" in _build_options():
        argv += ["--jobs", "1"]
    return argv


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors and --help
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("kg: error:")]


def assert_clear_failure(code: int, err: str, expected: type[errors.KgError], *words: str):
    """Exactly one error line naming the problem, the documented code, no traceback."""
    assert "Traceback" not in err
    assert code == expected.exit_code, err
    assert code in DOCUMENTED and code != 0
    lines = error_lines(err)
    assert len(lines) == 1, err
    other = [ln for ln in err.splitlines() if ln and not ln.startswith("kg: ")]
    assert other == [], err
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]


@pytest.fixture
def out(tmp_path) -> Path:
    """An output folder that already holds a previous build."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "graph.ttl").write_bytes(PREVIOUS_TTL)
    return folder


def assert_previous_intact(out: Path) -> None:
    assert (out / "graph.ttl").read_bytes() == PREVIOUS_TTL
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# -- kg build: inputs that are not articles -------------------------------------------------


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)


def _controls(path: Path) -> None:  # binary without NUL bytes: mostly control characters
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 500)


BAD_FILES = {
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "whitespace": (lambda p: p.write_text("  \n\t\n\r\n   \u00a0\n"), "empty"),
    "png-as-txt": (_png, "binary"),
    "control-bytes": (_controls, "binary"),
    "html-only-script": (
        lambda p: p.write_text("<html><script>alert('x')</script><style>p{}</style></html>"),
        "empty",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_named_bad_file_is_an_input_error(case, tmp_path, out, capsys):
    make, word = BAD_FILES[case]
    suffix = ".html" if case.startswith("html") else ".txt"
    path = tmp_path / f"{case}{suffix}"
    make(path)
    code, stdout, err = run(build_argv([path], out), capsys)
    assert_clear_failure(code, err, errors.InputError, word, path.name)
    assert stdout == ""
    assert_previous_intact(out)


def test_folder_of_only_bad_files_names_each_and_fails(tmp_path, out, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for case, (make, _) in BAD_FILES.items():
        make(corpus / f"{case}.txt")
    code, _, err = run(build_argv([corpus], out), capsys)
    assert_clear_failure(code, err, errors.InputError, "no articles")
    warned = [ln for ln in err.splitlines() if ln.startswith("kg: warning:")]
    for case in BAD_FILES:
        assert any(f"{case}.txt" in ln for ln in warned), (case, err)
    assert_previous_intact(out)


def test_bad_file_in_folder_is_skipped_and_good_one_kept(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    _png(corpus / "picture.txt")
    (corpus / "empty.txt").write_bytes(b"")
    code, stdout, err = run(build_argv([corpus], tmp_path / "o"), capsys)
    assert code == 0, err
    assert "Traceback" not in err
    assert any("picture.txt" in ln and "binary" in ln for ln in err.splitlines())
    assert any("empty.txt" in ln for ln in err.splitlines())
    assert str(tmp_path / "o" / "graph.ttl") in stdout
    graph = Graph().parse(tmp_path / "o" / "graph.ttl")
    assert len(graph) > 0


# -- kg build: encodings --------------------------------------------------------------------


LATIN1 = (
    "Protest in Zürich over café prices\n\n"
    "José Müller, the mayor of Zürich, said on Monday that the Ministry of Transport "
    "would meet the protesters. Police arrested 12 people near the Café Süd.\n"
)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_non_utf8_text_is_decoded_with_a_warning(encoding, tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_bytes(
        LATIN1.replace(
            "Café Süd", "Café Süd – “Ost”" if encoding == "cp1252" else "Café Süd"
        ).encode(encoding)
    )
    code, _, err = run(build_argv([path], tmp_path / "o"), capsys)
    assert code == 0, err
    warnings = [ln for ln in err.splitlines() if "UTF-8" in ln]
    assert len(warnings) == 1 and "article.txt" in warnings[0], err
    ttl = (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")
    assert "Zürich" in ttl  # decoded, not dropped or mangled into U+FFFD
    assert "\ufffd" not in ttl


def test_invalid_utf8_bytes_in_the_middle_are_decoded_with_a_warning(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_bytes(GOOD.encode() + b"\nA stray byte \xff\xfe here.\n")
    code, _, err = run(build_argv([path], tmp_path / "o"), capsys)
    assert code == 0, err
    assert any("not valid UTF-8" in ln and "article.txt" in ln for ln in err.splitlines())


# -- kg build: HTML with scripts ------------------------------------------------------------


def test_html_scripts_and_handlers_are_not_article_text(tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Strike in Kallstad</title>"
        "<script>document.write('INJECTED_SCRIPT_TEXT')</script></head><body>"
        "<nav>Home | World | Sign in</nav><article>"
        "<p>Workers from the United Dock Workers went on strike in Kallstad on Monday.</p>"
        "<script>var stolen = 'INJECTED_SCRIPT_TEXT';</script>"
        "<p onclick=\"alert('x')\">Anna Varga, the union leader, met Pavel Brandt in Vorsk.</p>"
        "<noscript>INJECTED_NOSCRIPT_TEXT</noscript></article></body></html>",
        encoding="utf-8",
    )
    code, _, err = run(build_argv([path], tmp_path / "o"), capsys)
    assert code == 0, err
    ttl = (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")
    assert "Anna Varga" in ttl
    assert "INJECTED_SCRIPT_TEXT" not in ttl
    assert "INJECTED_NOSCRIPT_TEXT" not in ttl
    assert "alert(" not in ttl


# -- kg build: JSONL with broken lines ------------------------------------------------------


def test_jsonl_broken_lines_reported_by_number_good_lines_kept(tmp_path, capsys):
    path = tmp_path / "feed.jsonl"
    good = [
        {"text": GOOD, "title": "Strike", "date": "2024-03-04"},
        {"text": "Pavel Brandt met Anna Varga in Vorsk on Tuesday to discuss the harbour."},
    ]
    lines = [
        json.dumps(good[0]),  # 1
        '{"text": "unterminated',  # 2
        json.dumps({"title": "no text field"}),  # 3
        "",  # 4: blank lines are not errors
        json.dumps(good[1]),  # 5
        json.dumps({"text": 42}),  # 6
        "[1, 2, 3]",  # 7: valid JSON, not an object
        json.dumps({"text": "   "}),  # 8: empty article
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(build_argv([path], tmp_path / "o"), capsys)
    assert code == 0, err
    assert "Traceback" not in err
    for number in (2, 3, 6, 7, 8):
        assert any(f"feed.jsonl:{number}:" in ln for ln in err.splitlines()), (number, err)
    for number in (1, 4, 5):
        assert not any(f"feed.jsonl:{number}:" in ln for ln in err.splitlines()), (number, err)
    graph = Graph().parse(tmp_path / "o" / "graph.ttl")
    docs = graph.query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }",
        initNs={"kg": "https://w3id.org/kg-news/ontology#"},
    )
    assert int(next(iter(docs))[0]) == 2


def test_jsonl_with_no_good_line_is_an_input_error(tmp_path, out, capsys):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"broken\nnot json at all\n{"title": 1}\n', encoding="utf-8")
    code, _, err = run(build_argv([path], out), capsys)
    assert_clear_failure(code, err, errors.InputError, "no articles")
    assert all(f"feed.jsonl:{n}:" in err for n in (1, 2, 3))
    assert_previous_intact(out)


# -- kg build: paths that cannot be read ----------------------------------------------------


def test_missing_path(tmp_path, out, capsys):
    code, _, err = run(build_argv([tmp_path / "nope.txt"], out), capsys)
    assert_clear_failure(code, err, errors.InputError, "nope.txt", "no such")
    assert_previous_intact(out)


def test_broken_symlink(tmp_path, out, capsys):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "target-that-does-not-exist.txt")
    code, _, err = run(build_argv([link], out), capsys)
    assert_clear_failure(code, err, errors.InputError, "gone.txt")
    assert_previous_intact(out)


def test_fifo_is_refused_without_blocking(tmp_path, out, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    start = time.monotonic()
    code, _, err = run(build_argv([fifo], out), capsys)
    assert time.monotonic() - start < 30
    assert_clear_failure(code, err, errors.InputError, "pipe.txt", "not a regular file")
    assert_previous_intact(out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path, out, capsys):
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)
    path.chmod(0)
    try:
        code, _, err = run(build_argv([path], out), capsys)
    finally:
        path.chmod(0o644)
    assert_clear_failure(code, err, errors.InputError, "secret.txt", "cannot read")
    assert_previous_intact(out)


# -- kg build: output that cannot be written ------------------------------------------------


def test_out_is_a_file(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    blocker = tmp_path / "out"
    blocker.write_bytes(b"a file, not a folder")
    code, stdout, err = run(build_argv([article], blocker), capsys)
    assert_clear_failure(code, err, errors.OutputError, "out")
    assert stdout == ""
    assert blocker.read_bytes() == b"a file, not a folder"


def test_out_under_a_file(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    code, _, err = run(build_argv([article], blocker / "sub" / "out"), capsys)
    assert_clear_failure(code, err, errors.OutputError, "cannot write")
    assert blocker.read_bytes() == b"x"


def test_graph_ttl_is_a_folder_leaves_other_output(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)
    code, _, err = run(build_argv([article], out), capsys)
    assert_clear_failure(code, err, errors.OutputError, "graph.ttl")
    assert (out / "graph.ttl").is_dir()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_folder(tmp_path, out, capsys):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    out.chmod(0o555)
    try:
        code, _, err = run(build_argv([article], out), capsys)
    finally:
        out.chmod(0o755)
    assert_clear_failure(code, err, errors.OutputError, "cannot write")
    assert_previous_intact(out)


# -- kg build / kg: usage errors ------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["build"],
        ["build", "x.txt", "--no-such-option"],
        ["frobnicate"],
        ["query", "g.ttl", "SELECT * {}", "--format", "xml"],
    ],
    ids=["nothing", "build-no-input", "unknown-option", "unknown-command", "bad-format"],
)
def test_usage_errors_exit_2(argv, capsys):
    code, _, err = run(argv, capsys)
    assert code == errors.UsageError.exit_code
    assert "Traceback" not in err
    assert len([ln for ln in err.splitlines() if "error:" in ln]) == 1


# -- kg query: bad graph files and bad SPARQL -----------------------------------------------

QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"

BAD_GRAPHS = {
    "truncated.ttl": b'@prefix kg: <https://w3id.org/kg-news/ontology#> .\n<urn:a> kg:p "unterm',
    "article.ttl": GOOD.encode(),
    "picture.ttl": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)),
    "latin1.ttl": '<urn:a> <urn:b> "Zürich" .\n'.encode("latin-1"),
    "broken.nt": b"<urn:a> <urn:b> .\n",
    "broken.jsonld": b'{"@id": "urn:a", ',
    "html.jsonld": b"<html><body>not json</body></html>",
    "broken.trig": b"<urn:g> { <urn:a> <urn:b> <urn:c> \n",
}


@pytest.mark.parametrize("name", sorted(BAD_GRAPHS))
def test_corrupt_or_non_rdf_graph_file(name, tmp_path, capsys):
    path = tmp_path / name
    path.write_bytes(BAD_GRAPHS[name])
    code, stdout, err = run(["query", str(path), QUERY, "--format", "csv"], capsys)
    assert_clear_failure(code, err, errors.GraphFileError, name)
    assert stdout == ""
    assert path.read_bytes() == BAD_GRAPHS[name]


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_graph_path_not_a_file(kind, tmp_path, capsys):
    path = tmp_path / "g.ttl"
    if kind == "folder":
        path.mkdir()
    code, _, err = run(["query", str(path), QUERY], capsys)
    assert_clear_failure(code, err, errors.GraphFileError, "g.ttl")


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("q") / "g.ttl"
    path.write_text(
        "@prefix kg: <https://w3id.org/kg-news/ontology#> .\n"
        '<https://w3id.org/kg-news/id/e1> a kg:Person ; kg:name "A" .\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?s WHERE { ?s ?p }",
        "SELEKT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o ",
        "SELECT * WHERE { ?s nope:p ?o }",
        "",
        "   ",
        'SELECT * WHERE { ?s ?p "unterminated }',
        "\x00\x01\x02",
    ],
    ids=["short-triple", "typo", "unclosed", "unknown-prefix", "empty", "blank", "string", "ctl"],
)
def test_malformed_sparql(sparql, small_graph, capsys):
    before = small_graph.read_bytes()
    code, stdout, err = run(["query", str(small_graph), sparql, "--format", "csv"], capsys)
    assert_clear_failure(code, err, errors.QueryError)
    assert stdout == ""
    assert small_graph.read_bytes() == before


def test_missing_query_file(small_graph, tmp_path, capsys):
    code, _, err = run(["query", str(small_graph), str(tmp_path / "q.rq")], capsys)
    assert_clear_failure(code, err, errors.QueryError, "q.rq")


def test_query_file_with_invalid_utf8(small_graph, tmp_path, capsys):
    path = tmp_path / "q.rq"
    path.write_bytes(b'SELECT * WHERE { ?s ?p "\xff" }')
    code, _, err = run(["query", str(small_graph), str(path)], capsys)
    assert "Traceback" not in err
    assert code in (0, errors.QueryError.exit_code), err
    assert len(error_lines(err)) == (0 if code == 0 else 1)


# -- the same, as real processes ------------------------------------------------------------


def _subprocess(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("KG_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_real_process_gives_one_line_and_documented_codes(tmp_path, out):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad_graph = tmp_path / "bad.ttl"
    bad_graph.write_bytes(BAD_GRAPHS["truncated.ttl"])
    cases = [
        (build_argv([empty], out), errors.InputError),
        (["query", str(bad_graph), QUERY], errors.GraphFileError),
        (["query", str(ROOT / "pyproject.toml"), QUERY], errors.GraphFileError),
    ]
    for argv, expected in cases:
        proc = _subprocess(argv, tmp_path)
        assert_clear_failure(proc.returncode, proc.stderr, expected)
        assert proc.stdout == ""
    assert_previous_intact(out)


# -- size: one huge article, many tiny files ------------------------------------------------

HUGE = bool(os.environ.get("KG_TEST_HUGE"))


def test_twenty_megabyte_article_is_read_in_bounded_parts(tmp_path):
    """The 20 MB article through ingest and batching (the NLP of it is the opt-in test below)."""
    from synthetic import long_article

    from kg.ingest import MAX_CHARS, iter_documents
    from kg.pipeline import BATCH_CHARS, BATCH_SIZE, text_batches

    path = tmp_path / "huge.txt"
    path.write_text(long_article(20_000_000), encoding="utf-8")
    warnings: list[str] = []
    parts = list(iter_documents([path], warn=warnings.append))
    assert len(parts) >= 200 and all(0 < len(p.text) <= MAX_CHARS for p in parts)
    assert len(warnings) == 1 and "parts" in warnings[0]
    body = path.read_text(encoding="utf-8").split("\n", 1)[1]  # the title line is metadata
    assert "".join(p.text for p in parts).replace("\n", "") == body.replace("\n", "")
    batches = list(text_batches(parts, BATCH_SIZE))
    assert sum(len(b) for b in batches) == len(parts)
    assert all(sum(len(d.text) for d in b) <= max(BATCH_CHARS, MAX_CHARS) for b in batches)


@pytest.mark.slow
def test_very_long_article_is_processed_in_parts(tmp_path, capsys):
    from synthetic import long_article

    from kg.ingest import MAX_CHARS

    size = 20_000_000 if HUGE else 3 * MAX_CHARS + 1_000  # KG_TEST_HUGE=1: the 20 MB article
    path = tmp_path / "huge.txt"
    path.write_text(long_article(size), encoding="utf-8")
    start = time.monotonic()
    code, _, err = run(build_argv([path], tmp_path / "o"), capsys)
    seconds = time.monotonic() - start
    assert code == 0, err
    assert "Traceback" not in err
    store = pyoxigraph.Store()  # an independent parser, and fast on large files
    store.load(path=str(tmp_path / "o" / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    sources = {
        row["s"].value
        for row in store.query(
            "SELECT DISTINCT ?s WHERE { ?d a <https://w3id.org/kg-news/ontology#Document> ; "
            "<http://purl.org/dc/terms/source> ?s }"
        )
    }
    assert sources == {f"{path}#part{i}" for i in range(1, len(sources) + 1)}
    assert len(sources) >= 4  # processed, in parts of at most MAX_CHARS
    with capsys.disabled():
        print(f"\nlong article: {size} chars in {seconds:.0f} s")


#: 10,000 files took 335 s on a loaded 2-core machine (1,000: 30 s): the default run uses
#: 2,000; ``KG_TEST_HUGE=1`` (or ``KG_TEST_TINY_COUNT``) runs the full 10,000.
TINY = int(os.environ.get("KG_TEST_TINY_COUNT", 10_000 if HUGE else 2_000))


@pytest.mark.slow
def test_ten_thousand_tiny_files(tmp_path, capsys):
    from synthetic import FIRST, LAST, PLACES

    corpus = tmp_path / "tiny"
    for i in range(TINY):
        sub = corpus / f"{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // 10) % len(LAST)]}"
        (sub / f"{i:05d}.txt").write_text(
            f"{name} arrived in {PLACES[i % len(PLACES)]} on day {i}.\n", encoding="utf-8"
        )
    start = time.monotonic()
    code, _, err = run(build_argv([corpus], tmp_path / "o"), capsys)
    seconds = time.monotonic() - start
    assert code == 0, err
    assert "Traceback" not in err
    graph = Graph().parse(tmp_path / "o" / "graph.ttl")
    docs = graph.query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }",
        initNs={"kg": "https://w3id.org/kg-news/ontology#"},
    )
    assert int(next(iter(docs))[0]) == TINY  # every file is one document, none lost
    with capsys.disabled():
        print(f"\n{TINY} tiny files in {seconds:.0f} s")
