"""The interactive HTML view of the graph: one self-contained, offline file.

Why not pyvis's template: it loads vis-network and Bootstrap from public CDNs in every
``cdn_resources`` mode, and its ``add_edge`` scans the node list per edge (seconds for
thousands of nodes). So pyvis is not used here: we build node and edge records in one pass,
embed them as JSON and inline the vendored vis-network (``kg/data/vendor``), so the page makes
no network request at all (a Content-Security-Policy forbids any, as a second line).

Safety: every string from an article (names, sentences, titles) is untrusted. The data sits
in a ``<script type="application/json">`` element with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped as JSON ``\\uXXXX`` sequences, so no text can close the element; the page
reads it with ``JSON.parse`` and puts it into the DOM with ``textContent`` only. The CSP
allows only our two scripts, by hash, so even injected markup could not run.

What is drawn: the entity projection of :func:`kg.analysis.project` (events as edges);
parallel events of the same class between the same two entities are one edge whose details
list every event. Node colour and shape follow the class, size follows degree. Graphs with
more than ``max_nodes`` entities open on the ``max_nodes`` most connected ones, with a
control to show all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.analysis import entities, events, local_name, project_from
from kg.fileio import atomic_write_text
from kg.namespace import KG, NIF

#: Class -> (colour, vis-network shape); shapes whose size follows ``value``.
CLASSES: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "GovernmentBody": ("#76b7b2", "diamond"),
    "Group": ("#f28e2b", "triangle"),
    "GeopoliticalEntity": ("#59a14f", "hexagon"),
    "Country": ("#59a14f", "hexagon"),
    "City": ("#8cd17d", "triangleDown"),
    "Place": ("#8cd17d", "triangleDown"),
    "Facility": ("#b07aa1", "star"),
    "Entity": ("#bab0ac", "dot"),
}
#: Above this many entities the page opens on the most connected ones.
MAX_NODES = 2000
#: Evidence sentences kept per node (the rest are in the graph; the page stays small).
MAX_EVIDENCE = 5
#: Events listed in a node's details (the count of all is shown).
MAX_NODE_EVENTS = 50
MAX_TEXT = 600

_MARKERS = re.compile(r"__KG_TITLE__|__KG_DATA__|/\*__VIS_NETWORK__\*/")


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class _Sentences:
    """Sentence IRI -> {text, document} with the document's title (or source)."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.cache: dict[URIRef, dict | None] = {}
        self.doc_names: dict[URIRef, str] = {}

    def doc_name(self, doc: URIRef | None) -> str:
        if doc is None:
            return ""
        if doc not in self.doc_names:
            g = self.g
            title = g.value(doc, DCTERMS.title)
            source = g.value(doc, DCTERMS.source)
            name = str(title) if title is not None else str(source or local_name(doc))
            if title is not None and source is not None:
                name = f"{title} ({source})"
            self.doc_names[doc] = name
        return self.doc_names[doc]

    def get(self, sentence: object, *, doc: URIRef | None = None) -> dict | None:
        if not isinstance(sentence, URIRef):
            return None
        if sentence not in self.cache:
            text = self.g.value(sentence, NIF.anchorOf)
            if text is None:
                self.cache[sentence] = None
            else:
                context = self.g.value(sentence, NIF.referenceContext)
                d = self.g.value(context, KG.document) if context is not None else None
                self.cache[sentence] = {"text": _clip(str(text)), "document": d}
        found = self.cache[sentence]
        if found is None:
            return None
        return {"text": found["text"], "document": self.doc_name(found["document"] or doc)}


def graph_data(graph: Graph, *, max_nodes: int = MAX_NODES, title: str | None = None) -> dict:
    """The records the page draws: nodes, edges, classes and the initial view.

    >>> from rdflib import RDFS, Graph, Literal
    >>> from kg.namespace import ID
    >>> g = Graph()
    >>> _ = g.add((ID["person/a"], RDF.type, KG.Person))
    >>> _ = g.add((ID["person/a"], RDFS.label, Literal("<b>A</b>")))
    >>> d = graph_data(g)
    >>> [(n["label"], n["group"]) for n in d["nodes"]], d["edges"], d["initialNodes"]
    ([('<b>A</b>', 'Person')], [], None)
    """
    g = graph
    ents, evs = entities(graph), events(graph)
    nxg = project_from(ents, evs, events_as="edges")
    sentences = _Sentences(g)
    degree = dict(nxg.degree())
    max_degree = max(degree.values(), default=0) or 1

    # one shared table of events; nodes and edges point into it by index
    per = {p: dict(g.subject_objects(p)) for p in (KG.count, KG.polarity, KG.modality)}
    trigger_of = dict(g.subject_objects(KG.trigger))
    evidence_of = dict(g.subject_objects(KG.evidence))
    doc_of = dict(g.subject_objects(KG.document))
    event_rows: list[dict] = []
    index: dict[URIRef, int] = {}
    for ev, info in sorted(evs.items(), key=lambda kv: (kv[1]["date"] or "", str(kv[0]))):
        trigger = trigger_of.get(ev)
        index[ev] = len(event_rows)
        event_rows.append(
            {
                "id": str(ev),
                "label": info["type"],
                "date": info["date"],
                "count": _int(per[KG.count].get(ev)),
                "polarity": _str(per[KG.polarity].get(ev)),
                "modality": _str(per[KG.modality].get(ev)),
                "trigger": _str(g.value(trigger, NIF.anchorOf)) if trigger is not None else None,
                "evidence": sentences.get(evidence_of.get(ev), doc=doc_of.get(ev)),
            }
        )
    roles_of: dict[str, list[list]] = {}
    for ev in sorted(evs, key=index.__getitem__):
        for role, target in evs[ev]["roles"]:
            roles_of.setdefault(str(target), []).append([index[ev], role])

    mentions: dict[URIRef, list] = {}
    for ent, mention in g.subject_objects(KG.mention):
        mentions.setdefault(ent, []).append(mention)
    sentence_of = dict(g.subject_objects(NIF.sentence))
    alt_labels: dict[URIRef, set[str]] = {}
    for ent, alt in g.subject_objects(SKOS.altLabel):
        alt_labels.setdefault(ent, set()).add(str(alt))
    titles: dict[URIRef, set[str]] = {}
    for ent, t in g.subject_objects(KG.title):
        titles.setdefault(ent, set()).add(str(t))
    ages = dict(g.subject_objects(KG.age))

    nodes = []
    for iri, data in nxg.nodes(data=True):
        node = URIRef(iri)
        evidence: list[dict] = []
        seen: set[str] = set()
        for mention in sorted(mentions.get(node, ())):
            s = sentences.get(sentence_of.get(mention))
            if s is not None and s["text"] not in seen:
                seen.add(s["text"])
                evidence.append(s)
            if len(evidence) >= MAX_EVIDENCE:
                break
        deg = degree.get(iri, 0)
        nodes.append(
            {
                "id": iri,
                "label": data["label"],
                "group": data["type"] if data["type"] in CLASSES else "Entity",
                "altLabels": sorted(alt_labels.get(node, ())),
                "titles": sorted(titles.get(node, ())),
                "age": _int(ages.get(node)),
                "count": _int(per[KG.count].get(node)),
                "degree": deg,
                "size": round(1 + 9 * (deg / max_degree) ** 0.5, 3),
                "evidence": evidence,
                "events": roles_of.get(iri, [])[:MAX_NODE_EVENTS],
                "eventCount": len(roles_of.get(iri, ())),
            }
        )
    nodes.sort(key=lambda n: n["id"])

    grouped: dict[tuple[str, str, str], set[int]] = {}
    for a, b, data in nxg.edges(data=True):
        grouped.setdefault((a, b, data["label"]), set()).add(index[URIRef(data["event"])])
    edges = [
        {"id": f"e{i}", "from": a, "to": b, "label": label, "events": sorted(evids)}
        for i, ((a, b, label), evids) in enumerate(sorted(grouped.items()))
    ]

    initial = None
    if len(nodes) > max_nodes:
        ranked = sorted(nodes, key=lambda n: (-n["degree"], n["id"]))[:max_nodes]
        initial = sorted(n["id"] for n in ranked)
    classes = {name: {"color": c, "shape": s} for name, (c, s) in CLASSES.items()}
    n_docs = len(set(g.subjects(RDF.type, KG.Document)))
    return {
        "title": title or f"Knowledge graph: {n_docs} document{'s' if n_docs != 1 else ''}",
        "classes": classes,
        "nodes": nodes,
        "edges": edges,
        "events": event_rows,
        "initialNodes": initial,
    }


def _int(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


def json_for_script(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so ``</script>`` or ``<!--`` in article
    text cannot end the element; U+2028/2029 are escaped for old JavaScript parsers.

    >>> json_for_script({"a": "</script><b>&"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


@cache
def _vis_network() -> str:
    """The vendored vis-network, ready to inline (source-map comment dropped)."""
    js = (resources.files("kg.data") / "vendor" / "vis-network.min.js").read_text("utf-8")
    js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", js)
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


@cache
def _template() -> str:
    return (resources.files("kg.data") / "graph.html").read_text("utf-8")


def _script_hashes(page: str) -> str:
    """CSP ``'sha256-...'`` sources for every executable inline script of ``page``."""
    out = []
    for m in re.finditer(r"<script>(.*?)</script>", page, flags=re.DOTALL):
        digest = hashlib.sha256(m[1].encode("utf-8")).digest()
        out.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return " ".join(out)


def render_html(graph: Graph, *, title: str | None = None, max_nodes: int = MAX_NODES) -> str:
    """The self-contained HTML page of ``graph``'s entity projection."""
    data = graph_data(graph, max_nodes=max_nodes, title=title)
    values = {
        "__KG_TITLE__": html.escape(data["title"]),
        "__KG_DATA__": json_for_script(data),
        "/*__VIS_NETWORK__*/": _vis_network(),
    }
    page = _MARKERS.sub(lambda m: values[m[0]], _template())
    # Scripts are hashed after filling; the data element is not executable, so not hashed.
    csp = _script_hashes(page)
    return page.replace("script-src 'unsafe-inline'", f"script-src {csp}", 1)


def write_html(
    graph: Graph, path: str | Path, *, title: str | None = None, max_nodes: int = MAX_NODES
) -> Path:
    """Write the HTML graph atomically to ``path``."""
    return atomic_write_text(path, render_html(graph, title=title, max_nodes=max_nodes))
