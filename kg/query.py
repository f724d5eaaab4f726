"""SPARQL over our graphs: read-only, prefixes predeclared, results as table, CSV or JSON.

Queries are untrusted input: updates (``INSERT``, ``DELETE``, ``LOAD``, ``DROP`` ...) and
``SERVICE`` federation are refused before evaluation, so a query can neither modify data
nor make the process reach the network.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg import errors
from kg.namespace import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")

_FORBIDDEN = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|SERVICE|WITH)\b", re.IGNORECASE
)


@dataclass
class QueryResult:
    """The answer to one query: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str]
    rows: list[tuple[object, ...]]
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self):  # noqa: ANN204 - rows
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.graph is None else len(self.graph)


def _strip_comments_and_strings(query: str) -> str:
    """The query with comments, strings and IRIs blanked, for keyword checks."""
    query = re.sub(r"<[^<>\s]*>", "<>", query)
    query = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'', '""', query)
    query = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', query)
    return re.sub(r"#[^\n]*", "", query)


def check_read_only(query: str, *, allow_federation: bool = False) -> None:
    """Refuse updates and (unless allowed) federation; raises QueryError."""
    for m in _FORBIDDEN.finditer(_strip_comments_and_strings(query)):
        word = m[1].upper()
        if word == "SERVICE" and allow_federation:
            continue
        if word == "WITH":
            continue  # only meaningful in updates, which fail on their other keyword
        if word == "SERVICE":
            raise errors.QueryError(
                "SERVICE (federated query) is refused; pass --allow-federation to permit it"
            )
        raise errors.QueryError(f"{word} is not allowed: kg query only reads the graph")


def read_query(text_or_path: str) -> str:
    """The query text: the argument itself, or the contents of a ``.rq`` file it names."""
    p = Path(text_or_path)
    if text_or_path.endswith((".rq", ".sparql")) or (len(text_or_path) < 300 and p.is_file()):
        try:
            return p.read_text(encoding="utf-8")
        except OSError as exc:
            raise errors.QueryError(f"{text_or_path}: cannot read query ({exc.strerror})") from None
    return text_or_path


def run_query(graph: Graph, query: str, *, allow_federation: bool = False) -> QueryResult:
    """Evaluate a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query over ``graph``."""
    check_read_only(query, allow_federation=allow_federation)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # pyparsing raises several types; all mean "malformed"
        raise errors.QueryError(f"malformed SPARQL: {_parse_error(exc)}") from None
    try:
        result = graph.query(prepared)
    except Exception as exc:
        raise errors.QueryError(f"query failed: {exc}") from None
    kind = result.type
    if kind == "ASK":
        return QueryResult(kind, [], [], boolean=bool(result.askAnswer))
    if kind in ("CONSTRUCT", "DESCRIBE"):
        g = result.graph if result.graph is not None else Graph()
        for prefix, iri in PREFIXES.items():
            g.bind(prefix, iri, override=True)
        return QueryResult(kind, [], [], graph=g)
    variables = [str(v) for v in (result.vars or [])]
    return QueryResult(kind, variables, [tuple(row) for row in result])


def _parse_error(exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None) or getattr(exc, "column", None)
    msg = str(exc).split("\n")[0]
    msg = re.sub(r",?\s*\(at char \d+\)", "", msg)
    msg = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)", "", msg)
    if line is not None and col is not None:
        return f"line {line}, column {col}: {msg}"
    return msg


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result: aligned table, CSV, TSV or SPARQL 1.1 JSON; graphs as Turtle."""
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_cell(v) for v in row])
        return buf.getvalue()
    return _table(result)


def _table(result: QueryResult) -> str:
    rows = [[_cell(v).replace("\n", " ") for v in row] for row in result.rows]
    head = result.variables
    widths = [len(h) for h in head]
    for row in rows:
        widths = [max(w, min(len(c), 80)) for w, c in zip(widths, row, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=False)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c if len(c) <= 80 else c[:79] + "…" for c in row]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _sparql_json(result: QueryResult) -> dict:
    bindings = []
    for row in result.rows:
        b = {}
        for var, value in zip(result.variables, row, strict=False):
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
