"""The sieves of the coreference component: one rule each, most precise first.

In the manner of the Stanford deterministic coreference system (Raghunathan et al. 2010,
Lee et al. 2013): mentions are found first (pronouns, definite descriptions, names the
entity resolver did not map), then each sieve in turn links some of the mentions still
unresolved to an entity of the document, and later sieves see what earlier ones linked.
A sieve only links when the evidence is unambiguous; a mention no sieve can link stays
unresolved rather than guessed. Antecedents are always earlier in the text (no cataphora).

Every sieve is registered here with an id and a one-line purpose (:data:`SIEVES`); the
component runs those its config lists, in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.components.coref_lexicon import CorefLexicon
from kg.components.scan import where
from kg.components.sentences import sentence_number
from kg.components.sentences import sentences as sentences_of
from kg.model import Entity
from kg.names import CORPORATE_SUFFIXES

ORG_TYPES = frozenset({"Organization", "GovernmentBody"})
PLACE_TYPES = frozenset({"Place", "Country", "City", "GeopoliticalEntity", "Facility"})
#: Tokens of these NER labels are never nominal antecedents ("on Monday", "5%").
NON_NOMINAL = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})

#: Third-person pronouns: (number, gender); gender m/f/n, None = any.
THIRD = {
    **dict.fromkeys(("he", "him", "his", "himself"), ("sg", "m")),
    **dict.fromkeys(("she", "her", "hers", "herself"), ("sg", "f")),
    **dict.fromkeys(("it", "its", "itself"), ("sg", "n")),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), ("pl", None)),
}
REFLEXIVE = frozenset({"himself", "herself", "itself", "themselves"})
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
PRONOUN_WORDS = frozenset(THIRD) | FIRST_SINGULAR | FIRST_PLURAL | RELATIVE
#: Verbs of saying whose subject is the speaker of a quotation.
SPEECH = frozenset(
    {"say", "tell", "add", "state", "explain", "note", "announce", "write", "claim", "insist"}
    | {"argue", "comment", "remark", "reply", "respond", "continue", "conclude", "declare"}
    | {"warn", "ask", "admit", "acknowledge", "confirm", "stress", "emphasise", "emphasize"}
    | {"assert", "tweet", "recall", "describe", "joke", "suggest", "predict", "promise"}
)
#: A head of "it" that makes it pleonastic: "it is likely that", "it seems", "it rained".
PLEONASTIC_HEADS = frozenset(
    {"be", "seem", "appear", "happen", "matter", "remain", "rain", "snow", "take", "turn"}
)
#: Modifiers that say the description is another entity than any before it.
CONTRASTIVE = frozenset(
    {"other", "another", "rival", "second", "third", "different", "new", "former", "parent"}
    | {"sister", "competing", "fellow", "first", "last", "next", "previous", "latter"}
)
_QUOTE_OPEN, _QUOTE_CLOSE, _QUOTE_BOTH = "\u201c", "\u201d", {'"', "``", "''"}


@dataclass(slots=True)
class Mention:
    """A pronoun, description or unmapped name of the text, and what it was linked to."""

    start: int  # token offsets, end exclusive
    end: int
    head: int
    kind: str  # "pronoun" | "description" | "name"
    age: int | None = None  # "the 52-year-old"
    key: str | None = None
    sieve: str | None = None


@dataclass(frozen=True, slots=True)
class Sieve:
    """One coreference rule: its id (what it leaves on the mentions it links) and purpose."""

    id: str
    purpose: str
    run: Callable[[Context], None]


SIEVES: dict[str, Sieve] = {}


def sieve(id_: str, purpose: str) -> Callable[[Callable[[Context], None]], Callable]:
    """Register a sieve under ``id_``."""

    def register(fn: Callable[[Context], None]) -> Callable[[Context], None]:
        SIEVES[id_] = Sieve(id_, purpose, fn)
        return fn

    return register


@dataclass
class Context:
    """What the sieves share for one document: the entities, the mentions and the links."""

    doc: Doc
    lex: CorefLexicon
    window: int = 1  # previous sentences searched for a pronoun's antecedent
    nominal_window: int = 2  # ... and for the salient entity of "the company"
    entities: dict[str, Entity] = field(default_factory=dict)
    base: dict[int, str] = field(default_factory=dict)  # the entity resolver's token map
    resolved: dict[int, str] = field(default_factory=dict)  # tokens of linked mentions
    mentions: list[Mention] = field(default_factory=list)
    by_head: dict[int, Mention] = field(default_factory=dict)
    said: dict[str, set[str]] = field(default_factory=dict)  # key -> words said of it
    gender: dict[str, str] = field(default_factory=dict)  # key -> "m" | "f"
    first: dict[str, int] = field(default_factory=dict)  # key -> first token mapped
    run_head: dict[int, int] = field(default_factory=dict)  # entity token -> head of its run

    @classmethod
    def build(cls, doc: Doc, lex: CorefLexicon, **options: int) -> Context:
        ctx = cls(doc, lex, **options)
        ctx.entities = {e.key: e for e in doc._.kg_entities or []}
        ctx.base = {i: k for i, k in (doc._.kg_token_entity or {}).items() if k in ctx.entities}
        ctx._runs()
        ctx.mentions = collect_mentions(ctx)
        ctx.by_head = {m.head: m for m in ctx.mentions}
        before: dict[str, set[str]] = {}  # key -> the words just before its mentions
        for i, key in ctx.base.items():
            if i > 0 and ctx.base.get(i - 1) != key:
                before.setdefault(key, set()).add(doc[i - 1].lower_)
        for key, entity in ctx.entities.items():
            ctx.said[key] = entity_words(entity)
            g = entity_gender(entity, lex, before.get(key, set()))
            if g:
                ctx.gender[key] = g
        return ctx

    def _runs(self) -> None:
        """Group the resolver's mapped tokens into runs; a run's head is its syntactic head."""
        i, n = 0, len(self.doc)
        while i < n:
            key = self.base.get(i)
            if key is None:
                i += 1
                continue
            j = i
            while j < n and self.base.get(j) == key:
                j += 1
            self.first.setdefault(key, i)
            head = next((t.i for t in self.doc[i:j] if not i <= t.head.i < j or t.head == t), j - 1)
            for k in range(i, j):
                self.run_head[k] = head
            i = j

    # -- reading ----------------------------------------------------------------------------

    def key_at(self, i: int) -> str | None:
        """The entity token ``i`` belongs to: mapped by the resolver or linked by a sieve."""
        return self.base.get(i) or self.resolved.get(i)

    def sent(self, i: int) -> int:
        return sentence_number(self.doc, i)

    def unresolved(self, kind: str) -> Iterable[Mention]:
        return [m for m in self.mentions if m.key is None and m.kind == kind]

    def mentioned_before(self, key: str, i: int) -> bool:
        first = self.first.get(key)
        return first is not None and first < i

    # -- writing ----------------------------------------------------------------------------

    def link(self, m: Mention, key: str, sieve_id: str) -> None:
        """Link ``m`` to entity ``key``, remembering what the mention says of the entity."""
        m.key, m.sieve = key, sieve_id
        for i in range(m.start, m.end):
            self.resolved.setdefault(i, key)
        if self.first.get(key, len(self.doc)) > m.start:
            self.first[key] = m.start
        if m.kind == "description":
            self.said.setdefault(key, set()).update(words_of(self.doc[m.start : m.end]))
            self.said[key].add(self.doc[m.head].lemma_.casefold())


# -- mentions ----------------------------------------------------------------------------------


def collect_mentions(ctx: Context) -> list[Mention]:
    """Pronouns and descriptions not already mapped to an entity, in text order."""
    doc, found = ctx.doc, []
    for i in where(doc, "LOWER", PRONOUN_WORDS | {"that"}):
        if i in ctx.base:
            continue
        t = doc[i]
        lower = t.lower_
        relative_that = lower == "that" and t.tag_ == "WDT" and _relative_verb(t) is not None
        if (t.pos_ == "PRON" and lower in PRONOUN_WORDS) or relative_that:
            found.append(Mention(t.i, t.i + 1, t.i, "pronoun"))
    heads = set()
    for i in where(doc, "POS", ("NOUN", "PROPN")):  # noun phrases: a head noun and the
        root = doc[i]  # words before it that depend on it
        if root.dep_ == "compound":
            continue
        title = root.pos_ == "PROPN" and ctx.lex.has("title", root.lower_)  # "the Prime Minister"
        if (
            (root.pos_ != "NOUN" and not title)
            or root.i in ctx.base
            or root.ent_type_ in NON_NOMINAL
        ):
            continue
        start = min(root.left_edge.i, root.i)
        for child in root.lefts:
            if child.dep_ == "poss":  # "the company's chief": the mention starts after 's
                start = max(start, max(x.i for x in child.subtree) + 1)
        heads.add(root.i)
        found.append(
            Mention(start, root.i + 1, root.i, "description", age=_age(doc, start, root.i))
        )
    for i in where(doc, "LOWER", ("old",)):  # "the 52-year-old said": an age used as a noun
        t = doc[i]
        if t.i not in heads:
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
                continue
            start = t.i - 4
            if start >= 1 and doc[start - 1].lower_ == "the":
                age = _age(doc, start, t.i)
                if age is not None:
                    found.append(Mention(start - 1, t.i + 1, t.i, "description", age=age))
    found.sort(key=lambda m: (m.start, m.end))
    return found


def _age(doc: Doc, start: int, end: int) -> int | None:
    """The N of "N-year-old" in tokens ``start..end``, if there."""
    for i in range(start, end - 3):
        words = [doc[k].lower_ for k in range(i, i + 5)]
        if words[1:] == ["-", "year", "-", "old"] and doc[i].like_num and doc[i].text.isdigit():
            return int(doc[i].text)
    return None


def _relative_verb(t: Token) -> Token | None:
    """The relative-clause verb a relative pronoun belongs to ("the firm that bought X")."""
    for a in [t, *t.ancestors][:3]:
        if a.dep_ == "relcl":
            return a
    return None


def words_of(tokens: Iterable[Token]) -> set[str]:
    """The lower-case content words of a phrase (no determiners or punctuation)."""
    return {
        t.lower_ for t in tokens if t.pos_ not in ("DET", "PUNCT", "PART", "ADP", "PRON", "CCONJ")
    }


def entity_words(entity: Entity) -> set[str]:
    """Words of an entity's names and titles ("aircraft maker Acme" -> aircraft, maker, acme)."""
    out: set[str] = set()
    for text in [entity.label, *entity.alt_labels, *entity.titles]:
        for w in text.replace("-", " ").split():
            w = w.casefold().strip(".,'\u2019")
            out.add(w)
            if w.endswith("s") and len(w) > 3:
                out.add(w[:-1])
    return out


def entity_gender(entity: Entity, lex: CorefLexicon, before: set[str]) -> str | None:
    """m or f from a title of one sex, an honorific just before a mention (``before``: the
    words there), or a given name; None when unknown or the evidence disagrees."""
    if entity.type != "Person":
        return None
    words = {w for text in [*entity.titles, *entity.alt_labels] for w in text.casefold().split()}
    words |= before
    first = entity.label.split()[0] if len(entity.label.split()) > 1 else ""
    votes = set()
    if any(lex.has("male_noun", w) or lex.has("male_honorific", w) for w in words):
        votes.add("m")
    if any(lex.has("female_noun", w) or lex.has("female_honorific", w) for w in words):
        votes.add("f")
    if lex.has("male_name", first):
        votes.add("m")
    if lex.has("female_name", first):
        votes.add("f")
    return next(iter(votes)) if len(votes) == 1 else None


# -- compatibility -----------------------------------------------------------------------------


def kind_of_noun(lex: CorefLexicon, word: str) -> str | None:
    """person, org, gov or place: what a common noun can describe (None: unknown)."""
    if lex.has("title", word) or lex.has("person_noun", word):
        return "person"
    if lex.has("gov_noun", word):
        return "gov"
    if lex.has("org_noun", word):
        return "org"
    if lex.has("place_noun", word):
        return "place"
    return None


#: Endings of nouns for people ("economist", "historian", "spokesperson"); -er and -or
#: are left out: they make as many nouns for things ("browser", "reactor").
AGENT_SUFFIXES = ("ist", "ian", "man", "woman", "person")


def compatible(entity: Entity, lex: CorefLexicon, head: Token) -> bool:
    """Whether a description headed by ``head`` can describe ``entity``: its head must be a
    noun for that kind of thing (a person's role, an organisation, a place) and agree in
    number. A head we know nothing about links nothing ("the newest version")."""
    word = head.lemma_.casefold()
    kind = kind_of_noun(lex, word)
    plural = head.tag_ in ("NNS", "NNPS")
    if entity.type == "Person":
        person = kind == "person" or (kind is None and word.endswith(AGENT_SUFFIXES))
        return person and (not plural or (entity.count or 1) > 1)
    if entity.type == "Group":
        return kind in ("person", "org") or (kind is None and word.endswith(AGENT_SUFFIXES))
    if entity.type in ORG_TYPES:
        return kind in ("org", "gov") and not plural
    if entity.type in PLACE_TYPES:
        return kind in ("place", "gov") and not plural
    return False


def definite(ctx: Context, m: Mention) -> bool:
    """A description with the/this/that or a possessor ("the firm", "Acme's chief")."""
    head = ctx.doc[m.head]
    if any(c.dep_ == "poss" for c in head.lefts):
        return True
    return ctx.doc[m.start].lower_ in ("the", "this", "that")


def modifiers(ctx: Context, m: Mention) -> list[Token]:
    """The words before the head that restrict it ("the new aircraft maker": new, aircraft)."""
    return [
        t
        for t in ctx.doc[m.start : m.head]
        if t.pos_ not in ("DET", "PUNCT", "PART", "PRON") and t.dep_ not in ("poss", "case")
    ]


def restrictive_clause(ctx: Context, m: Mention) -> bool:
    """Whether a clause or an of-phrase after the head restricts it ("the firm that sued")."""
    return any(
        c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "from"))
        for c in ctx.doc[m.head].rights
    )


def related(ctx: Context, holder: str, other: str) -> bool:
    """Whether a person is tied to an organisation: a relation, or its name among the person's
    names or titles ("Acme chief executive Jane Roe")."""
    person = ctx.entities[holder]
    if any(r.target == other for r in person.relations):
        return True
    org = ctx.entities.get(other)
    if org is None:
        return False
    names = [org.label, *org.alt_labels]
    texts = [t.casefold() for t in [*person.alt_labels, *person.titles]]
    return any(f" {n.casefold()} " in f" {t} " for n in names if n for t in texts)


# -- 1. names ----------------------------------------------------------------------------------


def _name_runs(ctx: Context) -> Iterable[tuple[int, int]]:
    """Whole proper-noun runs that no entity covers (neighbours are not proper nouns)."""
    doc, i, n = ctx.doc, 0, len(ctx.doc)
    while i < n:
        if doc[i].pos_ != "PROPN" or ctx.key_at(i) is not None:
            i += 1
            continue
        j = i
        while j < n and doc[j].pos_ == "PROPN" and ctx.key_at(j) is None:
            j += 1
        before_ok = i == 0 or doc[i - 1].pos_ != "PROPN"
        after_ok = j == n or doc[j].pos_ != "PROPN"
        if before_ok and after_ok and doc[i].text[:1].isupper():
            yield i, j
        i = j


def _link_names(ctx: Context, index: dict[str, set[str]], sieve_id: str) -> None:
    for i, j in list(_name_runs(ctx)):
        if any(t.ent_type_ in ("DATE", "TIME") for t in ctx.doc[i:j]):
            continue  # "in May" is the month, not Jane May
        keys = index.get(ctx.doc[i:j].text)
        if keys and len(keys) == 1:
            m = Mention(i, j, j - 1, "name")
            ctx.mentions.append(m)
            ctx.by_head[m.head] = m
            ctx.link(m, next(iter(keys)), sieve_id)
    ctx.mentions.sort(key=lambda m: (m.start, m.end))


@sieve("exact_string", "a name the resolver left unmapped that is exactly an entity's name")
def exact_string(ctx: Context) -> None:
    index: dict[str, set[str]] = {}
    for e in ctx.entities.values():
        if e.named:
            for name in {e.label, *e.alt_labels}:
                index.setdefault(name, set()).add(e.key)
    _link_names(ctx, index, "exact_string")


@sieve(
    "relaxed_string",
    "a name equal to an entity's name without its corporate suffix, or a person's surname",
)
def relaxed_string(ctx: Context) -> None:
    index: dict[str, set[str]] = {}
    for e in ctx.entities.values():
        words = e.label.split()
        if not e.named or len(words) < 2:
            continue
        if e.type in ORG_TYPES and words[-1].casefold() in CORPORATE_SUFFIXES:
            index.setdefault(" ".join(words[:-1]).rstrip(","), set()).add(e.key)
        if e.type == "Person":
            index.setdefault(words[-1], set()).add(e.key)
    for e in ctx.entities.values():  # a short form that is another entity's full name
        for name in (e.label, *e.alt_labels):
            if name in index:
                index[name].add(e.key)
    _link_names(ctx, index, "relaxed_string")


# -- 2. precise constructions --------------------------------------------------------------------


@sieve(
    "descriptor",
    "the common noun before a name in its phrase ('aircraft maker Acme', 'Acme CEO Jane Roe')",
)
def descriptor(ctx: Context) -> None:
    doc, done = ctx.doc, set()
    for i, head in sorted(ctx.run_head.items()):
        if head in done or ctx.base.get(i) is None:
            continue
        done.add(head)
        key = ctx.base[i]
        run_start = i
        # the title or description words right before the name, inside its phrase
        j = run_start - 1
        while (
            j >= 0
            and ctx.key_at(j) is None
            and (doc[j].pos_ in ("NOUN", "ADJ") or kind_of_noun(ctx.lex, doc[j].lower_) is not None)
        ):
            if not j < doc[j].head.i <= head:
                break
            j -= 1
        start = j + 1
        last = doc[run_start - 1]
        if start >= run_start or not (last.pos_ == "NOUN" or kind_of_noun(ctx.lex, last.lower_)):
            continue
        if start > 0 and doc[start - 1].lower_ in ("the", "a", "an"):
            start -= 1
        m = Mention(start, run_start, run_start - 1, "description")
        if compatible(ctx.entities[key], ctx.lex, doc[m.head]):
            old = ctx.by_head.get(m.head)
            if old is not None and old.key is None:
                ctx.mentions.remove(old)
            ctx.mentions.append(m)
            ctx.by_head[m.head] = m
            ctx.link(m, key, "descriptor")
    ctx.mentions.sort(key=lambda m: (m.start, m.end))


def _pair_link(ctx: Context, a: Token, b: Token, sieve_id: str, *, need_definite: bool) -> None:
    """Link whichever of ``a``/``b`` heads an unresolved description to the other's entity."""
    for entity_tok, desc_tok in ((a, b), (b, a)):
        key = ctx.key_at(entity_tok.i)
        m = ctx.by_head.get(desc_tok.i)
        if key is None or m is None or m.key is not None or m.kind != "description":
            continue
        if ctx.key_at(desc_tok.i) is not None:
            continue
        if need_definite and not definite(ctx, m):
            continue
        if compatible(ctx.entities[key], ctx.lex, desc_tok):
            ctx.link(m, key, sieve_id)
            return


@sieve("appositive", "a description in apposition to an entity ('Acme, the toaster maker,')")
def appositive(ctx: Context) -> None:
    for i in where(ctx.doc, "DEP", ("appos",)):
        t = ctx.doc[i]
        if t.head == t or not _adjacent(t.head, t):
            continue
        m = ctx.by_head.get(t.i) or ctx.by_head.get(t.head.i)
        if m is None or (
            ctx.doc[m.head].tag_ not in ("NN", "NNP")
            and not (ctx.doc[m.start].lower_ in ("the", "a", "an") or definite(ctx, m))
        ):
            continue  # a bare plural in a list misparsed as apposition
        _pair_link(ctx, t.head, t, "appositive", need_definite=False)


def _adjacent(head: Token, appos: Token) -> bool:
    """Whether an apposition follows its head's phrase directly ("Acme Corp, the maker",
    "the head of Acme, Jane Roe"), not a misparse across the clause."""
    doc = head.doc
    inside = {x.i for c in head.rights if c != appos for x in c.subtree}
    start, end = sorted((head.i, appos.left_edge.i if appos.i > head.i else appos.i))
    between = range(start + 1, end)
    if appos.i < head.i:  # "the company's chief, Jane Roe" has the head second
        between = range(appos.right_edge.i + 1, head.left_edge.i)
    return all(doc[i].is_punct or i in inside or doc[i].dep_ == "cc" for i in between) and (
        len(between) < 12
    )


@sieve(
    "predicate_nominative",
    "the definite description an entity is said to be ('Roe is the new minister', "
    "'the victim was identified as Roe')",
)
def predicate_nominative(ctx: Context) -> None:
    for i in where(ctx.doc, "LEMMA", ("be", "become", "remain", "identify", "name")):
        v = ctx.doc[i]
        if any(c.dep_ == "neg" for c in v.children):
            continue
        if v.lemma_ in ("identify", "name"):  # "was identified as X", "named as X"
            subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
            as_ = next((c for c in v.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            attr = next((g for g in as_.children if g.dep_ == "pobj"), None) if as_ else None
        else:
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            attr = next((c for c in v.children if c.dep_ == "attr"), None)
        if subj is not None and attr is not None:
            _pair_link(ctx, subj, attr, "predicate_nominative", need_definite=True)


@sieve("relative_pronoun", "who/which/that of a relative clause: the noun the clause modifies")
def relative_pronoun(ctx: Context) -> None:
    for m in ctx.unresolved("pronoun"):
        t = ctx.doc[m.head]
        if t.lower_ not in RELATIVE:
            continue
        verb = _relative_verb(t)
        if verb is None or verb.head.i >= t.i:
            continue
        noun = verb.head
        heads = {noun, ctx.doc[ctx.run_head.get(noun.i, noun.i)]}
        if any(h.dep_ == "conj" or any(c.dep_ == "conj" for c in h.children) for h in heads):
            continue  # "X and Y, which ...": the pair, not one of them
        if any(h.dep_ == "pobj" and h.head.head.pos_ in ("NOUN", "PROPN") for h in heads):
            continue  # "the article in the magazine, which": either noun may be meant
        key = ctx.key_at(noun.i)
        if key is None:
            continue
        person = ctx.entities[key].type in ("Person", "Group")
        if (
            t.lower_ in ("who", "whom") and not person and ctx.entities[key].type not in ORG_TYPES
        ) or (t.lower_ == "which" and person):
            continue
        ctx.link(m, key, "relative_pronoun")


# -- 3. descriptions ---------------------------------------------------------------------------


@sieve("role_title", "'the minister': the one person of the text holding that title")
def role_title(ctx: Context) -> None:
    doc, lex = ctx.doc, ctx.lex
    for m in ctx.unresolved("description"):
        head = doc[m.head]
        word = head.lemma_.casefold()
        if head.tag_ not in ("NN", "NNP") or not definite(ctx, m) or not lex.has("title", word):
            continue
        holders = [
            k
            for k, e in ctx.entities.items()
            if e.type == "Person" and ctx.mentioned_before(k, m.start) and word in ctx.said[k]
        ]
        if len(holders) != 1:
            continue
        holder = holders[0]
        if any(
            o.kind == "description"
            and o.start < m.start
            and o.key != holder
            and doc[o.head].lemma_.casefold() == word
            for o in ctx.mentions
        ):
            continue  # an earlier "the trade minister" that is someone else or unknown
        if any(t.lower_ not in ctx.said[holder] for t in modifiers(ctx, m)):
            continue  # "the foreign minister" is not the trade minister
        if not all(related(ctx, holder, k) for k in _restrictors(ctx, head) if k is not None):
            continue  # "Bolt's chief executive" is not Acme's
        if any(k is None for k in _restrictors(ctx, head)) and _has_name_restrictor(ctx, head):
            continue
        ctx.link(m, holder, "role_title")


def _restrictors(ctx: Context, head: Token) -> list[str | None]:
    """The entities named by a description's possessor or of/for-phrase (None: not one)."""
    out = []
    for c in head.children:
        if c.dep_ == "poss" and c.pos_ != "PRON":
            out.append(ctx.key_at(ctx.run_head.get(c.i, c.i)) or ctx.key_at(c.i))
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "at"):
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                out.append(ctx.key_at(obj.i))
    return out


def _has_name_restrictor(ctx: Context, head: Token) -> bool:
    """A possessor or of-object that is a word we cannot tie to the holder."""
    return any(c.dep_ in ("poss", "prep") and c.pos_ != "PRON" for c in head.children)


@sieve("age_match", "'the 52-year-old': the one person of the text of that age")
def age_match(ctx: Context) -> None:
    for m in ctx.unresolved("description"):
        if m.age is None:
            continue
        people = [
            k
            for k, e in ctx.entities.items()
            if e.type == "Person" and e.age == m.age and ctx.mentioned_before(k, m.start)
        ]
        if len(people) == 1:
            ctx.link(m, people[0], "age_match")


_GENERAL = {
    "org_general": frozenset({"Organization"}),
    "gov_general": frozenset({"GovernmentBody"}),
    "country_general": frozenset({"Country", "GeopoliticalEntity"}),
    "city_general": frozenset({"City"}),
}


@sieve(
    "head_match",
    "'the company': the entity named or described with that head, else the one salient "
    "organisation or place when the head is a general noun",
)
def head_match(ctx: Context) -> None:
    doc, lex = ctx.doc, ctx.lex
    for m in ctx.unresolved("description"):
        head = doc[m.head]
        word = head.lemma_.casefold()
        if head.tag_ != "NN" or not definite(ctx, m) or kind_of_noun(lex, word) == "person":
            continue
        mods = modifiers(ctx, m)
        if any(t.lower_ in CONTRASTIVE for t in mods) or any(c.dep_ == "poss" for c in head.lefts):
            continue
        named = [
            k
            for k, e in ctx.entities.items()
            if e.type != "Person"
            and ctx.mentioned_before(k, m.start)
            and word in ctx.said[k]
            and all(t.lower_ in ctx.said[k] for t in mods)
            and compatible(e, lex, head)
        ]
        if len(named) == 1:
            ctx.link(m, named[0], "head_match")
            continue
        if named or mods or restrictive_clause(ctx, m):
            continue
        types = next((ts for cat, ts in _GENERAL.items() if lex.has(cat, word)), None)
        if types is None:
            continue
        key = _salient(ctx, head, types)
        if key is not None:
            ctx.link(m, key, "head_match")


def _salient(ctx: Context, head: Token, types: frozenset[str]) -> str | None:
    """The entity of ``types`` that "the company" at ``head`` most likely means: the first
    organisation-like phrase in the order pronouns search (Hobbs's order in its sentence,
    subjects first before it), when that is an entity of the right type and either the only
    one in the window or the subject of its clause. An unknown name first blocks the link."""
    doc = ctx.doc
    in_window = _in_window(ctx, head.i, ctx.nominal_window, types)
    sentence = ctx.sent(head.i)
    for s in range(sentence, max(-1, sentence - ctx.nominal_window - 1), -1):
        for c in _ranked(ctx, head, s):
            if c.key is not None and ctx.entities[c.key].type in types:
                subject = doc[c.head].dep_ in ("nsubj", "nsubjpass") or any(
                    a.dep_ in ("nsubj", "nsubjpass") for a in list(doc[c.head].ancestors)[:1]
                )
                return c.key if len(in_window) == 1 or subject else None
            if c.animacy in ("any", "org") and c.key is None:
                return None  # an unknown name or another organisation comes first
            if c.key is not None and ctx.entities[c.key].type in ORG_TYPES | PLACE_TYPES:
                return None  # an entity of another kind comes first
    return None


def _in_window(ctx: Context, i: int, window: int, types: frozenset[str]) -> set[str]:
    """Entities of ``types`` mentioned before token ``i`` in its sentence or the ``window``
    sentences before it."""
    first_sentence = max(0, ctx.sent(i) - window)
    found = set()
    for k in range(i - 1, -1, -1):
        if ctx.sent(k) < first_sentence:
            break
        key = ctx.key_at(k)
        if key is not None and ctx.entities[key].type in types:
            found.add(key)
    return found


# -- 4. pronouns -------------------------------------------------------------------------------


def pleonastic(t: Token) -> bool:
    """'it' that refers to nothing: "it is likely that", "it seems", "make it clear that"."""
    if t.dep_ == "expl":
        return True
    head = t.head
    clause = ("ccomp", "xcomp", "csubj")
    if t.dep_ in ("nsubj", "nsubjpass"):
        if head.lemma_ in PLEONASTIC_HEADS:
            # "it is likely that", "it was damning that": a clause after, on the verb or its
            # adjective or noun
            after = [c for c in head.children if c.i > t.i]
            preds = [c for c in after if c.dep_ in ("acomp", "attr")]
            if any(c.dep_ in clause for c in after) and (preds or head.lemma_ != "be"):
                return True
            if any(g.dep_ in clause for p in preds for g in p.children):
                return True
        if t.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in head.children):
            return True  # "it was announced that"
    if t.dep_ == "dobj" and any(c.dep_ in ("ccomp", "xcomp") and c.i > t.i for c in head.children):
        return head.lemma_ in ("make", "find", "consider", "take")
    return False


@dataclass(frozen=True, slots=True)
class _Candidate:
    head: int
    key: str | None
    number: str  # sg | pl | any
    animacy: str  # person | org | thing | any
    gender: str | None


def _candidates(ctx: Context, sentence: int, before: int) -> dict[int, _Candidate]:
    """The noun phrases of a sentence before token ``before``, by head token."""
    doc, lex = ctx.doc, ctx.lex
    out: dict[int, _Candidate] = {}
    for t in sentences_of(doc)[sentence]:
        if t.i >= before:
            break
        key = ctx.key_at(t.i)
        if t.i in ctx.run_head:  # an entity mention of the resolver: once, at its head
            head = ctx.run_head[t.i]
            if head in out or head >= before:
                continue
            if doc[head].dep_ == "compound":  # "the Acme 717": the phrase comes first
                outer = doc[head].head
                if outer.pos_ not in ("NOUN", "PROPN") and outer.i < before:
                    out[outer.i] = _Candidate(outer.i, None, "any", "any", None)
            out[head] = _entity_candidate(ctx, head, key)
            continue
        m = ctx.by_head.get(t.i)
        if m is not None:
            if m.kind == "pronoun":
                cand = _pronoun_candidate(ctx, t, m.key)
                if cand is not None:
                    out[t.i] = cand
                continue
            if m.key is not None:
                out[t.i] = _entity_candidate(ctx, t.i, m.key)
                continue
        if t.pos_ not in ("NOUN", "PROPN") or t.ent_type_ in NON_NOMINAL:
            continue
        if t.dep_ == "compound" and not (t.pos_ == "PROPN" and key is None):
            continue  # (an unknown name is kept even as a modifier: it may be what is meant)
        if key is not None or t.i in out or not t.is_alpha or _title_of_name(ctx, t):
            continue
        word = t.lemma_.casefold()
        kind = kind_of_noun(lex, word)
        animate = kind == "person" or word.endswith(("ist", "ian", "man", "woman", "person"))
        gender = (
            "m" if lex.has("male_noun", word) else "f" if lex.has("female_noun", word) else None
        )
        number = "pl" if t.tag_ in ("NNS", "NNPS") else "sg"
        animacy = "person" if animate else "org" if kind in ("org", "gov") else "thing"
        if t.pos_ == "PROPN":
            animacy = "any"  # an unmapped name could be anything: it blocks every pronoun
        out[t.i] = _Candidate(t.i, None, number, animacy, gender)
    return out


def _title_of_name(ctx: Context, t: Token) -> bool:
    """A title word before a person's name ("Acme CEO and co-founder Jane Roe"): part of the
    name's phrase, not a person of its own."""
    lex, doc = ctx.lex, ctx.doc
    if not lex.has("title", t.lemma_.casefold()):
        return False
    for i in range(t.i + 1, min(len(doc), t.i + 7)):
        key = ctx.base.get(i)
        if key is not None:
            return ctx.entities[key].type == "Person"
        x = doc[i]
        if not (
            x.is_punct
            or x.dep_ == "cc"
            or lex.has("title", x.lemma_.casefold())
            or x.lower_ == "co"
        ):
            return False
    return False


def _order(pronoun: Token, cands: dict[int, _Candidate]) -> list[_Candidate]:
    """Candidates of the pronoun's own sentence in the order of Hobbs's search: up the parse
    from the pronoun, at each step the phrases to the left of the path (higher and earlier
    first); the object of "forced Acme to cut its prices" is the subject of "cut"."""
    order: list[int] = []
    child, node = pronoun, pronoun.head
    while True:
        if node.dep_ == "xcomp" and node.head != node:  # the controller of the clause
            controllers = sorted(node.head.children, key=lambda c: c.dep_ != "dobj")
            for c in controllers:
                if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.i < pronoun.i:
                    order.extend(sorted((x.i for x in c.subtree if x.i in cands), key=_rank(c.doc)))
        inside = {x.i for x in child.subtree} | {node.i}  # the path itself holds the pronoun
        if child.dep_ == "relcl":  # "Acme's planes, which it builds": not inside the noun
            inside |= {x.i for x in node.subtree}
        here = [x.i for x in node.subtree if x.i in cands and x.i not in inside]
        order.extend(sorted(here, key=_rank(node.doc)))
        if node.head == node:
            break
        child, node = node, node.head
    seen: set[int] = set()
    return [cands[i] for i in order if not (i in seen or seen.add(i))]


def _rank(doc: Doc) -> Callable[[int], tuple[int, int]]:
    return lambda i: (_depth(doc[i]), i)


def _ranked(ctx: Context, anchor: Token, sentence: int) -> list[_Candidate]:
    """The candidates of ``sentence`` before ``anchor``, most salient first: in the anchor's
    own sentence in Hobbs's order, in an earlier one higher in the parse and earlier first
    (left-to-right breadth-first, which puts the main subject first)."""
    cands = _candidates(ctx, sentence, anchor.i)
    if sentence == ctx.sent(anchor.i):
        return _order(anchor, cands)
    return [cands[i] for i in sorted(cands, key=_rank(ctx.doc))]


def _governing_verb(t: Token) -> Token:
    """The verb a pronoun is an argument of ("sued it", "spoke to him")."""
    return t.head if t.dep_ != "pobj" else t.head.head


def _depth(t: Token) -> int:
    n = 0
    while t.head != t and n < 50:
        t, n = t.head, n + 1
    return n


def _entity_candidate(ctx: Context, head: int, key: str | None) -> _Candidate:
    e = ctx.entities.get(key) if key else None
    if e is None:
        return _Candidate(head, None, "any", "any", None)
    if e.type == "Person":
        plural = (e.count or 1) > 1
        return _Candidate(head, key, "pl" if plural else "sg", "person", ctx.gender.get(key))
    if e.type == "Group":
        return _Candidate(head, key, "pl", "person", None)
    if e.type in ORG_TYPES:
        return _Candidate(head, key, "any", "org", None)  # "Acme said it/they"
    return _Candidate(head, key, "sg", "thing", None)


def _pronoun_candidate(ctx: Context, t: Token, key: str | None) -> _Candidate | None:
    """An earlier pronoun is an antecedent in its own right: its chain continues."""
    lower = t.lower_
    if key is not None:
        return _entity_candidate(ctx, t.i, key)
    if lower == "it" and pleonastic(t):
        return None
    if lower in THIRD:
        number, gender = THIRD[lower]
        if gender == "n":
            return _Candidate(t.i, None, number, "thing", None)
        return _Candidate(t.i, None, number, "person" if gender else "any", gender)
    return None  # relative and first-person pronouns are no antecedents here


def agrees(pronoun: str, c: _Candidate) -> bool:
    """Number, gender and animacy agreement of a third-person pronoun with a candidate."""
    gender = THIRD[pronoun][1]
    if gender in ("m", "f"):
        return (
            c.animacy in ("person", "any")
            and c.number in ("sg", "any")
            and c.gender in (None, gender)
        )
    if gender == "n":
        return c.animacy in ("org", "thing", "any") and c.number in ("sg", "any")
    return c.number in ("pl", "any") and c.animacy in ("person", "org", "thing", "any")


def _same_clause_argument(pronoun: Token, head: Token) -> bool:
    """Binding: a plain object pronoun is not its own clause's subject ("Acme sued it")."""
    if pronoun.dep_ in ("poss",) or pronoun.lower_ in REFLEXIVE:
        return False
    verb = _governing_verb(pronoun)
    return head.head == verb and head.dep_ in ("nsubj", "nsubjpass")


def _contains(head: Token, pronoun: Token) -> bool:
    """Whether the pronoun sits inside the candidate's own phrase ("the head of its unit")."""
    t = pronoun
    while t.head != t:
        if t.dep_ not in ("poss", "pobj", "prep", "compound", "amod", "nmod", "appos"):
            return False
        t = t.head
        if t == head:
            return True
    return False


def _clause_subject(t: Token) -> Token | None:
    """The subject of the clause a pronoun is an object in ("Acme sued it": Acme)."""
    if t.dep_ == "poss" or t.lower_ in REFLEXIVE:
        return None
    verb = _governing_verb(t)
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _cataphoric(ctx: Context, t: Token) -> bool:
    """Whether a later subject of a clause holding the pronoun agrees with it: "Discussing
    his plans, Roe said ..." is Roe's, which only cataphora could find."""
    for a in t.ancestors:
        if a.pos_ not in ("VERB", "AUX"):
            continue
        for subj in a.children:
            if subj.dep_ not in ("nsubj", "nsubjpass") or subj.i < t.i:
                continue
            if t.i in {x.i for x in subj.subtree}:
                continue
            key = ctx.key_at(ctx.run_head.get(subj.i, subj.i)) or ctx.key_at(subj.i)
            cand = _entity_candidate(ctx, subj.i, key) if key else None
            if cand is not None and agrees(t.lower_, cand):
                return True
    return False


def _subject_like(ctx: Context, c: _Candidate, pronoun: Token, same_sentence: bool) -> bool:
    """A candidate in the position that wins over rivals: the subject of a clause that holds
    the pronoun, or (in an earlier sentence) the subject of its main clause."""
    head = ctx.doc[c.head]
    ancestors = set(pronoun.ancestors)
    if same_sentence and head.dep_ == "dobj":  # "forced Acme to cut its prices"
        return any(x.dep_ == "xcomp" and x in ancestors for x in head.head.children)
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if same_sentence:
        return head.head in ancestors
    return head.head.dep_ == "ROOT" or head.head.head == head.head


@sieve(
    "pronoun",
    "he/she/it/they: the most salient earlier noun phrase of this or the previous sentence "
    "that agrees in number, gender and animacy, when it is an entity",
)
def pronoun(ctx: Context) -> None:
    doc = ctx.doc
    regions = quote_regions(doc)
    inside = {i for a, b in regions for i in range(a, b)}
    for m in ctx.unresolved("pronoun"):
        t = doc[m.head]
        lower = t.lower_
        if lower not in THIRD or (lower == "it" and pleonastic(t)):
            continue
        if lower in REFLEXIVE:
            verb = _governing_verb(t)
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            key = ctx.key_at(subj.i) if subj is not None else None
            if key is not None and agrees(lower, _entity_candidate(ctx, subj.i, key)):
                ctx.link(m, key, "pronoun")
            continue
        if _cataphoric(ctx, t):
            continue
        barred = set()  # entities the pronoun cannot be
        subject = _clause_subject(t)
        if subject is not None and ctx.key_at(subject.i):
            barred.add(ctx.key_at(subject.i))  # binding: "Acme sued it" is not Acme
        region = next(((a, b) for a, b in regions if a <= t.i < b), None)
        if region is not None:  # "he" in Roe's quotation is not Roe
            barred |= _speakers(ctx, _region_sentences(ctx, region), inside) - {None}
        sentence = ctx.sent(t.i)
        agreeing: list[tuple[bool, _Candidate]] = []
        for s in range(sentence, max(-1, sentence - ctx.window - 1), -1):
            for c in _ranked(ctx, t, s):
                if not agrees(lower, c) or _contains(doc[c.head], t) or c.key in barred:
                    continue
                if not _same_clause_argument(t, doc[c.head]):
                    agreeing.append((s == sentence, c))
        if not agreeing or agreeing[0][1].key is None:
            continue
        same_sentence, chosen = agreeing[0]
        gender = THIRD[lower][1]
        rivals = [
            c
            for _, c in agreeing[1:]
            if c.key != chosen.key and (c.key is not None or gender != "n")
        ]
        if gender in ("m", "f"):
            rivals = [c for c in rivals if c.animacy in ("person", "any")]
            if chosen.gender is None and rivals:
                continue  # unknown sex and another person could be meant
        if rivals and not _subject_like(ctx, chosen, t, same_sentence):
            continue  # another phrase agrees too, and this one is not the clear subject
        if gender is None and chosen.number == "any" and (rivals or not same_sentence):
            continue  # "they" for an organisation: a weaker reading, only in its sentence
        if gender in ("m", "f"):
            ctx.gender[chosen.key] = gender
        ctx.link(m, chosen.key, "pronoun")


# -- 5. speakers -------------------------------------------------------------------------------


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges between quotation marks (curly or straight)."""
    regions, open_at = [], None
    for i in where(doc, "ORTH", (_QUOTE_OPEN, _QUOTE_CLOSE, *_QUOTE_BOTH)):
        t = doc[i]
        text = t.text
        if text == _QUOTE_OPEN or (text in _QUOTE_BOTH and open_at is None):
            open_at = t.i
        elif (text == _QUOTE_CLOSE or text in _QUOTE_BOTH) and open_at is not None:
            regions.append((open_at + 1, t.i))
            open_at = None
    return regions


def _speakers(ctx: Context, sentences: set[int], inside: set[int]) -> set[str | None]:
    """Entities that speak in ``sentences``: subjects of verbs of saying outside quotation
    marks (a participle's is its clause's: "Roe ended, saying ..."), and "according to X".
    None among them: a speaker that is no entity ("she said" unresolved, "a source said")."""
    found: set[str | None] = set()
    spans = sentences_of(ctx.doc)
    for t in (t for n in sorted(sentences) for t in spans[n]):
        if t.i in inside:
            continue
        if t.lemma_ in SPEECH and t.pos_ == "VERB":
            verb = t
            if not any(c.dep_ == "nsubj" for c in t.children) and t.dep_ in (
                "advcl",
                "xcomp",
                "conj",
            ):
                verb = t.head  # "..., saying": the subject of the clause it hangs on
            for c in verb.children:
                if c.dep_ == "nsubj" and c.i not in inside:
                    found.add(ctx.key_at(ctx.run_head.get(c.i, c.i)) or ctx.key_at(c.i))
        if t.lower_ == "according":
            for to in t.children:
                for obj in to.children:
                    if obj.dep_ == "pobj" and ctx.key_at(obj.i):
                        found.add(ctx.key_at(obj.i))
    return found


def _region_sentences(ctx: Context, region: tuple[int, int]) -> set[int]:
    """The sentences a quotation starts and ends in, and the one after its closing mark."""
    found = {ctx.sent(region[0]), ctx.sent(max(region[0], region[1] - 1))}
    if region[1] < len(ctx.doc):
        found.add(ctx.sent(region[1]))
    return found


@sieve("speaker", "I/my/we/our inside a quotation: the speaker the sentence names outside it")
def speaker(ctx: Context) -> None:
    doc = ctx.doc
    regions = quote_regions(doc)
    inside = {i for a, b in regions for i in range(a, b)}
    for m in ctx.unresolved("pronoun"):
        lower = doc[m.head].lower_
        if lower not in FIRST_SINGULAR | FIRST_PLURAL:
            continue
        region = next(((a, b) for a, b in regions if a <= m.head < b), None)
        if region is None:
            continue
        speakers = _speakers(ctx, _region_sentences(ctx, region), inside)
        if len(speakers) != 1 or None in speakers:
            continue
        key = speakers.pop()
        entity = ctx.entities[key]
        if lower in FIRST_SINGULAR:
            if entity.type == "Person":
                ctx.link(m, key, "speaker")
        elif entity.type in ORG_TYPES or entity.type == "Group":
            ctx.link(m, key, "speaker")
        elif entity.type == "Person":
            orgs = [
                k for k, e in ctx.entities.items() if e.type in ORG_TYPES and related(ctx, key, k)
            ]
            if not orgs and entity.titles:  # "we" of a chief executive: the company in view
                orgs = sorted(_in_window(ctx, region[0], ctx.nominal_window, ORG_TYPES))
            if len(orgs) == 1:  # "we" of a company's spokesperson: the company
                ctx.link(m, orgs[0], "speaker")
