"""Fixtures shared by the whole suite: paths, the CLI as users run it, stores on disk."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacekg.api.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "ingest" / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (seed, eval, W3C manifests); skip when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


#: The first thirteen samples, which tests name and count on; the whole corpus (110 articles)
#: is ingested once, by the CLI test that re-ingests it with two workers.
CORE_SAMPLES = sorted(SAMPLES.glob("[01][0-9]-*.json"))[:13]


@pytest.fixture(scope="session")
def samples_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the thirteen core sample articles (copies, so tests may add files beside)."""
    folder = tmp_path_factory.mktemp("samples")
    for path in CORE_SAMPLES:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="session")
def all_samples_dir() -> Path:
    """Every bundled sample article."""
    return SAMPLES


@pytest.fixture
def run_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``spacekg ARGS`` in this process (click's test runner), with the store in tmp_path.

    The command line is parsed and dispatched exactly as the ``spacekg`` script does, exit
    code and error messages included; only the interpreter (and the loaded spaCy model) is
    shared between tests. ``run_cli_process`` runs the real script in a new process.
    """
    monkeypatch.chdir(tmp_path)

    def run(
        *args: str, input: str | None = None, store: Path | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        env_store = store if store is not None else tmp_path / "store"
        runner = CliRunner()
        env = {"SPACEKG_STORE": str(env_store), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
        with runner.isolation(input=input, env=env) as (out, err, _):
            code = main(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
        return subprocess.CompletedProcess(
            ["spacekg", *args], code, out.getvalue().decode(), err.getvalue().decode()
        )

    return run


@pytest.fixture
def run_cli_process(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``spacekg ARGS`` in a fresh process, as a user would, with the store in tmp_path."""

    def run(
        *args: str, input: str | None = None, store: Path | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        env_store = store if store is not None else tmp_path / "store"
        return subprocess.run(
            [sys.executable, "-m", "spacekg.api.cli", *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={
                "SPACEKG_STORE": str(env_store),
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path),
                "LANG": "C.UTF-8",
            },
            cwd=tmp_path,
        )

    return run


def _ingested_dump(sources: list[Path]) -> bytes:
    """The N-Quads of a store holding the reference KB and the articles at ``sources``, ingested."""
    from spacekg import Store
    from spacekg.ingest.pipeline import ingest
    from spacekg.ingest.readers import read_paths

    store = Store.open(None)
    summary = ingest(store, read_paths(sources))
    assert summary.ok, summary.failures
    dump = store.dump(fmt="nquads")
    assert dump is not None
    return dump


@pytest.fixture(scope="session")
def seed_dump(shared_dir: Path) -> bytes:
    """The seed article ingested into a fresh store, as an N-Quads dump (restore it to use it)."""
    return _ingested_dump(sorted((shared_dir / "seed").glob("*.txt")))


@pytest.fixture(scope="session")
def samples_dump() -> bytes:
    """The bundled samples (and the seed, when ../shared is there) ingested, as an N-Quads dump."""
    sources = list(CORE_SAMPLES)
    if (SHARED / "seed").is_dir():
        sources.extend(sorted((SHARED / "seed").glob("*.txt")))
    return _ingested_dump(sources)
