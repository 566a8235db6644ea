"""The Examples in the network modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "spacekg.graph.network_filter",
    "spacekg.graph.projections",
    "spacekg.graph.metrics.table",
    "spacekg.graph.metrics.centrality",
    "spacekg.graph.metrics.cohesion",
    "spacekg.graph.metrics.community",
    "spacekg.graph.metrics.brokerage",
    "spacekg.graph.metrics.mixing",
    "spacekg.graph.metrics.balance",
    "spacekg.graph.metrics.paths",
    "spacekg.graph.metrics.temporal",
    "spacekg.graph.metrics.report",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
