"""kg: knowledge graphs from news - who did what to whom, where and when.

Every fact in the graph points back to the sentence it came from. ``kg.build`` and
``kg.KnowledgeGraph`` are imported lazily (PEP 562) so that ``kg query``/``kg viz`` do not
pay spaCy's import, and Ctrl-C during start-up is still handled by the CLI.
"""

from kg.errors import KgError

__all__ = ["KgError", "KnowledgeGraph", "__version__", "build"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in ("build", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
