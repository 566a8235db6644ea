"""The layers' boundaries: data flows ontology -> ingest -> graph -> api, and api reads only
through graph.Store (it never touches pyoxigraph or a store's backend itself)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: What each layer may import of the others (spacekg.errors and spacekg.settings are for all).
ALLOWED = {
    "ontology": set(),
    "ingest": {"ontology", "graph"},
    "graph": {"ontology"},
    "api": {"ontology", "ingest", "graph"},
}


def _modules(layer: str) -> list[Path]:
    return sorted(p for p in (REPO / layer).rglob("*.py") if "vendor" not in p.parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_before_it(layer: str) -> None:
    wrong = []
    for path in _modules(layer):
        for name, line in _imports(path):
            parts = name.split(".")
            if parts[0] == "spacekg" and len(parts) > 1 and parts[1] in ALLOWED:
                if parts[1] != layer and parts[1] not in ALLOWED[layer]:
                    wrong.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    assert wrong == []


def test_api_never_touches_pyoxigraph_or_the_backend() -> None:
    wrong = []
    for path in _modules("api"):
        for name, line in _imports(path):
            if name.split(".")[0] == "pyoxigraph":
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {name}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("db", "_db", "_backend"):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno} uses .{node.attr}")
    assert wrong == []


def test_no_module_is_a_grab_bag() -> None:
    names = {"utils.py", "helpers.py", "misc.py", "common.py"}
    found = [p for layer in ALLOWED for p in _modules(layer) if p.name in names]
    assert found == []
