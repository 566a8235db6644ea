"""What makes the endpoint safe to expose: no fetching on a user's behalf, writes only with a token,
bounded request bodies.

pyoxigraph evaluates ``SERVICE <iri>`` and ``LOAD <iri>`` by fetching the IRI over HTTP, loopback
and private addresses included; so both are refused (403) unless the IRI starts with a prefix the
operator allow-listed (``spacekg serve --allow-service PREFIX``).
"""

from __future__ import annotations

import hmac

from fastapi import Request

from spacekg.errors import Refused
from spacekg.graph.sparql_text import allowed, is_absolute, remote_targets
from spacekg.ontology.vocab import PREFIXES
from spacekg.settings import Settings

from .errors import HttpError as ApiError

TOKEN_HELP = (
    "writes are turned off on this server: start it with `spacekg serve --token TOKEN` "
    "(or set SPACEKG_TOKEN) and send the header `Authorization: Bearer TOKEN`"
)


def check_remote_access(sparql: str, settings: Settings) -> None:
    """Refuse (403) a query or update whose SERVICE or LOAD targets are not allow-listed."""
    refused = []
    for remote in remote_targets(sparql, PREFIXES):
        if remote.iri is None:
            refused.append(
                f"{remote.keyword} {remote.written} (the IRI must be written out in full)"
            )
        elif not is_absolute(remote.iri) or not allowed(remote.iri, settings.service_allowlist):
            refused.append(f"{remote.keyword} <{remote.iri}>")
    if refused:
        if settings.service_allowlist:
            how = "allowed prefixes: " + ", ".join(settings.service_allowlist)
        else:
            how = "no remote endpoint is allowed; the operator can allow some with `spacekg serve --allow-service PREFIX`"
        raise Refused(
            "this server does not fetch remote data on a query's behalf: refused "
            + "; ".join(dict.fromkeys(refused))
            + f" ({how})",
        )


def check_token(request: Request) -> None:
    """Let a write through only with ``Authorization: Bearer <token>`` matching the configured token."""
    settings: Settings = request.app.state.settings
    if not settings.token:
        raise ApiError(403, TOKEN_HELP)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401,
            "this write needs the header `Authorization: Bearer TOKEN` (the token the server was started with)",
            {"WWW-Authenticate": 'Bearer realm="spacekg"'},
        )
    if not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
        raise ApiError(
            401,
            "the bearer token is not the one this server was started with",
            {"WWW-Authenticate": 'Bearer realm="spacekg", error="invalid_token"'},
        )


async def require_token(request: Request) -> None:
    """FastAPI dependency for write routes: ``dependencies=[Depends(require_token)]``."""
    check_token(request)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, _too_large(limit))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, _too_large(limit))
    return bytes(body)


def _too_large(limit: int) -> str:
    return (
        f"the request body is larger than this server accepts ({limit:,} bytes); "
        "split the data, or load big files with `spacekg load` on the server"
    )
