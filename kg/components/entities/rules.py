"""Entity rules as units: each registered with an id, a kind and a one-line purpose.

Why: a rule that cannot be named cannot be switched off, measured or explained. Every
rule of the resolver is a function registered here with :func:`rule`; the component runs
the rules its ``rules`` config lists, in that order (:data:`DEFAULT_RULES`), so any rule
can be left out, and ``benchmarks/ablation_entities.py`` measures each by leaving it out.
A rule leaves its id on what it made: on the mention it found or repaired, in the
:class:`Evidence` it returns for typing, on the entity it typed or merged
(``Entity.rules``, ``kg:rule`` in the graph).

Kinds, in the order the resolver's passes run them (a rule's kind says what it is
handed and what it returns):

- ``span-repair``: spaCy's NER spans ``[(start, end, label)]`` -> repaired spans;
- ``mention-filter``: one trimmed mention -> whether it is no name after all (dropped);
- ``evidence``: one trimmed mention -> :class:`Evidence` of its kind, or None;
- ``mention``: all mentions -> all mentions, with those the tagger missed, nested or
  defined in parentheses;
- ``untagged``: a proper-noun run the tagger left out -> its label, or None (the first
  that decides wins);
- ``context``: all mentions -> ``(mention, Evidence)`` pairs read off the document (run
  in one sequence with the ``mention`` rules, in the order listed);
- ``vote``: a mention's label vote -> a factor for its weight;
- ``merge``: name groups -> unions of groups that denote one entity;
- ``typing``: an entity's names and votes -> its class, the first rule that decides;
- ``retype``: a typed entity and the document's people -> another class, or None;
- ``attribute``: typed entities -> facts and mentions read next to their names (a
  demonym before a noun is a mention of its country);
- ``group``: entities for peoples and collectives ("the Kurds", "Kenyan women").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kg import errors

KINDS = (
    "span-repair",
    "mention-filter",
    "evidence",
    "mention",
    "untagged",
    "context",
    "vote",
    "merge",
    "typing",
    "retype",
    "attribute",
    "group",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a rule says about a mention's kind: ``kind`` (person, org, gpe, place,
    facility, group) with ``weight`` votes, from ``rule``."""

    rule: str
    kind: str
    weight: float


@dataclass(frozen=True, slots=True)
class Rule:
    """One registered rule: ``fn`` is called as its ``kind`` says (see the module doc)."""

    id: str
    kind: str
    purpose: str
    fn: Callable[..., Any]


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, kind: str, purpose: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the rule ``rule_id``.

    >>> @rule("doctest-rule", "typing", "an example")
    ... def _example(ctx):
    ...     return None
    >>> REGISTRY.pop("doctest-rule").purpose
    'an example'
    """
    if kind not in KINDS:
        raise ValueError(f"unknown rule kind {kind!r}")

    def register(fn: Callable) -> Callable:
        if rule_id in REGISTRY:
            raise ValueError(f"entity rule {rule_id!r} registered twice")
        REGISTRY[rule_id] = Rule(rule_id, kind, purpose, fn)
        return fn

    return register


#: The rules the resolver runs, in order (its ``default_config``). Order matters within a
#: kind: span repairs see each other's output, and the first typing rule that decides wins.
DEFAULT_RULES: tuple[str, ...] = (
    # span repairs
    "hyphen-syllable",
    "air-carrier",
    "title-led-name",
    "campus-name",
    "name-tail",
    "trailing-person",
    "listed-names",
    "split-name",
    # mentions that are no names
    "stance-prefix",
    "portfolio",
    "postnominal",
    "bare-common-word",
    "role-phrase",
    "currency-or-time-zone",
    "financial-index",
    "event-name",
    "held-meeting",
    # evidence next to a mention
    "title-before",
    "age-after",
    "describing-noun",
    "comma-describing-noun",
    "product-noun",
    "owner-compound",
    "part-of-place",
    # mentions found beyond the tagger's, and evidence from the document, in this order
    "parenthesis-definition",
    "dateline-place",
    "acronym-mention",
    "untagged-name",
    "untagged-known",
    "untagged-gazetteer",
    "untagged-press",
    "untagged-feature",
    "untagged-org-head",
    "untagged-facility-head",
    "untagged-given-name",
    "untagged-honorific",
    "untagged-describing-noun",
    "untagged-such-as",
    "untagged-party-acronym",
    "untagged-employer",
    "untagged-place-preposition",
    "untagged-listed-people",
    "surname-mention",
    "listed-among-people",
    "place-apposition",
    "national-body",
    "named-government",
    "nested-person",
    "maker-name",
    # vote weights
    "possessive-org-half",
    "short-form-quarter",
    # merging
    "known-short-name",
    "parenthesis-acronym",
    "initials-acronym",
    "campus-acronym",
    "state-of",
    "country-short-form",
    "spelling-variant",
    "short-form",
    # typing: the first that decides
    "country-name",
    "world-region",
    "region-name",
    "city-name",
    "press-name",
    "feature-name",
    "centre-for",
    "facility-head",
    "government-head",
    "org-head",
    "industry-head",
    "model-name",
    "known-company",
    "given-name-first",
    "group-vote",
    "label-vote",
    # retyping with the document's people
    "surname-person",
    "family-name",
    "listed-place-tag",
    "plural-name-body",
    "described-body",
    # attributes
    "demonym-country",
    # groups
    "people-name",
    "collective",
)


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule is handed: the parsed ``doc`` (a spaCy Doc), the lexicons and the
    rule set (a rule that runs another pass's helper passes it on)."""

    doc: Any
    lex: Any
    rules: RuleSet


@dataclass(frozen=True)
class RuleSet:
    """The rules a resolver runs, in order; unknown ids are a usage error."""

    ids: tuple[str, ...] = DEFAULT_RULES

    def __post_init__(self) -> None:
        unknown = [i for i in self.ids if i not in REGISTRY]
        if unknown:
            raise errors.UsageError(f"unknown entity rule(s): {', '.join(unknown)}")

    def of(self, kind: str) -> list[Rule]:
        """The enabled rules of ``kind``, in order."""
        return [REGISTRY[i] for i in self.ids if REGISTRY[i].kind == kind]

    def on(self, rule_id: str) -> bool:
        return rule_id in self.ids

    def without(self, rule_ids: Iterable[str]) -> RuleSet:
        """This rule set with ``rule_ids`` switched off."""
        drop = set(rule_ids)
        return RuleSet(tuple(i for i in self.ids if i not in drop))
