"""Cross-document entity merging: one node per actor across a corpus.

Entity IRIs come from the coarse type and the canonical label (:func:`kg.rdf.entity_iri`),
so two documents that both say "Jane Doe" already share a node. What is left is the short
forms: a later article that only says "Doe", or only uses an acronym another article
defined. :class:`CorpusResolver` keeps an :class:`AliasRegistry` of the full names seen so
far and rewrites such a short label to the one full name it can stand for, only when that
name is unique (two "Doe"s in the corpus and "Doe" stays "Doe": no guess). The rewrite is
explainable: the original label stays in ``alt_labels`` with the mentions it came from.

Streaming: :meth:`CorpusResolver.add` takes one document graph at a time and never renames
an entity already emitted (its IRI is stable); the registry serialises to JSON so a
persistent store can keep it between batches. :func:`resolve_corpus` first registers every
document, then rewrites, so its result does not depend on the order of the documents.

Distributed (``kg build --cluster``): a shard's task returns, beside its document graphs,
the compact :func:`entity_names` of each document; the client replays them in input order
through the same resolver (:func:`merge_names`) and applies the final names
(:func:`apply_names`), so the result is the one of a local streaming build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.model import Document, DocumentGraph, Entity
from kg.names import coarse_type, is_acronym, name_key

FORMAT_VERSION = 1


@dataclass
class AliasRegistry:
    """Full names seen in the corpus, and the short forms that point to them.

    ``names[kind][key]`` is the canonical label of a full name; ``aliases[kind][key]`` the
    set of full names a short form ("Doe", "ACME") has been seen to stand for.
    """

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def register(self, entity: Entity) -> None:
        """Remember a named entity's full name and the short forms evidence gives for it.

        >>> r = AliasRegistry()
        >>> r.register(Entity("e0", "Person", "Jane Doe"))
        >>> r.lookup("person", "Doe")
        'Jane Doe'
        """
        if not entity.named:
            return
        kind = coarse_type(entity.type)
        label = entity.label
        words = label.split()
        if (kind == "person" and len(words) < 2) or (kind != "person" and is_acronym(label)):
            return  # a one-word person name or a bare acronym is itself a short form
        self.names.setdefault(kind, {}).setdefault(name_key(label), label)
        shorts = set()
        if kind == "person":
            shorts.add(words[-1])  # the surname: "Doe"
        # acronyms and other names the document itself established for this entity
        for alt in entity.alt_labels:
            if kind != "person" and is_acronym(alt):
                shorts.add(alt)
        for short in shorts:
            key = name_key(short)
            if key != name_key(label):
                self.aliases.setdefault(kind, {}).setdefault(key, set()).add(label)

    def lookup(self, kind: str, label: str) -> str | None:
        """The one full name ``label`` stands for in ``kind``, or None (unknown, ambiguous).

        >>> r = AliasRegistry()
        >>> for n in ("John Smith", "Mary Smith"):
        ...     r.register(Entity("e0", "Person", n))
        >>> r.lookup("person", "Smith") is None
        True
        """
        key = name_key(label)
        known = self.names.get(kind, {}).get(key)
        if known is not None:
            return known
        targets = self.aliases.get(kind, {}).get(key, set())
        if len(targets) == 1:
            return next(iter(targets))
        return None

    def to_json(self) -> str:
        """The registry as JSON (sorted: byte-identical for the same content)."""
        data = {
            "version": FORMAT_VERSION,
            "names": {k: dict(sorted(v.items())) for k, v in sorted(self.names.items())},
            "aliases": {
                k: {a: sorted(t) for a, t in sorted(v.items())}
                for k, v in sorted(self.aliases.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> AliasRegistry:
        """A registry saved by :meth:`to_json`; raises ValueError on anything else.

        >>> r = AliasRegistry()
        >>> r.register(Entity("e0", "Organization", "Acme Workers Union", ["AWU"]))
        >>> AliasRegistry.from_json(r.to_json()).lookup("organization", "AWU")
        'Acme Workers Union'
        """
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise ValueError("not a kg alias registry (unknown format version)")
        try:
            names = {k: {a: str(b) for a, b in v.items()} for k, v in data["names"].items()}
            aliases = {
                k: {a: {str(x) for x in t} for a, t in v.items()}
                for k, v in data["aliases"].items()
            }
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a kg alias registry ({exc})") from None
        return cls(names=names, aliases=aliases)


class CorpusResolver:
    """Rewrites each document's short entity labels to the corpus's full names.

    ``resolver.add(dg)`` returns the document graph with rewritten labels (a new object:
    the input is not modified) and registers its full names for the documents after it.
    """

    def __init__(self, registry: AliasRegistry | None = None) -> None:
        self.registry = registry if registry is not None else AliasRegistry()

    def rewrite(self, dg: DocumentGraph) -> DocumentGraph:
        """``dg`` with its short labels rewritten, without registering anything."""
        # a short name the document itself left apart from its full names is ambiguous there
        local = {name_key(w) for e in dg.entities if e.named for w in e.label.split()[1:]}
        local |= {name_key(e.label.split()[0]) for e in dg.entities if len(e.label.split()) > 1}
        entities = [e if name_key(e.label) in local else self._rewrite(e) for e in dg.entities]
        return replace(dg, entities=entities)

    def add(self, dg: DocumentGraph) -> DocumentGraph:
        """Rewrite ``dg``'s short labels, then register its full names."""
        out = self.rewrite(dg)
        for e in out.entities:
            self.registry.register(e)
        return out

    def _rewrite(self, entity: Entity) -> Entity:
        if not entity.named:
            return entity
        kind = coarse_type(entity.type)
        words = entity.label.split()
        short = (kind == "person" and len(words) == 1) or (
            kind != "person" and is_acronym(entity.label)
        )
        if not short:
            return entity
        full = self.registry.lookup(kind, entity.label)
        if full is None or full == entity.label:
            return entity
        alt = sorted({*entity.alt_labels, entity.label} - {full})
        return replace(entity, label=full, alt_labels=alt)


#: One document's entities as the registry sees them: ``(named, type, label, alt_labels)``.
EntityNames = tuple[tuple[bool, str, str, tuple[str, ...]], ...]
_NAMES_ONLY = Document(id="", source="", text="")


def entity_names(dg: DocumentGraph) -> EntityNames:
    """What cross-document resolution reads of a document: its entities' names, no spans."""
    return tuple((e.named, e.type, e.label, tuple(e.alt_labels)) for e in dg.entities)


def merge_names(resolver: CorpusResolver, names: EntityNames) -> list[tuple[str, list[str]]]:
    """The final ``(label, alt_labels)`` of each entity: :meth:`CorpusResolver.add` on names.

    The resolver reads only the names, so replaying them in input order gives what a local
    build gives for the full document graphs, and registers them for the documents after.

    >>> r = CorpusResolver()
    >>> _ = merge_names(r, ((True, "Person", "Jane Doe", ()),))
    >>> merge_names(r, ((True, "Person", "Doe", ()), (False, "Group", "police", ())))
    [('Jane Doe', ['Doe']), ('police', [])]
    """
    entities = [
        Entity(str(i), t, label, list(alts), named=n) for i, (n, t, label, alts) in enumerate(names)
    ]
    out = resolver.add(DocumentGraph(_NAMES_ONLY, entities))
    return [(e.label, e.alt_labels) for e in out.entities]


def apply_names(dg: DocumentGraph, final: list[tuple[str, list[str]]]) -> DocumentGraph:
    """``dg`` with the final entity names of :func:`merge_names` (a new object if any change)."""
    entities = [
        e if (e.label, e.alt_labels) == name else replace(e, label=name[0], alt_labels=name[1])
        for e, name in zip(dg.entities, final, strict=True)
    ]
    return replace(dg, entities=entities)


def resolve_corpus(
    doc_graphs: Iterable[DocumentGraph], *, registry: AliasRegistry | None = None
) -> list[DocumentGraph]:
    """Every document graph with short labels rewritten, independent of document order.

    All full names are registered first, then every document is rewritten against them.

    >>> from kg.model import Document
    >>> def dg(i, *labels):
    ...     doc = Document(id=str(i), source=str(i), text="")
    ...     return DocumentGraph(doc, [Entity(f"e{j}", "Person", n) for j, n in enumerate(labels)])
    >>> out = resolve_corpus([dg(1, "Doe"), dg(2, "Jane Doe")])
    >>> [e.label for g in out for e in g.entities]
    ['Jane Doe', 'Jane Doe']
    """
    graphs = list(doc_graphs)
    resolver = CorpusResolver(registry)
    for g in graphs:
        for e in g.entities:
            resolver.registry.register(e)
    return [resolver.rewrite(g) for g in graphs]
