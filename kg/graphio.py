"""Reading graph files (Turtle, TriG, N-Triples, N-Quads, JSON-LD) with one-line errors.

:func:`load_graph` is the single entry for reading graphs given on the command line
(``kg query``, ``kg analyze``, ``kg viz``). Reading never touches the network: a JSON-LD file
whose ``@context`` (or ``@import``) names a document by URL or path is refused instead of
letting the parser fetch it, because graph files are untrusted input and a fetch would leak
that the file was opened (or read a local file into the graph).
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from kg import errors
from kg.namespace import bind_prefixes
from kg.offline import offline

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


def remote_contexts(data: object) -> list[str]:
    """Every ``@context``/``@import`` in a JSON-LD document that names another document.

    >>> remote_contexts({"@context": {"x": "http://ex/x"}, "@graph": []})
    []
    >>> remote_contexts({"@context": ["https://schema.org/", {"@import": "ctx.jsonld"}]})
    ['https://schema.org/', 'ctx.jsonld']
    """
    found: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            found.append(ctx)
                        else:
                            stack.append(ctx)
                else:
                    stack.append(value)
    return found


def _parse_jsonld(graph: Graph, path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise errors.bad_graph_file(str(path), "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise errors.bad_graph_file(
            str(path), f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    remote = remote_contexts(data)
    if remote:
        raise errors.bad_graph_file(
            str(path),
            f"its JSON-LD @context refers to {remote[0]!r}, which kg does not fetch; "
            "inline the context in the file",
        )
    graph.parse(data=json.dumps(data), format="json-ld")


def _reason(exc: Exception) -> str:
    """A one-line, bounded reason for a parser exception (Turtle's names the line)."""
    why = getattr(exc, "_why", None)
    line = getattr(exc, "lines", None)
    if why is not None and isinstance(line, int):
        return f"line {line + 1}: {' '.join(str(why).split())[:160]}"
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _parse_into(graph: Graph, path: Path, fmt: str) -> None:
    if fmt == "json-ld":
        _parse_jsonld(graph, path)
    elif fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=fmt)
        for s, p, o, _ in ds.quads():
            graph.add((s, p, o))
    else:
        graph.parse(path, format=fmt)


def _folder_reason(path: Path) -> str:
    from kg.store import is_store

    if is_store(path):
        return f"it is a kg store folder; read it with --store {path}"
    return "it is a folder, not a graph file"


def load_graph(paths: list[str] | str) -> Graph:
    """Parse one or more graph files into one graph (named graphs are merged).

    The format follows the file suffix (Turtle when unknown). A missing, corrupt or non-RDF
    file raises :class:`kg.errors.GraphFileError` with a one-line reason.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    merged = Graph()
    bind_prefixes(merged)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            raise errors.bad_graph_file(str(path), _folder_reason(path))
        if not path.is_file():
            raise errors.bad_graph_file(str(path), "no such file")
        fmt = FORMATS.get(path.suffix.lower(), "turtle")
        try:
            with offline():  # a second line behind the @context check: rdflib fetches nothing
                _parse_into(merged, path, fmt)
        except errors.KgError:
            raise
        except Exception as exc:  # rdflib raises many parser-specific types
            reason = _reason(exc)
            raise errors.bad_graph_file(str(path), reason) from None
    return merged


def load_input(paths: list[str], *, store: str | None = None) -> Graph:
    """The graph behind ``kg analyze``/``kg viz``: graph files, or a store's projection."""
    if store:
        from kg.store import open_store, projection_graph

        return projection_graph(open_store(store))
    if not paths:
        raise errors.UsageError("give graph files or --store DIR")
    return load_graph(paths)
