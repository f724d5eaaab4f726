"""Store benchmark: the example SPARQL queries on a graph of 1M+ triples, Oxigraph vs rdflib.

The data goes through our own mapping (:mod:`kg.serialize`, i.e. :mod:`kg.rdf`): the example
articles are parsed once by the kg pipeline, then their document graphs are replicated
with new document ids and with entity names varied per copy (so the corpus has many
distinct actors, as a real one does, not six repeated ones) until the corpus graph holds
the target number of triples. The same triples are loaded into pyoxigraph (in memory)
and into an rdflib ``Graph``; each query of ``examples/queries/*.rq`` (a few built-in
analyst queries if that folder is empty) runs on both, and the row counts are compared.

usage: python benchmarks/bench_store.py [--triples 1000000] [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUILT_IN = {
    "entities-by-type": "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t ; rdfs:label ?l } "
    "GROUP BY ?t ORDER BY DESC(?n)",
    "two-hop-co-participants": "SELECT ?a ?b (COUNT(?e) AS ?n) WHERE { ?e kg:agent ?a ; "
    "kg:patient ?b } GROUP BY ?a ?b ORDER BY DESC(?n) LIMIT 20",
    "events-with-evidence": "SELECT ?e ?s WHERE { ?e kg:trigger ?t ; kg:evidence/nif:anchorOf "
    "?s } LIMIT 100",
}


def queries() -> dict[str, str]:
    found = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))
    }
    return found or BUILT_IN


def seed_graphs():
    from kg import ingest
    from kg.pipeline import process

    docs = ingest.iter_documents([ROOT / "examples" / "articles"], warn=lambda _: None)
    return list(process(docs))


def replicate(graphs, copy: int):
    """The seed graphs as copy ``copy``: new document ids, entity names varied per copy."""
    variant = copy % 400  # 400 variants of every actor: shared across documents, not unique
    out = []
    for g in graphs:
        doc = replace(g.document, id=f"{g.document.id}-{copy:05d}")
        entities = [
            replace(
                e,
                label=f"{e.label} {variant}" if e.named else e.label,
                alt_labels=list(e.alt_labels),
            )
            for e in g.entities
        ]
        out.append(replace(g, document=doc, entities=entities, events=list(g.events)))
    return out


def _rdflib_child(graph, text: str, conn, prefixes=None) -> None:
    from kg.query import run_query

    t = time.perf_counter()
    n = len(run_query(graph, text).rows)
    conn.send((time.perf_counter() - t, n))


def _ox_child(store, text: str, conn, prefixes=None) -> None:
    t = time.perf_counter()
    n = len(list(store.query(text, prefixes=prefixes)))
    conn.send((time.perf_counter() - t, n))


def _timed(target, data, text: str, timeout: float, prefixes=None):
    """One query's (seconds, rows), run in a forked child since neither engine can be
    interrupted otherwise; ``(None, None)`` when it runs past ``timeout``."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(data, text, child, prefixes))
    proc.start()
    result = parent.recv() if parent.poll(timeout) else (None, None)
    if proc.is_alive():
        proc.kill()
    proc.join()
    return result


def _cell(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} (stopped)" if seconds is None else f"{seconds:.3f}"


def main(argv: list[str] | None = None) -> int:
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.namespace import PREFIXES, bind_prefixes
    from kg.serialize import CorpusTriples
    from kg.store import to_rdflib

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--quick", action="store_true", help="100k triples (a smoke run)")
    p.add_argument("--json", metavar="FILE")
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds allowed per rdflib query (default: %(default)s)",
    )
    args = p.parse_args(argv)
    target = 100_000 if args.quick else args.triples

    t0 = time.perf_counter()
    seeds = seed_graphs()
    parse_s = time.perf_counter() - t0
    stream = CorpusTriples()
    triples: list[tuple] = []
    copy = 0
    while len(triples) < target:
        for g in replicate(seeds, copy):
            triples.extend(stream.triples(g))
        copy += 1
    documents = copy * len(seeds)

    # the stream gives Oxigraph terms; rdflib gets its own terms before its load is timed
    as_rdflib = [tuple(map(to_rdflib, tr)) for tr in triples]
    t = time.perf_counter()
    store = ox.Store()
    store.bulk_extend(ox.Quad(s, p_, o) for s, p_, o in triples)
    ox_load = time.perf_counter() - t
    t = time.perf_counter()
    graph = Graph()
    bind_prefixes(graph)
    for tr in as_rdflib:
        graph.add(tr)
    rdflib_load = time.perf_counter() - t
    del triples, as_rdflib

    rows = []
    prefixes = dict(PREFIXES)
    for name, text in queries().items():
        ox_s, ox_n = _timed(_ox_child, store, text, args.timeout, prefixes)
        rdflib_s, rdflib_n = _timed(_rdflib_child, graph, text, args.timeout)
        rows.append(
            {
                "query": name,
                "oxigraph_s": ox_s,
                "rdflib_s": rdflib_s,
                "rows_oxigraph": ox_n,
                "rows_rdflib": rdflib_n,
            }
        )
        sys.stderr.write(f"bench_store: {name} done\n")

    n_triples = len(graph)
    print(f"## SPARQL on {n_triples:,} triples ({documents:,} documents): Oxigraph vs rdflib\n")
    print(
        f"load: pyoxigraph {ox_load:.1f} s, rdflib {rdflib_load:.1f} s "
        f"(seed parse {parse_s:.1f} s); each query limited to {args.timeout:.0f} s\n"
    )
    print("| query | Oxigraph s | rdflib s | speed-up | rows (ox / rdflib) |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        ox_s, rd_s = r["oxigraph_s"], r["rdflib_s"]
        if ox_s is not None and rd_s is not None:
            speed = f"{rd_s / max(ox_s, 1e-9):,.0f}x"
        elif ox_s is not None:
            speed = f"> {args.timeout / max(ox_s, 1e-9):,.0f}x"
        else:
            speed = "-"
        same = ""
        if None not in (r["rows_oxigraph"], r["rows_rdflib"]) and (
            r["rows_oxigraph"] != r["rows_rdflib"]
        ):
            same = " MISMATCH"
        print(
            f"| {r['query']} | {_cell(ox_s, args.timeout)} | {_cell(rd_s, args.timeout)} "
            f"| {speed} | {r['rows_oxigraph']} / {r['rows_rdflib']}{same} |"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "triples": n_triples,
                    "documents": documents,
                    "ox_load_s": ox_load,
                    "rdflib_load_s": rdflib_load,
                    "queries": rows,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
