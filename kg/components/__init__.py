"""spaCy pipeline components of kg, registered with ``@Language.factory`` on import.

Each component reads what spaCy (and the components before it) put on the ``Doc`` and
stores its own results on ``Doc`` extensions, so each can be tested alone on a hand-built
``Doc``. ``Doc._.kg_meta`` carries the document's metadata (``date``, ``dateline``,
``title``), set by :func:`kg.pipeline.make_doc` before the components run.
"""

from spacy.tokens import Doc

if not Doc.has_extension("kg_meta"):
    Doc.set_extension("kg_meta", default=None)

from kg.components import entities, events  # noqa: F401
