"""What the graph views draw, read from the ontology: classes, roles, relations and styles.

Why here and not in a table: ``ontology/kg.ttl`` is the one source of truth for classes and
properties. A class added there gets a colour, a shape, a legend entry and a filter in the
HTML view without any edit to this module:

* **Entity classes** (``kg:Entity`` and everything below it) are grouped by *branch*, the
  class directly below ``kg:Entity`` they descend from (Person, Organization, Place, ...).
  A class with several parents (``kg:GeopoliticalEntity`` is a Place and an Organization)
  belongs to the branch of its parent with the larger subtree. Each branch gets a hue; each
  class within it a lightness, and every class (walked depth first, children by name) the
  next shape of :data:`SHAPES`, so that a class and its parent (Country and
  GeopoliticalEntity) never share both colour and shape.
* **Event classes** (``kg:Event`` and below) are drawn as small boxes, each class its own
  hue; plain ``kg:Event`` (an open, untyped event) is grey.
* **Roles** are the object properties whose domain is ``kg:Event`` and whose range is an
  entity class or left open (``kg:topic`` may point to another event).
* **Relations** are the object properties whose domain and range are entity classes
  (``kg:memberOf``, ``kg:leaderOf``, ``kg:locatedIn``, ``kg:nationality``, ...).
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import OWL, RDF, RDFS, URIRef

from kg.namespace import KG_IRI

#: vis-network shapes whose size follows a node's ``value`` (label drawn below).
SHAPES = ("dot", "square", "triangle", "diamond", "hexagon", "star", "triangleDown")
OPEN_EVENT_COLOR = "#9e9e9e"
GENERIC_COLOR = "#bab0ac"


@dataclass(frozen=True)
class Vocabulary:
    """The parts of the ontology the views need, by local name."""

    parents: dict[str, tuple[str, ...]]  # kg class -> its kg superclasses (direct)
    labels: dict[str, str]  # kg class or property -> rdfs:label (English)
    roles: tuple[str, ...]  # event -> participant properties
    relations: tuple[str, ...]  # entity -> entity properties
    participants: tuple[str, ...] = ()  # roles below kg:participant (who took part)

    def descendants(self, root: str) -> set[str]:
        """``root`` and every class below it."""
        children = self.children()
        out, todo = set(), [root]
        while todo:
            c = todo.pop()
            if c not in out:
                out.add(c)
                todo.extend(children.get(c, ()))
        return out

    def children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for c, ps in self.parents.items():
            for p in ps:
                out.setdefault(p, []).append(c)
        return {p: sorted(cs) for p, cs in out.items()}

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        out, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in out:
                out.add(c)
                todo.extend(self.parents.get(c, ()))
        return out

    def most_specific(self, names: Iterable[str], default: str) -> str:
        """The class of ``names`` that no other of them specialises (ties: by name).

        >>> v = vocabulary()
        >>> v.most_specific(["Entity", "Place", "GeopoliticalEntity", "Country"], "Entity")
        'Country'
        """
        key = (frozenset(names), default)
        cache = self.__dict__.setdefault("_most_specific", {})  # frozen: not via setattr
        found = cache.get(key)
        if found is None:
            lowest = [
                n for n in key[0] if not any(n != m and n in self.ancestors(m) for m in key[0])
            ]
            found = cache[key] = min(lowest) if lowest else default
        return found


def _local(term: object) -> str | None:
    text = str(term)
    return text[len(KG_IRI) :] if isinstance(term, URIRef) and text.startswith(KG_IRI) else None


def _direct(ancestors: tuple[str, ...], superclasses) -> tuple[str, ...]:
    """The direct superclasses among ``ancestors`` (those no other ancestor is below)."""
    return tuple(
        sorted(p for p in ancestors if not any(p in superclasses(q) for q in ancestors if q != p))
    )


@cache
def vocabulary() -> Vocabulary:
    """The class hierarchy, labels, roles and relations of ``ontology/kg.ttl`` (cached).

    Classes, roles and labels come from :mod:`kg.vocab`; relations (object properties from
    an entity class to an entity class) and the participant roles are read here.
    """
    from kg import vocab as kv
    from kg.ontology import ontology_graph

    classes = (*kv.entity_classes(), *kv.event_classes())
    parents = {c: _direct(kv.superclasses(c), kv.superclasses) for c in classes}
    roles = tuple(sorted(kv.roles()))
    entity_classes = set(kv.entity_classes())
    g = ontology_graph()
    relations, sub = [], {}
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        name = _local(prop)
        if not name or name in roles:
            continue
        domain = {_local(d) for d in g.objects(prop, RDFS.domain)}
        ranges = {_local(r) for r in g.objects(prop, RDFS.range)}
        if domain and domain <= entity_classes and ranges and ranges <= entity_classes:
            relations.append(name)
    for a, b in g.subject_objects(RDFS.subPropertyOf):
        sub[_local(a)] = _local(b)

    def takes_part(role: str | None) -> bool:
        seen = set()
        while role and role not in seen:
            if role == "participant":
                return True
            seen.add(role)
            role = sub.get(role)
        return False

    labels = {n: kv.label(n) for n in (*classes, *roles, *relations)}
    participants = tuple(r for r in roles if takes_part(r))
    return Vocabulary(parents, labels, roles, tuple(sorted(relations)), participants)


def _hex(hue: float, lightness: float, saturation: float = 0.55) -> str:
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))


def _walk(vocab: Vocabulary, root: str) -> list[tuple[str, str]]:
    """``(class, branch)`` below ``root``, depth first, each class once, children by name."""
    children = vocab.children()
    size = {c: len(vocab.descendants(c)) for c in vocab.parents}

    def primary(c: str) -> str | None:
        ps = [p for p in vocab.parents.get(c, ()) if p in reach]
        return max(ps, key=lambda p: (size.get(p, 0), p)) if ps else None

    reach = vocab.descendants(root)
    out: list[tuple[str, str]] = []

    def visit(c: str, branch: str) -> None:
        out.append((c, branch))
        for child in children.get(c, ()):
            if primary(child) == c:
                visit(child, child if c == root else branch)

    visit(root, root)
    return out


@cache
def class_styles() -> dict[str, dict]:
    """Class local name -> ``{kind, color, shape, branch, label}`` for the views (cached).

    >>> s = class_styles()
    >>> s["Country"]["kind"], s["Attack"]["kind"], s["Event"]["color"] == OPEN_EVENT_COLOR
    ('entity', 'event', True)
    >>> (s["Country"]["color"], s["Country"]["shape"]) != (
    ...     s["GeopoliticalEntity"]["color"], s["GeopoliticalEntity"]["shape"])
    True
    """
    return styles_for(vocabulary())


def styles_for(vocab: Vocabulary) -> dict[str, dict]:
    """:func:`class_styles` of any vocabulary (tests add classes to see them styled)."""
    out: dict[str, dict] = {}
    walked = _walk(vocab, "Entity")
    branches = sorted({b for _, b in walked if b != "Entity"})
    hue = {b: i / max(len(branches), 1) for i, b in enumerate(branches)}
    rank: dict[str, int] = {}
    for i, (cls, branch) in enumerate(walked):
        k = rank[branch] = rank.get(branch, -1) + 1
        color = GENERIC_COLOR if cls == "Entity" else _hex(hue[branch], 0.36 + 0.09 * (k % 5))
        out[cls] = {
            "kind": "entity",
            "color": color,
            "shape": "dot" if cls == "Entity" else SHAPES[(i - 1) % len(SHAPES)],
            "branch": branch,
            "label": vocab.labels.get(cls, cls),
        }
    events = [c for c, _ in _walk(vocab, "Event")]
    for i, cls in enumerate(events):
        out[cls] = {
            "kind": "event",
            "color": OPEN_EVENT_COLOR if cls == "Event" else _hex(i * 0.618034, 0.72, 0.6),
            "shape": "box",
            "branch": "Event",
            "label": vocab.labels.get(cls, cls),
        }
    return out


#: Event and entity attributes the views show, besides roles and relations.
VIEW_ATTRIBUTES = (
    "trigger",
    "evidence",
    "date",
    "document",
    "polarity",
    "modality",
    "count",
    "quantity",
    "title",
    "age",
    "subject",
    "relation",
    "object",
)  # not kg:predicate nor kg:sense: the trigger word shows, and a corpus has one per event


def view_properties() -> frozenset[str]:
    """IRIs of the ``kg:`` properties the graph views read: every role and relation of the
    ontology and :data:`VIEW_ATTRIBUTES` (what a store's projection must keep)."""
    v = vocabulary()
    return frozenset(KG_IRI + n for n in (*v.roles, *v.relations, *VIEW_ATTRIBUTES))
