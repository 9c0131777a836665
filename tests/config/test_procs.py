"""Fault 7: Ctrl-C on ``make run`` stops every process cleanly and make exits 0.

The test drives make through a pseudo-terminal and types Ctrl-C, so the terminal
driver delivers SIGINT to the foreground process group, exactly as at a keyboard."""
import os
import pty
import re
import select
import shutil
import socket
import time
import uuid
from pathlib import Path

import pytest

from config.procs import read_procfile

ROOT = Path(__file__).resolve().parents[2]
READY = {
    "web": "Starting development server",
    "worker": "ready.",
    "beat": "beat: Starting",
}

pytestmark = pytest.mark.skipif(not shutil.which("make") or not (ROOT / ".venv/bin/python").exists(),
                                reason="needs make and the project's .venv")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_until(fd, predicate, output, timeout):
    """Read the terminal into ``output`` until ``predicate(text)`` or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate(output.decode("utf-8", "replace")):
            return True
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the terminal's last process is gone
                return predicate(output.decode("utf-8", "replace"))
            if not chunk:
                return predicate(output.decode("utf-8", "replace"))
            output.extend(chunk)
    return predicate(output.decode("utf-8", "replace"))


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_procfile_lines_are_name_and_command(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text("# comment\n\nweb: exec sh bin/web\nworker: exec celery -A config worker\n")
    assert read_procfile(procfile) == [("web", "exec sh bin/web"), ("worker", "exec celery -A config worker")]


def test_ctrl_c_on_make_stops_every_process_and_make_exits_zero(tmp_path):
    # given: web, worker and beat of the Procfile running under make, on a terminal
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "MAKEFLAGS", "MFLAGS")}
    env.update(DEBUG="1", VAR_DIR=str(tmp_path), PORT=str(free_port()), PROCS_STOP_TIMEOUT="60",
               CELERY_TASK_DEFAULT_QUEUE=f"procs-{uuid.uuid4().hex[:8]}", DJANGO_SETTINGS_MODULE="config.settings")
    pid, fd = pty.fork()
    if pid == 0:  # the child: make, on the terminal
        os.chdir(ROOT)
        os.execvpe("make", ["make", "--no-print-directory", "-o", "install", "procs"], env)
    output = bytearray()
    try:
        started = read_until(fd, lambda text: all(mark in text for mark in READY.values()), output, timeout=180)
        assert started, output.decode("utf-8", "replace")[-3000:]
        pids = [int(p) for p in re.findall(r"started \(pid (\d+)\)", output.decode())]
        # when: Ctrl-C at the keyboard
        os.write(fd, b"\x03")
        read_until(fd, lambda text: "all processes stopped" in text, output, timeout=120)
        _, status = os.waitpid(pid, 0)
    finally:
        if alive(pid):
            os.kill(pid, 9)
        os.close(fd)
    text = output.decode("utf-8", "replace")
    # then: make exits 0, nothing was killed, no process is left
    assert os.waitstatus_to_exitcode(status) == 0, text[-3000:]
    assert len(pids) == 3
    assert "killed" not in text and "signal 15" not in text and "make: ***" not in text, text[-3000:]
    assert [p for p in pids if alive(p)] == []
