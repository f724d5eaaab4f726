"""``kg build INPUT... --out DIR``: articles to Turtle, HTML graph, report and analysis."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.api import build
from kg.fileio import atomic_write_text
from kg.nlp import DEFAULT_MODEL
from kg.progress import Progress


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "build",
        help="build the graph of a set of articles",
        description=(
            "Read articles (files or folders: .txt, .html, .jsonl, recursively), extract "
            "entities and events, and write DIR/graph.ttl, DIR/graph.html, DIR/report.md and "
            "DIR/analysis.json. A named file that cannot be read is an error; a bad file "
            "inside a folder is skipped with a warning."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    p.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output/)")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (default: %(default)s)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument(
        "--no-validate", dest="validate", action="store_false",
        help="skip SHACL validation of the written graph",
    )
    p.add_argument(
        "--strict", action="store_true",
        help="exit 1 when the graph does not conform to the SHACL shapes",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from kg import errors
    from kg.analysis import summary
    from kg.report import render_report

    def warn(message: str) -> None:
        sys.stderr.write(f"kg: warning: {message}\n")

    progress = Progress("building", enabled=not args.quiet)
    try:
        kb = build(args.inputs, model=args.model, warn=warn, progress=progress)
    finally:
        progress.close()
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise errors.cannot_write(str(out), "not a folder")
    stats = summary(kb.graph)
    if args.validate:
        report = kb.validate()
        stats["shacl_conforms"] = report.conforms
        stats["shacl_violations"] = len(report.violations)
        for line in report.violations[:10]:
            warn(f"SHACL: {line}")
        if not report.conforms and args.strict:
            raise errors.NotConforming(f"{len(report.violations)} SHACL violations")
    ttl = kb.to_turtle(out / "graph.ttl")
    del ttl
    kb.to_html(out / "graph.html")
    atomic_write_text(out / "report.md", render_report(stats))
    atomic_write_text(out / "analysis.json", json.dumps(stats, indent=2, sort_keys=True) + "\n")
    if not args.quiet:
        sys.stderr.write(
            f"kg: {stats['documents']} documents, {stats['entities']} entities, "
            f"{stats['events']} events\n"
        )
    print(f"Turtle: {out / 'graph.ttl'}")
    print(f"HTML:   {out / 'graph.html'}")
    print(f"Report: {out / 'report.md'}")
    return 0
