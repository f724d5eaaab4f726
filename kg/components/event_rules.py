"""Syntactic rules of event extraction: who fills which role, when, where, how certain.

Each function reads the dependency parse around one trigger token; none knows about any
particular article. They are kept apart from the component (:mod:`kg.components.events`)
so that each rule can be tested on a hand-built ``Doc``.

Conventions (spaCy's English dependency labels, ClearNLP style):

* active subject ``nsubj`` -> the row's ``subj`` role (agent; patient for "die"),
  passive subject ``nsubjpass`` -> patient, ``agent`` ("by X") -> agent, ``dobj`` -> patient;
* a missing subject is inherited: relative clauses take their head noun, ``xcomp`` and
  ``advcl`` and conjoined verbs take the governing verb's subject (object control for
  "ordered troops to attack"), a noun event takes the subject of its light verb ("led an
  attack", "began a confrontation") or of "participate in";
* conjuncts share the role of their first conjunct.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg import vocab
from kg.components.event_lexicon import TriggerRow, coarse_pos, group_nouns, in_category
from kg.components.groups import HUMAN_TYPES

RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}
#: Relative adverbs: their clause is set in its head noun's place or time, not done by it.
RELATIVE_ADVERBS = {"where", "when", "why", "whereby"}
#: Verbs whose object is the doer of their prepositional gerund, and that preposition:
#: "quoted X as saying", "accused X of shelling", "arrested X for killing", "charged X with".
OBJECT_CONTROL_BY = {
    "quote": "as",
    "cite": "as",
    "accuse": "of",
    "suspect": "of",
    "convict": "of",
    "blame": "for",
    "arrest": "for",
    "charge": "with",
}
OBJECT_CONTROL = {
    "order",
    "force",
    "ask",
    "urge",
    "tell",
    "help",
    "allow",
    "command",
    "lead",
    "persuade",
    "convince",
    "invite",
    "instruct",
    "encourage",
    "compel",
    "pressure",
}
QUANTITY_PREPS = {"over", "about", "around", "nearly", "almost", "some", "approximately"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within"}
DATE_PREPS = {"on", "in", "since", "during", "at", "by", "from", "until", "last", "this", "of"}
_STATEMENT_DEPS = ("ccomp", "parataxis")


#: Roles of prepositional objects of an open (untyped) event, after the patterns of English
#: grammar: "sold X to Y" (recipient), "fought against Y" (patient), "talks with Y".
OPEN_ROLES = {
    "VERB": {
        "to": "recipient",
        "against": "patient",
        "with": "participant",
        "from": "participant",
        "for": "participant",
        "into": "participant",
        "between": "participant",
        "among": "participant",
        "over": "participant",
    },
    "NOUN": {
        "to": "recipient",
        "on": "patient",
        "against": "patient",
        "for": "patient",
        "with": "participant",
        "between": "participant",
        "among": "participant",
        "from": "participant",
        "over": "participant",
    },
}


def open_row(token: Token) -> TriggerRow:
    """The lexicon row of a predicate outside the class lexicon: class ``Event``."""
    pos = "NOUN" if coarse_pos(token) == "NOUN" else "VERB"
    return TriggerRow(
        lemma=token.lemma_.lower(), pos=pos, cls="Event", cameo="", roles=dict(OPEN_ROLES[pos])
    )


def unaccusative(verb: Token, verbs: frozenset[str]) -> bool:
    """An intransitive use of an unaccusative verb (one of ``verbs``): its subject undergoes
    the event ("shares fell", "he died"), it does not do it."""
    return verb.lemma_.lower() in verbs and not any(
        c.dep_ in ("dobj", "obj", "dative") for c in verb.children
    )


def default_roles(pos: str) -> dict[str, str]:
    """Slots every event has; "with" is kept as a participant, which the event component
    turns into the instrument when it is a weapon or an artifact ("with grenades")."""
    if pos == "NOUN":
        return {"poss": "agent", "of": "patient", "by": "agent", "with": "participant"}
    return {"subj": "agent", "obj": "patient", "by": "agent", "with": "participant"}


def conjuncts(token: Token) -> Iterator[Token]:
    """The token and the tokens coordinated with it ("X, Y and Z")."""
    yield token
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            yield from conjuncts(child)


def pobj_of(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def is_passive(verb: Token, *, depth: int = 0) -> bool:
    """A passive verb: marked by its dependents, or a bare past participle whose auxiliary
    English leaves out: the complement of "were reported killed", "got arrested", and a
    conjunct of a passive ("14 were killed and 30 wounded").
    """
    if any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children):
        return True
    if depth > 6 or verb.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if verb.dep_ == "xcomp":
        return True
    return verb.dep_ == "conj" and is_passive(verb.head, depth=depth + 1)


def subject_of(verb: Token, *, depth: int = 0) -> tuple[Token | None, bool, str]:
    """The subject of a verb, even when the parse leaves it implicit.

    Returns ``(token, passive, how)``: ``passive`` says the token is the verb's patient
    (a passive subject or the noun a passive participle modifies); ``how`` names the rule.
    """
    if depth > 6:
        return None, False, "none"
    passive = is_passive(verb)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.text.lower() in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head, passive, "relcl"
            return child, passive, "subj"
    for child in verb.children:  # "over 345 pilgrims were killed": "over" misread as a PP
        if child.dep_ == "prep" and child.i < verb.i and child.text.lower() in QUANTITY_PREPS:
            target = pobj_of(child)
            if target is not None and any(c.dep_ == "nummod" for c in target.children):
                return target, passive, "subj"
    head = verb.head
    if head.i == verb.i:
        return None, passive, "none"
    dep = verb.dep_
    if dep == "relcl":
        if any(c.dep_ == "advmod" and c.text.lower() in RELATIVE_ADVERBS for c in verb.children):
            return None, passive, "none"  # "the house where he was killed": a setting
        return head, passive, "relcl"
    if dep in ("acl", "amod") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head, verb.tag_ == "VBN" or passive, "participle"
    if dep == "acomp" or (dep == "xcomp" and verb.pos_ == "ADJ"):
        found, p, _ = subject_of(head, depth=depth + 1)
        return found, p, "copula"
    if dep == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = next((c for c in head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj, passive, "object-control"
        found, p, _ = subject_of(head, depth=depth + 1)
        return found, passive or (p and head.pos_ == "ADJ"), "control"
    if dep == "pcomp":  # "quoted the governor as saying", "accused the rebels of shelling"
        controller = _prepositional_controller(head)
        if controller is not None:
            return controller, passive, "object-control"
    if dep in ("advcl", "conj", "pcomp"):
        gov = head.head if dep == "pcomp" else head
        if dep == "advcl" and in_category(gov.lemma_, "saying"):
            return None, passive, "none"  # a speaker is not the doer of adverbial events
        if gov.pos_ in ("VERB", "AUX"):
            found, p, _ = subject_of(gov, depth=depth + 1)
            if dep == "conj" and found is not None:
                return found, passive or p, "conj"
            return found, passive, dep
    return None, passive, "none"


def _prepositional_controller(prep: Token) -> Token | None:
    """The object of an :data:`OBJECT_CONTROL_BY` verb whose preposition ``prep`` is, on the
    verb or (as the parser often hangs it) on that object: "accused [the rebels of ...]"."""
    word, gov = prep.text.lower(), prep.head
    if OBJECT_CONTROL_BY.get(gov.lemma_.lower()) == word:
        return next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if gov.dep_ in ("dobj", "nsubjpass") and OBJECT_CONTROL_BY.get(gov.head.lemma_.lower()) == word:
        return gov
    return None


#: Classes whose patient is harmed in body, life or property (the ontology's kg:harmsPatient).
HARMS_PATIENT = vocab.flagged("harmsPatient")


def violent(cls: str) -> bool:
    """An attack or a harm: what such an event is done with is its instrument.

    >>> violent("Bombing"), violent("Killing"), violent("Sale")
    (True, True, False)
    """
    return vocab.is_a(cls, "Attack") or cls in HARMS_PATIENT


def actor_modifier(token: Token) -> bool:
    """A modifier of an attack noun that names who attacks: a word for an actor ("rebel",
    "police", "army") or a name or nationality ("Israeli strikes", "Front attacks")."""
    if token.dep_ not in ("compound", "amod", "nmod"):
        return False
    if token.ent_type_ in ("NORP", "ORG", "GPE"):
        return True
    return token.pos_ in ("NOUN", "ADJ") and group_nouns().get(token.lemma_.lower()) in HUMAN_TYPES


def weapon_compound(token: Token) -> bool:
    """A compound modifier that names a weapon ("rocket" in "a rocket attack").

    >>> import spacy
    >>> doc = spacy.blank("en")("a rocket attack")
    >>> doc[1].dep_, doc[1].lemma_ = "compound", "rocket"
    >>> weapon_compound(doc[1]), weapon_compound(doc[0])
    (True, False)
    """
    return token.dep_ == "compound" and in_category(token.lemma_.lower(), "weapon")


def armed_with(noun: Token) -> Token | None:
    """The weapon of "gunmen armed with rifles" (what the actor carries does its deed)."""
    for child in noun.children:
        if child.dep_ in ("acl", "amod") and child.lemma_.lower() == "arm":
            return next(
                (
                    pobj_of(p)
                    for p in child.children
                    if p.dep_ == "prep" and p.text.lower() == "with"
                ),
                None,
            )
    return None


def small_clause(verb: Token) -> tuple[Token | None, list[Token]]:
    """The subject and the prepositions of an adjective small clause, which the parser
    hangs on the adjective: in "found the men guilty of murder" the men are the verb's
    object and "of murder" is its phrase (exceptional case marking, as in "declared the
    area safe")."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.pos_ == "ADJ":
            subject = next((g for g in child.children if g.dep_ == "nsubj"), None)
            if subject is not None:
                return subject, [g for g in child.children if g.dep_ == "prep"]
    return None, []


def course_phrases(noun: Token, roles: dict[str, str]) -> list[tuple[str, Token]]:
    """The phrases of a verb said of an event noun's course, as the noun's: in "fighting
    resumed between the army and the rebels" the two sides fight."""
    verb = noun.head
    if noun.dep_ != "nsubj" or not in_category(verb.lemma_, "aspectual"):
        return []
    out = []
    for child in verb.children:
        word = child.text.lower()
        if (
            child.dep_ == "prep"
            and word in ("between", "with", "against", "among")
            and word in roles
        ):
            target = pobj_of(child)
            if target is not None:
                out.append((roles[word], target))
    return out


def copular_role(noun: Token) -> tuple[str, Token] | None:
    """A role the subject of a copula gives an event noun: "X was behind the bombing",
    "X was responsible for the attack" (X did it); "X was the victim (target) of an
    attack" (it was done to X)."""
    if noun.dep_ != "pobj":
        return None
    prep, word = noun.head, noun.head.text.lower()
    if word == "behind":
        copula, role = prep.head, "agent"
    elif word == "for" and prep.head.lemma_.lower() in ("responsible", "accountable"):
        copula, role = prep.head.head, "agent"
    elif (
        word == "of"
        and prep.head.lemma_.lower() in ("victim", "target")
        and prep.head.dep_ == "attr"
    ):
        copula, role = prep.head.head, "patient"
    else:
        return None
    if copula.lemma_.lower() != "be":
        return None
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    return (role, subject) if subject is not None else None


def reduced_light_passive(noun: Token) -> Token | None:
    """The by-agent of a light verb's past participle on an event noun: in "the attack,
    carried out by X," (a reduced passive relative clause) X did the attack."""
    for child in noun.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and in_category(child.lemma_, "light"):
            return next((pobj_of(c) for c in child.children if c.dep_ == "agent"), None)
    return None


def light_verb(noun: Token) -> Token | None:
    """The verb whose object a noun event is ("led an attack", "took part in talks")."""
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and in_category(head.lemma_, "light"):
        return head  # also "the attack was carried out by X", "talks were held"
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if head.text.lower() == "in" and (
            in_category(verb.lemma_, "partof") or verb.lemma_.lower() == "part"
        ):
            return verb.head if verb.lemma_.lower() == "part" else verb
    return None


def governor(token: Token) -> Token:
    """The verb that governs a trigger's time and place: itself, or its light verb."""
    if coarse_pos(token) == "NOUN":
        verb = light_verb(token)
        if verb is not None:
            return verb
    return token


def _own_object(verb: Token) -> bool:
    """Whether a verb has a direct object of its own (a passive one is ditransitive)."""
    return any(c.dep_ in ("dobj", "obj") for c in verb.children)


def slots(
    token: Token, row: TriggerRow, *, unaccusatives: frozenset[str] = frozenset()
) -> tuple[list[tuple[str, Token]], str]:
    """The (role, argument head) pairs of a trigger, and the rule that found the subject.

    The subject of an open event whose verb is one of ``unaccusatives``, used without an
    object, is its patient ("prices rose").
    """
    pos = coarse_pos(token)
    roles = default_roles("NOUN" if pos == "NOUN" else "VERB") | row.roles
    found: list[tuple[str, Token]] = []
    how = "none"
    if pos == "NOUN":
        for child in token.children:
            if child.dep_ == "poss" and "poss" in roles:
                found.append((roles["poss"], child))
            elif child.dep_ in ("prep", "agent") and child.text.lower() in roles:
                target = pobj_of(child)
                if target is not None:
                    found.append((roles[child.text.lower()], target))
        how = "noun"
        if not any(r == "agent" for r, _ in found) and row.cls not in ("Death", "Injury"):
            doer = reduced_light_passive(token)  # "the attack, carried out by X, ..."
            if doer is not None:
                found.append(("agent", doer))
            verb = light_verb(token)  # "caused two deaths": a cause, not an agent
            if verb is not None and token.dep_ == "nsubjpass":  # "was carried out by X"
                by = next((pobj_of(c) for c in verb.children if c.dep_ == "agent"), None)
                if by is not None:
                    found.append(("agent", by))
                    how = "light-verb"
            elif verb is not None:
                subj, passive, _ = subject_of(verb)
                if subj is not None and not passive:
                    found.append(("agent", subj))
                    how = "light-verb"
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            found.append(("patient", token.head))
        found += course_phrases(token, roles)  # "fighting resumed between X and Y"
        copular = copular_role(token)  # "X was behind the bombing", "the victim of"
        if copular is not None and not any(r == copular[0] for r, _ in found):
            found.append(copular)
        # "a rocket attack", "car bomb attacks": a weapon named before the noun is its means
        if violent(row.cls):  # a "gun sale" sells guns: not a means
            found += [("instrument", c) for c in token.lefts if weapon_compound(c)]
        if vocab.is_a(row.cls, "Attack") and not any(r == "agent" for r, _ in found):
            # "a rebel attack", "a police raid", "Israeli strikes": the actor before the noun
            found += [("agent", c) for c in token.lefts if actor_modifier(c)]
    else:
        subj, passive, how = subject_of(token)
        if subj is not None and not passive and violent(row.cls):
            weapon = armed_with(subj)
            if weapon is not None:
                found.append(("instrument", weapon))
        if subj is not None:
            undergoer = row.cls == "Event" and unaccusative(token, unaccusatives)
            if passive and how == "subj" and _own_object(token):
                found.append(("recipient", subj))  # "was sent a parcel": the one it went to
            elif passive or undergoer:
                found.append(("patient", subj))
            else:
                found.append((roles.get("subj", "agent"), subj))
        has_obj = False
        clause_subject, clause_preps = small_clause(token)
        for child in [*token.children, *clause_preps]:
            dep = child.dep_
            if dep in ("dobj", "obj") and "obj" in roles:
                found.append((roles["obj"], child))
                has_obj = True
            elif dep == "agent":
                target = pobj_of(child)
                if target is not None:
                    found.append(("agent", target))
            elif dep in ("dative", "iobj"):  # "gave them", "gave it to them"
                target = pobj_of(child) if child.pos_ == "ADP" else child
                if target is not None:
                    found.append(("recipient", target))
            elif dep == "prep" and child.text.lower() in roles and child.text.lower() != "by":
                target = pobj_of(child)
                if target is not None:
                    found.append((roles[child.text.lower()], target))
        if clause_subject is not None and not has_obj and "obj" in roles:
            found.append((roles["obj"], clause_subject))  # "found [the men guilty]"
            has_obj = True
        own_subject = any(
            c.dep_ == "nsubj" and c.text.lower() not in RELATIVE_PRONOUNS for c in token.children
        )
        if how == "relcl" and subj is not None and not passive and not has_obj and own_subject:
            # "the group he headed": the head noun fills the object gap
            found = [(r, t) for r, t in found if t.i != token.head.i]
            if "obj" in roles:
                found.append((roles["obj"], token.head))
    out: list[tuple[str, Token]] = []
    for role, head in found:
        for conj in conjuncts(head):
            out.append((role, conj))
    return out, how


# -- modality --------------------------------------------------------------------------------


def negated(token: Token) -> bool:
    """ "did not cause", "never arrived", "no one was arrested", "no attack", "refused to go"."""
    if token.dep_ in ("xcomp", "acl") and token.head.i != token.i:
        gov = token.head
        if token.dep_ == "acl" and gov.dep_ in ("dobj", "nsubjpass"):
            gov = gov.head  # "denied visas to enter"
        if in_category(gov.lemma_, "prevent"):
            return True
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.text.lower() in ("never",)):
            return True
        if child.dep_ == "det" and child.text.lower() in ("no", "neither"):
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
            g.dep_ == "det" and g.text.lower() == "no" for g in child.children
        ):
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and child.text.lower() in ("nobody", "none"):
            return True
    return False


def none_of(noun: Token) -> bool:
    """ "did not cause any injuries": an event noun that a negated verb says none of."""
    if coarse_pos(noun) != "NOUN" or noun.dep_ not in ("dobj", "obj", "nsubjpass"):
        return False
    quantified = any(c.dep_ == "det" and c.text.lower() == "any" for c in noun.children)
    return quantified and negated(noun.head)


def present_tense(verb: Token) -> bool:
    """A finite present: "says", "are trading", or the present perfect of news ("has said").

    News uses the present perfect for what has just happened (the "hot news" perfect), so
    it is dated like the present.
    """
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBZ", "VBP"):
        return not auxes
    if verb.tag_ in ("VBG", "VBN") and auxes:
        first = auxes[0]
        if first.tag_ not in ("VBZ", "VBP"):
            return False
        return first.lemma_.lower() == ("be" if verb.tag_ == "VBG" else "have") or (
            verb.tag_ == "VBN" and first.lemma_.lower() == "be"  # "is expected", "are sold"
        )
    return False


def modality(token: Token, *, depth: int = 0) -> str:
    """asserted | hypothetical | intended | future, from auxiliaries and governing verbs."""
    if depth > 6:
        return "asserted"
    for child in token.children:
        lemma = child.lemma_.lower()
        if child.dep_ == "aux" and child.text.lower() in (
            "would",
            "could",
            "might",
            "may",
            "should",
        ):
            return "hypothetical"
        if child.dep_ == "aux" and (
            in_category(child.text.lower(), "futureaux") or in_category(lemma, "futureaux")
        ):
            return "future"
        if child.dep_ == "mark" and in_category(child.text.lower(), "hypothetical"):
            return "hypothetical"
    head = token.head
    dep = token.dep_
    if head.i == token.i:
        return "asserted"
    if dep in ("xcomp", "acl") and head is not token:
        lemma = head.lemma_.lower()
        if in_category(lemma, "intend"):
            inner = modality(head, depth=depth + 1)
            return inner if inner in ("hypothetical",) else "intended"
        if in_category(lemma, "future"):
            return "future"
        if in_category(lemma, "hypothetical"):
            return "hypothetical"  # "appears to be wounded"
        if lemma == "be" and dep == "xcomp":
            return "future"  # "the talks are to resume"
    if dep in ("xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "pobj", "dobj", "prep"):
        gov = head
        if dep == "pobj":
            gov = head.head
        if gov.pos_ in ("VERB", "AUX", "ADJ") or dep in ("xcomp", "dobj"):
            inner = modality(gov, depth=depth + 1)
            if inner != "asserted" and (dep != "relcl"):
                return inner
    return "asserted"


# -- reported speech -------------------------------------------------------------------------


def reported_clause(statement: Token) -> Token | None:
    """The clause a verb of saying reports: its ``ccomp``, or the clause it is parenthetical to.

    "X said that Y happened" -> "happened"; "'Y happened,' X said" is often parsed with
    "happened" as the root and "said" as ``parataxis``/``ccomp`` of it.
    """
    for child in statement.children:
        if child.dep_ in _STATEMENT_DEPS and child.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            return child
    if statement.dep_ == "parataxis" and statement.i > statement.head.i:
        return statement.head
    return None


def according_to(token: Token) -> tuple[Token, Token] | None:
    """For "according to X": (the clause it qualifies, X)."""
    if token.text.lower() != "according":
        return None
    to = next((c for c in token.children if c.dep_ == "prep" and c.text.lower() == "to"), None)
    source = pobj_of(to) if to is not None else None
    if source is None:
        return None
    clause = token.head
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head.i != clause.i:
        if clause.pos_ in ("VERB", "AUX"):
            break
        clause = clause.head
    return clause, source


def within(token: Token, root: Token) -> bool:
    """Whether ``token`` sits in the subtree of ``root``."""
    return root.left_edge.i <= token.i <= root.right_edge.i and (
        token.i == root.i or root in token.ancestors
    )


# -- time and place --------------------------------------------------------------------------


def date_expressions(token: Token) -> list[str]:
    """Time expressions attached to a trigger's clause: "on Tuesday", "last month"."""
    found: list[str] = []
    if (
        token.dep_ == "relcl"
        and token.head.ent_type_ in ("DATE", "TIME")
        and any(c.dep_ == "advmod" and c.text.lower() == "when" for c in token.children)
    ):
        found.append(_entity_text(token.head))  # "since last June, when he dropped ..."
    for child in token.children:
        if child.dep_ in ("ccomp", "parataxis", "relcl", "acl", "advcl", "xcomp", "conj"):
            continue
        if child.ent_type_ in ("DATE", "TIME") and child.dep_ in (
            "npadvmod",
            "advmod",
            "tmod",
            "nmod",
            "obl",
            "dobj",
        ):
            found.append(_entity_text(child))
        elif child.dep_ == "prep" and child.text.lower() in DATE_PREPS | {"for"}:
            target = pobj_of(child)
            if target is not None and target.ent_type_ in ("DATE", "TIME"):
                found.append(f"{child.text} {_entity_text(target)}")
                # "for nine hours on Sunday": the day hangs on the duration
                found.extend(date_expressions(target))
        elif child.dep_ == "advmod" and child.text.lower() in ("yesterday", "today", "tomorrow"):
            found.append(child.text)
    return found


def _entity_text(token: Token) -> str:
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_type_ == token.ent_type_:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def place_candidates(token: Token) -> Iterator[tuple[int, Token]]:
    """Objects of locative prepositions under a trigger, with their depth in the chain.

    "in a house in the neighborhood of Ribera": the house (depth 0), the neighborhood (1)
    and Ribera (2); the caller keeps the most specific place entity.
    """
    for child in token.children:
        if child.dep_ == "prep" and child.text.lower() in PLACE_PREPS:
            target = pobj_of(child)
            if target is not None and target.ent_type_ not in ("DATE", "TIME"):
                yield from _place_chain(target, 0)
        if child.dep_ == "advmod" and child.text.lower() == "where" and token.dep_ == "relcl":
            yield from _place_chain(token.head, 0)


def place_chain(token: Token) -> list[tuple[int, Token]]:
    """A place phrase and the places nested in it ("villages near Dravik")."""
    return list(_place_chain(token, 0))


def _place_chain(token: Token, depth: int) -> Iterator[tuple[int, Token]]:
    if depth > 4:
        return
    yield depth, token
    for child in token.children:
        if child.dep_ == "appos":
            yield depth + 1, child
        if child.dep_ == "prep" and child.text.lower() in PLACE_PREPS | {"of"}:
            target = pobj_of(child)
            if target is not None:
                yield from _place_chain(target, depth + 1)


# -- predicate and quantity ------------------------------------------------------------------

#: Entity labels of amounts an event can be of ("rose 5%", "sold for $2 billion").
QUANTITY_LABELS = ("MONEY", "PERCENT", "QUANTITY")
_QUANTITY_DEPS = ("dobj", "npadvmod", "attr", "advmod", "nummod", "obj", "oprd")
_QUANTITY_PREPS = {"by", "to", "from", "for", "at", "of"}


def predicate_name(token: Token) -> str:
    """The predicate's lemma, with a verb's particle: "blow up", "set off", "sell"."""
    lemma = token.lemma_.lower()
    if coarse_pos(token) == "VERB":
        particles = [c.text.lower() for c in token.children if c.dep_ == "prt"]
        if particles:
            return " ".join([lemma, *particles])
    return lemma


def quantity(token: Token) -> str | None:
    """The first amount a trigger governs: "fell 5%", "rose by 2 percent", "a $3 billion deal"."""
    for child in token.children:
        span = None
        if child.ent_type_ in QUANTITY_LABELS and child.dep_ in (*_QUANTITY_DEPS, "compound"):
            span = child
        elif child.dep_ == "prep" and child.text.lower() in _QUANTITY_PREPS:
            target = pobj_of(child)
            if target is not None and target.ent_type_ in QUANTITY_LABELS:
                span = target
        if span is not None:
            return _entity_text(span)
    return None
