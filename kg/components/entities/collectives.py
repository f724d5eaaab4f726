"""Collectives named by who they belong to: "Kenyan women", "3,000 Ruritanian refugees",
"Acme employees", "UN officials".

Why: in conflict and political news many actors are never named one by one but by the
nation, faith or body they belong to ("Russian soldiers", "Palestinian prisoners", "UN
staff"). Such a phrase carries a fact an analyst wants (the collective's nationality or
organisation) even where no event is extracted around it, so it becomes an unnamed
``Group`` of the document (``named=False``: "Kenyan women" in two articles are not one
set of people) with ``kg:count`` when a number is given and ``nationality`` / ``memberOf``
for its modifier. A plural noun for people qualifies (the event lexicon's person nouns and
a few more); the modifier must be a demonym or a tagged name; bare "women", "officials"
stay with the event extractor, which adds them only as participants.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg import vocab
from kg.components.entities.attributes import country_entity, text_span
from kg.components.entities.lexicon import Lexicon
from kg.components.entities.rules import rule
from kg.components.event_lexicon import group_nouns
from kg.components.groups import count_of
from kg.components.sentences import sentence_text, token_positions
from kg.model import Entity, Mention, Relation
from kg.names import is_capitalised, normalise_space

#: Plural heads for people beyond the event lexicon's (which lists actors of violence).
EXTRA_PEOPLE = frozenset(
    {"player", "employee", "visitor", "user", "fan", "citizen", "voter", "teenager"}
    | {"athlete", "candidate", "councillor", "councilor", "politician", "lawmaker"}
    | {"legislator", "diplomat", "expert", "scientist", "researcher", "teacher", "nurse"}
    | {"patient", "farmer", "fisherman", "sailor", "tourist", "immigrant", "seeker"}
    | {"settler", "veteran", "parent", "youth", "volunteer", "staffer", "muslim"}
    | {"christian", "jew", "worshipper", "believer", "pupil", "deputy", "delegate"}
    # people by occupation or situation (general vocabulary)
    | {"defector", "hacker", "monk", "nun", "priest", "engineer", "investigator", "analyst"}
    | {"executive", "manager", "owner", "investor", "buyer", "customer", "consumer"}
    | {"shopper", "viewer", "reader", "gamer", "programmer", "artist", "musician", "singer"}
    | {"actor", "writer", "author", "survivor", "detainee", "inmate", "criminal", "agent"}
    | {"spy", "passenger", "spectator", "mourner", "astronaut", "pilot", "miner", "driver"}
    | {"trader", "banker", "economist", "professor", "physician", "surgeon", "entrepreneur"}
)
#: Quantifiers left out of a collective's label ("many Acme employees" = "Acme employees").
_QUANTIFIERS = frozenset(
    {"many", "most", "some", "all", "other", "several", "few", "both", "various"}
    | {"numerous", "more", "fewer", "about", "over", "nearly", "almost", "around", "some"}
)
_TITLE_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
_BODY_TYPES = frozenset({"Organization", "GovernmentBody"})


#: Singular nouns for a body of people ("the Kenyan population", "the Hindu community").
COLLECTIVE_NOUNS = frozenset(
    {"population", "community", "public", "diaspora", "minority", "team", "delegation"}
    | {"squad", "crowd", "contingent", "electorate", "workforce", "clergy", "youth"}
)


def _people_head(token: Token) -> bool:
    """A plural noun for people ("refugees") or a singular one for a body of them."""
    lemma = token.lemma_.lower()
    if token.tag_ == "NN":
        return lemma in COLLECTIVE_NOUNS
    return group_nouns().get(lemma) in ("Person", "Group") or lemma in EXTRA_PEOPLE


def _owner_modifier(
    token: Token, by_key: dict[str, Entity], token_entity: dict[int, str], lex: Lexicon
) -> Token | None:
    """The modifier of ``token`` that says whose people they are: a demonym or a name."""
    for child in token.lefts:
        if child.dep_ not in _MODIFIER_DEPS or not is_capitalised(child.text):
            continue
        if lex.demonym_country(child.text) or child.ent_type_ == "NORP":
            return child  # "Kenyan", or a faith or region's people: "Hindu", "European"
        key = token_entity.get(child.i)
        if key is not None and by_key[key].named and by_key[key].type != "Person":
            return child
    return None


@rule(
    "collective", "group", '"Kenyan women", "Acme employees": people named by whom they belong to'
)
def add_collectives(
    doc: Doc, entities: list[Entity], token_entity: dict[int, str], lex: Lexicon
) -> None:
    """Add the document's named collectives to ``entities`` and ``token_entity``."""
    by_key = {e.key: e for e in entities}
    by_label: dict[str, Entity] = {}
    for i in token_positions(doc, "TAG", ("NNS", "NN")):
        token = doc[i]
        if i in token_entity or token.dep_ == "compound":
            continue
        if token.ent_type_ in _TITLE_LABELS:
            continue  # "Songs of Kenyan Girls": a title, no people
        if not _people_head(token):
            continue
        owner = _owner_modifier(token, by_key, token_entity, lex)
        if owner is None:
            continue
        words = [
            t
            for t in doc[token.left_edge.i : token.i + 1]
            if t.pos_ not in ("DET", "PUNCT") and t.text.lower() not in _QUANTIFIERS
        ]
        while words and words[0].dep_ in ("poss", "case"):
            words.pop(0)
        if not words or words[0].i > owner.i:
            continue
        start, end = words[0].i, token.i + 1
        label = normalise_space(doc[start:end].text).replace(" - ", "-")
        entity = by_label.get(label.casefold())
        if entity is None:
            taken = sum(1 for e in entities if not e.named)
            entity = Entity(
                key=f"g{taken}", type="Group", label=label, named=False, rules=["collective"]
            )
            entity.count = count_of(token)
            entities.append(entity)
            by_key[entity.key] = entity
            by_label[label.casefold()] = entity
            _relate_owner(doc, entity, owner, start, end, entities, by_key, token_entity, lex)
        phrase = text_span(doc, start, end)
        entity.mentions.append(Mention(phrase, sentence_text(doc, i), "collective"))
        for t in range(start, end):
            token_entity.setdefault(t, entity.key)


def _relate_owner(
    doc: Doc,
    entity: Entity,
    owner: Token,
    start: int,
    end: int,
    entities: list[Entity],
    by_key: dict[str, Entity],
    token_entity: dict[int, str],
    lex: Lexicon,
) -> None:
    """ "Ruritanian refugees": nationality; "Acme employees": members of Acme."""
    key = token_entity.get(owner.i)
    if key is None:
        country = lex.demonym_country(owner.text)
        if country is None:
            return  # "Hindu pilgrims": a faith, no nationality
        target = country_entity(doc, country, owner.i, entities, token_entity)
        by_key[target.key] = target
        entity.nationality = target.key
        return
    target = by_key[key]
    if vocab.is_a(target.type, "GeopoliticalEntity"):
        entity.nationality = key
    elif target.type in _BODY_TYPES:
        entity.relations.append(Relation("memberOf", key, text_span(doc, start, end)))
