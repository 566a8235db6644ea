"""``spacekg serve``: the SPARQL endpoint, REST API and web UI over one store."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from spacekg.settings import Settings

from .options import store_option


@click.command()
@store_option
@click.option(
    "--host", default=None, help="Interface to listen on [env SPACEKG_HOST; default 127.0.0.1]."
)
@click.option("--port", type=int, default=None, help="Port [env SPACEKG_PORT; default 8000].")
@click.option(
    "--token",
    default=None,
    help="Bearer token that allows writes (SPARQL Update, Graph Store, article upload) "
    "[env SPACEKG_TOKEN; default: writes off].",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds a query may run before it is stopped with 503 [env SPACEKG_QUERY_TIMEOUT; default 30].",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="PREFIX",
    help="Let SERVICE and LOAD fetch IRIs starting with PREFIX (repeatable) "
    "[env SPACEKG_SERVICE_ALLOWLIST; default: none].",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=None,
    help="Most rows a query returns [default 100000].",
)
@click.option(
    "--workers",
    "max_concurrent_queries",
    type=click.IntRange(min=1),
    default=None,
    help="Queries run at once, one worker process each [default 4].",
)
def serve(
    store_path: Path | None,
    host: str | None,
    port: int | None,
    token: str | None,
    query_timeout: float | None,
    allow_service: tuple[str, ...],
    max_rows: int | None,
    max_concurrent_queries: int | None,
) -> None:
    """Serve the SPARQL endpoint (/sparql), Graph Store (/store), REST API and web UI.

    Binds 127.0.0.1 unless told otherwise; writes are off without a token.

    Example: spacekg serve --store ./data/store --port 8000 --token "$(openssl rand -hex 16)"
    """
    settings = Settings.from_env(
        store=store_path,
        host=host,
        port=port,
        token=token,
        query_timeout=query_timeout,
        service_allowlist=allow_service or None,
        max_rows=max_rows,
        max_concurrent_queries=max_concurrent_queries,
    )
    # The first query worker starts now, while this process imports the web framework: the two
    # take about as long, so the server answers its first query about twice as soon.
    from spacekg.graph.engine.spawn import spawn

    existing = settings.store is not None and (settings.store / "CURRENT").is_file()
    first = [spawn(settings.store)] if existing else []  # type: ignore[arg-type]

    import uvicorn

    from spacekg.api.http.app import create_app

    # every worker, the express one included, warms up in the background at start
    app = create_app(settings, warm_workers=settings.max_concurrent_queries + 1, prespawned=first)
    where = settings.store if settings.store is not None else "memory"
    writes = "on (bearer token)" if settings.token else "off (start with --token to allow them)"
    click.echo(
        f"SpaceKG on http://{settings.host}:{settings.port}/ (store {where}; SPARQL at /sparql; "
        f"writes {writes})",
        err=True,
    )
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.token:
        click.echo(
            "Listening beyond this machine: reads are open to anyone who can reach it.", err=True
        )
    # One JSON line per request on stderr (spacekg.access); uvicorn's own access log is off.
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=False,
        # On SIGTERM/Ctrl-C: stop accepting, let requests in flight (writes) finish, then close.
        timeout_graceful_shutdown=30,
    )


COMMANDS = [serve]
