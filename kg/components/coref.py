"""Coreference: pronouns and descriptions linked to the entities they denote (``kg_coref``).

Runs after ``kg_entity_resolver`` and reads only its results (``doc._.kg_entities``,
``doc._.kg_token_entity``) and the spaCy parse. The sieves (:mod:`kg.components.coref_sieves`)
run in the order the config lists; ``disabled`` switches single sieves off. The component
stores its own results and changes nobody else's:

- ``doc._.kg_coref``: ``(token start, token end, entity key, sieve id)`` for every linked
  mention, in text order;
- ``doc._.kg_coref_token_entity``: token index -> entity key for the tokens of those
  mentions, for the event extractor's participants.

:func:`kg.pipeline.extract` adds the linked mentions to the entities of the document graph,
each labelled ``coref:<sieve id>``.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.coref_lexicon import DEFAULT_PATH, CorefLexicon
from kg.components.coref_sieves import SIEVES, Context

#: The sieves in the order they run, most precise first.
DEFAULT_SIEVES = [
    "exact_string",
    "relaxed_string",
    "descriptor",
    "appositive",
    "predicate_nominative",
    "role_title",
    "age_match",
    "head_match",
    "relative_pronoun",
    "pronoun",
    "speaker",
]
_LEXICON_FILE = "coref_words.tsv"

for _name in ("kg_entities", "kg_token_entity", "kg_coref", "kg_coref_token_entity"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(
    "kg_coref",
    requires=["doc._.kg_entities", "doc._.kg_token_entity", "token.dep", "token.pos"],
    assigns=["doc._.kg_coref", "doc._.kg_coref_token_entity"],
    default_config={"sieves": DEFAULT_SIEVES, "disabled": [], "window": 1, "nominal_window": 2},
)
def make_coref(
    nlp: Language,
    name: str,
    sieves: list[str],
    disabled: list[str],
    window: int,
    nominal_window: int,
) -> CorefResolver:
    return CorefResolver(nlp, name, sieves, disabled, window, nominal_window)


class CorefResolver:
    """Links pronouns and definite descriptions to entities, sieve by sieve."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        sieves: list[str] = DEFAULT_SIEVES,
        disabled: list[str] = (),
        window: int = 1,
        nominal_window: int = 2,
    ) -> None:
        unknown = [s for s in [*sieves, *disabled] if s not in SIEVES]
        if unknown:
            raise ValueError(f"kg_coref: unknown sieve {unknown[0]!r}; known: {', '.join(SIEVES)}")
        self.name = name
        self.sieves = [s for s in sieves if s not in set(disabled)]
        self.window, self.nominal_window = window, nominal_window
        self.lexicon: CorefLexicon | None = None

    def initialize(self, get_examples=None, *, nlp=None, lexicon_path: str | None = None) -> None:
        """Load the word lists (the package's own unless ``lexicon_path`` names another)."""
        self.lexicon = CorefLexicon.load(Path(lexicon_path) if lexicon_path else DEFAULT_PATH)

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:  # added to a loaded pipeline without nlp.initialize()
            self.initialize()
        links, token_entity = resolve(
            doc, self.lexicon, self.sieves, window=self.window, nominal_window=self.nominal_window
        )
        doc._.kg_coref = links
        doc._.kg_coref_token_entity = token_entity
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.lexicon is None:
            self.initialize()
        (path / _LEXICON_FILE).write_text(self.lexicon.text, encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> CorefResolver:
        self.lexicon = CorefLexicon.load(Path(path) / _LEXICON_FILE)
        return self


def resolve(
    doc: Doc,
    lexicon: CorefLexicon,
    sieves: list[str] = DEFAULT_SIEVES,
    *,
    window: int = 1,
    nominal_window: int = 2,
) -> tuple[list[tuple[int, int, str, str]], dict[int, str]]:
    """The linked mentions of ``doc`` and their token map, running ``sieves`` in order."""
    ctx = Context.build(doc, lexicon, window=window, nominal_window=nominal_window)
    for sieve_id in sieves:
        SIEVES[sieve_id].run(ctx)
    links = sorted((m.start, m.end, m.key, m.sieve) for m in ctx.mentions if m.key is not None)
    return links, dict(sorted(ctx.resolved.items()))
