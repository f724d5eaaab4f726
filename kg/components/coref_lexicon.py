"""The word lists of the coreference component (``kg/data/coref_words.tsv``).

Kept as the text of the file so the component can save exactly what it loaded
(``to_disk``) and a pipeline saved elsewhere reads it back (``from_disk``). spaCy-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "coref_words.tsv"


@dataclass(frozen=True)
class CorefLexicon:
    """Category -> lower-case words, read from ``<category><TAB><word>`` lines.

    >>> lex = CorefLexicon.from_text("# a comment\\ntitle\\tminister\\nmale_name\\tJohn\\n")
    >>> lex.has("title", "Minister"), lex.has("male_name", "john"), lex.has("title", "john")
    (True, True, False)
    """

    text: str
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str) -> CorefLexicon:
        words: dict[str, set[str]] = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            category, _, word = line.partition("\t")
            if word.strip():
                words.setdefault(category.strip(), set()).add(word.strip().casefold())
        return cls(text, {k: frozenset(v) for k, v in words.items()})

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> CorefLexicon:
        return cls.from_text(Path(path).read_text(encoding="utf-8"))

    def has(self, category: str, word: str) -> bool:
        return word.casefold() in self.words.get(category, frozenset())
