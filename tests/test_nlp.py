"""The model loader: one function, one clear message when the model is missing."""

from __future__ import annotations

import pytest

from kg import errors
from kg.nlp import KG_COMPONENTS, load_model, load_pipeline


@pytest.mark.parametrize("name", ["no_such_model_xyz", "en_core_web_sm"])
def test_missing_model_names_the_package(name: str) -> None:
    with pytest.raises(errors.ModelError) as info:
        load_model(name)
    message = info.value.message
    assert "pip install" in message
    assert "\n" not in message
    assert info.value.exit_code == 5 and 5 in errors.EXIT_CODES


def test_pipeline_has_our_components_after_spacys(nlp) -> None:
    names = nlp.pipe_names
    assert names[-len(KG_COMPONENTS) :] == list(KG_COMPONENTS)
    assert "ner" in names and "parser" in names


def test_pipeline_is_loaded_once() -> None:
    assert load_pipeline() is load_pipeline()
