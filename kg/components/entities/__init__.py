"""Entity resolution: spaCy's raw NER mentions -> one typed entity per real-world actor.

The package is laid out by pass, each module a set of small rules:

- :mod:`~kg.components.entities.spans`: span repairs on the raw NER spans;
- :mod:`~kg.components.entities.mentions`: mentions trimmed to the name, with the evidence
  beside them; :mod:`~kg.components.entities.untagged` and
  :mod:`~kg.components.entities.nested`: names the tagger missed or nested in others;
  :mod:`~kg.components.entities.parens`: names defined in parentheses;
- :mod:`~kg.components.entities.merging`: which names denote one entity;
- :mod:`~kg.components.entities.typing`: the class of each entity;
- :mod:`~kg.components.entities.attributes` and
  :mod:`~kg.components.entities.collectives`: titles, ages, relations; "Kenyan women";
- coreference of pronouns and descriptions is its own component, :mod:`kg.components.coref`,
  run after this one;
- :mod:`~kg.components.entities.resolver`: the ``kg_entity_resolver`` component;
  :mod:`~kg.components.entities.lexicon`: the lexicons it loads.

The spaCy-free name helpers the corpus resolver shares are in :mod:`kg.names`.
"""

from kg.components.entities.resolver import EntityResolver, resolve
from kg.components.entities.typing import entity_type

__all__ = ["EntityResolver", "entity_type", "resolve"]
