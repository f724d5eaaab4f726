"""Where the ontology files are, in a source checkout and in an installed package.

The source of truth is ``ontology/`` at the repository root (``kg.ttl``, ``shapes.ttl``,
``README.md``); there are no copies. The files are found, in this order:

1. ``$KG_ONTOLOGY_DIR``, if set: lets users validate against a patched ontology.
2. ``<repo>/ontology/`` next to the ``kg`` package: running from a checkout, an editable
   install or ``python -m kg`` in the source tree.
3. The installed data package ``kg_ontology``: ``pyproject.toml`` maps the repository's
   ``ontology/`` folder to that top-level package (``package-dir``), so a wheel or a
   non-editable install ships the very same files, not a copy kept in the source tree::

       [tool.setuptools]
       packages = ["kg", "kg.commands", "kg.components", "kg.data", "kg_ontology"]
       [tool.setuptools.package-dir]
       kg_ontology = "ontology"
       [tool.setuptools.package-data]
       kg_ontology = ["*.ttl", "*.md"]

   (``packages.find`` cannot discover a package whose folder has another name, hence the
   explicit list.) The folder has no ``__init__.py``, so it is found as a namespace package.

Lookups are cached: the paths do not change while a process runs.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

from rdflib import Graph

ONTOLOGY_FILE = "kg.ttl"
SHAPES_FILE = "shapes.ttl"
#: Name of the installed data package that holds the ontology files.
DATA_PACKAGE = "kg_ontology"


class OntologyNotFoundError(FileNotFoundError):
    """The ontology files are neither in the source tree nor installed."""


def _candidates() -> list[Path]:
    dirs: list[Path] = []
    env = os.environ.get("KG_ONTOLOGY_DIR")
    if env:
        dirs.append(Path(env))
    dirs.append(Path(__file__).resolve().parent.parent / "ontology")
    # the installed data package has no __init__.py (it is the plain ontology/ folder), so
    # it is a namespace package: ask for its folders rather than for a module file
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        dirs.extend(Path(p) for p in spec.submodule_search_locations)
    return dirs


@functools.lru_cache(maxsize=1)
def ontology_dir() -> Path:
    """The folder that holds ``kg.ttl`` and ``shapes.ttl`` (see the module docstring)."""
    candidates = _candidates()
    for d in candidates:
        if (d / ONTOLOGY_FILE).is_file() and (d / SHAPES_FILE).is_file():
            return d
    tried = ", ".join(str(d) for d in candidates)
    raise OntologyNotFoundError(
        f"ontology files ({ONTOLOGY_FILE}, {SHAPES_FILE}) not found in: {tried}"
    )


def ontology_path() -> Path:
    """``ontology/kg.ttl``: the OWL vocabulary."""
    return ontology_dir() / ONTOLOGY_FILE


def shapes_path() -> Path:
    """``ontology/shapes.ttl``: the SHACL shapes."""
    return ontology_dir() / SHAPES_FILE


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def ontology_graph() -> Graph:
    """The parsed ontology (cached: callers must not modify it)."""
    return _load(str(ontology_path()))


def shapes_graph() -> Graph:
    """The parsed SHACL shapes (cached: callers must not modify it)."""
    return _load(str(shapes_path()))
