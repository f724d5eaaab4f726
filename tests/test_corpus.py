"""Cross-document merging: short labels rewritten to the corpus's one full name."""

from __future__ import annotations

import itertools

import pytest

from kg.corpus import AliasRegistry, CorpusResolver, resolve_corpus
from kg.model import Document, DocumentGraph, Entity
from kg.rdf import entity_iri


def graph(doc_id: str, *entities: tuple[str, str] | Entity) -> DocumentGraph:
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text="")
    built = [
        e if isinstance(e, Entity) else Entity(f"e{i}", e[1], e[0]) for i, e in enumerate(entities)
    ]
    return DocumentGraph(doc, built)


def labels(graphs):
    return [[e.label for e in g.entities] for g in graphs]


def test_surname_in_a_later_article_joins_the_full_name():
    resolver = CorpusResolver()
    first = resolver.add(graph("a", ("Jane Okafor", "Person")))
    second = resolver.add(graph("b", ("Okafor", "Person")))
    (e,) = second.entities
    assert (e.label, e.alt_labels) == ("Jane Okafor", ["Okafor"])
    assert entity_iri(second.document, e) == entity_iri(first.document, first.entities[0])


def test_ambiguous_surname_is_left_alone():
    out = resolve_corpus(
        [
            graph("a", ("John Smith", "Person")),
            graph("b", ("Mary Smith", "Person")),
            graph("c", ("Smith", "Person")),
        ]
    )
    assert labels(out) == [["John Smith"], ["Mary Smith"], ["Smith"]]


def test_acronym_defined_in_another_article():
    union = Entity("e0", "Organization", "Harbour Workers Union", ["HWU"])
    out = resolve_corpus([graph("a", union), graph("b", ("HWU", "Organization"))])
    assert labels(out) == [["Harbour Workers Union"], ["Harbour Workers Union"]]
    assert out[1].entities[0].alt_labels == ["HWU"]


@pytest.mark.parametrize(
    ("known", "short"),
    [
        (("Jane Okafor", "Person"), ("Okafor", "Organization")),  # incompatible kind
        (("Jane Okafor", "Person"), ("Jane", "Person")),  # a first name is no evidence
        (("Harbour Workers Union", "Organization"), ("HWU", "Organization")),  # never defined
    ],
)
def test_no_rewrite_without_evidence(known, short):
    out = resolve_corpus([graph("a", known), graph("b", short)])
    assert out[1].entities[0].label == short[0]


def test_unnamed_groups_are_document_scoped():
    group = Entity("e0", "Group", "Okafor", named=False)
    out = resolve_corpus([graph("a", ("Jane Okafor", "Person")), graph("b", group)])
    assert out[1].entities[0].label == "Okafor"


def test_streaming_never_renames_an_emitted_entity():
    resolver = CorpusResolver()
    first = resolver.add(graph("a", ("Okafor", "Person")))
    resolver.add(graph("b", ("Jane Okafor", "Person")))
    assert first.entities[0].label == "Okafor"


def test_batch_result_does_not_depend_on_order():
    graphs = [
        graph("a", ("Okafor", "Person")),
        graph("b", ("Jane Okafor", "Person"), ("Acme", "Organization")),
        graph("c", ("Okafor", "Person"), ("Acme", "Organization")),
    ]
    results = set()
    for order in itertools.permutations(graphs):
        out = resolve_corpus(order)
        results.add(frozenset((g.document.id, tuple(labels([g])[0])) for g in out))
    assert len(results) == 1


def test_input_is_not_modified():
    g = graph("b", ("Okafor", "Person"))
    resolve_corpus([graph("a", ("Jane Okafor", "Person")), g])
    assert g.entities[0].label == "Okafor"


def test_registry_round_trips_through_json():
    reg = AliasRegistry()
    CorpusResolver(reg).add(
        graph("a", ("Jane Okafor", "Person"), Entity("e1", "Organization", "Harbour Union", ["HU"]))
    )
    text = reg.to_json()
    again = AliasRegistry.from_json(text)
    assert again.to_json() == text
    out = CorpusResolver(again).add(graph("b", ("Okafor", "Person"), ("HU", "Organization")))
    assert labels([out]) == [["Jane Okafor", "Harbour Union"]]


@pytest.mark.parametrize("text", ['{"version": 99}', "[]", '{"names": {}}'])
def test_registry_rejects_other_json(text):
    with pytest.raises(ValueError):
        AliasRegistry.from_json(text)


def test_short_name_left_apart_in_its_own_article_is_not_rewritten():
    # the article itself has another Okafor: its "Okafor" was ambiguous there
    out = resolve_corpus(
        [
            graph("a", ("Jane Okafor", "Person")),
            graph("b", ("Okafor", "Person"), ("Peter Okafor", "Person")),
        ]
    )
    assert labels(out)[1] == ["Okafor", "Peter Okafor"]


def test_corpus_resolver_imports_neither_rdflib_nor_the_components():
    """The corpus resolver runs in the main process of a parallel build: names only."""
    import subprocess
    import sys

    code = (
        "import sys, kg.corpus; heavy = ('rdflib', 'spacy', 'kg.components'); "
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
