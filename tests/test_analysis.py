"""kg.analysis, kg.report and ``kg analyze``: the NetworkX projection and what it reports."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS

from kg import errors
from kg.analysis import (
    analyze,
    betweenness,
    central_actors,
    communities,
    components,
    entity_graph,
    find_entity,
    project,
    shortest_chain,
    summary,
    timeline,
)
from kg.cli import main
from kg.namespace import ID, KG, NIF
from kg.report import render_chart, render_report


def _graph() -> Graph:
    """Two clusters: a-b-c linked by attacks and a meeting, d-e by an arrest; f alone.

    An event with only a patient (a death) and a statement naming a place are included so
    the two projections differ.
    """
    g = Graph()
    names = {"a": "Ann <b>", "b": "Bo | Co", "c": "Cy $x$", "d": "Di", "e": "Ed", "f": "Fay"}
    for key, label in names.items():
        g.add((ID[f"person/{key}"], RDF.type, KG.Person))
        g.add((ID[f"person/{key}"], RDFS.label, Literal(label)))
    g.add((ID["place/p"], RDF.type, KG.City))
    g.add((ID["place/p"], RDFS.label, Literal("Port")))
    doc = ID["doc/d1"]
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, DCTERMS.date, Literal("2021-05-01", datatype=XSD.date)))

    def event(n, cls, date=None, **roles):
        ev = ID[f"event/d1/{n}"]
        g.add((ev, RDF.type, cls))
        g.add((ev, KG.trigger, ID[f"doc/d1#char={n},{n + 1}"]))
        g.add((ev, KG.document, doc))
        sent = ID[f"doc/d1#char={100 + n},{200 + n}"]
        g.add((ev, KG.evidence, sent))
        g.add((sent, NIF.anchorOf, Literal(f"Sentence {n} says what happened.")))
        if date:
            g.add((ev, KG.date, Literal(date, datatype=XSD.date)))
        for role, targets in roles.items():
            for t in targets.split():
                g.add((ev, KG[role], ID[f"person/{t}"] if t != "p" else ID["place/p"]))
        return ev

    event(1, KG.Attack, "2021-04-02", agent="a", patient="b")
    event(2, KG.Attack, "2021-04-01", agent="a", patient="b")
    event(3, KG.Meeting, participant="b c", place="p")
    event(4, KG.Arrest, "2021-04-03", agent="d", patient="e")
    event(5, KG.Death, patient="c")
    return g


@pytest.fixture
def rdf() -> Graph:
    return _graph()


def _iri(key: str) -> str:
    return str(ID[f"person/{key}"])


def test_projection_events_as_edges(rdf):
    g = project(rdf)
    assert g.number_of_nodes() == 7  # six people and one place; no events, no literals
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"entity"}
    attacks = g.get_edge_data(_iri("a"), _iri("b"))
    assert sorted(d["label"] for d in attacks.values()) == ["Attack", "Attack"]
    assert g.has_edge(_iri("b"), _iri("c")) or g.has_edge(_iri("c"), _iri("b"))
    assert g.number_of_edges() == 4  # two attacks, the meeting, the arrest
    assert g.nodes[str(ID["place/p"])]["type"] == "City"


def test_projection_events_as_nodes(rdf):
    g = project(rdf, events_as="nodes")
    kinds = [d["kind"] for _, d in g.nodes(data=True)]
    assert kinds.count("event") == 5 and kinds.count("entity") == 7
    death = str(ID["event/d1/5"])
    assert list(g.successors(death)) == [_iri("c")]  # kept, unlike with events as edges
    assert g.get_edge_data(str(ID["event/d1/3"]), str(ID["place/p"]))["place"]["label"] == "place"
    with pytest.raises(errors.UsageError):
        project(rdf, events_as="hyperedges")


def test_centrality_ranks_the_hub_first(rdf):
    rows = central_actors(project(rdf), top=3)
    assert rows[0]["iri"] == _iri("b")  # linked to a (twice) and c
    assert rows[0]["events"] == 3
    assert all(0 <= r["pagerank"] <= 1 and 0 <= r["betweenness"] <= 1 for r in rows)
    assert rows[0]["betweenness"] > 0  # b is on the a-c chain


def test_betweenness_is_sampled_on_large_graphs():
    g = nx.MultiDiGraph()
    g.add_nodes_from((i, {"label": str(i), "type": "Person"}) for i in range(700))
    g.add_edges_from((i, i + 1) for i in range(699))
    rows = central_actors(g, top=1)
    assert rows and rows[0]["betweenness"] > 0
    assert central_actors(g, top=5) == central_actors(g, top=5)  # seeded: deterministic


def test_betweenness_of_a_few_nodes_is_networkxs_on_the_whole_graph():
    import random

    rng = random.Random(1)
    g = nx.Graph()
    for c in range(30):  # components of 1 to 12 nodes
        nodes = range(c * 100, c * 100 + rng.randint(1, 12))
        g.add_nodes_from(nodes)
        g.add_edges_from((rng.choice(nodes), rng.choice(nodes)) for _ in range(2 * len(nodes)))
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    whole = nx.betweenness_centrality(g)
    some = sorted(g, key=lambda n: -g.degree(n))[:10]
    assert any(whole[n] > 0 for n in some)
    assert betweenness(g, some) == pytest.approx({n: whole[n] for n in some}, abs=1e-12)


def test_communities_components_and_chain(rdf):
    g = project(rdf)
    assert communities(g) == communities(g)
    members = {frozenset(c) for c in communities(g)}
    assert frozenset({_iri("d"), _iri("e")}) in members
    comps = components(g)
    assert [len(c) for c in comps] == [3, 2, 1, 1]
    chain = shortest_chain(g, _iri("a"), _iri("c"))
    assert [(s["from"], s["to"]) for s in chain] == [(_iri("a"), _iri("b")), (_iri("b"), _iri("c"))]
    assert [e["type"] for e in chain[0]["events"]] == ["Attack", "Attack"]
    assert shortest_chain(g, _iri("a"), _iri("d")) is None
    # with events as nodes the chain passes through the events
    gn = project(rdf, events_as="nodes")
    nodes_chain = shortest_chain(gn, _iri("a"), _iri("c"))
    assert len(nodes_chain) == 4
    assert {frozenset(c) for c in communities(gn)} >= {frozenset({_iri("d"), _iri("e")})}
    assert entity_graph(gn).has_edge(_iri("b"), _iri("c"))


@pytest.mark.parametrize("name", ["Ann <b>", "ann <B>", "  Ann   <b> "])
def test_find_entity_by_label(rdf, name):
    assert find_entity(project(rdf), name) == _iri("a")


def test_find_entity_by_iri_and_alt_label(rdf):
    rdf.add((ID["person/e"], RDF.type, KG.Person))
    from rdflib.namespace import SKOS

    rdf.add((ID["person/e"], SKOS.altLabel, Literal("Edward")))
    g = project(rdf)
    assert find_entity(g, _iri("d")) == _iri("d")
    assert find_entity(g, "edward", graph=rdf) == _iri("e")
    with pytest.raises(errors.UsageError, match="no entity named 'Nobody'"):
        find_entity(g, "Nobody")


def test_timeline_orders_by_date_and_falls_back_to_the_document(rdf):
    rows = timeline(rdf)
    assert [r["event"].rsplit("/", 1)[1] for r in rows[:3]] == ["2", "1", "4"]
    assert [r["date_source"] for r in rows[:3]] == ["event"] * 3
    assert {r["date_source"] for r in rows[3:]} == {"document"}
    assert len(rows) == 5
    assert rows[0]["evidence"] == "Sentence 2 says what happened."
    assert {p["role"] for p in rows[0]["participants"]} == {"agent", "patient"}


def test_report_escapes_article_text_and_shows_sections(rdf):
    stats = analyze(rdf, path=("Ann <b>", "Cy $x$"))
    md = render_report(stats, chart="report.png")
    assert "Ann \\<b\\>" in md and "<b>" not in md
    assert "Bo \\| Co" in md
    for heading in (
        "## Most central actors",
        "## Communities",
        "## Connected components",
        "## Chain from",
        "## Timeline",
    ):
        assert heading in md
    assert "![" in md
    json.dumps(stats)  # JSON-ready
    assert render_chart(stats)[:8] == b"\x89PNG\r\n\x1a\n"  # "$x$" is not mathtext
    # the summary kg build uses still renders
    assert "## Most central actors" in render_report(summary(rdf))


def test_cli_analyze(rdf, tmp_path, capsys):
    ttl = tmp_path / "g.ttl"
    rdf.serialize(ttl, format="turtle")
    out = tmp_path / "out" / "report.md"
    assert main(["analyze", str(ttl), "--out", str(out), "--path", "Di", _iri("e")]) == 0
    data = json.loads(out.with_suffix(".json").read_text())
    assert [s["to"] for s in data["path"]["steps"]] == [_iri("e")]
    assert data["projection"]["events_as"] == "edges"
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
    assert "Chain from Di to Ed" in out.read_text()
    assert main(["analyze", str(ttl), "--out", str(out), "--events-as", "nodes"]) == 0
    assert json.loads(out.with_suffix(".json").read_text())["projection"]["nodes"] == 12
    capsys.readouterr()
    assert main(["analyze", str(ttl), "--out", str(out), "--path", "Di", "Nobody"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Nobody" in err


def test_examples_graph_analysis_is_consistent(examples_kb):
    stats = analyze(examples_kb.graph, top=5)
    g = project(examples_kb.graph)
    assert stats["entities"] == sum(1 for _ in g.nodes)
    assert stats["components"] == nx.number_connected_components(entity_graph(g))
    assert sum(len(c) for c in components(g)) == g.number_of_nodes()
    dates = [r["date"] for r in stats["timeline"]]
    assert dates == sorted(dates)
    assert analyze(examples_kb.graph, top=5) == stats  # deterministic


def test_open_events_are_left_out_unless_asked_for(examples_kb):
    from kg.analysis import analyze, events, project

    g = examples_kb.graph
    typed, every = events(g), events(g, open_events=True)
    assert set(typed) < set(every)
    assert all(info["type"] != "Event" for info in typed.values())
    assert any(info["type"] == "Event" for info in every.values())
    assert project(g).number_of_edges() < project(g, open_events=True).number_of_edges()
    report = analyze(g)
    assert report["events"] == len(typed) and report["open_events"] == len(every) - len(typed)
