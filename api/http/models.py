"""The HTTP API's own answers (pydantic models, shown in /docs and /openapi.json).

Everything read from the graph is a record of :mod:`spacekg.graph.records`; these are the few
answers only the HTTP API gives: an ingest report, health, and errors.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Failure(BaseModel):
    """An input that could not be ingested, and why."""

    origin: str
    reason: str


class IngestReport(BaseModel):
    """What POST /articles stored."""

    articles: int = Field(description="Articles stored.")
    replaced: int = Field(description="Of which replaced an earlier version of the same article.")
    graphs: list[str] = Field(description="Named graphs written, one per article.")
    entities_linked: list[str] = Field(
        description="Entities of the reference KB the articles mention."
    )
    entities_minted: list[str] = Field(description="Entities not in the KB, minted from the text.")
    entities_new: list[str] = Field(description="Minted entities the store did not hold before.")
    events_by_type: dict[str, int]
    failures: list[Failure]


class Health(BaseModel):
    """Whether the server is up, and what it serves."""

    status: str = Field(examples=["ok"], description="ok (/health), ready or starting (/ready)")
    store: str | None = Field(description="Store folder; null for an in-memory store.")
    version: str
    writes: int = Field(description="Writes the store has taken since the server started.")


class Problem(BaseModel):
    """An error: what was wrong and what to do."""

    detail: str
