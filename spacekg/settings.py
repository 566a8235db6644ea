"""Configuration, read at the edges (environment, CLI) and passed inward as one object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_STORE = Path("data/store")


@dataclass(frozen=True)
class Settings:
    """Everything an operator can configure; defaults suit one analyst on a laptop."""

    store: Path | None = DEFAULT_STORE  # None: in-memory
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None  # bearer token for writes; None turns writes off
    query_timeout: float = 30.0
    max_rows: int = 100_000
    max_body_bytes: int = 10_000_000
    max_concurrent_queries: int = 4
    max_article_bytes: int = 5_000_000
    service_allowlist: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``SPACEKG_*`` environment variables, then explicit overrides."""
        env = os.environ
        values: dict[str, object] = {}
        if "SPACEKG_STORE" in env:
            values["store"] = Path(env["SPACEKG_STORE"])
        if "SPACEKG_HOST" in env:
            values["host"] = env["SPACEKG_HOST"]
        if "SPACEKG_PORT" in env:
            values["port"] = int(env["SPACEKG_PORT"])
        if "SPACEKG_TOKEN" in env:
            values["token"] = env["SPACEKG_TOKEN"] or None
        if "SPACEKG_QUERY_TIMEOUT" in env:
            values["query_timeout"] = float(env["SPACEKG_QUERY_TIMEOUT"])
        if "SPACEKG_MAX_ROWS" in env:
            values["max_rows"] = int(env["SPACEKG_MAX_ROWS"])
        if "SPACEKG_SERVICE_ALLOWLIST" in env:
            values["service_allowlist"] = tuple(
                p for p in env["SPACEKG_SERVICE_ALLOWLIST"].split() if p
            )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
