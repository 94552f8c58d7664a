"""Only regular files are read, never past a limit: devices, FIFOs, sockets and folders are refused at once."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.io.bounded_read import UnreadableFile, read_bounded

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="devices, FIFOs and sockets are POSIX files")


def test_regular_file_read_whole_up_to_the_limit(tmp_path):
    path = tmp_path / "ten.bin"
    path.write_bytes(b"0123456789")
    assert read_bounded(path, 10) == b"0123456789"
    with pytest.raises(UnreadableFile, match="larger than the 9-byte limit"):
        read_bounded(path, 9, "file")


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_behind_a_symlink_is_refused_although_stat_says_zero_bytes(tmp_path, device):
    link = tmp_path / "project.wbproj"
    link.symlink_to(device)
    assert link.stat().st_size == 0  # the size check the old code relied on
    with pytest.raises(UnreadableFile, match="this is a device, not a regular file"):
        read_bounded(link, 5_000_000)


@posix_only
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.wbproj"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match=r"a named pipe \(FIFO\)"):
        read_bounded(fifo, 1000)


@posix_only
def test_socket_and_folder_are_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="this is a folder"):
        read_bounded(tmp_path, 1000)
    path = tmp_path / "s.wbproj"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(UnreadableFile, match="not a regular file|cannot open"):
            read_bounded(path, 1000)  # open() of a socket fails (ENXIO) before fstat can name it
    finally:
        server.close()


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom", "folder"])
@pytest.mark.parametrize("command", ["validate", "run", "import-assumptions"])
def test_cli_refuses_special_files_in_one_line_without_hanging(tmp_path, kind, command):
    target = tmp_path / ("book.xlsx" if command == "import-assumptions" else "project.wbproj")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(f"/dev/{kind}")
    if command == "import-assumptions":
        project = tmp_path / "p.wbproj"
        project.write_bytes((ROOT / "scenarios" / "pakistan-2000mw.wbproj").read_bytes())
        args = [command, str(project), str(target), "--as", "New"]
    else:
        args = [command, str(target)]
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=30, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "not a regular file" in done.stderr or "this is a folder" in done.stderr
