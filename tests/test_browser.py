"""The HTML graph in a real browser: Debian's chromium, headless, driven by Playwright.

These tests open the generated file over ``file://`` and check what a user sees: every node
and edge rendered, a click shows the evidence, search and class filters work, no console
error, no request other than the file itself, and hostile article text never executes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

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


def _default_counts(data: dict) -> tuple[int, int]:
    return (
        sum(1 for n in data["nodes"] if not n.get("hidden")),
        sum(1 for e in data["edges"] if not e["hidden"]),
    )


def test_examples_graph_renders_offline(browser, examples_kb, tmp_path):
    html = write_html(examples_kb.graph, tmp_path / "graph.html")
    data = graph_data(examples_kb.graph)
    nxg = project(examples_kb.graph)
    page = Page(browser, html)
    try:
        assert page.counts() == _default_counts(data)
        # click the best-connected node that has evidence: its evidence shows in the panel
        ranked = sorted(nxg.degree(), key=lambda kv: (-kv[1], kv[0]))
        node = next(n for n, _ in ranked if _evidence_of(examples_kb.graph, n))
        label = next(n["label"] for n in data["nodes"] if n["id"] == node)
        page.focus(node)
        page.click_node(node)
        text = " ".join(page.info().split())
        assert label in text
        evidence = _evidence_of(examples_kb.graph, node)
        assert any(s[:200] in text for s in evidence), (node, text[:300])
        # click a binary event edge: its class, ends and evidence sentence show
        edge = max(
            (e for e in data["edges"] if e["kind"] == "binary" and not e["hidden"]),
            key=lambda e: (len(e["events"]), e["id"]),
        )
        page.click_edge(edge["id"])
        text = " ".join(page.info().split())
        assert page.page.text_content("#info h3") == edge["label"]
        names = {n["id"]: n["label"] for n in data["nodes"]}
        assert (
            page.page.text_content("#info .kind") == f"{names[edge['from']]} → {names[edge['to']]}"
        )
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


def _visible(page: Page) -> tuple[dict, list[dict]]:
    """The drawn nodes (id -> record) and edges, as the page's data views hold them."""
    nodes, edges = page.page.evaluate(
        """() => [kgData.nodeView.get().map(n => ({id: n.id, label: n.label, kind: n.kind})),
                  kgData.edgeView.get().map(e => ({from: e.from, to: e.to, label: e.label,
                                                   kind: e.kind, event: e.event || null}))]"""
    )
    return {n["id"]: n for n in nodes}, edges


def test_seed_article_facts_are_connections(browser, tmp_path):
    """The seed article's headline facts, in its RDF first, then as drawn connections."""
    import kg
    from conftest import SEED

    graph = kg.build([SEED]).graph
    by_label = {str(o): s for s, o in graph.subject_objects(RDFS.label)}
    reverol, perez = by_label["Nestor Reverol"], by_label["Oscar Perez"]
    barracks = by_label["military barracks"]
    # "the government" negotiating is the Maduro government (coreference), or a description
    government = next(
        (
            ev_agent
            for ev in graph.subjects(RDF.type, KG.Negotiation)
            for ev_agent in graph.objects(ev, KG.agent)
            if "government" in str(graph.value(ev_agent, RDFS.label)).lower()
            and (ev, KG.patient, by_label["opposition"]) in graph
        ),
        by_label["government"],
    )
    group = next(
        s for s, o in graph.subject_objects(SKOS.altLabel) if str(o) == "Oscar Perez's group"
    )
    opposition = by_label["opposition"]
    # the RDF states them
    statement = next(
        ev
        for ev in graph.subjects(KG.agent, reverol)
        if (ev, RDF.type, KG.Statement) in graph
        and any(
            (t, RDF.type, KG.Death) in graph and (t, KG.patient, perez) in graph
            for t in graph.objects(ev, KG.topic)
        )
    )
    assert (perez, KG.leaderOf, group) in graph
    assert any((ev, KG.patient, barracks) in graph for ev in graph.subjects(KG.agent, perez))
    assert any(
        (ev, RDF.type, KG.Negotiation) in graph and (ev, KG.patient, opposition) in graph
        for ev in graph.subjects(KG.agent, government)
    )

    page = Page(browser, write_html(graph, tmp_path / "seed.html"))
    try:
        nodes, edges = _visible(page)
        link = {(e["from"], e["to"]): e for e in edges}
        # Reverol -agent-> Statement -topic-> Death -patient-> Perez
        death = next(t for t in graph.objects(statement, KG.topic))
        assert link[(str(reverol), str(statement))]["label"] == "agent"
        assert link[(str(statement), str(death))]["label"] == "topic"
        assert link[(str(death), str(perez))]["label"] == "patient"
        assert nodes[str(statement)]["label"].startswith("Statement: confirmed")
        assert nodes[str(death)]["kind"] == "event"
        # the group is labelled by its informative name, led by Perez, who attacked the barracks
        assert nodes[str(group)]["label"] == "Oscar Perez's group"
        assert link[(str(perez), str(group))]["label"] == "leader of"
        # (a binary link, or an event node when more took part: his group's members too)
        attacked = [
            ev
            for ev in graph.subjects(KG.patient, barracks)
            if (ev, RDF.type, KG.Attack) in graph and (ev, KG.agent, perez) in graph
        ]
        assert attacked
        direct = link.get((str(perez), str(barracks)))
        assert (direct is not None and direct["label"].startswith("Attack")) or any(
            nodes.get(str(ev), {}).get("label", "").startswith("Attack")
            and link[(str(perez), str(ev))]["label"] == "agent"
            and link[(str(ev), str(barracks))]["label"] == "patient"
            for ev in attacked
        )
        # the opposition negotiates with the government
        assert link[(str(government), str(opposition))]["label"].startswith("Negotiation")
        # a place is linked to its event, not an isolated dot
        assert any(e["label"] == "place" for e in edges)

        # click the statement: its sentence shows with the trigger highlighted
        page.focus(str(statement))
        page.click_node(str(statement))
        assert page.page.text_content("#info mark") == "confirmed"
        assert "Nestor Reverol" in page.info()
        # leaving the drawing hides the hover tooltip
        page.page.mouse.move(5, 5)
        tips = page.page.evaluate(
            "[...document.querySelectorAll('div.vis-tooltip')].map(t => t.style.visibility)"
        )
        assert all(v != "visible" for v in tips)

        # toggles: events as edges, as nodes; relations; isolated nodes
        page.page.select_option("#events-as", "edges")
        nodes, edges = _visible(page)
        assert not [n for n in nodes.values() if n["kind"] == "event"]
        assert {e["kind"] for e in edges} == {"binary", "relation"}
        page.page.select_option("#events-as", "nodes")
        nodes, edges = _visible(page)
        assert "binary" not in {e["kind"] for e in edges}
        negotiation = {
            e["event"]
            for e in edges
            if e["kind"] == "role"
            and nodes[e["event"]]["label"].startswith("Negotiation")
            and str(government) in (e["from"], e["to"])
        }
        assert any(
            e["event"] in negotiation and str(opposition) in (e["from"], e["to"]) for e in edges
        )  # the binary negotiation is now a node with its two roles
        page.page.uncheck("#show-relations")
        assert "relation" not in {e["kind"] for e in _visible(page)[1]}
        page.page.select_option("#events-as", "mixed")
        page.page.check("#hide-isolated")
        nodes, edges = _visible(page)
        ends = {e["from"] for e in edges} | {e["to"] for e in edges}
        assert set(nodes) == ends
        # search finds alternative names
        page.page.fill("#search", "reverol")
        page.page.press("#search", "Enter")
        assert page.page.evaluate("kgNetwork.getSelectedNodes()") == [str(reverol)]
        assert page.errors == []
        assert page.requests == [page.url]
    finally:
        page.close()


def test_search_and_class_filter(browser, examples_kb, tmp_path):
    html = write_html(examples_kb.graph, tmp_path / "graph.html")
    data = graph_data(examples_kb.graph)
    page = Page(browser, html)
    count = "kgData.nodeView.get().filter(n => n.kind === 'entity').length"
    try:
        ents = [n for n in data["nodes"] if n["kind"] == "entity"]
        node = next(n for n in ents if len(n["names"]) > 1)
        alt = next(x for x in n["names"] if x != n["label"]) if (n := node) else None
        page.page.fill("#search", alt.upper())
        page.page.click("#search-form button")
        selected = page.page.evaluate("kgNetwork.getSelectedNodes()")
        assert len(selected) == 1 and alt in next(
            x["names"] for x in ents if x["id"] == selected[0]
        )
        n_class = sum(1 for n in ents if n["group"] == node["group"])
        page.page.uncheck(f"#legend input[value='{node['group']}']")
        assert page.page.evaluate(count) == len(ents) - n_class
        page.page.check(f"#legend input[value='{node['group']}']")
        assert page.page.evaluate(count) == len(ents)
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
        assert "40 best-connected" in page.page.text_content("#notice")
        page.page.check("#show-all")
        assert page.counts() == (121, 30)
        page.page.check("#hide-isolated")
        assert page.counts() == (31, 30)
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
