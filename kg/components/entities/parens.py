"""Names defined in parentheses: "Long Name (LN)", "LN (Long Name)", "Name (Other Name)".

Why a rule of its own: a writer who puts a short form or a second name in parentheses is
telling the reader that the two denote one actor, which is the strongest evidence of
identity a text gives. The small model often breaks the long form ("Partito 7 Venti"
tagged as a person "Venti", "Union of Free Farmers and Fishers" cut at "and"),
so the long form is read off the words before the parenthesis, as in Schwartz and Hearst's
abbreviation finder (2003): the shortest run of name words that ends at the parenthesis and
whose initials are the short form's letters. Translated short forms keep the letters but
not their order ("Vellish Farmers Council (CVF)"), so the letters are compared as a
multiset, never loosely: every letter and digit of the short form must be an initial.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from kg.components.sentences import token_positions
from kg.names import FUNCTION_WORDS, is_capitalised, normalise_space

#: The longest long form read before a parenthesis, in words.
MAX_LONG_WORDS = 10
#: Labels of long forms kept as they were tagged; anything else becomes an organisation.
_NAME_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC"})
#: Tokens inside a long form that carry no initial ("Council on Ruritanian - Vellish Relations").
_JOINERS = frozenset({"-", "&", "'s"})


def is_short_form(text: str) -> bool:
    """Whether ``text`` can be a short form: capitals, optionally digits or dots, 2-10 long.

    >>> [is_short_form(t) for t in ("KCNA", "M5S", "U.N.", "G7", "Nato", "5G", "A")]
    [True, True, True, True, False, False, False]
    """
    bare = text.replace(".", "").replace("&", "")
    return (
        2 <= len(bare) <= 10
        and bare[0].isupper()
        and bare.isalnum()
        and all(c.isdigit() or c.isupper() for c in bare)
    )


def _letters(short: str) -> list[str]:
    return sorted(c for c in short.upper() if c.isalnum())


def _initials(words: Sequence[str], *, keep_first: bool = False) -> list[str]:
    """Sorted initials of the content words (the first word kept if ``keep_first``)."""
    out = []
    for i, w in enumerate(words):
        if w in _JOINERS or (w.casefold() in FUNCTION_WORDS and not (keep_first and i == 0)):
            continue
        out.append(w[0].upper())
    return sorted(out)


def _name_word(word: str) -> bool:
    return is_capitalised(word) or word.casefold() in FUNCTION_WORDS or word in _JOINERS


def long_form_before(words: Sequence[str], short: str) -> int | None:
    """Index in ``words`` where the long form of ``short`` starts, ``words`` ending at "(".

    >>> long_form_before("the deputies of Partito 7 Venti".split(), "P7V")
    3
    >>> long_form_before("said the Union of Free Farmers and Fishers".split(), "UFFF")
    2
    >>> long_form_before("the Ruritanian State News Agency".split(), "RSNA")
    1
    >>> long_form_before("met the State News Agency".split(), "RSNA") is None
    True
    """
    letters = _letters(short)
    for start in range(len(words) - 1, max(-1, len(words) - 1 - MAX_LONG_WORDS), -1):
        word = words[start]
        if not _name_word(word):
            return None
        if word.casefold() in FUNCTION_WORDS or word in _JOINERS or not is_capitalised(word):
            continue  # a long form starts with a name word
        found = _initials(words[start:])
        if len(found) >= 2 and found == letters:
            return start
        if len(found) > len(letters):
            return None
    return None


def long_form_inside(words: Sequence[str], short: str) -> bool:
    """Whether ``words`` (the whole text in parentheses) spell out ``short``.

    >>> long_form_inside("For Action and Relief in Ruritania".split(), "FARR")
    True
    >>> long_form_inside("Vellish Farmers Council".split(), "CVF")
    True
    >>> long_form_inside("the left".split(), "TL")
    False
    """
    if len(words) < 2 or not all(_name_word(w) for w in words) or not is_capitalised(words[0]):
        return False
    letters = _letters(short)
    return letters in (_initials(words), _initials(words, keep_first=True))


def parenthesised(doc: Doc) -> list[tuple[int, int]]:
    """(open, close) token indices of each one-line parenthesis in ``doc``."""
    out = []
    opened: int | None = None
    for i in token_positions(doc, "ORTH", ("(", ")")):
        if doc[i].text == "(":
            opened = i
        elif opened is not None:
            if "\n" not in doc[opened:i].text:  # one line only
                out.append((opened, i))
            opened = None
    return out


def define_names(doc: Doc, mentions: list, make: Callable[..., object]) -> list:
    """``mentions`` with the names defined in parentheses added and linked.

    ``make(start, end, label, name, rule)`` builds a mention. Mentions that lie inside a new
    long form are dropped (the long form replaces them). The two sides of each definition
    get each other's name as ``alias``: the text declares them one entity.
    """
    mentions = list(mentions)

    def replace(start: int, end: int, rule: str, label: str | None = None):
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        exact = [m for m in inside if (m.start, m.end) == (start, end)]
        if exact:
            return exact[0]
        overlapping = [m for m in mentions if m.start < end and start < m.end]
        if len(overlapping) != len(inside):
            return None  # a mention crosses the boundary: leave the text as tagged
        if label is None:
            longest = max(inside, key=lambda m: m.end - m.start, default=None)
            label = longest.label if longest and longest.label in _NAME_LABELS else "ORG"
        new = make(start, end, label, normalise_space(doc[start:end].text), rule)
        for m in inside:
            mentions.remove(m)
        mentions.append(new)
        return new

    def link(long_span: tuple[int, int], short_span: tuple[int, int]) -> None:
        long_m = replace(*long_span, "long-form")
        if long_m is None:
            return
        short_m = replace(*short_span, "short-form", long_m.label)
        if short_m is not None:
            long_m.alias, short_m.alias = short_m.name, long_m.name

    for open_, close in parenthesised(doc):
        inner = [t.text for t in doc[open_ + 1 : close]]
        prev = doc[open_ - 1].text if open_ > 0 else ""
        if len(inner) == 1 and is_short_form(inner[0]):
            # "Long Name (LN)": the long form ends right before the parenthesis
            first = open_
            while first > max(0, open_ - MAX_LONG_WORDS - 1):
                tok = doc[first - 1]
                if tok.is_space or "\n" in tok.whitespace_ or (tok.is_punct and tok.text != "-"):
                    break
                first -= 1
            start = long_form_before([t.text for t in doc[first:open_]], inner[0])
            if start is not None:
                link((first + start, open_), (open_ + 1, close))
        elif is_short_form(prev) and long_form_inside(inner, prev):
            link((open_ + 1, close), (open_ - 1, open_))  # "LN (Long Name)"
        else:
            # "Name (Other Name)": the whole parenthesis is a name of the same kind
            before = [m for m in mentions if m.end == open_]
            within = [m for m in mentions if (m.start, m.end) == (open_ + 1, close)]
            if before and not within and _second_name(inner) and before[0].label in _NAMED:
                # untagged: "the Teatro Vell (Old Opera)", never "Elmvale (Reuters)"
                within = [replace(open_ + 1, close, "second-name", before[0].label)]
            if before and within and within[0] and _same_kind(before[0].label, within[0].label):
                before[0].alias, within[0].alias = within[0].name, before[0].name
    return sorted(mentions, key=lambda m: (m.start, m.end))


_PLACE_LIKE = frozenset({"FAC", "GPE", "LOC"})
#: Labels whose second name may be an untagged run: buildings, sites and organisations.
_NAMED = frozenset({"FAC", "LOC", "ORG"})


def _second_name(words: Sequence[str]) -> bool:
    """Two to five words, all capitalised or joiners: a name given in parentheses."""
    return 2 <= len(words) <= 5 and all(is_capitalised(w) or w in _JOINERS for w in words)


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in _PLACE_LIKE and b in _PLACE_LIKE)
