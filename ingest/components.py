"""Extraction components: small registered functions with declared inputs and outputs.

Like spaCy's pipeline components, each step of relation extraction is a function registered
under a name, with one job. Unlike a shared mutable context, a component says what it reads
(``needs``: outputs of earlier components) and what it produces (``gives``), so the order of a
pipeline is checked when it is composed, not kept by a comment:

>>> @component("demo-count", gives=("count",))
... def _count(ctx):
...     return {"count": 1}
>>> @component("demo-double", needs=("count",), gives=("doubled",))
... def _double(ctx, count):
...     return {"doubled": 2 * count}
>>> run(compose(["demo-count", "demo-double"]), None)["doubled"]
2
>>> compose(["demo-double"])
Traceback (most recent call last):
...
spacekg.errors.InputError: component 'demo-double' needs 'count', which no earlier component gives (given by: demo-count)
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacekg.errors import InputError

Outputs = dict[str, Any]


@dataclass(frozen=True)
class Component:
    """A registered extraction step: its name, function, inputs and outputs."""

    name: str
    func: Callable[..., Outputs]
    needs: tuple[str, ...]
    gives: tuple[str, ...]


_REGISTRY: dict[str, Component] = {}


def component(
    name: str, *, needs: Iterable[str] = (), gives: Iterable[str] = ()
) -> Callable[[Callable[..., Outputs]], Callable[..., Outputs]]:
    """Register a function ``f(ctx, **needs) -> {given name: value}`` as a component."""

    def register(func: Callable[..., Outputs]) -> Callable[..., Outputs]:
        _REGISTRY[name] = Component(name, func, tuple(needs), tuple(gives))
        return func

    return register


def registered() -> dict[str, Component]:
    """Every registered component by name."""
    return dict(_REGISTRY)


def compose(names: Iterable[str]) -> list[Component]:
    """The components of a pipeline, in order, checked: each one's inputs are given before it."""
    available: set[str] = set()
    chosen = []
    for name in names:
        found = _REGISTRY.get(name)
        if found is None:
            known = ", ".join(sorted(_REGISTRY))
            raise InputError(f"unknown extraction component {name!r}; known: {known}")
        for need in found.needs:
            if need not in available:
                givers = ", ".join(c.name for c in _REGISTRY.values() if need in c.gives)
                raise InputError(
                    f"component {name!r} needs {need!r}, which no earlier component gives"
                    f" (given by: {givers or 'none'})"
                )
        available |= set(found.gives)
        chosen.append(found)
    return chosen


def run(components: list[Component], ctx: Any) -> Outputs:
    """Run composed components over one article; every output by name."""
    found: Outputs = {}
    for step in components:
        out = step.func(ctx, **{n: found[n] for n in step.needs})
        if set(out) != set(step.gives):
            raise RuntimeError(f"component {step.name!r} gave {sorted(out)}, not {step.gives}")
        found.update(out)
    return found


@functools.lru_cache(maxsize=4)
def configured(section: str) -> tuple[str, ...]:
    """The component names of a pipeline in ``ingest/config/pipelines.toml``."""
    path = resources.files(__package__) / "config" / "pipelines.toml"
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    if section not in config:
        raise InputError(f"no pipeline {section!r} in {path}; known: {', '.join(config)}")
    return tuple(config[section]["components"])
