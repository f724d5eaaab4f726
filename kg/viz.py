"""The interactive graph: one set of drawn records, as a pyvis ``Network`` and as an offline page.

What is drawn follows the ontology (``kg.styles`` reads it), not the entity-only projection:

* every entity is a node, labelled with its most informative name (:func:`best_label`),
  coloured and shaped by its class;
* an event with exactly two entity participants and nothing else is an edge between them
  (the projection ``kg analyze --events-as edges`` makes); any other event (one participant,
  three or more, a topic such as a statement's, a place, or being another event's topic) is
  a small event node (class, trigger word, date) with one edge per role, labelled with the
  role: ``Reverol -agent-> [Statement] -topic-> [Death] -patient-> Perez``;
* relations between entities (``kg:leaderOf``, ``kg:memberOf``, ...) are dashed edges.

The page switches events between that mix, all nodes and all edges, hides relations, and
shows open (untyped ``kg:Event``) events only on demand, so the records carry both forms of
every event and a ``hidden`` flag for the default view.

One source: :func:`graph_data` makes the records, :func:`to_pyvis` puts them in a
``pyvis.network.Network`` in bulk (its ``add_node``/``add_edge`` scan a list per call:
quadratic), and :func:`render_html` writes *that network's* nodes, edges and options into
our own template (``kg/data/graph.html``): pyvis's template loads vis-network and Bootstrap
from CDNs, ours inlines the vendored vis-network (``kg/data/vendor``) and makes no request.

Safety: every string from an article (names, sentences, titles) is untrusted. The data sits
in a ``<script type="application/json">`` element with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped as JSON ``\\uXXXX`` sequences, so no text can close the element; the page
reads it with ``JSON.parse`` and puts it into the DOM with ``textContent`` only. The CSP
allows only our two scripts, by hash, so even injected markup could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.analysis import local_name, project_from
from kg.fileio import atomic_write_text
from kg.namespace import KG, KG_IRI, NIF
from kg.styles import class_styles, vocabulary

if TYPE_CHECKING:
    from pyvis.network import Network

#: Above this many drawn nodes (entities and event nodes) the page opens on the best
#: connected entities that fit, and says so: a layout of more takes too long to settle.
MAX_NODES = 1000
#: Evidence sentences kept per node (the rest are in the graph; the page stays small).
MAX_EVIDENCE = 5
MAX_TEXT = 600
#: Roles drawn from the participant to the event (the rest point from the event).
INCOMING_ROLES = frozenset({"agent"})

_MARKERS = re.compile(r"__KG_TITLE__|__KG_DATA__|/\*__VIS_NETWORK__\*/")
_DATA_SLOT = "\x00kg-data\x00"  # no template or script holds a NUL

#: vis-network options shared by the page and the pyvis network.
OPTIONS: dict = {
    "autoResize": True,
    "nodes": {
        "scaling": {"min": 8, "max": 30, "label": {"enabled": True, "min": 10, "max": 20}},
        "font": {"size": 12},
    },
    "edges": {
        "font": {"size": 10, "align": "middle", "color": "#555", "strokeWidth": 3},
        "color": {"color": "#999", "highlight": "#333"},
        "smooth": {"type": "dynamic"},
        "width": 1,
    },
    "layout": {"improvedLayout": True, "randomSeed": 1},
    "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": False},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
        "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25},
    },
}


def _kg(name: str) -> URIRef:
    """``kg:name``, also for a term newer than the ``KG`` namespace object."""
    return URIRef(KG_IRI + name)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _offsets(iri: object) -> tuple[int, int] | None:
    """The ``[start, end)`` of a NIF ``#char=start,end`` IRI (a string scan, not a regex:
    the page reads two for each of tens of thousands of events).

    >>> _offsets("urn:d#char=10,22"), _offsets("urn:d#char=10"), _offsets("urn:d")
    ((10, 22), None, None)
    """
    text = str(iri)
    at = text.rfind("#char=")
    if at < 0:
        return None
    start, comma, end = text[at + 6 :].partition(",")
    if comma and start.isdecimal() and end.isdecimal():
        return int(start), int(end)
    return None


def highlighted(sentence: str, sentence_iri: object, trigger: str | None, trigger_iri: object):
    """``{text, hl}``: the sentence, spaces collapsed, with the trigger's ``[start, end)``.

    Offsets come from the NIF ``#char=`` IRIs (RFC 5147); without them, the first
    occurrence of the trigger text.

    >>> highlighted("Ann  met\\nBo.", "d#char=10,22", "met", "d#char=15,18")
    {'text': 'Ann met Bo.', 'hl': [4, 7]}
    """
    s, t = _offsets(sentence_iri), _offsets(trigger_iri)
    start = t[0] - s[0] if s and t and s[0] <= t[0] and t[1] <= s[1] else None
    if start is None and trigger:
        found = sentence.find(trigger)
        start = found if found >= 0 else None
    if start is None or not trigger:
        return {"text": _clip(sentence), "hl": None}
    end = start + len(trigger)
    before, word, after = (" ".join(p.split()) for p in (sentence[:start], trigger, sentence[end:]))
    sep_b = " " if before and sentence[:start][-1:].isspace() else ""
    sep_a = " " if after and sentence[end:][:1].isspace() else ""
    text = before + sep_b + word + sep_a + after
    a = len(before + sep_b)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return {"text": text, "hl": [a, a + len(word)] if a + len(word) <= len(text) else None}


def best_label(label: str, names: list[str], known: set[str]) -> str:
    """The most informative of an entity's names.

    A label that is a proper name stays. A description ("group", all lower case) gives way
    to the alternative name that names another entity ("Oscar Perez's group"), else to the
    one with the most capitalised words after the first.

    >>> best_label("group", ["armed group", "Ann Lee's group"], {"Ann Lee"})
    "Ann Lee's group"
    >>> best_label("Ann Lee", ["Minister Ann Lee"], set())
    'Ann Lee'
    >>> best_label("crowd", ["angry crowd"], set())
    'crowd'
    """
    if any(ch.isupper() for ch in label):
        return label

    def score(name: str) -> tuple:
        words = name.split()
        bare = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]  # "Perez's": Perez
        refers = any(
            " ".join(bare[i:j]) in known
            for i in range(len(bare))
            for j in range(i + 1, min(len(bare), i + 4) + 1)
            if " ".join(bare[i:j]) != name
        )
        caps = sum(1 for w in words[1:] if w[:1].isupper())
        return (refers, caps, len(name))

    best = max(sorted(names), key=score, default=None)
    return best if best is not None and score(best)[:2] > (False, 0) else label


def _edge_id(kind: str, *parts: str) -> str:
    """A short id that is the same for the same edge in every graph (``kg serve`` merges).

    >>> _edge_id("r", "urn:e", "agent", "urn:x") == _edge_id("r", "urn:e", "agent", "urn:x")
    True
    """
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=9).hexdigest()
    return kind + digest


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


def _int(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


class _Reader:
    """Reads the graph predicate by predicate (one pass over each index, not per subject)."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.vocab = vocabulary()
        self.styles = class_styles()
        entity_classes = {_kg(c) for c, s in self.styles.items() if s["kind"] == "entity"}
        event_classes = {_kg(c) for c, s in self.styles.items() if s["kind"] == "event"}
        self.entity_types: dict[URIRef, set[str]] = {}
        self.event_types: dict[URIRef, set[str]] = {}
        for s, t in graph.subject_objects(RDF.type):
            if not isinstance(s, URIRef):
                continue
            if t in entity_classes:
                self.entity_types.setdefault(s, set()).add(local_name(t))
            elif t in event_classes:
                self.event_types.setdefault(s, set()).add(local_name(t))
        self.anchor = dict(graph.subject_objects(NIF.anchorOf))
        self.doc_of = dict(graph.subject_objects(KG.document))

    def multi(self, prop: URIRef) -> dict[URIRef, list]:
        out: dict[URIRef, list] = {}
        for s, o in self.g.subject_objects(prop):
            out.setdefault(s, []).append(o)
        return out

    def documents(self) -> dict[str, dict]:
        g = self.g
        docs = {}
        titles = dict(g.subject_objects(DCTERMS.title))
        sources = dict(g.subject_objects(DCTERMS.source))
        dates = dict(g.subject_objects(DCTERMS.date))
        for d in g.subjects(RDF.type, KG.Document):
            source = _str(sources.get(d))
            docs[str(d)] = {
                "title": _str(titles.get(d)) or source or local_name(d),
                "source": source,
                "url": source if source and re.match(r"https?://", source) else None,
                "date": _str(dates.get(d)),
            }
        return docs


def graph_data(graph: Graph, *, max_nodes: int = MAX_NODES, title: str | None = None) -> dict:
    """The records every view draws: vis-network nodes and edges plus event and document
    tables (see the module docstring).

    >>> from rdflib import Literal
    >>> from kg.namespace import ID
    >>> g = Graph()
    >>> _ = g.add((ID["person/a"], RDF.type, KG.Person))
    >>> _ = g.add((ID["person/a"], RDFS.label, Literal("<b>A</b>")))
    >>> d = graph_data(g)
    >>> [(n["label"], n["group"]) for n in d["nodes"]], d["edges"], d["initialNodes"]
    ([('<b>A</b>', 'Person')], [], None)
    """
    g = graph
    r = _Reader(graph)
    vocab, styles = r.vocab, r.styles
    documents = r.documents()

    labels = dict(g.subject_objects(RDFS.label))
    alt = r.multi(SKOS.altLabel)
    ents = {
        e: {
            "label": str(labels.get(e) or local_name(e)),
            "type": vocab.most_specific(ts, "Entity"),
        }
        for e, ts in r.entity_types.items()
    }
    # named entities' names, to prefer "X's group" over "group"
    known = {i["label"] for i in ents.values() if any(ch.isupper() for ch in i["label"])}

    roles: dict[URIRef, list[tuple[str, URIRef]]] = {ev: [] for ev in r.event_types}
    for role in vocab.roles:
        for s, o in g.subject_objects(_kg(role)):
            if s in roles and (o in ents or o in roles):
                roles[s].append((role, o))
    dates = dict(g.subject_objects(KG.date))
    triggers = dict(g.subject_objects(KG.trigger))
    evidence = dict(g.subject_objects(KG.evidence))
    literal = {p: dict(g.subject_objects(_kg(p))) for p in ("count", "polarity", "modality")}
    literal["predicate"] = {s: o for s, o in g.subject_objects(KG.predicate) if s in roles}
    literal["quantity"] = dict(g.subject_objects(_kg("quantity")))  # coming with issue 13
    for rs in roles.values():  # once, by strings: rdflib's own comparison is Python code
        rs.sort(key=lambda pair: (pair[0], str(pair[1])))
    classes = {ev: vocab.most_specific(r.event_types[ev], "Event") for ev in roles}
    # a topic of a typed event is drawn as a node; being the topic of an open event (hidden
    # by default) does not turn a binary fact into a node
    nested = {t for ev, rs in roles.items() if classes[ev] != "Event" for _, t in rs if t in roles}
    ev_info = {
        ev: {"type": classes[ev], "roles": list(rs), "date": _str(dates.get(ev))}
        for ev, rs in roles.items()
    }
    projection = project_from(ents, ev_info, events_as="edges")
    paired = {data["event"] for _, _, data in projection.edges(data=True)}

    events: dict[str, dict] = {}
    for ev in sorted(roles, key=str):  # event IRIs
        rs = roles[ev]
        cls = classes[ev]
        # binary: two entities take part and nothing else is said (no topic, place, source)
        binary = (
            str(ev) in paired
            and len({t for _, t in rs}) == 2
            and all(role in vocab.participants and t in ents for role, t in rs)
            and ev not in nested
        )
        trig, sent = triggers.get(ev), evidence.get(ev)
        trigger_text = _str(r.anchor.get(trig)) if trig is not None else None
        doc = r.doc_of.get(ev)
        events[str(ev)] = {
            "cls": cls,
            "open": cls == "Event",
            "asNode": not binary,
            "trigger": trigger_text,
            "date": _str(dates.get(ev)),
            "doc": str(doc) if doc is not None and str(doc) in documents else None,
            "roles": [[role, str(t)] for role, t in rs],
            "evidence": highlighted(str(r.anchor[sent]), sent, trigger_text, trig)
            if sent in r.anchor
            else None,
            **{k: _str(v.get(ev)) for k, v in literal.items() if v.get(ev) is not None},
        }

    # --- edges -----------------------------------------------------------------------------
    edges: list[dict] = []
    grouped: dict[tuple, list[str]] = {}
    for a, b, data in projection.edges(data=True):
        ev = events[data["event"]]
        key = (a, b, data["label"], ev["asNode"], ev["open"])
        grouped.setdefault(key, []).append(data["event"])
    for (a, b, cls, as_node, is_open), evs in sorted(grouped.items()):
        n = len(evs)
        edges.append(
            {
                "id": _edge_id("b", a, b, cls, str(as_node), str(is_open)),
                "from": a,
                "to": b,
                "label": f"{cls} ×{n}" if n > 1 else cls,
                "kind": "binary",
                "events": sorted(evs),
                "asNode": as_node,
                "open": is_open,
                "arrows": "to",
            }
        )
    for ev_id, ev in events.items():
        for role, target in ev["roles"]:
            a, b = (target, ev_id) if role in INCOMING_ROLES else (ev_id, target)
            label = vocab.labels.get(role, role)
            edges.append(
                {
                    "id": _edge_id("r", ev_id, role, target),
                    "from": a,
                    "to": b,
                    "label": label,
                    "kind": "role",
                    "role": role,
                    "event": ev_id,
                    "arrows": "to",
                    "color": {"color": "#b8b8b8"},
                    "font": {"size": 9},
                }
            )
    relation_docs: dict[tuple, str] = {}
    asserted = {
        p: dict(g.subject_objects(_kg(p))) for p in ("subject", "relation", "predicate", "object")
    }
    # sorted: a relation stated by several documents links to the same one on every run
    for ra in sorted(set(g.subjects(RDF.type, KG.RelationAssertion))):
        # kg:relation names the relation (kg:predicate in graphs made before it existed)
        rel = asserted["relation"].get(ra) or asserted["predicate"].get(ra)
        key = (asserted["subject"].get(ra), rel, asserted["object"].get(ra))
        if ra in r.doc_of:
            relation_docs.setdefault(key, str(r.doc_of[ra]))
    for rel in vocab.relations:
        for s, o in sorted(g.subject_objects(_kg(rel))):
            if s in ents and o in ents and s != o:
                edges.append(
                    {
                        "id": _edge_id("l", str(s), rel, str(o)),
                        "from": str(s),
                        "to": str(o),
                        "label": vocab.labels.get(rel, rel),
                        "kind": "relation",
                        "relation": rel,
                        "doc": relation_docs.get((s, _kg(rel), o)),
                        "arrows": "to",
                        "dashes": True,
                        "color": {"color": "#7a8fa6"},
                    }
                )

    # --- nodes -----------------------------------------------------------------------------
    shown = [e for e in edges if _default_visible(e, events)]
    degree = Counter()
    for e in shown:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    max_degree = max((degree[str(e)] for e in ents), default=0) or 1
    mentions = r.multi(KG.mention)
    sentence_of = dict(g.subject_objects(NIF.sentence))
    context_of = dict(g.subject_objects(NIF.referenceContext))
    titles = r.multi(KG.title)
    ages = dict(g.subject_objects(KG.age))
    counts = literal["count"]
    docs_of: dict[str, set[str]] = {}
    for ev in events.values():
        for _, target in ev["roles"]:
            if ev["doc"]:
                docs_of.setdefault(target, set()).add(ev["doc"])
    for e in edges:
        if e["kind"] == "relation" and e["doc"]:
            docs_of.setdefault(e["from"], set()).add(e["doc"])
            docs_of.setdefault(e["to"], set()).add(e["doc"])

    nodes = []
    for ent in sorted(ents, key=str):  # IRIs, compared as strings (rdflib's is Python code)
        iri, info = str(ent), ents[ent]
        names = sorted({info["label"], *(str(a) for a in alt.get(ent, ()))})
        evidence_rows: list[dict] = []
        seen: set[str] = set()
        for mention in sorted(mentions.get(ent, ()), key=str):
            sentence = sentence_of.get(mention)
            if sentence in r.anchor:
                text = _clip(str(r.anchor[sentence]))
                doc = r.doc_of.get(context_of.get(sentence))
                if doc is not None and str(doc) in documents:
                    docs_of.setdefault(iri, set()).add(str(doc))
                if text not in seen and len(evidence_rows) < MAX_EVIDENCE:
                    seen.add(text)
                    evidence_rows.append({"text": text, "doc": str(doc) if doc else None})
        cls = info["type"]
        style = styles[cls]
        label = best_label(info["label"], names, known)
        deg = degree[iri]
        tip = [f"{label} ({vocab.labels.get(cls, cls)})"]
        tip += [t for t in (str(x) for x in titles.get(ent, ()))][:2]
        nodes.append(
            {
                "id": iri,
                "label": label,
                "group": cls,
                "kind": "entity",
                "shape": style["shape"],
                "color": style["color"],
                "value": round(1 + 9 * (deg / max_degree) ** 0.5, 3),
                "title": "\n".join(tip),
                "names": names,
                "titles": sorted(str(t) for t in titles.get(ent, ())),
                "age": _int(ages.get(ent)),
                "count": _int(counts.get(ent)),
                "degree": deg,
                "docs": sorted(docs_of.get(iri, ())),
                "evidence": evidence_rows,
            }
        )
    for ev_id, ev in events.items():
        style = styles[ev["cls"]]
        head = ev["cls"] + (f": {ev['trigger']}" if ev["trigger"] else "")
        nodes.append(
            {
                "id": ev_id,
                "label": head + (f"\n{ev['date']}" if ev["date"] else ""),
                "group": ev["cls"],
                "kind": "event",
                "shape": style["shape"],
                "color": style["color"],
                "title": head + (f" ({ev['date']})" if ev["date"] else ""),
                "font": {"size": 10},
                "margin": 4,
                "hidden": not (ev["asNode"] and not ev["open"]),
            }
        )
    for e in edges:
        e["hidden"] = not _default_visible(e, events)

    initial = _initial_view(nodes, events, max_nodes)
    used = {n["group"] for n in nodes}
    n_docs = len(documents)
    return {
        "title": title or f"Knowledge graph: {n_docs} document{'s' if n_docs != 1 else ''}",
        "classes": {c: s for c, s in styles.items() if c in used},
        "nodes": nodes,
        "edges": edges,
        "events": events,
        "documents": documents,
        "initialNodes": initial,
        "maxNodes": max_nodes,
    }


def _initial_view(nodes: list[dict], events: dict, budget: int) -> list[str] | None:
    """The entities a large graph opens on: the best connected, as many as fit ``budget``
    drawn nodes together with the event nodes they bring (``None``: everything fits).

    An event node is drawn once two of its participants (or its only one) are, as the page
    decides.
    """
    drawn = [n for n in nodes if not n.get("hidden")]
    if len(drawn) <= budget:
        return None
    need: dict[str, int] = {}
    of_entity: dict[str, list[str]] = {}
    entity_ids = {n["id"] for n in nodes if n["kind"] == "entity"}
    for ev_id, ev in events.items():
        if ev["asNode"] and not ev["open"]:
            targets = {t for _, t in ev["roles"] if t in entity_ids}
            need[ev_id] = min(2, len(targets))
            for t in targets:
                of_entity.setdefault(t, []).append(ev_id)
    have: Counter = Counter()
    chosen, shown = [], 0
    for n in sorted(
        (n for n in nodes if n["kind"] == "entity"), key=lambda n: (-n["degree"], n["id"])
    ):
        new = 0
        for ev_id in of_entity.get(n["id"], ()):
            have[ev_id] += 1
            new += have[ev_id] == need[ev_id]
        if chosen and shown + 1 + new > budget:
            break
        chosen.append(n["id"])
        shown += 1 + new
    return sorted(chosen)


def _default_visible(edge: dict, events: dict) -> bool:
    """Whether ``edge`` shows in the page's default view (mixed events, no open ones)."""
    if edge["kind"] == "binary":
        return not edge["asNode"] and not edge["open"]
    if edge["kind"] == "role":
        ev = events[edge["event"]]
        other = edge["to"] if edge["from"] == edge["event"] else edge["from"]
        target = events.get(other)
        return (
            ev["asNode"]
            and not ev["open"]
            and (target is None or (target["asNode"] and not target["open"]))
        )
    return True


def to_pyvis(
    graph: Graph, *, data: dict | None = None, copy: bool = True, **network_args
) -> Network:
    """``graph`` as a ``pyvis.network.Network``: the nodes, edges, styles and options of the page.

    ``network_args`` go to ``Network`` (``notebook=True``, ``height="800px"``, ...). Records
    are put in in bulk: pyvis's ``add_node``/``add_edge`` scan its node list per call.
    ``net.kg_data`` keeps the event and document tables the page's details panel reads.
    The network gets copies of ``data``'s records unless ``copy`` is false (``data`` is
    then the network's: :func:`render_html` makes it for the page alone).
    """
    from pyvis.network import Network

    data = graph_data(graph) if data is None else data
    network_args.setdefault("directed", True)
    network_args.setdefault("cdn_resources", "in_line")
    net = Network(**network_args)
    net.nodes = [dict(n) for n in data["nodes"]] if copy else list(data["nodes"])
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = [dict(e) for e in data["edges"]] if copy else list(data["edges"])
    net.options = json.loads(json.dumps(OPTIONS))
    net.kg_data = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    return net


def json_for_script(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so ``</script>`` or ``<!--`` in article
    text cannot end the element; U+2028/2029 are escaped for old JavaScript parsers.

    >>> json_for_script({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        if ch in text:  # each replace copies the whole text (tens of MB for a corpus)
            text = text.replace(ch, esc)
    return text


@cache
def _vis_network() -> str:
    """The vendored vis-network, ready to inline (source-map comment dropped)."""
    js = (resources.files("kg.data") / "vendor" / "vis-network.min.js").read_text("utf-8")
    js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", js)
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


@cache
def _template(name: str = "graph.html") -> str:
    return (resources.files("kg.data") / name).read_text("utf-8")


def _script_hashes(page: str) -> str:
    """CSP ``'sha256-...'`` sources for every executable inline script of ``page``."""
    out = []
    for m in re.finditer(r"<script>(.*?)</script>", page, flags=re.DOTALL):
        digest = hashlib.sha256(m[1].encode("utf-8")).digest()
        out.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return " ".join(out)


def page_payload(net: Network) -> dict:
    """What the page reads: the network's nodes, edges and options and its kg tables."""
    return {**net.kg_data, "nodes": net.nodes, "edges": net.edges, "options": net.options}


def _fill(template: str, title: str, payload: dict) -> str:
    values = {
        "__KG_TITLE__": html.escape(title.replace("\x00", "")),
        "__KG_DATA__": _DATA_SLOT,
        "/*__VIS_NETWORK__*/": _vis_network() if "/*__VIS_NETWORK__*/" in template else "",
    }
    page = _MARKERS.sub(lambda m: values[m[0]], template)
    # Scripts are hashed after filling; the data element is not executable, so not hashed,
    # and it goes in last: the page around it is small, the data may be tens of MB
    page = page.replace("script-src 'unsafe-inline'", f"script-src {_script_hashes(page)}", 1)
    before, after = page.split(_DATA_SLOT, 1)
    return "".join((before, json_for_script(payload), after))


def render_page(payload: dict, *, api: str | None = None) -> str:
    """Fill the template with ``payload``; ``api`` (``kg serve``) lets the page fetch more."""
    if api is not None:
        payload = {**payload, "api": api}
    page = _fill(_template(), payload["title"], payload)
    if api is not None:  # the served explorer fetches search results and neighbourhoods
        page = page.replace("connect-src 'none'", "connect-src 'self'", 1)
    return page


def render_query_page(queries: list[dict], *, title: str = "kg serve: SPARQL") -> str:
    """The query page of ``kg serve``: an editor, the example ``queries`` and a result table."""
    from kg.namespace import PREFIXES

    payload = {"title": title, "queries": queries, "prefixes": dict(PREFIXES)}
    return _fill(_template("query.html"), title, payload)


def render_html(graph: Graph, *, title: str | None = None, max_nodes: int = MAX_NODES) -> str:
    """The self-contained HTML page of ``graph``, written from its :func:`to_pyvis` network."""
    net = to_pyvis(graph, data=graph_data(graph, max_nodes=max_nodes, title=title), copy=False)
    return render_page(page_payload(net))


def write_html(
    graph: Graph, path: str | Path, *, title: str | None = None, max_nodes: int = MAX_NODES
) -> Path:
    """Write the HTML graph atomically to ``path``."""
    return atomic_write_text(path, render_html(graph, title=title, max_nodes=max_nodes))
