"""Entity rule ablation: what each rule of the resolver is worth, switched off one at a time.

For every rule of :data:`kg.components.entities.rules.DEFAULT_RULES`, the resolver runs
with that rule left out and the F1 change is printed on four sets: the 21 GUM articles the
rules were developed on, the 3 held out (``score_entities.HELD_OUT``), and MEANTIME's
development part (``shared/corpus/meantime-dev``: names, typed, and all mentions). A
negative delta means the rule helps there. A rule that helps only the development
articles is fitted to them.

spaCy parses each article once; every configuration then re-runs only the kg components
(the resolver and those after it), so the whole table costs about one pipeline run per
rule over 84 short articles. Scorers are the shared ones, imported by path.

usage: python benchmarks/ablation_entities.py [--rules ID,ID] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MEANTIME = SHARED / "corpus" / "meantime-dev"
MEANTIME_SCORER = SHARED / "tools" / "score_meantime.py"
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

from score_entities import GOLD, HELD_OUT, SCORER, load_scorer, predictions  # noqa: E402

RESOLVER = "kg_entity_resolver"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Corpus:
    """Articles parsed once by spaCy, re-run through the kg components per configuration."""

    def __init__(self, nlp, documents: list) -> None:
        from kg.pipeline import make_doc

        self.nlp = nlp
        self.documents = documents
        names = nlp.pipe_names
        self.kg_after = names[names.index(RESOLVER) + 1 :]
        kg = [RESOLVER, *self.kg_after]
        with nlp.select_pipes(disable=kg):
            self.docs = list(nlp.pipe(make_doc(nlp, d) for d in documents))

    def graphs(self, resolver, *, corpus: bool) -> list:
        """The document graphs with ``resolver``; ``corpus``: short labels rewritten across
        the corpus, as ``kg build`` does (the GUM benchmark scores documents alone)."""
        from kg.corpus import resolve_corpus
        from kg.pipeline import extract

        out = []
        for doc, document in zip(self.docs, self.documents, strict=True):
            doc = resolver(doc)
            for name in self.kg_after:
                doc = self.nlp.get_pipe(name)(doc)
            out.append(extract(doc, document))
        return resolve_corpus(out) if corpus else out


def meantime_documents() -> list:
    from kg.ingest import read_file

    files = sorted((MEANTIME / "texts").glob("*.txt"))
    return [d for f in files for d in read_file(f, warn=lambda _msg: None)]


def score_meantime(scorer: ModuleType, gold: list, graphs: list, background) -> dict:
    from kg.rdf import to_rdf

    g = to_rdf(graphs)
    system, _, _ = scorer.read_graph(g, scorer.GoldIndex(gold), background)
    missing = {d["id"]: {"entities": [], "events": []} for d in gold if d["id"] not in system}
    res, _ = scorer.score(gold, {**system, **missing})
    return {
        "names": res["entity_mentions_named"]["typed_overlap"]["f1"],
        "mentions": res["entity_mentions_all"]["overlap"]["f1"],
    }


def score_gum(scorer: ModuleType, gold: list, graphs: list) -> dict:
    pred = predictions(gold, graphs)
    dev = [d for d in gold if d["doc_id"] not in HELD_OUT]
    held = [d for d in gold if d["doc_id"] in HELD_OUT]
    return {
        "gum": scorer.score(gold, pred)[2],
        "dev": scorer.score(dev, pred)[2],
        "held": scorer.score(held, pred)[2],
    }


COLUMNS = ("gum", "dev", "held", "names", "mentions")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", help="only these rule ids (comma-separated)")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args(argv)
    for path in (GOLD, SCORER, MEANTIME / "gold.json", MEANTIME_SCORER):
        if not path.is_file():
            print(f"ablation_entities: missing {path}")
            return 2
    from rdflib import Graph

    from kg.components.entities.rules import DEFAULT_RULES, RuleSet
    from kg.ingest import parse_text
    from kg.nlp import load_pipeline

    start = time.perf_counter()
    gum_scorer = load_scorer(SCORER)
    mt_scorer = _load(MEANTIME_SCORER, "score_meantime")
    gum_gold = json.loads(GOLD.read_text(encoding="utf-8"))
    mt_gold = json.loads((MEANTIME / "gold.json").read_text(encoding="utf-8"))["documents"]
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    nlp = load_pipeline()
    gum = Corpus(nlp, [parse_text(d["text"], source=d["doc_id"]) for d in gum_gold])
    mt = Corpus(nlp, meantime_documents())
    base = nlp.get_pipe(RESOLVER)

    def run(rules: RuleSet) -> dict:
        resolver = type(base)(nlp, RESOLVER, rules=rules.ids)
        resolver.lex = base.lex
        return {
            **score_gum(gum_scorer, gum_gold, gum.graphs(resolver, corpus=False)),
            **score_meantime(mt_scorer, mt_gold, mt.graphs(resolver, corpus=True), ontology),
        }

    full = run(RuleSet())
    wanted = args.rules.split(",") if args.rules else list(DEFAULT_RULES)
    rows = {}
    header = f"{'rule off':24}" + "".join(f"{c:>10}" for c in COLUMNS)
    print("entity rule ablation: F1 with all rules, then the change with one rule off")
    print("(gum = 24 GUM articles, dev = the 21 developed on, held = the 3 held out;")
    print(" names / mentions = MEANTIME dev, typed names / all mentions, overlap)\n")
    print(header)
    print(f"{'(all rules)':24}" + "".join(f"{full[c]:10.3f}" for c in COLUMNS))
    for rule_id in wanted:
        scores = run(RuleSet().without([rule_id]))
        rows[rule_id] = {c: round(scores[c] - full[c], 4) for c in COLUMNS}
        print(f"{rule_id:24}" + "".join(f"{rows[rule_id][c]:+10.3f}" for c in COLUMNS))
    print(f"\n({time.perf_counter() - start:.0f} s)")
    if args.json:
        from kg.fileio import atomic_write_text

        atomic_write_text(args.json, json.dumps({"all": full, "off": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
