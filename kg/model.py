"""The document model: plain data between extraction and every view of it.

RDF (:mod:`kg.rdf`), NetworkX (:mod:`kg.analysis`) and HTML (:mod:`kg.viz`) are three
views of these dataclasses; nothing here imports spaCy or rdflib, so the model can be
built by hand in tests and pickled between worker processes. The class and role lists are
the ontology's (:mod:`kg.vocab`), read on first use.

Offsets (``start``/``end``) are character offsets into :attr:`Document.text`, the text the
NLP pipeline ran on, so that every fact points back to the exact characters it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import vocab


def __getattr__(name: str) -> tuple[str, ...]:
    """The ontology's vocabulary, read from ``ontology/kg.ttl`` on first use (:mod:`kg.vocab`).

    ``ENTITY_CLASSES``: the entity classes the extractor may assign (``kg:Entity``'s
    subclasses, local names). ``EVENT_CLASSES``: ``"Event"`` (an open event) and its
    subclasses. ``ROLES``: the event roles linking an event to an entity or another event.
    """
    if name == "ENTITY_CLASSES":
        return vocab.entity_classes()[1:]
    if name == "EVENT_CLASSES":
        return vocab.event_classes()
    if name == "ROLES":
        return vocab.roles()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of document text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the text, with the sentence it sits in."""

    span: Span
    sentence: Span
    label: str = ""  # the NER label or the rule that found the mention


@dataclass(slots=True)
class Relation:
    """A relation from an entity to another entity (``memberOf``, ``leaderOf``, ...)."""

    predicate: str
    target: str  # key of the target entity in the same document
    evidence: Span | None = None


@dataclass(slots=True)
class Entity:
    """A resolved entity of one document: every mention that denotes one actor."""

    key: str  # unique within the document
    type: str  # one of ENTITY_CLASSES
    label: str  # canonical name
    alt_labels: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    age: int | None = None
    titles: list[str] = field(default_factory=list)
    count: int | None = None  # size of a group ("six people")
    nationality: str | None = None  # key of a Country entity or a demonym label
    relations: list[Relation] = field(default_factory=list)
    named: bool = True  # False for descriptions like "security forces": document-scoped
    rules: list[str] = field(default_factory=list)  # ids of the rules that made, typed, merged it


@dataclass(slots=True)
class Argument:
    """One role filler of an event: an entity key or, for ``topic``, an event key."""

    role: str  # one of ROLES
    target: str
    is_event: bool = False


@dataclass(slots=True)
class Event:
    """One reported action, traceable to the sentence that reports it."""

    key: str  # unique within the document
    type: str  # event class local name: "Event" for an open event, else e.g. "Attack"
    trigger: Span
    sentence: Span
    arguments: list[Argument] = field(default_factory=list)
    date: str | None = None  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    count: int | None = None
    polarity: str = "positive"  # or "negative"
    modality: str = "asserted"  # asserted | hypothetical | intended | future | reported
    reported_by: str | None = None  # entity key of the source of a reported claim
    confidence: float = 0.5
    rule: str = ""
    predicate: str = ""  # the trigger's lemma ("buy", "blow up"): kg:predicate
    sense: str | None = None  # the class lexicon's sense label ("fire:shoot"): kg:sense
    quantity: str | None = None  # an amount as written ("12%", "$4 billion"): kg:quantity

    def role(self, name: str) -> list[str]:
        """Targets filling ``name``, in order."""
        return [a.target for a in self.arguments if a.role == name]


@dataclass(slots=True)
class Document:
    """An ingested article: metadata plus the clean text the pipeline reads."""

    id: str  # stable: derived from the source and content
    source: str  # path or URL
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 publication date
    dateline: str | None = None  # place named in the dateline ("CARACAS –")


@dataclass(slots=True)
class DocumentGraph:
    """Everything extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
