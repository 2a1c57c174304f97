"""pytest fixtures that run `mockllm replay` for the whole session (docs/testing.md, "Python").

The server is started once on a free port (`--port 0`); its ready line
`mockllm replay listening on http://HOST:PORT` gives the URL. OPENAI_BASE_URL points the
official `openai` client at it, so the code under test needs no changes. On teardown the
server gets SIGTERM and prints its summary; with `--strict` it exits 1 when a request
missed or an interaction went unused, which fails the session.
"""
import os
import re
import shlex
import signal
import subprocess
from pathlib import Path

import pytest

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
# How to run mockllm: `npx mockllm` in a project that has it as a dev dependency.
MOCKLLM = shlex.split(os.environ.get("MOCKLLM_BIN", "npx mockllm"))


@pytest.fixture(scope="session")
def mockllm_url():
    proc = subprocess.Popen(
        [*MOCKLLM, "replay", "--cassettes", str(CASSETTES), "--cassette", "chat", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"listening on (http://\S+)", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"mockllm did not start: {line}{proc.stderr.read()}")
    url = match.group(1)
    saved = {k: os.environ.get(k) for k in ("OPENAI_BASE_URL", "OPENAI_API_KEY")}
    os.environ["OPENAI_BASE_URL"] = f"{url}/v1"
    os.environ.setdefault("OPENAI_API_KEY", "mockllm-replay-no-key")
    try:
        yield url
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        proc.send_signal(signal.SIGTERM)
        _, summary = proc.communicate(timeout=10)
        print(summary)
        assert proc.returncode == 0, summary
