"""spaCy pipeline components of kg, registered with ``@Language.factory`` on import.

Each component reads what spaCy (and the components before it) put on the ``Doc`` and
stores its own results on ``Doc`` extensions, so each can be tested alone on a hand-built
``Doc``. ``Doc._.kg_meta`` carries the document's metadata (``date``, ``dateline``,
``title``), set by :func:`kg.pipeline.make_doc` before the components run.

Importing this package does not import spaCy; :func:`register` (called by
:func:`kg.nlp.load_pipeline`) loads the components. The name helpers the corpus-level
resolver shares with the entity resolver are in :mod:`kg.names`, outside this package.
"""


def register() -> None:
    """Register the ``kg_*`` factories and ``Doc`` extensions with spaCy."""
    from kg.components import coref, entities, events, participants, speedups  # noqa: F401
