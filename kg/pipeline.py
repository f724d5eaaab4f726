"""From documents to extracted document graphs: the NLP stage and the model hand-off.

``process`` streams documents through ``nlp.pipe`` and yields one
:class:`kg.model.DocumentGraph` per document; nothing is kept once it is yielded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from kg.model import Document, DocumentGraph
from kg.nlp import DEFAULT_MODEL, load_pipeline

BATCH_SIZE = 32


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
    pairs = ((make_doc(nlp, d), d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extract(doc, document)


def make_doc(nlp, document: Document) -> Doc:
    """A tokenised ``Doc`` carrying the document's metadata for our components.

    Components run inside ``nlp.pipe`` and see only the ``Doc``; the publication date (to
    resolve "on Tuesday") and the dateline (a default place) travel in ``doc._.kg_meta``.
    """
    doc = nlp.make_doc(document.text)
    doc._.kg_meta = {"date": document.date, "dateline": document.dateline, "title": document.title}
    return doc
