"""Sentence case for copy set in capitals (or all in lower case), for the parser's eyes only.

Wire services sent their copy in capitals for decades (teleprinters had no lower case), and
transcripts and some feeds still come in capitals or in lower case. spaCy's English models
learnt from mixed-case text: in capitals every word looks like a name, so the tagger calls
it a proper noun and the parse and the names fall apart; in lower case no name is found.
kg therefore parses a *recased copy* of such a text and keeps the original for everything
it shows. The copy has the same length, character for character, so every offset the
pipeline finds points into the original text, and :func:`verbatim` puts the original's
characters back into the spans of the document graph (the names keep the recased form: an
entity is labelled "Jana Holm", its mention's anchor is what the article says).

How a word of a shouted text is cased, in this order (a word is a run of letters, with an
apostrophe inside: "D'AUBUISSON"):

1. a phrase or word of the names lexicon (countries, their other names and demonyms,
   regions, cities, given names, months and days of the week) is capitalised: "New York",
   "Kabul", "Salvadoran", "Monday";
2. a word of the English vocabulary is lower case: the stop words and the lemmas of the
   model's own lemmatizer tables, with their inflections by the lemmatizer's suffix rules
   and irregular forms ("attacked", "guerrillas", "went");
3. an unknown word of at most five letters with no vowel after its first letter, or of two
   letters in capitals, is an acronym and is set in capitals ("FMLN", "NLF", "UN");
4. any other unknown word is a name and is capitalised ("Dravik", "Szolt").

Then a vocabulary word right after a given name is its surname ("EDWARD STONE"; not a stop
word or an inflected form: "JOHN SAID"), and a given name that is also a word is a name only
before such a surname ("SUE ROE", not "WILL SUE"); the words whose initials spell an
acronym in brackets after them are capitalised ("national liberation front (NLF)" ->
"National Liberation Front (NLF)"), so are an organisation's head word and the name
modifiers before it ("the popular liberation army"), the first letter of every sentence,
line and quotation, and "i".

>>> r = Recaser(names=frozenset({"kordavia", "new york"}), is_word=lambda w: w in {
...     "the", "army", "attacked", "a", "convoy", "in", "of", "national", "liberation",
...     "front", "fighters", "by", "was"})
>>> r.recase("THE ARMY CONVOY WAS ATTACKED BY FIGHTERS OF THE NATIONAL LIBERATION FRONT (NLF) "
...          "IN KORDAVIA.")
'The army convoy was attacked by fighters of the National Liberation Front (NLF) in Kordavia.'
>>> r.recase("a convoy in new york")
'A convoy in New York'
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.model import DocumentGraph, Span

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.components.entities.lexicon import Lexicon

#: A text is in capitals when at least this share of its cased letters is upper case, and in
#: lower case when at most LOWER_SHARE is (mixed-case English has 2-5% capitals: one per
#: sentence and the names) ...
SHOUTED_SHARE = 0.95
LOWER_SHARE = 0.003
#: ... counted over at most this many characters of its start, and at least this many letters.
SAMPLE_CHARS = 4_000
MIN_LETTERS = 40
#: Longest name of the names lexicon matched as a phrase, in words ("Papua New Guinea").
LONGEST_NAME = 4

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
#: The start of a sentence, a line or a quotation, before its first letter.
_OPENING = re.compile(r"(?:^|[.!?][\"'”’)\]]*\s+|\n[\s\"'“‘(\[-]*|[\"“‘(]\s*)(?=[^\W\d_])")
_ACRONYM_IN_BRACKETS = re.compile(r"\(([^\W\d_]{2,8})\)")
_VOWELS = frozenset("aeiouy")
_MONTHS_AND_DAYS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december", "monday", "tuesday", "wednesday", "thursday"}
    | {"friday", "saturday", "sunday"}
)


def letter_case(text: str) -> str | None:
    """``"upper"`` or ``"lower"`` when a text is set in one case, else ``None``.

    >>> letter_case("GUNMEN ATTACKED A BUS NEAR THE BORDER ON MONDAY, POLICE SAID."), letter_case(
    ...     "Gunmen attacked a bus near the border on Monday, police said.")
    ('upper', None)
    """
    sample = text[:SAMPLE_CHARS]
    upper = sum(map(str.isupper, sample))
    lower = sum(map(str.islower, sample))
    if upper + lower < MIN_LETTERS:
        return None
    if upper >= SHOUTED_SHARE * (upper + lower):
        return "upper"
    if upper <= LOWER_SHARE * (upper + lower):
        return "lower"
    return None


def _cap(word: str) -> str:
    """``word`` with its first letter in capitals, the rest in lower case (same length)."""
    return _upper(word[:1]) + "".join(map(_lower, word[1:]))


def _upper(char: str) -> str:
    up = char.upper()
    return up if len(up) == 1 else char  # "ß" stays: "SS" would shift every offset


def _lower(char: str) -> str:
    low = char.lower()
    return low if len(low) == 1 else char


@dataclass(frozen=True)
class Recaser:
    """Recases shouted text from a names lexicon and an English vocabulary test."""

    names: frozenset[str]  # lower-case names and name phrases ("new york")
    is_word: Callable[[str], bool]  # whether a lower-case word is English vocabulary
    heads: frozenset[str] = frozenset()  # head words of organisation names ("front", "army")
    modifiers: frozenset[str] = frozenset()  # words that make such a phrase a name ("popular")
    given: frozenset[str] = frozenset()  # given names ("sue", "john")
    function: frozenset[str] = frozenset()  # stop words and inflected forms ("said", "was")

    def recase(self, text: str) -> str:
        """The text in sentence case, of exactly the same length (see the module)."""
        chars = list(map(_lower, text))
        words = list(_WORD.finditer(text))
        lowered = [m.group().lower() for m in words]
        named = self._named(lowered)
        first_names: set[int] = set()  # given names that open a name: a surname may follow
        for i, m in enumerate(words):
            word = _POSSESSIVE.sub("", lowered[i])
            start, end = m.span()
            surname = i - 1 in first_names and self._surname_next(text, words, lowered, i - 1)
            if i in named and word in self.given and self.is_word(word):
                # "SUE ROE", not "WILL SUE" or "DREW ATTENTION"
                if word not in self.function and self._surname_next(text, words, lowered, i):
                    chars[start:end] = _cap(m.group())
                    first_names.add(i)
            elif i in named:
                chars[start:end] = _cap(m.group())
                if word in self.given and not surname:
                    first_names.add(i)
            elif self.is_word(word):
                if surname:  # "EDWARD STONE": the word after a given name is its surname
                    chars[start:end] = _cap(m.group())
                continue
            elif self._acronym(word, m.group()):
                chars[start:end] = map(_upper, m.group())
            else:
                chars[start:end] = _cap(m.group())
        self._spelt_out(text, words, chars)
        self._organisations(text, words, lowered, named, chars)
        for m in _OPENING.finditer(text):
            chars[m.end()] = _upper(chars[m.end()])
        for i, m in enumerate(words):
            if lowered[i] == "i":
                chars[m.start()] = "I"
        return "".join(chars)

    def _surname_next(
        self, text: str, words: list[re.Match[str]], lowered: list[str], i: int
    ) -> bool:
        """Whether the word after a given name can be its surname: right after it, and no
        stop word or inflected form ("JOHN SAID", "SUE WAS")."""
        if i + 1 >= len(words) or text[words[i].end() : words[i + 1].start()] != " ":
            return False
        return lowered[i + 1] not in self.function and not lowered[i + 1].endswith(("ed", "ing"))

    def _named(self, lowered: list[str]) -> set[int]:
        """Indices of the words inside a name of the lexicon, longest phrase first."""
        found: set[int] = set()
        i = 0
        while i < len(lowered):
            for n in range(min(LONGEST_NAME, len(lowered) - i), 0, -1):
                phrase = " ".join(_POSSESSIVE.sub("", w) for w in lowered[i : i + n])
                if phrase in self.names:
                    found.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1
        return found

    def _organisations(
        self,
        text: str,
        words: list[re.Match[str]],
        lowered: list[str],
        named: set[int],
        chars: list[str],
    ) -> None:
        """Capitalise an organisation's head word and the name's modifiers and names right
        before it: "the popular liberation army", "salvadoran army soldiers"."""
        for k in range(1, len(words)) if self.heads else ():
            if lowered[k] not in self.heads:
                continue
            first = k
            while first > 0 and text[words[first - 1].end() : words[first].start()] in (" ", "-"):
                before = lowered[first - 1]
                if before not in self.modifiers and first - 1 not in named:
                    break
                first -= 1
            for j in range(first, k + 1 if first < k else first):
                chars[words[j].start()] = _upper(chars[words[j].start()])

    @staticmethod
    def _acronym(word: str, written: str) -> bool:
        no_vowel = not (_VOWELS & set(word[1:])) and len(word) <= 5
        return no_vowel or (len(word) <= 2 and written.isupper())

    @staticmethod
    def _spelt_out(text: str, words: list[re.Match[str]], chars: list[str]) -> None:
        """Capitalise the words an acronym in brackets spells: "liberation front (LF)"."""
        starts = [m.start() for m in words]
        for m in _ACRONYM_IN_BRACKETS.finditer(text):
            letters = m.group(1).lower()
            end = bisect.bisect_left(starts, m.start())  # the words before the bracket
            before = words[max(0, end - len(letters) * 2) : end]
            spelt = [w for w in before if w.group().lower() not in _LINKS]
            if len(spelt) < len(letters):
                continue
            spelt = spelt[-len(letters) :]
            if "".join(w.group()[0].lower() for w in spelt) != letters:
                continue
            for w in words[bisect.bisect_left(starts, spelt[0].start()) : end]:
                if w.group().lower() not in _LINKS:
                    chars[w.start()] = _upper(chars[w.start()])

    @classmethod
    def for_pipeline(cls, nlp: Language, lexicon: Lexicon) -> Recaser:
        """A recaser of kg's entity lexicon and the pipeline's own vocabulary (its
        lemmatizer's tables)."""
        words = lexicon.words
        return cls(
            names=frozenset(names_of(lexicon)),
            is_word=english_vocabulary(nlp),
            heads=words.get("org", frozenset()) | words.get("gov", frozenset()),
            modifiers=words.get("name_mod", frozenset()),
            given=lexicon.given_names,
            function=function_words(nlp),
        )


#: Small words an acronym skips ("Front for the Liberation of X" is "FLX").
_LINKS = frozenset({"of", "the", "for", "and", "de", "la", "del", "el"})


def function_words(nlp: Language) -> frozenset[str]:
    """The pipeline's stop words and the irregular inflected forms of its lemmatizer
    ("was", "said", "told"): words that never follow a given name as its surname."""
    _index, forms, _rules = _lemma_tables(nlp)
    return frozenset({w.lower() for w in nlp.Defaults.stop_words} | forms)


def _lemma_tables(
    nlp: Language,
) -> tuple[dict[object, frozenset[str]], set[str], dict[object, list[tuple[str, str]]]]:
    """The rule-based lemmatizer's tables: lemmas and suffix rules by part of speech (keyed
    as in the tables), and every irregular form; empty for a pipeline without them."""
    index: dict[object, frozenset[str]] = {}
    forms: set[str] = set()
    rules: dict[object, list[tuple[str, str]]] = {}
    try:
        tables = nlp.get_pipe("lemmatizer").lookups
        for pos, lemmas in tables.get_table("lemma_index").items():
            index[pos] = frozenset(lemmas)
        for irregular in tables.get_table("lemma_exc").values():
            forms.update(irregular)
        for pos, pairs in tables.get_table("lemma_rules").items():
            rules[pos] = [(old, new) for old, new in pairs if old]
    except (KeyError, ValueError, AttributeError):
        pass  # a pipeline without a rule-based lemmatizer
    return index, forms, rules


def english_vocabulary(nlp: Language) -> Callable[[str], bool]:
    """Whether a lower-case word is English vocabulary, by the model's lemmatizer tables.

    The rule-based lemmatizer of spaCy's English pipelines carries, per part of speech, an
    index of lemmas, a table of irregular forms and suffix rules; a word is vocabulary when
    it is a stop word, an irregular form, a lemma, or a suffix rule turns it into a lemma
    ("guerrillas" -> "guerrilla", "attacked" -> "attack"). A pipeline without these tables
    knows only its stop words.
    """
    index, _forms, rules = _lemma_tables(nlp)
    known = function_words(nlp)

    @functools.lru_cache(maxsize=1 << 16)
    def is_word(word: str) -> bool:
        if word in known:
            return True
        for pos, lemmas in index.items():
            if word in lemmas:
                return True
            for old, new in rules.get(pos, ()):
                if word.endswith(old) and word[: len(word) - len(old)] + new in lemmas:
                    return True
        return False

    return is_word


def names_of(lexicon: Lexicon) -> set[str]:
    """The lower-case names and name phrases of kg's entity lexicon, months and days."""
    found = set(_MONTHS_AND_DAYS)
    for table in (lexicon.countries, lexicon.demonyms, lexicon.regions, lexicon.cities):
        found.update(table)
    found.update(lexicon.given_names)
    return {" ".join(n.lower().split()) for n in found if n}


def verbatim(graph: DocumentGraph, text: str) -> DocumentGraph:
    """``graph`` with every span's text taken from ``text`` (the original of a recased copy)."""

    def span(s: Span | None) -> Span | None:
        return None if s is None else Span(s.start, s.end, text[s.start : s.end])

    entities = [
        replace(
            e,
            mentions=[replace(m, span=span(m.span), sentence=span(m.sentence)) for m in e.mentions],
            relations=[replace(r, evidence=span(r.evidence)) for r in e.relations],
        )
        for e in graph.entities
    ]
    events = [
        replace(ev, trigger=span(ev.trigger), sentence=span(ev.sentence)) for ev in graph.events
    ]
    return replace(graph, entities=entities, events=events)
