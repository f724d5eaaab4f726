"""kg.viz without a browser: the page is self-contained, escaped, deterministic and fast.

What the page does when a browser runs it is tested in ``tests/test_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.analysis import project
from kg.cli import main
from kg.namespace import ID, KG, NIF
from kg.styles import SHAPES, Vocabulary, class_styles, styles_for, vocabulary
from kg.viz import graph_data, highlighted, json_for_script, render_html, to_pyvis, write_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"'><",
    "</script><script>alert(2)</script>",
    "<!-- \u2028 \u2029 &amp; -->",
]


def _graph(labels: list[str]) -> Graph:
    g = Graph()
    for i, label in enumerate(labels):
        e = ID[f"person/p{i}"]
        g.add((e, RDF.type, KG.Person))
        g.add((e, RDFS.label, Literal(label)))
        g.add((e, SKOS.altLabel, Literal(label + " alt")))
        g.add((e, KG.title, Literal(label + " title")))
        if i:
            ev = ID[f"event/d/{i}"]
            g.add((ev, RDF.type, KG.Attack))
            g.add((ev, KG.trigger, URIRef(f"{ID}doc/d#char={i},{i + 1}")))
            g.add((ev, KG.agent, ID[f"person/p{i - 1}"]))
            g.add((ev, KG.patient, e))
            s = URIRef(f"{ID}doc/d#char={100 * i},{100 * i + 50}")
            g.add((ev, KG.evidence, s))
            g.add((s, NIF.anchorOf, Literal(f"{labels[i - 1]} attacked {label}.")))
    return g


def _data_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m[1])


def test_page_is_self_contained():
    page = render_html(_graph(["A", "B"]))
    # no external resource of any kind: no src/href to a URL, no @import, no CDN
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "@import" not in page
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "googleapis", "bootstrap"):
        assert cdn not in page.lower()
    assert "sourceMappingURL" not in page
    assert "vis-network" in page and "function" in page  # the library is inlined
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    for directive in (
        "default-src 'none'",
        "connect-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    ):
        assert directive in csp


def test_csp_allows_exactly_the_page_scripts():
    page = render_html(_graph(["A", "B"]))
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 2
    csp = re.search(r"script-src ([^;]+);", page)[1].split()
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    }
    assert set(csp) == expected  # no 'unsafe-inline': injected handlers could not run


def test_hostile_text_is_escaped_and_round_trips():
    page = render_html(_graph(HOSTILE), title=HOSTILE[0])
    data_start = page.index('id="kg-data">')
    for text in HOSTILE:
        assert text not in page  # never raw anywhere: not in the data, not in the title
    assert page.count("</script>") == 3  # the data element and our two scripts
    assert "<title>&lt;script&gt;" in page[:data_start]
    data = _data_json(page)
    labels = sorted(n["label"] for n in data["nodes"] if n["kind"] == "entity")
    assert labels == sorted(HOSTILE)  # exactly the article text, once decoded
    evidence = {e["evidence"]["text"] for e in data["events"].values()}
    assert any("</script><script>" in t for t in evidence)
    # the page code never feeds data to innerHTML, document.write or eval
    code = re.findall(r"<script>(.*?)</script>", page, flags=re.S)[1]
    assert not re.search(r"innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write|eval\(", code)


@pytest.mark.parametrize("text", [*HOSTILE, "plain", "\u2028", "a&b<c>d", "'\"`"])
def test_json_for_script(text):
    out = json_for_script({"t": text})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"t": text}


def _shown(data: dict) -> tuple[set, set]:
    nodes = {n["id"] for n in data["nodes"] if not n.get("hidden")}
    edges = {e["id"] for e in data["edges"] if not e["hidden"]}
    return nodes, edges


def test_every_event_is_drawn_once_as_the_ontology_states_it(examples_kb):
    g = examples_kb.graph
    data = graph_data(g)
    nxg = project(g)
    entity_ids = {n["id"] for n in data["nodes"] if n["kind"] == "entity"}
    assert entity_ids == set(nxg.nodes)
    by_id = {e["id"]: e for e in data["edges"]}
    nodes, edges = _shown(data)
    # binary edges are the analysis projection (kg analyze --events-as edges), open events
    # included only on demand as there
    binary = {
        (e["from"], e["to"], e["label"].split(" ×")[0])
        for e in data["edges"]
        if e["kind"] == "binary" and not e["open"]
    }
    assert binary == {(a, b, d["label"]) for a, b, d in nxg.edges(data=True)}
    for iri, ev in data["events"].items():
        roles = list(g.predicate_objects(URIRef(iri)))
        drawn_as_node = iri in nodes
        drawn_as_edge = any(iri in by_id[e].get("events", ()) for e in edges)
        if ev["open"]:  # open events are shown on demand, not in the default view
            assert not drawn_as_node and not drawn_as_edge, iri
            continue
        assert drawn_as_node != drawn_as_edge, iri  # exactly one form in the default view
        if drawn_as_node:  # one labelled edge per role, to the participant
            mine = {
                (by_id[e]["role"], by_id[e]["to"] if by_id[e]["from"] == iri else by_id[e]["from"])
                for e in edges
                if by_id[e].get("event") == iri
            }
            hidden = {i for i, e in data["events"].items() if e["open"]}  # shown on demand
            assert mine == {tuple(r) for r in ev["roles"] if r[1] not in hidden}
            assert all((KG[role], URIRef(t)) in roles for role, t in mine)
        else:
            assert len({t for _, t in ev["roles"]}) == 2
            assert not {r for r, _ in ev["roles"]} & {"topic", "place"}
    # statements are nodes: their topic is an event (typed events; open ones are on demand)
    statements = [
        i
        for i, ev in data["events"].items()
        if not ev["open"] and any(r == "topic" and t in data["events"] for r, t in ev["roles"])
    ]
    assert statements and all(i in nodes for i in statements)
    # relations are dashed edges, shown by default
    relations = [e for e in data["edges"] if e["kind"] == "relation"]
    assert {(URIRef(e["from"]), KG[e["relation"]], URIRef(e["to"])) for e in relations} == {
        (s, KG[r], o)
        for r in vocabulary().relations
        for s, o in g.subject_objects(KG[r])
        if str(s) in entity_ids and str(o) in entity_ids and s != o
    }
    assert relations and all(e["id"] in edges and e["dashes"] for e in relations)
    for n in data["nodes"]:
        if n["kind"] == "entity":
            iri = URIRef(n["id"])
            assert n["titles"] == sorted(str(t) for t in g.objects(iri, KG.title))
            assert set(n["names"]) >= {str(a) for a in g.objects(iri, SKOS.altLabel)}
    assert data["initialNodes"] is None


def test_open_events_are_hidden_by_default_and_events_keep_both_forms():
    g = _graph(["A", "B"])
    ev = ID["event/d/open"]
    g.add((ev, RDF.type, KG.Event))
    g.add((ev, KG.trigger, URIRef(f"{ID}doc/d#char=1,4")))
    g.add((ev, KG.agent, ID["person/p0"]))
    data = graph_data(g)
    assert data["events"][str(ev)]["open"] and data["events"][str(ev)]["asNode"]
    node = next(n for n in data["nodes"] if n["id"] == str(ev))
    assert node["hidden"] and node["color"] == "#9e9e9e"
    typed = str(ID["event/d/1"])
    assert not data["events"][typed]["asNode"]  # binary: an edge by default ...
    assert any(e["kind"] == "role" and e["event"] == typed for e in data["edges"])  # ... or not


def test_most_informative_label():
    g = _graph(["Ann Lee"])
    grp = ID["group/d/group"]
    g.add((grp, RDF.type, KG.Group))
    g.add((grp, RDFS.label, Literal("group")))
    for alt in ("armed group", "Ann Lee's group", "attacking group"):
        g.add((grp, SKOS.altLabel, Literal(alt)))
    node = next(n for n in graph_data(g)["nodes"] if n["id"] == str(grp))
    assert node["label"] == "Ann Lee's group"
    assert node["names"] == sorted(["group", "armed group", "Ann Lee's group", "attacking group"])


def test_trigger_is_highlighted_in_its_sentence():
    out = highlighted(
        "Ann  met\nBo at noon.", f"{ID}doc/d#char=10,31", "met", f"{ID}doc/d#char=15,18"
    )
    assert out["text"][out["hl"][0] : out["hl"][1]] == "met"
    assert out["text"] == "Ann met Bo at noon."


def test_output_is_deterministic(examples_kb):
    assert render_html(examples_kb.graph) == render_html(examples_kb.graph)


def test_styles_come_from_the_class_hierarchy():
    styles = class_styles()
    v = vocabulary()
    assert set(styles) == v.descendants("Entity") | v.descendants("Event")
    assert all({"color", "shape"} <= set(s) for s in styles.values())
    ent = {c: s for c, s in styles.items() if s["kind"] == "entity"}
    assert len({(s["color"], s["shape"]) for s in ent.values()}) == len(ent)  # all told apart
    assert len({s["shape"] for s in ent.values()}) >= 5  # by shape, not only colour
    assert (styles["Country"]["color"], styles["Country"]["shape"]) != (
        styles["GeopoliticalEntity"]["color"],
        styles["GeopoliticalEntity"]["shape"],
    )
    # a class added to the ontology is styled without any table to edit
    parents = dict(v.parents, Ferry=("Artifact",) if "Artifact" in v.parents else ("Entity",))
    added = styles_for(Vocabulary(parents, v.labels, v.roles, v.relations))
    assert added["Ferry"]["kind"] == "entity" and added["Ferry"]["shape"] in SHAPES


def test_size_reflects_degree():
    data = graph_data(_graph(["A", "B", "C"]))  # A-B, B-C: B is the hub
    size = {n["label"]: n["value"] for n in data["nodes"] if n["kind"] == "entity"}
    assert size["B"] > size["A"] == size["C"]


def test_large_graph_opens_on_the_best_connected():
    g = _graph([f"N{i}" for i in range(30)])  # a chain: the two ends have degree 1
    data = graph_data(g, max_nodes=10)
    assert len(data["initialNodes"]) == 10
    ends = {str(ID["person/p0"]), str(ID["person/p29"])}
    assert not ends & set(data["initialNodes"])
    assert sum(n["kind"] == "entity" for n in data["nodes"]) == 30  # all in the file


def test_to_pyvis_is_the_page_data(examples_kb):
    from pyvis.network import Network

    net = to_pyvis(examples_kb.graph, notebook=True)
    assert isinstance(net, Network)
    page = _data_json(render_html(examples_kb.graph))
    assert net.nodes == page["nodes"] and net.edges == page["edges"]
    assert net.options == page["options"]
    assert net.get_nodes() == [n["id"] for n in page["nodes"]]
    # pyvis's own writer works on it (notebook users call net.show)
    html_text = net.generate_html()
    assert page["nodes"][0]["id"] in html_text
    assert examples_kb.to_pyvis().nodes == net.nodes


def test_many_nodes_are_built_in_bulk_quickly():
    n = 3000
    g = Graph()
    for i in range(n):
        e = ID[f"organization/o{i}"]
        g.add((e, RDF.type, KG.Organization))
        g.add((e, RDFS.label, Literal(f"Org {i}")))
    for i in range(1, n):
        ev = ID[f"event/d/{i}"]
        g.add((ev, RDF.type, KG.Meeting))
        g.add((ev, KG.trigger, URIRef(f"{ID}doc/d#char={i},{i + 1}")))
        g.add((ev, KG.agent, ID[f"organization/o{i}"]))
        g.add((ev, KG.patient, ID[f"organization/o{i // 2}"]))
    start = time.perf_counter()
    page = render_html(g)
    elapsed = time.perf_counter() - start
    data = _data_json(page)
    assert sum(n["kind"] == "entity" for n in data["nodes"]) == n
    assert len([e for e in data["edges"] if not e["hidden"]]) == n - 1
    assert len(data["initialNodes"]) == 1000
    assert elapsed < 60, f"{elapsed:.1f} s for {n} nodes"  # pyvis's add_edge: minutes


def test_cli_viz(tmp_path, capsys):
    ttl = tmp_path / "g.ttl"
    _graph(["A", "B"]).serialize(ttl, format="turtle")
    out = tmp_path / "sub" / "g.html"
    assert main(["viz", str(ttl), "--out", str(out), "--title", "T <x>", "--max-nodes", "1"]) == 0
    page = out.read_text(encoding="utf-8")
    assert _data_json(page)["title"] == "T <x>"
    assert len(_data_json(page)["initialNodes"]) == 1
    assert main(["viz", str(tmp_path / "missing.ttl"), "--out", str(out)]) == 7
    assert "missing.ttl" in capsys.readouterr().err


def test_write_html_is_atomic(tmp_path):
    path = write_html(_graph(["A"]), tmp_path / "g.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["g.html"]


def test_a_build_projection_draws_the_same_graph(examples_kb):
    """``kg build`` draws from a store projection, not the full graph: same nodes and edges."""
    from kg.serialize import to_ox
    from kg.store import Projection

    projection = Projection()
    # as a build streams them (Oxigraph terms): a document's span texts before the facts
    # that point to them
    triples = sorted(examples_kb.graph, key=lambda t: t[1] != NIF.anchorOf)
    projection.add([tuple(map(to_ox, t)) for t in triples])
    full, small = graph_data(examples_kb.graph), graph_data(projection.graph)
    assert [n["id"] for n in small["nodes"]] == [n["id"] for n in full["nodes"]]
    assert [(e["id"], e["hidden"]) for e in small["edges"]] == [
        (e["id"], e["hidden"]) for e in full["edges"]
    ]

    def without_lemmas(events: dict) -> dict:  # kg:predicate and kg:sense stay in the store
        return {
            k: {a: v for a, v in e.items() if a not in ("predicate", "sense")}
            for k, e in events.items()
        }

    assert without_lemmas(small["events"]) == without_lemmas(full["events"])


def test_a_relation_stated_by_two_documents_links_to_the_same_one_whatever_the_order():
    a, b = ID["person/ann-roe"], ID["organization/acme"]

    def graph(order):
        g = Graph()
        for e, cls, name in ((a, KG.Person, "Ann Roe"), (b, KG.Organization, "Acme")):
            g.add((e, RDF.type, cls))
            g.add((e, RDFS.label, Literal(name)))
        g.add((a, KG.memberOf, b))
        for doc in order:
            ra = ID[f"relation/{doc}/e0-memberof-e1"]
            g.add((ra, RDF.type, KG.RelationAssertion))
            g.add((ra, KG.subject, a))
            g.add((ra, KG.relation, KG.memberOf))
            g.add((ra, KG.object, b))
            g.add((ra, KG.document, ID[f"doc/{doc}"]))
        return g

    docs = [
        next(e["doc"] for e in graph_data(graph(order))["edges"] if e["kind"] == "relation")
        for order in (("d1", "d2"), ("d2", "d1"))
    ]
    assert docs[0] == docs[1] == str(ID["doc/d1"])
