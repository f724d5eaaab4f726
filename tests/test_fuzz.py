"""Property-based tests: hostile Unicode never crashes ingest or extraction, and whatever is
written parses as Turtle with an independent parser (pyoxigraph) and conforms to the shapes.

Texts mix our own news sentences (so the extractors fire and their output is exercised) with
random Unicode: control characters, bidirectional marks, zero-width joiners, emoji
sequences, combining marks, Turtle/HTML syntax fragments and very long tokens.
"""

from __future__ import annotations

import random

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import sentence

from kg import errors
from kg.ingest import decode, document_id, parse_text, read_file

SPECIAL = (
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\r",
    "\r\n",
    "\t",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u3000",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "👩‍👩‍👧",
    "🇺🇦",
    "🏳️‍🌈",
    "e\u0301",
    "Z̴̡̛a̷l̸g̵o",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "مرحبا بالعالم",
    "שלום",
    "東京で会議",
    "Ünïcödé",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u0022",
    "<script>alert(1)</script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "@prefix x: <y> .",
    "<urn:x>",
    "^^xsd:int",
    "@en",
    "_:b0",
    "# comment",
    "{{ }}",
    "%s",
    "\\n",
    "Mr.",
    "U.S.",
    "...",
    "—",
    "–",
)

NEWS = [sentence(random.Random(i)) for i in range(40)]

piece = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(SPECIAL),
    st.sampled_from(NEWS),
    st.sampled_from(NEWS),
    st.integers(min_value=200, max_value=20_000).map(lambda n: "x" * n),
    st.tuples(st.sampled_from(SPECIAL), st.integers(1, 400)).map(lambda t: t[0] * t[1]),
)
separator = st.sampled_from([" ", "", "\n", "\n\n", " \u200f", "\t", ". "])
texts = st.lists(st.tuples(piece, separator), min_size=1, max_size=14).map(
    lambda parts: "".join(p + s for p, s in parts)
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# -- ingest ---------------------------------------------------------------------------------


@FAST
@given(texts)
def test_parse_text_never_crashes_and_is_deterministic(text):
    doc = parse_text(text, source="fuzz.txt")
    again = parse_text(text, source="fuzz.txt")
    assert doc == again
    assert doc.id == document_id(doc.text)
    assert isinstance(doc.text, str)
    assert "\r" not in doc.text  # newlines normalised: offsets count one char per break
    if doc.title is not None:
        assert "\n" not in doc.title


@FAST
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_binary_error(data):
    warnings: list[str] = []
    try:
        text = decode(data, "fuzz.txt", warnings.append)
    except errors.InputError as exc:
        assert "binary" in exc.message
        return
    assert isinstance(text, str)
    assert len(warnings) <= 1


@FAST
@given(
    data=st.one_of(st.binary(max_size=3000), texts.map(lambda t: t.encode("utf-8"))),
    suffix=st.sampled_from([".txt", ".html", ".jsonl"]),
)
def test_read_file_gives_documents_or_an_input_error(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"article{suffix}"
    path.write_bytes(data)
    try:
        docs = list(read_file(path, lambda _: None))
    except errors.InputError as exc:
        assert "\n" not in exc.message
        return
    for doc in docs:
        assert doc.text.strip()


# -- extraction and RDF ---------------------------------------------------------------------


def _validate(graph):
    try:
        from kg.validate import validate
    except ImportError:  # pragma: no cover - the validator lands separately
        pytest.skip("kg.validate is not available")
    return validate(graph)


@pytest.mark.model
@MODEL
@given(texts)
def test_extraction_output_is_turtle_and_conforms(nlp, text):
    from kg.pipeline import process
    from kg.rdf import to_rdf

    document = parse_text(text, source="fuzz.txt")
    if not document.text.strip():
        return
    [dg] = list(process([document]))
    for entity in dg.entities:
        for mention in entity.mentions:  # every fact points back to its exact characters
            for span in (mention.span, mention.sentence):
                assert document.text[span.start : span.end] == span.text
    graph = to_rdf([dg])
    turtle = graph.serialize(format="turtle")
    quads = list(pyoxigraph.parse(turtle.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph)
    report = _validate(graph)
    assert report.conforms, report.violations[:5]


@pytest.mark.model
@MODEL
@given(texts)
def test_build_on_a_file_writes_parseable_conforming_turtle(nlp, tmp_path_factory, text):
    import kg

    folder = tmp_path_factory.mktemp("fuzzbuild")
    path = folder / "article.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        kb = kg.build([path])
    except errors.InputError as exc:  # empty or binary-looking text: a clear refusal
        assert "\n" not in exc.message
        return
    kb.to_turtle(folder / "graph.ttl")
    with (folder / "graph.ttl").open("rb") as fh:
        quads = list(pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(kb.graph)
    report = kb.validate()
    assert report.conforms, report.violations[:5]
