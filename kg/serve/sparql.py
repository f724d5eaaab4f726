"""The SPARQL 1.1 Protocol side of ``kg serve``: evaluate one read-only query on the store.

The query is checked by :func:`kg.query.check_read_only` (the same checks as ``kg query``:
no updates, no LOAD, no SERVICE or FROM that would fetch data) before it reaches Oxigraph,
whose engine would otherwise follow SERVICE over HTTP. Rows beyond ``max_rows`` are cut
and the reply says so in a ``KG-Truncated`` header.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespace import PREFIXES
from kg.query import check_read_only
from kg.serve.results import CONTENT_TYPE, GRAPH_TYPES, write_boolean, write_select


def answer(store: ox.Store, query: str, select_fmt: str, graph_media: str, max_rows: int):
    """``("ok", media_type, body, headers)`` or ``("error", status, message)``."""
    check_read_only(query)
    try:
        result = store.query(query, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        return ("error", 400, f"malformed SPARQL: {str(exc).splitlines()[0]}")
    except (OSError, ValueError, RuntimeError) as exc:
        return ("error", 400, f"query failed: {str(exc).splitlines()[0]}")
    headers: dict[str, str] = {}
    if isinstance(result, ox.QueryBoolean):
        return ("ok", CONTENT_TYPE[select_fmt], write_boolean(bool(result), select_fmt), headers)
    if isinstance(result, ox.QueryTriples):
        triples = []
        for t in result:
            if len(triples) >= max_rows:
                headers["KG-Truncated"] = str(max_rows)
                break
            triples.append(t)
        body = ox.serialize(triples, format=GRAPH_TYPES[graph_media], prefixes=dict(PREFIXES))
        return ("ok", graph_media + "; charset=utf-8", body, headers)
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        if len(rows) >= max_rows:
            headers["KG-Truncated"] = str(max_rows)
            break
        rows.append(tuple(solution[v] for v in variables))
    return ("ok", CONTENT_TYPE[select_fmt], write_select(variables, rows, select_fmt), headers)
