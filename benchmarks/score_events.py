"""Event benchmark: the events in kg's graph against the hand-annotated gold set.

For every ``benchmarks/gold/*.yaml`` file the article it names is built through the public
API (``kg.build([path]).graph``), the predicted events are read back from the RDF with
SPARQL, exactly as a user of the graph would see them, and are matched one-to-one against
the gold events. Reading the RDF (not the Python model) keeps the benchmark honest about
what actually reaches the graph: an argument dropped by the RDF writer counts as missing.

Matching (see ``benchmarks/gold/README.md`` for the annotation guidelines):

- *class*: the event class (the local name of its ``kg:`` type) is one the gold accepts,
  and its status agrees: a negated gold event needs ``kg:polarity "negative"``, a
  future/intended one ``kg:modality`` future or intended, a hypothetical one hypothetical,
  and an asserted one an asserted (or reported) prediction.
- *full*: class match and every ``agent``/``patient``/``topic`` the gold gives is matched
  by an entity filling that role (by any ``rdfs:label``/``skos:altLabel``, normalised;
  names match when equal or when one contains the other as whole words). The roles of
  symmetric classes (Negotiation, Meeting, Fight, Cooperation) may be swapped.

Greedy one-to-one matching per article; precision, recall and F1 are micro-averaged over
the gold set. Dates are scored on the full matches: accuracy over matched gold events with
a date, and a date P/R/F1 where a date counts as correct only when identical to the gold's
ISO string. Negated/hypothetical/future/intended events are also reported on their own.

usage: python benchmarks/score_events.py [--gold-dir benchmarks/gold] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "gold"
KG_NS = "https://w3id.org/kg-news/ontology#"
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg import vocab  # noqa: E402 - after the checkout is on the path

#: The classes this gold set annotates (its guidelines, ``benchmarks/gold/README.md``): the
#: gold was written before the ontology had more, so a prediction of another class (a Sale,
#: an Appointment) is outside its scope, neither right nor wrong. A gold file may use only
#: these; subclasses (a Bombing is an Attack) are scored as their annotated class.
ANNOTATED_CLASSES: frozenset[str] = frozenset(
    [
        "Statement",
        "Attack",
        "Fight",
        "Killing",
        "Death",
        "Injury",
        "Arrest",
        "Charge",
        "Release",
        "Negotiation",
        "Meeting",
        "Threat",
        "Accusation",
        "Order",
        "Evacuation",
        "Surrender",
        "Theft",
        "Cooperation",
        "Movement",
    ]
)
#: Every event class of the ontology (read from ontology/kg.ttl through kg.vocab); the
#: annotated ones must be among them.
EVENT_CLASSES: frozenset[str] = ANNOTATED_CLASSES & (frozenset(vocab.event_classes()) - {"Event"})
#: Classes whose participants act together (either may be agent): the ontology's flag.
SYMMETRIC: frozenset[str] = vocab.flagged("symmetricParticipants")
#: Roles that decide a full match (place, date and count are scored separately).
MATCH_ROLES: tuple[str, ...] = ("agent", "patient", "topic")
GOLD_MODALITIES: frozenset[str] = frozenset({"negated", "hypothetical", "future", "intended"})

#: Status of an event: gold modality or prediction polarity/modality -> comparable bucket.
#: Future and intended are one bucket: "plans to visit on Wednesday" is both.
_STATUS = {
    "asserted": "asserted",
    "reported": "asserted",
    "negated": "negated",
    "hypothetical": "hypothetical",
    "future": "future",
    "intended": "future",
}


# ---------------------------------------------------------------------------- names


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b|(?<=s)['’](?=\s|$)")
_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?$")


def normalise(name: str) -> str:
    """Comparable form of a name: casefolded, no leading "the", no possessive 's.

    Gold names are written as an annotator would cite them ("Perez's group", "the NLF")
    and labels as the extractor found them; this removes the differences that carry no
    identity so that only the words are compared. Dotted initialisms lose their dots
    ("U.S." = "U.S" = "US") because tokenisers and writers disagree on them.
    """
    text = _SPACES.sub(" ", name.replace("’", "'").casefold()).strip()
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text)
    words = []
    for word in text.split():
        word = word.strip(",;:")
        word = word.replace(".", "") if _INITIALISM.match(word) else word.rstrip(".")
        if word:
            words.append(word)
    return " ".join(words)


def _contains_words(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    """Whether ``shorter`` occurs in ``longer`` as a run of whole words."""
    n = len(shorter)
    return n > 0 and any(
        tuple(longer[i : i + n]) == tuple(shorter) for i in range(len(longer) - n + 1)
    )


def names_match(label: str, gold_name: str) -> bool:
    """Whether a predicted label names the gold actor (equal, or whole-word containment).

    Containment both ways accepts "security forces" for "Venezuelan security forces" and
    "Perez" for "Oscar Perez" without accepting "Perez" for "Perezville".
    """
    a, b = normalise(label).split(), normalise(gold_name).split()
    if not a or not b:
        return False
    return a == b or _contains_words(a, b) or _contains_words(b, a)


# ---------------------------------------------------------------------------- gold


def iso_date(value: object) -> str | None:
    """A gold or predicted date as an ISO string (YYYY, YYYY-MM or YYYY-MM-DD).

    YAML reads ``2018-01-16`` as a date and ``2017`` as an int; RDF literals may be
    xsd:date, xsd:gYearMonth, xsd:gYear or xsd:dateTime. All become the same strings.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"^(\d{4})(-\d{2})?(-\d{2})?", text)
    return "".join(g for g in match.groups() if g) if match else text or None


@dataclass(frozen=True)
class GoldEvent:
    """One annotated event; role values are the accepted names (aliases included)."""

    classes: tuple[str, ...]
    roles: dict[str, tuple[str, ...]]
    shown: dict[str, str]
    place: tuple[str, ...] = ()
    topic_class: str | None = None
    date: str | None = None
    count: int | None = None
    status: str = "asserted"

    def describe(self) -> str:
        """A one-line rendering for the verbose report."""
        parts = ["/".join(self.classes)]
        parts += [f"{k}={v}" for k, v in self.shown.items()]
        if self.date:
            parts.append(f"date={self.date}")
        if self.status != "asserted":
            parts.append(f"[{self.status}]")
        return " ".join(parts)


@dataclass
class GoldArticle:
    """A gold file: the article to build and its events."""

    name: str
    source: Path
    date: str | None
    events: list[GoldEvent]


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _alias_table(entities: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Normalised name -> every name of the gold entity (or entities) that has it."""
    table: dict[str, list[str]] = {}
    for ent in entities or []:
        names = _as_list(ent.get("names"))
        for name in names:
            known = table.setdefault(normalise(name), [])
            known.extend(n for n in names if n not in known)
    return table


def _expand(names: list[str], aliases: dict[str, list[str]]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        for alias in [name, *aliases.get(normalise(name), [])]:
            if alias not in out:
                out.append(alias)
    return tuple(out)


def load_gold(path: Path, root: Path = ROOT) -> GoldArticle:
    """Parse and check one gold file; a typo in a class or modality is an error, not a miss."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "source" not in data:
        raise ValueError(f"{path}: no 'source'")
    aliases = _alias_table(data.get("entities") or [])
    events: list[GoldEvent] = []
    for i, raw in enumerate(data.get("events") or [], 1):
        classes = tuple(_as_list(raw.get("class")))
        bad = [c for c in classes if c not in EVENT_CLASSES]
        if not classes or bad:
            raise ValueError(f"{path}: event {i}: unknown class {bad or classes}")
        modality = raw.get("modality", "asserted")
        if modality != "asserted" and modality not in GOLD_MODALITIES:
            raise ValueError(f"{path}: event {i}: unknown modality {modality!r}")
        topic_class = raw.get("topic_class")
        if topic_class is not None and topic_class not in EVENT_CLASSES:
            raise ValueError(f"{path}: event {i}: unknown topic_class {topic_class!r}")
        roles = {role: _expand(_as_list(raw[role]), aliases) for role in MATCH_ROLES if role in raw}
        shown = {role: "|".join(_as_list(raw[role])) for role in MATCH_ROLES if role in raw}
        count = raw.get("count")
        events.append(
            GoldEvent(
                classes=classes,
                roles=roles,
                shown=shown,
                place=_expand(_as_list(raw.get("place")), aliases),
                topic_class=topic_class,
                date=iso_date(raw.get("date")),
                count=int(count) if count is not None else None,
                status=_STATUS[modality],
            )
        )
    return GoldArticle(
        name=path.stem,
        source=(root / data["source"]).resolve(),
        date=iso_date(data.get("date")),
        events=events,
    )


# ---------------------------------------------------------------------------- predictions


@dataclass
class PredEvent:
    """An event read from the graph: its classes and, per role, each filler's labels."""

    iri: str
    classes: frozenset[str]
    roles: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    topic_classes: frozenset[str] = frozenset()
    date: str | None = None
    count: int | None = None
    polarity: str = "positive"
    modality: str = "asserted"

    @property
    def status(self) -> str:
        """The comparable status bucket: negated wins over any modality."""
        if self.polarity.casefold() in {"negative", "neg", "false"}:
            return "negated"
        return _STATUS.get(self.modality.casefold(), "asserted")

    def describe(self) -> str:
        """A one-line rendering for the verbose report."""
        parts = ["/".join(sorted(self.classes))]
        for role, fillers in self.roles.items():
            parts.append(f"{role}=" + "|".join(f[0] if f else "?" for f in fillers))
        if self.date:
            parts.append(f"date={self.date}")
        if self.status != "asserted":
            parts.append(f"[{self.status}]")
        return " ".join(parts)


_EVENTS_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
SELECT ?e ?cls WHERE { ?e a ?cls . FILTER(STRSTARTS(STR(?cls), STR(kg:))) }
"""

_ROLES_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?p ?o ?label ?ocls WHERE {
  ?e ?p ?o .
  VALUES ?p { kg:agent kg:patient kg:topic kg:place }
  OPTIONAL { ?o rdfs:label|skos:altLabel ?label }
  OPTIONAL { ?o a ?ocls . FILTER(STRSTARTS(STR(?ocls), STR(kg:))) }
}
"""

_ATTRS_QUERY = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
SELECT ?e ?p ?v WHERE {
  ?e ?p ?v .
  VALUES ?p { kg:date kg:count kg:polarity kg:modality }
}
"""


def _local(term: object) -> str:
    text = str(term)
    return text[len(KG_NS) :] if text.startswith(KG_NS) else text.rsplit("#", 1)[-1]


def read_events(graph: Graph) -> list[PredEvent]:
    """The events of ``graph``: every node typed with one of the kg event classes."""
    events: dict[str, PredEvent] = {}
    for row in graph.query(_EVENTS_QUERY):
        cls = _local(row.cls)
        if cls in EVENT_CLASSES:
            key = str(row.e)
            prev = events.get(key)
            classes = (prev.classes if prev else frozenset()) | {cls}
            events[key] = PredEvent(iri=key, classes=classes)
    fillers: dict[tuple[str, str, Any], list[str]] = {}
    topic_classes: dict[str, set[str]] = {}
    for row in graph.query(_ROLES_QUERY):
        key = str(row.e)
        if key not in events:
            continue
        role = _local(row.p)
        labels = fillers.setdefault((key, role, row.o), [])
        if row.label is not None and str(row.label) not in labels:
            labels.append(str(row.label))
        if role == "topic" and row.ocls is not None and _local(row.ocls) in EVENT_CLASSES:
            topic_classes.setdefault(key, set()).add(_local(row.ocls))
    for (key, role, obj), labels in sorted(fillers.items(), key=lambda kv: tuple(map(str, kv[0]))):
        if not labels and isinstance(obj, Literal):
            labels = [str(obj)]  # a literal filler: compare its text
        events[key].roles.setdefault(role, []).append(tuple(labels))
    for key, classes in topic_classes.items():
        events[key].topic_classes = frozenset(classes)
    for row in graph.query(_ATTRS_QUERY):
        ev = events.get(str(row.e))
        if ev is None:
            continue
        prop, value = _local(row.p), row.v
        if prop == "date":
            ev.date = iso_date(value.toPython() if isinstance(value, Literal) else value)
        elif prop == "count":
            try:
                ev.count = int(str(value))
            except ValueError:
                ev.count = None
        elif prop == "polarity":
            ev.polarity = str(value)
        elif prop == "modality":
            ev.modality = str(value)
    return sorted(events.values(), key=lambda e: e.iri)


# ---------------------------------------------------------------------------- matching


def _filler_matches(fillers: list[tuple[str, ...]], names: tuple[str, ...]) -> bool:
    return any(names_match(label, name) for f in fillers for label in f for name in names)


def _roles_match(pred: PredEvent, gold: GoldEvent, swap: bool) -> bool:
    for role, names in gold.roles.items():
        source = {"agent": "patient", "patient": "agent"}.get(role, role) if swap else role
        if not _filler_matches(pred.roles.get(source, []), names):
            return False
    return True


def class_match(pred: PredEvent, gold: GoldEvent) -> bool:
    """Same class (any the gold accepts) and the same status (asserted/negated/...)."""
    return bool(pred.classes & set(gold.classes)) and pred.status == gold.status


def full_match(pred: PredEvent, gold: GoldEvent) -> bool:
    """Class match and every agent/patient/topic the gold gives is filled by a match."""
    if not class_match(pred, gold):
        return False
    if _roles_match(pred, gold, swap=False):
        return True
    symmetric = bool(set(gold.classes) & SYMMETRIC)
    return symmetric and _roles_match(pred, gold, swap=True)


def _tiebreak(pred: PredEvent, gold: GoldEvent) -> int:
    """Prefer the pairing that also agrees on date, count and place (when several match)."""
    score = 0
    if gold.date and pred.date == gold.date:
        score += 4
    if gold.count is not None and pred.count == gold.count:
        score += 2
    if gold.place and _filler_matches(pred.roles.get("place", []), gold.place):
        score += 1
    return score


def match(gold: Sequence[GoldEvent], pred: Sequence[PredEvent], *, roles: bool = True):
    """Greedy one-to-one matching; returns (gold index, pred index) pairs.

    Candidate pairs are taken best first (date/count/place agreement, then gold order), so
    a prediction that fits two gold events goes to the one it fits better.
    """
    ok = full_match if roles else class_match
    candidates = [
        (-_tiebreak(p, g), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if ok(p, g)
    ]
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# ---------------------------------------------------------------------------- scores


@dataclass
class Counts:
    """Raw counts, summed across articles before any ratio is taken (micro-average)."""

    gold: int = 0
    pred: int = 0
    class_tp: int = 0
    full_tp: int = 0
    marked_gold: int = 0
    marked_pred: int = 0
    marked_tp: int = 0
    dated_gold: int = 0
    dated_matched: int = 0
    dated_pred: int = 0
    date_correct: int = 0
    counted_matched: int = 0
    count_correct: int = 0
    placed_matched: int = 0
    place_correct: int = 0
    topic_matched: int = 0
    topic_correct: int = 0

    def add(self, other: Counts) -> None:
        """Add another article's counts to these."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (0 when undefined, so empty articles do not crash)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def score_article(
    gold: Sequence[GoldEvent], pred: Sequence[PredEvent]
) -> tuple[Counts, list[tuple[int, int]]]:
    """Counts for one article, and its full-match pairs (for the verbose listing)."""
    c = Counts(gold=len(gold), pred=len(pred))
    c.class_tp = len(match(gold, pred, roles=False))
    pairs = match(gold, pred, roles=True)
    c.full_tp = len(pairs)
    c.marked_gold = sum(g.status != "asserted" for g in gold)
    c.marked_pred = sum(p.status != "asserted" for p in pred)
    c.marked_tp = sum(gold[gi].status != "asserted" for gi, _ in pairs)
    c.dated_gold = sum(g.date is not None for g in gold)
    matched_pred_to_gold = {pi: gi for gi, pi in pairs}
    # A predicted date is judged only where the gold can judge it: matched to a dated gold
    # event, or unmatched (a spurious event's date is wrong). A date on an event whose gold
    # has none is not counted: the text may imply one the annotator did not resolve.
    c.dated_pred = sum(
        1
        for pi, p in enumerate(pred)
        if p.date is not None
        and (pi not in matched_pred_to_gold or gold[matched_pred_to_gold[pi]].date is not None)
    )
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if g.date is not None:
            c.dated_matched += 1
            c.date_correct += p.date == g.date
        if g.count is not None:
            c.counted_matched += 1
            c.count_correct += p.count == g.count
        if g.place:
            c.placed_matched += 1
            c.place_correct += _filler_matches(p.roles.get("place", []), g.place)
        if g.topic_class:
            c.topic_matched += 1
            c.topic_correct += g.topic_class in p.topic_classes
    return c, pairs


def summarise(c: Counts) -> dict[str, Any]:
    """The ratios reported for a set of counts."""

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "gold": c.gold,
        "pred": c.pred,
        "class": {"tp": c.class_tp, **prf(c.class_tp, c.pred, c.gold)},
        "full": {"tp": c.full_tp, **prf(c.full_tp, c.pred, c.gold)},
        "marked": {
            "gold": c.marked_gold,
            "pred": c.marked_pred,
            "tp": c.marked_tp,
            **prf(c.marked_tp, c.marked_pred, c.marked_gold),
        },
        "date": {
            "gold": c.dated_gold,
            "matched": c.dated_matched,
            "correct": c.date_correct,
            "accuracy": ratio(c.date_correct, c.dated_matched),
            **prf(c.date_correct, c.dated_pred, c.dated_gold),
        },
        "count_accuracy": ratio(c.count_correct, c.counted_matched),
        "place_accuracy": ratio(c.place_correct, c.placed_matched),
        "topic_class_accuracy": ratio(c.topic_correct, c.topic_matched),
    }


def per_class(
    results: Iterable[tuple[Sequence[GoldEvent], Sequence[PredEvent], list[tuple[int, int]]]],
) -> dict[str, dict[str, int]]:
    """Full-match TP/FP/FN by class, to show which event kinds the extractor misses."""
    table: dict[str, dict[str, int]] = {}
    for gold, pred, pairs in results:
        mg = {gi for gi, _ in pairs}
        mp = {pi for _, pi in pairs}
        for gi, g in enumerate(gold):
            row = table.setdefault(g.classes[0], {"tp": 0, "fp": 0, "fn": 0})
            row["tp" if gi in mg else "fn"] += 1
        for pi, p in enumerate(pred):
            if pi not in mp:
                for cls in sorted(p.classes):
                    table.setdefault(cls, {"tp": 0, "fp": 0, "fn": 0})["fp"] += 1
    return dict(sorted(table.items()))


# ---------------------------------------------------------------------------- driver


def build_graph(source: Path) -> Graph:
    """The article's graph through the public API (the contract the benchmark measures)."""
    import kg

    return kg.build([source]).graph


def run(gold_dir: Path, *, verbose: bool = False) -> dict[str, Any]:
    """Score every gold file in ``gold_dir``; articles that fail are reported, not fatal."""
    articles: list[dict[str, Any]] = []
    total = Counts()
    kept: list[tuple[list[GoldEvent], list[PredEvent], list[tuple[int, int]]]] = []
    for path in sorted(gold_dir.glob("*.yaml")):
        entry: dict[str, Any] = {"name": path.stem}
        try:
            article = load_gold(path)
            entry["source"] = os.path.relpath(article.source, ROOT)
            if not article.source.is_file():
                raise FileNotFoundError(f"source not found: {article.source}")
            started = time.perf_counter()
            pred = read_events(build_graph(article.source))
            entry["seconds"] = round(time.perf_counter() - started, 2)
        except Exception as exc:  # one broken article must not hide the rest
            entry["error"] = f"{type(exc).__name__}: {exc}"
            articles.append(entry)
            continue
        counts, pairs = score_article(article.events, pred)
        total.add(counts)
        kept.append((article.events, pred, pairs))
        entry.update(summarise(counts))
        if verbose:
            mg = {gi: pi for gi, pi in pairs}
            mp = set(mg.values())
            entry["missed"] = [g.describe() for i, g in enumerate(article.events) if i not in mg]
            entry["spurious"] = [p.describe() for i, p in enumerate(pred) if i not in mp]
        articles.append(entry)
    return {"articles": articles, "overall": summarise(total), "per_class": per_class(kept)}


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:4.0f}"


def render(result: dict[str, Any]) -> str:
    """A readable table: one row per article, then the micro-averaged totals."""
    head = (
        f"{'article':30} {'gold':>4} {'pred':>4} | {'class P':>7} {'R':>4} {'F1':>4} | "
        f"{'full P':>6} {'R':>4} {'F1':>4} | {'date acc':>8} {'F1':>4} | {'marked':>9}"
    )
    lines = [head, "-" * len(head)]

    def row(name: str, s: dict[str, Any]) -> str:
        cl, fu, da, mk = s["class"], s["full"], s["date"], s["marked"]
        return (
            f"{name[:30]:30} {s['gold']:4d} {s['pred']:4d} | {_pct(cl['p']):>7} "
            f"{_pct(cl['r'])} {_pct(cl['f1'])} | {_pct(fu['p']):>6} {_pct(fu['r'])} "
            f"{_pct(fu['f1'])} | {_pct(da['accuracy']):>8} {_pct(da['f1'])} | "
            f"{mk['tp']:>3}/{mk['gold']:<2}({mk['pred']:>2})"
        )

    for art in result["articles"]:
        if "error" in art:
            lines.append(f"{art['name'][:30]:30} ERROR {art['error']}")
        else:
            lines.append(row(art["name"], art))
    lines.append("-" * len(head))
    overall = result["overall"]
    lines.append(row("OVERALL (micro)", overall))
    lines.append("")
    lines.append(
        "marked = negated/hypothetical/future/intended events: matched/gold (predicted).  "
        f"count accuracy {_pct(overall['count_accuracy']).strip()}%, "
        f"place accuracy {_pct(overall['place_accuracy']).strip()}%, "
        f"topic-class accuracy {_pct(overall['topic_class_accuracy']).strip()}% "
        "(on full matches)."
    )
    lines.append("")
    lines.append(f"{'class':12} {'tp':>4} {'fp':>4} {'fn':>4}")
    for cls, c in result["per_class"].items():
        lines.append(f"{cls:12} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d}")
    for art in result["articles"]:
        if art.get("missed") or art.get("spurious"):
            lines.append("")
            lines.append(f"== {art['name']}")
            lines += [f"  missed   {m}" for m in art.get("missed", [])]
            lines += [f"  spurious {s}" for s in art.get("spurious", [])]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; always exits 0 (failures are in the report)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR, help="gold YAML directory")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="list missed and spurious events"
    )
    args = parser.parse_args(argv)
    result = run(args.gold_dir, verbose=args.verbose)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
