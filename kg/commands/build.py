"""``kg build INPUT... --out DIR``: articles to Turtle, HTML graph, report and analysis.

The build streams: articles are read lazily, parsed by ``--jobs`` worker processes and
written a batch at a time into an Oxigraph store (a temporary one, or ``--store DIR`` to
keep adding to it), from which the Turtle is written. Nothing holds the whole corpus, its
spaCy ``Doc`` objects or an rdflib graph of it in memory; analysis and the HTML view read
a projection of the store (entities, events, roles), not its millions of NIF triples.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

from kg.nlp import DEFAULT_MODEL
from kg.parallel import default_jobs
from kg.pipeline import BATCH_SIZE

#: Above this many triples, SHACL validation checks only the first VALIDATE_SAMPLE documents
#: and says so. pySHACL is single-threaded Python: measured ~1.5 s + ~0.8 s per 1,000
#: triples (120k triples, 200 articles: 198 s, longer than parsing them), so a full check
#: belongs to ``kg validate``, not to every build.
VALIDATE_FULL_LIMIT = 5_000
VALIDATE_SAMPLE = 5
#: ... and at most this many triples of them (~10 s of pySHACL).
VALIDATE_SAMPLE_TRIPLES = 12_000
#: The HTML view renders in a forked child (beside the analysis) up to this many projection
#: triples (~5,000 articles); above, in this process after it, so that the copy-on-write
#: pages a child touches never add a large projection's memory a second time.
FORK_VIEW_LIMIT = 3_000_000


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "build",
        help="build the graph of a set of articles",
        description=(
            "Read articles (files or folders: .txt, .html, .jsonl, recursively), extract "
            "entities and events, and write DIR/graph.ttl, DIR/graph.html, DIR/report.md and "
            "DIR/analysis.json. A named file that cannot be read is an error; a bad file "
            "inside a folder is skipped with a warning. With --store, the articles are added "
            "to a persistent store (one named graph per article; re-adding an article "
            "replaces it) and the outputs describe the whole store; without --out, a "
            "build with --store writes only the store (kg export writes its files later)."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    p.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="output folder (default: output/; with --store: none, only the store is written)",
    )
    p.add_argument(
        "--store",
        metavar="DIR",
        default=None,
        help="add the articles to the persistent Oxigraph store in DIR (created if needed)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help=f"worker processes for the NLP stage (default: all cores, here {default_jobs()})",
    )
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        default=None,
        help=(
            "run the NLP stage on a Dask cluster: local:N (N workers on this machine) or a "
            "scheduler address such as tcp://host:8786 (needs the cluster extra; "
            "see docs/scale.md)"
        ),
    )
    p.add_argument(
        "--shard-size",
        default=None,
        metavar="SIZE",
        help=(
            "text per cluster task, e.g. 4MB or 500kB (default: 1/64 of the input, "
            "between 100kB and 4MB)"
        ),
    )
    p.add_argument(
        "--nquads",
        action="store_true",
        help=(
            "with --cluster: also write DIR/nquads/part-NNNNN.nq, one named graph per "
            "article (graph.ttl is the corpus graph); kg push sends them graph by graph"
        ),
    )
    p.add_argument(
        "--cluster-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds to wait for the scheduler and a first worker (default: %(default)s)",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=BATCH_SIZE,
        metavar="N",
        help="documents per nlp.pipe batch (default: %(default)s)",
    )
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (default: %(default)s)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="skip SHACL validation of the written graph",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when the graph does not conform to the SHACL shapes",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from kg import errors
    from kg.analysis import summary
    from kg.api import build_into
    from kg.background import Background
    from kg.fileio import atomic_write_text
    from kg.ingest import count_articles
    from kg.progress import Progress
    from kg.report import render_report
    from kg.store import DocumentStore
    from kg.viz import render_html

    def warn(message: str) -> None:
        sys.stderr.write(f"kg: warning: {message}\n")

    if args.jobs is not None and args.jobs < 1:
        raise errors.UsageError(f"--jobs must be at least 1 (got {args.jobs})")
    if args.batch_size < 1:
        raise errors.UsageError(f"--batch-size must be at least 1 (got {args.batch_size})")
    # with --store the store is the output: files only when --out asks for them
    out = Path(args.out) if args.out else None if args.store else Path("output")
    if out is not None and out.exists() and not out.is_dir():
        raise errors.cannot_write(str(out), "not a folder")

    if args.nquads and not args.cluster:
        raise errors.UsageError("--nquads needs --cluster")
    if args.nquads and out is None:
        raise errors.UsageError("--nquads needs --out DIR (the parts go to DIR/nquads)")
    timer = _Timer(enabled=bool(os.environ.get("KG_TIMINGS")))
    total = None if args.quiet else count_articles(args.inputs)
    progress = Progress("building", total=total, enabled=not args.quiet)
    with contextlib.ExitStack() as stack:
        engine, extract = (
            _cluster(args, out or Path(args.store), warn, progress, stack)
            if args.cluster
            else (None, None)
        )
        store = DocumentStore(args.store) if args.store else None
        try:
            result = build_into(
                args.inputs,
                out / "graph.ttl" if out else None,
                store=store,
                model=args.model,
                jobs=args.jobs,
                batch_size=args.batch_size,
                warn=warn,
                progress=progress,
                extract=extract,
            )
        finally:
            progress.close()
            if store is not None:
                store.close()
    timer.lap("extract+rdf+turtle")
    projection = result.projection
    triples = result.triples
    # the page renders and the sample is validated in forked children while this process
    # analyses: three single-threaded jobs that ran one after the other on one core
    fork = len(projection) <= FORK_VIEW_LIMIT  # also freezes it before the fork
    page = Background(lambda: render_html(projection), enabled=fork) if out is not None else None
    checking = None
    if args.validate:
        turtle = out / "graph.ttl" if out else None
        checking = Background(lambda: _validation(turtle, result, triples), enabled=fork)
    try:
        stats = summary(projection)
        stats["triples"] = triples
        timer.lap("analysis")
        if checking is not None:
            found, notes = checking.result()
            for note in notes:
                warn(note)
            stats.update(found)
            if args.strict and found.get("shacl_conforms") is False:
                raise errors.NotConforming(f"{found['shacl_violations']} SHACL violations")
            timer.lap("validation")
        if page is not None:
            atomic_write_text(out / "graph.html", page.result())
    finally:
        for job in (page, checking):
            if job is not None:
                job.cancel()
    if out is not None:
        timer.lap("html")
        atomic_write_text(out / "report.md", render_report(stats))
        analysis = json.dumps(stats, indent=2, sort_keys=True) + "\n"
        atomic_write_text(out / "analysis.json", analysis)
    timer.done()
    if engine is not None and not args.quiet:
        done = engine.stats
        sys.stderr.write(f"kg: shards: {done.computed} computed, {done.reused} reused\n")
    if not args.quiet:
        sys.stderr.write(
            f"kg: {stats['documents']} documents, {stats['entities']} entities, "
            f"{stats['events']} events, {triples} triples\n"
        )
    if out is not None:
        print(f"Turtle: {out / 'graph.ttl'}")
        print(f"HTML:   {out / 'graph.html'}")
        print(f"Report: {out / 'report.md'}")
    if args.store:
        print(f"Store:  {args.store}")
    if args.nquads:
        print(f"N-Quads: {out / 'nquads'}")
    if out is None:
        print("Files:  none (add --out DIR for graph.ttl, graph.html and report.md)")
    return 0


def _cluster(args, out: Path, warn, progress, stack: contextlib.ExitStack):
    """Plan the shards, connect to the cluster (checked), and return the extract stage.

    Everything that can fail before the build does so here, before any output is written.
    """
    from kg import cluster, errors

    if args.jobs is not None:
        raise errors.UsageError("--jobs and --cluster do not combine (workers set the cores)")
    if args.cluster_timeout <= 0:
        raise errors.UsageError("--cluster-timeout must be positive")
    size = cluster.parse_size(args.shard_size) if args.shard_size is not None else None
    shards = cluster.plan(args.inputs, model=args.model, shard_bytes=size)
    engine = stack.enter_context(
        cluster.Cluster(args.cluster, model=args.model, timeout=args.cluster_timeout)
    )
    if not args.quiet:
        cluster.announce(engine)
    return engine, cluster.extractor(
        engine,
        shards,
        paths=args.inputs,
        model=args.model,
        batch_size=args.batch_size,
        cache=out / "shards",
        warn=warn,
        progress=progress,
        nquads=out / "nquads" if args.nquads else None,
    )


class _Timer:
    """Phase timings on stderr when ``KG_TIMINGS=1`` (used by the throughput benchmark)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now

    def done(self) -> None:
        if self.enabled:
            self.laps["total"] = time.perf_counter() - self.start
            sys.stderr.write(f"kg: timings {json.dumps(self.laps)}\n")


def _validation(turtle: Path | None, result, triples: int) -> tuple[dict, list[str]]:
    """:func:`_validate`'s findings (for the report) and warnings, as data: it runs in a
    forked child, and this process reports them."""
    found: dict = {}
    notes: list[str] = []
    _validate(turtle, result, triples, found, warn=notes.append)
    return found, notes


def _validate(turtle: Path | None, result, triples: int, stats: dict, *, warn) -> None:
    """SHACL over the whole graph when it is small, else over a sample of documents."""
    from kg.rdf import to_rdf

    try:
        from kg.validate import validate
    except ImportError:  # the validator ships separately from the build in some checkouts
        warn("SHACL validation skipped: kg.validate is not available")
        return
    if triples <= VALIDATE_FULL_LIMIT and turtle is not None:
        from kg.store import read_rdf

        graph = read_rdf(turtle)
        stats["shacl_scope"] = "graph"
    else:
        graph, count = None, 0
        for n in range(1, min(VALIDATE_SAMPLE, len(result.sample)) + 1):
            candidate = to_rdf(result.sample[:n])
            if len(candidate) > VALIDATE_SAMPLE_TRIPLES:
                break
            graph, count = candidate, n
        if graph is None:  # one huge article: pySHACL would take minutes
            stats["shacl_scope"] = "none"
            warn(
                f"SHACL: the graph has {triples} triples and its first document alone is "
                f"over {VALIDATE_SAMPLE_TRIPLES}; not validated (kg validate checks a graph file)"
            )
            return
        stats["shacl_scope"] = f"sample of {count} documents"
        warn(
            f"SHACL: the graph has {triples} triples; validated the first {count} "
            "documents only (kg validate checks a whole graph file)"
        )
    report = validate(graph)
    stats["shacl_conforms"] = report.conforms
    stats["shacl_violations"] = len(report.violations)
    for line in report.violations[:10]:
        warn(f"SHACL: {line}")
