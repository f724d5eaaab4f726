"""Unit tests of the event benchmark's reading, normalisation and matching.

Every graph here is built by hand with rdflib, so the tests check the scorer's own logic
(what counts as a match) without loading a spaCy model; a scorer that silently accepted
wrong events, or rejected right ones, would make every benchmark number meaningless.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parent.parent
KGNS = Namespace("https://w3id.org/kg-news/ontology#")
ID = Namespace("https://w3id.org/kg-news/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
HELD_OUT = ("GUM_news_korea", "GUM_news_defector", "GUM_news_hackers")


def _load() -> ModuleType:
    path = ROOT / "benchmarks" / "score_events.py"
    spec = importlib.util.spec_from_file_location("score_events", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_events"] = module  # dataclasses resolve annotations via sys.modules
    spec.loader.exec_module(module)
    return module


se = _load()


# ---------------------------------------------------------------------------- helpers


class GraphBuilder:
    """A tiny writer of kg-shaped RDF: entities with labels, events with roles."""

    def __init__(self) -> None:
        self.g = Graph()
        self.n = 0

    def entity(self, label: str, *alts: str, cls: str = "Person") -> URIRef:
        self.n += 1
        iri = ID[f"entity/{self.n}"]
        self.g.add((iri, RDF.type, KGNS[cls]))
        self.g.add((iri, RDFS.label, Literal(label)))
        for alt in alts:
            self.g.add((iri, SKOS.altLabel, Literal(alt)))
        return iri

    def event(self, cls: str, **props: object) -> URIRef:
        self.n += 1
        iri = ID[f"event/{self.n}"]
        self.g.add((iri, RDF.type, KGNS.Event))
        self.g.add((iri, RDF.type, KGNS[cls]))
        for key, value in props.items():
            if key == "date":
                text = str(value)
                dtype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
                obj: object = Literal(text, datatype=dtype)
            elif key == "count":
                obj = Literal(value, datatype=XSD.integer)
            elif isinstance(value, URIRef):
                obj = value
            else:
                obj = Literal(value)
            self.g.add((iri, KGNS[key], obj))
        return iri


def gold_from(tmp_path: Path, text: str, name: str = "doc") -> se.GoldArticle:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return se.load_gold(path, root=tmp_path)


NLF_GOLD = """
source: article.txt
date: 2017-03-14
entities:
  - {type: Organization, names: [National Liberation Front, NLF]}
  - {type: Group, names: [army convoy, convoy]}
events:
  - {class: Attack, agent: National Liberation Front, patient: army convoy, date: 2017-03-13}
"""


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The NLF", "nlf"),
        ("the  Venezuelan   security forces", "venezuelan security forces"),
        ("Perez's group", "perez group"),
        ("Perez’s group", "perez group"),
        ("the officers' union", "officers union"),
        ("Theodore Smith", "theodore smith"),
        ("  Ruth Achola, ", "ruth achola"),
        ("U.S. officials", "us officials"),
        ("the U.S", "us"),
        ("Mr. Toccafondi", "mr toccafondi"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert se.normalise(raw) == expected


@pytest.mark.parametrize(
    ("label", "gold", "ok"),
    [
        ("Perez", "Oscar Perez", True),
        ("Oscar Perez", "Perez", True),
        ("Venezuelan security forces", "the security forces", True),
        ("NLF", "the NLF", True),
        ("Perezville", "Perez", False),
        ("force", "forces", False),
        ("Nestor Reverol", "Oscar Perez", False),
        ("", "Perez", False),
        ("Perez's group", "Perez group", True),
        ("U.S", "U.S. officials", True),
        ("U.N.", "UN", True),
    ],
)
def test_names_match(label: str, gold: str, ok: bool) -> None:
    assert se.names_match(label, gold) is ok


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2018, 1, 16), "2018-01-16"),
        (dt.datetime(2018, 1, 16, 9, 30), "2018-01-16"),
        (2017, "2017"),
        ("2017-12", "2017-12"),
        ("2018-01-16T00:00:00", "2018-01-16"),
        (None, None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert se.iso_date(value) == expected


# ---------------------------------------------------------------------------- reading


def test_read_events_from_rdf() -> None:
    b = GraphBuilder()
    nlf = b.entity("National Liberation Front", "NLF", cls="Organization")
    convoy = b.entity("convoy", cls="Group")
    dravik = b.entity("Dravik", cls="City")
    b.event(
        "Attack",
        agent=nlf,
        patient=convoy,
        place=dravik,
        date="2017-03-13",
        count=9,
        polarity="positive",
        modality="asserted",
    )
    b.event("Injury", polarity="negative", modality="asserted")
    b.entity("not an event", cls="Person")
    events = se.read_events(b.g)
    assert len(events) == 2
    attack = next(e for e in events if "Attack" in e.classes)
    assert attack.classes == frozenset({"Attack"})  # kg:Event itself is not a class to score
    assert [set(f) for f in attack.roles["agent"]] == [{"National Liberation Front", "NLF"}]
    assert attack.roles["place"] == [("Dravik",)]
    assert attack.date == "2017-03-13"
    assert attack.count == 9
    assert attack.status == "asserted"
    injury = next(e for e in events if "Injury" in e.classes)
    assert injury.status == "negated"


def test_topic_event_class_is_read() -> None:
    b = GraphBuilder()
    death = b.event("Death")
    speaker = b.entity("Nestor Reverol")
    b.event("Statement", agent=speaker, topic=death)
    stmt = next(e for e in se.read_events(b.g) if "Statement" in e.classes)
    assert stmt.topic_classes == frozenset({"Death"})


# ---------------------------------------------------------------------------- gold


def test_load_gold_expands_aliases(tmp_path: Path) -> None:
    art = gold_from(tmp_path, NLF_GOLD)
    ev = art.events[0]
    assert set(ev.roles["agent"]) == {"National Liberation Front", "NLF"}
    assert ev.date == "2017-03-13"
    assert art.date == "2017-03-14"
    assert art.source == (tmp_path / "article.txt").resolve()


@pytest.mark.parametrize(
    "event",
    [
        "{class: Bombing, agent: X}",
        "{class: Attack, modality: maybe}",
        "{class: Statement, topic_class: Gossip}",
    ],
)
def test_load_gold_rejects_typos(tmp_path: Path, event: str) -> None:
    with pytest.raises(ValueError):
        gold_from(tmp_path, f"source: a.txt\nevents:\n  - {event}\n")


def test_committed_gold_files_are_valid() -> None:
    """Every gold file parses, names an existing article, and none is held out."""
    files = sorted((ROOT / "benchmarks" / "gold").glob("*.yaml"))
    assert len(files) >= 13
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not any(h in text for h in HELD_OUT), path
        art = se.load_gold(path)
        assert art.events, path
        assert art.date, path
        if "examples/articles" in str(art.source):
            assert art.source.is_file(), art.source


# ---------------------------------------------------------------------------- matching


def _one(tmp_path: Path, events: str, entities: str = "") -> list[se.GoldEvent]:
    ents = f"entities:\n{entities}" if entities else ""
    return gold_from(tmp_path, f"source: a.txt\n{ents}\nevents:\n{events}\n").events


def test_full_match_uses_aliases_and_requires_roles(tmp_path: Path) -> None:
    gold = gold_from(tmp_path, NLF_GOLD).events
    b = GraphBuilder()
    nlf_short = b.entity("NLF", cls="Organization")  # only the acronym in the graph
    convoy = b.entity("the army convoy", cls="Group")
    villagers = b.entity("villagers", cls="Group")
    b.event("Attack", agent=nlf_short, patient=convoy)
    b.event("Attack", agent=nlf_short, patient=villagers)
    b.event("Attack", agent=nlf_short)
    preds = se.read_events(b.g)
    ok = [se.full_match(p, gold[0]) for p in preds]
    assert ok == [True, False, False]
    assert all(se.class_match(p, gold[0]) for p in preds)


def test_class_alternatives(tmp_path: Path) -> None:
    gold = _one(tmp_path, "  - {class: [Death, Killing], count: 345}")
    b = GraphBuilder()
    b.event("Killing")
    b.event("Injury")
    preds = se.read_events(b.g)
    assert [se.full_match(p, gold[0]) for p in preds] == [True, False]


def test_symmetric_classes_accept_swapped_parties(tmp_path: Path) -> None:
    gold = _one(
        tmp_path,
        "  - {class: Negotiation, agent: government, patient: opposition}\n"
        "  - {class: Attack, agent: government, patient: opposition}",
    )
    b = GraphBuilder()
    gov = b.entity("government", cls="GovernmentBody")
    opp = b.entity("opposition", cls="Organization")
    b.event("Negotiation", agent=opp, patient=gov)
    b.event("Attack", agent=opp, patient=gov)
    neg, att = se.read_events(b.g)
    assert se.full_match(neg, gold[0])
    assert not se.full_match(att, gold[1])  # who attacked whom matters


def test_any_of_role_names(tmp_path: Path) -> None:
    gold = _one(tmp_path, "  - {class: Surrender, agent: [gunmen, Tomas Berg]}")
    b = GraphBuilder()
    b.event("Surrender", agent=b.entity("Berg"))
    assert se.full_match(se.read_events(b.g)[0], gold[0])


@pytest.mark.parametrize(
    ("gold_modality", "polarity", "modality", "ok"),
    [
        ("asserted", "positive", "asserted", True),
        ("asserted", "positive", "reported", True),
        ("asserted", "negative", "asserted", False),
        ("asserted", "positive", "hypothetical", False),
        ("negated", "negative", "asserted", True),
        ("negated", "positive", "asserted", False),
        ("future", "positive", "intended", True),
        ("intended", "positive", "future", True),
        ("hypothetical", "positive", "hypothetical", True),
        ("hypothetical", "positive", "future", False),
    ],
)
def test_status_must_agree(
    tmp_path: Path, gold_modality: str, polarity: str, modality: str, ok: bool
) -> None:
    mod = "" if gold_modality == "asserted" else f", modality: {gold_modality}"
    gold = _one(tmp_path, f"  - {{class: Injury{mod}}}")
    b = GraphBuilder()
    b.event("Injury", polarity=polarity, modality=modality)
    assert se.full_match(se.read_events(b.g)[0], gold[0]) is ok


def test_greedy_matching_is_one_to_one_and_prefers_date(tmp_path: Path) -> None:
    gold = _one(
        tmp_path,
        "  - {class: Statement, agent: Reverol}\n"
        "  - {class: Statement, agent: Reverol, date: 2018-01-16}",
    )
    b = GraphBuilder()
    b.event("Statement", agent=b.entity("Nestor Reverol"), date="2018-01-16")
    preds = se.read_events(b.g)
    assert se.match(gold, preds) == [(1, 0)]  # the dated gold event, and only one


def test_score_article_counts_dates_and_marked(tmp_path: Path) -> None:
    gold = _one(
        tmp_path,
        "  - {class: Attack, agent: NLF, date: 2017-03-13}\n"
        "  - {class: Arrest, patient: Abara, date: 2017-06-07}\n"
        "  - {class: Statement, agent: Holm, topic_class: Death}\n"
        "  - {class: Injury, modality: negated}",
    )
    b = GraphBuilder()
    nlf, abara, holm = b.entity("NLF"), b.entity("Daniel Abara"), b.entity("Jana Holm")
    b.event("Attack", agent=nlf, date="2017-03-12")  # matched, wrong date
    b.event("Arrest", patient=abara, date="2017-06-07")  # matched, right date
    death = b.event("Death")
    b.event("Statement", agent=holm, topic=death, date="2017-03-14")  # gold: no date, not judged
    b.event("Injury", polarity="negative")  # marked, matched
    b.event("Theft", date="2017-01")  # spurious, its date counts as wrong
    b.event("Arrest", patient=holm)  # right class, wrong person
    counts, pairs = se.score_article(gold, se.read_events(b.g))
    assert counts.gold == 4 and counts.pred == 7
    assert counts.full_tp == 4 and len(pairs) == 4
    assert counts.class_tp == 4
    assert (counts.topic_matched, counts.topic_correct) == (1, 1)
    assert (counts.marked_gold, counts.marked_pred, counts.marked_tp) == (1, 1, 1)
    assert (counts.dated_gold, counts.dated_matched, counts.date_correct) == (2, 2, 1)
    assert counts.dated_pred == 3  # attack, arrest, theft
    summary = se.summarise(counts)
    assert summary["full"] == {"tp": 4, "p": round(4 / 7, 4), "r": 1.0, "f1": round(8 / 11, 4)}
    assert summary["date"]["accuracy"] == 0.5


def test_prf_handles_empty() -> None:
    assert se.prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f1": 0.0}


# ---------------------------------------------------------------------------- driver


def test_run_and_main_on_a_fake_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (tmp_path / "article.txt").write_text("An army convoy was attacked.\n", encoding="utf-8")
    (gold_dir / "one.yaml").write_text(NLF_GOLD.replace("article.txt", "../article.txt"))
    (gold_dir / "broken.yaml").write_text("source: ../missing.txt\nevents: []\n")

    b = GraphBuilder()
    b.event("Attack", agent=b.entity("NLF"), patient=b.entity("convoy"), date="2017-03-13")
    b.event("Meeting")
    monkeypatch.setattr(se, "build_graph", lambda source: b.g)

    # gold sources are relative to the repository root; here the root is tmp/gold
    original = se.load_gold
    monkeypatch.setattr(se, "load_gold", lambda path, root=gold_dir: original(path, root))

    result = se.run(gold_dir, verbose=True)
    by_name = {a["name"]: a for a in result["articles"]}
    assert "error" in by_name["broken"]
    one = by_name["one"]
    assert one["full"]["tp"] == 1 and one["pred"] == 2
    assert one["date"]["accuracy"] == 1.0
    assert one["spurious"] == ["Meeting"]
    assert result["per_class"]["Meeting"]["fp"] == 1

    monkeypatch.setattr(sys, "argv", ["score_events.py"])
    assert se.main(["--gold-dir", str(gold_dir), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["overall"]["full"]["tp"] == 1
    assert se.main(["--gold-dir", str(gold_dir)]) == 0
    table = capsys.readouterr().out
    assert "OVERALL" in table and "broken" in table
