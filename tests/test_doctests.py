"""Every example in a docstring runs and shows what it says (numpy-style Examples, doctests)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import spacekg

PACKAGES = ("spacekg", "spacekg.ontology", "spacekg.graph", "spacekg.ingest", "spacekg.api")
#: Modules that run a program when imported as __main__ only, or need a browser: none yet.
SKIP: set[str] = set()


def _modules() -> list[str]:
    names = set()
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.add(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
            names.add(info.name)
    return sorted(n for n in names if n not in SKIP and not n.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name, extraglobs={"spacekg": spacekg}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
