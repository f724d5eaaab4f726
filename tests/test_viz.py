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
from kg.viz import graph_data, json_for_script, render_html, write_html

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
    assert "default-src 'none'" in page and "connect-src 'none'" in page


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
    labels = sorted(n["label"] for n in data["nodes"])
    assert labels == sorted(HOSTILE)  # exactly the article text, once decoded
    evidence = {e["evidence"]["text"] for e in data["events"]}
    assert any("</script><script>" in t for t in evidence)
    # the page code never feeds data to innerHTML, document.write or eval
    code = re.findall(r"<script>(.*?)</script>", page, flags=re.S)[1]
    assert not re.search(r"innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write|eval\(", code)


@pytest.mark.parametrize("text", [*HOSTILE, "plain", "\u2028", "a&b<c>d", "'\"`"])
def test_json_for_script(text):
    out = json_for_script({"t": text})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"t": text}


def test_graph_data_matches_the_projection(examples_kb):
    data = graph_data(examples_kb.graph)
    nxg = project(examples_kb.graph)
    assert {n["id"] for n in data["nodes"]} == set(nxg.nodes)
    grouped = {(a, b, d["label"]) for a, b, d in nxg.edges(data=True)}
    assert {(e["from"], e["to"], e["label"]) for e in data["edges"]} == grouped
    # every event of an edge is one of the graph's events of that class between those two
    for e in data["edges"]:
        for i in e["events"]:
            ev = data["events"][i]
            assert nxg.has_edge(e["from"], e["to"], key=ev["id"])
            assert ev["label"] == e["label"]
    # node attributes come from the graph
    for n in data["nodes"]:
        iri = URIRef(n["id"])
        assert n["titles"] == sorted(str(t) for t in examples_kb.graph.objects(iri, KG.title))
        assert n["degree"] == nxg.degree(n["id"])
    assert data["initialNodes"] is None


def test_output_is_deterministic(examples_kb):
    assert render_html(examples_kb.graph) == render_html(examples_kb.graph)


def test_classes_have_colour_shape_and_legend():
    data = graph_data(_graph(["A", "B"]))
    assert {n["group"] for n in data["nodes"]} <= set(data["classes"])
    assert all({"color", "shape"} <= set(c) for c in data["classes"].values())
    shapes = {c["shape"] for c in data["classes"].values()}
    assert len(shapes) >= 5  # classes are told apart by shape, not only colour


def test_size_reflects_degree():
    data = graph_data(_graph(["A", "B", "C"]))  # A-B, B-C: B is the hub
    size = {n["label"]: n["size"] for n in data["nodes"]}
    assert size["B"] > size["A"] == size["C"]


def test_large_graph_opens_on_the_best_connected():
    g = _graph([f"N{i}" for i in range(30)])  # a chain: the two ends have degree 1
    data = graph_data(g, max_nodes=10)
    assert len(data["initialNodes"]) == 10
    ends = {str(ID["person/p0"]), str(ID["person/p29"])}
    assert not ends & set(data["initialNodes"])
    assert len(data["nodes"]) == 30  # all are in the file, behind "show all"


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
    assert len(data["nodes"]) == n and len(data["edges"]) == n - 1
    assert len(data["initialNodes"]) == 2000
    assert elapsed < 30, f"{elapsed:.1f} s for {n} nodes"  # pyvis's add_edge: minutes


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
