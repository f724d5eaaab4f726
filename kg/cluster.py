"""``kg build --cluster ADDRESS``: the NLP stage on a Dask distributed cluster.

The input is cut into *shards* of a few megabytes of text (whole files, in input order);
each shard is one Dask task, minutes of work rather than one article, as spaCy's
maintainers advise. A worker loads the pipeline once (:func:`kg.nlp.load_pipeline` is a
per-process cache, warmed by the start-up probe) and returns the shard's document graphs
plus the compact :func:`kg.corpus.entity_names` of each document.

The reduce runs on the client, in input order: the entity names are replayed through the
same :class:`kg.corpus.CorpusResolver` a local build uses (:func:`kg.corpus.merge_names`),
the final names (hence IRIs) are applied to the graphs, and the graphs go to the same
writers as ``kg build --jobs 1`` (:func:`kg.api.build_into`), so the Turtle is
byte-identical to a local build.

Failures: a task whose worker dies is retried by Dask (``distributed.scheduler.
allowed-failures``). Each finished shard is written atomically to ``OUT/shards/<key>.kgshard``,
``key`` being a hash of the shard's file names and contents, the kg version and the model:
running the same command again computes only the shards without one. Ctrl-C cancels the
tasks; nothing but finished shards is written until the build completes.

The shard files are compressed pickles of kg's own data model: keep them to folders you
wrote (a pickle from elsewhere can run code when loaded).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import pickle
import re
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__, errors, ingest
from kg.corpus import CorpusResolver, EntityNames, apply_names, entity_names, merge_names
from kg.fileio import atomic_write_bytes
from kg.model import Document, DocumentGraph

#: Text per shard: at most a few megabytes (~1,000 news articles, minutes of one core's
#: work), at least MIN_SHARD_BYTES (~40 articles, seconds), else 1/SHARDS_WANTED of the
#: input, so that a small input still makes enough tasks to keep every worker busy: the
#: last task of a build runs alone, and a worker idles for up to one shard's time. It
#: depends on the input alone, not on the cluster, so a rerun on another cluster reuses
#: the finished shards.
SHARD_BYTES = 4_000_000
MIN_SHARD_BYTES = 100_000
SHARDS_WANTED = 64
#: Dask settings of ``--cluster local:N`` workers. A kg task is minutes of pure-Python CPU
#: work in a worker thread; every wake-up of the worker's event loop thread (the
#: statistical profiler every 10 ms, the loop's health tick every 20 ms, the memory and
#: system monitors) takes the GIL from it. Measured on 1,000 articles, Dask's defaults
#: cost the workers ~12% more CPU than the same shards in a plain process
#: (docs/scale.md shows how to set the same on a cluster's workers).
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    # Dask sets MALLOC_TRIM_THRESHOLD_, and setting it at all turns off glibc's dynamic
    # mmap threshold: every array over 128 kB of a spaCy batch is then mmap'd and unmapped
    # each time, and the page faults doubled a worker's system time (8 s more per 1,000
    # articles). Unset (None), glibc adapts as in a plain process; kg gives a batch's
    # memory back itself (kg.pipeline.release_memory).
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
#: Seconds to wait for the scheduler to answer and for a first worker to join.
CONNECT_TIMEOUT = 10.0
SHARD_FORMAT = 1
SHARD_SUFFIX = ".kgshard"
EXTRA = "pip install 'kg-news[cluster]'"

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Shard:
    """Consecutive input files processed by one task, and the hash of what they hold."""

    index: int
    files: tuple[str, ...]
    explicit: tuple[bool, ...]  # named on the command line: unreadable is an error
    key: str


@dataclass
class ShardResult:
    """What a task returns: the graphs, the names the reduce merges, what went wrong."""

    key: str
    graphs: list[DocumentGraph] = field(default_factory=list)
    names: list[EntityNames] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[ingest.Skipped] = field(default_factory=list)


@dataclass
class ClusterStats:
    """What the last build did, for the summary line and the tests."""

    shards: int = 0
    computed: int = 0
    reused: int = 0
    workers: int = 0
    dashboard: str | None = None


def parse_size(text: str) -> int:
    """``"4MB"``, ``"500kB"``, ``"2000"`` as bytes (``--shard-size``).

    >>> parse_size("4MB"), parse_size("500 kB"), parse_size("2000")
    (4000000, 500000, 2000)
    """
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*", text)
    if not m or float(m[1]) <= 0:
        raise errors.UsageError(f"--shard-size must be a size such as 4MB or 500kB (got {text!r})")
    scale = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m[2].lower()]
    return max(1, int(float(m[1]) * scale))


# -- planning (client) --------------------------------------------------------------------


def auto_shard_bytes(total: int) -> int:
    """The shard size for ``total`` bytes of input (see :data:`SHARD_BYTES`).

    >>> auto_shard_bytes(4_000_000), auto_shard_bytes(10**9)
    (100000, 4000000)
    """
    return min(SHARD_BYTES, max(MIN_SHARD_BYTES, total // SHARDS_WANTED))


def plan(paths: Iterable[str | Path], *, model: str, shard_bytes: int | None = None) -> list[Shard]:
    """The input files, in the order a local build reads them, cut into shards.

    Inputs are local paths (on a file system every worker shares) or fsspec URLs
    (``s3://bucket/wire/``, ``gs://``, ``hdfs://``, ``file://``; the matching fsspec package
    must be installed on the client and the workers). A shard closes once it holds
    ``shard_bytes`` (default: :func:`auto_shard_bytes`); a file is never split (a ``.jsonl``
    file of up to ingest's 50 MB limit is one shard). Raises InputError like a local build
    for a path that does not exist or holds no article files.
    """
    paths = [str(p) for p in paths]
    explicit = {Path(p) for p in paths if not _is_url(p) and Path(p).is_file()}
    files: list[tuple[str, int, bool]] = []  # name, size, named on the command line
    for p in paths:
        if _is_url(p):
            files.extend(_list_url(p))
        else:
            files.extend((str(f), _size(f), f in explicit) for f in ingest.find_files([p]))
    if not files:
        raise errors.no_articles(paths)
    if shard_bytes is None:
        shard_bytes = auto_shard_bytes(sum(size for _, size, _ in files))
    shards: list[Shard] = []
    group: list[tuple[str, int, bool]] = []
    size = 0
    for f in files:
        group.append(f)
        size += f[1]
        if size >= shard_bytes:
            shards.append(_shard(len(shards), group, model))
            group, size = [], 0
    if group:
        shards.append(_shard(len(shards), group, model))
    return shards


def _is_url(name: str) -> bool:
    """Whether an input is an fsspec URL (a local path never contains "://")."""
    return "://" in name


def _fs(url: str):
    """The fsspec file system and path of ``url``; a one-line error when it cannot be had."""
    try:
        import fsspec
    except ImportError:
        raise errors.ClusterError(f"{url}: URLs need fsspec: {EXTRA}") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # "Install s3fs to access S3"
        raise errors.unreadable(url, _first_line(exc)) from None


def _list_url(url: str) -> list[tuple[str, int, bool]]:
    """The article files at an fsspec URL (a file, or every one under a prefix, sorted)."""
    fs, root = _fs(url)
    try:
        if fs.isfile(root):
            return [(url, int(fs.size(root) or 0), True)]
        if not fs.isdir(root):
            raise errors.missing_path(url)
        found = fs.find(root, detail=True)
    except OSError as exc:
        raise errors.unreadable(url, _first_line(exc)) from None
    return [
        (fs.unstrip_protocol(name), int(info.get("size") or 0), False)
        for name, info in sorted(found.items())
        if name.lower().endswith(ingest.SUFFIXES) and not name.rpartition("/")[2].startswith(".")
    ]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _shard(index: int, files: list[tuple[str, int, bool]], model: str) -> Shard:
    digest = hashlib.sha256(f"kg-shard {SHARD_FORMAT} {__version__} {model}\n".encode())
    for name, size, named in files:
        digest.update(f"{name}\n{named}\n{size}\n".encode())
        digest.update(_content_key(name, size))
    return Shard(
        index=index,
        files=tuple(name for name, _, _ in files),
        explicit=tuple(named for _, _, named in files),
        key=digest.hexdigest()[:32],
    )


def _content_key(name: str, size: int) -> bytes:
    """What identifies a file's content: its SHA-256, or for a URL the store's checksum
    (an object's ETag on S3 and GCS), so that a remote corpus is not read twice."""
    try:
        if _is_url(name):
            fs, path = _fs(name)
            return str(fs.checksum(path)).encode()
        if size > ingest.MAX_BYTES:  # refused unread by the worker: its size is the key
            return b"too large"
        return hashlib.sha256(Path(name).read_bytes()).digest()
    except (OSError, errors.KgError) as exc:  # the worker reports it; a rerun retries it
        return f"unreadable {type(exc).__name__}".encode()


# -- the task (worker) --------------------------------------------------------------------


def extract_shard(shard: Shard, model: str, batch_size: int) -> ShardResult:
    """Worker side: read the shard's files as a local build would, run the pipeline.

    The pipeline is loaded once per worker process (``load_pipeline`` caches it).
    """
    from kg.pipeline import process

    result = ShardResult(key=shard.key)
    documents = []
    for name, named in zip(shard.files, shard.explicit, strict=True):
        read = _read_url if _is_url(name) else _read_path
        try:
            documents.extend(read(name, result.warnings.append))
        except errors.InputError as exc:
            if named:
                raise
            result.warnings.append(f"skipped: {exc.message}")
            result.skipped.append(ingest.Skipped(name, exc.message))
    result.graphs = list(process(documents, model=model, batch_size=batch_size))
    result.names = [entity_names(dg) for dg in result.graphs]
    return result


def extract_shard_packed(shard: Shard, model: str, batch_size: int) -> bytes:
    """The task a worker runs: :func:`extract_shard`'s result as the shard file's bytes.

    The worker pickles and compresses it (it has the spare CPU; the client, which also
    runs the scheduler and writes the RDF, does not), and the client stores those bytes
    as they are, then reads the result from them.
    """
    return _pack(extract_shard(shard, model, batch_size))


def _read_path(name: str, warn: Warn) -> Iterator[Document]:
    return ingest.read_file(Path(name), warn)


def _read_url(url: str, warn: Warn) -> Iterator[Document]:
    """The documents of the file at an fsspec URL (as :func:`kg.ingest.read_file`)."""
    fs, path = _fs(url)
    try:
        if int(fs.size(path) or 0) > ingest.MAX_BYTES:
            raise errors.unreadable(url, f"larger than {ingest.MAX_BYTES // 1_000_000} MB")
        data = fs.cat_file(path)
    except OSError as exc:
        raise errors.unreadable(url, _first_line(exc)) from None
    return ingest.read_data(url, data, warn)


def check_worker(model: str, version: str) -> str:
    """Worker side, at start-up: kg's version matches, and the model loads (then cached)."""
    from kg.nlp import load_pipeline

    if version != __version__:
        raise errors.ClusterError(f"workers run kg {__version__}, this client kg {version}")
    load_pipeline(model)
    return __version__


def dask_setup(worker: object) -> None:
    """Worker preload of ``--cluster local:N``: Ctrl-C reaches the whole process group, and
    the client, not each worker with a traceback, reports it and stops the workers."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


#: Run on each worker with ``exec``: a function of kg could not even be unpickled there
#: without kg, and we want to say that, not show a deserialisation traceback.
_PROBE = "import kg.cluster\nkg.cluster.check_worker({model!r}, {version!r})\n"


# -- the client ---------------------------------------------------------------------------


def _distributed():
    try:
        import distributed
    except ImportError:
        raise errors.ClusterError(f"--cluster needs Dask distributed: {EXTRA}") from None
    return distributed


def parse_address(address: str) -> tuple[str, int | None]:
    """``("local", N)`` for ``local:N`` / ``local``, else ``(scheduler address, None)``.

    >>> parse_address("local:2"), parse_address("tcp://10.0.0.5:8786")
    (('local', 2), ('tcp://10.0.0.5:8786', None))
    """
    if address == "local" or address.startswith("local:"):
        from kg.parallel import default_jobs

        count = address.partition(":")[2] or str(default_jobs())
        if not count.isdigit() or int(count) < 1:
            raise errors.UsageError(f"--cluster local:N needs N >= 1 (got {address!r})")
        return "local", int(count)
    if re.fullmatch(r"(tcp|tls|ucx|ws|wss)://[^\s/]+", address) or re.fullmatch(
        r"[\w.\-\[\]:]+:\d+", address
    ):
        return address, None
    raise errors.UsageError(
        f"--cluster must be local:N or a scheduler address such as tcp://host:8786 "
        f"(got {address!r})"
    )


class Cluster:
    """A connection to a Dask scheduler (or a LocalCluster of our own), checked for use."""

    def __init__(
        self,
        address: str,
        *,
        model: str,
        timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        target, local_workers = parse_address(address)
        self.distributed = _distributed()
        self.stats = ClusterStats()
        self.local = None
        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # our one-line errors
        try:
            if local_workers is not None:
                self.local = self._start_local(local_workers)
                target = self.local.scheduler_address
            self.client = self.distributed.Client(target, timeout=f"{timeout}s")
        except OSError as exc:
            self.close()
            raise errors.ClusterError(
                f"cannot reach the Dask scheduler at {target}: {_first_line(exc)}"
            ) from None
        try:
            self._check(model, timeout)
        except BaseException:
            self.close()
            raise

    def _start_local(self, workers: int):
        import dask

        bokeh = importlib.util.find_spec("bokeh") is not None
        # the nannies hand this configuration to the worker processes they start
        dask.config.set(LOCAL_WORKER_CONFIG)
        return self.distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # one spaCy pipeline per process
            processes=True,
            memory_limit=0,  # no nanny restarts at a guessed limit; see docs/scale.md
            dashboard_address="127.0.0.1:0" if bokeh else None,
            host="127.0.0.1",
            silence_logs=logging.CRITICAL,
            preload=["kg.cluster"],  # runs dask_setup in each worker process
        )

    def _check(self, model: str, timeout: float) -> None:
        client = self.client
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError):
            raise errors.ClusterError(
                f"no worker joined the Dask scheduler at {client.scheduler.address} "
                f"within {timeout:g} s"
            ) from None
        try:
            client.run(exec, _PROBE.format(model=model, version=__version__), {})
        except ImportError as exc:
            raise errors.ClusterError(
                f"Dask workers cannot import kg ({_first_line(exc)}); install kg-news "
                f"{__version__} and the model on every worker"
            ) from None
        except errors.ModelError as exc:
            raise errors.ClusterError(f"Dask workers lack the model: {exc.message}") from None
        self.stats.workers = len(client.scheduler_info().get("workers", {}))
        self.stats.dashboard = self._dashboard()

    def _dashboard(self) -> str | None:
        """The dashboard URL, or None when the scheduler lacks bokeh (no dashboard then)."""
        if self.local is not None:
            has_bokeh = importlib.util.find_spec("bokeh") is not None
        else:
            try:
                self.client.run_on_scheduler(exec, "import bokeh", {})
                has_bokeh = True
            except ImportError:
                has_bokeh = False
        return self.client.dashboard_link if has_bokeh else None

    @property
    def threads(self) -> int:
        workers = self.client.scheduler_info().get("workers", {}).values()
        return max(1, sum(int(w.get("nthreads", 1)) for w in workers))

    def close(self) -> None:
        client, self.client = getattr(self, "client", None), None
        if client is not None:
            client.close()
        local, self.local = self.local, None
        if local is not None:
            local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running -------------------------------------------------------------------------

    def results(
        self,
        shards: list[Shard],
        *,
        model: str,
        batch_size: int,
        cache: Path,
        on_shard: Callable[[int], None] | None = None,
    ) -> Iterator[ShardResult]:
        """Each shard's result, in input order: from ``cache`` when finished earlier, else
        computed on the cluster (at most two shards per worker thread in flight)."""
        client = self.client
        window = 2 * self.threads
        pending: deque[tuple[Shard, object]] = deque()
        todo = iter(shards)
        self.stats.shards = len(shards)
        try:
            while True:
                while len(pending) < window and (shard := next(todo, None)) is not None:
                    cached = _load(cache, shard)
                    if cached is None:
                        future = client.submit(
                            extract_shard_packed,
                            shard,
                            model,
                            batch_size,
                            key=f"kg-shard-{shard.index}-{shard.key}",
                            priority=-shard.index,  # earlier shards first
                        )
                    else:
                        future = cached
                    pending.append((shard, future))
                if not pending:
                    return
                shard, future = pending.popleft()
                if isinstance(future, ShardResult):
                    self.stats.reused += 1
                    result = future
                else:
                    data = self._result(future)
                    result = _unpack(data, shard)
                    if result is None:
                        raise errors.ClusterError(
                            "a worker returned an unreadable shard result (is it running "
                            "the same kg version?)"
                        )
                    atomic_write_bytes(_path(cache, shard), data)
                    self.stats.computed += 1
                if on_shard is not None:
                    on_shard(shard.index + 1)
                yield result
        finally:
            futures = [f for _, f in pending if not isinstance(f, ShardResult)]
            if futures:
                client.cancel(futures, force=True)

    def _result(self, future) -> bytes:
        try:
            return future.result()
        except self.distributed.KilledWorker as exc:
            raise errors.ClusterError(
                f"a shard's task killed its worker again and again ({_first_line(exc)}); "
                "the workers may be short of memory: try a smaller --shard-size"
            ) from None
        except self.distributed.client.FutureCancelledError:
            raise errors.ClusterError("the Dask scheduler cancelled the build") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _path(cache: Path, shard: Shard) -> Path:
    return cache / f"{shard.key}{SHARD_SUFFIX}"


def _load(cache: Path, shard: Shard) -> ShardResult | None:
    """A shard finished by an earlier run, or None (missing, unreadable, other format)."""
    try:
        data = _path(cache, shard).read_bytes()
    except OSError:
        return None
    return _unpack(data, shard)


def _unpack(data: bytes, shard: Shard) -> ShardResult | None:
    """The result in a shard file's bytes, or None (damaged, another format or shard)."""
    try:
        version, result = pickle.loads(zlib.decompress(data))
    except Exception:  # a damaged file is recomputed, whatever broke it
        return None
    if version != SHARD_FORMAT or not isinstance(result, ShardResult) or result.key != shard.key:
        return None
    return result


def _pack(result: ShardResult) -> bytes:
    data = pickle.dumps((SHARD_FORMAT, result), protocol=pickle.HIGHEST_PROTOCOL)
    return zlib.compress(data, 1)  # ~6x the text as a pickle; fast level 1 takes most of it


# -- the reduce ---------------------------------------------------------------------------


def resolved_graphs(
    results: Iterable[ShardResult],
    resolver: CorpusResolver,
    skipped: list[ingest.Skipped],
    *,
    warn: Warn,
    paths: list[str],
    nquads: NQuadsShards | None = None,
) -> Iterator[DocumentGraph]:
    """The reduce: merge each shard's entity names, in order, and apply the final names."""
    produced = 0
    for index, result in enumerate(results):
        for message in result.warnings:
            warn(message)
        skipped.extend(result.skipped)
        done = []
        for dg, names in zip(result.graphs, result.names, strict=True):
            produced += 1
            done.append(apply_names(dg, merge_names(resolver, names)))
            yield done[-1]
        if nquads is not None:
            nquads.write(index, done)
    if produced == 0:
        raise errors.no_articles(paths)
    if nquads is not None:
        nquads.commit()


class NQuadsShards:
    """``OUT/nquads/part-NNNNN.nq``: each shard's documents, one named graph per document.

    With ``OUT/graph.ttl`` (the corpus graph, every triple once) this is what
    ``kg build --store`` would hold, in files a triplestore loads in parallel and
    ``kg push`` sends graph by graph. The parts are written into a temporary folder that
    replaces ``OUT/nquads`` only when every shard is done, so an interrupted build leaves
    the previous parts as they were.
    """

    def __init__(self, folder: Path) -> None:
        import os

        from kg.serialize import Labels

        self.folder = folder
        self.tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
        self.labels = Labels()  # the first document naming an entity gives its label

    def write(self, index: int, graphs: list[DocumentGraph]) -> None:
        import pyoxigraph as ox

        from kg.namespace import PREFIXES
        from kg.serialize import document_quads

        quads = [q for dg in graphs for q in document_quads(dg, self.labels)]
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS, prefixes=dict(PREFIXES)) or b""
        atomic_write_bytes(self.tmp / f"part-{index:05d}.nq", data)

    def commit(self) -> None:
        import shutil

        old = self.folder.with_name(f".{self.folder.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        self.tmp.mkdir(parents=True, exist_ok=True)  # no shard had documents: empty parts
        try:
            if self.folder.exists():
                self.folder.rename(old)
            self.tmp.rename(self.folder)
        except OSError as exc:
            raise errors.cannot_write(str(self.folder), exc.strerror or str(exc)) from None
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)


def extractor(
    cluster: Cluster,
    shards: list[Shard],
    *,
    paths: Iterable[str | Path],
    model: str,
    batch_size: int,
    cache: Path,
    warn: Warn,
    progress: object = None,
    nquads: Path | None = None,
) -> Callable[[CorpusResolver, list[ingest.Skipped]], Iterator[DocumentGraph]]:
    """The ``extract`` stage of :func:`kg.api.build_into` for the shards of :func:`plan`;
    with ``nquads``, also the N-Quads parts there (see :class:`NQuadsShards`)."""
    paths = [str(p) for p in paths]

    def on_shard(done: int) -> None:
        if progress is not None and hasattr(progress, "label"):
            progress.label = f"building: shards {done}/{len(shards)}, articles"

    on_shard(0)

    def extract(resolver: CorpusResolver, skipped: list[ingest.Skipped]):
        results = cluster.results(
            shards, model=model, batch_size=batch_size, cache=cache, on_shard=on_shard
        )
        parts = NQuadsShards(nquads) if nquads is not None else None
        try:
            yield from resolved_graphs(
                results, resolver, skipped, warn=warn, paths=paths, nquads=parts
            )
        finally:
            if parts is not None:
                parts.discard()

    return extract


def announce(cluster: Cluster, stream=None) -> None:
    """The scheduler, workers and dashboard address, on one line each, at the start."""
    stream = stream or sys.stderr
    stats = cluster.stats
    stream.write(
        f"kg: cluster {cluster.client.scheduler.address}: {stats.workers} workers, "
        f"{cluster.threads} threads\n"
    )
    if stats.dashboard:
        stream.write(f"kg: dashboard: {stats.dashboard}\n")
    else:
        stream.write(
            "kg: dashboard: not available (the scheduler needs bokeh: pip install bokeh)\n"
        )
    stream.flush()
