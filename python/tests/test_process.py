"""The server process: started in its own group, never left behind, start failures explained."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import REPO, live_processes, needs_proc, run

USES_IT = """
import os
import httpx

def test_uses_it(mockllm):
    res = httpx.post(mockllm.base_url("ollama") + "/api/chat", json={"model": "llama3.2", "messages": [{"role": "user", "content": "Say hello"}], "stream": False})
    assert res.json()["message"]["content"] == "Hello! How can I help you today?"
"""


def wrapper_like_npx(folder: Path) -> str:
    """A launcher that runs node as its *child*, as npx does (no exec): signalling its pid alone would orphan node."""
    script = folder / "mockllm-wrapper.sh"
    script.write_text(f'#!/bin/sh\nnode {REPO / "dist" / "cli" / "main.js"} "$@"\nexit $?\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@needs_proc
def test_no_mockllm_process_outlives_the_session_even_behind_a_wrapper(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKLLM_BIN", wrapper_like_npx(project.path))
    project.makepyfile(test_it=USES_IT)
    marker = str(project.path / "cassettes")
    result = run(project, f"--mockllm-cassettes={marker}")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*mockllm replay summary: 1 requests, 1 hits*"])
    assert live_processes(marker) == []


@needs_proc
def test_sigterm_to_pytest_takes_the_server_group_with_it(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKLLM_BIN", wrapper_like_npx(project.path))
    project.makepyfile(
        test_killed="""
        import os, signal

        def test_pytest_is_terminated(mockllm):
            os.kill(os.getpid(), signal.SIGTERM)    # a CI job's timeout, say
        """
    )
    marker = str(project.path / "cassettes")
    result = run(project, f"--mockllm-cassettes={marker}")
    assert result.ret == -15, result.stdout.str() + result.stderr.str()
    assert live_processes(marker) == []


def test_a_start_failure_is_reported_with_the_servers_own_words(project: pytest.Pytester) -> None:
    project.makepyfile(test_it="def test_it(mockllm):\n    pass\n")
    result = run(project, "--mockllm-cassettes=cassettes", "--mockllm-args=--timing sometimes")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*mockllm exited with code 2*", "*--timing*"])


def test_a_missing_binary_says_how_to_install_it(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKLLM_BIN", str(project.path / "no-such-mockllm"))
    project.makepyfile(test_it="def test_it(mockllm):\n    pass\n")
    result = run(project)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*cannot start mockllm*npm install --save-dev mockllm*"])
