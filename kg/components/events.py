"""Event extraction: trigger words from a lexicon, roles from the dependency parse.

Stores ``Doc._.kg_events`` (a list of :class:`kg.model.Event`). Roles point at entity keys
from ``Doc._.kg_token_entity`` (set by the entity resolver); unnamed participants ("security
forces", "six people") become unnamed entities through :mod:`kg.components.groups`.

Steps, each a general rule (:mod:`kg.components.event_rules`):

1. **Triggers**: a token whose lemma and part of speech are in ``kg/data/triggers.tsv`` and
   whose row condition holds ("fire" only with "at/on"). "According to X" is an attribution,
   not an event: what it qualifies is ``reported_by`` X.
2. **Roles** from the parse (active, passive, prepositions, nouns, light verbs, control,
   relative clauses, coordination), then **word sense**: an "attack" by a news medium, "in an
   editorial", or on an idea is an Accusation.
3. **Reported speech**: a statement's ``topic`` is the event of its complement clause (or its
   object noun: "confirmed the death of X"). Events in a reported *clause* get
   ``reported_by`` = the speaker and modality ``reported``; an event named by a noun object
   ("confirmed the death") is presupposed by the sentence, so it keeps its modality and only
   gets ``reported_by``.
4. **Modality**: negation sets ``polarity``; would/could/if -> hypothetical, want/plan to ->
   intended, will/scheduled to -> future. These outrank "reported".
5. **Time and place**: date expressions of the trigger's clause resolved against the
   publication date (:func:`kg.dates.resolve`), inherited from the event whose clause contains
   it; places from locative phrases, else the dateline.
6. **Count**: the number of the patient (or the agent of an intransitive) for deaths,
   injuries, arrests and the like; "two fatalities" counts itself.
7. **One happening, one event**: "the attack" after an attack, "in the deadliest assault"
   describing the attack just told, and a second arrest of the same person are merged.
8. **Shape**: an event keeps only if it has an agent, patient, participant or topic (the
   ontology's shape for ``kg:Event``); speakerless statements are dropped.

Confidence is the base value of the rule that found the subject (``CONFIDENCE``), lowered
for a missing agent, a shifted word sense or a place taken from the dateline; ``Event.rule``
names the trigger's part of speech and that rule (``verb-subj``, ``noun-light-verb``,
``verb-control+verbal-sense``, ...).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import spacy.symbols
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg import vocab
from kg.components import event_rules as rules
from kg.components.event_lexicon import (
    TriggerRow,
    coarse_pos,
    group_nouns,
    in_category,
    trigger_row,
)
from kg.components.groups import (
    HUMAN_SUFFIX,
    GroupRegistry,
    count_of,
    follow_partitive,
    number_value,
    place_types,
)
from kg.components.predicates import (
    VALUE_LABELS,
    PredicateLexicon,
    UsesPredicateLexicon,
    model_verbs,
    noun_predicate,
    verb_predicate,
)
from kg.components.sentences import (
    sentence_number,
    sentence_text,
    sentences,
    token_sentence,
)
from kg.dates import resolve
from kg.model import Argument, Entity, Event, Mention, Span

for _name in (  # kg_meta: the document's metadata (kg.pipeline)
    "kg_events",
    "kg_meta",
    "kg_participants",
    "kg_participant_tokens",
    "kg_participant_relations",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

#: Behaviour of event classes, read from the ontology's annotations (kg.vocab), so that a new
#: class declares it in kg.ttl: classes whose count is the number of people they befall,
#: classes whose participants act together ("A and B negotiated" = A negotiated with B), and
#: classes done to people (a verb whose object is a thing has another sense).
COUNTED = vocab.flagged("countsAffected")
SYMMETRIC = vocab.flagged("symmetricParticipants")
HUMAN_PATIENT = vocab.flagged("humanPatient")
#: spaCy's universal POS ids of the words that can be predicates (or "according to").
_CONTENT_POS = {
    spacy.symbols.VERB,
    spacy.symbols.AUX,
    spacy.symbols.NOUN,
    spacy.symbols.PROPN,
    spacy.symbols.ADJ,
}
#: Roles of which a typed event needs one: the class says what happened to whom.
TYPED_ROLES = {"agent", "patient", "participant", "topic", "recipient", "instrument"}
#: Named-entity labels inside which a word is part of a name, not a trigger.
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}
#: Base confidence of each rule that finds an event's subject.
CONFIDENCE = {
    "subj": 0.8,
    "relcl": 0.7,
    "participle": 0.65,
    "control": 0.7,
    "object-control": 0.65,
    "conj": 0.7,
    "advcl": 0.6,
    "pcomp": 0.6,
    "copula": 0.7,
    "noun": 0.7,
    "light-verb": 0.65,
    "according-to": 0.75,
    "none": 0.55,
}
#: Classes of no person or group of people: "released a report" is no release of a person.
_NOT_HUMAN = {"Thing", "Artifact", "Weapon", *vocab.place_classes()}
#: Classes of things that cannot act: they are no agent of a typed event.
_INANIMATE = {"Thing", "Artifact"}
#: Place classes that cannot receive anything ("went to the city" names a goal).
_MERE_PLACES = {"Place", "City", "Facility"}
_TIME_SUFFIX = re.compile(r"\s+(?:night|morning|afternoon|evening)$", re.I)


@dataclass(frozen=True, slots=True)
class EventOptions:
    """The switchable rules of the event layer (each a config key of both components).

    ``open_events``: every verb and event noun outside the class lexicon is an event (the
    open layer); ``generic_participants``: argument phrases that are no actor, place or
    artifact become kg:Thing participants; ``present_dates``: an undated present-tense event
    holds at the publication date; ``unaccusatives``: the subject of an intransitive
    unaccusative verb ("prices rose") is its patient; ``retold_mentions``: a later mention
    of a typed event told before ("the attack", "signed a deal") stays an open event of its
    own (the typed layer keeps one event per happening either way);
    ``threatened_acts_open``: the act a threat names ("threatened to kill") is no typed
    event, only the Threat is (as CAMEO codes it); ``attack_victims``: those killed,
    injured, dead or ruined in an attack or through it ("killed in a bombing") are its
    patients when it names none.
    """

    open_events: bool = True
    generic_participants: bool = True
    present_dates: bool = True
    unaccusatives: bool = True
    retold_mentions: bool = True
    threatened_acts_open: bool = True
    attack_victims: bool = True


#: The config keys of the event and participant components, with their defaults.
DEFAULT_CONFIG = {
    "open_events": True,
    "generic_participants": True,
    "present_dates": True,
    "unaccusatives": True,
    "retold_mentions": True,
    "threatened_acts_open": True,
    "attack_victims": True,
    "predicate_lexicon": None,
}


@dataclass(slots=True)
class _Frame:
    """An event under construction, tied to its trigger token."""

    token: Token
    cls: str
    rule: str
    args: list[tuple[str, Token]] = field(default_factory=list)
    event: Event | None = None
    topic_roots: list[Token] = field(default_factory=list)
    sense: str | None = None
    row_roles: dict[str, str] = field(default_factory=dict)  # the lexicon row's own slots
    phrase_nouns: frozenset[str] = frozenset()  # object nouns of a multiword trigger
    predicate: str = ""  # the lexicon's predicate in full ("blow up", "set fire to")


class EventLayerComponent(UsesPredicateLexicon):
    """What the participant stage and the event extractor share: the rule switches of
    :class:`EventOptions` (their config keys) and the predicate lexicon."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        open_events: bool = True,
        generic_participants: bool = True,
        present_dates: bool = True,
        unaccusatives: bool = True,
        retold_mentions: bool = True,
        threatened_acts_open: bool = True,
        attack_victims: bool = True,
        predicate_lexicon: str | None = None,
    ) -> None:
        self.name = name
        self.options = EventOptions(
            open_events,
            generic_participants,
            present_dates,
            unaccusatives,
            retold_mentions,
            threatened_acts_open,
            attack_victims,
        )
        self._load_lexicon(nlp, predicate_lexicon)


@Language.factory(
    "kg_event_extractor",
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos", "doc._.kg_participants"],
    assigns=["doc._.kg_events"],
    default_config=DEFAULT_CONFIG,
)
class EventExtractor(EventLayerComponent):
    """Every predicate as an event, typed where the class lexicon knows its sense.

    ``open_events`` switches the open layer (verbs and event nouns outside the class
    lexicon, typed only ``kg:Event``); ``predicate_lexicon`` is a path to a TSV in the form
    of ``kg/data/predicates.tsv`` (default: the packaged one), saved with the pipeline.
    Participants are looked up in what ``kg_participants`` made; this component makes none.
    """

    def __call__(self, doc: Doc) -> Doc:
        registry = GroupRegistry(doc, frozen=True)  # the participants kg_participants made
        doc._.kg_events = _Extractor(doc, self.lexicon, registry, self.options).run()
        return doc


def extract_events(
    doc: Doc, lexicon: PredicateLexicon | None = None, options: EventOptions | None = None
) -> list[Event]:
    """All events of a parsed ``Doc``, after the participant stage if it has not run."""
    lexicon = lexicon or _default_lexicon()
    options = options or EventOptions()
    if doc._.kg_participants is None:  # a Doc the participant stage has not seen (tests)
        find_participants(doc, lexicon, options)
    registry = GroupRegistry(doc, frozen=True)
    return _Extractor(doc, lexicon, registry, options).run()


def find_participants(
    doc: Doc, lexicon: PredicateLexicon | None = None, options: EventOptions | None = None
) -> None:
    """Make the unnamed participants of every predicate's arguments (the participant stage).

    The predicates and their argument slots are found exactly as the event extractor finds
    them (the same :class:`_Extractor` walks the parse, with a registry that may create
    entities); the events of this walk are dropped, only the registry's entities, token map
    and relations are kept on the ``Doc``.
    """
    lexicon = lexicon or _default_lexicon()
    registry = GroupRegistry(doc)
    _Extractor(doc, lexicon, registry, options or EventOptions()).run()
    doc._.kg_participants = registry.own
    doc._.kg_participant_tokens = dict(registry.token_entity.own)
    doc._.kg_participant_relations = registry.relations


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> PredicateLexicon:
    """The packaged lexicon with the default model's verbs (for Docs made outside a pipeline)."""
    from kg.nlp import load_model

    return PredicateLexicon.load(None, model_verbs(load_model()))


class _Extractor:
    def __init__(
        self,
        doc: Doc,
        lexicon: PredicateLexicon,
        registry: GroupRegistry,
        options: EventOptions,
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.options = options
        self.unaccusatives = (
            lexicon.classes.get("unaccusative", frozenset())
            if options.unaccusatives
            else frozenset()
        )
        self.groups = registry
        meta = doc._.kg_meta or {}
        self.anchor = _anchor(meta.get("date"))
        self.dateline = meta.get("dateline")
        self.frames: dict[int, _Frame] = {}
        self._keys: list[int] = []
        self._keys_of: dict[int, _Frame] | None = None
        self.restated: list[tuple[_Frame, _Frame]] = []
        self.retold: list[_Frame] = []  # typed mentions of an event told before (see run)
        # "signed a deal": the noun's own mention, with the frame of its verb
        self.mentions: list[tuple[int, Event, _Frame]] = []
        self.speakers: list[tuple[int, str]] = []  # (token index, entity) of each speaker
        self._set_aside: dict[int, list[Argument]] = {}  # inanimate agents of typed events

    # -- 1. triggers --------------------------------------------------------------------

    def triggers(self) -> None:
        doc = self.doc
        pos = doc.to_array("POS")  # only content words can be predicates: skip the rest fast
        for i in range(len(doc)):
            if pos[i] not in _CONTENT_POS:
                continue
            token = doc[i]
            source = rules.according_to(token)
            if source is not None:
                clause, speaker = source
                frame = _Frame(token, "Statement", "according-to")
                frame.args.append(("agent", speaker))
                frame.topic_roots.append(clause)
                self.frames[token.i] = frame
                continue
            if token.ent_type_ in NAME_LABELS or token.ent_type_ in VALUE_LABELS:
                continue  # "Attack Squadron", "in March": a name or a date, not a happening
            row = trigger_row(token)
            if row is not None and not self._plausible(token, row):
                row = None
            if row is None:
                if not self.options.open_events or not self._open_predicate(token):
                    continue
                row = rules.open_row(token)
            args, how = rules.slots(token, row, unaccusatives=self.unaccusatives)
            frame = _Frame(token, row.cls, f"{coarse_pos(token).lower()}-{how}", args)
            frame.sense = getattr(row, "sense", None) or None
            frame.row_roles = row.roles
            frame.predicate = getattr(row, "predicate", "") or ""
            frame.phrase_nouns = frozenset(  # "set fire to", "stabbed to death", "on fire":
                w.rsplit("/", 1)[-1]  # the noun is part of the trigger
                for c in row.requires
                if c.kind in ("dobj", "pobj") and not c.negated
                for w in c.words
            )
            if row.cls == "Statement" or row.cls == "Threat" or row.cls == "Accusation":
                frame.topic_roots.extend(self._topic_roots(token, row))
            self.frames[token.i] = frame

    def _plausible(self, token: Token, row: TriggerRow) -> bool:
        pos = coarse_pos(token)
        if pos == "NOUN" and token.dep_ == "compound":
            return False  # "death toll", "peace talks delegation"
        if token.dep_ == "amod" and pos == "VERB":
            return (
                False  # "the arrested members": a participant described by an event told elsewhere
            )
        if row.cls in HUMAN_PATIENT and pos == "VERB" and not self._human_object(token):
            return False  # "executed the sentence", "released a report": another sense
        if row.cls == "Statement" and token.lemma_.lower() in ("add", "insist"):
            return rules.reported_clause(token) is not None
        # a capitalised compound is part of a name ("Attack Squadron")
        return not (token.tag_ in ("NNP", "NNPS") and token.is_title and token.dep_ == "compound")

    def _drop_phrase_nouns(self) -> None:
        """The object noun of a multiword trigger ("set fire to", "open fire on", "stabbed
        to death", "set it on fire") is part of that trigger, not an event of its own."""
        for i, frame in list(self.frames.items()):
            token = frame.token
            if coarse_pos(token) != "NOUN" or token.dep_ not in ("dobj", "obj", "pobj"):
                continue
            verb = self.frames.get(token.head.i)
            if token.dep_ == "pobj":  # "to death" on the verb, or on its object
                gov = token.head.head
                verb = self.frames.get(gov.i)
                if verb is None and gov.dep_ in ("dobj", "obj"):
                    verb = self.frames.get(gov.head.i)
            if verb is not None and token.lemma_.lower() in verb.phrase_nouns:
                del self.frames[i]
                verb.args = [(r, h) for r, h in verb.args if h.i != token.i]
                if frame.cls == verb.cls:  # "signed a deal": the deal is the signing's event,
                    self.mentions.append(  # told by its noun too (an open event of it)
                        (
                            token.i,
                            Event(
                                key="",
                                type="Event",
                                trigger=_span(token),
                                sentence=_sentence(token),
                                predicate=rules.predicate_name(token),
                                sense=frame.sense,
                                rule="noun-retold",
                            ),
                            verb,
                        )
                    )

    def _open_predicate(self, token: Token) -> bool:
        """A verb or event noun outside the class lexicon (:mod:`kg.components.predicates`)."""
        if token.pos_ == "VERB":
            if token.lemma_.lower() == "take" and any(
                c.dep_ == "dobj" and c.lemma_.lower() == "part" for c in token.children
            ):
                return False  # "took part in": the event is what they took part in
            return verb_predicate(token, self.lexicon)
        if token.lemma_.lower() in group_nouns():
            return False  # "the delegation", "the administration": people, not a happening
        return noun_predicate(token, self.lexicon)

    def _human_object(self, token: Token) -> bool:
        """Whether a verb's direct object (if any) can be a person or a group of people."""
        obj = next((c for c in token.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None or obj.pos_ in ("PROPN", "PRON", "NUM"):
            return True
        obj = follow_partitive(obj)
        key = self.groups.token_entity.get(obj.i)
        kind = self._entity(key).type if key is not None else "Thing"
        if kind != "Thing":  # a generic phrase says nothing: the noun itself decides below
            return kind not in _NOT_HUMAN
        if obj.ent_type_ in ("PERSON", "NORP", "ORG"):
            return True
        lemma = obj.lemma_.lower()
        kind = group_nouns().get(lemma)
        if kind is not None:
            return kind not in place_types()  # "captured the town" is no arrest
        return lemma.endswith((*HUMAN_SUFFIX, "man", "woman", "person")) or obj.pos_ != "NOUN"

    def _topic_roots(self, token: Token, row: TriggerRow) -> list[Token]:
        roots: list[Token] = []
        if row.cls == "Statement":
            clause = rules.reported_clause(token)
            if clause is not None:
                roots.append(clause)
        for child in token.children:
            if row.cls in ("Threat",) and child.dep_ == "xcomp":
                roots.append(child)
            if child.dep_ == "prep" and row.roles.get(child.text.lower()) == "topic":
                target = rules.pobj_of(child)
                if target is not None:
                    roots.append(target)
        return roots

    # -- 2. roles and entities ----------------------------------------------------------

    def build(self) -> None:
        for i in sorted(self.frames):
            frame = self.frames[i]
            token = frame.token
            arguments: list[Argument] = []
            topic_tokens: list[Token] = []
            for role, head in frame.args:
                if role == "topic" or (frame.cls == "Statement" and role == "patient"):
                    topic_tokens.append(head)
                    continue
                inner = follow_partitive(head)
                measure = (  # "sales fell", "profit rose": an amount, not a happening
                    role == "patient"
                    and vocab.is_a(frame.cls, "QuantityChange")
                    and in_category(inner.lemma_.lower(), "quantity")
                )
                if inner.i in self.frames and not measure:
                    if role != "agent":  # "blocked the sale": the sale is what was blocked
                        topic_tokens.append(head)
                    continue  # an event is no agent ("the attack shocked everyone")
                participant = role == "agent" or (
                    role == "patient" and frame.cls not in ("Theft", "Statement", "Event")
                )  # an open event's object is no actor: "sold 250" are no 250 people
                key = None
                if frame.cls == "Statement" and role == "agent" and head.pos_ == "PRON":
                    key = self._last_speaker(head)  # "..., he added": the speaker so far
                if key is None:
                    key = self.groups.entity_of(
                        head, participant=participant, generic=self.options.generic_participants
                    )
                if key is None:
                    continue
                if frame.cls == "Statement" and role == "agent":
                    self.speakers.append((token.i, key))
                kind = self._entity(key).type
                if role == "place" and kind not in place_types():
                    continue
                if role == "recipient" and kind in _MERE_PLACES:
                    continue  # "went to the city": a goal, not a recipient
                if (
                    (kind == "Weapon" and (role != "patient" or rules.violent(frame.cls)))
                    or (kind == "Artifact" and role == "participant")
                    or (kind == "Artifact" and role == "agent" and rules.violent(frame.cls))
                ):
                    # "a bomb killed", "attacked with grenades", "threw grenades", "aircraft
                    # bombed two villages"; what is sold, seized or found stays the patient
                    role = "instrument"
                elif role == "agent" and kind in _INANIMATE and frame.cls != "Event":
                    # a typed event's agent is an actor ("visas to travel" is none); kept
                    # aside, it comes back if the event ends up open (see _keep)
                    self._set_aside.setdefault(id(frame), []).append(Argument("agent", key))
                    continue
                elif (
                    role == "participant"
                    and frame.cls != "Event"
                    and "with" not in frame.row_roles
                    and head.head.text.lower() == "with"
                    and kind in _INANIMATE
                ):
                    continue  # "attacked with impunity": a manner, not a participant
                if not any(a.role == role and a.target == key for a in arguments):
                    arguments.append(Argument(role, key))
            frame.topic_roots.extend(topic_tokens)
            if frame.cls in SYMMETRIC:
                agents = [a for a in arguments if a.role == "agent"]
                for extra in agents[1:]:
                    extra.role = "patient"
            natural = _natural_cause(frame)
            cls = natural or self._sense(frame, arguments)
            subject_rule = frame.rule.split("-", 1)[1] if "-" in frame.rule else "none"
            confidence = CONFIDENCE.get(subject_rule, 0.6)
            if cls != frame.cls:
                confidence *= 0.8
                frame.rule += "+natural-cause" if natural else "+verbal-sense"
            if not any(a.role == "agent" for a in arguments) and cls not in ("Death", "Injury"):
                confidence -= 0.1
            frame.cls = cls
            frame.event = Event(
                key="",
                type=cls,
                trigger=_span(token),
                sentence=_sentence(token),
                arguments=arguments,
                predicate=frame.predicate or rules.predicate_name(token),
                sense=frame.sense,
                quantity=rules.quantity(token),
                polarity="negative"
                if rules.negated(token)
                or rules.negated(rules.governor(token))
                or rules.none_of(token)
                else "positive",
                modality=rules.modality(token),
                confidence=round(max(0.05, min(confidence, 1.0)), 2),
                rule=frame.rule,
            )
            if id(frame) in self._set_aside:  # keyed by the event from now on
                self._set_aside[id(frame.event)] = self._set_aside.pop(id(frame))

    def _last_speaker(self, pronoun: Token) -> str | None:
        """The latest speaker of the last three sentences who fits a pronoun's kind.

        News continues a quotation with "he added", "she said": the pronoun is the speaker
        being quoted, even when another person was named in between.
        """
        kinds = {"he", "she", "him", "her"}
        sents = sentences(self.doc)
        index = sentence_number(self.doc, pronoun.i)
        start = sents[max(0, index - 3)].start
        for i, key in reversed(self.speakers):
            if i < start or i >= pronoun.i:
                continue
            entity = self._entity(key)
            if pronoun.text.lower() in kinds and entity.type != "Person":
                continue
            return key
        return None

    def _entity(self, key: str) -> Entity:
        return self.groups.by_key[key]

    def _sense(self, frame: _Frame, arguments: list[Argument]) -> str:
        """A word with a verbal sense ("attack") used of a medium, speech or idea: Accusation.

        Only for lemmas listed as ``verbal`` in ``event_senses.tsv``: "the magazine attacked
        defectors", "attacked the plan", "attacked her rivals in a speech".
        """
        token = frame.token
        if frame.cls != "Attack" or not in_category(token.lemma_, "verbal"):
            return frame.cls
        for role, head in frame.args:
            if role == "agent" and _words_in(head, "media"):
                return "Accusation"
            if role == "patient" and in_category(head.lemma_, "abstract"):
                return "Accusation"
        if coarse_pos(token) == "VERB":
            for child in token.children:
                if child.dep_ == "prep" and child.text.lower() in (
                    "in",
                    "during",
                    "through",
                    "via",
                ):
                    target = rules.pobj_of(child)
                    if target is not None and in_category(target.lemma_, "speech"):
                        return "Accusation"
                if child.dep_ == "prep" and child.text.lower() == "as":
                    return "Accusation"  # "attacked the plan as reckless"
        for arg in arguments:
            entity = self._entity(arg.target)
            if arg.role == "agent" and any(
                in_category(w.lower(), "media") for w in entity.label.split()
            ):
                return "Accusation"
        return "Attack"

    # -- 3. topics and reported speech --------------------------------------------------

    def topics(self) -> None:
        for frame in self.frames.values():
            event = frame.event
            if event is None:
                continue
            speaker = next((a.target for a in event.arguments if a.role == "agent"), None)
            for root in frame.topic_roots:
                inner = self._top_events(root, exclude=frame.token)
                clausal = root.pos_ in ("VERB", "AUX", "ADJ") or root.dep_ in (
                    "ccomp",
                    "parataxis",
                    "xcomp",
                    "ROOT",
                )
                for sub in inner:
                    if sub.event is None or sub is frame or sub.token in frame.token.ancestors:
                        continue
                    arg = Argument("topic", sub.event.key, is_event=True)
                    if all(a.target != arg.target for a in event.arguments if a.is_event):
                        event.arguments.append(arg)
                if frame.cls == "Threat" and not event.role("patient"):
                    self._threatened(frame, inner)
                if frame.cls == "Threat" and self.options.threatened_acts_open:
                    self._untype_threatened(root, frame)
                if speaker is not None and _claims_responsibility(frame.token):
                    for sub in inner:  # "X claimed responsibility for the attack": X did it
                        if sub.event is not None and speaker not in sub.event.role("agent"):
                            sub.event.arguments.append(Argument("agent", speaker))
                if frame.cls not in ("Statement",) or speaker is None:
                    continue
                for _, sub in self._all_events(root, exclude=frame.token):
                    if sub.event is None or sub.event.reported_by is not None:
                        continue
                    sub.event.reported_by = speaker
                    if clausal and sub.event.modality == "asserted":
                        sub.event.modality = "reported"

    def _threatened(self, frame: _Frame, inner: list[_Frame]) -> None:
        """ "threatened to kill the hostages": the threat is against the hostages."""
        event = frame.event
        for sub in inner:
            if sub.event is not None and sub.event.role("patient"):
                event.arguments.append(Argument("patient", sub.event.role("patient")[0]))
                return
        for child in frame.token.children:
            if child.dep_ != "xcomp":
                continue
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            key = self.groups.entity_of(obj, participant=True) if obj is not None else None
            if key is not None:
                event.arguments.append(Argument("patient", key))
                return

    def _untype_threatened(self, root: Token, frame: _Frame) -> None:
        """What a threat names ("threatened to kill the hostages if he was not freed") has
        not happened and is not planned: as CAMEO codes it, the event is the Threat (13),
        whose topic stays an open event of its predicate."""
        for _, sub in self._all_events(root, exclude=frame.token):
            event = sub.event
            if event is not None and event.type not in ("Event", "Statement") and sub is not frame:
                self._open(event, "+threatened")

    def _top_events(self, root: Token, *, exclude: Token) -> list[_Frame]:
        """Events in ``root``'s subtree not governed by another event inside it."""
        top = []
        for tok, f in self._all_events(root, exclude=exclude):
            nested = tok.dep_ in ("advcl", "mark") and tok.i != root.i
            for anc in tok.ancestors:
                if anc.i == root.i or not rules.within(anc, root):
                    break
                if (anc.i in self.frames and anc.i != exclude.i) or anc.dep_ == "advcl":
                    nested = True  # governed by another event, or a condition ("if ...")
                    break
            if not nested:
                top.append(f)
        return top

    def _frame_keys(self) -> list[int]:
        """The sorted token indices of the frames (recomputed when the frames change)."""
        if self._keys_of is not self.frames or len(self._keys) != len(self.frames):
            self._keys, self._keys_of = sorted(self.frames), self.frames
        return self._keys

    def _all_events(self, root: Token, *, exclude: Token) -> list[tuple[Token, _Frame]]:
        # only frames between the subtree's edges can be in it: linear, not quadratic, in
        # the length of the document
        found: list[tuple[Token, _Frame]] = []
        seen: set[int] = set()
        keys = self._frame_keys()
        lo, hi = bisect_left(keys, root.left_edge.i), bisect_right(keys, root.right_edge.i)
        for i in keys[lo:hi]:
            f = self.frames[i]
            inside = i != exclude.i and rules.within(self.doc[i], root)
            if inside and id(f) not in seen:
                seen.add(id(f))
                found.append((self.doc[i], f))
        return found

    # -- 4. time, place, count ---------------------------------------------------------

    def time_place_count(self) -> None:
        # the participant walk needs only the places (they can make participants)
        participants_only = not self.groups.frozen
        for i in sorted(self.frames):
            frame = self.frames[i]
            event = frame.event
            if event is None:
                continue
            gov = rules.governor(frame.token)
            if not participants_only:
                self._date(frame, gov)
            own = [a for a in event.arguments if a.role == "place"]
            place_heads = [h for r, h in frame.args if r == "place"]
            if own and place_heads:  # "evacuated from villages near Dravik": most specific
                chain = [c for h in place_heads for c in rules.place_chain(h)]
                better = self._best_place(chain)
                if better is not None:
                    event.arguments = [a for a in event.arguments if a.role != "place"]
                    event.arguments.append(Argument("place", better))
            elif not own:
                place = self._frame_place(frame, gov)
                if place is not None:
                    event.arguments.append(Argument("place", place))
            if not participants_only and (event.type in COUNTED or event.count is None):
                event.count = self._count(frame)

    def _date(self, frame: _Frame, gov: Token) -> None:
        """The first date expression of the event's clause that resolves."""
        event = frame.event
        future = event.modality in ("future", "intended", "hypothetical")
        expressions = rules.date_expressions(gov)
        if gov is not frame.token:
            expressions += rules.date_expressions(frame.token)
        for role, head in frame.args:  # "attacked by fighters on Monday": PP on the noun
            if role in ("agent", "patient") and head.pos_ in ("NOUN", "PROPN"):
                expressions += rules.date_expressions(head)
        for expression in expressions:
            value = self._resolve(expression, future=future)
            if value:
                event.date = value
                break

    def _resolve(self, expression: str, *, future: bool) -> str | None:
        expression = _TIME_SUFFIX.sub("", expression)
        if self.anchor is None:
            if not re.search(r"\b(?:1[89]|20)\d{2}\b", expression):
                return None
            return resolve(expression, dt.date(2000, 1, 1), future=future)
        return resolve(expression, self.anchor, future=future)

    def _place(self, token: Token) -> str | None:
        return self._best_place(list(rules.place_candidates(token)))

    def _best_place(self, candidates: list[tuple[int, Token]]) -> str | None:
        """The most specific named place among candidates, else an unnamed one ("villages")."""
        best: tuple[int, int, str] | None = None
        for depth, cand in candidates:
            key = self.groups.token_entity.get(cand.i)
            if key is None:
                continue
            entity = self._entity(key)
            if entity.type not in place_types():
                continue
            rank = (0 if entity.named else 1, -depth, key)
            if best is None or rank < best:
                best = rank
        if best is not None:
            return best[2]
        for _depth, cand in candidates:
            key = self.groups.entity_of(cand)
            if key is not None and self._entity(key).type in place_types():
                return key
        return None

    def _frame_place(self, frame: _Frame, gov: Token) -> str | None:
        """Place of an event: its locative phrases, its light verb's, then its arguments'."""
        place = self._place(frame.token)
        if place is None and gov is not frame.token:
            place = self._place(gov)
        if place is None:  # "attacked by fighters near the town": PP hung on the noun
            for role, head in frame.args:
                if role in ("agent", "patient") and head.pos_ in ("NOUN", "PROPN"):
                    place = self._place(head)
                    if place is not None:
                        break
        return place

    def _count(self, frame: _Frame) -> int | None:
        token = frame.token
        if coarse_pos(token) == "NOUN":
            own = count_of(token)
            if own is not None:
                return own
        if frame.cls not in COUNTED:
            return None
        for role, head in frame.args:
            if role in ("patient",) or (role == "agent" and frame.cls in ("Death", "Injury")):
                head = follow_partitive(head)
                value = count_of(head)
                if value is None and head.pos_ == "NUM":
                    value = number_value(head.text)  # "killing 107 or more"
                if value is not None:
                    return value
                key = self.groups.token_entity.get(head.i)
                group = self._entity(key) if key is not None else None
                if group is not None and not group.named and group.count is not None:
                    return group.count
        return None

    # -- 5. inheritance, anaphora, output ----------------------------------------------

    def inherit_dates(self) -> None:
        """An event without a date takes the date of the event whose clause contains it.

        Not across a reported clause (the report's date is not the event's) nor out of a
        relative clause on a plain noun ("the officer, who claimed X, last month led ...").
        """
        governed = {rules.governor(f.token).i: f for f in self.frames.values()}
        for i in sorted(self.frames):
            frame = self.frames[i]
            if frame.event is None or frame.event.date is not None:
                continue
            if self._date_from_setting(frame):
                continue
            future = frame.event.modality in ("future", "intended", "hypothetical")
            child = self.doc[i]
            for anc in child.ancestors:
                outer = self.frames.get(anc.i) or governed.get(anc.i)
                reporting = (outer is not None and outer.cls == "Statement") or in_category(
                    anc.lemma_, "saying"
                )
                if child.dep_ in ("ccomp", "parataxis") and reporting:
                    break  # the date of a report is not the date of what it reports
                if child.dep_ in ("relcl", "acl", "appos") and outer is None:
                    break
                if outer is not None and outer.event is not None:
                    if outer.cls != "Statement" and outer.event.date:
                        frame.event.date = outer.event.date
                    break
                if anc.pos_ in ("VERB", "AUX"):  # a plain verb's clause dates its events
                    expressions = rules.date_expressions(anc)
                    for subj in anc.children:  # "A storm yesterday caused ...": on the noun
                        if subj.dep_ in ("nsubj", "nsubjpass") and subj.pos_ == "NOUN":
                            expressions += rules.date_expressions(subj)
                    value = self._first_date(expressions, future=future)
                    if value:
                        frame.event.date = value
                        break
                child = anc

    def present_dates(self) -> None:
        """An undated event told in the present tense holds at the publication date.

        News reports in the present what holds as it is written ("the company says",
        "shares are trading lower"): TimeML's annotators link such events to the document's
        creation time. Past and future events without a date stay undated.
        """
        if self.anchor is None or not self.options.present_dates:
            return
        for frame in self.frames.values():
            event = frame.event
            if event is None or event.date is not None or event.modality != "asserted":
                continue
            if rules.present_tense(frame.token):
                event.date = self.anchor.isoformat()

    def _date_from_setting(self, frame: _Frame) -> bool:
        """ "died in the ambush": an event inside another takes its date and place."""
        event = frame.event
        for child in frame.token.children:
            if child.dep_ != "prep" or child.text.lower() not in ("in", "during", "after"):
                continue
            target = rules.pobj_of(child)
            setting = self.frames.get(target.i) if target is not None else None
            if setting is None or setting is frame or setting.event is None:
                continue
            if child.text.lower() != "after" and not event.role("place"):
                event.arguments.extend(a for a in setting.event.arguments if a.role == "place")
            if setting.event.date and child.text.lower() != "after":
                event.date = setting.event.date
                return True
        return False

    def _first_date(self, expressions: list[str], *, future: bool) -> str | None:
        for expression in expressions:
            value = self._resolve(expression, future=future)
            if value:
                return value
        return None

    def dateline_place(self) -> None:
        """Events placed nowhere in their sentence happened at the dateline's place."""
        if not self.dateline:
            return
        key = self._dateline_entity()
        start, end = self._dateline_paragraph()
        for frame in self.frames.values():
            if not start <= frame.token.idx < end:
                continue
            event = frame.event
            if event is None or any(a.role == "place" for a in event.arguments):
                continue
            if event.type in ("Statement", "Accusation", "Threat"):
                continue
            sent_places = [
                t
                for t in token_sentence(self.doc, frame.token.i)
                if t.i in self.groups.token_entity
                and self._entity(self.groups.token_entity[t.i]).type in place_types()
                and self._entity(self.groups.token_entity[t.i]).named
            ]
            if sent_places:
                continue
            event.arguments.append(Argument("place", key))
            event.confidence = round(max(0.05, event.confidence - 0.1), 2)

    def _dateline_paragraph(self) -> tuple[int, int]:
        """Character range of the paragraph the dateline opens (the lead)."""
        text = self.doc.text
        name = " ".join(self.dateline.split())
        pos = text.find(name.upper())
        if pos < 0:
            pos = 0  # ingest strips the dateline: the lead paragraph opens the text
        end = text.find("\n", pos)
        return pos, len(text) if end < 0 else end

    def _dateline_entity(self) -> str:
        name = " ".join(self.dateline.split())
        for entity in self.groups.entities:
            labels = {entity.label.lower(), *(a.lower() for a in entity.alt_labels)}
            if entity.type in place_types() and name.lower() in labels:
                return entity.key
        key = "dateline"
        if key in self.groups.by_key:  # made by the participant stage
            return key
        label = name.title() if name.isupper() else name
        entity = Entity(key=key, type="City", label=label, mentions=[])
        # its evidence: the name in the body ("CARACAS" dateline, "in Caracas" later), if any;
        # ingest has cut the dateline itself off the text
        found = re.search(rf"\b{re.escape(name)}\b", self.doc.text, re.IGNORECASE)
        if found is not None:
            tokens = self.doc.char_span(*found.span(), alignment_mode="expand")
            if tokens is not None:
                entity.mentions.append(
                    Mention(
                        Span(found.start(), found.end(), found.group()),
                        sentence_text(self.doc, tokens.start),
                        "dateline",
                    )
                )
        self.groups.add(entity)
        return key

    def run(self) -> list[Event]:
        self.triggers()
        self._drop_phrase_nouns()
        self.build()
        self._drop_anaphora()
        events: list[Event] = []
        seen: set[int] = set()
        told = [(i, f.event) for i, f in sorted(self.frames.items()) if f.event is not None]
        if not self.options.retold_mentions:
            self.retold, self.mentions = [], []
        told += [(f.token.i, f.event) for f in self.retold if f.event is not None]
        told += [(i, event) for i, event, _verb in self.mentions]
        for _, event in sorted(told, key=lambda pair: pair[0]):
            if id(event) not in seen:
                seen.add(id(event))
                events.append(event)
        for frame in self.retold:  # the open layer keeps every mention, the typed layer one
            if frame.event is not None and frame.event.type != "Event":
                self._open(frame.event, "+retold")
        for n, event in enumerate(events):
            event.key = f"v{n}"
        self.topics()
        self.time_place_count()
        if self.groups.frozen:  # dates make no participant: the participant walk skips them
            self.inherit_dates()
            self.present_dates()
        self._merge_restated()
        if self.options.attack_victims:
            self._victims_of_attacks()
        for _, mention, verb in self.mentions:  # "did not sign a deal": nor is there a deal
            if verb.event is not None:
                mention.polarity, mention.modality = verb.event.polarity, verb.event.modality
                mention.date = verb.event.date
        kept = events
        while True:  # dropping an event can leave a topic-only event with nothing: repeat
            keys = {e.key for e in kept}
            for event in kept:
                event.arguments = [a for a in event.arguments if not a.is_event or a.target in keys]
            still = [e for e in kept if self._keep(e)]
            if len(still) == len(kept):
                break
            kept = still
        self.frames = {
            i: f for i, f in self.frames.items() if f.event is not None and f.event.key in keys
        }
        self.dateline_place()
        return kept

    def _drop_anaphora(self) -> None:
        """One happening told twice is one typed event (its later mentions stay open events).

        A bare definite event noun ("the attack") names the latest earlier event of its
        class; a later event of the same class done to the same patient, by no other agent
        ("police arrested X ... X was detained at his home"), restates an earlier one: its
        date and place go to the first telling.
        """
        seen: dict[str, list[_Frame]] = {}
        for i in sorted(self.frames):
            frame = self.frames[i]
            token = frame.token
            event = frame.event
            if event is None:
                continue
            if frame.cls == "Event":
                continue  # open events are not merged: "the deal" may be another deal
            kind = frame.cls
            # "a bomb exploded ... the attack": a kind of the noun's class is told before it
            earlier = sorted(
                (f for cls, fs in seen.items() if vocab.is_a(cls, kind) for f in fs),
                key=lambda f: f.token.i,
            )
            bare = coarse_pos(token) == "NOUN" and not event.arguments
            definite = any(
                c.dep_ == "det" and c.text.lower() in ("the", "this", "that")
                for c in token.children
            )
            main = self._told_first(frame, earlier, bare=bare, definite=definite)
            if main is not None:
                self.frames[i] = main
                self.retold.append(frame)
                continue
            seen.setdefault(kind, []).append(frame)

    def _told_first(
        self, frame: _Frame, earlier: list[_Frame], *, bare: bool, definite: bool
    ) -> _Frame | None:
        """The earlier frame that ``frame`` tells again, if any (see :meth:`_drop_anaphora`);
        a restatement with roles of its own is kept for :meth:`_merge_restated`."""
        if bare and definite and earlier:
            return earlier[0]  # the first telling is the main one
        told = self._told_before(frame, earlier) if definite else None
        if told is None:
            setting = self._setting_of(frame.token)
            if setting is not None and setting.cls == frame.cls and setting is not frame:
                return setting  # "attacked ..., in the deadliest assault this year"
            if frame.cls != "Statement":  # two reporting clauses are two statements
                told = self._restated(frame, earlier)
        if told is not None:
            self.restated.append((told, frame))
        return told

    def _told_before(self, frame: _Frame, earlier: list[_Frame]) -> _Frame | None:
        """The earlier event a definite event noun with arguments refers back to.

        A demonstrative ("this attack on aid workers") points to the latest earlier event of
        its class; "the" does when the noun shares a participant with it ("led an attack on
        the barracks ... charged over the assault on the barracks") or names no patient of
        its own ("the attack was carried out by X": X joins that event's agents). A
        statement is never a restatement: two reporting clauses are two statements.
        """
        token = frame.token
        if frame.cls == "Statement" or coarse_pos(token) != "NOUN" or not earlier:
            return None
        if any(c.dep_ == "det" and c.text.lower() in ("this", "that") for c in token.children):
            return earlier[-1]
        mine = set(frame.event.role("agent")) | set(frame.event.role("patient"))
        for old in reversed(earlier):
            theirs = set(old.event.role("agent")) | set(old.event.role("patient"))
            if mine & theirs:
                return old
        if not frame.event.role("patient"):  # "the attack was carried out by X": that attack
            return earlier[-1]
        return None

    def _setting_of(self, token: Token) -> _Frame | None:
        """The event whose "in"/"during" phrase a noun event is."""
        if coarse_pos(token) != "NOUN" or token.dep_ != "pobj":
            return None
        prep = token.head
        if prep.text.lower() not in ("in", "during"):
            return None
        return self.frames.get(prep.head.i)

    def _restated(self, frame: _Frame, earlier: list[_Frame]) -> _Frame | None:
        event = frame.event
        patients = set(event.role("patient"))
        agents = set(event.role("agent"))
        if not patients or event.modality != "asserted" or event.polarity != "positive":
            return None
        for old in reversed(earlier):
            if old.event is None or old.event.modality not in ("asserted", "reported"):
                continue
            if patients & set(old.event.role("patient")) and (
                not agents or agents & set(old.event.role("agent"))
            ):
                return old
        return None

    def _merge_restated(self) -> None:
        for first, again in self.restated:
            self._fill(again)
            if first.event is None or again.event is None:
                continue
            if first.event.date is None:
                first.event.date = again.event.date
            if not first.event.role("place"):
                first.event.arguments.extend(a for a in again.event.arguments if a.role == "place")
            agents = first.event.role("agent")  # "the attack was carried out by X": X did it
            first.event.arguments.extend(
                a for a in again.event.arguments if a.role == "agent" and a.target not in agents
            )

    def _victims_of_attacks(self) -> None:
        """ "Two people were killed in a bombing", "the blast injured 14": those a killing,
        death, injury or destruction befalls in an attack, or through it, are the attack's
        patients when it names none of its own (so "killed in a suicide bombing" is a typed
        bombing)."""
        for i, frame in sorted(self.frames.items()):
            event, token = frame.event, frame.token
            if event is None or token.i != i or coarse_pos(token) != "NOUN":
                continue
            if not vocab.is_a(event.type, "Attack") or event.role("patient"):
                continue
            harm = self._setting_of(token)
            if harm is None and token.dep_ == "nsubj":
                harm = self.frames.get(token.head.i)
            if harm is None or harm.event is None or harm.event.type not in rules.HARMS_PATIENT:
                continue
            victims = [Argument("patient", key) for key in harm.event.role("patient")]
            if victims:
                event.arguments.extend(victims)
                event.rule += "+victims"

    def _fill(self, frame: _Frame) -> None:
        """Date and place of a restated event's own telling (it is not in ``frames``)."""
        event = frame.event
        if event is None:
            return
        future = event.modality in ("future", "intended", "hypothetical")
        for expression in rules.date_expressions(rules.governor(frame.token)):
            value = self._resolve(expression, future=future)
            if value:
                event.date = value
                break
        place = self._place(frame.token)
        if place is not None:
            event.arguments.append(Argument("place", place))

    def _keep(self, event: Event) -> bool:
        """Every predicate is an event, whatever is said about it, except attributions.

        "According to X" is an attribution, not an event: it only marks what it qualifies
        as reported by X. A word of the class lexicon with no participant, agent, patient
        or topic ("the attack shocked everyone") keeps its predicate but not its class: the
        typed layer states only what the text says of someone.
        """
        if event.rule == "according-to":
            return False
        said_by_nobody = event.type == "Statement" and not event.role("agent")
        if event.type != "Event" and (said_by_nobody or not self._told_of_someone(event)):
            self._open(event, "+untyped")  # a statement needs a speaker
        return True

    def _open(self, event: Event, why: str) -> None:
        """Take a typed event down to the open layer: its class goes, its predicate and
        roles stay (with the inanimate agents set aside for the typed layer), and ``why``
        is added to its rule."""
        event.type = "Event"
        event.rule += why
        event.arguments[:0] = self._set_aside.pop(id(event), [])

    def _told_of_someone(self, event: Event) -> bool:
        """Whether a role of the typed layer is filled by an event or a specific entity (not
        a generic phrase such as "the purpose"). What changes in a change of quantity is a
        thing ("prices rose", "the index fell"): its patient is enough."""
        quantity = vocab.is_a(event.type, "QuantityChange")
        return any(
            a.role in TYPED_ROLES
            and (
                a.is_event
                or self._entity(a.target).type != "Thing"
                or (quantity and a.role == "patient")
            )
            for a in event.arguments
        )


#: Classes whose agent is an actor: done by a natural hazard, they are none of these.
_ACTS_OF_AGENTS = ("Attack", "Order", "Arrest", "Kidnapping", "Theft")


def _natural_cause(frame: _Frame) -> str | None:
    """The class of an event whose subject is a natural hazard ("an earthquake struck the
    coast, killing 120"): no one assaulted or killed anyone, so a killing is a death and an
    attack, an order or an arrest no typed event (None: no hazard, the class stands).
    What a hazard destroys or injures keeps its class."""
    if not any(role == "agent" and _words_in(head, "hazard") for role, head in frame.args):
        return None
    if frame.cls == "Killing":
        return "Death"
    if any(vocab.is_a(frame.cls, cls) for cls in _ACTS_OF_AGENTS):
        return "Event"
    return None


def _claims_responsibility(token: Token) -> bool:
    """ "claimed responsibility (or credit) for ...", "took responsibility for ...": the
    speaker says it did what the "for" phrase names. To claim an attack is to claim it
    done ("the Front claimed the attack", "the bombing was claimed by the Front")."""
    lemma = token.lemma_.lower()
    if lemma not in ("claim", "take", "accept"):
        return False
    for c in token.children:
        if c.dep_ in ("dobj", "obj") and c.lemma_.lower() in ("responsibility", "credit"):
            return True
        if lemma == "claim" and c.dep_ in ("dobj", "obj", "nsubjpass"):
            row = trigger_row(c)
            if row is not None and vocab.is_a(row.cls, "Attack"):
                return True
    return False


def _words_in(token: Token, category: str) -> bool:
    """Whether the head noun of a phrase or one of its compounds is in ``category``."""
    words = [token, *(c for c in token.children if c.dep_ == "compound")]
    return any(in_category(t.lemma_, category) for t in words)


def _span(token: Token) -> Span:
    return Span(token.idx, token.idx + len(token.text), token.text)


def _sentence(token: Token) -> Span:
    return sentence_text(token.doc, token.i)


def _anchor(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
