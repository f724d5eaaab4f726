"""Cluster benchmark: ``kg build --cluster local:2`` against ``kg build --jobs 2``, and the reduce.

Part 1 runs both builds on the same machine, in the same run, on the same corpus (the news
texts of ``shared/corpus`` replicated to N distinct articles, as ``bench_throughput.py``
makes them; held-out articles excluded). Measured for each: wall time, CPU time of the
process tree, the peak of the summed RSS of the tree, and for the cluster build the peak
RSS of each Dask worker process and of the client. The ratio of articles/s (cluster /
jobs) is the engine's overhead; both builds also run SHACL on a sample, as users run them.

Part 2 measures what limits scaling on the client: the reduce replays every document's
entity names through the corpus resolver (:func:`kg.corpus.merge_names`), in order. It is
timed on the names of 1k, 10k and 100k synthetic articles (invented names drawn from a
growing, Zipf-distributed population: new people and organisations keep appearing, famous
ones recur, a third of person mentions are a bare surname, organisations come with
acronyms), with the size of the resulting registry (entries and JSON bytes).

usage: python benchmarks/bench_cluster.py [--articles N] [--quick] [--merge N ...]
                                          [--no-build] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_throughput import TreeMemory, descendants, make_corpus, rss, source_texts  # noqa: E402

MB = 1024 * 1024


class ProcessMemory(TreeMemory):
    """Peak RSS of each process of a tree (by pid, with its command line), from ``/proc``,
    and the CPU time of the root process."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(pid, interval)
        self.peaks: dict[int, int] = {}
        self.commands: dict[int, str] = {}
        self.client_cpu = 0.0  # user + system seconds of the root process itself

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in descendants(self.pid):
                used = rss(pid)
                total += used
                self.peaks[pid] = max(used, self.peaks.get(pid, 0))
                if pid not in self.commands:
                    self.commands[pid] = _cmdline(pid)
            self.peak = max(self.peak, total)
            self.client_cpu = max(self.client_cpu, _cpu(self.pid))
            self._stop.wait(self.interval)

    def workers(self) -> list[int]:
        """Peak RSS of each Dask worker process (spawned by a nanny)."""
        return [
            used for pid, used in self.peaks.items() if "spawn_main" in self.commands.get(pid, "")
        ]


def _cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().rsplit(b")", 1)[1].split()
        return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def run(cmd: list[str]) -> dict:
    """Run one build: wall and CPU seconds, peak memory of the tree, of each worker, client."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = dict(os.environ, KG_TIMINGS="1")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    with ProcessMemory(proc.pid) as mem:
        _, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"bench_cluster: {' '.join(cmd[3:7])} ... failed:\n{err[-2000:]}")
    timings = [ln for ln in err.splitlines() if ln.startswith("kg: timings ")]
    phases = json.loads(timings[-1][len("kg: timings ") :]) if timings else {}
    return {
        "seconds": wall,
        "build_seconds": phases.get("extract+rdf+turtle", 0.0),
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "tree_rss": mem.peak,
        "client_rss": mem.peaks.get(proc.pid, 0),
        "client_cpu": mem.client_cpu,
        "worker_rss": sorted(mem.workers()),
    }


def measure_builds(n: int, texts) -> dict:
    """Both builds on one corpus of ``n`` articles, the local one first."""
    with tempfile.TemporaryDirectory(prefix="kg-bench-cluster-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus", n, texts)
        # no SHACL: the same minutes for both builds, and not part of the engine
        base = [sys.executable, "-m", "kg", "build", str(corpus), "--quiet", "--no-validate"]
        local = run([*base, "--out", f"{tmp}/jobs", "--jobs", "2"])
        dask = run([*base, "--out", f"{tmp}/cluster", "--cluster", "local:2"])
        same = (
            Path(f"{tmp}/jobs/graph.ttl").read_bytes()
            == Path(f"{tmp}/cluster/graph.ttl").read_bytes()
        )
        shards = len(list(Path(f"{tmp}/cluster/shards").glob("*.kgshard")))
    return {"articles": n, "jobs2": local, "cluster": dask, "identical": same, "shards": shards}


def print_builds(row: dict) -> None:
    n = row["articles"]
    print(f"## kg build --cluster local:2 vs --jobs 2 ({n} articles, {row['shards']} shards)\n")
    print(
        "| build | wall s | articles/s | NLP+RDF stage s | stage articles/s | CPU s "
        "| client CPU s | tree peak RSS | client peak | worker peaks |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, key in (("--jobs 2", "jobs2"), ("--cluster local:2", "cluster")):
        r = row[key]
        workers = ", ".join(f"{w / MB:,.0f}" for w in r["worker_rss"]) or "-"
        stage = r["build_seconds"]
        print(
            f"| {name} | {r['seconds']:.1f} | {n / r['seconds']:.1f} | {stage:.1f} | "
            f"{n / max(stage, 1e-9):.1f} | {r['cpu']:.1f} | {r['client_cpu']:.1f} | "
            f"{r['tree_rss'] / MB:,.0f} MB | {r['client_rss'] / MB:,.0f} MB | {workers} MB |"
        )
    ratio = row["jobs2"]["seconds"] / row["cluster"]["seconds"]
    stage = row["jobs2"]["build_seconds"] / max(row["cluster"]["build_seconds"], 1e-9)
    cpu = row["jobs2"]["cpu"] / row["cluster"]["cpu"]
    print(
        f"\nthroughput ratio cluster/jobs: {ratio:.3f} end to end, {stage:.3f} for the "
        f"NLP+RDF stage (cluster start-up included); CPU-time ratio {cpu:.3f}"
    )
    print(f"Turtle byte-identical: {row['identical']}")
    client = row["cluster"]["client_cpu"]
    print(
        f"the cluster client (scheduler, reduce, RDF, Turtle) used {client:.1f} CPU s: "
        f"it would keep up with {n / max(client, 1e-9):.0f} articles/s of workers\n"
    )


# -- the reduce ---------------------------------------------------------------------------

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "da", "fe", "go", "hu", "ji")


def _word(i: int) -> str:
    """A distinct invented word for each number ("Kalomi")."""
    parts = []
    i += 14
    while i:
        i, r = divmod(i, len(_SYLLABLES))
        parts.append(_SYLLABLES[r])
    return "".join(parts).capitalize()


def _acronym(i: int) -> str:
    letters = []
    i += 26 * 26
    while i:
        i, r = divmod(i, 26)
        letters.append(chr(65 + r))
    return "".join(letters)


#: Share of an article's entity mentions that are someone new to the corpus.
NEW = 0.15


def synthetic_names(n: int, *, seed: int = 0, per_article: int = 12) -> list:
    """Entity names of ``n`` invented articles (see the module docstring)."""
    rng = random.Random(seed)
    names = []
    population = 50
    for _ in range(n):
        doc = []
        for _ in range(per_article):
            if rng.random() < NEW:  # a newcomer
                population += 1
                who = population - 1
            else:  # Zipf-like: the famous recur
                who = min(int(rng.paretovariate(0.8)), population) - 1
            kind = who % 3
            if kind == 0:
                first, last = _word(who // 3 % 97), _word(who)
                label = last if rng.random() < 0.33 else f"{first} {last}"
                doc.append((True, "Person", label, ()))
            elif kind == 1:
                full = f"{_word(who)} {_word(who + 1)} Union"
                short = _acronym(who)
                if rng.random() < 0.3:
                    doc.append((True, "Organization", short, ()))
                else:
                    doc.append((True, "Organization", full, (short,)))
            else:
                doc.append((True, "City", _word(who), ()))
        names.append(tuple(doc))
    return names


def measure_merge(sizes: list[int]) -> list[dict]:
    from kg.corpus import CorpusResolver, merge_names

    rows = []
    for n in sizes:
        names = synthetic_names(n)
        resolver = CorpusResolver()
        start, cpu = time.perf_counter(), time.process_time()
        rewritten = 0
        for doc in names:
            final = merge_names(resolver, doc)
            pairs = zip(doc, final, strict=True)
            rewritten += sum(1 for (_, _, label, _), (new, _) in pairs if label != new)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        reg = resolver.registry
        rows.append(
            {
                "articles": n,
                "mentions": sum(len(d) for d in names),
                "seconds": seconds,
                "cpu": cpu,
                "names": sum(len(v) for v in reg.names.values()),
                "aliases": sum(len(v) for v in reg.aliases.values()),
                "json_bytes": len(reg.to_json().encode("utf-8")),
                "rewritten": rewritten,
            }
        )
        sys.stderr.write(f"bench_cluster: merged the names of {n} articles\n")
    return rows


def print_merge(rows: list[dict]) -> None:
    print("## The reduce: merging entity names on the client (synthetic registries)\n")
    print(
        "| articles | entity names | wall s | CPU s | CPU µs/article | full names | aliases "
        "| rewritten | registry JSON |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['mentions']:,} | {r['seconds']:.2f} | {r['cpu']:.2f} | "
            f"{1e6 * r['cpu'] / r['articles']:.0f} | {r['names']:,} | {r['aliases']:,} | "
            f"{r['rewritten']:,} | {r['json_bytes'] / MB:.1f} MB |"
        )
    print()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=None, metavar="N", help="default: 1000")
    p.add_argument("--quick", action="store_true", help="100 articles, merges up to 10k")
    p.add_argument("--merge", type=int, nargs="*", default=None, metavar="N")
    p.add_argument("--no-build", dest="build", action="store_false")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args(argv)
    sizes = (
        args.merge
        if args.merge is not None
        else [1000, 10000]
        if args.quick
        else [
            1000,
            10000,
            100000,
        ]
    )
    report: dict = {}
    if args.build:
        n = args.articles or (100 if args.quick else 1000)
        report["builds"] = measure_builds(n, source_texts())
        print_builds(report["builds"])
    report["merge"] = measure_merge(sizes)
    print_merge(report["merge"])
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
