"""Event extraction rules, each on a hand-built parse (exact), plus end-to-end sentences.

Hand-built Docs test our rules, not the statistical parser: each sentence below is written
for the test, with the dependency parse spaCy's English models give such sentences.
"""

from __future__ import annotations

import pytest

from kg.components.event_lexicon import trigger_row
from kg.components.events import EventOptions, extract_events
from kg.model import Entity, Mention, Span


def typed(events):
    """The events of a class below kg:Event (the open layer's ``Event`` left out)."""
    return [e for e in events if e.type != "Event"]


def build(doc_factory, spec: str, *, ents=(), date=None, dateline=None):
    """A Doc from ``word/lemma/POS/TAG/dep/head`` items (absolute heads), with entities.

    ``ents`` are ``(start, end, type)`` token spans that become named entities, as the entity
    resolver would store them.
    """
    items = [item.split("/") for item in spec.split()]
    words = [i[0] for i in items]
    doc = doc_factory(
        words,
        lemmas=[i[1] for i in items],
        pos=[i[2] for i in items],
        heads=[int(i[5]) for i in items],
        deps=[i[4] for i in items],
    )
    for token, item in zip(doc, items, strict=True):
        token.tag_ = item[3]
    entities, token_entity = [], {}
    for n, (start, end, kind) in enumerate(ents):
        span = doc[start:end]
        sent = span.sent
        entities.append(
            Entity(
                key=f"e{n}",
                type=kind,
                label=span.text,
                mentions=[
                    Mention(
                        Span(span.start_char, span.end_char, span.text),
                        Span(sent.start_char, sent.end_char, sent.text),
                    )
                ],
            )
        )
        for i in range(start, end):
            token_entity[i] = f"e{n}"
    doc._.kg_entities = entities
    doc._.kg_token_entity = token_entity
    doc._.kg_meta = {"date": date, "dateline": dateline, "title": None}
    return doc


def entities_of(doc):
    """The resolver's entities and the participant stage's, as kg.pipeline.extract joins them."""
    return [*(doc._.kg_entities or []), *(doc._.kg_participants or [])]


def token_entity(doc, i: int) -> str | None:
    """The entity a token is a mention of, in the resolver's or the participant stage's map."""
    return (doc._.kg_token_entity or {}).get(i) or (doc._.kg_participant_tokens or {}).get(i)


def label_of(doc, key: str) -> str:
    return next(e.label for e in entities_of(doc) if e.key == key)


def only(events, cls: str):
    found = [e for e in events if e.type == cls]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


ATTACK = (
    "Rebels/rebel/NOUN/NNS/nsubj/1 attacked/attack/VERB/VBD/ROOT/1 the/the/DET/DT/det/4 "
    "army/army/NOUN/NN/compound/4 barracks/barracks/NOUN/NNS/dobj/1 ././PUNCT/./punct/1"
)


def test_active_voice_agent_and_patient(doc_factory):
    doc = build(doc_factory, ATTACK)
    event = only(extract_events(doc), "Attack")
    assert label_of(doc, event.role("agent")[0]) == "rebels"
    assert label_of(doc, event.role("patient")[0]) == "army barracks"
    assert event.rule == "verb-subj" and 0 < event.confidence <= 1
    assert event.trigger.text == "attacked" and event.sentence.text.startswith("Rebels")
    patient = next(e for e in entities_of(doc) if e.key == event.role("patient")[0])
    assert patient.named is False and patient.type == "Facility"


def test_passive_voice_by_agent(doc_factory):
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 mayor/mayor/NOUN/NN/nsubjpass/3 was/be/AUX/VBD/auxpass/3 "
        "killed/kill/VERB/VBN/ROOT/3 by/by/ADP/IN/agent/3 gunmen/gunman/NOUN/NNS/pobj/4 "
        "././PUNCT/./punct/3",
    )
    event = only(extract_events(doc), "Killing")
    assert label_of(doc, event.role("patient")[0]) == "mayor"
    assert label_of(doc, event.role("agent")[0]) == "gunmen"


def test_prepositional_argument_and_symmetric_coordination(doc_factory):
    # "Lima and the opposition negotiated with the government."
    doc = build(
        doc_factory,
        "Lima/Lima/PROPN/NNP/nsubj/4 and/and/CCONJ/CC/cc/0 the/the/DET/DT/det/3 "
        "opposition/opposition/NOUN/NN/conj/0 negotiated/negotiate/VERB/VBD/ROOT/4 "
        "with/with/ADP/IN/prep/4 the/the/DET/DT/det/7 government/government/NOUN/NN/pobj/5 "
        "././PUNCT/./punct/4",
        ents=[(0, 1, "Person")],
    )
    event = only(extract_events(doc), "Negotiation")
    assert [label_of(doc, k) for k in event.role("agent")] == ["Lima"]
    assert sorted(label_of(doc, k) for k in event.role("patient")) == ["government", "opposition"]


def test_statement_topic_is_nominal_event_with_patient(doc_factory):
    # "Minister Ana Ruiz confirmed the death of Tomas Vidal."
    doc = build(
        doc_factory,
        "Minister/minister/PROPN/NNP/compound/2 Ana/Ana/PROPN/NNP/compound/2 "
        "Ruiz/Ruiz/PROPN/NNP/nsubj/3 confirmed/confirm/VERB/VBD/ROOT/3 the/the/DET/DT/det/5 "
        "death/death/NOUN/NN/dobj/3 of/of/ADP/IN/prep/5 Tomas/Tomas/PROPN/NNP/compound/8 "
        "Vidal/Vidal/PROPN/NNP/pobj/6 ././PUNCT/./punct/3",
        ents=[(1, 3, "Person"), (7, 9, "Person")],
    )
    events = extract_events(doc)
    statement, death = only(events, "Statement"), only(events, "Death")
    assert label_of(doc, statement.role("agent")[0]) == "Ana Ruiz"
    assert statement.role("topic") == [death.key]
    assert any(a.is_event for a in statement.arguments if a.role == "topic")
    assert label_of(doc, death.role("patient")[0]) == "Tomas Vidal"
    # the noun phrase presupposes the death: reported by the minister, still asserted
    assert death.reported_by == "e0" and death.modality == "asserted"


def test_reported_clause_is_marked_reported_with_count(doc_factory):
    # "Ruiz said police arrested six people."
    doc = build(
        doc_factory,
        "Ruiz/Ruiz/PROPN/NNP/nsubj/1 said/say/VERB/VBD/ROOT/1 police/police/NOUN/NNS/nsubj/3 "
        "arrested/arrest/VERB/VBD/ccomp/1 six/six/NUM/CD/nummod/5 people/people/NOUN/NNS/dobj/3 "
        "././PUNCT/./punct/1",
        ents=[(0, 1, "Person")],
    )
    events = extract_events(doc)
    statement, arrest = only(events, "Statement"), only(events, "Arrest")
    assert statement.role("topic") == [arrest.key]
    assert arrest.reported_by == "e0" and arrest.modality == "reported"
    assert arrest.count == 6
    assert label_of(doc, arrest.role("agent")[0]) == "police"


def test_coordinated_subjects_share_the_role(doc_factory):
    # "Vidal and two guards died."
    doc = build(
        doc_factory,
        "Vidal/Vidal/PROPN/NNP/nsubj/4 and/and/CCONJ/CC/cc/0 two/two/NUM/CD/nummod/3 "
        "guards/guard/NOUN/NNS/conj/0 died/die/VERB/VBD/ROOT/4 ././PUNCT/./punct/4",
        ents=[(0, 1, "Person")],
    )
    event = only(extract_events(doc), "Death")
    assert sorted(label_of(doc, k) for k in event.role("patient")) == ["Vidal", "guards"]
    assert event.role("agent") == []


def test_control_verb_makes_an_intended_event_of_its_subject(doc_factory):
    # "Vidal wanted to surrender to the police."
    doc = build(
        doc_factory,
        "Vidal/Vidal/PROPN/NNP/nsubj/1 wanted/want/VERB/VBD/ROOT/1 to/to/PART/TO/aux/3 "
        "surrender/surrender/VERB/VB/xcomp/1 to/to/ADP/IN/prep/3 the/the/DET/DT/det/6 "
        "police/police/NOUN/NNS/pobj/4 ././PUNCT/./punct/1",
        ents=[(0, 1, "Person")],
    )
    event = only(extract_events(doc), "Surrender")
    assert label_of(doc, event.role("agent")[0]) == "Vidal"
    assert label_of(doc, event.role("patient")[0]) == "police"
    assert event.modality == "intended" and event.rule == "verb-control"


def test_negation_of_a_light_verb_negates_the_noun_event(doc_factory):
    # "The gunmen did not launch an attack."
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 gunmen/gunman/NOUN/NNS/nsubj/4 did/do/AUX/VBD/aux/4 "
        "not/not/PART/RB/neg/4 launch/launch/VERB/VB/ROOT/4 an/an/DET/DT/det/6 "
        "attack/attack/NOUN/NN/dobj/4 ././PUNCT/./punct/4",
    )
    event = only(extract_events(doc), "Attack")
    assert event.polarity == "negative"
    assert label_of(doc, event.role("agent")[0]) == "gunmen"


def test_event_without_participants_is_still_an_event_of_its_predicate(doc_factory):
    # "The blast did not cause any injuries.": no agent, patient or topic, but a happening
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 blast/blast/NOUN/NN/nsubj/4 did/do/AUX/VBD/aux/4 "
        "not/not/PART/RB/neg/4 cause/cause/VERB/VB/ROOT/4 any/any/DET/DT/det/6 "
        "injuries/injury/NOUN/NNS/dobj/4 ././PUNCT/./punct/4",
    )
    events = extract_events(doc)
    by_trigger = {e.trigger.text: e for e in events}
    assert set(by_trigger) == {"blast", "cause", "injuries"}
    assert by_trigger["cause"].polarity == "negative"
    assert by_trigger["injuries"].polarity == "negative"  # "not ... any injuries": none
    assert by_trigger["cause"].predicate == "cause"
    assert not any(a.role in ("agent", "patient") for e in events for a in e.arguments)


@pytest.mark.parametrize(
    ("aux", "expected"),
    [("will", "future"), ("would", "hypothetical"), ("could", "hypothetical")],
)
def test_auxiliaries_set_modality_and_future_dates(doc_factory, aux, expected):
    # "The delegations <aux> meet on Thursday." in a Wednesday, 17 January 2018 article
    doc = build(
        doc_factory,
        f"The/the/DET/DT/det/1 delegations/delegation/NOUN/NNS/nsubj/3 {aux}/{aux}/AUX/MD/aux/3 "
        "meet/meet/VERB/VB/ROOT/3 on/on/ADP/IN/prep/3 Thursday/Thursday/PROPN/NNP/pobj/4 "
        "././PUNCT/./punct/3",
        date="2018-01-17",
    )
    doc[5].ent_type_ = "DATE"
    event = only(extract_events(doc), "Meeting")
    assert event.modality == expected
    assert event.date == "2018-01-18"


def test_past_date_is_resolved_against_publication_date(doc_factory):
    doc = build(
        doc_factory,
        "Rebels/rebel/NOUN/NNS/nsubj/3 on/on/ADP/IN/prep/3 Tuesday/Tuesday/PROPN/NNP/pobj/1 "
        "attacked/attack/VERB/VBD/ROOT/3 the/the/DET/DT/det/5 base/base/NOUN/NN/dobj/3 "
        "././PUNCT/./punct/3",
        date="2018-01-17",
    )
    doc[2].ent_type_ = "DATE"
    assert only(extract_events(doc), "Attack").date == "2018-01-16"


def test_relative_date_without_publication_date_stays_unresolved(doc_factory):
    doc = build(
        doc_factory,
        "Rebels/rebel/NOUN/NNS/nsubj/3 on/on/ADP/IN/prep/3 Tuesday/Tuesday/PROPN/NNP/pobj/1 "
        "attacked/attack/VERB/VBD/ROOT/3 the/the/DET/DT/det/5 base/base/NOUN/NN/dobj/3 "
        "././PUNCT/./punct/3",
    )
    doc[2].ent_type_ = "DATE"
    assert only(extract_events(doc), "Attack").date is None


def test_light_verb_gives_the_noun_event_its_agent_and_place(doc_factory):
    # "Rebels launched an attack on a base in Tarsk."
    doc = build(
        doc_factory,
        "Rebels/rebel/NOUN/NNS/nsubj/1 launched/launch/VERB/VBD/ROOT/1 an/an/DET/DT/det/3 "
        "attack/attack/NOUN/NN/dobj/1 on/on/ADP/IN/prep/3 a/a/DET/DT/det/6 "
        "base/base/NOUN/NN/pobj/4 in/in/ADP/IN/prep/1 Tarsk/Tarsk/PROPN/NNP/pobj/7 "
        "././PUNCT/./punct/1",
        ents=[(8, 9, "City")],
    )
    event = only(extract_events(doc), "Attack")
    assert label_of(doc, event.role("agent")[0]) == "rebels"
    assert label_of(doc, event.role("patient")[0]) == "base"
    assert event.role("place") == ["e0"]
    assert event.rule == "noun-light-verb"


def test_dateline_is_the_default_place_of_the_lead(doc_factory):
    doc = build(doc_factory, ATTACK, dateline="Tarsk")
    event = only(extract_events(doc), "Attack")
    place = next(e for e in entities_of(doc) if e.key == event.role("place")[0])
    assert place.label == "Tarsk" and place.type in ("City", "Place")
    assert place.mentions == []  # the dateline itself is not in the text


def test_dateline_place_named_in_the_body_has_that_mention(doc_factory):
    spec = ATTACK.replace("army/army/NOUN/NN/compound/4", "Tarsk/Tarsk/PROPN/NNP/compound/4")
    doc = build(doc_factory, spec, dateline="TARSK")
    event = only(extract_events(doc), "Attack")
    place = next(e for e in entities_of(doc) if e.key == event.role("place")[0])
    assert place.label == "Tarsk"
    assert [m.span.text for m in place.mentions] == ["Tarsk"]
    assert doc.text[place.mentions[0].span.start : place.mentions[0].span.end] == "Tarsk"


@pytest.mark.parametrize(
    ("spec", "cls"),
    [
        # "The magazine attacked the defectors in an editorial."
        (
            "The/the/DET/DT/det/1 magazine/magazine/NOUN/NN/nsubj/2 "
            "attacked/attack/VERB/VBD/ROOT/2 the/the/DET/DT/det/4 "
            "defectors/defector/NOUN/NNS/dobj/2 in/in/ADP/IN/prep/2 an/an/DET/DT/det/7 "
            "editorial/editorial/NOUN/NN/pobj/5 ././PUNCT/./punct/2",
            "Accusation",
        ),
        # "The minister attacked the plan."
        (
            "The/the/DET/DT/det/1 minister/minister/NOUN/NN/nsubj/2 "
            "attacked/attack/VERB/VBD/ROOT/2 the/the/DET/DT/det/4 plan/plan/NOUN/NN/dobj/2 "
            "././PUNCT/./punct/2",
            "Accusation",
        ),
    ],
)
def test_verbal_sense_of_attack_is_an_accusation(doc_factory, spec, cls):
    doc = build(doc_factory, spec)
    event = only(extract_events(doc), cls)
    assert event.rule.endswith("+verbal-sense") and event.confidence < 0.8


def test_fire_needs_at_or_on_to_be_an_attack(doc_factory):
    dismissal = build(
        doc_factory,
        "The/the/DET/DT/det/1 company/company/NOUN/NN/nsubj/2 fired/fire/VERB/VBD/ROOT/2 "
        "the/the/DET/DT/det/4 manager/manager/NOUN/NN/dobj/2 ././PUNCT/./punct/2",
    )
    # "fire" with a person as object and no "at/on" is the dismissal sense, not an attack
    assert [e.type for e in typed(extract_events(dismissal))] == ["Dismissal"]
    shooting = build(
        doc_factory,
        "Soldiers/soldier/NOUN/NNS/nsubj/1 fired/fire/VERB/VBD/ROOT/1 on/on/ADP/IN/prep/1 "
        "protesters/protester/NOUN/NNS/pobj/2 ././PUNCT/./punct/1",
    )
    event = only(extract_events(shooting), "Attack")
    assert label_of(shooting, event.role("patient")[0]) == "protesters"


def test_relative_clause_head_noun_fills_the_subject(doc_factory):
    # "the gunmen who stormed the bank"
    doc = build(
        doc_factory,
        "Police/police/NOUN/NNS/nsubj/1 arrested/arrest/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "gunmen/gunman/NOUN/NNS/dobj/1 who/who/PRON/WP/nsubj/5 stormed/storm/VERB/VBD/relcl/3 "
        "the/the/DET/DT/det/7 bank/bank/NOUN/NN/dobj/5 ././PUNCT/./punct/1",
    )
    events = extract_events(doc)
    attack = only(events, "Attack")
    assert label_of(doc, attack.role("agent")[0]) == "gunmen"
    assert attack.rule == "verb-relcl"
    assert only(events, "Arrest").role("patient") == attack.role("agent")


def test_bare_event_noun_is_an_open_event_without_roles(doc_factory):
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 attack/attack/NOUN/NN/nsubj/2 shocked/shock/VERB/VBD/ROOT/2 "
        "everyone/everyone/PRON/NN/dobj/2 ././PUNCT/./punct/2",
    )
    events = extract_events(doc)
    assert typed(events) == []  # nothing is said of anyone: no Attack in the typed layer
    attack = next(e for e in events if e.predicate == "attack")
    assert attack.arguments == [] and attack.rule.endswith("+untyped")
    shock = next(e for e in events if e.predicate == "shock")
    assert shock.type == "Event" and shock.role("agent") == []  # an event is no agent


@pytest.mark.parametrize(
    ("lemma", "pos", "cls", "cameo"),
    [
        ("attack", "VERB", "Attack", "18"),
        ("clash", "NOUN", "Fight", "19"),
        ("arrest", "VERB", "Arrest", "17"),
        ("say", "VERB", "Statement", "01"),
        ("negotiate", "VERB", "Negotiation", "04"),
        ("threaten", "VERB", "Threat", "13"),
        ("accuse", "VERB", "Accusation", "11"),
    ],
)
def test_lexicon_rows_carry_class_and_cameo(doc_factory, lemma, pos, cls, cameo):
    doc = doc_factory([lemma], lemmas=[lemma], pos=[pos], heads=[0], deps=["ROOT"])
    row = trigger_row(doc[0])
    assert row is not None and (row.cls, row.cameo) == (cls, cameo)


# -- end to end, real model: the design card's examples in our own words ----------------


def _events(nlp, text: str, date: str = "2019-03-06"):
    doc = nlp.make_doc(text)
    doc._.kg_meta = {"date": date, "dateline": None, "title": None}
    doc = nlp(doc)
    labels = {e.key: e.label for e in entities_of(doc)}
    return doc, doc._.kg_events, labels


def test_e2e_minister_confirms_a_death(nlp):
    _doc, events, labels = _events(
        nlp, "Defence Minister Laura Castell on Monday confirmed the death of Tomas Vidal."
    )
    statement = only(events, "Statement")
    death = only(events, "Death")
    assert "Castell" in labels[statement.role("agent")[0]]
    assert statement.role("topic") == [death.key]
    assert "Vidal" in labels[death.role("patient")[0]]
    assert statement.date == "2019-03-04"


def test_e2e_group_attacked_barracks(nlp):
    _doc, events, labels = _events(nlp, "An armed group attacked an army barracks on Sunday.")
    attack = only(events, "Attack")
    assert "group" in labels[attack.role("agent")[0]]
    assert "barracks" in labels[attack.role("patient")[0]]
    assert attack.date == "2019-03-03"


def test_e2e_opposition_negotiated_with_government(nlp):
    _doc, events, labels = _events(nlp, "The opposition negotiated with the government for hours.")
    event = only(events, "Negotiation")
    assert labels[event.role("agent")[0]] == "opposition"
    assert labels[event.role("patient")[0]] == "government"


def test_pronoun_speaker_continues_the_last_speaker(doc_factory):
    # "Ruiz said rebels attacked Vidal. He added police arrested rebels."
    doc = build(
        doc_factory,
        "Ruiz/Ruiz/PROPN/NNP/nsubj/1 said/say/VERB/VBD/ROOT/1 rebels/rebel/NOUN/NNS/nsubj/3 "
        "attacked/attack/VERB/VBD/ccomp/1 Vidal/Vidal/PROPN/NNP/dobj/3 ././PUNCT/./punct/1 "
        "He/he/PRON/PRP/nsubj/7 added/add/VERB/VBD/ROOT/7 police/police/NOUN/NNS/nsubj/9 "
        "arrested/arrest/VERB/VBD/ccomp/7 rebels/rebel/NOUN/NNS/dobj/9 ././PUNCT/./punct/7",
        ents=[(0, 1, "Person"), (4, 5, "Person")],
    )
    statements = [e for e in extract_events(doc) if e.type == "Statement"]
    assert [s.role("agent") for s in statements] == [["e0"], ["e0"]]  # not Vidal, named later


def test_when_clause_on_a_date_dates_its_event(doc_factory):
    # "He has hidden since last June, when he attacked a base." (article of 17 January 2018)
    doc = build(
        doc_factory,
        "Vidal/Vidal/PROPN/NNP/nsubj/2 has/have/AUX/VBZ/aux/2 hidden/hide/VERB/VBN/ROOT/2 "
        "since/since/ADP/IN/prep/2 last/last/ADJ/JJ/amod/5 June/June/PROPN/NNP/pobj/3 "
        ",/,/PUNCT/,/punct/5 when/when/ADV/WRB/advmod/9 he/he/PRON/PRP/nsubj/9 "
        "attacked/attack/VERB/VBD/relcl/5 a/a/DET/DT/det/11 base/base/NOUN/NN/dobj/9 "
        "././PUNCT/./punct/2",
        ents=[(0, 1, "Person")],
        date="2018-01-17",
    )
    doc[4].ent_type_ = "DATE"
    doc[5].ent_type_ = "DATE"
    event = only(extract_events(doc), "Attack")
    assert event.date == "2017-06"
    assert event.role("agent") == ["e0"]


def test_quantity_misread_as_preposition_is_the_subject(doc_factory):
    # "Over 300 pilgrims were killed." with "over" parsed as a preposition of the verb
    doc = build(
        doc_factory,
        "Over/over/ADP/IN/prep/4 300/300/NUM/CD/nummod/2 pilgrims/pilgrim/NOUN/NNS/pobj/0 "
        "were/be/AUX/VBD/auxpass/4 killed/kill/VERB/VBN/ROOT/4 ././PUNCT/./punct/4",
    )
    event = only(extract_events(doc), "Killing")
    assert label_of(doc, event.role("patient")[0]) == "pilgrims"
    assert event.count == 300


def test_threat_is_against_the_patient_of_what_is_threatened(doc_factory):
    # "Gunmen threatened to kill the hostages."
    doc = build(
        doc_factory,
        "Gunmen/gunman/NOUN/NNS/nsubj/1 threatened/threaten/VERB/VBD/ROOT/1 to/to/PART/TO/aux/3 "
        "kill/kill/VERB/VB/xcomp/1 the/the/DET/DT/det/5 hostages/hostage/NOUN/NNS/dobj/3 "
        "././PUNCT/./punct/1",
    )
    events = extract_events(doc)
    threat = only(events, "Threat")
    killing = next(e for e in events if e.predicate == "kill")  # open: only threatened
    assert threat.role("topic") == [killing.key]
    assert threat.role("patient") == killing.role("patient")
    assert killing.modality == "intended" and threat.modality == "asserted"


@pytest.mark.parametrize(
    ("verb", "lemma", "obj", "obj_lemma"),
    [
        ("freed", "free", "funds", "fund"),
        ("executed", "execute", "sentence", "sentence"),
        ("arrested", "arrest", "decline", "decline"),  # "captured the town" is a Theft
    ],
)
def test_verbs_done_to_people_need_a_human_object(doc_factory, verb, lemma, obj, obj_lemma):
    doc = build(
        doc_factory,
        f"Officials/official/NOUN/NNS/nsubj/1 {verb}/{lemma}/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        f"{obj}/{obj_lemma}/NOUN/NN/dobj/1 ././PUNCT/./punct/1",
    )
    assert typed(extract_events(doc)) == []  # an open event of the verb's other sense
    people = build(
        doc_factory,
        f"Officials/official/NOUN/NNS/nsubj/1 {verb}/{lemma}/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "prisoners/prisoner/NOUN/NNS/dobj/1 ././PUNCT/./punct/1",
    )
    assert len(typed(extract_events(people))) == 1


def test_refused_event_is_negative(doc_factory):
    # "The rebels refused to release the hostages."
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 rebels/rebel/NOUN/NNS/nsubj/2 refused/refuse/VERB/VBD/ROOT/2 "
        "to/to/PART/TO/aux/4 release/release/VERB/VB/xcomp/2 the/the/DET/DT/det/6 "
        "hostages/hostage/NOUN/NNS/dobj/4 ././PUNCT/./punct/2",
    )
    event = only(extract_events(doc), "Release")
    assert event.polarity == "negative"
    assert label_of(doc, event.role("agent")[0]) == "rebels"


def test_adverbial_clause_inherits_the_subject(doc_factory):
    # "The cell stole rifles after subduing the guards."
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 cell/cell/NOUN/NN/nsubj/2 stole/steal/VERB/VBD/ROOT/2 "
        "rifles/rifle/NOUN/NNS/dobj/2 after/after/ADP/IN/prep/2 subduing/subdue/VERB/VBG/pcomp/4 "
        "the/the/DET/DT/det/7 guards/guard/NOUN/NNS/dobj/5 ././PUNCT/./punct/2",
    )
    events = extract_events(doc)
    theft, attack = only(events, "Theft"), only(events, "Attack")
    assert attack.role("agent") == theft.role("agent")
    assert label_of(doc, attack.role("patient")[0]) == "guards"
    assert attack.rule == "verb-pcomp" and attack.confidence < theft.confidence


def test_relative_adverb_clause_is_set_in_its_head_not_done_by_it(doc_factory):
    # "the village where soldiers fought": the village is where, not who
    doc = build(
        doc_factory,
        "They/they/PRON/PRP/nsubj/1 left/leave/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "village/village/NOUN/NN/dobj/1 where/where/SCONJ/WRB/advmod/5 "
        "fought/fight/VERB/VBD/relcl/3 ././PUNCT/./punct/1",
    )
    fight = next(e for e in extract_events(doc) if e.predicate == "fight")
    assert not any(label_of(doc, k) == "village" for k in fight.role("agent"))


def test_inanimate_agent_of_a_demoted_typed_event_stays_its_agent(doc_factory):
    # "The rumours stole the show": things are no actors of a Theft; as an open event of
    # "steal" the rumours are still what the sentence makes its subject
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/1 rumours/rumour/NOUN/NNS/nsubj/2 stole/steal/VERB/VBD/ROOT/2 "
        "the/the/DET/DT/det/4 show/show/NOUN/NN/dobj/2 ././PUNCT/./punct/2",
    )
    events = extract_events(doc)
    assert typed(events) == []
    steal = next(e for e in events if e.predicate == "steal")
    assert [label_of(doc, k) for k in steal.role("agent")] == ["rumours"]


def test_demonstrative_event_noun_restates_the_latest_event_of_its_class(nlp):
    # the guidelines' "one happening told twice is one event", for a noun with arguments
    _doc, events, _labels = _events(
        nlp,
        "Rebels ambushed an army convoy near Kessel on Sunday. "
        '"This cowardly attack on men who were delivering aid will not go unanswered," '
        "the general said.",
    )
    ambush = only(events, "Attack")
    assert ambush.predicate == "ambush"
    retold = next(e for e in events if e.predicate == "attack")  # the open layer keeps it
    assert retold.type == "Event" and retold.rule.endswith("+retold")
    switched = extract_events(_doc, options=EventOptions(retold_mentions=False))
    assert not any(e.predicate == "attack" for e in switched)
    assert only(switched, "Attack").predicate == "ambush"


def test_definite_event_noun_restates_an_event_only_with_a_shared_participant(nlp):
    _doc, events, labels = _events(
        nlp,
        "In March, the group led an attack on the barracks. "
        "Police arrested five men over the attack on the barracks. "
        "The attack on the bank was another matter.",
    )
    attacks = [e for e in events if e.type == "Attack"]
    assert sorted(labels[e.role("patient")[0]] for e in attacks) == ["bank", "barracks"]
    assert not any(e.predicate == "march" for e in events)  # a month is no happening


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("The magazine Orbis described the ruling as historic.", True),
        ('Bishop Karl Obst called the ruling "dangerous".', True),
        ("The council reasoned that the schools pay fees.", True),
        ("Anna Berg called the police.", False),
        ("Tom Reed described the scene.", False),
    ],
)
def test_characterising_verbs_are_statements_only_in_their_frame(nlp, text, statement):
    _doc, events, _labels = _events(nlp, text)
    assert any(e.type == "Statement" for e in events) == statement


def test_passive_of_a_ditransitive_makes_its_subject_the_recipient(nlp):
    _doc, events, labels = _events(
        nlp, "Jane Doe was given a medal by the mayor. The parcel was sent to Berlin."
    )
    give = next(e for e in events if e.predicate == "give")
    assert [labels[k] for k in give.role("recipient")] == ["Jane Doe"]
    assert [labels[k] for k in give.role("patient")] == ["medal"]
    send = next(e for e in events if e.predicate == "send")
    assert [labels[k] for k in send.role("patient")] == ["parcel"]
    assert send.role("recipient") == []


def test_reflexive_object_is_its_own_subject(nlp):
    # binding: "themselves" is the gunmen, never the hostages of the sentence before
    _doc, events, labels = _events(
        nlp, "Seven hostages walked free on Friday. The gunmen gave themselves up on Saturday."
    )
    surrender = only(events, "Surrender")
    assert [labels[k] for k in surrender.role("patient")] == ["gunmen"]


def test_members_of_an_unnamed_squad_are_the_agents_through_it(nlp):
    _doc, events, labels = _events(nlp, "A judge was abducted by members of a death squad.")
    kidnapping = only(events, "Kidnapping")
    assert [labels[k] for k in kidnapping.role("agent")] == ["death squad"]
    assert [labels[k] for k in kidnapping.role("patient")] == ["judge"]


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Guerrillas dynamited a power pylon.", "Bombing"),
        ("Rebel aircraft strafed the village.", "Attack"),
    ],
)
def test_verbs_of_explosives_and_fire_from_the_air(nlp, text, cls):
    _doc, events, _labels = _events(nlp, text)
    assert only(events, cls).role("patient")


def test_claim_of_responsibility_makes_the_claimant_an_agent_of_the_deed(nlp):
    # "the attack" also names the bombing told before it (a Bombing is an Attack)
    _doc, events, labels = _events(
        nlp,
        "A bomb exploded outside the embassy on Monday. "
        "The Popular Front claimed responsibility for the attack.",
    )
    bombing = only(events, "Bombing")
    assert [labels[k] for k in bombing.role("agent")] == ["Popular Front"]
    assert not any(e.type == "Attack" for e in events)
    assert only(events, "Statement").role("topic") == [bombing.key]


def test_event_noun_of_a_phrasal_trigger_is_kept_as_an_open_mention(nlp):
    # "signed a deal": one Agreement; the deal stays in the open layer, with its status
    _doc, events, _labels = _events(nlp, "Ostland Air did not sign a deal for ten aircraft.")
    agreement = only(events, "Agreement")
    deal = next(e for e in events if e.predicate == "deal")
    assert (deal.type, deal.rule) == ("Event", "noun-retold")
    assert deal.polarity == agreement.polarity == "negative"


def test_have_is_never_an_event_and_gives_its_noun_its_subject(nlp):
    _doc, events, labels = _events(
        nlp, "The company has two plants in Ohio. The leaders had talks in Geneva."
    )
    assert not any(e.predicate == "have" for e in events)
    talks = only(events, "Negotiation")
    assert [labels[k] for k in talks.role("agent")] == ["leaders"]


def test_attack_carried_out_by_a_group_is_the_attack_told_before(nlp):
    _doc, events, labels = _events(
        nlp,
        "Armed men stormed a police station in Orlen. "
        "The attack was carried out by the Popular Front, a police spokesman said.",
    )
    attack = only(events, "Attack")
    assert attack.predicate == "storm"
    assert "Popular Front" in [labels[k] for k in attack.role("agent")]
    assert not any(e.predicate == "carry out" for e in events)  # a light verb, passive


def test_part_of_a_building_leads_to_the_building(nlp):
    _doc, events, labels = _events(nlp, "The blast destroyed the facade of the ministry.")
    destruction = only(events, "Destruction")
    assert [labels[k] for k in destruction.role("patient")] == ["ministry"]


def test_change_of_a_quantity_is_typed_with_a_thing_or_an_index_as_patient(nlp):
    # a stock index is no entity of the graph (kg:Product's comment), but it is what fell
    _doc, events, labels = _events(
        nlp, "The Keldra Composite Index fell 2.3 percent on Monday. Shares rose 4%."
    )
    fall, rise = only(events, "Decrease"), only(events, "Increase")
    assert [labels[k] for k in fall.role("patient")] == ["Keldra Composite Index"]
    assert [labels[k] for k in rise.role("patient")] == ["shares"]


def test_titles_and_kinds_of_body_are_unnamed_actors(nlp):
    # the entity lexicon's nouns for people and bodies: a statement has a speaker
    _doc, events, labels = _events(
        nlp, "The ambassador said the talks failed. The chain said it would close stores."
    )
    speakers = [labels[e.role("agent")[0]] for e in events if e.type == "Statement"]
    assert speakers == ["ambassador", "chain"]


def test_the_act_a_threat_names_is_no_typed_event(nlp):
    # CAMEO codes the threat (13), not the threatened killing nor its condition
    _doc, events, _labels = _events(
        nlp, "The gunmen threatened to kill the hostages if the police stormed the bank."
    )
    threat = only(events, "Threat")
    assert typed(events) == [threat]
    kill = next(e for e in events if e.predicate == "kill")
    assert kill.key in threat.role("topic") and kill.rule.endswith("+threatened")
    on = extract_events(_doc, options=EventOptions(threatened_acts_open=False))
    assert any(e.type == "Killing" for e in on)
