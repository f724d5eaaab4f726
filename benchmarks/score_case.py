"""Letter-case benchmark: the same articles as written, in capitals and in lower case.

Older wire copy came in capitals (teleprinters had none other) and some feeds and
transcripts come all in lower case; spaCy's English models learnt from mixed case. This runs
two quality benchmarks on each article as written, upper-cased and lower-cased, each with
kg's recasing (:mod:`kg.recase`) on and off:

* the event gold of ``benchmarks/gold`` (``score_events``: class and class+roles F1);
* GUM's entities (``score_entities``: F1 on the 21 development and the 3 held-out articles).

The texts are transformed in a temporary folder at run time (never copied into the
repository). Every figure is on text the rules were developed on, except the held-out GUM
articles.

usage: python benchmarks/score_case.py [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import score_entities  # noqa: E402
import score_events  # noqa: E402

from kg import pipeline  # noqa: E402

CASES: dict[str, Callable[[str], str]] = {
    "as written": lambda text: text,
    "capitals": str.upper,
    "lower case": str.lower,
}


def events(shout: Callable[[str], str], folder: Path) -> dict[str, float]:
    """Class and class+roles F1 of the event gold, on the articles as ``shout`` sets them."""
    total = score_events.Counts()
    for path in sorted(score_events.GOLD_DIR.glob("*.yaml")):
        article = score_events.load_gold(path)
        copy = folder / article.source.name
        copy.write_text(shout(article.source.read_text(encoding="utf-8")), encoding="utf-8")
        pred = score_events.read_events(score_events.build_graph(copy))
        counts, _pairs = score_events.score_article(article.events, pred)
        total.add(counts)
    summary = score_events.summarise(total)
    return {"class_f1": summary["class"]["f1"], "full_f1": summary["full"]["f1"]}


def entities(shout: Callable[[str], str], scorer, gold: list[dict]) -> dict[str, float]:
    """Entity F1 on GUM's development and held-out articles, set as ``shout`` sets them."""
    from kg.ingest import parse_text

    out = {}
    held = set(score_entities.HELD_OUT)
    for name, part in (
        ("gum_dev_f1", [d for d in gold if d["doc_id"] not in held]),
        ("gum_held_out_f1", [d for d in gold if d["doc_id"] in held]),
    ):
        documents = [parse_text(shout(d["text"]), source=d["doc_id"]) for d in part]
        pred = score_entities.predictions(part, list(pipeline.process(documents)))
        out[name] = scorer.score(part, pred)[2]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the table as JSON")
    args = parser.parse_args(argv)
    scorer = score_entities.load_scorer(score_entities.SCORER)
    gold = json.loads(score_entities.GOLD.read_text(encoding="utf-8"))
    rows = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-case-") as tmp:
        for case, shout in CASES.items():
            for recase in (True, False):
                if case == "as written" and not recase:
                    continue  # recasing never touches mixed-case text
                pipeline.RECASE = recase
                folder = Path(tmp) / f"{len(rows)}"
                folder.mkdir()
                row = {"case": case, "recase": recase}
                row.update(events(shout, folder))
                row.update(entities(shout, scorer, gold))
                rows.append(row)
    pipeline.RECASE = True
    print("## Letter case: events and entities on text as written, in capitals, in lower case\n")
    cols = ("class_f1", "full_f1", "gum_dev_f1", "gum_held_out_f1")
    print("| text | recasing | events class F1 | class+roles F1 | GUM dev F1 | GUM held-out F1 |")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        cells = " | ".join(f"{r[c]:.3f}" for c in cols)
        print(f"| {r['case']} | {'on' if r['recase'] else 'off'} | {cells} |")
    print(
        f"\n({time.perf_counter() - start:.0f} s; development figures except GUM held-out: "
        "the event gold and GUM dev were read while the rules were written)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
