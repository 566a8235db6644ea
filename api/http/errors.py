"""HTTP errors: the one place that maps SpaceKG's exceptions to status codes.

Library code raises :mod:`spacekg.errors`; the few statuses only HTTP has (a missing token, a
method not allowed, a body too large or of the wrong type) are :class:`HttpError`. Either way
the client gets a plain-text message saying what was wrong and what to do (SPARQL clients show
the body to the user as is).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute

from spacekg import errors

#: Status codes by exception class; a subclass takes its nearest listed ancestor's.
STATUS: dict[type[errors.SpaceKGError], int] = {
    errors.NotAcceptable: 406,
    errors.InputError: 400,
    errors.NotFound: 404,
    errors.Refused: 403,
    errors.QueryTimeout: 503,
    errors.Busy: 503,
    errors.LimitExceeded: 503,
    errors.WorkerFailed: 500,
    errors.StoreError: 500,
    errors.SpaceKGError: 500,
}


class HttpError(errors.SpaceKGError):
    """An HTTP-only error answer: a status, a message, and headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})


def status_of(error: errors.SpaceKGError) -> int:
    """The HTTP status for an error."""
    if isinstance(error, HttpError):
        return error.status
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 500


def headers_of(error: errors.SpaceKGError) -> dict[str, str]:
    """The headers an error answer carries (``Retry-After`` when the server is busy)."""
    if isinstance(error, HttpError):
        return dict(error.headers)
    if isinstance(error, errors.LimitExceeded) and error.retry_after:
        return {"Retry-After": str(error.retry_after)}
    return {}


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> PlainTextResponse:
    """A plain-text error response."""
    return PlainTextResponse(
        message.rstrip() + "\n", status_code=status, headers=dict(headers or {})
    )


def response_for(
    error: errors.SpaceKGError, extra: Mapping[str, str] | None = None
) -> PlainTextResponse:
    """The response for a SpaceKG error, with ``extra`` headers."""
    return error_response(status_of(error), str(error), {**(extra or {}), **headers_of(error)})


async def handle_error(request: Request, error: Exception) -> PlainTextResponse:
    """FastAPI exception handler for every :class:`~spacekg.errors.SpaceKGError`."""
    assert isinstance(error, errors.SpaceKGError)
    return response_for(error)


def json_response_for(error: errors.SpaceKGError) -> JSONResponse:
    """The response for a SpaceKG error from a JSON route: ``{"detail": message}``."""
    return JSONResponse(
        {"detail": str(error)}, status_code=status_of(error), headers=headers_of(error)
    )


class JsonErrors(APIRoute):
    """A route whose SpaceKG errors answer as JSON ``{"detail": ...}`` (the REST API's shape)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except errors.SpaceKGError as err:
                return json_response_for(err)

        return handle


def _parameter_problem(error: RequestValidationError) -> str:
    """The first malformed parameter and what is wrong with it, as one line."""
    for problem in error.errors():
        where = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path")]
        return f"{'.'.join(where) or 'request'}: {problem.get('msg', 'malformed')}"
    return "a parameter is malformed"


class JsonInputErrors(JsonErrors):
    """A JSON-error route that also answers a malformed parameter with 400 ``{"detail": ...}``.

    FastAPI's own check of a parameter's type (a number that is not one) answers 422 with a
    list; routes that promise 400 for any bad value, as the network routes do, use this class.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as err:
                return JSONResponse({"detail": _parameter_problem(err)}, status_code=400)

        return handle
