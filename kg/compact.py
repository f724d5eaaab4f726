"""A memory-compact, read-mostly triple set with the part of rdflib's ``Graph`` API our views use.

The projection that analysis and the HTML view read (entities, events, roles, evidence text)
is about 130 triples per article: 1.3 million for 10,000 articles, which an rdflib ``Graph``
holds in about 1 GB (three nested-dict indexes of term objects). The build keeps that
projection while its NLP workers run, so it must stay small. Here each distinct term is
stored once and a triple is three 32-bit term numbers in arrays (12 bytes); duplicates are
removed and the triples sorted (numpy) when the set is first read.

Only reading is offered beyond :meth:`CompactGraph.add`: ``triples``, ``subjects``,
``objects``, ``subject_objects``, ``value``, ``len`` and iteration, with rdflib's meaning
(``None`` is a wildcard).

>>> from rdflib import Literal, URIRef
>>> g = CompactGraph()
>>> a, p, q = URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:q")
>>> g.add((a, p, Literal("x"))); g.add((a, p, Literal("x"))); g.add((a, q, URIRef("urn:b")))
>>> len(g), g.value(a, p), sorted(map(str, g.objects(a, None)))
(2, rdflib.term.Literal('x'), ['urn:b', 'x'])
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

import numpy as np


class CompactGraph:
    """Triples as term numbers; see the module docstring."""

    def __init__(self, triples: Iterable[tuple] = (), *, convert=None) -> None:
        # written terms -> numbers; read through rdflib terms (the same dict unless
        # ``convert`` turns written terms, e.g. Oxigraph's, into rdflib's when read)
        self._raw_ids: dict[object, int] = {}
        self._raw: list[object] = []
        self._convert = convert
        self._ids: dict[object, int] = self._raw_ids if convert is None else {}
        self._terms: list[object] = self._raw if convert is None else []
        self._columns = (array("I"), array("I"), array("I"))
        self._rows: np.ndarray | None = None  # (n, 3), unique, sorted by predicate
        self._starts: dict[int, tuple[int, int]] = {}  # predicate -> row range
        self._values: dict[int, dict[int, int]] = {}  # predicate -> {subject: first object}
        for triple in triples:
            self.add(triple)

    def _id(self, term: object) -> int:
        found = self._raw_ids.get(term)
        if found is None:
            found = self._raw_ids[term] = len(self._raw)
            self._raw.append(term)
        return found

    def add(self, triple: tuple) -> None:
        """Add one ``(subject, predicate, object)`` of rdflib terms (or of the terms
        ``convert`` takes)."""
        for column, term in zip(self._columns, triple, strict=True):
            column.append(self._id(term))
        self._rows = None

    def _frozen(self) -> np.ndarray:
        if self._rows is None:
            if self._convert is not None:  # each distinct term converted once
                for i in range(len(self._terms), len(self._raw)):
                    term = self._convert(self._raw[i])
                    self._terms.append(term)
                    self._ids.setdefault(term, i)
            s, p, o = (np.frombuffer(c, dtype=np.uint32) for c in self._columns)
            self._rows = rows = _unique_rows(p, s, o)
            self._starts = {}
            if len(rows):
                predicates, firsts = np.unique(self._rows[:, 0], return_index=True)
                ends = [*firsts[1:], len(rows)]
                ranges = zip(predicates.tolist(), firsts.tolist(), ends, strict=True)
                self._starts = {p: (a, int(b)) for p, a, b in ranges}
            self._values = {}
        return self._rows

    def __len__(self) -> int:
        return len(self._frozen())

    def __iter__(self) -> Iterator[tuple]:
        return self.triples((None, None, None))

    def _block(self, predicate: object) -> np.ndarray:
        rows = self._frozen()
        if predicate is None:
            return rows
        pid = self._ids.get(predicate)
        if pid is None or pid not in self._starts:
            return rows[:0]
        start, end = self._starts[pid]
        return rows[start:end]

    def triples(self, pattern: tuple) -> Iterator[tuple]:
        """The triples matching ``(s, p, o)``, ``None`` matching anything."""
        s, p, o = pattern
        rows = self._block(p)
        for column, term in ((1, s), (2, o)):
            if term is not None:
                tid = self._ids.get(term)
                if tid is None:
                    return
                rows = rows[rows[:, column] == tid]
        terms = self._terms
        for pid, sid, oid in rows.tolist():
            yield terms[sid], terms[pid], terms[oid]

    def subjects(self, predicate: object = None, object: object = None) -> Iterator:
        for s, _, _ in self.triples((None, predicate, object)):
            yield s

    def objects(self, subject: object = None, predicate: object = None) -> Iterator:
        for _, _, o in self.triples((subject, predicate, None)):
            yield o

    def subject_objects(self, predicate: object = None) -> Iterator[tuple]:
        for s, _, o in self.triples((None, predicate, None)):
            yield s, o

    def value(self, subject: object = None, predicate: object = None, default: object = None):
        """One object of ``(subject, predicate)`` (the first in term order), else ``default``."""
        if subject is None or predicate is None:
            return next(self.objects(subject, predicate), default)
        self._frozen()
        pid = self._ids.get(predicate)
        sid = self._ids.get(subject)
        if pid is None or sid is None:
            return default
        values = self._values.get(pid)
        if values is None:  # one index per predicate asked, built once
            values = {}
            for s, o in self._block(predicate)[:, 1:].tolist():
                values.setdefault(s, o)
            self._values[pid] = values
        found = values.get(sid)
        return default if found is None else self._terms[found]

    def to_graph(self):
        """The same triples as an rdflib ``Graph`` with the kg prefixes (small sets only)."""
        from rdflib import Graph

        from kg.namespace import bind_prefixes

        graph = Graph()
        bind_prefixes(graph)
        for triple in self:
            graph.add(triple)
        return graph


def _unique_rows(p: np.ndarray, s: np.ndarray, o: np.ndarray) -> np.ndarray:
    """The distinct ``(p, s, o)`` rows, sorted.

    A graph has a few hundred predicates and far fewer than 2**28 terms, so a row packs
    into one 64-bit key (8 bits of predicate, 28 and 28 of the terms) and a 1-D sort does
    what ``np.unique(axis=0)``'s row sort does ten times slower; otherwise, that.

    >>> a = np.array([1, 0, 1], dtype=np.uint32)
    >>> _unique_rows(a, np.array([5, 6, 5], dtype=np.uint32), np.array([2, 3, 2], dtype=np.uint32))
    array([[0, 6, 3],
           [1, 5, 2]], dtype=uint32)
    """
    if not len(s):
        return np.empty((0, 3), dtype=np.uint32)
    if int(p.max()) < 1 << 8 and max(int(s.max()), int(o.max())) < 1 << 28:
        key = np.unique(
            (p.astype(np.uint64) << 56) | (s.astype(np.uint64) << 28) | o.astype(np.uint64)
        )
        mask = np.uint64((1 << 28) - 1)
        rows = np.column_stack((key >> 56, (key >> 28) & mask, key & mask))
        return rows.astype(np.uint32)
    return np.unique(np.column_stack((p, s, o)), axis=0).astype(np.uint32)
