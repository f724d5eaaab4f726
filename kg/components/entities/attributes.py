"""Attributes and relations of resolved entities, each from a general surface pattern.

Every pattern reads the tokens right next to a mention, so each fact has its evidence:

- ``kg:title``: title words before a name ("Interior Minister Jane Doe") or an apposition
  after it ("Jane Doe, the police officer who ...").
- ``kg:age``: "Doe, 45,", "Doe (45)", "45-year-old Doe".
- ``kg:nationality``: a demonym before the name or its title ("Ruritanian Minister Doe");
  the country becomes an entity of the document if it is not one already.
- ``kg:memberOf`` / ``kg:leaderOf``: an organisation before the title ("Acme chief
  executive Doe", "Acme's spokesman Doe"), "Doe, head of Acme", "the Jane Doe government".
- ``kg:locatedIn``: "Springfield, Ruritania", "the museum in Springfield", "the Springfield
  suburb of Elm Park".
- "the minister" is a mention of the one entity holding a minister title (never when two do).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg import vocab
from kg.components.entities.lexicon import Lexicon
from kg.components.entities.rules import rule
from kg.components.sentences import sentence_text
from kg.model import Entity, Mention, Relation, Span

_POSSESSIVE = frozenset({"'s", "\u2019s"})
_AREA_TYPES = frozenset({"Country", "City", "GeopoliticalEntity", "Place"})
_ORG_TYPES = frozenset({"Organization", "GovernmentBody", "Group"})
_AGE = re.compile(r"^\d{1,3}$")


def _ranges(doc: Doc, entity: Entity) -> list[tuple[int, int]]:
    out = []
    for m in entity.mentions:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end))
    return out


def text_span(doc: Doc, start: int, end: int) -> Span:
    """The model span (offsets and text) of tokens ``start:end``."""
    s = doc[start:end]
    return Span(s.start_char, s.end_char, s.text)


def _sentence(doc: Doc, i: int) -> Span:
    return sentence_text(doc, i)


def _relate(entity: Entity, predicate: str, target: str, evidence: Span) -> None:
    if target == entity.key:
        return
    if any(r.predicate == predicate and r.target == target for r in entity.relations):
        return
    entity.relations.append(Relation(predicate, target, evidence))


def _add_title(entity: Entity, title: str) -> None:
    title = " ".join(title.split())
    if title and title.casefold() not in (t.casefold() for t in entity.titles):
        entity.titles.append(title)


def add_attributes(
    doc: Doc, entities: list[Entity], token_entity: dict[int, str], lex: Lexicon
) -> None:
    """Fill titles, ages, nationalities and relations of ``entities`` in place."""
    by_key = {e.key: e for e in entities}
    for entity in list(entities):
        if entity.type != "Person":
            continue
        for start, end in _ranges(doc, entity):
            _left_context(doc, entity, start, end, entities, by_key, token_entity, lex)
            _right_context(doc, entity, start, end, by_key, token_entity, lex)
            _government(doc, entity, start, end, entities, token_entity, lex)
    for entity in list(entities):
        if entity.type in ("Organization", "GovernmentBody") and entity.nationality is None:
            _national_body(doc, entity, entities, token_entity, lex)
    for entity in entities:
        if vocab.is_a(entity.type, "Place"):
            for start, end in _ranges(doc, entity):
                _located_in(doc, entity, start, end, by_key, token_entity, lex)
    _title_mentions(doc, entities, token_entity, lex)


#: Nouns a language's adjective modifies ("the English translation", "Arabic speakers").
_LANGUAGE_NOUNS = frozenset(
    {"language", "translation", "version", "edition", "speaker", "word", "name", "text"}
    | {"subtitle", "dialect", "accent", "grammar", "literature", "lesson", "course", "class"}
)


@rule(
    "demonym-country", "attribute", '"German airline", "Irish markets": the demonym names a country'
)
def demonym_mentions(
    doc: Doc, entities: list[Entity], token_entity: dict[int, str], lex: Lexicon
) -> None:
    """ "German airline", "Irish stock markets": a demonym before a noun names its country.

    A nationality adjective says where what it modifies belongs ("the Ruritanian
    economy", "a Ruritanian airline"): it is a mention of that country, as the demonym
    before a person's title already is (``kg:nationality``). Every capitalised demonym
    that modifies a noun after it and that no entity holds becomes one, the country an
    entity of the document if it is not one yet. Not a demonym used as a noun ("the
    Kurds": a people, the ``people-name`` rule's), nor one inside a name ("the Ruritanian
    Democratic Party"), nor the last word of a longer demonym ("Latin American", "South
    Sudanese": not the United States or Sudan), nor a language ("the English translation").
    """
    for tok in doc:
        i = tok.i
        if i in token_entity or not tok.text[:1].isupper() or i + 1 >= len(doc):
            continue
        head = tok
        while head.dep_ == "conj" and head.head.i < head.i:
            head = head.head  # "British and Irish markets": Irish is British's conjunct
        if head.dep_ not in ("amod", "compound", "nmod") or head.head.i <= i:
            continue
        if head.head.pos_ != "NOUN" or doc[i + 1].pos_ == "PROPN":
            continue  # modifies a common noun, and no name follows
        if head.head.lemma_.lower() in _LANGUAGE_NOUNS:
            continue  # "the English translation": the language, no country
        if i > 0 and doc[i - 1].pos_ in ("PROPN", "ADJ", "NOUN") and doc[i - 1].text[:1].isupper():
            continue  # "Latin American", "South Sudanese": the last word of a longer one
        country = lex.demonym_country(tok.text)
        if country is None or lex.country(tok.text):
            continue  # "Kenya Airways": a country's name, not its demonym
        target = country_entity(doc, country, i, entities, token_entity)
        if "demonym-country" not in target.rules:
            target.rules = sorted({*target.rules, "demonym-country"})


def _left_context(
    doc: Doc,
    entity: Entity,
    start: int,
    end: int,
    entities: list[Entity],
    by_key: dict[str, Entity],
    token_entity: dict[int, str],
    lex: Lexicon,
) -> None:
    """Title words, demonym and organisation right before a person's name."""
    i = start - 1
    run: list[int] = []
    while i >= 0 and i not in token_entity:
        w = doc[i].text.casefold()
        if lex.has("title", w) or lex.has("title_mod", w):
            run.insert(0, i)
            i -= 1
            continue
        if lex.has("honorific", w):
            i -= 1
            continue
        break
    while run and not lex.has("title", doc[run[-1]].text.casefold()):
        run.pop()  # a title ends with its head word
    if run and lex.has("title_mod", doc[run[0]].text.casefold()) and doc[run[0]].text == "former":
        run.pop(0)
    title = " ".join(doc[j].text for j in run)
    if title:
        _add_title(entity, title)
        i = run[0] - 1
        titled = " ".join(doc[run[0] : end].text.split())  # "Interior Minister Jane Doe"
        formal = doc[run[0]].text[:1].isupper()  # not "student Jane Doe"
        if formal and titled not in entity.alt_labels and titled != entity.label:
            entity.alt_labels = sorted({*entity.alt_labels, titled})
    leader = bool(run) and any(lex.has("leader", doc[j].text.casefold()) for j in run)
    evidence = text_span(doc, max(i, 0), end)
    if i < 0:
        return
    # "Ruritanian Interior Minister Doe": nationality from the demonym
    country = lex.demonym_country(doc[i].text)
    if country and i not in token_entity:
        target = country_entity(doc, country, i, entities, token_entity)
        entity.nationality = entity.nationality or target.key
        return
    # "Acme chief executive Doe" / "Acme's spokesman Doe": membership
    if not run:
        return
    j = i - 1 if doc[i].text in _POSSESSIVE else i
    key = token_entity.get(j)
    if key and key != entity.key and by_key[key].type in _ORG_TYPES | {"Country"}:
        target = by_key[key]
        if target.type == "Country":
            if entity.nationality is None:
                entity.nationality = key
            if leader and entity.titles and lex.has("leader", entity.titles[-1].split()[-1]):
                _relate(entity, "leaderOf", key, evidence)
            return
        _relate(entity, "leaderOf" if leader else "memberOf", key, evidence)


def country_entity(
    doc: Doc,
    country: str,
    i: int,
    entities: list[Entity],
    token_entity: dict[int, str],
    *,
    map_token: bool = True,
) -> Entity:
    """The document's entity for ``country``; created from the demonym at ``i`` if missing.

    The demonym becomes a mention of the country; ``map_token`` also gives it its token
    (not when the demonym is a word of another entity's name: "Ruritanian police").
    """
    for e in entities:
        if e.type == "Country" and e.label == country:
            break
    else:
        e = Entity(key=f"e{len(entities)}", type="Country", label=country, rules=["demonym"])
        entities.append(e)
    demonym = doc[i].text
    if demonym != e.label and demonym not in e.alt_labels:
        e.alt_labels = sorted({*e.alt_labels, demonym})
    e.mentions.append(Mention(text_span(doc, i, i + 1), _sentence(doc, i), "demonym"))
    if map_token:
        token_entity[i] = e.key
    return e


def _national_body(
    doc: Doc, entity: Entity, entities: list[Entity], token_entity: dict[int, str], lex: Lexicon
) -> None:
    """ "Ruritanian police", "the Ruritanian navy": the body's nationality is Ruritania."""
    words = entity.label.split()
    country = lex.demonym_country(words[0]) if len(words) > 1 else None
    if country is None or not all(w.islower() for w in words[1:]):
        return
    for start, _ in _ranges(doc, entity):
        if doc[start].text == words[0]:
            target = country_entity(doc, country, start, entities, token_entity, map_token=False)
            entity.nationality = target.key
            return


def _right_context(
    doc: Doc,
    entity: Entity,
    start: int,
    end: int,
    by_key: dict[str, Entity],
    token_entity: dict[int, str],
    lex: Lexicon,
) -> None:
    """Age and apposition after a person's name: "Doe, 45," / "Doe, head of Acme,"."""
    n = len(doc)
    j = end
    if j < n and doc[j].text in _POSSESSIVE:
        return
    # "Doe, 45," or "Doe (45)"
    if j + 2 < n and doc[j].text in (",", "(") and _AGE.match(doc[j + 1].text):
        closer = ")" if doc[j].text == "(" else ","
        if doc[j + 2].text in (closer, ".", ";"):
            age = int(doc[j + 1].text)
            if 0 < age < 120 and entity.age is None:
                entity.age = age
            return
    # "45-year-old Doe"
    year_old = start >= 5 and [t.text for t in doc[start - 4 : start]] == ["-", "year", "-", "old"]
    if year_old and _AGE.match(doc[start - 5].text) and entity.age is None:
        entity.age = int(doc[start - 5].text)
    if j < n and doc[j].text == ",":
        _apposition(doc, entity, start, j + 1, by_key, token_entity, lex)


def _apposition(
    doc: Doc,
    entity: Entity,
    start: int,
    k: int,
    by_key: dict[str, Entity],
    token_entity: dict[int, str],
    lex: Lexicon,
) -> None:
    """ "Doe, the police officer who ...": a title; "... of Acme": membership."""
    n = len(doc)
    i = k
    if i < n and doc[i].text.casefold() in ("the", "a", "an"):
        i += 1
    words: list[int] = []
    while i < n and i not in token_entity and doc[i].pos_ in ("NOUN", "ADJ", "PROPN", ""):
        w = doc[i].text.casefold()
        if not (lex.has("title", w) or lex.has("title_mod", w)):
            break
        words.append(i)
        i += 1
    while words and not lex.has("title", doc[words[-1]].text.casefold()):
        words.pop()
    if not words or words[-1] != i - 1:
        return
    title = " ".join(doc[w].text for w in words)
    _add_title(entity, title)
    leader = any(lex.has("leader", doc[w].text.casefold()) for w in words)
    if i + 1 < n and doc[i].text.casefold() in ("of", "for", "at"):
        t = i + 1
        if doc[t].text.casefold() == "the":
            t += 1
        key = token_entity.get(t)
        if key and key != entity.key and by_key[key].type in _ORG_TYPES:
            _relate(entity, "leaderOf" if leader else "memberOf", key, text_span(doc, start, t + 1))


def _government(
    doc: Doc,
    entity: Entity,
    start: int,
    end: int,
    entities: list[Entity],
    token_entity: dict[int, str],
    lex: Lexicon,
) -> None:
    """ "the Jane Doe government": a government body that the person leads."""
    if end >= len(doc) or start == 0 or doc[start - 1].text.casefold() != "the":
        return
    word = doc[end].text
    if not lex.has("government", word.casefold()) or end in token_entity:
        return
    label = f"{entity.label} {word.casefold()}"
    for gov in entities:
        if gov.type == "GovernmentBody" and gov.label == label:
            break
    else:
        gov = Entity(
            key=f"e{len(entities)}", type="GovernmentBody", label=label, rules=["person-government"]
        )
        entities.append(gov)
    span = text_span(doc, start, end + 1)
    gov.mentions.append(Mention(span, _sentence(doc, start), "person-government"))
    if span.text != label and span.text not in gov.alt_labels:
        gov.alt_labels = sorted({*gov.alt_labels, span.text})
    token_entity[end] = gov.key
    _relate(entity, "leaderOf", gov.key, span)


def _located_in(
    doc: Doc,
    entity: Entity,
    start: int,
    end: int,
    by_key: dict[str, Entity],
    token_entity: dict[int, str],
    lex: Lexicon,
) -> None:
    """ "Springfield, Ruritania" / "X in Springfield" / "the Springfield suburb of X"."""
    n = len(doc)
    if entity.type == "Country":
        return

    def area(i: int) -> Entity | None:
        key = token_entity.get(i)
        if key and key != entity.key and by_key[key].type in _AREA_TYPES:
            return by_key[key]
        return None

    def area_end(i: int) -> int:
        key = token_entity.get(i)
        while i < n and token_entity.get(i) == key:
            i += 1
        return i

    in_list = start > 0 and doc[start - 1].text.casefold() in (",", "and", "or")
    # "Springfield, Ruritania" (not inside a list "A, B, C and D")
    if end + 1 < n and doc[end].text == "," and not in_list:
        target = area(end + 1)
        after = area_end(end + 1)
        more = after + 1 < n and doc[after].text.casefold() in (",", "and", "or", "&")
        if target is not None and not (more and area(after + 1) is not None):
            _relate(entity, "locatedIn", target.key, text_span(doc, start, after))
            return
    # "X in Springfield"
    if end + 1 < n and doc[end].text.casefold() == "in":
        target = area(end + 1)
        if target is not None and target.type in ("Country", "City", "GeopoliticalEntity"):
            _relate(entity, "locatedIn", target.key, text_span(doc, start, area_end(end + 1)))
            return
    # "the Springfield (residential) suburb of X": X in Springfield
    i = start - 1
    if (
        i >= 2
        and doc[i].text.casefold() == "of"
        and lex.has("place_noun", doc[i - 1].text.casefold())
    ):
        j = i - 2
        while j > 0 and doc[j].pos_ == "ADJ" and i - 2 - j < 2:
            j -= 1
        target = area(j)
        if target is not None:
            _relate(entity, "locatedIn", target.key, text_span(doc, j, end))


def _title_mentions(
    doc: Doc, entities: list[Entity], token_entity: dict[int, str], lex: Lexicon
) -> None:
    """ "the minister" refers to the one person whose title has that head word.

    Never when two people of the document hold such a title (two ministers): no guess.
    """
    holders: dict[str, list[Entity]] = {}
    for e in entities:
        if e.type != "Person":
            continue
        heads = {t.split()[-1].casefold() for t in e.titles}
        for h in heads:
            holders.setdefault(h, []).append(e)
    for tok in doc:
        if tok.i == 0 or tok.i in token_entity or tok.text != tok.text.lower():
            continue
        people = holders.get(tok.text)
        if not people or len(people) != 1 or doc[tok.i - 1].text.casefold() != "the":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.text.casefold() in ("of", "for") or nxt.pos_ == "PROPN"):
            continue  # "the minister of X", "the minister Y": another person or a role
        e = people[0]
        span = text_span(doc, tok.i - 1, tok.i + 1)
        e.mentions.append(Mention(span, _sentence(doc, tok.i), "title-coreference"))
        token_entity[tok.i] = e.key
