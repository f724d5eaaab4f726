"""IRI slugs for names in any script (issue 17 item 2): distinct, deterministic, readable.

Every name below is invented or a generic word; none comes from the measured corpus.
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

from kg.corpus import resolve_corpus
from kg.model import Document, DocumentGraph, Entity
from kg.namespace import ID, KG, bind_prefixes
from kg.rdf import entity_iri, slug, to_rdf

NAMES = {
    "cyrillic": "Борислав Ковалёнок",
    "ukrainian": "Мирослава Їжакевич",
    "greek": "Ανδρέας Καλλιγάς",
    "arabic": "سمير الحداد",
    "chinese": "林海峰",
    "japanese": "やまだ はなこ",
    "korean": "김하늘",
    "hindi": "अनिल वर्मा",
    "mixed": "Борислав Smith-Ковалёнок",
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Pérez's group", "perez-s-group"),
        ("Oscar Perez", "oscar-perez"),
        ("Jean-Luc Pérez", "jean-luc-perez"),
        ("Zürich Harbour Authority", "zurich-harbour-authority"),
        ("São Tomé", "sao-tome"),
        ("  U.S. Navy  ", "u-s-navy"),
        ("ﬁnance Ｗorks", "finance-works"),
        ("İlkay", "ilkay"),
    ],
)
def test_latin_slugs_are_unchanged(name, expected):
    assert slug(name) == expected


def test_names_in_other_scripts_get_distinct_readable_slugs():
    slugs = {key: slug(name) for key, name in NAMES.items()}
    assert len(set(slugs.values())) == len(NAMES), slugs
    for key, name in NAMES.items():
        letters = [c for c in name if c.isalpha() and not c.isascii()]
        # readable: the script's own letters are in the slug, not a hash or "x"
        assert sum(c in slugs[key] for c in letters) >= len(letters) // 2, (key, slugs[key])
    assert slugs["mixed"].startswith("борислав-smith-")


def test_slugs_do_not_depend_on_case_or_normalisation_form():
    for name in NAMES.values():
        assert slug(unicodedata.normalize("NFD", name)) == slug(name)
        assert slug(name.upper()) == slug(name)
    # a final sigma and a medial one are the same letter
    assert slug("ΑΝΔΡΕΑΣ ΚΑΛΛΙΓΑΣ") == slug("Ανδρέας Καλλιγάς")


def test_combining_marks_of_other_scripts_are_kept():
    # Devanagari vowel signs are combining marks: dropping them merges different names
    assert slug("कमल") != slug("कमला")
    assert slug("वर्मा") == "वर्मा"
    assert slug("Ko\u0301\u0323n") == "kon"  # marks on a Latin letter still go


@pytest.mark.parametrize("pair", [("!!!", "???"), ("☺", "★"), ("", " ")])
def test_a_name_without_letters_gets_a_stable_hash_not_a_shared_x(pair):
    a, b = (slug(p) for p in pair)
    assert a.startswith("x-") and a == slug(pair[0])
    if pair[0].strip() or pair[1].strip():
        assert a != b


def test_unicode_iris_survive_turtle_and_ntriples():
    g = Graph()
    bind_prefixes(g)
    for name in NAMES.values():
        g.add((ID[f"person/{slug(name)}"], RDF.type, KG.Person))
    for fmt, ox_fmt in (("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)):
        data = g.serialize(format=fmt).encode("utf-8")
        back = Graph().parse(data=data, format=fmt)
        assert isomorphic(back, g)
        parsed = list(ox.parse(data, ox_fmt))
        assert {t.subject.value for t in parsed} == {str(s) for s in g.subjects()}


def _doc_graph(i: int, *entities: Entity) -> DocumentGraph:
    doc = Document(id=f"d{i}", source=f"d{i}.txt", text="")
    return DocumentGraph(doc, list(entities))


def test_people_named_in_other_scripts_stay_apart_and_still_merge_across_documents():
    country = Entity("c", "Country", "Ostland")
    docs = [
        _doc_graph(1, Entity("e0", "Person", NAMES["cyrillic"], nationality="c"), country),
        _doc_graph(2, Entity("e0", "Person", NAMES["greek"]), country),
        _doc_graph(3, Entity("e0", "Person", NAMES["arabic"])),
        _doc_graph(4, Entity("e0", "Person", NAMES["cyrillic"])),
        _doc_graph(5, Entity("e0", "Person", "Ковалёнок")),  # the surname alone
    ]
    graph = to_rdf(resolve_corpus(docs))
    people = set(graph.subjects(RDF.type, KG.Person))
    assert len(people) == 3
    cyrillic = URIRef(entity_iri(docs[0].document, docs[0].entities[0]))
    assert cyrillic in people and len(set(graph.objects(cyrillic, KG.nationality))) == 1
