"""From documents to extracted document graphs: the NLP stage and the model hand-off.

``process`` streams documents through ``nlp.pipe`` and yields one
:class:`kg.model.DocumentGraph` per document; nothing is kept once it is yielded.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.model import Document, DocumentGraph
from kg.nlp import DEFAULT_MODEL, load_pipeline

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not by the main process
    from spacy.tokens import Doc

BATCH_SIZE = 32
#: At most this much text in one ``nlp.pipe`` batch (unless one document is longer): spaCy
#: keeps a whole batch's activations, so memory follows the characters of a batch, not the
#: number of documents. 32 news articles are ~150,000 characters; 12 parts of a
#: 1.1-million-character article in one batch peaked at 3.3 GB.
BATCH_CHARS = 200_000


def extract(doc: Doc, document: Document) -> DocumentGraph:
    """The document graph of a processed ``Doc`` (what our components stored on it)."""
    return DocumentGraph(
        document=document,
        entities=list(doc._.kg_entities or []),
        events=list(doc._.kg_events or []),
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


def make_doc(nlp, document: Document) -> Doc:
    """A tokenised ``Doc`` carrying the document's metadata for our components.

    Components run inside ``nlp.pipe`` and see only the ``Doc``; the publication date (to
    resolve "on Tuesday") and the dateline (a default place) travel in ``doc._.kg_meta``.
    """
    doc = nlp.make_doc(document.text)
    doc._.kg_meta = {"date": document.date, "dateline": document.dateline, "title": document.title}
    return doc
