"""The HTML graph in a real browser: Debian's chromium, headless, driven by Playwright.

These tests open the generated file over ``file://`` and check what a user sees: every node
and edge rendered, a click shows the evidence, search and class filters work, no console
error, no request other than the file itself, and hostile article text never executes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from kg.analysis import project
from kg.model import Argument, Document, DocumentGraph, Entity, Event, Mention, Span
from kg.namespace import ID, KG, NIF
from kg.rdf import to_rdf
from kg.viz import graph_data, render_html, write_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="headless browser tests need Debian's chromium: apt-get install chromium",
    ),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


class Page:
    """A page plus everything it did: requests, console messages, errors and dialogs."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.kgStable === true", timeout=60_000)

    def counts(self) -> tuple[int, int]:
        return tuple(
            self.page.evaluate(
                "[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"
            )
        )

    def click_node(self, node_id: str) -> None:
        pos = self.page.evaluate(
            """id => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                       const r = document.getElementById('net').getBoundingClientRect();
                       return [p.x + r.left, p.y + r.top]; }""",
            node_id,
        )
        self.page.mouse.click(*pos)

    def click_edge(self, edge_id: str) -> None:
        """Click the middle of an edge's drawn curve."""
        self.page.evaluate(
            "id => kgNetwork.fit({nodes: [kgNetwork.body.edges[id].fromId, "
            "kgNetwork.body.edges[id].toId], animation: false})",
            edge_id,
        )
        pos = self.page.evaluate(
            """id => { const e = kgNetwork.body.edges[id];
                       const p = kgNetwork.canvasToDOM(e.edgeType.getPoint(0.5));
                       const r = document.getElementById('net').getBoundingClientRect();
                       return [p.x + r.left, p.y + r.top]; }""",
            edge_id,
        )
        self.page.mouse.click(*pos)

    def focus(self, node_id: str) -> None:
        self.page.evaluate("id => kgNetwork.focus(id, {scale: 1.5, animation: false})", node_id)

    def info(self) -> str:
        return self.page.text_content("#info") or ""

    def close(self) -> None:
        self.context.close()


def _evidence_of(graph: Graph, node: str) -> set[str]:
    """Sentences the graph ties to ``node``: its mentions' and its events' evidence."""
    iri = URIRef(node)
    out = set()
    for mention in graph.objects(iri, KG.mention):
        for s in graph.objects(mention, NIF.sentence):
            out.update(str(t) for t in graph.objects(s, NIF.anchorOf))
    for ev, _p in graph.subject_predicates(iri):
        for s in graph.objects(ev, KG.evidence):
            out.update(str(t) for t in graph.objects(s, NIF.anchorOf))
    return {" ".join(t.split()) for t in out}


def test_examples_graph_renders_offline(browser, examples_kb, tmp_path):
    html = write_html(examples_kb.graph, tmp_path / "graph.html")
    nxg = project(examples_kb.graph)
    expected_edges = {(a, b, d["label"]) for a, b, d in nxg.edges(data=True)}
    page = Page(browser, html)
    try:
        assert page.counts() == (nxg.number_of_nodes(), len(expected_edges))
        # click the best-connected node that has evidence: its evidence shows in the panel
        ranked = sorted(nxg.degree(), key=lambda kv: (-kv[1], kv[0]))
        node = next(n for n, _ in ranked if _evidence_of(examples_kb.graph, n))
        page.focus(node)
        page.click_node(node)
        text = " ".join(page.info().split())
        assert nxg.nodes[node]["label"] in text
        evidence = _evidence_of(examples_kb.graph, node)
        assert any(s[:200] in text for s in evidence), (node, text[:300])
        # click an edge: its event class and evidence sentence show in the panel
        data = graph_data(examples_kb.graph)
        if data["edges"]:
            edge = max(data["edges"], key=lambda e: (len(e["events"]), e["id"]))
            page.click_edge(edge["id"])
            text = " ".join(page.info().split())
            assert page.page.text_content("#info h3") == edge["label"]
            ends = (nxg.nodes[edge["from"]]["label"], nxg.nodes[edge["to"]]["label"])
            assert page.page.text_content("#info .kind") == f"{ends[0]} → {ends[1]}"
            first = data["events"][edge["events"][0]]
            assert first["evidence"]["text"][:200] in text
        page.page.screenshot(path=str(tmp_path / "graph.png"))
        assert (tmp_path / "graph.png").stat().st_size > 10_000
        assert page.requests == [page.url]
        assert page.errors == []
        assert [m for m in page.console if m[0] in ("error", "warning")] == []
        assert page.dialogs == []
    finally:
        page.close()


def test_search_and_class_filter(browser, examples_kb, tmp_path):
    html = write_html(examples_kb.graph, tmp_path / "graph.html")
    nxg = project(examples_kb.graph)
    page = Page(browser, html)
    try:
        node, data = sorted(nxg.nodes(data=True))[0]
        page.page.fill("#search", data["label"].upper())
        page.page.click("#search-form button")
        assert page.page.evaluate("kgNetwork.getSelectedNodes()") == [node]
        assert data["label"] in page.info()
        n_class = sum(1 for _, d in nxg.nodes(data=True) if d["type"] == data["type"])
        page.page.uncheck(f"#legend input[value='{data['type']}']")
        assert page.counts()[0] == nxg.number_of_nodes() - n_class
        page.page.check(f"#legend input[value='{data['type']}']")
        assert page.counts()[0] == nxg.number_of_nodes()
        assert page.errors == []
    finally:
        page.close()


def test_large_graph_opens_on_most_connected(browser, tmp_path):
    g = Graph()
    hub = ID["person/hub"]
    g.add((hub, RDF.type, KG.Person))
    for i in range(120):
        e = ID[f"organization/o{i}"]
        g.add((e, RDF.type, KG.Organization))
        if i < 30:  # 30 entities linked to the hub by an event, 90 isolated
            ev = ID[f"event/d/{i}"]
            g.add((ev, RDF.type, KG.Meeting))
            g.add((ev, KG.trigger, URIRef(f"{ID}doc/d#char={i},{i + 1}")))
            g.add((ev, KG.agent, hub))
            g.add((ev, KG.patient, e))
    path = tmp_path / "large.html"
    path.write_text(render_html(g, max_nodes=40), encoding="utf-8")
    page = Page(browser, path)
    try:
        assert page.counts() == (40, 30)
        page.page.check("#show-all")
        assert page.counts() == (121, 30)
        assert page.errors == []
    finally:
        page.close()


HOSTILE = [
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned = 2; alert(2)">',
    '"\'><svg onload="window.__pwned = 3">',
    "</script><script>window.__pwned = 4; alert(4)</script>",
    "<!-- a &amp; b \u2028 c -->",
]


def _hostile_graph() -> tuple[Graph, list[str]]:
    """A document whose entity names and sentences are the payloads above."""
    sentences = [
        f"{name} attacked {HOSTILE[(i + 1) % len(HOSTILE)]}." for i, name in enumerate(HOSTILE)
    ]
    text = " ".join(sentences)
    doc = Document(id="hostile", source="hostile.txt", text=text, title=HOSTILE[0])
    entities = {}
    events = []
    offset = 0
    for i, sent in enumerate(sentences):
        span = Span(offset, offset + len(sent), sent)
        a = HOSTILE[i]
        b = HOSTILE[(i + 1) % len(HOSTILE)]
        for name, start in ((a, offset), (b, offset + sent.index(" attacked ") + 10)):
            ent = entities.setdefault(
                name,
                Entity(
                    key=f"e{len(entities)}",
                    type="Person",
                    label=name,
                    titles=[name],
                    alt_labels=[name + "!"],
                ),
            )
            ent.mentions.append(Mention(Span(start, start + len(name), name), span))
        trig = offset + sent.index("attacked")
        events.append(
            Event(
                key=f"v{i}",
                type="Attack",
                trigger=Span(trig, trig + 8, "attacked"),
                sentence=span,
                arguments=[
                    Argument("agent", entities[a].key),
                    Argument("patient", entities[b].key),
                ],
            )
        )
        offset += len(sent) + 1
    dg = DocumentGraph(doc, list(entities.values()), events)
    return to_rdf([dg]), sentences


def test_hostile_article_text_never_executes(browser, tmp_path):
    graph, sentences = _hostile_graph()
    html = write_html(graph, tmp_path / "hostile.html")
    page = Page(browser, html)
    try:
        assert page.page.evaluate("typeof window.__pwned") == "undefined"
        assert page.counts() == (len(HOSTILE), len(HOSTILE))
        nxg = project(graph)
        for node, data in sorted(nxg.nodes(data=True)):
            page.focus(node)
            page.click_node(node)
            info = page.info()
            assert data["label"] in info  # the payload shows literally, as text
            assert any(" ".join(s.split()) in " ".join(info.split()) for s in sentences)
            # hovering shows the tooltip, also as literal text
            page.page.mouse.move(0, 0)
            pos = page.page.evaluate(
                """id => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                           const r = document.getElementById('net').getBoundingClientRect();
                           return [p.x + r.left, p.y + r.top]; }""",
                node,
            )
            page.page.mouse.move(*pos)
            page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
            assert data["label"] in (page.page.text_content("div.vis-tooltip") or "")
        assert page.page.evaluate("typeof window.__pwned") == "undefined"
        assert page.page.evaluate("document.querySelectorAll('#info img, #info svg').length") == 0
        assert page.dialogs == []
        assert page.requests == [page.url]  # an injected <img src=x> would request x
        assert page.errors == []
    finally:
        page.close()
