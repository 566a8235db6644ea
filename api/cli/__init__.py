"""The ``spacekg`` command: each subcommand parses its options and makes one library call."""

from __future__ import annotations

import sys

import click

from spacekg.errors import SpaceKGError

from . import eval_command, ingest_commands, network_commands, serve_command, store_commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="spacekg")
def cli() -> None:
    """SpaceKG: a knowledge graph of international space cooperation, built from news.

    \b
    Quick start:
        spacekg init                      # create ./data/store with the ontology and KB
        spacekg ingest ingest/samples     # add articles
        spacekg query 'SELECT ?a ?b WHERE { ?a skg:cooperatesWith ?b }'
        spacekg network --level country   # the cooperation network at a glance
        spacekg serve                     # SPARQL endpoint and web UI on 127.0.0.1:8000
    """


for module in (store_commands, ingest_commands, eval_command, network_commands, serve_command):
    for command in module.COMMANDS:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; library errors become one-line messages with exit code 2, never tracebacks."""
    try:
        # without standalone mode click returns a command's Exit code instead of raising it
        code = cli.main(args=argv, prog_name="spacekg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as err:
        err.show()
        return 2
    except SpaceKGError as err:
        click.secho(f"Error: {err}", fg="red", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
