"""Run the Procfile's processes in the foreground and stop them all cleanly on Ctrl-C.

``make run`` (development) and ``make serve`` (one production machine) use this instead
of honcho, because of what Ctrl-C did there: the terminal's SIGINT reached every process
at once (make, honcho, the web server, the Celery worker *and its pool children*), the
pool children died mid-task ("ForkPoolWorker-2 exited with 'signal 15'"), honcho
SIGKILLed what was still stopping after 5 s, and make reported ``Error 130``.

Here each process runs in its own session, so the terminal's signals never reach it.
This runner takes the terminal's foreground (when there is one), so Ctrl-C reaches only
the runner, not make; it then sends SIGTERM to each process's main pid (Celery's warm
shutdown: the worker finishes or hands back its tasks and stops its own pool), waits
up to ``PROCS_STOP_TIMEOUT`` seconds (default 30), and only then kills what is left.
It exits 0 when everything stopped after being asked, 1 when a process died on its own
or had to be killed.

Usage: ``python -m config.procs [Procfile]``. Each line is ``name: command``; the command
runs under ``/bin/sh`` with the environment given (``${PORT:-8000}`` works).
"""
from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path


def read_procfile(path) -> list[tuple[str, str]]:
    """The (name, command) pairs of a Procfile, in order; blank lines and comments skipped."""
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, command = line.partition(":")
        if not command.strip():
            raise SystemExit(f"Procfile 行格式应为 name: command / bad Procfile line: {line!r}")
        entries.append((name.strip(), command.strip()))
    return entries


class Foreground:
    """Own the terminal's foreground process group while running, give it back after."""

    def __init__(self):
        self.fd, self.previous = None, None

    def __enter__(self):
        try:
            fd = os.open("/dev/tty", os.O_RDWR)
        except OSError:
            return self  # no terminal (CI, a service manager): signals come by kill
        try:
            self.previous = os.tcgetpgrp(fd)
            os.setpgid(0, 0)
            with _ignoring(signal.SIGTTOU):
                os.tcsetpgrp(fd, os.getpgrp())
            self.fd = fd
        except OSError:
            os.close(fd)
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            try:
                with _ignoring(signal.SIGTTOU):
                    os.tcsetpgrp(self.fd, self.previous)
            except OSError:
                pass
            os.close(self.fd)


class _ignoring:
    def __init__(self, signum):
        self.signum = signum

    def __enter__(self):
        self.old = signal.signal(self.signum, signal.SIG_IGN)

    def __exit__(self, *exc):
        signal.signal(self.signum, self.old)


def run(entries, *, stop_timeout: float, out=sys.stdout) -> int:
    """Start every entry, relay their output line by line, stop all when asked."""
    stopping = {"asked": False}

    def ask_to_stop(signum, frame):
        stopping["asked"] = True

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, ask_to_stop)
    width = max(len(name) for name, _ in entries)
    selector = selectors.DefaultSelector()
    procs = {}
    for name, command in entries:
        proc = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        procs[name] = proc
        os.set_blocking(proc.stdout.fileno(), False)
        selector.register(proc.stdout, selectors.EVENT_READ, [name, b""])
        _say(out, width, "system", f"{name} started (pid {proc.pid}): {command}")
    died_on_its_own = None
    while not stopping["asked"] and died_on_its_own is None:
        _relay(selector, out, width, timeout=0.2)
        died_on_its_own = next((n for n, p in procs.items() if p.poll() is not None), None)
    if died_on_its_own:
        _say(out, width, "system", f"{died_on_its_own} exited ({procs[died_on_its_own].returncode}); stopping all")
    else:
        _say(out, width, "system", "停止中 / stopping: SIGTERM to every process")
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + stop_timeout
    while any(p.poll() is None for p in procs.values()) and time.monotonic() < deadline:
        _relay(selector, out, width, timeout=0.2)
    killed = [name for name, p in procs.items() if p.poll() is None]
    for name in killed:
        os.killpg(procs[name].pid, signal.SIGKILL)
        procs[name].wait()
        _say(out, width, "system", f"{name} did not stop within {stop_timeout:.0f} s: killed")
    strays = [name for name, proc in procs.items() if _group_alive(proc.pid)]
    for name in strays:  # children a process left behind when it exited
        os.killpg(procs[name].pid, signal.SIGKILL)
        _say(out, width, "system", f"{name} left processes behind: killed")
    _relay(selector, out, width, timeout=0)
    _say(out, width, "system", "已全部停止 / all processes stopped")
    return 1 if died_on_its_own or killed or strays else 0


def _group_alive(pgid) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _relay(selector, out, width, timeout):
    """Copy whole lines of output as they come, each prefixed with its process's name."""
    if not selector.get_map():
        time.sleep(timeout)
        return
    for key, _ in selector.select(timeout):
        name, buffered = key.data
        try:
            chunk = os.read(key.fileobj.fileno(), 65536)
        except BlockingIOError:
            continue
        *lines, key.data[1] = (buffered + chunk).split(b"\n")
        for line in lines:
            _say(out, width, name, line.decode("utf-8", "replace"))
        if not chunk:
            if key.data[1]:
                _say(out, width, name, key.data[1].decode("utf-8", "replace"))
            selector.unregister(key.fileobj)


def _say(out, width, name, text):
    out.write(f"{time.strftime('%H:%M:%S')} {name:<{max(width, 6)}} | {text}\n")
    out.flush()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    entries = read_procfile(argv[0] if argv else "Procfile")
    timeout = float(os.environ.get("PROCS_STOP_TIMEOUT", "30"))
    with Foreground():
        return run(entries, stop_timeout=timeout)


if __name__ == "__main__":
    sys.exit(main())
