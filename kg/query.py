"""SPARQL over our graphs: read-only, offline, prefixes predeclared, results in four formats.

Queries are untrusted input, checked twice before evaluation:

* :func:`check_read_only` reads the query's words, after SPARQL's ``\\uXXXX`` escape
  processing (``SERVIC\\u0045`` is ``SERVICE``), with strings, comments, IRIs, variables and
  prefixed names set aside (a keyword inside a literal never triggers a refusal), for a
  clear message;
* :func:`check_query` reads what rdflib's parser made of it, the query algebra, which is what
  gets evaluated: a ``SERVICE`` anywhere in it, or a ``FROM``/``FROM NAMED`` clause, is
  refused, whatever the spelling. A text that parses as an update (``INSERT``, ``DELETE``,
  ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``) is refused too.

``SERVICE`` (federation) and ``FROM`` (rdflib would fetch and parse the named IRI: a URL or
a local file) are allowed with ``allow_federation=True``. Evaluation also runs with rdflib's
``SPARQL_LOAD_GRAPHS`` off and inside :func:`kg.offline.offline`, as a second line. The same
checks guard :func:`kg.store.query_store` (Oxigraph would contact a SERVICE endpoint too).

Runaway queries: by default a query stops after :data:`DEFAULT_TIMEOUT` seconds (``timeout=0``
or ``None`` for no limit), evaluated in a forked worker process that is killed at the
deadline (rdflib evaluates in pure Python and cannot be interrupted from a thread), and a
SELECT stops at :data:`DEFAULT_MAX_ROWS` rows with a message saying to add a ``LIMIT``.

Results: an aligned table for people, CSV and TSV (the SPARQL 1.1 CSV/TSV results formats)
and SPARQL 1.1 JSON results; CONSTRUCT and DESCRIBE results as Turtle. Rows of a query
without ``ORDER BY`` are sorted so the same query on the same graph prints the same output.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import resource
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import rdflib.plugins.sparql as rdflib_sparql
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg import errors
from kg.namespace import PREFIXES, bind_prefixes
from kg.offline import offline

FORMATS = ("table", "csv", "tsv", "json")
#: ``kg query`` stops a query after this many seconds unless ``--timeout`` says otherwise.
DEFAULT_TIMEOUT = 60.0
#: ... and a result with more rows (or triples) than this, unless ``--max-rows`` says otherwise.
DEFAULT_MAX_ROWS = 100_000
#: A query worker may grow by this much memory before it is stopped (2 GiB).
QUERY_MEMORY = 2 * 1024**3

T = TypeVar("T")

_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
_REMOTE = {"SERVICE", "FROM"}

# One pass, left to right: the first alternative that matches at a position wins, so a
# "#" inside a string or an IRI is not a comment and a keyword inside either is not a word.
_TOKENS = re.compile(
    r"""
      (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<string>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<comment>\#[^\n]*)
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.%:\\-]*|_:[\w.-]+)
    | (?P<word>[A-Za-z][A-Za-z0-9_]*)
    | (?P<other>[\s\S])
    """,
    re.VERBOSE,
)


@dataclass
class QueryResult:
    """The answer to one query: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[object, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.graph is None else len(self.graph)

    def dicts(self) -> list[dict[str, object]]:
        """Rows as ``{variable: value}`` (unbound variables left out)."""
        return [
            {v: x for v, x in zip(self.variables, row, strict=True) if x is not None}
            for row in self.rows
        ]


def keywords(query: str) -> list[str]:
    """The bare words of ``query`` (upper-cased), outside strings, comments and IRIs.

    >>> keywords('SELECT ?delete { ?s kg:load "DROP" } # INSERT')
    ['SELECT']
    """
    return [m["word"].upper() for m in _TOKENS.finditer(query) if m["word"]]


def star_columns(query: str) -> list[str] | None:
    """For ``SELECT *``, its variables in the order they first appear; else None.

    rdflib lists the variables of ``SELECT *`` from a set, in an order that changes from one
    run to the next; Oxigraph, and people, read them in the query's order.

    >>> star_columns("SELECT * WHERE { ?b ?a ?c . ?a ?b $d }")
    ['b', 'a', 'c', 'd']
    >>> star_columns("SELECT ?c ?b WHERE { ?b ?a ?c }") is None
    True
    """
    tokens = [m for m in _TOKENS.finditer(_unescaped(query)) if not m.group().isspace()]
    tokens = [m for m in tokens if not m["comment"]]
    for i, m in enumerate(tokens):
        if m["word"] and m["word"].upper() == "SELECT":
            rest = [t for t in tokens[i + 1 :] if (t["word"] or "").upper() not in _MODIFIERS]
            if not rest or rest[0].group() != "*":
                return None
            names = (t["var"][1:] for t in rest if t["var"])
            return list(dict.fromkeys(names))
    return None


_MODIFIERS = {"DISTINCT", "REDUCED"}


def check_read_only(query: str, *, allow_federation: bool = False) -> None:
    """Refuse updates and, unless allowed, anything that would fetch a graph.

    The words are read after SPARQL's escape processing, as the parser reads them.

    >>> check_read_only("SELECT * WHERE { ?s ?p 'insert data' }")
    >>> check_read_only("insert data { <a> <b> <c> }")
    Traceback (most recent call last):
    kg.errors.QueryError: INSERT is refused: kg query only reads the graph (no updates)
    >>> check_read_only("SELECT * { SERVIC\\u0045 <http://h/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    kg.errors.QueryError: SERVICE (federated query) is refused: ...
    """
    for word in keywords(_unescaped(query)):
        if word in _UPDATES:
            raise _refused_update(word)
        if word in _REMOTE and not allow_federation:
            raise _refused_fetch(word)


def _unescaped(query: str) -> str:
    try:
        return expandUnicodeEscapes(query)
    except (ValueError, OverflowError):  # an escape naming no character: the parser fails too
        return query


def _refused_update(word: str) -> errors.QueryError:
    return errors.QueryError(f"{word} is refused: kg query only reads the graph (no updates)")


def _refused_fetch(word: str) -> errors.QueryError:
    what = "SERVICE (federated query)" if word == "SERVICE" else "FROM / FROM NAMED"
    return errors.QueryError(
        f"{what} is refused: it would fetch data from the network or a file; "
        "pass --allow-federation to permit it"
    )


def check_query(prepared, *, allow_federation: bool = False) -> None:
    """Refuse a parsed query whose algebra holds a SERVICE or whose dataset has a FROM.

    This reads what will be evaluated, so no spelling of the query text can hide either.

    >>> check_query(prepareQuery("SELECT * { OPTIONAL { SERVICE ?u { ?s ?p ?o } } }"))
    Traceback (most recent call last):
    kg.errors.QueryError: SERVICE (federated query) is refused: ...
    """
    if allow_federation:
        return
    algebra = prepared.algebra
    if algebra.get("datasetClause"):
        raise _refused_fetch("FROM")
    stack: list[object] = [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise _refused_fetch("SERVICE")
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def read_query(text_or_path: str) -> str:
    """The query text: ``-`` reads stdin, a ``.rq``/``.sparql`` path its file, else the text."""
    if text_or_path == "-":
        return sys.stdin.read()
    p = Path(text_or_path)
    try:
        is_file = "\n" not in text_or_path and p.is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL: it is query text
        is_file = False
    if text_or_path.endswith((".rq", ".sparql")) or is_file:
        try:
            return p.read_text(encoding="utf-8")
        except OSError as exc:
            raise errors.QueryError(f"{text_or_path}: cannot read query ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise errors.QueryError(f"{text_or_path}: query file is not UTF-8") from None
    return text_or_path


def parse_query(query: str, *, allow_federation: bool = False):
    """Check and parse ``query``; a malformed query raises QueryError naming line and column."""
    check_read_only(query, allow_federation=allow_federation)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # pyparsing and rdflib raise several types; all mean "malformed"
        update = _update_name(query)
        if update:
            raise _refused_update(update) from None
        raise errors.QueryError(f"malformed SPARQL: {_parse_error(exc)}") from None
    check_query(prepared, allow_federation=allow_federation)
    return prepared


def _update_name(query: str) -> str | None:
    """``LOAD``, ``INSERT DATA``, ... when ``query`` parses as a SPARQL update."""
    try:
        update = parseUpdate(query)
    except Exception:  # not an update either
        return None
    names = [r.name for r in update.get("request") or [] if isinstance(r, CompValue)]
    if not names:
        return "an update"
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", names[0]).upper().replace("MODIFY", "DELETE/INSERT")


def run_query(
    graph: Graph,
    query: str,
    *,
    allow_federation: bool = False,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Evaluate a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query over ``graph``.

    ``timeout`` (seconds; ``None`` or 0: none) evaluates in a forked worker killed at the
    deadline, with at most :data:`QUERY_MEMORY` more memory than it started with;
    ``max_rows`` (``None`` or 0: none) stops a result with more rows (triples for
    CONSTRUCT/DESCRIBE) with a QueryError. ``kg query`` passes :data:`DEFAULT_TIMEOUT` and
    :data:`DEFAULT_MAX_ROWS` unless told otherwise.

    >>> from rdflib import RDF
    >>> from kg.namespace import ID, KG
    >>> g = Graph()
    >>> _ = g.add((ID["event/d/1"], RDF.type, KG.Attack))
    >>> run_query(g, "SELECT ?e WHERE { ?e a kg:Attack }").rows
    [(rdflib.term.URIRef('https://w3id.org/kg-news/id/event/d/1'),)]
    >>> run_query(g, "ASK { ?e a kg:Arrest }").boolean
    False
    """
    prepared = parse_query(query, allow_federation=allow_federation)
    ordered = "ORDER" in keywords(query)
    columns = star_columns(query)

    def evaluate() -> QueryResult:
        return _evaluate(
            graph,
            prepared,
            ordered=ordered,
            allow_federation=allow_federation,
            max_rows=max_rows,
            columns=columns,
        )

    return in_worker(evaluate, timeout) if timeout else evaluate()


def _evaluate(
    graph: Graph,
    prepared,
    *,
    ordered: bool,
    allow_federation: bool,
    max_rows: int | None,
    columns: list[str] | None = None,
) -> QueryResult:
    saved = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = allow_federation
    try:
        with offline(not allow_federation):
            return _evaluate_now(
                graph, prepared, ordered=ordered, max_rows=max_rows, columns=columns
            )
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = saved


def _evaluate_now(
    graph: Graph, prepared, *, ordered: bool, max_rows: int | None, columns: list[str] | None
) -> QueryResult:
    try:
        result = graph.query(prepared)
        kind = result.type
        if kind == "ASK":
            return QueryResult(kind, boolean=bool(result.askAnswer))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            for triple in capped(result.graph if result.graph is not None else (), max_rows):
                g.add(triple)
            bind_prefixes(g)
            return QueryResult(kind, graph=g)
        variables = [str(v) for v in (result.vars or [])]
        rows = [tuple(row) for row in capped(result, max_rows)]
    except errors.KgError:
        raise
    except MemoryError:
        raise errors.QueryError(_out_of_memory()) from None
    except Exception as exc:  # evaluation errors: type errors, unknown functions, ...
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise errors.QueryError(f"query failed: {reason}") from None
    result = QueryResult(kind, variables, rows)
    if columns is not None:
        _reorder(result, columns)
    if not ordered:
        result.rows.sort(key=lambda row: tuple(_sort_key(v) for v in row))
    return result


def _reorder(result: QueryResult, columns: list[str]) -> None:
    """``result`` with its variables (and row values) in the order of ``columns``."""
    rank = {name: i for i, name in enumerate(columns)}
    order = sorted(
        range(len(result.variables)),
        key=lambda i: (rank.get(result.variables[i], len(rank)), result.variables[i]),
    )
    result.variables = [result.variables[i] for i in order]
    result.rows = [tuple(row[i] for i in order) for row in result.rows]


def reorder_star(result: QueryResult, query: str) -> QueryResult:
    """A ``SELECT *`` result with its columns in the query's order (see :func:`star_columns`)."""
    columns = star_columns(query)
    if columns is not None:
        _reorder(result, columns)
    return result


def capped(items: Iterable[T], max_rows: int | None) -> Iterator[T]:
    """``items``, but a QueryError once there are more than ``max_rows`` (None, 0: no cap).

    The result is read lazily, so a huge result stops at the cap instead of filling memory.

    >>> list(capped(range(3), 3))
    [0, 1, 2]
    >>> list(capped(range(4), 3))
    Traceback (most recent call last):
    kg.errors.QueryError: the query returned more than 3 rows; add a LIMIT, ...)
    """
    for n, item in enumerate(items, start=1):
        if max_rows and n > max_rows:
            raise errors.QueryError(
                f"the query returned more than {max_rows:,} rows; add a LIMIT, "
                "or raise --max-rows (0 for no limit)"
            )
        yield item


def _sort_key(value: object) -> tuple[int, str]:
    if value is None:
        return (0, "")
    return (1 if isinstance(value, URIRef) else 2 if isinstance(value, BNode) else 3, str(value))


def _limit_memory(extra: int) -> None:
    """Let this (worker) process grow by at most ``extra`` bytes of address space."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = current + extra
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (OSError, ValueError):  # no /proc (not Linux) or not permitted: no cap
        pass


def _worker(conn, evaluate: Callable[[], QueryResult]) -> None:
    try:
        _limit_memory(QUERY_MEMORY)
        r = evaluate()
        triples = list(r.graph) if r.graph is not None else None
        conn.send(("ok", (r.kind, r.variables, r.rows, r.boolean, triples)))
    except errors.KgError as exc:
        conn.send(("error", exc.message))
    except MemoryError:  # past the cap outside rdflib's evaluation (Oxigraph's, a result)
        conn.send(("error", _out_of_memory()))
    except BaseException as exc:
        conn.send(("error", f"query failed: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _out_of_memory() -> str:
    return (
        f"the query needed more than {QUERY_MEMORY // 2**20:,} MB of memory; "
        "add a LIMIT or narrow its patterns"
    )


def in_worker(evaluate: Callable[[], QueryResult], timeout: float) -> QueryResult:
    """``evaluate()`` in a forked child (it inherits the graph without copying) that is
    killed at the deadline; its memory is capped at :data:`QUERY_MEMORY` over its start."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, evaluate), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise errors.QueryError(f"query timed out after {timeout:g} s (see --timeout)")
        try:
            status, payload = parent.recv()
        except EOFError:
            proc.join(5)
            if proc.exitcode is not None and proc.exitcode < 0:  # killed: Rust aborts on OOM
                raise errors.QueryError(_out_of_memory()) from None
            raise errors.QueryError("query failed: the query worker stopped unexpectedly") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status == "error":
        raise errors.QueryError(payload)
    kind, variables, rows, boolean, triples = payload
    g = None
    if triples is not None:
        g = Graph()
        for t in triples:
            g.add(t)
        bind_prefixes(g)
    return QueryResult(kind, variables, rows, boolean=boolean, graph=g)


def _parse_error(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None) or getattr(exc, "column", None)
    msg = str(getattr(exc, "msg", "") or exc).strip().split("\n")[0]
    msg = re.sub(r"\s*\(at char \d+\)", "", msg)
    msg = re.sub(r",?\s*\(line:\d+, col:\d+\)", "", msg)
    if line is not None and col is not None:
        return f"line {line}, column {col}: {msg}"
    return msg


def _short(value: URIRef) -> str:
    """``kg:Attack`` for an IRI under a predeclared prefix (tables only: for people)."""
    text = str(value)
    best = max((iri for iri in PREFIXES.values() if text.startswith(iri)), key=len, default=None)
    if best is None:
        return text
    prefix = next(p for p, iri in PREFIXES.items() if iri == best)
    return f"{prefix}:{text[len(best) :]}"


def _cell(value: object, *, table: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, URIRef) and table:
        return _short(value)
    return str(value)


_BARE = {  # datatype -> lexical forms Turtle writes without quotes
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?\d*\.\d+"),
    XSD.double: re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+"),
    XSD.boolean: re.compile(r"true|false"),
}


def _tsv_term(value: object) -> str:
    """A term in Turtle syntax, as the SPARQL 1.1 TSV format wants."""
    if value is None:
        return ""
    if (
        isinstance(value, Literal)
        and value.datatype in _BARE
        and _BARE[value.datatype].fullmatch(value)
    ):
        return str(value)  # Turtle's short form of numbers and booleans
    if isinstance(value, (URIRef, BNode, Literal)):
        return value.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result: aligned table, CSV, TSV or SPARQL 1.1 JSON; graphs as Turtle.

    >>> r = QueryResult("SELECT", ["x", "n"], [(URIRef("https://w3id.org/kg-news/id/a"),
    ...                                        Literal(3))])
    >>> print(format_result(r, "table"), end="")
    x     n
    ----  -
    id:a  3
    (1 row)
    >>> print(format_result(r, "tsv").replace("\\t", " | "), end="")
    ?x | ?n
    <https://w3id.org/kg-news/id/a> | 3
    """
    if fmt not in FORMATS:
        raise errors.UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_cell(v) for v in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_term(v) for v in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result)


def _table(result: QueryResult) -> str:
    rows = [[" ".join(_cell(v, table=True).split()) for v in row] for row in result.rows]
    head = result.variables
    widths = [len(h) for h in head]
    for row in rows:
        widths = [max(w, min(len(c), 80)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c if len(c) <= 80 else c[:79] + "…" for c in row]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _sparql_json(result: QueryResult) -> dict:
    bindings = []
    for row in result.rows:
        b = {}
        for var, value in zip(result.variables, row, strict=True):
            if value is None:
                continue
            if isinstance(value, URIRef):
                b[var] = {"type": "uri", "value": str(value)}
            elif isinstance(value, BNode):
                b[var] = {"type": "bnode", "value": str(value)}
            else:
                lit: dict = {"type": "literal", "value": str(value)}
                if isinstance(value, Literal) and value.language:
                    lit["xml:lang"] = value.language
                elif isinstance(value, Literal) and value.datatype:
                    lit["datatype"] = str(value.datatype)
                b[var] = lit
        bindings.append(b)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
