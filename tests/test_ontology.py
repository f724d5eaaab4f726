"""The ontology files: two parsers agree, OWL RL finds them consistent, every term is
documented and aligned, and every event class names its CAMEO root code (or says why not).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg import vocab
from kg.namespace import EVENT_CLASSES, KG, KG_IRI, PREFIXES
from kg.ontology import ontology_graph, ontology_path, shapes_path
from kg.rdf import to_rdf

sys.path.insert(0, str(Path(__file__).parent))
from test_rdf import GOLDEN, simple_document

README = ontology_path().parent / "README.md"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ALIGNMENT = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.inverseOf,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)


def kg_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s.startswith(KG_IRI)
    }


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


@pytest.mark.parametrize("path", [ontology_path(), shapes_path(), GOLDEN], ids=lambda p: p.name)
def test_rdflib_and_oxigraph_parse_the_same_graph(path: Path) -> None:
    ours = Graph().parse(path, format="turtle")
    with path.open("rb") as f:
        quads = ox.parse(f, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        nt = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
    theirs = Graph().parse(data=nt.decode("utf-8"), format="nt")
    assert len(ours) == len(theirs) > 50
    assert isomorphic(ours, theirs)


def _owlrl_problems(graph: Graph) -> list[str]:
    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    errors = [str(m) for m in closure.objects(None, ERRNS.error)]
    nothing = [f"{s} is owl:Nothing" for s in closure.subjects(RDF.type, OWL.Nothing)]
    return errors + nothing


def test_ontology_is_consistent_under_owl_rl(ontology: Graph) -> None:
    assert _owlrl_problems(ontology) == []


def test_ontology_with_data_is_consistent_under_owl_rl(ontology: Graph) -> None:
    data = to_rdf([simple_document()]) + ontology
    assert _owlrl_problems(data) == []


def test_owl_rl_check_detects_inconsistency(ontology: Graph) -> None:
    """The consistency test above can fail: a person who is also an organization."""
    x = URIRef("https://w3id.org/kg-news/id/person/x")
    bad = ontology + Graph()
    bad.add((x, RDF.type, KG.Person))
    bad.add((x, RDF.type, KG.Organization))
    assert _owlrl_problems(bad)


def test_owl_rl_infers_gpe_is_place_and_organization(ontology: Graph) -> None:
    x = URIRef("https://w3id.org/kg-news/id/place/x")
    g = ontology + Graph()
    g.add((x, RDF.type, KG.Country))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    for cls in (KG.Place, KG.Organization, KG.Entity):
        assert (x, RDF.type, cls) in g


def test_every_term_has_english_label_and_comment(ontology: Graph) -> None:
    terms = kg_terms(ontology)
    assert {str(t)[len(KG_IRI) :] for t in terms} == set(vocab.terms())
    for term in sorted(terms):
        for prop in (RDFS.label, RDFS.comment):
            values = [v for v in ontology.objects(term, prop) if isinstance(v, Literal)]
            assert any(v.language == "en" and str(v).strip() for v in values), (term, prop)


def test_every_event_class_names_its_cameo_root_or_says_why_not(ontology: Graph) -> None:
    for name in EVENT_CLASSES:
        if name == "Event":
            continue
        cls = KG[name]
        codes = [str(c) for c in ontology.objects(cls, KG.cameoCode)]
        notes = " ".join(str(n) for n in ontology.objects(cls, SKOS.scopeNote))
        assert "CAMEO" in notes, name
        if codes:
            assert len(codes) == 1 and re.fullmatch(r"(0[1-9]|1\d|20)", codes[0]), (name, codes)
            assert f"CAMEO {codes[0]}" in notes, name
        else:
            assert "No CAMEO root code" in notes, name


def _aligned(ontology: Graph, term: URIRef) -> bool:
    """An alignment to an outside vocabulary, own or inherited, or a note saying none fits."""
    if any(ontology.objects(term, SKOS.scopeNote)):
        return True
    supers = set(ontology.transitive_objects(term, RDFS.subClassOf))
    supers |= set(ontology.transitive_objects(term, RDFS.subPropertyOf))
    return any(
        not str(o).startswith(KG_IRI)
        for s in supers
        for p in ALIGNMENT
        for o in ontology.objects(s, p)
        if isinstance(o, URIRef)
    )


def test_every_term_is_aligned_or_says_why_not(ontology: Graph) -> None:
    unaligned = [t for t in kg_terms(ontology) if not _aligned(ontology, t)]
    assert unaligned == []


SCHEMA = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


@pytest.mark.parametrize(
    ("term", "prop", "target"),
    [
        (KG.Person, RDFS.subClassOf, SCHEMA + "Person"),
        (KG.Person, RDFS.subClassOf, SEM + "Actor"),
        (KG.Person, RDFS.subClassOf, PROV + "Person"),
        (KG.Organization, RDFS.subClassOf, SCHEMA + "Organization"),
        (KG.Organization, RDFS.subClassOf, PROV + "Organization"),
        (KG.Place, RDFS.subClassOf, SCHEMA + "Place"),
        (KG.Place, RDFS.subClassOf, SEM + "Place"),
        (KG.GeopoliticalEntity, RDFS.subClassOf, KG_IRI + "Place"),
        (KG.GeopoliticalEntity, RDFS.subClassOf, KG_IRI + "Organization"),
        (KG.Country, RDFS.subClassOf, SCHEMA + "Country"),
        (KG.Event, RDFS.subClassOf, SEM + "Event"),
        (KG.Document, RDFS.subClassOf, PROV + "Entity"),
        (KG.agent, RDFS.subPropertyOf, KG_IRI + "participant"),
        (KG.patient, RDFS.subPropertyOf, KG_IRI + "participant"),
        (KG.participant, SKOS.closeMatch, SEM + "hasActor"),
        (KG.place, RDFS.subPropertyOf, SEM + "hasPlace"),
        (KG.date, SKOS.closeMatch, SEM + "hasTimeStamp"),
        (KG.evidence, SKOS.closeMatch, PROV + "wasDerivedFrom"),
        (KG.reportedBy, SKOS.closeMatch, PROV + "wasAttributedTo"),
        (KG.mention, RDFS.range, NIF + "Phrase"),
        (KG.trigger, RDFS.range, NIF + "Phrase"),
        (KG.topic, SKOS.closeMatch, SCHEMA + "about"),
    ],
)
def test_alignment_triples(ontology: Graph, term: URIRef, prop: URIRef, target: str) -> None:
    assert (term, prop, URIRef(target)) in ontology


def test_readme_names_only_real_terms_and_runs_its_queries() -> None:
    """The README names no term kg.ttl lacks (but the typos it shows being reported),
    documents every entity class, and its SPARQL examples answer.

    Event classes added later are documented by kg.ttl itself (docs/adding-an-event-class.md):
    the README's table is an overview, not a second list to keep up.
    """
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(r"kg:([A-Za-z]+)", text)) - {"Statment", "instrumnt"}
    assert named <= set(vocab.terms()), sorted(named - set(vocab.terms()))
    for cls in vocab.entity_classes():
        assert f"kg:{cls}" in text, cls
    queries = re.findall(r"```sparql\n(.*?)```", text, flags=re.DOTALL)
    assert len(queries) >= 3
    graph = Graph().parse(GOLDEN, format="turtle")
    for q in queries:  # as `kg query` runs them: the PREFIXES predeclared
        rows = list(graph.query(q, initNs=PREFIXES))
        assert rows, q
