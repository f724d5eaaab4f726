"""Reading graph files (Turtle, TriG, N-Triples, JSON-LD) with one-line errors."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg import errors

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


def load_graph(paths: list[str] | str) -> Graph:
    """Parse one or more graph files into one graph (named graphs are merged)."""
    if isinstance(paths, str):
        paths = [paths]
    merged = Graph()
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise errors.bad_graph_file(str(path), "no such file")
        fmt = FORMATS.get(path.suffix.lower(), "turtle")
        try:
            if fmt in ("trig", "nquads"):
                ds = Dataset()
                ds.parse(path, format=fmt)
                for s, p, o, _ in ds.quads():
                    merged.add((s, p, o))
            else:
                merged.parse(path, format=fmt)
        except errors.KgError:
            raise
        except Exception as exc:  # rdflib raises many parser-specific types
            reason = str(exc).strip().split("\n")[0][:200] or type(exc).__name__
            raise errors.bad_graph_file(str(path), reason) from None
    return merged
