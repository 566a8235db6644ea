"""Start a SPARQL server, wait for its first answer to ``ASK {}``, stop it: a start-up benchmark.

Usage: python bench/first_answer.py spacekg|oxigraph STORE — exits once the server has answered.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(kind: str, store: str) -> None:
    """Run the server until it answers once."""
    port = free_port()
    if kind == "spacekg":
        command = [str(BIN / "spacekg"), "serve", "--store", store, "--port", str(port)]
        url = f"http://127.0.0.1:{port}/sparql?query=ASK%20%7B%7D"
    else:
        command = [str(BIN / "oxigraph"), "serve", "--location", store,
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"]  # fmt: skip
        url = f"http://127.0.0.1:{port}/query?query=ASK%20%7B%7D"
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.01)
        raise SystemExit(f"{kind} did not answer within 60 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
