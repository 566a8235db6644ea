"""Which files are read: paths, folders, stdin, sizes, permissions."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from spacekg.ingest.readers import Document, ReadFailure, read_paths


def test_folder_is_read_recursively_in_order_skipping_hidden_and_continuing_past_bad_files(
    fixtures, read_all
):
    folder = fixtures / "folder"
    results = read_all(folder)
    assert [(type(r).__name__, Path(r.origin).relative_to(folder).as_posix()) for r in results] == [
        ("Document", "a_relay.txt"),
        ("ReadFailure", "b_broken.json"),
        ("Document", "nested/c_station.md"),
    ]
    assert results[1].reason == "invalid JSON at line 1 column 35: Expecting ',' delimiter"
    assert results[2].title == "Station module swap"


def test_several_paths_are_read_in_the_order_given(fixtures, read_all):
    results = read_all(fixtures / "plain.txt", fixtures / "no-such.txt", fixtures / "feed.atom")
    assert [type(r).__name__ for r in results] == ["Document", "ReadFailure", "Document"]


def test_explicitly_named_hidden_file_is_read(fixtures, only_document):
    assert only_document(fixtures / "folder" / ".hidden.txt").text.startswith("A hidden note")


def test_empty_folder_is_reported(tmp_path, failure_reason):
    assert failure_reason(tmp_path) == "folder has no files to read"


def test_bad_folder_yields_one_failure_per_file_and_carries_on(fixtures, read_all):
    results = read_all(fixtures / "bad", fixtures / "plain.txt")
    assert len(results) == len(os.listdir(fixtures / "bad")) + 1
    assert all(isinstance(r, ReadFailure) for r in results[:-1])
    assert isinstance(results[-1], Document)


def test_missing_path(fixtures, failure_reason):
    assert failure_reason(fixtures / "nowhere" / "gone.txt") == "no such file or folder"


def test_oversized_file_is_not_read(tmp_path, fixtures, failure_reason):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(6_200_000)  # sparse: the reader must refuse before reading it
    assert failure_reason(path) == "file is 6.2 MB, over the 5.0 MB limit (set --max-bytes)"
    assert failure_reason(fixtures / "plain.txt", max_bytes=100) == (
        "file is 290 bytes, over the 100 bytes limit (set --max-bytes)"
    )


def test_oversized_stdin(read_all, feed_stdin):
    feed_stdin(b"The agencies agreed. " * 10)
    assert read_all("-", max_bytes=50) == [
        ReadFailure("<stdin>", "input is over the 50 bytes limit (set --max-bytes)")
    ]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file(tmp_path, fixtures, failure_reason):
    path = tmp_path / "locked.txt"
    shutil.copy(fixtures / "plain.txt", path)
    path.chmod(0)
    try:
        assert failure_reason(path).startswith("permission denied")
    finally:
        path.chmod(0o644)


def test_permission_error_while_reading_is_reported(
    tmp_path, monkeypatch, fixtures, failure_reason
):
    path = tmp_path / "locked.txt"
    shutil.copy(fixtures / "plain.txt", path)

    real_open = os.open

    def refuse(target, flags, *args, **kwargs):
        # root reads any file, so the refusal a user would meet is made here, for this file only
        if os.fspath(target) == str(path):
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert failure_reason(path) == (
        "permission denied: cannot read it (check the file's permissions)"
    )


# ---------------------------------------------------------------------------------------------
# Only regular files; symbolic links only inside the folder given; nothing skipped unnamed


def read_within(seconds: float, *paths, **options) -> list:
    """Read in a thread and fail, rather than hang the suite, if it blocks."""
    results: list = []
    worker = threading.Thread(
        target=lambda: results.extend(read_paths([str(p) for p in paths], **options)),
        daemon=True,
    )
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "reading blocked"
    return results


ARTICLE = "The two agencies agreed to share a ground station in the south.\n"


def test_a_named_pipe_in_a_folder_is_refused_by_name_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    os.mkfifo(tmp_path / "b_pipe.txt")  # nothing ever writes to it: opening it would block
    (tmp_path / "c.txt").write_text(ARTICLE.replace("south", "north"))
    results = read_within(10, tmp_path)
    assert [type(r).__name__ for r in results] == ["Document", "ReadFailure", "Document"]
    assert results[1].origin == str(tmp_path / "b_pipe.txt")
    assert results[1].reason.startswith("a named pipe (FIFO), not a regular file: not read")
    assert "standard input" in results[1].reason


def test_a_named_pipe_given_by_name_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (result,) = read_within(10, tmp_path / "pipe")
    assert result == ReadFailure(
        str(tmp_path / "pipe"),
        "a named pipe (FIFO), not a regular file: not read "
        "(to read a stream, send it to standard input and give '-')",
    )


def test_a_socket_in_a_folder_is_refused_by_name(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "s.sock"))
        (result,) = read_within(10, folder)
    finally:
        server.close()
    assert result == ReadFailure(str(folder / "s.sock"), "a socket, not a regular file: not read")


def test_a_device_is_refused_by_name():
    (result,) = read_within(10, "/dev/zero")  # endless: reading it would never finish
    assert result.reason.startswith("a character device, not a regular file: not read")


def test_a_link_to_a_file_outside_the_folder_is_named_and_not_followed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    results = read_within(10, folder)
    assert isinstance(results[0], Document)
    assert results[1] == ReadFailure(
        str(folder / "passwd.txt"),
        f"symbolic link to the file /etc/passwd, outside {folder}: not followed "
        "(use --follow-symlinks to read it)",
    )


def test_follow_symlinks_reads_a_link_outside_the_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "shared.txt").write_text(ARTICLE)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "link.txt").symlink_to(elsewhere / "shared.txt")
    assert isinstance(read_within(10, folder)[0], ReadFailure)
    (doc,) = read_within(10, folder, follow_symlinks=True)
    assert doc.text == ARTICLE.strip() and doc.origin == str(folder / "link.txt")


def test_a_link_inside_the_folder_is_followed(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b_alias.txt").symlink_to("a.txt")
    results = read_within(10, tmp_path)
    assert [(type(r).__name__, Path(r.origin).name) for r in results] == [
        ("Document", "a.txt"),
        ("Document", "b_alias.txt"),
    ]


def test_a_link_to_a_folder_outside_is_named_and_not_walked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(ARTICLE)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "more").symlink_to(outside, target_is_directory=True)
    assert read_within(10, folder) == [
        ReadFailure(
            str(folder / "more"),
            f"symbolic link to the folder {outside}, outside {folder}: not followed "
            "(use --follow-symlinks to read it)",
        )
    ]


def test_a_folder_link_loop_is_named_and_ends(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(tmp_path, target_is_directory=True)  # sub/up/sub/up/... forever
    results = read_within(10, tmp_path, follow_symlinks=True)
    assert [type(r).__name__ for r in results] == ["Document", "ReadFailure"]
    assert results[1] == ReadFailure(
        str(sub / "up"), f"symbolic link to {tmp_path}, a folder read already"
    )


def test_a_broken_link_is_named(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    assert read_within(10, tmp_path) == [
        ReadFailure(
            str(tmp_path / "gone.txt"),
            f"broken symbolic link to {tmp_path / 'deleted.txt'}: nothing to read",
        )
    ]


def test_a_link_named_by_the_user_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(ARTICLE)
    (tmp_path / "link.txt").symlink_to(elsewhere)
    (doc,) = read_within(10, tmp_path / "link.txt")
    assert isinstance(doc, Document)


def test_cli_names_the_link_it_did_not_follow(tmp_path, run_cli):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    result = run_cli("extract", str(folder), timeout=120)
    assert result.returncode == 1
    assert "passwd.txt: symbolic link to the file /etc/passwd" in result.stderr
    assert "--follow-symlinks" in run_cli("extract", "--help", timeout=120).stdout


def test_a_folder_reached_first_through_a_link_is_read_once(tmp_path):
    (tmp_path / "b_reports").mkdir()
    (tmp_path / "b_reports" / "a.txt").write_text(ARTICLE)
    (tmp_path / "a_alias").symlink_to("b_reports", target_is_directory=True)
    results = read_within(10, tmp_path)
    assert [type(r).__name__ for r in results] == ["Document", "ReadFailure"]
    assert results[0].origin == str(tmp_path / "a_alias" / "a.txt")
    assert results[1] == ReadFailure(
        str(tmp_path / "b_reports"), f"folder read already, as {tmp_path / 'a_alias'}"
    )
