"""The one exception API code raises to answer with an HTTP error, rendered as plain text."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import PlainTextResponse


class ApiError(Exception):
    """An HTTP error answer: a status, a message saying what was wrong and what to do, headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> PlainTextResponse:
    """A plain-text error response (SPARQL clients show the body to the user as is)."""
    return PlainTextResponse(
        message.rstrip() + "\n", status_code=status, headers=dict(headers or {})
    )


async def handle_api_error(request: Request, error: Exception) -> PlainTextResponse:
    """FastAPI exception handler for :class:`ApiError`."""
    assert isinstance(error, ApiError)
    return error_response(error.status, error.message, error.headers)
