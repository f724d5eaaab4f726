"""The coreference component: each sieve where it links and where it must not.

Sentences and names are invented. Most tests run the real pipeline (spaCy's parse, the entity
resolver, then ``kg_coref``); the string sieves and the component's plumbing are tested on
hand-built Docs with entities set by hand.
"""

from __future__ import annotations

import pytest

from kg.model import Entity, Mention, Span


def links(doc) -> dict[tuple[str, str], str]:
    """(mention text, sieve) -> label of the entity it was linked to."""
    labels = {e.key: e.label for e in doc._.kg_entities}
    return {(doc[s:e].text, sieve): labels[key] for s, e, key, sieve in doc._.kg_coref}


def linked_texts(doc) -> set[str]:
    return {doc[s:e].text for s, e, _, _ in doc._.kg_coref}


# -- precise constructions ----------------------------------------------------------------------


def test_appositive_links_the_description(nlp):
    doc = nlp("Acme Corp, the largest maker of toasters, said on Monday that sales rose.")
    assert links(doc)[("the largest maker", "appositive")] == "Acme Corp"


def test_descriptor_before_a_name(nlp):
    doc = nlp("Danish airline Skyjet bought twelve new jets on Monday.")
    assert links(doc)[("Danish airline", "descriptor")] == "Skyjet"


def test_descriptor_needs_a_noun_for_that_kind_of_entity(nlp):
    doc = nlp("The toaster Acme Corp sells is cheap.")
    assert not any(sieve == "descriptor" for _, _, _, sieve in doc._.kg_coref)


def test_predicate_nominative(nlp):
    doc = nlp("Mr. John Smith is the new minister of trade.")
    assert links(doc)[("the new minister", "predicate_nominative")] == "John Smith"


@pytest.mark.parametrize(
    "text",
    ["Mr. John Smith is not the new minister of trade.", "Mr. John Smith is a minister."],
)
def test_no_predicate_nominative_when_negated_or_indefinite(nlp, text):
    doc = nlp(text)
    assert not any(sieve == "predicate_nominative" for _, _, _, sieve in doc._.kg_coref)


def test_relative_pronoun(nlp):
    doc = nlp("Jane Roe, who founded Acme Corp in 1990, resigned on Friday.")
    assert links(doc)[("who", "relative_pronoun")] == "Jane Roe"


def test_relative_pronoun_of_a_coordination_is_left(nlp):
    doc = nlp("The strike hit Acme Corp and Bolt Industries, which make toasters.")
    assert "which" not in linked_texts(doc)


# -- descriptions -------------------------------------------------------------------------------


def test_role_title_takes_the_one_holder(nlp):
    doc = nlp(
        "Mr. John Smith is the new minister of trade. On Monday the minister said the plan "
        "would fail."
    )
    minister = next(t for t in doc if t.text == "minister" and t.i > 10)
    key = doc._.kg_coref_token_entity.get(minister.i) or doc._.kg_token_entity.get(minister.i)
    assert {e.key: e.label for e in doc._.kg_entities}.get(key) == "John Smith"


def test_role_title_with_two_holders_is_left(nlp):
    doc = nlp(
        "Jane Roe is the foreign minister and John Smith is the trade minister. "
        "On Monday the minister said the plan would fail."
    )
    assert ("the minister", "role_title") not in links(doc)


def test_age_match(nlp):
    doc = nlp("Police arrested Jane Roe, 52, on Monday. The 52-year-old denied the charges.")
    entity = next(e for e in doc._.kg_entities if e.label == "Jane Roe")
    if entity.age != 52:
        pytest.skip("the entity resolver did not read the age")
    assert links(doc)[("The 52-year-old", "age_match")] == "Jane Roe"


def test_age_match_needs_that_age(nlp):
    doc = nlp("Police arrested Jane Roe, 52, on Monday. The 40-year-old denied the charges.")
    assert not any(sieve == "age_match" for _, _, _, sieve in doc._.kg_coref)


def test_head_match_general_noun_takes_the_salient_company(nlp):
    doc = nlp("Acme Corp said on Monday that sales rose. The company also plans to hire staff.")
    assert links(doc)[("The company", "head_match")] == "Acme Corp"


@pytest.mark.parametrize(
    "second",
    ["The rival company also plans to hire staff.", "A company also plans to hire staff."],
)
def test_head_match_not_for_contrastive_or_indefinite(nlp, second):
    doc = nlp("Acme Corp said on Monday that sales rose. " + second)
    assert not any(sieve == "head_match" for _, _, _, sieve in doc._.kg_coref)


def test_head_match_by_a_description_said_before(nlp):
    doc = nlp(
        "Acme Corp, a toaster maker, sued Bolt Industries on Monday. "
        "Analysts said the maker would win."
    )
    assert links(doc)[("the maker", "head_match")] == "Acme Corp"


# -- pronouns -----------------------------------------------------------------------------------


def test_possessive_pronoun_takes_the_subject(nlp):
    doc = nlp("Acme Corp said on Monday that its profit rose sharply.")
    assert links(doc)[("its", "pronoun")] == "Acme Corp"


def test_pronoun_in_the_next_sentence_with_gender(nlp):
    doc = nlp("Mrs. Jane Roe met John Smith in Paris. She said the talks went well.")
    assert links(doc)[("She", "pronoun")] == "Jane Roe"


def test_pronoun_of_the_wrong_gender_is_left(nlp):
    doc = nlp("John Smith met the press in Paris. She said the talks went well.")
    assert "She" not in linked_texts(doc)


def test_object_control_gives_the_object(nlp):
    doc = nlp("The Northwind Commission has forced Acme Corp to lower its prices.")
    assert links(doc)[("its", "pronoun")] == "Acme Corp"


@pytest.mark.parametrize(
    "text",
    [
        "It is likely that Acme Corp will grow next year.",  # pleonastic
        "Before its launch, Acme Corp hired a hundred engineers.",  # cataphora is off
        "Acme Corp beat Bolt Industries, though their sales fell.",  # two organisations
    ],
)
def test_pronouns_left_unresolved(nlp, text):
    doc = nlp(text)
    assert not {"It", "its", "their"} & linked_texts(doc)


@pytest.mark.parametrize(
    "text",
    [
        # a fronted clause whose pronoun the later subject binds (cataphora is off)
        "Discussing his plans on Monday, John Smith said the firm would grow.",
        # he in Smith's own quotation is someone else
        'John Smith said, "I think his paintings are better than any photograph."',
        # two men, and the first is not a subject: no guess
        "Police questioned John Smith about Tom Brown on Monday. Later his lawyer spoke.",
    ],
)
def test_person_pronouns_left_unresolved(nlp, text):
    doc = nlp(text)
    assert not {"his", "him"} & linked_texts(doc)


def test_the_subject_wins_over_another_man(nlp):
    doc = nlp("John Smith met Tom Brown in Paris, and he said the talks went well.")
    assert links(doc)[("he", "pronoun")] == "John Smith"


def test_plural_noun_blocks_an_organisation_for_they(nlp):
    doc = nlp("Acme Corp thanked the engineers for their hard work.")
    assert "their" not in linked_texts(doc)


def test_speaker_of_a_quotation(nlp):
    doc = nlp('"I will not resign," said Jane Roe on Monday.')
    assert links(doc)[("I", "speaker")] == "Jane Roe"


def test_first_person_outside_quotations_is_left(nlp):
    doc = nlp("I think Jane Roe will resign on Monday.")
    assert "I" not in linked_texts(doc)


# -- the component alone, on hand-built Docs ------------------------------------------------------


def _names_doc(doc_factory, entities):
    words = ["Acme", "Corp", "sued", "Bolt", ".", "Acme", "won", "."]
    doc = doc_factory(
        words,
        heads=[1, 2, 2, 2, 2, 6, 6, 6],
        deps=["compound", "nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "punct"],
        pos=["PROPN", "PROPN", "VERB", "PROPN", "PUNCT", "PROPN", "VERB", "PUNCT"],
    )
    doc._.kg_entities = entities
    doc._.kg_token_entity = {0: "e0", 1: "e0", 3: "e1"}
    return doc


def _entity(key, type_, label):
    return Entity(key, type_, label, mentions=[Mention(Span(0, 1, label), Span(0, 1, label))])


def _coref(nlp_or_none=None, **config):
    from spacy.lang.en import English

    from kg.components import register

    register()
    nlp = English()
    return nlp.add_pipe("kg_coref", config=config)


def test_relaxed_string_links_a_short_name(doc_factory):
    doc = _names_doc(
        doc_factory,
        [_entity("e0", "Organization", "Acme Corp"), _entity("e1", "Organization", "Bolt")],
    )
    _coref()(doc)
    assert doc._.kg_coref == [(5, 6, "e0", "relaxed_string")]
    assert doc._.kg_coref_token_entity == {5: "e0"}


def test_relaxed_string_not_when_two_entities_share_it(doc_factory):
    entities = [
        _entity("e0", "Organization", "Acme Corp"),
        _entity("e1", "Organization", "Bolt"),
        _entity("e2", "Organization", "Acme"),
    ]
    doc = _names_doc(doc_factory, entities)
    _coref(sieves=["relaxed_string"])(doc)
    assert doc._.kg_coref == []


def test_exact_string_links_an_unmapped_full_name(doc_factory):
    entities = [_entity("e0", "Organization", "Acme Corp"), _entity("e1", "Organization", "Acme")]
    doc = _names_doc(doc_factory, entities)
    doc._.kg_token_entity = {0: "e0", 1: "e0", 3: "e0"}
    _coref(sieves=["exact_string"])(doc)
    assert doc._.kg_coref == [(5, 6, "e1", "exact_string")]


def test_a_sieve_switched_off_by_config(doc_factory):
    doc = _names_doc(
        doc_factory,
        [_entity("e0", "Organization", "Acme Corp"), _entity("e1", "Organization", "Bolt")],
    )
    _coref(disabled=["relaxed_string"])(doc)
    assert doc._.kg_coref == []


def test_unknown_sieve_is_an_error():
    with pytest.raises(ValueError, match="unknown sieve"):
        _coref(sieves=["no_such_sieve"])


def test_lexicon_saved_with_the_pipeline(tmp_path):
    coref = _coref()
    coref.to_disk(tmp_path / "coref")
    text = (tmp_path / "coref" / "coref_words.tsv").read_text(encoding="utf-8")
    (tmp_path / "coref" / "coref_words.tsv").write_text(
        text + "title\tshipwright\n", encoding="utf-8"
    )
    other = _coref().from_disk(tmp_path / "coref")
    assert other.lexicon.has("title", "shipwright") and not coref.lexicon.has("title", "shipwright")


def test_entities_are_not_changed_by_the_component(nlp):
    doc = nlp("Acme Corp said on Monday that its profit rose sharply.")
    assert all(not m.label.startswith("coref:") for e in doc._.kg_entities for m in e.mentions)


# -- into the document graph and the RDF -----------------------------------------------------------


def test_extract_adds_linked_mentions_with_their_sieve(nlp):
    from kg.model import Document
    from kg.pipeline import extract, make_doc

    text = "Acme Corp said on Monday that its profit rose sharply."
    document = Document(id="d1", source="d1.txt", text=text)
    doc = nlp(make_doc(nlp, document))
    dg = extract(doc, document)
    acme = next(e for e in dg.entities if e.label == "Acme Corp")
    coref = [m for m in acme.mentions if m.label == "coref:pronoun"]
    assert [(m.span.text, m.span.start) for m in coref] == [("its", text.index("its"))]
    assert coref[0].sentence.text == text
    assert "coref:pronoun" in acme.rules
    original = next(e for e in doc._.kg_entities if e.label == "Acme Corp")
    assert len(original.mentions) == len(acme.mentions) - 1  # a copy was extended
    assert "coref:pronoun" not in original.rules


def test_linked_mentions_are_in_the_turtle_and_it_is_deterministic(nlp):
    from kg.model import Document
    from kg.pipeline import extract, make_doc
    from kg.rdf import to_rdf

    text = "Acme Corp said on Monday that its profit rose sharply. The company hired staff."
    document = Document(id="d2", source="d2.txt", text=text)
    turtles = []
    for _ in range(2):
        doc = nlp(make_doc(nlp, document))
        turtles.append(to_rdf([extract(doc, document)]).serialize(format="turtle"))
    start = text.index("its")
    assert f"char={start},{start + 3}" in turtles[0]
    assert '"coref:pronoun"' in turtles[0]
    assert turtles[0] == turtles[1]


def test_an_unnamed_participant_that_coref_resolved_becomes_the_entity(nlp):
    from kg.model import Document
    from kg.pipeline import extract, make_doc

    text = (
        "Mr. John Smith is the new minister of trade. On Monday the minister said he would resign."
    )
    document = Document(id="d3", source="d3.txt", text=text)
    doc = nlp(make_doc(nlp, document))
    dg = extract(doc, document)
    smith = next(e for e in dg.entities if e.label == "John Smith")
    assert "the minister" in {m.span.text for m in smith.mentions}
    assert not any(not e.named and e.label == "minister" for e in dg.entities)
    keys = {e.key for e in dg.entities}
    assert all(a.target in keys for ev in dg.events for a in ev.arguments if not a.is_event)
    agents = [ev.role("agent") for ev in dg.events if ev.trigger.text == "said"]
    assert agents == [[smith.key]]


def test_a_month_is_no_mention_of_the_person_of_that_name(nlp):
    doc = nlp("Prime Minister Jane May will travel to Lisbon. Talks ended in May without a deal.")
    month = doc.text.rindex("May")
    assert all(doc[s].idx != month for s, _, _, _ in doc._.kg_coref)
    assert all(m.span.start != month for e in doc._.kg_entities for m in e.mentions)
