"""SPARQL 1.1 result formats for ``kg serve``, written from Oxigraph terms.

Why not ``QuerySolutions.serialize``: the endpoint caps the number of rows it returns
(``--max-rows``), and a consumed Oxigraph iterator cannot be serialised any more. These
writers take the rows already read (at most the cap), in the four formats of the SPARQL 1.1
Query Results specifications: JSON, XML, CSV and TSV.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

#: Media type -> format name, in the order content negotiation prefers them.
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: ``format=`` shortcuts (what SPARQL clients and browsers' address bars use).
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
}
CONTENT_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


def negotiate(accept: str, offered: dict[str, object]) -> str | None:
    """The offered media type ``accept`` prefers (q-values; ``*/*`` takes the first).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("text/html", SELECT_TYPES) is None
    True
    """
    if not accept.strip():
        return next(iter(offered))
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for neg_q, _, media in sorted(ranked):
        if neg_q == 0:
            break
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return next((m for m in offered if prefix == "*" or m.startswith(prefix)), None)
    return None


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms, as text


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        dt = term.datatype.value
        if dt != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(dt)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return getattr(term, "value", str(term))


def write_select(variables: list[str], rows: list[tuple], fmt: str) -> bytes:
    """Rows of a SELECT in ``fmt`` (json, xml, csv, tsv).

    >>> rows = [(ox.NamedNode("http://x/a"), ox.Literal("3<", language="en"))]
    >>> print(write_select(["s", "o"], rows, "tsv").decode().replace(chr(9), " | "), end="")
    ?s | ?o
    <http://x/a> | "3<"@en
    >>> json.loads(write_select(["s", "o"], rows, "json"))["results"]["bindings"][0]["o"]
    {'type': 'literal', 'value': '3<', 'xml:lang': 'en'}
    """
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(t) for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in ``fmt``."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return (("true" if value else "false") + "\n").encode()
