"""A ``mockllm replay``/``record`` process: started in its own process group, stopped with all of it.

The CLI may be a wrapper that does not ``exec`` node (``npx`` runs node as its child). A
signal sent to the wrapper's pid alone leaves node running with parent pid 1, so the server
gets a session of its own (``start_new_session``) and every signal goes to the whole group.
It is stopped the way ``mockllm stop`` does it: ``POST /_mockllm/shutdown`` (the server
finishes writing, prints its summary and exits with its ``--strict`` verdict, which a wrapper
passes on), then SIGTERM and SIGKILL to the group if it does not go. "Gone" means both its
pipes reached end-of-file: every process that inherited them has exited.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections import deque
from typing import Deque, List, Mapping, Optional

from .admin import AdminClient, AdminError

READY_LINE = re.compile(r"mockllm (?:replay|record) listening on (http://\S+)")

#: The prefix of the warning line the server writes for each request that matched nothing.
MISS_PREFIX = "MISS "

#: Options the plugin sets itself unless the user's arguments do.
_LOG_LEVELS_THAT_SHOW_MISSES = ("warn", "info", "debug")


class MockllmStartError(Exception):
    """The server exited, or did not print its ready line in time."""


class StopResult:
    """How the server ended: its exit code and what it printed on stderr."""

    def __init__(self, returncode: Optional[int], output: List[str], forced: bool) -> None:
        self.returncode = returncode
        self.output = output
        #: It had to be signalled: it did not stop when asked.
        self.forced = forced

    @property
    def summary(self) -> str:
        """The summary block the server prints when it stops (counts, unused interactions)."""
        for i, line in enumerate(self.output):
            if re.match(r"mockllm (?:replay|record) summary:", line):
                return "\n".join(self.output[i:])
        return ""


class ServerProcess:
    """One mockllm server process for a test session (or a narrower fixture scope)."""

    def __init__(
        self,
        command: List[str],
        mode: str,
        args: List[str],
        cwd: str,
        env: Mapping[str, str],
        start_timeout: float = 60.0,
    ) -> None:
        self.mode = mode
        self.argv = [*command, mode, *server_arguments(args, env)]
        self._cwd = cwd
        self._env = child_environment(env)
        self._start_timeout = start_timeout
        self._proc: Optional[subprocess.Popen] = None
        self._lines: Deque[str] = deque(maxlen=5000)
        self._misses: List[str] = []
        self._changed = threading.Condition()
        self._ready: Optional[str] = None
        self._readers: List[threading.Thread] = []
        self._open_pipes = 0
        self.url = ""

    # -- starting -------------------------------------------------------------------------

    def start(self) -> str:
        """Starts the server and waits for ``mockllm <mode> listening on URL``; returns the URL."""
        popen_group = {"start_new_session": True} if os.name != "nt" else {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
        try:
            self._proc = subprocess.Popen(
                self.argv,
                cwd=self._cwd,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                **popen_group,
            )
        except OSError as e:
            raise MockllmStartError(f"cannot start mockllm ({' '.join(self.argv)}): {e}. Set MOCKLLM_BIN, or install it: npm install --save-dev mockllm") from None
        self._open_pipes = 2
        self._readers = [
            threading.Thread(target=self._read, args=(self._proc.stdout, True), name="mockllm-stdout", daemon=True),
            threading.Thread(target=self._read, args=(self._proc.stderr, False), name="mockllm-stderr", daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        deadline = time.monotonic() + self._start_timeout
        with self._changed:
            while self._ready is None and self._open_pipes > 0 and self._proc.poll() is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(min(left, 0.2))
        if self._ready is None:
            self._kill_group(signal.SIGKILL if os.name != "nt" else signal.SIGTERM)
            self._wait_gone(5)
            why = f"exited with code {self._proc.returncode}" if self._proc.poll() is not None else f"did not print its ready line within {self._start_timeout:g} s"
            raise MockllmStartError(f"mockllm {why}: {' '.join(self.argv)}\n{self.output_tail()}")
        self.url = self._ready
        return self.url

    def _read(self, pipe, is_stdout: bool) -> None:
        try:
            for raw in iter(pipe.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                with self._changed:
                    self._lines.append(line)
                    if is_stdout and self._ready is None:
                        found = READY_LINE.search(line)
                        if found:
                            self._ready = found.group(1)
                    if not is_stdout and line.startswith(MISS_PREFIX):
                        self._misses.append(line[len(MISS_PREFIX):])
                    self._changed.notify_all()
        finally:
            pipe.close()
            with self._changed:
                self._open_pipes -= 1
                self._changed.notify_all()

    # -- while running --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> Optional[int]:
        return self._proc.pid if self._proc else None

    def misses(self, count: int, timeout: float = 5.0) -> List[str]:
        """The explanations of the first ``count`` misses, waiting for their log lines.

        The server writes a miss's line before it answers, so once a request came back its
        line is on the pipe; the wait only covers this process reading it.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._misses) < count and self._open_pipes > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            found = list(self._misses[:count])
        return found + ["(no explanation was logged: is --log-level below warn, or --log-file set?)"] * (count - len(found))

    def output_tail(self, lines: int = 40) -> str:
        with self._changed:
            return "\n".join(list(self._lines)[-lines:])

    # -- stopping -------------------------------------------------------------------------

    def stop(self, timeout: float = 15.0) -> StopResult:
        """Asks the server to shut down; signals the whole group if it does not. Idempotent."""
        proc = self._proc
        if proc is None:
            return StopResult(None, [], False)
        forced = False
        if proc.poll() is None and self.url:
            try:
                AdminClient(self.url, timeout=5).post("shutdown", {})
            except AdminError:
                pass  # Not answering: the signals below stop it.
        if not self._wait_gone(timeout):
            forced = True
            self._kill_group(signal.SIGTERM)
            if not self._wait_gone(5):
                self._kill_group(signal.SIGKILL if os.name != "nt" else signal.SIGTERM)
                self._wait_gone(5)
        for reader in self._readers:
            reader.join(timeout=1)
        with self._changed:
            output = list(self._lines)
        return StopResult(proc.returncode, output, forced)

    def kill(self) -> None:
        """Last resort (interpreter exit, SIGTERM to pytest): SIGKILL to the whole group."""
        if self._proc is not None and (self._proc.poll() is None or self._open_pipes > 0):
            self._kill_group(signal.SIGKILL if os.name != "nt" else signal.SIGTERM)

    def _wait_gone(self, timeout: float) -> bool:
        """Waits until the process has exited and both pipes are closed (no process of the group holds them)."""
        assert self._proc is not None
        deadline = time.monotonic() + timeout
        try:
            self._proc.wait(timeout=max(0.0, timeout))
        except subprocess.TimeoutExpired:
            return False
        with self._changed:
            while self._open_pipes > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def _kill_group(self, sig: int) -> None:
        assert self._proc is not None
        try:
            if os.name == "nt":
                self._proc.send_signal(sig)
            else:
                os.killpg(self._proc.pid, sig)
        except (ProcessLookupError, PermissionError, OSError):
            pass  # Already gone.


def server_arguments(args: List[str], env: Mapping[str, str]) -> List[str]:
    """The user's arguments, plus a free port on loopback and a log level that shows misses
    when the user's arguments and ``MOCKLLM_*`` variables do not say otherwise (a flag given
    twice would become a list and be refused)."""
    out: List[str] = []
    if not _has_flag(args, "--port"):
        out += ["--port", "0"]
    if not _has_flag(args, "--host"):
        out += ["--host", "127.0.0.1"]
    if not _has_flag(args, "--log-level") and env.get("MOCKLLM_LOG_LEVEL", "").strip() not in _LOG_LEVELS_THAT_SHOW_MISSES:
        out += ["--log-level", "warn"]
    return out + list(args)


def child_environment(env: Mapping[str, str]) -> dict:
    """The server's environment: the session's, less what would take its output or its
    process away from the plugin (a log file, a detached background server)."""
    out = dict(env)
    for name in ("MOCKLLM_LOG_FILE", "MOCKLLM_DETACH", "MOCKLLM_PID_FILE"):
        out.pop(name, None)
    return out


def _has_flag(args: List[str], flag: str) -> bool:
    return any(a == flag or a.startswith(flag + "=") for a in args)
