"""Recasing of copy set in capitals or in lower case (kg.recase) and its use by the pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document, DocumentGraph, Entity, Event, Mention, Span
from kg.recase import Recaser, letter_case, verbatim

VOCABULARY = {
    "the", "army", "convoy", "was", "attacked", "by", "fighters", "of", "national", "front",
    "liberation", "near", "on", "said", "minister", "a", "bomb", "exploded", "in", "people",
}  # fmt: skip


def recaser() -> Recaser:
    return Recaser(names=frozenset({"monday", "new york", "ana"}), is_word=VOCABULARY.__contains__)


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("A BOMB EXPLODED NEAR THE ARMY BASE ON MONDAY, THE MINISTER SAID.", "upper"),
        ("a bomb exploded near the army base on monday, the minister said.", "lower"),
        ("A bomb exploded near the army base on Monday, the minister said.", None),
        ("A BOMB EXPLODED.", None),  # too few letters to tell
        ("AFP - A BOMB EXPLODED NEAR THE ARMY BASE ON MONDAY (Reuters reported).", None),
    ],
)
def test_letter_case_tells_shouted_text_from_mixed_case(text, case):
    assert letter_case(text) == case


def test_words_are_cased_by_names_vocabulary_and_shape():
    out = recaser().recase("ANA SZOLT SAID THE NLF ATTACKED THE CONVOY NEAR NEW YORK ON MONDAY.")
    assert out == "Ana Szolt said the NLF attacked the convoy near New York on Monday."


def test_acronym_in_brackets_capitalises_the_words_it_spells():
    out = recaser().recase("FIGHTERS OF THE NATIONAL LIBERATION FRONT (NLF) ATTACKED.")
    assert out == "Fighters of the National Liberation Front (NLF) attacked."


def test_sentences_lines_and_quotations_open_with_a_capital():
    out = recaser().recase('the army said. "a bomb exploded."\nthe convoy was attacked.')
    assert out == 'The army said. "A bomb exploded."\nThe convoy was attacked.'


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_recasing_changes_only_the_case_of_characters(text):
    out = recaser().recase(text)
    assert len(out) == len(text)
    assert all(o in (c, c.upper(), c.lower()) for o, c in zip(out, text, strict=True))


def test_verbatim_restores_the_original_characters_of_every_span():
    original = "ANA SZOLT SAID A BOMB EXPLODED."
    parsed = recaser().recase(original)
    sentence = Span(0, len(parsed), parsed)
    person = Entity(
        key="e0",
        type="Person",
        label="Ana Szolt",
        mentions=[Mention(span=Span(0, 9, parsed[:9]), sentence=sentence)],
    )
    event = Event(key="v0", type="Event", trigger=Span(22, 30, parsed[22:30]), sentence=sentence)
    graph = DocumentGraph(Document(id="d", source="d", text=original), [person], [event])
    fixed = verbatim(graph, original)
    assert fixed.entities[0].label == "Ana Szolt"  # the name keeps its recased form
    assert fixed.entities[0].mentions[0].span.text == "ANA SZOLT"
    assert fixed.events[0].trigger.text == "EXPLODED"
    assert fixed.events[0].sentence.text == original


TEXT = (
    "Fighters of the National Liberation Front attacked an army convoy near Dravik on "
    "Monday, killing nine soldiers, Defence Minister Jana Holm told reporters. A roadside "
    "bomb stopped the lead truck, she said."
)


def _graph(text: str) -> DocumentGraph:
    from kg.pipeline import process

    return next(process([Document(id="d", source="d", text=text, date="2017-03-14")]))


@pytest.mark.parametrize("shout", [str.upper, str.lower])
def test_shouted_article_gets_the_events_and_names_of_its_mixed_case_form(shout):
    mixed, shouted = _graph(TEXT), _graph(shout(TEXT))
    classes = sorted(e.type for e in mixed.events if e.type != "Event")
    assert sorted(e.type for e in shouted.events if e.type != "Event") == classes
    assert "Jana Holm" in {e.label for e in shouted.entities}
    for entity in shouted.entities:  # anchors are the article's own characters
        for m in entity.mentions:
            assert m.span.text == shout(TEXT)[m.span.start : m.span.end]
    for event in shouted.events:
        assert event.trigger.text == shout(TEXT)[event.trigger.start : event.trigger.end]


def test_organisation_head_with_a_name_modifier_is_a_name():
    r = Recaser(
        names=frozenset({"salvadoran"}),
        is_word=(VOCABULARY | {"popular", "army", "soldiers", "local", "force"}).__contains__,
        heads=frozenset({"army", "front", "force"}),
        modifiers=frozenset({"popular", "national", "liberation"}),
    )
    out = r.recase(
        "THE POPULAR LIBERATION ARMY ATTACKED SALVADORAN ARMY SOLDIERS, THE LOCAL FORCE SAID."
    )
    assert (
        out
        == "The Popular Liberation Army attacked Salvadoran Army soldiers, the local force said."
    )


def test_word_after_a_given_name_is_its_surname_and_a_given_name_needs_one():
    r = Recaser(
        names=frozenset({"edward", "sue", "john"}),
        is_word=(VOCABULARY | {"stone", "sue", "will", "firm", "drew", "attention"}).__contains__,
        given=frozenset({"edward", "sue", "john"}),
        function=frozenset({"said", "the", "will", "drew", "was"}),
    )
    assert (
        r.recase("EDWARD STONE SAID THE FIRM WILL SUE.") == "Edward Stone said the firm will sue."
    )
    assert r.recase("SUE STONE WAS THE MINISTER.") == "Sue Stone was the minister."
    assert r.recase("JOHN SAID THE ARMY DREW ATTENTION.") == "John said the army drew attention."
