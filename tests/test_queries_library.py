"""The query library ``examples/queries/*.rq`` on the examples' graph.

Every query must say the question it answers and the columns it returns, run, return those
columns, and agree with the graph: expectations are computed here from the graph with
rdflib's triple API (never from article names), since extraction keeps improving.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.graphio import load_graph
from kg.namespace import KG, NIF
from kg.query import parse_query, run_query

QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"
ALL = sorted(QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def graph(examples_ttl) -> Graph:
    return load_graph([examples_ttl])


def _text(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def _run(graph: Graph, name: str, text: str | None = None):
    return run_query(graph, text if text is not None else _text(name)).dicts()


def _labels(graph: Graph, node: object) -> set[str]:
    return {str(x) for x in graph.objects(node, RDFS.label)}


def _classes(graph: Graph, ev: object) -> set[URIRef]:
    return set(graph.objects(ev, RDF.type)) - {KG.Event}


def _events_of(graph: Graph, classes: set[URIRef]) -> set[URIRef]:
    return {ev for c in classes for ev in graph.subjects(RDF.type, c)}


def _has_evidence(graph: Graph, ev: object) -> bool:
    return any(graph.objects(s, NIF.anchorOf) for s in graph.objects(ev, KG.evidence))


def test_the_library_covers_the_questions():
    names = {p.stem for p in ALL}
    assert names >= {
        "who-attacked-whom",
        "actor-timeline",
        "statements-by-source",
        "people",
        "negotiations-and-meetings",
        "casualties",
        "events-by-place",
        "evidence",
    }


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_each_query_states_its_question_parses_and_returns_its_columns(graph, path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Question: ")
    columns = re.search(r"^# Columns: (.+)$", text, flags=re.M)
    assert columns, "each query lists the columns it returns"
    parse_query(text)
    result = run_query(graph, text)
    assert result.kind == "SELECT"
    assert result.variables == [c.strip() for c in columns[1].split(",")]


def test_who_attacked_whom(graph):
    classes = {KG.Attack, KG.Fight, KG.Killing}
    expected = {
        ev
        for ev in _events_of(graph, classes)
        if _has_evidence(graph, ev)
        and any(_labels(graph, x) for p in (KG.agent, KG.patient) for x in graph.objects(ev, p))
    }
    rows = _run(graph, "who-attacked-whom.rq")
    assert expected, "the examples report attacks"
    assert {r["attack"] for r in rows} == expected
    for r in rows:
        agents = {
            label for a in graph.objects(r["attack"], KG.agent) for label in _labels(graph, a)
        }
        if "attacker" in r:
            assert str(r["attacker"]) in agents
        assert KG[str(r["class"])] in _classes(graph, r["attack"])


ROLES = (KG.agent, KG.patient, KG.participant, KG.topic)


def test_actor_timeline_for_the_busiest_actor(graph):
    involvement: dict[URIRef, set] = defaultdict(set)
    for role in ROLES:
        for ev, ent in graph.subject_objects(role):
            if _labels(graph, ent) and _classes(graph, ev) and _has_evidence(graph, ev):
                involvement[ent].add(ev)
    actor = max(sorted(involvement), key=lambda e: len(involvement[e]))
    label = sorted(_labels(graph, actor))[0]
    text = _text("actor-timeline.rq")
    assert "VALUES ?name { UNDEF }" in text  # the documented placeholder
    quoted = Literal(label).n3()
    rows = _run(graph, "", text.replace("VALUES ?name { UNDEF }", f"VALUES ?name {{ {quoted} }}"))
    assert {r["event"] for r in rows} >= involvement[actor]
    assert {str(r["actor"]) for r in rows} == _labels(graph, actor) & {
        str(r["actor"]) for r in rows
    }
    dates = [str(r["date"]) for r in rows if "date" in r]
    assert dates == sorted(dates)
    # an alternative label finds the same actor
    alts = sorted(str(a) for a in graph.objects(actor, SKOS.altLabel))
    if alts:
        alt = Literal(alts[0]).n3()
        by_alt = _run(
            graph, "", text.replace("VALUES ?name { UNDEF }", f"VALUES ?name {{ {alt} }}")
        )
        assert {r["event"] for r in by_alt} >= involvement[actor]


def test_statements_by_source(graph):
    expected = {
        (str(label), ev)
        for ev in graph.subjects(RDF.type, KG.Statement)
        if _has_evidence(graph, ev)
        for a in graph.objects(ev, KG.agent)
        for label in _labels(graph, a)
    }
    reported = {
        (str(label), ev)
        for ev, src in graph.subject_objects(KG.reportedBy)
        if _has_evidence(graph, ev) and _classes(graph, ev)
        for label in _labels(graph, src)
    }
    rows = _run(graph, "statements-by-source.rq")
    assert expected, "the examples quote sources"
    assert {
        (str(r["source"]), r["statement"]) for r in rows if r["kind"] == Literal("statement")
    } == expected
    assert {
        (str(r["source"]), r["statement"]) for r in rows if r["kind"] == Literal("reported")
    } == reported
    for r in rows:  # "about" names the topic entity or the topic event's class
        if r["kind"] == Literal("statement") and "about" in r:
            topics = set(graph.objects(r["statement"], KG.topic))
            names = {lab for t in topics for lab in _labels(graph, t)}
            names |= {c.split("#")[1] for t in topics for c in map(str, _classes(graph, t))}
            assert str(r["about"]) in names


def test_people_with_titles_and_ages(graph):
    people = {p for p in graph.subjects(RDF.type, KG.Person) if _labels(graph, p)}
    rows = _run(graph, "people.rq")
    assert people, "the examples name people"
    assert {r["person"] for r in rows} == people
    for r in rows:
        titles = {str(t) for t in graph.objects(r["person"], KG.title)}
        got = set(str(r.get("titles", "")).split("; ")) - {""}
        assert got == titles
        ages = {int(a) for a in graph.objects(r["person"], KG.age)}
        assert (int(r["age"]) in ages) if "age" in r else not ages
    assert any(graph.objects(None, KG.title)) == any(
        "titles" in r and str(r["titles"]) for r in rows
    )


def test_negotiations_and_meetings(graph):
    expected: dict[URIRef, set[str]] = {}
    for ev in _events_of(graph, {KG.Negotiation, KG.Meeting}):
        if not _has_evidence(graph, ev):
            continue
        parties = {
            lab
            for p in (KG.agent, KG.patient, KG.participant)
            for x in graph.objects(ev, p)
            for lab in _labels(graph, x)
        }
        if parties:
            expected[ev] = parties
    rows = _run(graph, "negotiations-and-meetings.rq")
    assert {r["event"]: set(str(r["parties"]).split("; ")) for r in rows} == expected


def test_casualties(graph):
    expected = {
        ev
        for ev in _events_of(graph, {KG.Death, KG.Killing, KG.Injury})
        if _has_evidence(graph, ev) and str(graph.value(ev, KG.polarity)) != "negative"
    }
    rows = _run(graph, "casualties.rq")
    assert {r["event"] for r in rows} == expected
    for r in rows:
        if "count" not in r:
            continue
        own = {int(c) for c in graph.objects(r["event"], KG.count)}
        victims = {
            int(c)
            for v in graph.objects(r["event"], KG.patient)
            for c in graph.objects(v, KG.count)
        }
        assert int(r["count"]) in (own or victims)


def test_events_by_place(graph):
    counts: dict[URIRef, set] = defaultdict(set)
    for ev, place in graph.subject_objects(KG.place):
        if _labels(graph, place) and _classes(graph, ev):
            counts[place].add(ev)
    rows = _run(graph, "events-by-place.rq")
    assert {r["place"]: int(r["events"]) for r in rows} == {p: len(e) for p, e in counts.items()}
    assert [int(r["events"]) for r in rows] == sorted(
        (int(r["events"]) for r in rows), reverse=True
    )


def test_evidence_is_the_exact_text_of_the_article(graph):
    rows = _run(graph, "evidence.rq")
    events = {ev for ev in graph.subjects(KG.evidence, None) if _classes(graph, ev)}
    assert events, "every example article yields events"
    assert {r["event"] for r in rows} == events
    for r in rows[:200]:
        sentence = graph.value(r["event"], KG.evidence)
        context = graph.value(sentence, NIF.referenceContext)
        text = str(graph.value(context, NIF.isString))
        assert text[int(r["begin"]) : int(r["end"])] == str(r["sentence"])
    one = sorted(events)[0]
    text = _text("evidence.rq").replace("VALUES ?event { UNDEF }", f"VALUES ?event {{ <{one}> }}")
    assert {r["event"] for r in _run(graph, "", text)} == {one}


def test_open_events_lists_every_predicate_with_its_roles(graph):
    rows = run_query(graph, (QUERIES / "open-events.rq").read_text(encoding="utf-8")).rows
    classes = {str(r[3]) for r in rows}
    assert "Event" in classes and len(classes) > 1  # open and typed events side by side
    predicates = {str(r[2]) for r in rows}
    assert len(predicates) > 10
    events_with_roles = {(r[0], r[1]) for r in rows if r[4] is not None}
    assert events_with_roles and all(
        r[5] is not None for r in rows if r[4] is not None and str(r[4]) != "place"
    )
    begins = [int(r[1]) for r in rows if r[0] == rows[0][0]]
    assert begins == sorted(begins)  # text order within an article
