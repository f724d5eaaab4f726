"""The class lexicon (kg/data/triggers.tsv): senses of ambiguous words, phrasal verbs, and the
checks that keep it in step with the ontology. Sentences are our own, invented."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import vocab
from kg.components.event_lexicon import (
    LexiconError,
    load_triggers,
    parse_triggers,
    trigger_row,
    triggers,
)
from kg.ontology import ontology_path, shapes_path


def parse(doc_factory, spec: str):
    """A Doc from ``word/lemma/POS/dep/head`` items (absolute heads)."""
    items = [item.split("/") for item in spec.split()]
    return doc_factory(
        [i[0] for i in items],
        lemmas=[i[1] for i in items],
        pos=[i[2] for i in items],
        deps=[i[3] for i in items],
        heads=[int(i[4]) for i in items],
    )


def row_of(doc_factory, spec: str, word: str):
    doc = parse(doc_factory, spec)
    token = next(t for t in doc if t.text == word)
    return trigger_row(token)


def sense(doc_factory, spec: str, word: str) -> tuple[str, str | None] | None:
    row = row_of(doc_factory, spec, word)
    return None if row is None else (row.cls, row.sense)


# -- ambiguous words: the condition picks the sense ---------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # "Soldiers fired at the crowd."
        (
            "Soldiers/soldier/NOUN/nsubj/1 fired/fire/VERB/ROOT/1 at/at/ADP/prep/1 "
            "the/the/DET/det/4 crowd/crowd/NOUN/pobj/2",
            ("Attack", "fire:shoot"),
        ),
        # "The navy fired two missiles."
        (
            "The/the/DET/det/1 navy/navy/NOUN/nsubj/2 fired/fire/VERB/ROOT/2 "
            "two/two/NUM/nummod/4 missiles/missile/NOUN/dobj/2",
            ("Attack", "fire:shoot"),
        ),
        # "The board fired the treasurer."
        (
            "The/the/DET/det/1 board/board/NOUN/nsubj/2 fired/fire/VERB/ROOT/2 "
            "the/the/DET/det/4 treasurer/treasurer/NOUN/dobj/2",
            ("Dismissal", "fire:dismiss"),
        ),
    ],
)
def test_fire_shoot_or_dismiss(doc_factory, spec, expected):
    assert sense(doc_factory, spec, "fired") == expected


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ("hostages/hostage", ("Release", "release:free")),
        ("report/report", ("Statement", "release:publish")),
        ("figures/figure", ("Statement", "release:publish")),
        ("album/album", ("Launch", "release:market")),
    ],
)
def test_release_free_publish_or_market(doc_factory, obj, expected):
    # "The group released the hostages / report / figures / album."
    spec = (
        "The/the/DET/det/1 group/group/NOUN/nsubj/2 released/release/VERB/ROOT/2 "
        f"the/the/DET/det/4 {obj}/NOUN/dobj/2"
    )
    assert sense(doc_factory, spec, "released") == expected


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ("missiles/missile", ("Attack", "launch:fire")),
        ("smartphone/smartphone", ("Launch", "launch:introduce")),
        ("offensive/offensive", None),  # a light verb: the offensive is the event
    ],
)
def test_launch(doc_factory, obj, expected):
    spec = f"They/they/PRON/nsubj/1 launched/launch/VERB/ROOT/1 a/a/DET/det/3 {obj}/NOUN/dobj/1"
    assert sense(doc_factory, spec, "launched") == expected


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ("deal/deal", ("Agreement", "strike:conclude")),
        ("school/school", ("Attack", "strike:hit")),
    ],
)
def test_strike_a_deal_or_a_target(doc_factory, obj, expected):
    spec = f"It/it/PRON/nsubj/1 struck/strike/VERB/ROOT/1 a/a/DET/det/3 {obj}/NOUN/dobj/1"
    assert sense(doc_factory, spec, "struck") == expected


def test_strike_noun_by_its_modifier(doc_factory):
    air = "an/an/DET/det/2 air/air/NOUN/compound/2 strike/strike/NOUN/ROOT/2"
    hunger = "a/a/DET/det/2 hunger/hunger/NOUN/compound/2 strike/strike/NOUN/ROOT/2"
    bare = "the/the/DET/det/1 strike/strike/NOUN/ROOT/1"
    assert sense(doc_factory, air, "strike") == ("Attack", "strike:hit")
    assert sense(doc_factory, hunger, "strike") == ("Protest", "strike:walkout")
    assert sense(doc_factory, bare, "strike") is None  # unknown sense: an open event


@pytest.mark.parametrize(
    ("spec", "word", "expected"),
    [
        # "Oil prices rose."
        (
            "Oil/oil/NOUN/compound/1 prices/price/NOUN/nsubj/2 rose/rise/VERB/ROOT/2",
            "rose",
            ("Increase", "rise:go_up"),
        ),
        # "The index rose 4 percent."
        (
            "The/the/DET/det/1 index/index/NOUN/nsubj/2 rose/rise/VERB/ROOT/2 "
            "4/4/NUM/nummod/4 percent/percent/NOUN/npadvmod/2",
            "rose",
            ("Increase", "rise:go_up"),
        ),
        # "The general rose to power." : no quantity, no class
        (
            "The/the/DET/det/1 general/general/NOUN/nsubj/2 rose/rise/VERB/ROOT/2 "
            "to/to/ADP/prep/2 power/power/NOUN/pobj/3",
            "rose",
            None,
        ),
        # "Shares of the airline fell."
        (
            "Shares/share/NOUN/nsubj/4 of/of/ADP/prep/0 the/the/DET/det/3 "
            "airline/airline/NOUN/pobj/1 fell/fall/VERB/ROOT/4",
            "fell",
            ("Decrease", "fall:go_down"),
        ),
        # "The town fell." : a town is no quantity
        (
            "The/the/DET/det/1 town/town/NOUN/nsubj/2 fell/fall/VERB/ROOT/2",
            "fell",
            None,
        ),
        # "The bank cut interest rates."
        (
            "The/the/DET/det/1 bank/bank/NOUN/nsubj/2 cut/cut/VERB/ROOT/2 "
            "interest/interest/NOUN/compound/4 rates/rate/NOUN/dobj/2",
            "cut",
            ("Decrease", "cut:reduce"),
        ),
        # "The carmaker cut 900 jobs."
        (
            "The/the/DET/det/1 carmaker/carmaker/NOUN/nsubj/2 cut/cut/VERB/ROOT/2 "
            "900/900/NUM/nummod/4 jobs/job/NOUN/dobj/2",
            "cut",
            ("Dismissal", "cut:eliminate_jobs"),
        ),
        # "The minister declined to comment." : a refusal, not a decrease
        (
            "The/the/DET/det/1 minister/minister/NOUN/nsubj/2 declined/decline/VERB/ROOT/2 "
            "to/to/PART/aux/4 comment/comment/VERB/xcomp/2",
            "declined",
            None,
        ),
    ],
)
def test_quantity_changes_need_a_quantity(doc_factory, spec, word, expected):
    assert sense(doc_factory, spec, word) == expected


# -- phrasal verbs and multiword predicates ----------------------------------------------


@pytest.mark.parametrize(
    ("spec", "word", "cls", "predicate"),
    [
        # "Rebels blew up the bridge."
        (
            "Rebels/rebel/NOUN/nsubj/1 blew/blow/VERB/ROOT/1 up/up/ADP/prt/1 "
            "the/the/DET/det/4 bridge/bridge/NOUN/dobj/1",
            "blew",
            "Bombing",
            "blow up",
        ),
        # "A device went off."
        (
            "A/a/DET/det/1 device/device/NOUN/nsubj/2 went/go/VERB/ROOT/2 off/off/ADP/prt/2",
            "went",
            "Bombing",
            "go off",
        ),
        # "Arsonists set fire to the depot."
        (
            "Arsonists/arsonist/NOUN/nsubj/1 set/set/VERB/ROOT/1 fire/fire/NOUN/dobj/1 "
            "to/to/ADP/prep/1 the/the/DET/det/5 depot/depot/NOUN/pobj/3",
            "set",
            "Arson",
            "set fire to",
        ),
        # "Gunmen gunned down a judge."
        (
            "Gunmen/gunman/NOUN/nsubj/1 gunned/gun/VERB/ROOT/1 down/down/ADP/prt/1 "
            "a/a/DET/det/4 judge/judge/NOUN/dobj/1",
            "gunned",
            "Killing",
            "gun down",
        ),
        # "The chairman stepped down."
        (
            "The/the/DET/det/1 chairman/chairman/NOUN/nsubj/2 stepped/step/VERB/ROOT/2 "
            "down/down/ADP/prt/2",
            "stepped",
            "Resignation",
            "step down",
        ),
        # "The group sold off its stake."
        (
            "The/the/DET/det/1 group/group/NOUN/nsubj/2 sold/sell/VERB/ROOT/2 "
            "off/off/ADP/prt/2 its/its/PRON/poss/5 stake/stake/NOUN/dobj/2",
            "sold",
            "Sale",
            "sell off",
        ),
        # "The brewer took over a rival."
        (
            "The/the/DET/det/1 brewer/brewer/NOUN/nsubj/2 took/take/VERB/ROOT/2 "
            "over/over/ADP/prt/2 a/a/DET/det/5 rival/rival/NOUN/dobj/2",
            "took",
            "Acquisition",
            "take over",
        ),
        # "Militias took over the airport."
        (
            "Militias/militia/NOUN/nsubj/1 took/take/VERB/ROOT/1 over/over/ADP/prt/1 "
            "the/the/DET/det/4 airport/airport/NOUN/dobj/1",
            "took",
            "Theft",
            "take over",
        ),
        # "The factory laid off 300 workers."
        (
            "The/the/DET/det/1 factory/factory/NOUN/nsubj/2 laid/lay/VERB/ROOT/2 "
            "off/off/ADP/prt/2 300/300/NUM/nummod/5 workers/worker/NOUN/dobj/2",
            "laid",
            "Dismissal",
            "lay off",
        ),
        # "Kidnappers took two engineers hostage."
        (
            "Kidnappers/kidnapper/NOUN/nsubj/1 took/take/VERB/ROOT/1 two/two/NUM/nummod/3 "
            "engineers/engineer/NOUN/dobj/1 hostage/hostage/NOUN/oprd/1",
            "took",
            "Kidnapping",
            "take hostage",
        ),
        # "A man was stabbed to death."
        (
            "A/a/DET/det/1 man/man/NOUN/nsubjpass/3 was/be/AUX/auxpass/3 "
            "stabbed/stab/VERB/ROOT/3 to/to/ADP/prep/3 death/death/NOUN/pobj/4",
            "stabbed",
            "Killing",
            "stab",
        ),
    ],
)
def test_phrasal_verbs(doc_factory, spec, word, cls, predicate):
    row = row_of(doc_factory, spec, word)
    assert row is not None and (row.cls, row.predicate) == (cls, predicate)


def test_particle_is_required(doc_factory):
    """ "took the bus" is no takeover; "blew the whistle" no bombing."""
    took = "She/she/PRON/nsubj/1 took/take/VERB/ROOT/1 the/the/DET/det/3 bus/bus/NOUN/dobj/1"
    blew = "He/he/PRON/nsubj/1 blew/blow/VERB/ROOT/1 the/the/DET/det/3 whistle/whistle/NOUN/dobj/1"
    assert row_of(doc_factory, took, "took") is None
    assert row_of(doc_factory, blew, "blew") is None


def test_nominal_forms_share_the_verbs_sense(doc_factory):
    """Morphological families: the noun reports the same class as its verb."""
    pairs = [
        ("kidnap", "kidnapping"),
        ("abduct", "abduction"),
        ("acquire", "acquisition"),
        ("purchase", "purchase"),
        ("merge", "merger"),
        ("resign", "resignation"),
        ("appoint", "appointment"),
        ("detonate", "detonation"),
        ("demolish", "demolition"),
        ("assassinate", "assassination"),
    ]
    table = triggers()
    for verb, noun in pairs:
        (v,), (n,) = table[(verb, "VERB")], table[(noun, "NOUN")]
        assert (v.cls, v.sense) == (n.cls, n.sense), (verb, noun)


# -- the lexicon and the ontology --------------------------------------------------------


def test_every_row_names_an_ontology_class_and_roles():
    classes, roles = set(vocab.event_classes()), set(vocab.roles())
    for rows in triggers().values():
        for row in rows:
            assert row.cls in classes
            assert set(row.roles.values()) <= roles
            assert row.sense and row.sense.count(":") == 1, row
            assert row.cameo is None or row.cameo_code.startswith(row.cameo)


def test_every_event_class_has_words():
    """A class with no row could never be assigned (its subclasses' words count)."""
    used = {row.cls for rows in triggers().values() for row in rows}
    for cls in vocab.event_classes()[1:]:
        assert any(vocab.is_a(u, cls) for u in used), cls


def test_finer_cameo_codes_and_class_roots():
    (bomb,) = triggers()[("bomb", "VERB")]
    assert (bomb.cls, bomb.cameo, bomb.cameo_code) == ("Bombing", "18", "183")
    *_, sell = triggers()[("sell", "VERB")]  # the plain row comes after "sell off"
    assert (sell.sense, sell.cameo, sell.cameo_code) == ("sell:sell", None, None)


def test_human_patient_classes_include_dismissal():
    """ "dismissed the claim" gets no class because Dismissal is done to people."""
    assert "Dismissal" in vocab.flagged("humanPatient")


HEADER = "# lemma\tpos\tclass\tsense\tcameo\trequires\troles\tnote\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("sabotage\tVERB\tSabotage\tsabotage:x\t-\t-\t-", "not an event class"),
        ("blow up\tVERB\tBombing\tblow:x\t-\t-\t-", "no condition asks for"),
        ("bomb\tVERB\tBombing\tbomb:x\t-\t-\tsubj=victim", "unknown roles"),
        ("bomb\tVERB\tBombing\tbomb:x\t99\t-\t-", "not a CAMEO code"),
        ("bomb\tVERB\tBombing\tbomb:x\t-\tdobj:@gadgets\t-", "no word list"),
        ("bomb\tVERB\tBombing\tbomb:x\t-\tnear:x\t-", "unknown condition"),
    ],
)
def test_malformed_rows_are_reported(row, message):
    with pytest.raises(LexiconError, match=message):
        parse_triggers(HEADER + row + "\n", source="test.tsv")


def test_a_lexicon_file_can_be_loaded_from_a_path(tmp_path: Path):
    path = tmp_path / "triggers.tsv"
    path.write_text(HEADER + "dynamite\tVERB\tBombing\tdynamite:blow_up\t-\t-\t-\n")
    table = load_triggers(str(path))
    assert [r.cls for r in table[("dynamite", "VERB")]] == ["Bombing"]


def test_a_new_class_needs_only_kg_ttl_and_a_row(tmp_path: Path, monkeypatch):
    """The claim of docs/adding-an-event-class.md, for the lexicon: a row naming a class
    the ontology lacks is refused; with the class added to (a copy of) kg.ttl it loads."""
    row = "sabotage\tVERB\tSabotage\tsabotage:disable\t-\t-\t-\n"
    with pytest.raises(LexiconError):
        parse_triggers(HEADER + row)
    shutil.copy(shapes_path(), tmp_path / "shapes.ttl")
    extra = (
        '\nkg:Sabotage a owl:Class ; rdfs:label "sabotage"@en ;\n'
        '    rdfs:comment "Deliberate damage to equipment."@en ; rdfs:subClassOf kg:Attack ;\n'
        '    kg:cameoCode "18" ; skos:scopeNote "CAMEO 18 Assault."@en .\n'
    )
    (tmp_path / "kg.ttl").write_text(ontology_path().read_text(encoding="utf-8") + extra)
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(tmp_path))
    vocab.reload()
    try:
        (sabotage,) = parse_triggers(HEADER + row)[("sabotage", "VERB")]
        assert sabotage.cls == "Sabotage" and sabotage.cameo == "18"
    finally:
        monkeypatch.undo()
        vocab.reload()


# -- with the real model: the words as spaCy parses them --------------------------------


@pytest.mark.parametrize(
    ("text", "word", "cls"),
    [
        ("Insurgents blew up a fuel depot on Monday.", "blew", "Bombing"),
        ("The company fired its finance director.", "fired", "Dismissal"),
        ("Troops fired on the protesters.", "fired", "Attack"),
        ("The mayor stepped down after the vote.", "stepped", "Resignation"),
        ("Oil prices fell sharply in March.", "fell", "Decrease"),
        ("The retailer bought a smaller rival.", "bought", "Acquisition"),
        ("Vandals set fire to a warehouse.", "set", "Arson"),
    ],
)
def test_real_parses(nlp, text, word, cls):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    row = trigger_row(token)
    assert row is not None and row.cls == cls, [(t.text, t.dep_, t.head.i) for t in doc]
