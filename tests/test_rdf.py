"""The RDF view: hand-built document graphs -> Turtle that conforms to the shapes.

No spaCy model is needed: the document graphs are built by hand from :mod:`kg.model`.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import SKOS

from kg.model import (
    Argument,
    Document,
    DocumentGraph,
    Entity,
    Event,
    Mention,
    Relation,
    Span,
)
from kg.namespace import KG, KG_IRI, NIF
from kg.rdf import date_literal, document_iri, entity_iri, event_iri, slug, to_rdf
from kg.validate import validate

GOLDEN = Path(__file__).parent / "golden" / "simple_document.ttl"

TEXT = (
    "CARACAS – Venezuelan Interior Minister Nestor Reverol on Tuesday confirmed the death "
    "of Oscar Perez. Perez, 36, had been in hiding since June."
)


def span(text: str, phrase: str, *, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a model span."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def simple_document() -> DocumentGraph:
    """Two sentences of the seed article, extracted by hand."""
    s1 = span(TEXT, TEXT[: TEXT.index("Perez.") + len("Perez.")])
    s2 = span(TEXT, TEXT[TEXT.index("Perez, 36") :])
    doc = Document(
        id="simple",
        source="examples/articles/venezuela-perez.txt",
        text=TEXT,
        title="Venezuelan Government Confirms Death of Rebel Police Officer Oscar Perez",
        date="2018-01-17",
        dateline="CARACAS",
    )
    reverol = Entity(
        key="e0",
        type="Person",
        label="Nestor Reverol",
        mentions=[Mention(span(TEXT, "Nestor Reverol"), s1, "PERSON")],
        titles=["Interior Minister"],
        nationality="e2",
    )
    perez = Entity(
        key="e1",
        type="Person",
        label="Oscar Perez",
        alt_labels=["Perez"],
        mentions=[
            Mention(span(TEXT, "Oscar Perez"), s1, "PERSON"),
            Mention(span(TEXT, "Perez", nth=1), s2, "PERSON"),
        ],
        age=36,
    )
    venezuela = Entity(
        key="e2",
        type="Country",
        label="Venezuela",
        alt_labels=["Venezuelan"],
        mentions=[Mention(span(TEXT, "Venezuelan"), s1, "NORP")],
    )
    caracas = Entity(
        key="e3",
        type="City",
        label="Caracas",
        alt_labels=["CARACAS"],
        mentions=[Mention(span(TEXT, "CARACAS"), s1, "GPE")],
        relations=[Relation("locatedIn", "e2", s1)],
    )
    statement = Event(
        key="v0",
        type="Statement",
        trigger=span(TEXT, "confirmed"),
        sentence=s1,
        arguments=[Argument("agent", "e0"), Argument("topic", "v1", is_event=True)],
        date="2018-01-16",
        confidence=0.8,
        rule="svo-verb",
        predicate="confirm",
    )
    death = Event(
        key="v1",
        type="Death",
        trigger=span(TEXT, "death"),
        sentence=s1,
        arguments=[Argument("patient", "e1")],
        modality="reported",
        reported_by="e0",
        confidence=0.6,
        rule="svo-noun",
        predicate="death",
    )
    return DocumentGraph(
        document=doc,
        entities=[reverol, perez, venezuela, caracas],
        events=[statement, death],
    )


@pytest.fixture
def dg() -> DocumentGraph:
    return simple_document()


@pytest.fixture
def graph(dg: DocumentGraph) -> Graph:
    return to_rdf([dg])


def test_hand_built_graph_conforms(graph: Graph) -> None:
    report = validate(graph)
    assert report.conforms, report.violations
    assert report.count == 0


def test_golden_file_is_isomorphic(graph: Graph) -> None:
    golden = Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(graph, golden):
        got, want = to_isomorphic(graph), to_isomorphic(golden)
        missing = sorted(str(t) for t in want - got)[:5]
        extra = sorted(str(t) for t in got - want)[:5]
        pytest.fail(f"graph differs from golden file: missing {missing}, extra {extra}")


def test_golden_file_conforms() -> None:
    report = validate(Graph().parse(GOLDEN, format="turtle"))
    assert report.conforms, report.violations


def test_turtle_is_byte_identical_across_runs() -> None:
    first = to_rdf([simple_document()]).serialize(format="turtle")
    second = to_rdf([simple_document()]).serialize(format="turtle")
    assert first == second
    assert "_:" not in first  # no blank nodes


def test_kg_prefix_is_bound_in_turtle(graph: Graph) -> None:
    text = graph.serialize(format="turtle")
    assert f"@prefix kg: <{KG_IRI}> ." in text
    assert "kg:Person" in text


def test_offsets_match_context_text(graph: Graph, dg: DocumentGraph) -> None:
    strings = set(graph.subjects(NIF.referenceContext, None))
    assert len(strings) >= 8
    for s in strings:
        context = graph.value(s, NIF.referenceContext)
        text = str(graph.value(context, NIF.isString))
        begin = graph.value(s, NIF.beginIndex).toPython()
        end = graph.value(s, NIF.endIndex).toPython()
        assert str(graph.value(s, NIF.anchorOf)) == text[begin:end]
        assert str(s).endswith(f"#char={begin},{end}")
    assert text == dg.document.text


def test_superclasses_are_materialised(graph: Graph, dg: DocumentGraph) -> None:
    venezuela = entity_iri(dg.document, dg.entity("e2"))
    for cls in (KG.Country, KG.GeopoliticalEntity, KG.Place, KG.Organization, KG.Entity):
        assert (venezuela, RDF.type, cls) in graph
    found = {r[0] for r in graph.query("SELECT ?x WHERE { ?x a kg:Organization }")}
    assert venezuela in found
    events = {r[0] for r in graph.query("SELECT ?e WHERE { ?e a kg:Event }")}
    assert events == {event_iri(dg.document, e) for e in dg.events}


def test_fact_leads_to_its_sentence(graph: Graph, dg: DocumentGraph) -> None:
    """From the death of Perez to the sentence and the document that report it."""
    rows = list(
        graph.query(
            """
            SELECT ?sentence ?doc WHERE {
                ?death a kg:Death ; kg:patient ?p ; kg:evidence ?s .
                ?p rdfs:label "Oscar Perez" .
                ?s nif:anchorOf ?sentence ; nif:referenceContext/kg:document ?doc .
            }"""
        )
    )
    assert [(str(s), d) for s, d in rows] == [
        (dg.events[1].sentence.text, document_iri(dg.document))
    ]


def test_relation_has_its_evidence(graph: Graph, dg: DocumentGraph) -> None:
    caracas = entity_iri(dg.document, dg.entity("e3"))
    venezuela = entity_iri(dg.document, dg.entity("e2"))
    assert (caracas, KG.locatedIn, venezuela) in graph
    (node,) = graph.subjects(KG.subject, caracas)
    assert graph.value(node, KG.relation) == KG.locatedIn
    assert graph.value(node, KG.object) == venezuela
    evidence = graph.value(node, KG.evidence)
    assert (evidence, RDF.type, NIF.Sentence) in graph


def test_same_entity_in_two_documents_keeps_one_label(dg: DocumentGraph) -> None:
    other = simple_document()
    other.document.id = "other"
    other.entities[1].label = "Óscar Pérez"  # same slug, different spelling
    graph = to_rdf([dg, other])
    perez = entity_iri(dg.document, dg.entity("e1"))
    assert list(graph.objects(perez, RDFS.label)) == [Literal("Oscar Perez")]
    assert Literal("Óscar Pérez") in set(graph.objects(perez, SKOS.altLabel))
    assert validate(graph).conforms


def test_date_literals() -> None:
    assert date_literal("2018-01-17").datatype == XSD.date
    assert date_literal("2018-01").datatype == XSD.gYearMonth
    assert date_literal("2018").datatype == XSD.gYear
    assert date_literal("last June").datatype is None
    assert date_literal("2018-13-45").datatype is None  # impossible: SHACL reports it
    assert slug("Pérez's group") == "perez-s-group"


# --- graphs that must not conform ----------------------------------------------------


def _violations(graph: Graph) -> list[str]:
    report = validate(graph)
    assert not report.conforms
    assert report.count == len(report.violations) > 0
    return report.violations


def test_entity_with_two_labels_does_not_conform(graph: Graph, dg: DocumentGraph) -> None:
    perez = entity_iri(dg.document, dg.entity("e1"))
    graph.add((perez, RDFS.label, Literal("Perez")))
    lines = _violations(graph)
    assert any("person/oscar-perez" in v and "rdfs:label" in v for v in lines), lines


def test_event_without_evidence_does_not_conform(graph: Graph, dg: DocumentGraph) -> None:
    death = event_iri(dg.document, dg.events[1])
    graph.remove((death, KG.evidence, None))
    lines = _violations(graph)
    assert any("kg:evidence" in v for v in lines), lines


def test_open_event_without_participant_conforms(dg: DocumentGraph) -> None:
    """An event needs a predicate, not a participant: "prices fell" typed only kg:Event."""
    dg.events[1].type = "Event"
    dg.events[1].arguments = []
    graph = to_rdf([dg])
    death = event_iri(dg.document, dg.events[1])
    assert set(graph.objects(death, RDF.type)) == {KG.Event}
    report = validate(graph)
    assert report.conforms, report.violations


def test_event_without_predicate_does_not_conform(graph: Graph, dg: DocumentGraph) -> None:
    death = event_iri(dg.document, dg.events[1])
    graph.remove((death, KG.predicate, None))
    lines = _violations(graph)
    assert any("v1 kg:predicate" in v for v in lines), lines


def test_predicate_sense_quantity_and_recipient_are_written(dg: DocumentGraph) -> None:
    """kg:predicate from the model (else the trigger's text), kg:sense, kg:quantity and
    kg:recipient; all of them conform to the shapes."""
    dg.events[0].sense = "confirm:assert"
    dg.events[0].quantity = "12%"
    dg.events[0].arguments.append(Argument("recipient", "e1"))
    dg.events[1].predicate = ""
    graph = to_rdf([dg])
    statement, death = (event_iri(dg.document, e) for e in dg.events)
    assert graph.value(statement, KG.predicate) == Literal("confirm")
    assert graph.value(statement, KG.sense) == Literal("confirm:assert")
    assert graph.value(statement, KG.quantity) == Literal("12%")
    assert graph.value(statement, KG.recipient) == entity_iri(dg.document, dg.entity("e1"))
    assert graph.value(death, KG.predicate) == Literal("death")  # the trigger's text
    assert graph.value(death, KG.sense) is None and graph.value(death, KG.quantity) is None
    assert validate(graph).conforms


def test_subclass_event_states_every_superclass(dg: DocumentGraph) -> None:
    dg.events[1].type = "Bombing"
    graph = to_rdf([dg])
    death = event_iri(dg.document, dg.events[1])
    assert set(graph.objects(death, RDF.type)) == {KG.Bombing, KG.Attack, KG.Event}


def test_negative_age_does_not_conform(dg: DocumentGraph) -> None:
    dg.entities[1].age = -3
    lines = _violations(to_rdf([dg]))
    assert any("kg:age" in v for v in lines), lines


@pytest.mark.parametrize("bad", ["2018-13-45", "last June"])
def test_bad_date_does_not_conform(dg: DocumentGraph, bad: str) -> None:
    dg.events[0].date = bad
    lines = _violations(to_rdf([dg]))
    assert any("kg:date" in v for v in lines), lines


def test_unknown_class_does_not_conform(dg: DocumentGraph) -> None:
    dg.events[0].type = "Statment"
    dg.entities[0].type = "Persn"
    lines = _violations(to_rdf([dg]))
    assert any("class below kg:Event" in v for v in lines), lines
    assert any("class below kg:Entity" in v for v in lines), lines


def test_wrong_anchor_does_not_conform(dg: DocumentGraph) -> None:
    m = dg.entities[0].mentions[0]
    dg.entities[0].mentions[0] = Mention(Span(m.span.start, m.span.end, "Somebody"), m.sentence)
    lines = _violations(to_rdf([dg]))
    assert any("anchorOf is not the context text" in v for v in lines), lines


def test_relation_assertion_without_triple_does_not_conform(
    graph: Graph, dg: DocumentGraph
) -> None:
    caracas = entity_iri(dg.document, dg.entity("e3"))
    graph.remove((caracas, KG.locatedIn, None))
    lines = _violations(graph)
    assert any("not in the graph" in v for v in lines), lines


def test_undefined_kg_property_does_not_conform(dg: DocumentGraph) -> None:
    dg.events[0].arguments.append(Argument("instrumnt", "e1"))
    lines = _violations(to_rdf([dg]))
    assert any("kg:instrumnt: this kg: property is not defined" in v for v in lines), lines


def test_violations_are_readable_one_liners(graph: Graph, dg: DocumentGraph) -> None:
    death = event_iri(dg.document, dg.events[1])
    graph.remove((death, KG.evidence, None))
    graph.add((death, KG.confidence, Literal("high")))
    lines = _violations(graph)
    assert all("\n" not in v and len(v) < 300 for v in lines), lines
    assert any(v.startswith("id:event/simple/v1 kg:evidence: ") for v in lines), lines
    assert any(v.startswith("id:event/simple/v1 kg:confidence: ") and '"high"' in v for v in lines)


def test_kg_validate_command_exit_codes(tmp_path: Path, graph: Graph, dg: DocumentGraph) -> None:
    """``kg validate GRAPH``: 0 when the file conforms, 1 (and the violations) when not."""
    good = tmp_path / "good.ttl"
    good.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    graph.add((entity_iri(dg.document, dg.entity("e1")), KG.age, Literal(-1)))
    bad = tmp_path / "bad.ttl"
    bad.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    run = functools.partial(
        subprocess.run, capture_output=True, text=True, cwd=root, timeout=300, check=False
    )
    ok = run([sys.executable, "-m", "kg", "validate", str(good)])
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = run([sys.executable, "-m", "kg", "validate", str(bad)])
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "kg:age" in failed.stdout


def test_dateline_place_without_mention_has_the_dateline_as_evidence(dg: DocumentGraph) -> None:
    """A place known only from the dateline ("CARACAS -") is linked from its document."""
    dg.entities[3].mentions = []
    dg.entities[3].relations = []
    graph = to_rdf([dg])
    place = entity_iri(dg.document, dg.entities[3])
    assert list(graph.subjects(KG.datelinePlace, place)) == [document_iri(dg.document)]
    report = validate(graph)
    assert report.conforms
    assert report.violations == []


def test_entity_without_any_evidence_is_a_warning_only(dg: DocumentGraph) -> None:
    """A country with no mention and no dateline: reported, but the graph conforms."""
    dg.entities[2].mentions = []
    report = validate(to_rdf([dg]))
    assert report.conforms
    assert report.violations == [
        "[Warning] id:place/venezuela: an entity should have at least one kg:mention or be "
        "a document's kg:datelinePlace"
    ]


def test_weapon_instrument_conforms_and_a_non_entity_does_not(dg: DocumentGraph) -> None:
    """An instrument is an entity (a kg:Weapon or other kg:Artifact), not any IRI."""
    weapon = Entity(
        key="w0",
        type="Weapon",
        label="the rifle",
        mentions=[Mention(span(TEXT, "death"), dg.events[1].sentence, "description")],
        named=False,
    )
    dg.entities.append(weapon)
    dg.events[1].arguments.append(Argument("instrument", "w0"))
    graph = to_rdf([dg])
    iri = entity_iri(dg.document, weapon)
    assert set(graph.objects(iri, RDF.type)) == {KG.Weapon, KG.Artifact, KG.Entity}
    assert validate(graph).conforms
    death = event_iri(dg.document, dg.events[1])
    graph.add((death, KG.instrument, document_iri(dg.document)))
    lines = _violations(graph)
    assert any("kg:instrument" in v for v in lines), lines
