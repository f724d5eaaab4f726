"""The participant stage: an entity for every argument of every predicate (``kg_participants``).

Runs after the entity resolver and coreference, before the event extractor. For each
predicate the event layer will see (:mod:`kg.components.predicates` and the class lexicon),
each argument phrase that no named or coreferent entity covers becomes an unnamed,
document-scoped entity: a description or a group ("the company", "six people"), a generic
participant ("the contract", kg:Thing), an artifact or a weapon ("a bus", "a bomb"). Its
results are its own ``Doc`` extensions (``kg_participants``, ``kg_participant_tokens``,
``kg_participant_relations``); :func:`kg.pipeline.extract` joins them to the resolver's
entities, and the event extractor only looks them up, so no component writes another's
results and the event extractor creates no entity.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.events import DEFAULT_CONFIG, EventLayerComponent, find_participants


@Language.factory(
    "kg_participants",
    requires=["doc.ents", "token.dep", "doc._.kg_entities", "doc._.kg_token_entity"],
    assigns=[
        "doc._.kg_participants",
        "doc._.kg_participant_tokens",
        "doc._.kg_participant_relations",
    ],
    default_config=DEFAULT_CONFIG,
)
class ParticipantFinder(EventLayerComponent):
    """Unnamed entities for the arguments of predicates (see the module docstring).

    Its config is the event extractor's (:class:`kg.components.events.EventOptions`) and must
    agree with it: it decides which words are predicates, hence which phrases are arguments.
    """

    def __call__(self, doc: Doc) -> Doc:
        find_participants(doc, self.lexicon, self.options)
        return doc
