"""Event benchmark on MEANTIME dev: triggers, arguments and dates, with each event rule off.

Reads the articles of ``shared/corpus/meantime-dev/texts`` as ``kg build`` does, parses them
once (spaCy, the entity resolver and coreference), then for each configuration of the event
layer runs the participant stage and the event extractor on fresh copies, writes one graph
and scores it with ``shared/tools/score_meantime.py`` (run as a program, never copied).

Configurations: the default; the open layer off (only the class lexicon's words are events,
as before this layer existed); and each switchable rule of
:class:`kg.components.events.EventOptions` off in turn (ablation). Printed per configuration:
names F1 (typed), events excluding grammatical (overlap) P/R/F1, arguments unlabeled and
labeled F1, event dates accuracy and coverage.

These are DEVELOPMENT figures: the open layer was built while measuring on these 60
articles (its rules and word lists are general English grammar and vocabulary, written
without reading them). Held-out MEANTIME topics are scored elsewhere.

usage: python benchmarks/score_meantime_events.py [--corpus DIR] [--scorer SCORER.py]
       [--no-ablation] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "meantime-dev"
SCORER = SHARED / "tools" / "score_meantime.py"
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

#: The issue's targets on this corpus (headline lines of the scorer's table).
TARGETS = {"events_f1": 0.70, "events_p": 0.70, "args_unlabeled_f1": 0.40, "args_labeled_f1": 0.30}


def parse(corpus: Path):
    """The pipeline and the parsed documents (up to coreference), with entity snapshots."""
    from kg.ingest import read_file
    from kg.nlp import load_pipeline
    from kg.pipeline import make_doc

    nlp = load_pipeline()
    documents = [
        d for path in sorted((corpus / "texts").glob("*.txt")) for d in read_file(path, print)
    ]
    with nlp.select_pipes(disable=["kg_participants", "kg_event_extractor"]):
        docs = list(nlp.pipe(make_doc(nlp, d) for d in documents))
    return nlp, documents, docs


def run(nlp, documents, docs, options):
    """Document graphs with the event layer configured by ``options``."""
    from kg.components.events import EventOptions, extract_events
    from kg.pipeline import extract

    lexicon = nlp.get_pipe("kg_event_extractor").lexicon
    graphs = []
    for doc, document in zip(docs, documents, strict=True):
        doc._.kg_participants = None  # the participant stage runs again with these options
        doc._.kg_events = extract_events(doc, lexicon, EventOptions(**options))
        graphs.append(extract(doc, document))
    return graphs


def score(graphs, gold: Path, scorer: Path) -> dict:
    from kg.rdf import to_rdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.ttl"
        to_rdf(graphs).serialize(path, format="turtle")
        ontology = ROOT / "ontology" / "kg.ttl"
        out = subprocess.run(
            [sys.executable, str(scorer), str(gold), str(path), str(ontology), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(out)


def figures(result: dict) -> dict[str, float]:
    head = result["headline"]
    events = result["events_excluding_grammatical"]["overlap"]
    return {
        "names_f1": head["names_f1"],
        "events_p": events["p"],
        "events_r": events["r"],
        "events_f1": events["f1"],
        "args_unlabeled_f1": result["args_all_strict_unlabeled"]["f1"],
        "args_labeled_f1": result["args_all_strict_labeled"]["f1"],
        "dates_accuracy": head["dates_accuracy"] or 0.0,
        "dates_coverage": head["dates_coverage"] or 0.0,
    }


def configurations(ablation: bool) -> list[tuple[str, dict]]:
    from kg.components.events import EventOptions

    configs = [("default", {}), ("open layer off", {"open_events": False})]
    if ablation:
        for f in dataclasses.fields(EventOptions):
            if f.name != "open_events":
                configs.append((f"{f.name} off", {f.name: False}))
    return configs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--scorer", type=Path, default=SCORER)
    p.add_argument("--no-ablation", action="store_true")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not (args.corpus / "gold.json").is_file() or not args.scorer.is_file():
        print(f"MEANTIME corpus or scorer not found under {SHARED}; nothing to score")
        return 0
    start = time.perf_counter()
    nlp, documents, docs = parse(args.corpus)
    rows = []
    for name, options in configurations(not args.no_ablation):
        graphs = run(nlp, documents, docs, options)
        rows.append((name, figures(score(graphs, args.corpus / "gold.json", args.scorer))))
    if args.json:
        print(json.dumps(dict(rows), indent=2))
        return 0
    cols = list(rows[0][1])
    print(f"MEANTIME dev, {len(documents)} articles (development figures)")
    print(f"{'configuration':26}" + "".join(f"{c:>18}" for c in cols))
    for name, row in rows:
        print(f"{name:26}" + "".join(f"{row[c]:18.3f}" for c in cols))
    default = rows[0][1]
    misses = [k for k, v in TARGETS.items() if default[k] < v]
    print(
        "targets (events P/F1 >= 0.70, arguments unlabeled >= 0.40, labeled >= 0.30): "
        + ("met" if not misses else "missed: " + ", ".join(misses))
    )
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
