"""Extraction components: composed in a checked order, each with its declared inputs and outputs."""

from __future__ import annotations

import pytest

from spacekg.errors import InputError
from spacekg.ingest.components import compose, configured, registered, run
from spacekg.ingest.relations import extract_relations  # noqa: F401 - registers the components


def test_the_configured_pipeline_composes() -> None:
    names = configured("relations")
    steps = compose(names)
    assert [s.name for s in steps] == list(names)
    given = {name for step in steps for name in step.gives}
    assert {"events", "facts", "entities"} <= given


def test_a_component_before_what_it_needs_is_refused_with_the_fix() -> None:
    names = list(configured("relations"))
    names.remove("possessives")
    with pytest.raises(InputError, match="needs 'owners'.*given by: possessives"):
        compose(names)


def test_an_unknown_component_is_named_with_the_known_ones() -> None:
    with pytest.raises(InputError, match="unknown extraction component 'nope'; known: .*frames"):
        compose(["nope"])


def test_a_component_must_give_what_it_declares() -> None:
    step = registered()["places"]
    broken = type(step)(step.name, lambda ctx: {}, step.needs, step.gives)
    with pytest.raises(RuntimeError, match="gave"):
        run([broken], None)
