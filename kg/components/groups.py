"""Unnamed participants: "security forces", "six people", "the contract", "a bomb".

News reports name few of the participants they describe: victims are "nine people",
attackers "a group of gunmen", the state "the authorities", and what is bought or attacked
"the contract", "two houses". The participant stage (:mod:`kg.components.participants`) asks
:class:`GroupRegistry` for the entity of every argument of every predicate that no named or
coreferent entity covers; the registry makes an unnamed :class:`kg.model.Entity`
(``named=False``) of its own for it and maps its tokens. The entity resolver's and the
coreference component's results are only read: the registry's entities, token map and the
relations it finds are its own lists, which the participant stage stores on the ``Doc``
(``doc._.kg_participants``, ``doc._.kg_participant_tokens``,
``doc._.kg_participant_relations``). A registry built with ``frozen=True`` only looks those
up again: the event extractor uses it, so it creates no entity.

Mentions with the same head and modifiers are one entity of the document ("the security
forces" ... "security forces"), and a named entity described by a common noun ("Ana Diaz, the
mayor", "Interior Minister Ana Diaz") owns that noun, so "the mayor" later in the text is Ana
Diaz, not a new group. Personal pronouns the coreference component left unresolved go to the
nearest fitting actor before them.

The registry also records what the text says about a group's members and leader: "the cell
she led" gives ``Relation("leaderOf", cell)`` on her, "members of the militia" gives the
members ``Relation("memberOf", militia)``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from spacy.tokens import Doc, Token

from kg import vocab
from kg.components.coref_sieves import pleonastic
from kg.components.event_lexicon import group_nouns, in_category
from kg.components.sentences import sentence_text, token_sentence
from kg.model import Entity, Mention, Relation, Span

_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70})
_NUMBERS.update({"eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a dozen": 12})
_HE = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_THEY = {"they", "them", "their", "themselves"}
_REFLEXIVE = {"himself", "herself", "themselves"}
_LEAD = {"head", "lead", "command", "run", "found", "direct"}
#: Entity classes of people and of bodies of people: those who act.
HUMAN_TYPES = frozenset({"Person", "Group", "Organization", "GovernmentBody"})
#: "it" and "its" of an organisation: the bodies they may stand for.
_IT = {"it", "its"}
_BODIES = {"Organization", "GovernmentBody"}


def number_value(text: str) -> int | None:
    """The integer a cardinal says: ``"nine"``, ``"345"``, ``"3,000"``, ``"2 million"``.

    >>> number_value("nine"), number_value("3,000"), number_value("1.5 million")
    (9, 3000, 1500000)
    >>> number_value("several") is None
    True
    """
    text = text.lower().strip()
    m = re.fullmatch(r"(\d+(?:[.,]\d+)*)(?:\s+(thousand|million))?", text)
    if m:
        raw = m[1]
        if m[2]:
            value = float(raw.replace(",", ""))
            return int(value * {"thousand": 1_000, "million": 1_000_000}[m[2]])
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            return int(raw.replace(",", ""))
        return int(raw) if raw.isdigit() else None
    return _NUMBERS.get(text)


def _numeric(token: Token) -> bool:
    return token.like_num or number_value(token.text) is not None


def count_of(token: Token) -> int | None:
    """The number a noun phrase counts ("nine people", "more than 300 residents")."""
    for child in token.children:
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "quantmod") and _numeric(child)):
            words = [t.text for t in child.subtree if _numeric(t) or t.text.lower() in ("million",)]
            value = number_value(" ".join(words)) if words else None
            if value is not None:
                return value
    return None


def follow_partitive(token: Token) -> Token:
    """The real head of "a total of nine people", "dozens of soldiers", "some of them".

    Uncounted "members/fighters/leaders of X" act for X ("fighters of the front attacked");
    counted ones are a group of their own ("six members of the cell died").
    """
    seen = 0
    while seen < 3 and (
        in_category(token.lemma_, "partitive")
        or token.pos_ == "NUM"
        or (in_category(token.lemma_, "memberof") and _bare(token))
    ):
        of = next((c for c in token.children if c.dep_ == "prep" and c.text.lower() == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is None:
            break
        token, seen = pobj, seen + 1
    return token


def _bare(token: Token) -> bool:
    """No determiner, number or modifier: "fighters of X", not "the arrested members of X"."""
    return not any(c.dep_ in ("det", "nummod", "amod", "compound", "poss") for c in token.children)


#: Endings of nouns for people ("protesters", "finalists", "civilians", "detainees").
HUMAN_SUFFIX = ("er", "or", "ist", "ian", "ant", "ent", "ary", "ee", "ive")
#: Heads of compound nouns for people ("businessman", "spokeswoman", "chairperson").
_PERSON_HEADS = ("man", "men", "woman", "women", "person", "people")


def _core_tokens(head: Token, mapped: Container[int] = ()) -> list[Token]:
    """Head noun plus its compounds and adjectives: the label of an unnamed entity.

    Tokens in ``mapped`` (already a mention of another entity, as "Interior Ministry" in
    "Interior Ministry security forces") are left out: they name that entity, not this one.
    """
    left = [
        t
        for t in head.lefts
        if t.dep_ in ("compound", "amod", "nmod")
        and not _numeric(t)
        and t.ent_type_ not in ("CARDINAL", "DATE", "ORDINAL")
        and t.pos_ != "ADV"
    ]
    tokens: list[Token] = []
    for t in left:
        tokens.extend(
            x for x in t.subtree if x.pos_ not in ("DET", "PUNCT", "ADV") and x.i not in mapped
        )
    return sorted(set(tokens) | {head}, key=lambda t: t.i)


def _phrase(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens).replace(" - ", "-")


class TokenEntities:
    """Token index -> entity key over the resolver's, coreference's and the registry's maps.

    Lookups try them in that order; writes go to the registry's own map only, and never
    shadow a token another component mapped.
    """

    def __init__(self, own: dict[int, str], *others: dict[int, str]) -> None:
        self.own = own
        self.maps = (*others, own)

    def get(self, i: int, default: str | None = None) -> str | None:
        for m in self.maps:
            key = m.get(i)
            if key is not None:
                return key
        return default

    def __contains__(self, i: object) -> bool:
        return any(i in m for m in self.maps)

    def __getitem__(self, i: int) -> str:
        key = self.get(i)
        if key is None:
            raise KeyError(i)
        return key

    def __iter__(self) -> Iterator[int]:
        return iter(sorted({i for m in self.maps for i in m}))

    def setdefault(self, i: int, key: str) -> str:
        found = self.get(i)
        if found is not None:
            return found
        self.own[i] = key
        return key


class GroupRegistry:
    """The unnamed participants of one document: created as the participant stage asks for
    them, or (``frozen``) read back from what that stage stored on the ``Doc``."""

    def __init__(self, doc: Doc, *, frozen: bool = False) -> None:
        self.doc = doc
        self.frozen = frozen
        self.named: list[Entity] = list(doc._.kg_entities or [])
        coref = doc._.kg_coref_token_entity if Doc.has_extension("kg_coref_token_entity") else None
        if frozen:
            self.own: list[Entity] = list(doc._.kg_participants or [])
            own_map = dict(doc._.kg_participant_tokens or {})
            self.relations: list[tuple[str, Relation]] = list(doc._.kg_participant_relations or [])
        else:
            self.own, own_map, self.relations = [], {}, []
        self.token_entity = TokenEntities(own_map, doc._.kg_token_entity or {}, coref or {})
        self.by_key = {e.key: e for e in (*self.named, *self.own)}
        self.by_core: dict[tuple[str, bool], str] = {}
        # a frozen registry only looks up what was made: it needs no descriptions
        self.descriptions = {} if frozen else self._descriptions()

    @property
    def entities(self) -> list[Entity]:
        """The named entities and the unnamed ones of this registry."""
        return [*self.named, *self.own]

    def add(self, entity: Entity) -> None:
        """A new unnamed entity of this document (the registry's own)."""
        self.own.append(entity)
        self.by_key[entity.key] = entity

    def unnamed_key(self) -> str:
        return f"g{sum(1 for e in self.entities if not e.named)}"

    # -- named entities described by common nouns -----------------------------------------

    def _descriptions(self) -> dict[str, str]:
        """Common noun -> the one named Person it describes in this document.

        From appositions ("Ana Diaz, the mayor") and titles before a name ("Mayor Ana Diaz"),
        plus the titles the entity resolver found. A noun describing two people is dropped.
        """
        found: dict[str, set[str]] = {}
        for entity in self.entities:
            if entity.type != "Person":
                continue
            for title in entity.titles:
                found.setdefault(title.lower().split()[-1], set()).add(entity.key)
        for i in self.token_entity:  # only the tokens an entity is mentioned by
            key = self.token_entity.get(i)
            if key is None or self.by_key.get(key) is None or self.by_key[key].type != "Person":
                continue
            for child in self.doc[i].children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    found.setdefault(child.lemma_.lower(), set()).add(key)
                title = child.dep_ == "compound" and child.i not in self.token_entity
                if title and group_nouns().get(child.lemma_.lower()) == "Person":
                    found.setdefault(child.lemma_.lower(), set()).add(key)
        return {noun: next(iter(keys)) for noun, keys in found.items() if len(keys) == 1}

    # -- resolution -------------------------------------------------------------------------

    def entity_of(
        self, token: Token, *, participant: bool = False, generic: bool = False
    ) -> str | None:
        """The entity an argument token denotes, creating an unnamed one if needed.

        ``participant`` says the token is an actor's slot (agent, or patient of an event
        done to people), where any plural noun may name a group. ``generic`` lets any other
        common noun phrase be an unnamed entity of class ``Thing`` ("the contract", "two
        tankers"): an argument of an event need not be an actor.
        """
        head = follow_partitive(token)
        key = self._entity_at(head, participant=participant, generic=generic)
        if key is None and head is not token and in_category(token.lemma_, "memberof"):
            # "members of a squad" that is no entity: the members are the actors
            key = self._entity_at(token, participant=participant, generic=generic)
        return key

    def _entity_at(self, token: Token, *, participant: bool, generic: bool) -> str | None:
        key = self.token_entity.get(token.i)
        if key is not None or self.frozen:
            return key
        key = self._resolve(token, participant=participant, generic=generic)
        if key is not None:
            self.token_entity.setdefault(token.i, key)  # the same answer when asked again
        return key

    def _resolve(self, token: Token, *, participant: bool, generic: bool) -> str | None:
        if token.pos_ == "PRON":
            return self._pronoun(token)
        for child in token.children:  # "Oscar Ruiz, the officer": the apposition's entity
            if child.dep_ == "appos" and child.i in self.token_entity:
                return self.token_entity[child.i]
        if token.pos_ == "NUM" and participant:
            return self._number_group(token)
        lemma = token.lemma_.lower()
        kind = group_nouns().get(lemma)
        plural_name = False
        if kind is None and token.pos_ == "PROPN" and lemma.endswith("s"):
            kind = group_nouns().get(lemma[:-1])  # "Guerrillas kidnapped": capitalised first word
            plural_name = kind is not None  # a plural all the same, whatever its tag
        if token.pos_ == "PROPN" and kind is None:
            key = self._short_name(token)
            if key is not None or not (generic and _generic_head(token, proper=True)):
                return key
            kind = "Thing"  # a name no entity is made of: "the Nikkei 225 fell 2%"
        if (
            kind is None
            and participant
            and token.tag_ == "NNS"
            and token.ent_type_ == ""
            and (lemma.endswith(HUMAN_SUFFIX) or count_of(token) is not None)
        ):
            kind = "Group"  # "met international dignitaries", "14 others were wounded"
        if kind is None and token.pos_ == "NOUN" and lemma.endswith(_PERSON_HEADS):
            kind = "Person"  # compounds of "man", "woman", "person": businessman, chairwoman
        if kind is None and generic and _generic_head(token):
            kind = "Thing"
        modifier = token.dep_ in ("compound", "amod") and kind in HUMAN_TYPES
        if kind is None or (token.pos_ not in ("NOUN", "PROPN") and not modifier):
            return None
        plural = (
            token.tag_ in ("NNS", "NNPS")
            or lemma in ("people", "police", "troop")
            or plural_name
            or (modifier and kind == "Person")  # "a rebel attack" is one by rebels
        )
        definite = any(
            c.dep_ == "det" and c.text.lower() in ("the", "this", "that") for c in token.children
        )
        if not plural and kind == "Person" and lemma in self.descriptions and definite:
            return self._map(token, self.descriptions[lemma])
        return self._group(token, kind, plural)

    def _short_name(self, token: Token) -> str | None:
        """A lone surname the resolver left unmapped: the one person whose name ends in it."""
        people = [
            e.key
            for e in self.entities
            if e.named
            and e.type == "Person"
            and len(e.label.split()) > 1
            and e.label.split()[-1] == token.text
        ]
        return self._map(token, people[0]) if len(people) == 1 else None

    def _map(self, token: Token, key: str) -> str:
        self.token_entity.setdefault(token.i, key)
        return key

    def _pronoun(self, token: Token) -> str | None:
        lower = token.text.lower()
        if lower in _REFLEXIVE:  # binding: "the men gave themselves up" are the men
            verb = token.head.head if token.dep_ == "pobj" else token.head
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or (subj.pos_ == "PRON" and subj.text.lower() in _REFLEXIVE):
                return None
            return self.entity_of(subj, participant=True)
        if lower in _HE:
            types = {"Person"}
        elif lower in _THEY:
            types = HUMAN_TYPES - {"Person"}
        elif lower in _IT and token.dep_ in ("nsubj", "poss") and not pleonastic(token):
            types = _BODIES  # "the company said it would", "the army and its allies"
        else:
            return None
        return self._antecedent(token, types)

    def _candidate(self, token: Token, types: set[str]) -> str | None:
        """The entity a token could be an antecedent for, registering a group if needed."""
        if types == _BODIES and token.tag_ != "NN":
            return None  # "it" is one body: "the company", not "the firms"
        key = self.token_entity.get(token.i)
        if key is not None:
            entity = self.by_key.get(key)
            if entity is None or entity.type not in types:
                return None
            if types == _BODIES and entity.named:
                return None  # a named antecedent of "it" is coreference's to find
            if types == {"Person"} and entity.count not in (None, 1):
                return None
            return key
        if token.pos_ != "NOUN":
            return None
        kind = group_nouns().get(token.lemma_.lower())
        if types == {"Person"}:  # "a security guard ... struck him": one person, unnamed
            if kind == "Person" and token.tag_ == "NN":
                return self.entity_of(token)
            return None
        if types == _BODIES:  # one organisation, unnamed: "the company", "the army"
            return self.entity_of(token) if kind in _BODIES else None
        if token.tag_ == "NNS" and kind in HUMAN_TYPES:
            return self.entity_of(token)
        return None

    def _antecedent(self, token: Token, types: set[str]) -> str | None:
        """The nearest earlier actor of the right kind (this and the previous sentence).

        A subject or possessive pronoun prefers an earlier subject ("The officer ... the
        group he led"); an object pronoun takes the nearest actor that is not the subject of
        its own clause ("Ana said the police arrested her": her is not the police).
        """
        sent_start = token_sentence(self.doc, token.i).start
        previous = token_sentence(self.doc, sent_start - 1).start if sent_start > 0 else 0
        is_object = token.dep_ in ("dobj", "pobj", "dative", "iobj")
        own_subject = None
        if is_object:
            verb = token.head if token.dep_ != "pobj" else token.head.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            own_subject = self.token_entity.get(subj.i) if subj is not None else None
        for start, stop in ((sent_start, token.i), (previous, sent_start)):
            best: tuple[int, int] | None = None
            best_key = None
            for i in range(stop - 1, start - 1, -1):
                t = self.doc[i]
                if t.dep_ == "compound" or t.pos_ == "PRON":
                    continue
                if i not in self.token_entity and not group_nouns().get(t.lemma_.lower()):
                    continue
                subject = any(a.dep_ in ("nsubj", "nsubjpass") for a in [t, *t.ancestors][:2])
                score = (0 if subject and not is_object else 1, token.i - i)
                if best is not None and score >= best:
                    continue
                key = self._candidate(t, types)
                if key is None or key == own_subject:
                    continue
                best, best_key = score, key
            if best_key is not None:
                return best_key
        return None

    # -- unnamed entities -------------------------------------------------------------------

    def _group(self, token: Token, kind: str, plural: bool) -> str:
        core = _core_tokens(token, self.token_entity)
        label = _phrase(core)
        lemma_key = " ".join(t.lemma_.lower() for t in core if t.ent_type_ != "NORP")
        if kind == "Person":
            kind = "Group" if plural else "Person"
        owner = self._possessor(token)
        count = count_of(token)
        ident = (lemma_key, plural)
        key = self.by_core.get(ident)
        if key is not None and count is not None:
            known = self.by_key[key].count
            if known is not None and known != count:  # "nine people" is not "six people"
                ident = (f"{lemma_key}#{count}", plural)
                key = self.by_core.get(ident, "")
        indefinite = any(
            c.dep_ == "det" and c.text.lower() in ("a", "an", "another") for c in token.children
        )
        if key is None and len(core) == 1 and not indefinite:
            # "the group" joins the one "terrorist group"; "a bomb" is a new one
            same_head = sorted(
                {
                    k
                    for (lk, pl), k in self.by_core.items()
                    if pl == plural and lk.endswith(lemma_key)
                }
            )
            key = same_head[0] if len(same_head) == 1 else None
        if key is None:
            for (lk, pl), k in self.by_core.items():  # "terrorist group" joins "the group"
                if pl == plural and len(lk.split()) == 1 and lemma_key.endswith(" " + lk):
                    key = k
                    break
        if not key:
            key = self.unnamed_key()
            label = self._unique_label(label, token, count)
            self.add(Entity(key=key, type=kind, label=label, named=False, count=count))
        entity = self.by_key[key]
        self.by_core.setdefault(ident, key)
        if entity.count is None and count is not None:
            entity.count = count
        self._mention(entity, token, core, owner)
        return key

    def _number_group(self, token: Token) -> str | None:
        """ "killing 107 or more": a bare number of victims is a counted group."""
        value = number_value(token.text)
        if value is None:
            return None
        tokens = [t for t in token.subtree if t.pos_ != "PUNCT"]
        label = self._unique_label(_phrase(tokens), token, value)
        key = self.unnamed_key()
        entity = Entity(key=key, type="Group", label=label, named=False, count=value)
        self.add(entity)
        self._mention(entity, token, [token], None)
        return key

    def _unique_label(self, label: str, head: Token, count: int | None) -> str:
        """A label no other unnamed entity of the document has: their IRIs derive from it.

        "people" (nine) and "people" (six) become "nine people" and "six people".
        """
        first = next((t for t in head.subtree if t.text == label.split()[0]), head)
        if first.i == token_sentence(self.doc, first.i).start and first.pos_ != "PROPN":
            label = label[:1].lower() + label[1:]  # "Government forces" opening a sentence
        taken = {e.label.lower() for e in self.entities if not e.named}
        if label.lower() not in taken:
            return label
        if count is not None:
            doc = self.doc
            counted = _phrase(
                [t for t in doc[head.left_edge.i : head.i + 1] if t.pos_ not in ("DET", "PUNCT")]
            )
            if counted.lower() not in taken:
                return counted
        n = 2
        while f"{label} {n}".lower() in taken:
            n += 1
        return f"{label} {n}"

    def _possessor(self, token: Token) -> str | None:
        poss = next((c for c in token.children if c.dep_ == "poss"), None)
        if poss is None:
            return None
        return self.token_entity.get(poss.i) or (
            self._pronoun(poss) if poss.pos_ == "PRON" else None
        )

    def _mention(self, entity: Entity, head: Token, core: list[Token], owner: str | None) -> None:
        doc = self.doc
        start, end = head.left_edge.i, head.i + 1
        # leading determiners, and another entity's mention with its possessive ("the
        # Kenyan army's security forces"): this mention starts after them
        while start < end - 1 and (
            doc[start].pos_ in ("DET", "PUNCT")
            or self.token_entity.get(doc[start].i, entity.key) != entity.key
            or (start > 0 and doc[start].tag_ == "POS" and start - 1 in self.token_entity)
        ):
            start += 1
        while end > start and doc[end - 1].pos_ == "PUNCT":
            end -= 1
        span = doc[start:end]
        for t in core:
            self.token_entity.setdefault(t.i, entity.key)
        mention = Mention(
            Span(span.start_char, span.end_char, span.text),
            sentence_text(head.doc, head.i),
            "unnamed",
        )
        if all(m.span.start != mention.span.start for m in entity.mentions):
            entity.mentions.append(mention)
            entity.mentions.sort(key=lambda m: m.span.start)
        names = {span.text, _phrase(core)}
        counted = [t for t in head.lefts if _numeric(t)] and _phrase(
            [t for t in doc[head.left_edge.i : head.i + 1] if t.pos_ not in ("DET", "PUNCT")]
        )
        if counted:
            names.add(counted)
        if owner is not None and owner in self.by_key and self.by_key[owner].named:
            names.add(f"{self.by_key[owner].label}'s {_phrase(core)}")
        for name in sorted(names):
            name = " ".join(re.sub(r"[()\[\]\u201c\u201d\"]", "", name).split())
            if name and name != entity.label and name not in entity.alt_labels:
                entity.alt_labels.append(name)
        self._relations(entity, head)

    def _relations(self, entity: Entity, head: Token) -> None:
        """leaderOf from "the group she led"; memberOf from "members of the militia"."""
        for child in head.children:
            if child.dep_ in ("relcl", "acl") and child.lemma_.lower() in _LEAD:
                subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
                leader = self.entity_of(subj) if subj is not None else None
                if leader and leader != entity.key:
                    self._relate(self.by_key[leader], "leaderOf", entity.key, head)
            if (
                child.dep_ == "prep"
                and child.text.lower() == "of"
                and head.lemma_.lower() == "member"
            ):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                target = self.entity_of(pobj) if pobj is not None else None
                if target and target != entity.key:
                    self._relate(entity, "memberOf", target, head)

    def _relate(self, entity: Entity, predicate: str, target: str, head: Token) -> None:
        """A relation on one of the registry's entities, or, for an entity another component
        made, in the registry's own list (its results are not written here)."""
        relation = Relation(predicate, target, sentence_text(head.doc, head.i))
        if all(e is not entity for e in self.own):
            if not any(
                k == entity.key and r.predicate == predicate and r.target == target
                for k, r in self.relations
            ):
                self.relations.append((entity.key, relation))
            return
        if not any(r.predicate == predicate and r.target == target for r in entity.relations):
            entity.relations.append(relation)

    def relations_of(self, key: str) -> list[Relation]:
        """What is known of an entity's relations: its own and those the registry found."""
        entity = self.by_key[key]
        return [*entity.relations, *(r for k, r in self.relations if k == key)]


#: Entity labels of values and times: "5%", "Tuesday" are no participants.
_VALUE_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}


def _generic_head(token: Token, *, proper: bool = False) -> bool:
    """Whether a noun can head a generic participant: a common noun (or, ``proper``, a name
    no entity was made of: a stock index), not a value or time."""
    return (
        token.pos_ in (("NOUN", "PROPN") if proper else ("NOUN",))
        and token.ent_type_ not in _VALUE_LABELS
        and token.text.replace("-", "").isalpha()
        and len(token.text) > 1
    )


def place_types() -> set[str]:
    """Entity classes that can fill the ``place`` role: kg:Place and below (kg.vocab)."""
    return set(vocab.place_classes())
