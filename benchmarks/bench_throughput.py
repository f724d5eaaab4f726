"""Throughput benchmark: ``kg build`` end to end against bare spaCy ``nlp.pipe``.

Both run on the same machine, in the same run, on the same corpus: the news texts of
``shared/corpus`` (read at run time, never copied into the repository), replicated to N
articles in a temporary folder, each copy made distinct by a closing line ("Copy 17.") so
that every article is its own document. Measured:

* **bare spaCy**: a fresh process loads the same model (no kg components) and runs
  ``nlp.pipe(texts, n_process=JOBS, batch_size=BATCH)`` over the article bodies exactly as
  kg's ingest hands them to the pipeline;
* **kg build**: ``kg build CORPUS --jobs JOBS --out TMP`` as a user runs it (ingest, NLP,
  extraction, RDF, Turtle, analysis, HTML, report, SHACL on a sample).

Words are whitespace-separated tokens of the article bodies, the same count for both.
Wall time is the whole process for both (start-up and model loading included); the pipe-only
time of bare spaCy is printed too. Peak memory is the peak of the *sum* of the resident set
sizes of the process and all its descendants, sampled from ``/proc`` every 0.1 s
(``getrusage`` reports only the largest single child).

usage: python benchmarks/bench_throughput.py [--articles N ...] [--jobs 2] [--batch-size 32]
                                             [--full] [--quick] [--no-bare] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
#: Held out for the final quality evaluation: never read during development.
HELD_OUT = ("GUM_news_korea", "GUM_news_defector", "GUM_news_hackers")
PAGE = os.sysconf("SC_PAGE_SIZE")


def source_texts(corpus: Path = CORPUS) -> list[tuple[str, str]]:
    """(name, text) of every usable news text under ``corpus``, sorted by name."""
    out = []
    for path in sorted(corpus.rglob("*.txt")):
        if path.stem in HELD_OUT or path.name.startswith(("LICENSE", "README")):
            continue
        out.append((path.stem, path.read_text(encoding="utf-8")))
    if not out:
        sys.exit(f"bench_throughput: no texts under {corpus}")
    return out


def make_corpus(folder: Path, n: int, texts: list[tuple[str, str]]) -> Path:
    """Write ``n`` distinct articles to ``folder`` (sub-folders of 1,000 files)."""
    for i in range(n):
        name, text = texts[i % len(texts)]
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}_{name}.txt").write_text(
            text.rstrip("\n") + f"\n\nCopy {i}.\n", encoding="utf-8"
        )
    return folder


class TreeMemory:
    """Samples the summed RSS of a process and its descendants from ``/proc``."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and every process descending from it."""
    return sum(rss(pid) for pid in descendants(root))


def rss(pid: int) -> int:
    """Bytes resident in one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def descendants(root: int) -> list[int]:
    """``root`` and every process descending from it, from ``/proc``."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def run_measured(cmd: list[str]) -> tuple[float, float, int, str]:
    """Run ``cmd``: wall time, CPU time of its process tree, peak tree RSS and stdout.

    CPU time (user + system of the process and every descendant it waited for) is the
    fairer figure on a machine shared with other work; wall time is what users see.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    with TreeMemory(proc.pid) as mem:
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"bench_throughput: {' '.join(cmd[:4])} ... failed:\n{err[-2000:]}")
    timings = [ln for ln in err.splitlines() if ln.startswith("kg: timings ")]
    if timings:
        sys.stderr.write(f"bench_throughput: {timings[-1][4:]}\n")
    return wall, cpu, mem.peak, out


def bare_main(corpus: str, jobs: int, batch_size: int) -> None:
    """Child process: bare ``nlp.pipe`` over the ingested bodies; prints JSON."""
    sys.path.insert(0, str(ROOT))
    from kg import ingest
    from kg.nlp import load_model

    texts = [d.text for d in ingest.iter_documents([corpus], warn=lambda _: None)]
    nlp = load_model()
    start = time.perf_counter()
    n = 0
    for _ in nlp.pipe(texts, n_process=jobs, batch_size=batch_size):
        n += 1
    pipe = time.perf_counter() - start
    print(json.dumps({"docs": n, "pipe_seconds": pipe}))


def count_words(corpus: Path) -> tuple[int, int]:
    """(documents, words) of the corpus as kg's ingest sees it."""
    sys.path.insert(0, str(ROOT))
    from kg import ingest

    docs = words = 0
    for d in ingest.iter_documents([corpus], warn=lambda _: None):
        docs += 1
        words += len(d.text.split())
    return docs, words


def measure(n: int, *, jobs: int, batch_size: int, bare: bool, texts) -> dict:
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", n, texts)
        docs, words = count_words(corpus)
        row: dict = {"articles": docs, "words": words, "jobs": jobs, "batch_size": batch_size}
        if bare:
            cmd = [sys.executable, __file__, "--_bare", str(corpus), str(jobs), str(batch_size)]
            wall, cpu, rss, out = run_measured(cmd)
            row["bare_seconds"] = wall
            row["bare_cpu"] = cpu
            row["bare_pipe_seconds"] = json.loads(out.strip().splitlines()[-1])["pipe_seconds"]
            row["bare_rss"] = rss
        out_dir = Path(tmp) / "out"
        cmd = [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(corpus),
            "--out",
            str(out_dir),
            "--jobs",
            str(jobs),
            "--batch-size",
            str(batch_size),
            "--quiet",
        ]
        wall, cpu, rss, _ = run_measured(cmd)
        row["kg_seconds"] = wall
        row["kg_cpu"] = cpu
        row["kg_rss"] = rss
        row["turtle_bytes"] = (out_dir / "graph.ttl").stat().st_size
        row["triples"] = json.loads((out_dir / "analysis.json").read_text())["triples"]
    return row


def print_table(rows: list[dict]) -> None:
    mb = 1024 * 1024
    head = (
        "articles",
        "words",
        "bare words/s",
        "bare pipe-only w/s",
        "kg build words/s",
        "ratio",
        "bare CPU s",
        "kg CPU s",
        "CPU ratio",
        "bare RSS MB",
        "kg RSS MB",
        "triples",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for r in rows:
        kg_wps = r["words"] / r["kg_seconds"]
        bare_wps = r["words"] / r["bare_seconds"] if "bare_seconds" in r else None
        pipe_wps = r["words"] / r["bare_pipe_seconds"] if "bare_pipe_seconds" in r else None
        cells = [
            f"{r['articles']:,}",
            f"{r['words']:,}",
            f"{bare_wps:,.0f}" if bare_wps else "-",
            f"{pipe_wps:,.0f}" if pipe_wps else "-",
            f"{kg_wps:,.0f}",
            f"{kg_wps / bare_wps:.3f}" if bare_wps else "-",
            f"{r['bare_cpu']:,.1f}" if "bare_cpu" in r else "-",
            f"{r['kg_cpu']:,.1f}",
            f"{r['bare_cpu'] / r['kg_cpu']:.3f}" if "bare_cpu" in r else "-",
            f"{r['bare_rss'] / mb:,.0f}" if "bare_rss" in r else "-",
            f"{r['kg_rss'] / mb:,.0f}",
            f"{r['triples']:,}",
        ]
        print("| " + " | ".join(cells) + " |")
    print(
        f"\n{rows[0]['jobs']} processes, batch size {rows[0]['batch_size']}; ratio = kg build "
        "words/s over bare spaCy words/s, both whole-process wall time (target >= 0.85); "
        "CPU ratio = bare CPU seconds over kg CPU seconds (same words; robust to other load); "
        "RSS = peak of the summed RSS of the process tree (target < 1,500 MB at 10k)."
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, nargs="+", default=None, metavar="N")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--full", action="store_true", help="1,000 and 10,000 articles (~30 min)")
    p.add_argument("--quick", action="store_true", help="100 articles (a smoke run)")
    p.add_argument(
        "--no-bare", dest="bare", action="store_false", help="skip bare spaCy (memory runs)"
    )
    p.add_argument(
        "--bare-max",
        type=int,
        default=1000,
        help="run bare spaCy only up to this many articles (default: %(default)s)",
    )
    p.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = p.parse_args(argv)
    sizes = args.articles or ([100] if args.quick else [1000, 10000] if args.full else [1000])
    texts = source_texts()
    rows = []
    for n in sizes:
        bare = args.bare and n <= args.bare_max
        rows.append(measure(n, jobs=args.jobs, batch_size=args.batch_size, bare=bare, texts=texts))
        sys.stderr.write(f"bench_throughput: {n} articles done\n")
    print("## Throughput: kg build vs bare spaCy\n")
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--_bare":
        bare_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(main())
