"""pytest-mockllm: the ``mockllm`` fixture and the hooks that fail a test whose request missed.

Registered through the ``pytest11`` entry point, so installing the package is all it takes.
"""
from __future__ import annotations

import atexit
import os
import shlex
import signal
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

from .admin import AdminClient, AdminError
from .command import mockllm_command
from .environment import EnvironmentPatch, base_url, sdk_environment
from .server import MockllmStartError, ServerProcess

SCOPES = ("session", "package", "module", "class", "function")

_running_key = pytest.StashKey[List["Mockllm"]]()
_summaries_key = pytest.StashKey[List[str]]()


# -- options ------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mockllm", "mockllm: replay recorded LLM API traffic")
    group.addoption("--mockllm-scope", dest="mockllm_scope", choices=SCOPES, help="scope of the mockllm fixture (default: the mockllm_scope ini value, else session)")
    group.addoption("--mockllm-cassettes", dest="mockllm_cassettes", help="cassette directory (default: the mockllm_cassettes ini value, else mockllm's own: ./cassettes, MOCKLLM_CASSETTES, mockllm.config.json)")
    group.addoption("--mockllm-args", dest="mockllm_args", help="more `mockllm replay`/`record` arguments, e.g. '--strict --timing recorded'")
    parser.addini("mockllm_scope", "scope of the mockllm fixture: session (default), package, module, class or function", default="session")
    parser.addini("mockllm_cassettes", "cassette directory, relative to the rootdir", default="")
    parser.addini("mockllm_cassette", "cassette name requests go to when they name none", default="")
    parser.addini("mockllm_args", "more `mockllm replay`/`record` arguments", type="args", default=[])
    parser.addini("mockllm_fail_on_miss", "fail a test whose request matched no recorded interaction", type="bool", default=True)
    parser.addini("mockllm_set_env", "point the SDKs at the server through their environment variables", type="bool", default=True)
    parser.addini("mockllm_start_timeout", "seconds to wait for the server's ready line", default="60")


def pytest_configure(config: pytest.Config) -> None:
    scope = _scope_setting(config)
    if scope not in SCOPES:
        raise pytest.UsageError(f"mockllm_scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    config.stash[_running_key] = []
    config.stash[_summaries_key] = []
    config.addinivalue_line("markers", "mockllm: uses the mockllm fixture")


def _scope_setting(config: pytest.Config) -> str:
    return config.getoption("mockllm_scope") or str(config.getini("mockllm_scope")).strip() or "session"


def _fixture_scope(fixture_name: str, config: pytest.Config) -> str:
    return _scope_setting(config)


# -- the fixture --------------------------------------------------------------------------


class Faults:
    """Runtime fault overlays (``/_mockllm/faults``; the rules are those of docs/faults.md).

    Faults armed here that have not fired by the end of the test are removed, so a
    session-wide server never carries one test's fault into the next.
    """

    def __init__(self, admin: AdminClient) -> None:
        self._admin = admin
        self._armed: List[str] = []

    def arm(self, fault: Dict[str, Any], times: Optional[int] = None) -> str:
        """Arms one fault rule, e.g. ``{"kind": "status", "status": 429}``; ``times``: how many requests it hits. Returns its id."""
        body = dict(fault)
        if times is not None:
            body["times"] = times
        armed = self._admin.post("faults", body)
        self._armed.append(str(armed["id"]))
        return str(armed["id"])

    def disarm(self, fault_id: str) -> None:
        try:
            self._admin.delete(f"faults/{fault_id}")
        except AdminError as e:
            if e.status != 404:  # 404: it fired its times already
                raise

    def clear(self) -> None:
        """Removes every runtime fault (also those armed by others)."""
        self._admin.delete("faults")
        self._armed.clear()

    def list(self) -> Any:
        return self._admin.get("faults")

    def _disarm_leftovers(self) -> None:
        leftovers, self._armed = self._armed, []
        for fault_id in leftovers:
            self.disarm(fault_id)


class Mockllm:
    """What a test gets from the ``mockllm`` fixture: a running replay (or record) server."""

    def __init__(self, server: ServerProcess, fail_on_miss: bool) -> None:
        self._server = server
        self.url: str = server.url
        #: ``replay`` or ``record`` (``MOCKLLM_MODE=record``).
        self.mode: str = server.mode
        self._admin = AdminClient(server.url)
        self.faults = Faults(self._admin)
        self.fail_on_miss = fail_on_miss
        self._misses_seen = 0

    def base_url(self, provider: str = "openai", cassette: Optional[str] = None) -> str:
        """``…/v1`` for ``openai``; the server URL for ``anthropic``, ``gemini`` and ``ollama``; scoped to ``cassette`` if given."""
        return base_url(self.url, provider, cassette)

    def stats(self) -> Dict[str, Any]:
        """``/_mockllm/status``: requests, hits, misses, recorded, faults fired, unused interactions."""
        return self._admin.get("status")

    def misses(self) -> List[str]:
        """The explanation of every miss so far (closest interaction, differing JSON pointers)."""
        return self._server.misses(int(self.stats()["misses"]))

    def _new_misses(self) -> List[str]:
        """Misses since the last call, for the test (phase) that just ran."""
        total = int(self.stats()["misses"])
        if total <= self._misses_seen:
            return []
        found = self._server.misses(total)[self._misses_seen:]
        self._misses_seen = total
        return found


@pytest.fixture(scope=_fixture_scope)
def mockllm(request: pytest.FixtureRequest):
    """A mockllm server for the session (``mockllm_scope`` changes that), with the SDK
    variables pointing at it; a test whose request matched nothing fails with the reason."""
    config = request.config
    mode = (os.environ.get("MOCKLLM_MODE") or "replay").strip()
    if mode not in ("replay", "record"):
        raise pytest.UsageError(f'MOCKLLM_MODE must be "replay" or "record", not {mode!r}')
    rootdir = Path(str(config.rootpath))
    server = ServerProcess(
        mockllm_command(rootdir, os.environ),
        mode,
        _server_args(config, rootdir),
        str(rootdir),
        os.environ,
        float(config.getini("mockllm_start_timeout")),
    )
    try:
        server.start()
    except MockllmStartError as e:
        pytest.fail(str(e), pytrace=False)
    _guard(server)
    handle = Mockllm(server, bool(config.getini("mockllm_fail_on_miss")))
    env = EnvironmentPatch()
    if config.getini("mockllm_set_env"):
        env.set(sdk_environment(server.url, mode, os.environ))
    running = config.stash[_running_key]
    running.append(handle)
    try:
        yield handle
    finally:
        leftover: List[str] = []
        try:
            leftover = handle._new_misses()
        except AdminError:
            pass
        running.remove(handle)
        env.restore()
        result = server.stop()
        _unguard(server)
        if result.summary:
            config.stash[_summaries_key].append(result.summary)
        if leftover and handle.fail_on_miss:
            pytest.fail(_miss_message(leftover, "after the last test that checked"), pytrace=False)
        if result.returncode not in (0, None) or result.forced:
            pytest.fail(_exit_message(result.returncode, result.forced, result.summary or server.output_tail()), pytrace=False)


def _server_args(config: pytest.Config, rootdir: Path) -> List[str]:
    args: List[str] = []
    cassettes = config.getoption("mockllm_cassettes") or str(config.getini("mockllm_cassettes")).strip()
    if cassettes:
        args += ["--cassettes", str((rootdir / cassettes) if not os.path.isabs(cassettes) else Path(cassettes))]
    cassette = str(config.getini("mockllm_cassette")).strip()
    if cassette:
        args += ["--cassette", cassette]
    args += list(config.getini("mockllm_args"))
    extra = config.getoption("mockllm_args")
    if extra:
        args += shlex.split(extra)
    return args


def _miss_message(misses: List[str], where: str) -> str:
    count = f"{len(misses)} request{'s' if len(misses) != 1 else ''}"
    lines = "\n".join(f"  - {m}" for m in misses)
    return f"mockllm: {count} {where} matched no recorded interaction:\n{lines}"


def _exit_message(code: Optional[int], forced: bool, summary: str) -> str:
    if forced:
        why = "did not stop when asked and was killed"
    elif code == 1:
        why = "exited 1: --strict found misses or unused interactions"
    elif code == 3:
        why = "exited 3: recordings could not be written"
    else:
        why = f"exited {code}"
    return f"mockllm {why}\n{summary}"


# -- failing the test that missed ---------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    for handle in list(item.config.stash.get(_running_key, [])):
        try:
            misses = handle._new_misses()
        except AdminError as e:
            misses = [f"the mockllm server stopped answering: {e}\n{handle._server.output_tail()}"]
        if call.when == "teardown":
            try:
                handle.faults._disarm_leftovers()
            except AdminError:
                pass
        if not misses or not handle.fail_on_miss:
            continue
        message = _miss_message(misses, f"in {call.when} of {item.nodeid}" if call.when != "call" else "in this test")
        if report.failed:
            report.sections.append(("mockllm misses", message))
        else:
            report.outcome = "failed"
            report.longrepr = message


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    for summary in config.stash.get(_summaries_key, []):
        terminalreporter.write_sep("-", "mockllm")
        terminalreporter.write_line(summary)


# -- no server outlives pytest ------------------------------------------------------------

_guarded: List[ServerProcess] = []
_guard_lock = threading.Lock()
_previous_sigterm: Any = None


def _guard(server: ServerProcess) -> None:
    """Until the server is stopped, an interpreter exit or a SIGTERM to pytest (a CI
    timeout) kills its group: in a session of its own, it would not get pytest's signals."""
    global _previous_sigterm
    with _guard_lock:
        _guarded.append(server)
        if (
            os.name != "nt"
            and _previous_sigterm is None
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)
        ):
            _previous_sigterm = signal.signal(signal.SIGTERM, _on_sigterm)


def _unguard(server: ServerProcess) -> None:
    with _guard_lock:
        if server in _guarded:
            _guarded.remove(server)


def _kill_guarded() -> None:
    with _guard_lock:
        servers = list(_guarded)
        _guarded.clear()
    for server in servers:
        server.kill()


def _on_sigterm(signum, frame) -> None:
    _kill_guarded()
    # Then die of SIGTERM as pytest would have without us.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


atexit.register(_kill_guarded)
