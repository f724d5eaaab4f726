"""spaCy pipeline components of kg, registered with ``@Language.factory`` on import.

Each component reads what spaCy (and the components before it) put on the ``Doc`` and
stores its own results on ``Doc`` extensions, so each can be tested alone on a hand-built
``Doc``.
"""

from kg.components import entities, events  # noqa: F401
