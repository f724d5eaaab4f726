"""Mentions: a repaired NER span trimmed to the name itself, with the evidence beside it.

:class:`RawMention` is what the typing and merging rules read: the token range, spaCy's
label, the trimmed name, and what the words next to it say (a title, an age, "in" before
it, a describing noun). :func:`trim_mention` drops what is not a name (lower-case words,
bare title words, stances, portfolios).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.components.entities.context import (
    age_follows,
    dateline_key,
    described_as,
    descriptor_comma_before,
    listed_among,
    owner_compound,
    stance_prefixed,
)
from kg.components.entities.lexicon import Lexicon
from kg.components.entities.parens import define_names, is_short_form
from kg.components.entities.rules import Context, Evidence, RuleSet, rule
from kg.components.entities.words import (
    DETERMINERS,
    MONTHS_DAYS,
    POSSESSIVE,
    STANCE,
    common_word,
    title_text,
)
from kg.components.sentences import sentence_text
from kg.model import Span
from kg.names import (
    acronym_matches,
    head_index,
    is_acronym,
    is_capitalised,
    name_key,
    normalise_space,
)


def span_of(span: SpacySpan) -> Span:
    return Span(span.start_char, span.end_char, span.text)


def sentence_of(span: SpacySpan) -> Span:
    return sentence_text(span.doc, span.start)


@dataclass(slots=True)
class RawMention:
    """One trimmed name mention: token range, spaCy label and the evidence found next to it.

    ``rule`` is how the mention was found when not by the tagger ("untagged", "nested",
    ...: the mention's label in the model); ``rules`` every rule that made, repaired or
    found evidence on it; ``evidence`` what rules say about its kind.
    """

    start: int
    end: int
    label: str
    name: str
    possessive: bool = False
    titles: list[str] = field(default_factory=list)
    rule: str = ""
    titled: str = ""  # the surface form with its title ("President Jane Doe")
    alias: str = ""  # another name the text declares this one to be ("Long Name (LN)")
    lead: list[str] = field(default_factory=list)  # honorifics and titles trimmed off its start
    evidence: list[Evidence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    def says(self, kind: str) -> bool:
        """Whether any rule gave evidence that the mention is of ``kind``."""
        return any(e.kind == kind for e in self.evidence)

    @property
    def person_evidence(self) -> bool:  # an honorific, a title or an age next to it
        return self.says("person")

    @property
    def org_evidence(self) -> bool:  # described by an organisation noun ("the band X")
        return self.says("org")

    @property
    def group_evidence(self) -> bool:  # described as a people ("X, a minority,")
        return self.says("group")

    @property
    def place_context(self) -> bool:  # right after "in" / "near": a place
        return self.says("gpe")

    def add(self, evidence: Evidence) -> None:
        self.evidence.append(evidence)
        self.note(evidence.rule)

    def note(self, rule_id: str) -> None:
        if rule_id not in self.rules:
            self.rules.append(rule_id)


def _has_space_break(doc: Doc, start: int, end: int) -> int:
    """End index cut before a line break or an opening parenthesis inside a mention."""
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space or "\n" in tok.text or tok.text in ("(", "[", "|", "\u2013", "\u2014"):
            return i
        if i > start and "\n" in doc[i - 1].whitespace_:
            return i
    return end


#: Words that join the parts of a name ("Ministry of Justice", "Centre for Peace").
_NAME_LINKS = frozenset({"of", "for", "and", "&"})

#: Lower-case title words a portfolio name goes before ("Trade Affairs minister").
_PORTFOLIO_HEADS = frozenset({"minister", "secretary", "ministers", "secretaries"})


def trim_mention(
    doc: Doc, start: int, end: int, label: str, lex: Lexicon, rules: RuleSet | None = None
) -> RawMention | None:
    """The name inside a NER span, with the titles and possessive found around it.

    Returns None when what is left is not a name (no capitalised word), or when a
    ``mention-filter`` rule says so (a bare title, a stance, a portfolio). The
    ``evidence`` rules then say what the words around it tell of its kind.
    """
    rules = rules or RuleSet()
    end = _has_space_break(doc, start, end)
    titles: list[str] = []
    # leading determiners, honorifics and title words ("the", "Mr.", "Interior Minister")
    run: list[str] = []
    while start < end - 1:
        w = doc[start].text.casefold()
        if w in DETERMINERS or doc[start].is_punct:
            start += 1
            continue
        if label == "PERSON" and (
            lex.has("honorific", w) or lex.has("title", w) or lex.has("title_mod", w)
        ):
            run.append(doc[start].text)
            start += 1
            continue
        break
    titled_start = start - len(run) if run else start
    if run and any(lex.has("title", w.casefold()) for w in run):
        titles.append(title_text(run, lex))
    possessive = False
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        if doc[end - 1].text in POSSESSIVE:
            possessive = True
        if doc[end - 1].text == "." and end - 1 > start and doc[end - 2].text.isupper():
            break  # "U.S." keeps its dot
        end -= 1
    # "Ruritania 1 - 0": a score is no part of a name
    score = end < len(doc) and doc[end].text in ("-", "\u2013", "\u2014", ":")
    if end - start > 1 and doc[end - 1].text.isdigit() and score:
        end -= 1
    # "Acme Administrator" before a person's name: the role belongs to the person, but
    # not the object of "of" ("Ministry of Justice", "the Department of State")
    if label != "PERSON":
        while (
            end - start > 1
            and lex.has("title", doc[end - 1].text.casefold())
            and doc[end - 2].text.casefold() not in _NAME_LINKS
        ):
            end -= 1
    if end < len(doc) and doc[end].text in POSSESSIVE:
        possessive = True
    if end <= start:
        return None
    words = [t.text for t in doc[start:end]]
    name = normalise_space(doc[start:end].text)
    if name.endswith("'s"):
        name, possessive = name[:-2].rstrip(), True
    if not name or not is_capitalised(words[0]) or not any(c.isupper() for c in name):
        return None
    m = RawMention(start, end, label, name, possessive, titles, lead=run)
    ctx = Context(doc, lex, rules)
    if any(r.fn(ctx, m) for r in rules.of("mention-filter")):
        return None
    for r in rules.of("evidence"):
        found = r.fn(ctx, m)
        if found is not None:
            m.add(found)
    if titles:
        m.titled = normalise_space(doc[titled_start:end].text)
    return m


@rule("stance-prefix", "mention-filter", '"pro-X", "anti-X", "Pro-reform": a stance, no name')
def _stance(ctx: Context, m: RawMention) -> bool:
    return stance_prefixed(ctx.doc, m.start) or STANCE.match(m.name) is not None


@rule("portfolio", "mention-filter", 'an ORG right before "minister"/"secretary" is a portfolio')
def _portfolio(ctx: Context, m: RawMention) -> bool:
    doc = ctx.doc
    portfolio = m.end < len(doc) and doc[m.end].text in _PORTFOLIO_HEADS
    return m.label == "ORG" and portfolio and not is_acronym(doc[m.start : m.end].text)


@rule("postnominal", "mention-filter", 'a bare honour ("QC", "MBE") is no name')
def _postnominal(ctx: Context, m: RawMention) -> bool:
    return m.end - m.start == 1 and ctx.lex.has("postnominal", ctx.doc[m.start].text)


_STRICT = ("org", "gov", "facility", "title", "honorific")


@rule("bare-common-word", "mention-filter", 'one organisation or title word alone ("Church")')
def _bare_common_word(ctx: Context, m: RawMention) -> bool:
    words = [t.text for t in ctx.doc[m.start : m.end]]
    return len(words) == 1 and any(ctx.lex.has(c, words[0].casefold()) for c in _STRICT)


@rule("role-phrase", "mention-filter", "common words ending in a title word are a role")
def _role_phrase(ctx: Context, m: RawMention) -> bool:
    doc, lex = ctx.doc, ctx.lex
    words = [t.text for t in doc[m.start : m.end]]
    last = words[-1].casefold()
    role = lex.has("title", last) or lex.has("honorific", last)
    # title modifiers right before a title word are part of the title ("Deputy" Mayor)
    title_next = m.end < len(doc) and lex.has("title", doc[m.end].text.casefold())
    role = role or (lex.has("title_mod", last) and title_next)
    return role and all(common_word(w, lex) for w in words)


@rule("currency-or-time-zone", "mention-filter", 'an ISO 4217 code or a time zone ("USD", "UTC")')
def _currency_or_time_zone(ctx: Context, m: RawMention) -> bool:
    word = ctx.doc[m.start].text
    if m.end - m.start != 1 or not word.isupper():
        return False
    return ctx.lex.has("currency", word) or ctx.lex.has("time_zone", word)


@rule("event-name", "mention-filter", '"Vell Film Festival", "the Orlim Cup": an event, no actor')
def _event_name(ctx: Context, m: RawMention) -> bool:
    """A name headed by an event noun names a festival, a show or a contest: no person,
    body or place, though the model tags many such names ORG or FAC. One word is enough
    ("the Olympics"); the head is the word before "of"/"on"/"for" ("Festival of Vell
    Music")."""
    words = m.tokens
    head = words[head_index(words)].casefold().strip(".,")
    return ctx.lex.has("event", head)


#: Heads that name a meeting or the body that meets ("the Vell Conference" of bishops).
#: Not "assembly": a parliament is addressed "at the National Assembly".
_MEETING_HEADS = frozenset({"conference", "congress", "forum"})
#: Words before a name that say it is held: where or when one is, not who one is.
_HELD_AT = frozenset({"at", "during", "attend", "attends", "attended", "attending"})
#: Words of a noun phrase before a meeting's name that the cue can stand before.
_HELD_SKIP = frozenset({"the", "this", "last", "next", "year", "year's", "own", "'s", "\u2019s"})


def held_meeting(doc: Doc, start: int, end: int) -> bool:
    """Whether the name ``doc[start:end]`` is a meeting as it is held, not a body.

    A name headed by "Conference", "Congress" or "Forum" is either (the
    bishops' conference that decides, the developers' conference that is held). The words
    around it tell: it is held where it is "at" or "during" it, or attended; an edition
    has a year or an ordinal ("the 2010 Vell Conference", "Vell Forum 2010") or is
    "annual"; its "keynote" is given; it takes place "in" a town or "at" a venue. The
    organiser's name or a possessive may come between the cue and the name ("at this
    year's Acme Vell Conference").
    """
    words = [t.text for t in doc[start:end]]
    if not words or words[head_index(words)].casefold() not in _MEETING_HEADS:
        return False
    after = doc[end] if end < len(doc) else None
    if after is not None and (after.text.casefold() == "keynote" or _year(after.text)):
        return True
    k = end + 3 if after is not None and after.text == "(" else end  # past "(VGC)"
    if k + 1 < len(doc) and doc[k].text in ("at", "in") and is_capitalised(doc[k + 1].text):
        return True  # "the Vell Conference in Elmvale", "... at Tarsk Hall"
    i = start - 1
    while i >= 0:
        w = doc[i].text.casefold()
        if w == "annual" or _year(w) or _ORDINAL.match(w):
            return True  # "annual", "2010", "22nd"
        if w in _HELD_AT:
            return True
        if w in _HELD_SKIP or doc[i].pos_ == "PROPN" or doc[i].tag_ == "POS":
            i -= 1
            continue
        if doc[i].pos_ == "NOUN" and i + 1 < len(doc) and doc[i + 1].tag_ == "POS":
            i -= 1  # "the company's"
            continue
        return False
    return False


_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")


def _year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


@rule("held-meeting", "mention-filter", '"at the Vell Conference", its "annual" one: held, no body')
def _held_meeting(ctx: Context, m: RawMention) -> bool:
    """A meeting named after its head noun, where the words around it say it is held (see
    :func:`held_meeting`), and the acronym the text gives it in parentheses right after
    ("the Vell Growers Conference (VGC)"), are no actor."""
    doc = ctx.doc
    if held_meeting(doc, m.start, m.end):
        return True
    if m.end - m.start != 1 or m.start < 2 or doc[m.start - 1].text != "(":
        return False
    if not is_acronym(doc[m.start].text):
        return False
    j = m.start - 1
    i = j
    while i > 0 and (is_capitalised(doc[i - 1].text) or doc[i - 1].text in ("of", "for", "and")):
        i -= 1
    expansion = [t.text for t in doc[i:j]]
    return acronym_matches(doc[m.start].text, expansion) and held_meeting(doc, i, j)


_INDEX_WORDS = frozenset({"index", "indices", "indexes", "average"})


@rule("financial-index", "mention-filter", 'a stock market index ("the Nikkei", "X index")')
def _financial_index(ctx: Context, m: RawMention) -> bool:
    doc = ctx.doc
    after = doc[m.end].text if m.end < len(doc) else ""
    return ctx.lex.has("stock_index", name_key(m.name)) or after in _INDEX_WORDS


@rule("title-before", "evidence", "an honorific or a title word trimmed off a PERSON: a person")
def _title_before(ctx: Context, m: RawMention) -> Evidence | None:
    lex = ctx.lex
    if any(lex.has("honorific", w.casefold()) or lex.has("title", w.casefold()) for w in m.lead):
        return Evidence("title-before", "person", 2.0)
    return None


@rule("age-after", "evidence", '"Doe, 45,": only people have ages')
def _age_after(ctx: Context, m: RawMention) -> Evidence | None:
    return Evidence("age-after", "person", 2.0) if age_follows(ctx.doc, m.end) else None


_DESCRIBED_WEIGHTS = {"person": 2.0, "org": 3.0, "group": 3.0, "product": 3.0}


@rule("describing-noun", "evidence", '"the band X", "X, a teacher,": the noun says the kind')
def _describing_noun(ctx: Context, m: RawMention) -> Evidence | None:
    kind = described_as(ctx.doc, m.start, m.end, ctx.lex)
    if kind is None or kind == "product":
        return None
    return Evidence("describing-noun", kind, _DESCRIBED_WEIGHTS[kind])


@rule("product-noun", "evidence", '"web browser X", "X, the new version": the noun says a product')
def _product_noun(ctx: Context, m: RawMention) -> Evidence | None:
    """A name a noun for a kind of product describes ("the smartphone X", "X, the latest
    version of ...") is a product's, though the model tags many such names as people or
    organisations; its maker is named otherwise ("the phone maker X": "maker" describes).
    """
    if described_as(ctx.doc, m.start, m.end, ctx.lex) != "product":
        return None
    return Evidence("product-noun", "product", _DESCRIBED_WEIGHTS["product"])


@rule("comma-describing-noun", "evidence", '"the carrier, Acme Air,": the noun before the comma')
def _comma_describing_noun(ctx: Context, m: RawMention) -> Evidence | None:
    kind = descriptor_comma_before(ctx.doc, m.start, m.end, ctx.lex)
    if kind is None or kind == "product":
        return None
    return Evidence("comma-describing-noun", kind, _DESCRIBED_WEIGHTS[kind])


@rule("owner-compound", "evidence", '"X-owned", "X-backed": an owner, an organisation')
def _owner(ctx: Context, m: RawMention) -> Evidence | None:
    if owner_compound(ctx.doc, m.end) and described_as(ctx.doc, m.start, m.end, ctx.lex) is None:
        return Evidence("owner-compound", "org", 3.0)
    return None


def _word_before(doc: Doc, start: int) -> int:
    """Index of the word before a name, past determiners, punctuation and two adjectives."""
    before = start - 1
    skipped_adj = 0
    while before > 0:
        tok = doc[before]
        if tok.text.casefold() in DETERMINERS or tok.is_punct:
            before -= 1
        elif tok.pos_ == "ADJ" and tok.text.islower() and skipped_adj < 2:  # "in central X"
            before, skipped_adj = before - 1, skipped_adj + 1
        else:
            break
    return before


@rule("part-of-place", "evidence", '"the X suburb of Y": a part of a place is a place')
def _part_of_place(ctx: Context, m: RawMention) -> Evidence | None:
    doc = ctx.doc
    before = _word_before(doc, m.start)
    of = before > 0 and doc[before].text.casefold() == "of"
    if of and ctx.lex.has("place_noun", doc[before - 1].text.casefold()):
        return Evidence("part-of-place", "gpe", 1.5)
    return None


def defined_mention(start: int, end: int, label: str, name: str, rule: str) -> RawMention:
    return RawMention(start, end, label, name, rule=rule)


@rule("listed-among-people", "context", "an ORG listed with two or more people is a person")
def list_evidence(ctx: Context, mentions: list[RawMention]) -> list[tuple[RawMention, Evidence]]:
    """A name tagged ORG but listed among people is a person: "Okafor, Lund, Varga and Holm".

    (Places are listed with people in odd parses too often to be retyped.) When at least
    two other conjuncts of a name's head word are PERSON mentions, and more of
    them are people than anything else, the name gets person evidence, unless it is a
    country or carries an organisation, government or facility head word.
    """
    doc, lex = ctx.doc, ctx.lex
    roots = {doc[m.start : m.end].root.i: m.label for m in mentions if m.rule != "nested"}
    out = []
    for m in mentions:
        if m.label != "ORG" or m.person_evidence or m.place_context or m.rule:
            continue
        if not listed_among(doc[m.start : m.end].root, roots):
            continue
        words = m.tokens
        head = words[head_index(words)].casefold()
        if lex.country(m.name) or any(lex.has(c, head) for c in ("org", "gov", "facility")):
            continue
        out.append((m, Evidence("listed-among-people", "person", 2.0)))
    return out


@rule("place-apposition", "context", '"Springfield, Illinois": the apposition of a place is one')
def place_appositions(
    ctx: Context, mentions: list[RawMention]
) -> list[tuple[RawMention, Evidence]]:
    """ "Springfield, Illinois": a name set off by a comma after a place, as its apposition,
    is the region or country the place is in, so a place itself.

    Both must be in the parse's apposition (or conjunction) relation: "in Springfield, Jane
    Doe said" has a comma after a place too, and says nothing. Never against a title or an
    age next to the name (person evidence).
    """
    doc, lex = ctx.doc, ctx.lex
    places = {}
    for m in mentions:
        if m.label in ("GPE", "LOC") or lex.country(m.name):
            places[doc[m.start : m.end].root.i] = m
    out: list[tuple[RawMention, Evidence]] = []
    if not places:
        return out
    for m in mentions:
        if m.person_evidence or m.org_evidence or m.place_context or m.start < 2:
            continue
        if doc[m.start - 1].text != "," or m.end - m.start > 3:
            continue
        root = doc[m.start : m.end].root
        host = places.get(root.head.i)
        if host is None or host is m or root.dep_ not in ("appos", "conj", "npadvmod"):
            continue
        if host.end == m.start - 1:
            out.append((m, Evidence("place-apposition", "gpe", 1.5)))
    return out


@rule("dateline-place", "context", "the place the dateline names is a place")
def _dateline_place(ctx: Context, mentions: list[RawMention]) -> list[tuple[RawMention, Evidence]]:
    key = dateline_key(ctx.doc)
    if not key:
        return []
    return [
        (m, Evidence("dateline-place", "gpe", 1.5)) for m in mentions if name_key(m.name) == key
    ]


@rule("people-name", "group", 'a plural nationality or faith used as a noun ("the Kurds")')
def norp_group(doc: Doc, start: int, end: int, lex: Lexicon) -> RawMention | None:
    """A plural nationality or religious group used as a noun ("the Kurds", "Druze").

    Not when it modifies a noun ("Kurdish fighters"): that is a description of others.
    """
    span = doc[start:end]
    root = span.root
    plural_demonym = root.text.endswith("s") and lex.demonym_country(root.text) is not None
    if root.tag_ not in ("NNPS", "NNS") and not plural_demonym:
        return None
    if root.dep_ in ("amod", "compound", "nmod", "poss"):
        return None
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN"):
        return None
    name = normalise_space(span.text)
    if name.casefold().startswith("the "):
        name, start = name[4:], start + 1
    if not is_capitalised(name):
        return None
    return RawMention(start, end, "NORP", name, rule="group")


@rule("acronym-mention", "mention", "every bare use of an acronym defined in parentheses")
def acronym_mentions(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    """Mentions of an acronym defined in parentheses that the tagger missed.

    "the Ruritanian State News Agency (RSNA)": "RSNA" there and at every later bare
    occurrence becomes a mention of the same kind as its expansion.
    """
    doc = ctx.doc
    covered = {i for m in mentions for i in range(m.start, m.end)}
    defined: dict[str, str] = {}
    for m in mentions:
        i = m.end
        while i < len(doc) and doc[i].text in POSSESSIVE:
            i += 1
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            acr = doc[i + 1].text
            if is_acronym(acr) and acronym_matches(acr, m.tokens):
                defined.setdefault(acr, m.label)
        if m.alias and is_short_form(m.alias) and len(m.tokens) > 1:
            defined.setdefault(m.alias, m.label)
    extra = []
    for tok in doc:
        if tok.text in defined and tok.i not in covered:
            extra.append(RawMention(tok.i, tok.i + 1, defined[tok.text], tok.text, rule="acronym"))
    return mentions + extra


#: Dependents a bare surname never has: a determiner, an adjective, a number, a noun
#: modifier ("the rivers", "wild rivers", "two Rivers", "mountain rivers").
_NOT_OF_A_SURNAME = frozenset({"det", "amod", "nummod", "compound", "poss"})


def _name_word(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and is_capitalised(tok.text)


def _plural_subject(tok: Token) -> bool:
    """ "Jobs are scarce": the subject of a plural verb is no one person."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verbs = [tok.head, *(c for c in tok.head.children if c.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ == "VBP" or v.text.casefold() in ("are", "were") for v in verbs)


@rule("surname-mention", "mention", '"Jane Okafor ... Okafor said": her surname, untagged')
def surname_mentions(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    """A person's surname alone after her full name, where the tagger left it out.

    News style names a person in full once and by surname after. The small model misses
    the surname where it is also a word ("Rivers said", "Jobs welcomed them", "Waters, the
    curator,") and most of all at the start of a sentence, so the later mentions are lost
    or become a group of "rivers". A capitalised word equal to the last word of a person's
    name of two or more words earlier in the text is that surname, unless it has what
    a name never has (a determiner, an adjective, a number, a noun modifier), joins a
    longer capitalised name, is a word of another class ("Little is known"), the subject
    of a plural verb ("Jobs are scarce") or a month or day ("Jane May ... in May"). The
    short-form merge joins it to the full name.
    """
    doc = ctx.doc
    first: dict[str, int] = {}  # surname -> where the first full name ends
    for m in mentions:
        words = m.tokens
        if m.label == "PERSON" and len(words) > 1 and is_capitalised(words[-1]):
            surname = words[-1]
            if len(surname) > 1 and not is_acronym(surname):
                first[surname] = min(first.get(surname, m.end), m.end)
    if not first:
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    extra = []
    for tok in doc:
        end = first.get(tok.text)
        if end is None or tok.i < end or tok.i in covered:
            continue
        if tok.pos_ not in ("PROPN", "NOUN") or _plural_subject(tok):
            continue  # "Little is known", "Jobs are scarce"
        if tok.ent_type_ in ("DATE", "TIME") or tok.text.casefold() in MONTHS_DAYS:
            continue  # "Jane May ... in May": the month
        if any(c.dep_ in _NOT_OF_A_SURNAME for c in tok.children):
            continue
        before = doc[tok.i - 1] if tok.i else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if before is not None and not tok.is_sent_start and _name_word(before):
            continue  # "Ana Rivers", another person of that surname: the tagger's to find
        if after is not None and _name_word(after):
            continue  # "Rivers Street"
        extra.append(RawMention(tok.i, tok.i + 1, "PERSON", tok.text, rule="surname"))
    return mentions + extra


@rule("parenthesis-definition", "mention", '"Long Name (LN)", "Name (Other Name)": one entity')
def _parenthesis_definition(
    ctx: Context, mentions: list[RawMention], spans: list
) -> list[RawMention]:
    defined = define_names(ctx.doc, mentions, defined_mention)
    if not ctx.rules.on("held-meeting"):
        return defined
    # a long form made here is no trimmed mention: the held-meeting filter reads it here
    held = {
        m.name for m in defined if m.rule == "long-form" and held_meeting(ctx.doc, m.start, m.end)
    }
    return [m for m in defined if m.name not in held and not (m.rule and m.alias in held)]
