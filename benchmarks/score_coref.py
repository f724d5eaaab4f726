"""Coreference benchmark: MEANTIME dev mentions and coreference with and without ``kg_coref``.

Reads the articles of ``shared/corpus/meantime-dev/texts`` as ``kg build`` does, parses them
once (spaCy and the entity resolver), then for each configuration runs the coreference
component and the event extractor on fresh copies of the entity results, writes the graph and
scores it with ``shared/tools/score_meantime.py`` (run as a program, never copied). The
configurations: no coreference, all sieves, and each sieve switched off in turn (ablation).

These are development figures: the rules were written while measuring on these articles
(though not from them). A second table checks each linked mention against GUM's full
coreference gold (``shared/corpus/gum-news``, every mention including pronouns): a link is
right when the gold mention it covers is in the gold chain of the entity's own mentions.
The sieves were not written on GUM; its first figure (0.842 of links right) was taken before
looking at its errors, which then showed the binding, quotation and ambiguity constraints of
the pronoun sieve, so the GUM figure printed now is a development figure too.

Printed per configuration: names F1 (overlap and type, the scorer's headline), all mentions
P/R/F1, coreference link P/R and B-cubed F1, gold pronouns and nominals matched, and how many
mentions each sieve linked.

usage: python benchmarks/score_coref.py [--corpus DIR] [--scorer SCORER.py] [--no-ablation]
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "meantime-dev"
GUM = SHARED / "corpus" / "gum-news" / "gold-entities.json"
SCORER = SHARED / "tools" / "score_meantime.py"
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))


def parse(corpus: Path):
    """The pipeline and the parsed documents, each with a snapshot of the entity results."""
    from kg.ingest import read_file
    from kg.nlp import load_pipeline
    from kg.pipeline import make_doc

    nlp = load_pipeline()
    documents = [
        d for path in sorted((corpus / "texts").glob("*.txt")) for d in read_file(path, print)
    ]
    with nlp.select_pipes(disable=["kg_coref", "kg_participants", "kg_event_extractor"]):
        docs = list(nlp.pipe(make_doc(nlp, d) for d in documents))
    snapshots = [(copy.deepcopy(doc._.kg_entities), dict(doc._.kg_token_entity)) for doc in docs]
    return nlp, documents, docs, snapshots


def run(nlp, documents, docs, snapshots, sieves: list[str] | None):
    """Document graphs with coreference by ``sieves`` (None: no coreference component)."""
    from kg.components.coref import CorefResolver
    from kg.pipeline import extract

    coref = None if sieves is None else CorefResolver(nlp, "kg_coref", sieves)
    participants = nlp.get_pipe("kg_participants")
    events = nlp.get_pipe("kg_event_extractor")
    graphs, by_sieve = [], Counter()
    for doc, document, (entities, token_entity) in zip(docs, documents, snapshots, strict=True):
        doc._.kg_entities = copy.deepcopy(entities)
        doc._.kg_token_entity = dict(token_entity)
        doc._.kg_coref = doc._.kg_coref_token_entity = None
        if coref is not None:
            coref(doc)
            by_sieve.update(s for _, _, _, s in doc._.kg_coref)
        participants(doc)
        events(doc)
        graphs.append(extract(doc, document))
    return graphs, by_sieve


def score(graphs, corpus: Path, scorer: Path) -> dict:
    """The scorer's figures (its --json output) for ``graphs``."""
    from kg.rdf import to_rdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        to_rdf(graphs).serialize(destination=str(path), format="nt", encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(scorer), str(corpus / "gold.json"), str(path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout)


def figures(res: dict) -> dict[str, float | str | None]:
    c = res["coreference"]
    by_class = c["gold_matched_by_class"]
    return {
        "names F1": res["entity_mentions_named"]["typed_overlap"]["f1"],
        "all P": res["entity_mentions_all"]["overlap"]["p"],
        "all R": res["entity_mentions_all"]["overlap"]["r"],
        "all F1": res["entity_mentions_all"]["overlap"]["f1"],
        "links P": c["pairwise_links"]["p"],
        "links R": c["pairwise_links"]["r"],
        "B3 F1": c["b_cubed"]["f1"],
        "pronouns": f"{by_class['pronoun'][0]}/{by_class['pronoun'][1]}",
        "nominals": f"{by_class['nominal'][0]}/{by_class['nominal'][1]}",
    }


def row(name: str, figs: dict, linked: int | str) -> str:
    cells = [f"{name:<28}"]
    for key, value in figs.items():
        width = max(len(key), 7)
        text = "-" if value is None else f"{value:.3f}" if isinstance(value, float) else value
        cells.append(f"{text:>{width}}")
    cells.append(f"{linked!s:>7}")
    return " ".join(cells)


def gum_links(gold_path: Path, scorer: Path) -> Counter:
    """(sieve, right | wrong | unannotated) -> count of linked mentions in GUM news."""
    import importlib.util

    from kg.ingest import parse_text
    from kg.pipeline import process

    spec = importlib.util.spec_from_file_location("score_meantime", scorer)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    documents = [parse_text(d["text"], source=d["doc_id"]) for d in gold]
    counts: Counter = Counter()
    for d, dg in zip(gold, process(documents), strict=True):
        to_gold = tool.char_map(dg.document.text, d["text"])
        for entity in dg.entities:
            mentions = [(m, _gold_mention(d["entities"], to_gold, m.span)) for m in entity.mentions]
            chains = {
                g["cluster_id"] for m, g in mentions if g and not m.label.startswith("coref:")
            }
            for m, g in mentions:
                if not m.label.startswith("coref:") or not chains:
                    continue
                verdict = (
                    "unannotated"
                    if g is None
                    else "right"
                    if g["cluster_id"] in chains
                    else "wrong"
                )
                counts[(m.label[6:], verdict)] += 1
    return counts


def _gold_mention(gold: list[dict], to_gold, span) -> dict | None:
    """The gold mention a span stands for: the same span, else the smallest holding it."""
    start, end = to_gold(span.start), to_gold(span.end)
    if start is None or end is None:
        return None
    hits = [g for g in gold if g["start"] < end and start < g["end"]]
    exact = [g for g in hits if (g["start"], g["end"]) == (start, end)]
    holding = [g for g in hits if g["start"] <= start and end <= g["end"]]
    if exact or holding:
        return (exact or sorted(holding, key=lambda g: g["end"] - g["start"]))[0]
    return hits[0] if hits else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--no-ablation", action="store_true", help="only with and without")
    args = parser.parse_args(argv)
    if not (args.corpus / "gold.json").is_file() or not args.scorer.is_file():
        print(f"score_coref: corpus or scorer missing ({args.corpus}, {args.scorer})")
        return 2
    from kg.components.coref import DEFAULT_SIEVES
    from kg.components.coref_sieves import SIEVES

    start = time.perf_counter()
    parsed = parse(args.corpus)
    plans: list[tuple[str, list[str] | None]] = [("without kg_coref", None)]
    plans.append(("with kg_coref (all sieves)", list(DEFAULT_SIEVES)))
    if not args.no_ablation:
        plans += [(f"  without {s}", [x for x in DEFAULT_SIEVES if x != s]) for s in DEFAULT_SIEVES]
    print(
        f"MEANTIME dev, {len(parsed[1])} articles (development figures: measured while the "
        "sieves were written)"
    )
    header = None
    linked_by_sieve: Counter = Counter()
    for name, sieves in plans:
        graphs, by_sieve = run(*parsed, sieves)
        figs = figures(score(graphs, args.corpus, args.scorer))
        if header is None:
            keys = [f"{k:>{max(len(k), 7)}}" for k in figs]
            header = " ".join([f"{'configuration':<28}", *keys, f"{'linked':>7}"])
            print(header)
        if sieves == list(DEFAULT_SIEVES):
            linked_by_sieve = by_sieve
        print(row(name, figs, sum(by_sieve.values()) if sieves is not None else "-"), flush=True)
    print("mentions linked by each sieve (all sieves on, whole articles):")
    for s in DEFAULT_SIEVES:
        print(f"  {s:<22} {linked_by_sieve[s]:>4}  {SIEVES[s].purpose}")
    if GUM.is_file():
        counts = gum_links(GUM, args.scorer)
        right = sum(n for (_, v), n in counts.items() if v == "right")
        wrong = sum(n for (_, v), n in counts.items() if v == "wrong")
        print(
            f"GUM news, 24 articles: linked mentions right {right}, wrong {wrong}, precision "
            f"{right / max(1, right + wrong):.3f} (unannotated mentions left out); by sieve:"
        )
        for s in DEFAULT_SIEVES:
            r, w = counts[(s, "right")], counts[(s, "wrong")]
            if r + w:
                print(f"  {s:<22} {r:>4} right {w:>4} wrong  precision {r / (r + w):.3f}")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
