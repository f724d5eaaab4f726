"""From documents to extracted document graphs: the NLP stage and the model hand-off.

``process`` streams documents through ``nlp.pipe`` and yields one
:class:`kg.model.DocumentGraph` per document; nothing is kept once it is yielded.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.model import Argument, Document, DocumentGraph, Entity, Event, Mention, Relation, Span
from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.recase import Recaser, letter_case, verbatim

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not by the main process
    from spacy.tokens import Doc

BATCH_SIZE = 32
#: At most this much text in one ``nlp.pipe`` batch (unless one document is longer): spaCy
#: keeps a whole batch's activations, so memory follows the characters of a batch, not the
#: number of documents. 32 news articles are ~150,000 characters; 12 parts of a
#: 1.1-million-character article in one batch peaked at 3.3 GB.
BATCH_CHARS = 200_000


def extract(doc: Doc, document: Document) -> DocumentGraph:
    """The document graph of a processed ``Doc`` (what our components stored on it).

    The mentions ``kg_coref`` linked are added to their entities (on copies: the ``Doc``'s
    own results stay as the components left them).
    """
    entities = with_relations(
        [*(doc._.kg_entities or []), *(doc._.kg_participants or [])],
        doc._.kg_participant_relations or [],
    )
    events = list(doc._.kg_events or [])
    links = doc._.kg_coref if doc.has_extension("kg_coref") else None
    if links:
        entities, events = with_coref(doc, entities, events, links)
    graph = DocumentGraph(document=document, entities=entities, events=events)
    return graph if doc.text == document.text else verbatim(graph, document.text)


def with_relations(entities: list[Entity], relations: list[tuple[str, Relation]]) -> list[Entity]:
    """``entities`` with the relations the participant stage found on them (on copies)."""
    if not relations:
        return entities
    found: dict[str, list[Relation]] = {}
    for key, relation in relations:
        found.setdefault(key, []).append(relation)
    return [
        replace(e, relations=[*e.relations, *found[e.key]]) if e.key in found else e
        for e in entities
    ]


def with_coref(
    doc: Doc, entities: list[Entity], events: list[Event], links: list[tuple[int, int, str, str]]
) -> tuple[list[Entity], list[Event]]:
    """``entities`` with the coreferent mentions ``links`` gives (label ``coref:<sieve>``,
    also among the entity's rules).

    A linked mention overlapping a mention already in the graph is left out (the text has
    one mention there), except where the earlier mention is all an unnamed entity has (the
    event extractor's "the company" for an argument): that entity is the linked one, so its
    events' arguments move to the linked entity and the unnamed copy goes.
    """
    from kg.components.sentences import sentence_text

    by_key = {e.key: e for e in entities}
    spans = []
    for start, end, key, sieve in links:
        if key in by_key and end > start:
            span = doc[start:end]
            spans.append((Span(span.start_char, span.end_char, span.text), start, key, sieve))
    taken = {e.key: [(m.span.start, m.span.end) for m in e.mentions] for e in entities}
    merged: dict[str, str] = {}  # unnamed entity key -> the entity it is
    for e in entities:
        if e.named or not e.mentions:
            continue
        targets = {
            key
            for span, _, key, _ in spans
            for m in e.mentions
            if _overlap((span.start, span.end), (m.span.start, m.span.end))
        }
        covered = all(
            any(_overlap((s.start, s.end), (m.span.start, m.span.end)) for s, _, _, _ in spans)
            for m in e.mentions
        )
        if covered and len(targets) == 1 and e.key not in targets:
            merged[e.key] = targets.pop()
    added: dict[str, list[Mention]] = {}
    for span, start, key, sieve in spans:
        clash = any(
            _overlap((span.start, span.end), s)
            for k, ss in taken.items()
            if k not in merged
            for s in ss
        )
        if clash:
            continue
        added.setdefault(key, []).append(Mention(span, sentence_text(doc, start), f"coref:{sieve}"))
        taken.setdefault(key, []).append((span.start, span.end))
    out = []
    for e in entities:
        if e.key in merged:
            continue
        if e.key in added:  # its kg:rule lists the sieves that joined mentions to it
            sieves = sorted({m.label for m in added[e.key]} - set(e.rules))
            e = replace(e, mentions=[*e.mentions, *added[e.key]], rules=[*e.rules, *sieves])
        if merged and any(r.target in merged for r in e.relations):
            relations = [replace(r, target=merged.get(r.target, r.target)) for r in e.relations]
            e = replace(e, relations=relations)
        out.append(e)
    if merged:
        events = [_remap(ev, merged) for ev in events]
    return out, events


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _remap(event: Event, keys: dict[str, str]) -> Event:
    """``event`` with its entity arguments (and source) renamed by ``keys``."""
    if not any(not a.is_event and a.target in keys for a in event.arguments) and (
        event.reported_by not in keys
    ):
        return event
    arguments = []
    for a in event.arguments:
        target = a.target if a.is_event else keys.get(a.target, a.target)
        if not any(b.role == a.role and b.target == target for b in arguments):
            arguments.append(Argument(a.role, target, a.is_event))
    return replace(
        event, arguments=arguments, reported_by=keys.get(event.reported_by, event.reported_by)
    )


def process(
    documents: Iterable[Document],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DocumentGraph]:
    """Run the kg pipeline over ``documents``, yielding a graph per document in order."""
    nlp = load_pipeline(model)
    for batch in text_batches(documents, batch_size):
        pairs = [(make_doc(nlp, d), d) for d in batch]
        for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=len(batch)):
            yield extract(doc, document)
        del pairs
        release_memory()


def release_memory() -> None:
    """Give the heap memory freed by a batch back to the system (glibc ``malloc_trim``).

    A batch's activations and ``Doc`` objects are freed when it ends, but glibc keeps the
    pages: a worker measured ~570 MB resident after each batch of 32 articles, ~200 MB
    after the trim. Elsewhere (no glibc) this does nothing.
    """
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - present only in glibc
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()


def text_batches(
    documents: Iterable[Document], size: int, *, max_chars: int = BATCH_CHARS
) -> Iterator[list[Document]]:
    """Consecutive batches of at most ``size`` documents and ``max_chars`` characters.

    A document longer than ``max_chars`` makes a batch of its own.

    >>> docs = [Document(id=str(n), source="", text="x" * n) for n in (5, 5, 20, 5, 5, 5)]
    >>> [[len(d.text) for d in b] for b in text_batches(docs, 2, max_chars=12)]
    [[5, 5], [20], [5, 5], [5]]
    """
    batch: list[Document] = []
    chars = 0
    for document in documents:
        n = len(document.text)
        if batch and (len(batch) >= size or chars + n > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(document)
        chars += n
    if batch:
        yield batch


#: Whether a text set all in one case is parsed as a recased copy (off: as it is written;
#: ``benchmarks/score_case.py`` measures both).
RECASE = True


def parse_text(nlp, text: str) -> str:
    """The text the pipeline parses: ``text`` itself, or its recased copy when shouted."""
    if not RECASE or letter_case(text) is None:
        return text
    return _recaser(nlp).recase(text)


@functools.lru_cache(maxsize=4)
def _recaser(nlp) -> Recaser:
    from kg.components.entities.lexicon import lexicon

    return Recaser.for_pipeline(nlp, lexicon())


def make_doc(nlp, document: Document) -> Doc:
    """A tokenised ``Doc`` carrying the document's metadata for our components.

    Components run inside ``nlp.pipe`` and see only the ``Doc``; the publication date (to
    resolve "on Tuesday") and the dateline (a default place) travel in ``doc._.kg_meta``.
    A text set all in capitals (or all in lower case) is parsed as a recased copy of the
    same length (:mod:`kg.recase`); :func:`extract` puts the original's characters back.
    """
    doc = nlp.make_doc(parse_text(nlp, document.text))
    doc._.kg_meta = {"date": document.date, "dateline": document.dateline, "title": document.title}
    return doc
