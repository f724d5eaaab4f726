"""Entity benchmark: our resolved entities against GUM's gold coreference clusters.

Runs the kg pipeline on the 24 annotated Wikinews articles of ``shared/corpus/gum-news``
exactly as ``kg build`` would see them (each text goes through :func:`kg.ingest.parse_text`,
which takes the title and date lines off, then through the pipeline), writes the prediction
file the shared scorer reads (for each article, every named entity with its coarse type and
all its names) and scores it with ``shared/tools/score_gum_entities.py`` (imported by path,
never copied). The raw spaCy baseline (one entity per distinct mention text) is scored too.

usage: python benchmarks/score_entities.py [--gold GOLD.json] [--scorer SCORER.py]
                                           [--pred-out PRED.json] [--per-doc] [--no-baseline]
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
GOLD = SHARED / "corpus" / "gum-news" / "gold-entities.json"
SCORER = SHARED / "tools" / "score_gum_entities.py"
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

#: Articles never looked at while developing the rules: their figure shows how the rules carry.
HELD_OUT = ("GUM_news_korea", "GUM_news_defector", "GUM_news_hackers")

#: Our entity classes -> the scorer's types. A country or city is both a place and a polity
#: (GUM types it by the role it plays in the sentence), as the scorer's own baseline does; a
#: named group ("the Kurds") is a collective of people, which GUM types as person. A
#: facility is a place, and where it is an institution housed in it (a museum, a gallery,
#: a hospital) GUM types it by its role too: visited, a place; lending or deciding, an
#: organisation.
TYPE_MAP: dict[str, str | list[str]] = {
    "Person": "person",
    "Organization": "organization",
    "GovernmentBody": "organization",
    "Group": ["person", "organization"],
    "Place": "place",
    "Facility": ["place", "organization"],
    "City": ["place", "organization"],
    "Country": ["place", "organization"],
    "GeopoliticalEntity": ["place", "organization"],
    "Artifact": "object",  # GUM's type for made things; not scored (named types only)
    "Weapon": "object",
    "Product": "object",
    "Thing": "object",  # unnamed participants (document-scoped): never predicted
}


def load_scorer(path: Path) -> ModuleType:
    """The shared scorer module, imported from its file."""
    spec = importlib.util.spec_from_file_location("score_gum_entities", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _collective(entity) -> bool:
    """An unnamed collective of people ("Kenyan women", "Acme employees", "the
    protesters"): GUM counts a cluster as named when any one of its mentions has a
    capitalised word, which our one label cannot show ("the protesters" of a cluster that
    also holds "Ruritanian protesters"), so every collective is submitted. Where GUM's
    cluster is no named one, the scorer leaves the prediction out; a second prediction
    for one cluster still costs precision. Other unnamed entities (descriptions like "the
    company", mostly of a named entity the text also names) are not submitted, nor is a
    group described only by a word for a body ("the group", "the team"): that is the
    description of a body the text names."""
    if entity.type != "Group":
        return False
    words = entity.label.split()
    if entity.named or any(w[:1].isupper() for w in words):
        return True
    from kg.components.entities.lexicon import lexicon

    return not (len(words) == 1 and lexicon().has("org_noun", words[0].casefold()))


def predict(gold: list[dict]) -> dict[str, list[dict]]:
    """Our prediction file for the GUM articles in ``gold``, from the kg pipeline."""
    from kg.ingest import parse_text
    from kg.pipeline import process

    documents = [parse_text(d["text"], source=d["doc_id"]) for d in gold]
    return predictions(gold, list(process(documents)))


def predictions(gold: list[dict], graphs: list) -> dict[str, list[dict]]:
    """The prediction file of the document graphs of ``gold``'s articles (in order): for
    each article, its named entities and its collectives of people, with types and
    names."""
    pred: dict[str, list[dict]] = {}
    for doc, dg in zip(gold, graphs, strict=True):
        items = []
        for e in dg.entities:
            if e.type not in TYPE_MAP or not (e.named or _collective(e)):
                continue
            names = [e.label, *(a for a in e.alt_labels if a != e.label)]
            items.append({"type": TYPE_MAP[e.type], "names": names})
        pred[doc["doc_id"]] = items
    return pred


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--pred-out", type=Path, help="also write the prediction file here")
    parser.add_argument("--per-doc", action="store_true", help="print per-article counts")
    parser.add_argument("--no-baseline", action="store_true", help="skip the raw spaCy run")
    args = parser.parse_args(argv)
    if not args.gold.is_file() or not args.scorer.is_file():
        print(f"score_entities: gold or scorer missing ({args.gold}, {args.scorer})")
        return 2
    scorer = load_scorer(args.scorer)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    start = time.perf_counter()
    pred = predict(gold)
    seconds = time.perf_counter() - start
    if args.pred_out:
        from kg.fileio import atomic_write_text

        atomic_write_text(args.pred_out, json.dumps(pred, indent=1, sort_keys=True))
    p, r, f, per_doc = scorer.score(gold, pred)
    if args.per_doc:
        for doc_id, (tp, fp, req) in sorted(per_doc.items()):
            print(f"  {doc_id:28} tp {tp:3} fp {fp:3} gold {req:3}")
    print(
        f"entities (kg, {len(gold)} GUM news articles, {seconds:.1f} s): "
        f"P {p:.3f} R {r:.3f} F1 {f:.3f}"
    )
    dev = [d for d in gold if d["doc_id"] not in HELD_OUT]
    held = [d for d in gold if d["doc_id"] in HELD_OUT]
    for name, part in (("development", dev), ("held-out", held)):
        if part:
            sp, sr, sf, _ = scorer.score(part, pred)
            print(f"  {name} articles ({len(part)}): P {sp:.3f} R {sr:.3f} F1 {sf:.3f}")
    if not args.no_baseline:
        from kg.nlp import DEFAULT_MODEL

        base = scorer.spacy_pred(gold, DEFAULT_MODEL)
        bp, br, bf, _ = scorer.score(gold, base)
        print(f"entities (raw spaCy baseline):             P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
        for name, part in (("development", dev), ("held-out", held)):
            if part:  # each figure beside ours on the same articles
                sp, sr, sf, _ = scorer.score(part, base)
                print(f"  {name} articles ({len(part)}): P {sp:.3f} R {sr:.3f} F1 {sf:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
