"""Starting a query worker process: the one place that knows its command line.

Light on purpose (no SpaceKG or pyoxigraph import): ``spacekg serve`` starts its first worker
before it imports the web framework, so that the two start up side by side.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path


def spawn(store: Path) -> tuple[socket.socket, subprocess.Popen[bytes]]:
    """A worker process over the store at ``store``, and the socket to talk to it.

    Call it from a thread that lives as long as the worker should: Linux kills a worker when
    the thread that started it exits (it asks for PR_SET_PDEATHSIG).
    """
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        command = [
            sys.executable,
            "-m",
            "spacekg.graph.engine.worker",
            str(theirs.fileno()),
            str(store),
            str(os.getpid()),
        ]
        process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return ours, process
