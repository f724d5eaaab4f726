"""The open event layer on the real model: each grammatical pattern on sentences of our own.

Every main verb and event noun is an event with its predicate; these tests check that the
roles come out of the parse as English grammar assigns them (active, passive, by-agents,
prepositional objects, nominal arguments, control, coordination, relative clauses,
participles, light verbs and copulas), that quantities, instruments and generic
participants are kept, and that modality and dates apply to open events as to typed ones.
All names are invented.
"""

from __future__ import annotations

import pytest

from kg.model import Document
from kg.pipeline import extract, make_doc

pytestmark = pytest.mark.model


def analyse(nlp, text: str, date: str = "2021-06-09"):
    """The document graph of ``text`` (a Wednesday publication date by default)."""
    document = Document(id="t", source="t.txt", text=text, date=date)
    graph = extract(nlp(make_doc(nlp, document)), document)
    labels = {e.key: e for e in graph.entities}
    return graph.events, labels


def event_of(events, predicate: str):
    found = [e for e in events if e.predicate == predicate]
    assert found, [(e.predicate, e.type) for e in events]
    return found[0]


def fillers(event, role: str, entities) -> list[str]:
    return [entities[k].label for k in event.role(role)]


def test_active_subject_and_object(nlp):
    events, ents = analyse(nlp, "The startup trained forty engineers in March.")
    train = event_of(events, "train")
    assert train.type == "Event"  # no class of the lexicon: an open event
    assert fillers(train, "agent", ents) == ["startup"]
    assert "engineers" in fillers(train, "patient", ents)[0]


def test_passive_subject_is_the_patient_and_by_phrase_the_agent(nlp):
    events, ents = analyse(nlp, "The merger was approved by the regulators.")
    approve = event_of(events, "approve")
    assert fillers(approve, "agent", ents) == ["regulators"]
    assert approve.role("topic") == [event_of(events, "merger").key]  # an event is no entity


def test_prepositional_objects_recipient_and_opponent(nlp):
    events, ents = analyse(nlp, "Lumen Systems sold the factory to Orbis Group.")
    sale = event_of(events, "sell")
    assert fillers(sale, "agent", ents) == ["Lumen Systems"]
    assert fillers(sale, "patient", ents) == ["factory"]
    assert fillers(sale, "recipient", ents) == ["Orbis Group"]
    factory = ents[sale.role("patient")[0]]
    assert factory.type == "Facility" and not factory.named  # a building of the document


def test_nominal_arguments_possessor_of_and_to(nlp):
    events, ents = analyse(
        nlp, "Regulators examined Orbis Group's acquisition of Lumen Systems last week."
    )
    acquisition = event_of(events, "acquisition")
    assert fillers(acquisition, "agent", ents) == ["Orbis Group"]
    assert fillers(acquisition, "patient", ents) == ["Lumen Systems"]
    events, ents = analyse(
        nlp, "The sale of the plant to a local cooperative ended a long dispute."
    )
    sale = event_of(events, "sale")
    assert fillers(sale, "patient", ents) == ["plant"]
    assert fillers(sale, "recipient", ents) == ["local cooperative"]


def test_talks_between_two_parties(nlp):
    events, ents = analyse(nlp, "Talks between Velmora and Keldra resumed in Geneva on Monday.")
    talks = next(e for e in events if e.trigger.text == "Talks")
    parties = {ents[k].label for a in ("agent", "patient", "participant") for k in talks.role(a)}
    assert {"Velmora", "Keldra"} <= parties
    assert talks.date == "2021-06-07"


def test_control_verb_gives_its_subject_to_the_complement(nlp):
    events, ents = analyse(nlp, "Keldra tried to block the deal.")
    block = event_of(events, "block")
    assert fillers(block, "agent", ents) == ["Keldra"]
    assert block.modality == "intended"


def test_coordinated_subjects_both_act(nlp):
    events, ents = analyse(nlp, "Orbis Group and Lumen Systems painted the old hall.")
    paint = event_of(events, "paint")
    assert set(fillers(paint, "agent", ents)) == {"Orbis Group", "Lumen Systems"}


def test_relative_clause_head_is_the_subject(nlp):
    events, ents = analyse(nlp, "The company that built the new bridge went bankrupt.")
    build = event_of(events, "build")
    assert fillers(build, "agent", ents) == ["company"]
    assert "bridge" in fillers(build, "patient", ents)[0]


def test_participle_clause_counts_its_victims(nlp):
    events, ents = analyse(nlp, "A bomb exploded near a market in Dravik, killing 12 people.")
    kill = next(e for e in events if e.trigger.text == "killing")
    assert kill.count == 12
    explode = next(e for e in events if e.trigger.text == "exploded")
    bombs = [k for e in (kill, explode) for k in e.role("instrument")]
    assert bombs and all(ents[k].type == "Weapon" for k in bombs)  # a weapon, not an agent


def test_light_verb_gives_the_event_of_its_noun(nlp):
    events, ents = analyse(nlp, "The board made a decision after it held talks with investors.")
    assert not [e for e in events if e.predicate in ("make", "hold")]
    decision = event_of(events, "decision")
    assert fillers(decision, "agent", ents) == ["board"]


def test_copula_is_no_event(nlp):
    events, _ = analyse(nlp, "The deal is final and the market became calm.")
    assert not [e for e in events if e.predicate in ("be", "become")]


def test_falling_shares_undergo_the_fall_with_a_quantity(nlp):
    events, ents = analyse(nlp, "Shares of Orbis Group fell 5% on Tuesday.")
    fall = event_of(events, "fall")
    assert fillers(fall, "agent", ents) == []  # unaccusative: the shares do not act
    assert (
        "Shares" in fillers(fall, "patient", ents)[0]
        or "shares" in fillers(fall, "patient", ents)[0]
    )
    assert fall.quantity == "5%"
    assert fall.date == "2021-06-08"


def test_reported_intention_and_present_tense_date(nlp):
    events, ents = analyse(nlp, "Orbis Group says it plans to buy Lumen Systems.")
    buy = event_of(events, "buy")
    assert buy.modality in ("intended", "reported")
    assert fillers(buy, "patient", ents) == ["Lumen Systems"]
    say = event_of(events, "say")
    assert say.date == "2021-06-09"  # the present tense holds at the publication date


def test_pronoun_participant_resolves_to_its_entity(nlp):
    events, ents = analyse(nlp, "Ana Ruiz founded Lumen Systems in 2010. She sold it in 2019.")
    sell = event_of(events, "sell")
    assert fillers(sell, "agent", ents) == ["Ana Ruiz"]
    assert sell.date == "2019"


def test_negated_open_event(nlp):
    events, _ = analyse(nlp, "The ministry did not approve the merger.")
    assert event_of(events, "approve").polarity == "negative"


def test_prepositions_of_participles_are_no_events(nlp):
    events, _ = analyse(nlp, "Analysts, including two based in Keldra, praised the plan.")
    assert not [e for e in events if e.predicate in ("include", "base")]


def test_attack_report_perpetrators_targets_victims_and_weapons(nlp):
    text = (
        "Unidentified individuals set fire to two houses and a bus in Marella on Sunday. "
        "The rebels blew up a bridge with dynamite."
    )
    events, ents = analyse(nlp, text)
    arson = event_of(events, "set fire to")
    assert not [e for e in events if e.predicate == "fire"]  # part of the trigger, no event
    assert fillers(arson, "agent", ents) == ["unidentified individuals"]
    assert {"houses", "bus"} <= set(fillers(arson, "patient", ents))
    blast = event_of(events, "blow up")
    assert fillers(blast, "agent", ents) == ["rebels"]
    assert [ents[k].type for k in blast.role("instrument")] == ["Weapon"]


def test_weapon_before_an_attack_noun_and_weapons_carried_are_instruments(nlp):
    events, ents = analyse(nlp, "A rocket attack on the depot wounded six guards.")
    attack = event_of(events, "attack")
    assert fillers(attack, "instrument", ents) == ["rocket"]
    assert fillers(attack, "patient", ents) == ["depot"]
    events, ents = analyse(nlp, "Gunmen armed with rifles stormed the hotel.")
    storm = event_of(events, "storm")
    assert fillers(storm, "agent", ents) == ["gunmen"]
    assert fillers(storm, "instrument", ents) == ["rifles"]


def test_weapons_sold_or_named_before_a_sale_are_no_instruments(nlp):
    events, ents = analyse(nlp, "The dealer sold rifles to the militia.")
    sale = event_of(events, "sell")
    assert fillers(sale, "patient", ents) == ["rifles"] and not sale.role("instrument")
    events, ents = analyse(nlp, "Gun sales rose sharply last year.")
    assert not event_of(events, "sale").role("instrument")


@pytest.mark.parametrize(
    "text",
    [
        "Two shopkeepers were killed in a suicide bombing at the market.",
        "A suicide bombing killed two shopkeepers.",
    ],
)
def test_those_an_attack_kills_are_its_patients(nlp, text):
    events, ents = analyse(nlp, text)
    bombing = event_of(events, "bombing")
    assert bombing.type == "Bombing"  # told of someone: typed, not an open noun
    assert fillers(bombing, "patient", ents) == ["shopkeepers"]


def test_an_attack_with_a_target_keeps_it_and_no_charge_makes_victims(nlp):
    events, ents = analyse(nlp, "The attack on the depot killed a guard.")
    assert fillers(event_of(events, "attack"), "patient", ents) == ["depot"]
    events, ents = analyse(nlp, "Two men were charged in the bombing.")
    assert not event_of(events, "bombing").role("patient")  # those charged did it


def test_resultatives_of_harm_and_bodies_found_dead(nlp):
    events, ents = analyse(nlp, "The blast left five guards dead.")
    leave = event_of(events, "leave")
    assert leave.type == "Killing" and fillers(leave, "patient", ents) == ["guards"]
    assert fillers(event_of(events, "blast"), "patient", ents) == ["guards"]  # its victims
    events, ents = analyse(nlp, "She left the door open.")
    assert event_of(events, "leave").type == "Event"
    events, ents = analyse(nlp, "The two hikers were found dead near the river.")
    death = event_of(events, "find")
    assert death.type == "Death" and fillers(death, "patient", ents) == ["hikers"]
    events, ents = analyse(nlp, "The rangers found the hikers on Tuesday.")
    assert event_of(events, "find").type == "Event"  # found alive: no death


def test_attack_carried_out_by_a_group_in_a_reduced_relative(nlp):
    events, ents = analyse(nlp, "The raid, carried out by the Tarvin Guard, destroyed the depot.")
    raid = event_of(events, "raid")
    assert fillers(raid, "agent", ents) == ["Tarvin Guard"]
    assert fillers(raid, "patient", ents) == ["depot"]  # what it destroyed


@pytest.mark.parametrize("verb", ["clubbed", "kicked", "stoned", "burned"])
def test_harming_verbs_to_death_are_killings(nlp, verb):
    events, ents = analyse(nlp, f"The mob {verb} the informer to death.")
    killing = next(e for e in events if e.trigger.text == verb)
    assert killing.type == "Killing" and fillers(killing, "patient", ents) == ["informer"]
    assert not [e for e in events if e.trigger.text == "death"]  # part of the trigger


def test_set_on_fire_is_arson(nlp):
    events, ents = analyse(nlp, "The rioters set the depot on fire.")
    arson = next(e for e in events if e.trigger.text == "set")
    assert arson.type == "Arson" and fillers(arson, "patient", ents) == ["depot"]
    assert not [e for e in events if e.trigger.text == "fire"]


def test_a_phrasal_verb_the_lemmatiser_took_for_another_verb(nlp):
    text = "The firm said it would close two plants and lay off 900 workers."
    events, _ = analyse(nlp, text)
    cut = next(e for e in events if e.trigger.text == "lay")
    assert cut.type == "Dismissal" and cut.predicate == "lay off"
    events, _ = analyse(nlp, "The road wound through the hills.")
    assert next(e for e in events if e.trigger.text == "wound").type == "Event"  # "wind"


def test_marching_protesters_protest_and_marching_troops_move(nlp):
    events, _ = analyse(nlp, "Thousands of students marched to the parliament.")
    assert next(e for e in events if e.trigger.text == "marched").type == "Protest"
    events, _ = analyse(nlp, "Troops marched into the city.")
    assert next(e for e in events if e.trigger.text == "marched").type != "Protest"


def test_convictions_and_sentences(nlp):
    events, ents = analyse(nlp, "A military tribunal sentenced three rebels to death.")
    sentence = event_of(events, "sentence")
    assert sentence.type == "Sentencing"
    assert fillers(sentence, "agent", ents) == ["military tribunal"]
    assert fillers(sentence, "patient", ents) == ["rebels"]
    assert not [e for e in events if e.trigger.text == "death"]  # the sentence, no death
    events, ents = analyse(nlp, "A jury found the two men guilty of murder.")
    verdict = event_of(events, "find guilty")
    assert verdict.type == "Sentencing" and fillers(verdict, "patient", ents) == ["men"]
    assert verdict.role("topic") == [event_of(events, "murder").key]


def test_a_natural_hazard_kills_no_one_and_attacks_nothing(nlp):
    text = "An earthquake struck the coast on Monday, killing 120 people and destroying 300 homes."
    events, ents = analyse(nlp, text)
    assert event_of(events, "strike").type == "Event"  # no assault
    death = event_of(events, "kill")
    assert death.type == "Death" and fillers(death, "patient", ents) == ["people"]
    assert event_of(events, "destroy").type == "Destruction"
    events, ents = analyse(nlp, "Gunmen struck the convoy on Monday, killing 12 people.")
    assert event_of(events, "kill").type == "Killing"


def test_passives_without_their_auxiliary(nlp):
    events, ents = analyse(nlp, "At least 14 people were killed and 30 wounded in the attack.")
    injury = next(e for e in events if e.trigger.text == "wounded")
    assert injury.type == "Injury" and not injury.role("agent")
    assert ents[injury.role("patient")[0]].count == 30
    events, ents = analyse(nlp, "Six soldiers were reported killed in the fighting.")
    killing = next(e for e in events if e.trigger.text == "killed")
    assert fillers(killing, "patient", ents) == ["soldiers"] and not killing.role("agent")
    events, ents = analyse(nlp, "The rebels attacked the post and killed two guards.")
    killing = next(e for e in events if e.trigger.text == "killed")
    assert fillers(killing, "agent", ents) == ["rebels"]  # an active conjunct stays active


def test_it_of_an_unnamed_organisation(nlp):
    events, ents = analyse(nlp, "The army said it had not attacked the village.")
    attack = event_of(events, "attack")
    assert fillers(attack, "agent", ents) == ["army"] and attack.polarity == "negative"
    events, ents = analyse(nlp, "The ministry said it was likely that prices would rise.")
    assert not [
        e for e in events if fillers(e, "agent", ents) == ["ministry"] and e.type != "Statement"
    ]
    events, ents = analyse(nlp, "The firms said it would rain.")
    assert not event_of(events, "rain").role("agent")  # "it" is one body, not the firms


def test_allies_and_investors_are_actors(nlp):
    events, ents = analyse(nlp, "The army and its allies attacked the town.")
    assert fillers(event_of(events, "attack"), "agent", ents) == ["army", "allies"]
    events, ents = analyse(nlp, "A tourist was stabbed in the market.")
    assert ents[event_of(events, "stab").role("patient")[0]].type == "Person"


def test_places_taken_by_force_and_people_captured(nlp):
    events, _ = analyse(nlp, "Rebels overran an army base and captured two soldiers.")
    assert event_of(events, "overrun").type == "Theft"  # CAMEO 171, as "took over the town"
    assert event_of(events, "capture").type == "Arrest"  # people: taken prisoner


def test_quoted_as_saying_is_said_by_the_one_quoted(nlp):
    text = "State radio quoted the governor as saying that troops would retake the town."
    events, ents = analyse(nlp, text)
    saying = event_of(events, "say")
    assert saying.type == "Statement" and fillers(saying, "agent", ents) == ["governor"]
    assert event_of(events, "retake").reported_by == saying.role("agent")[0]


def test_who_explodes_a_bomb_is_its_agent(nlp):
    events, ents = analyse(nlp, "Terrorists exploded a car bomb near the embassy.")
    blast = event_of(events, "explode")
    assert fillers(blast, "agent", ents) == ["terrorists"]
    assert fillers(blast, "instrument", ents) == ["car bomb"]
    events, ents = analyse(nlp, "A car bomb exploded near the embassy.")
    blast = event_of(events, "explode")
    assert fillers(blast, "instrument", ents) == ["car bomb"] and not blast.role("agent")


def test_a_capitalised_plural_actor_is_a_group(nlp):
    events, ents = analyse(nlp, "Guerrillas shot down a helicopter.")
    agent = ents[event_of(events, "shoot").role("agent")[0]]
    assert agent.type == "Group"


def test_the_actor_named_before_an_attack_noun_is_its_agent(nlp):
    events, ents = analyse(nlp, "A rebel attack on the town killed four civilians.")
    attack = event_of(events, "attack")
    assert fillers(attack, "agent", ents) == ["rebel"] and fillers(attack, "patient", ents) == [
        "town"
    ]
    assert ents[attack.role("agent")[0]].type == "Group"  # by rebels, not one rebel
    events, ents = analyse(nlp, "A police raid on the house ended in two arrests.")
    assert fillers(event_of(events, "raid"), "agent", ents) == ["police"]
    events, ents = analyse(nlp, "A suicide attack hit the market.")
    assert not event_of(events, "attack").role("agent")  # a manner, no actor


def test_what_rises_or_falls_is_a_measure_not_a_happening(nlp):
    events, ents = analyse(nlp, "The company's profit rose 12% to $3.4 billion.")
    rise = event_of(events, "rise")
    assert rise.type == "Increase" and fillers(rise, "patient", ents) == ["profit"]
    assert not rise.role("topic")
    events, ents = analyse(nlp, "The sale of the factory was blocked.")
    assert event_of(events, "block").role("topic") == [event_of(events, "sale").key]


def test_who_was_behind_an_attack_and_who_was_its_victim(nlp):
    text = "Police believe the National Liberation Front was behind the bombing of the station."
    events, ents = analyse(nlp, text)
    bombing = event_of(events, "bombing")
    assert fillers(bombing, "agent", ents) == ["National Liberation Front"]
    events, ents = analyse(nlp, "The rebels were responsible for the attack on the convoy.")
    assert fillers(event_of(events, "attack"), "agent", ents) == ["rebels"]
    events, ents = analyse(nlp, "The journalist was the victim of a kidnapping.")
    kidnapping = event_of(events, "kidnapping")
    assert kidnapping.type == "Kidnapping" and fillers(kidnapping, "patient", ents) == [
        "journalist"
    ]


def test_the_accused_or_arrested_did_what_they_are_accused_or_arrested_for(nlp):
    events, ents = analyse(nlp, "The ministry accused the rebels of shelling the town.")
    assert fillers(event_of(events, "shell"), "agent", ents) == ["rebels"]
    events, ents = analyse(nlp, "Police arrested two men for killing a guard.")
    assert fillers(event_of(events, "kill"), "agent", ents) == ["men"]


def test_aircraft_that_bomb_are_the_means_and_control_of_a_place_is_the_place(nlp):
    events, ents = analyse(nlp, "Government aircraft bombed two villages.")
    bombing = event_of(events, "bomb")
    assert fillers(bombing, "instrument", ents) == ["government aircraft"]
    assert not bombing.role("agent")
    events, ents = analyse(nlp, "The rebels seized control of the provincial capital.")
    assert fillers(event_of(events, "seize"), "patient", ents) == ["provincial capital"]


def test_the_phrases_of_an_events_course_are_the_events(nlp):
    text = "Fighting resumed on Tuesday between government forces and separatist rebels."
    events, ents = analyse(nlp, text)
    fight = event_of(events, "fighting")
    assert fight.type == "Fight"
    assert set(fillers(fight, "participant", ents)) == {"government forces", "separatist rebels"}


def test_to_claim_an_attack_is_to_claim_it_done(nlp):
    text = "A bomb exploded at the station. The Popular Army claimed the attack."
    events, ents = analyse(nlp, text)
    assert fillers(event_of(events, "explode"), "agent", ents) == ["Popular Army"]
    events, ents = analyse(nlp, "The bombing of the substation was claimed by the Popular Army.")
    assert fillers(event_of(events, "bombing"), "agent", ents) == ["Popular Army"]
    events, ents = analyse(nlp, "The company claimed the title.")
    assert not [e for e in events if e.type != "Statement" and e.role("agent")]


def test_the_victim_identified_as_a_name_is_that_person(nlp):
    text = "Gunmen shot a driver on Monday. The victim was identified as Carlos Mendez."
    _, ents = analyse(nlp, text)
    mendez = next(e for e in ents.values() if e.label == "Carlos Mendez")
    assert "The victim" in [m.span.text for m in mendez.mentions]


def test_blame_on_and_a_section_of_a_line(nlp):
    events, ents = analyse(nlp, "The attack was blamed on the Vardan Front.")
    blame = event_of(events, "blame")
    assert blame.type == "Accusation" and fillers(blame, "patient", ents) == ["Vardan Front"]
    assert blame.role("topic") == [event_of(events, "attack").key]
    events, ents = analyse(nlp, "Saboteurs blew up a section of the pipeline.")
    assert fillers(event_of(events, "blow up"), "patient", ents) == ["pipeline"]


def test_lexicon_is_saved_with_the_pipeline_and_configurable(nlp, tmp_path):
    from kg.components.events import EventExtractor

    component = nlp.get_pipe("kg_event_extractor")
    component.to_disk(tmp_path / "events")
    text = (tmp_path / "events" / "predicates.tsv").read_text(encoding="utf-8")
    (tmp_path / "mine.tsv").write_text(text + "zorbing\tevent_noun\tinvented\n", encoding="utf-8")
    mine = EventExtractor(
        nlp, "mine", open_events=False, predicate_lexicon=str(tmp_path / "mine.tsv")
    )
    assert mine.lexicon.event_noun("zorbing") and not component.lexicon.event_noun("zorbing")
    assert mine.options.open_events is False
    mine.from_disk(tmp_path / "events")  # read back what the pipeline saved
    assert mine.lexicon.classes == component.lexicon.classes
    assert mine.lexicon.suffixes == component.lexicon.suffixes
