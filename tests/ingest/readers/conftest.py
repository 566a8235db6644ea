"""Fixtures of the reader tests: the sample files, and short ways to read them."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from spacekg.ingest.readers import Document, ReadFailure, read_paths

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of sample article files, good and bad."""
    return FIXTURES


def _read_all(*paths: str | Path, **options) -> list[Document | ReadFailure]:
    return list(read_paths([str(p) for p in paths], **options))


def _read_one(path: str | Path, **options) -> Document | ReadFailure:
    (result,) = _read_all(path, **options)
    return result


@pytest.fixture
def read_all() -> Callable[..., list[Document | ReadFailure]]:
    """Everything read from the paths given."""
    return _read_all


@pytest.fixture
def read_one() -> Callable[..., Document | ReadFailure]:
    """The one record read from a path."""
    return _read_one


@pytest.fixture
def only_document() -> Callable[..., Document]:
    """The one Document read from a path (the test fails on a ReadFailure)."""

    def read(path: str | Path, **options) -> Document:
        result = _read_one(path, **options)
        assert isinstance(result, Document), result
        return result

    return read


@pytest.fixture
def failure_reason() -> Callable[..., str]:
    """The reason of the one ReadFailure read from a path (the test fails on a Document)."""

    def read(path: str | Path, **options) -> str:
        result = _read_one(path, **options)
        assert isinstance(result, ReadFailure), result
        return result.reason

    return read


@pytest.fixture
def feed_stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes], None]:
    """Make standard input hold these bytes."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed
