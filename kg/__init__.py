"""kg: knowledge graphs from news - who did what to whom, where and when.

Every fact in the graph points back to the sentence it came from.
"""

from kg.api import KnowledgeGraph, build
from kg.errors import KgError

__all__ = ["KgError", "KnowledgeGraph", "build", "__version__"]
__version__ = "0.1.0"
