"""Test support for the plugin's own tests: pytester, the repository's cassettes and
captures, the built CLI, a fake upstream on real captures, and a look at the process table."""
from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CASSETTES = REPO / "test" / "examples" / "cassettes"
CAPTURES = REPO / "test" / "fixtures" / "captures"


@pytest.fixture(autouse=True)
def _mockllm_bin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI under test: MOCKLLM_BIN when the caller set it, else this repository's build."""
    if not os.environ.get("MOCKLLM_BIN"):
        main = REPO / "dist" / "cli" / "main.js"
        if not main.exists():
            pytest.fail(f"{main} is missing: run `npm run build` in {REPO}, or set MOCKLLM_BIN")
        monkeypatch.setenv("MOCKLLM_BIN", f"node {main}")
    # The runs below decide these themselves.
    for name in ("MOCKLLM_MODE", "MOCKLLM_UPSTREAM", "MOCKLLM_CASSETTES", "MOCKLLM_CASSETTE", "MOCKLLM_STRICT", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester project with the example cassette (`cassettes/chat.json`: hello, hello-stream, ollama-hello)."""
    shutil.copytree(EXAMPLE_CASSETTES, pytester.path / "cassettes")
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in a subprocess: its own environment, signals and process tree."""
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=120)


def live_processes(marker: str) -> List[Tuple[int, str]]:
    """Processes (not zombies) whose command line contains `marker` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state = stat[stat.rindex(")") + 2 :].split(" ", 1)[0]
        if marker in cmdline and state != "Z":
            found.append((int(entry.name), cmdline.strip()))
    return found


needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists() or sys.platform != "linux", reason="SKIPPED: the process-table check reads Linux /proc")


class FakeUpstream:
    """An upstream API answering with real captured bytes (test/fixtures/captures)."""

    def __init__(self, routes: Dict[Tuple[str, bool], str]) -> None:
        # (path, stream wanted) → capture name, e.g. ("/v1/chat/completions", False) → "openai/chat-nonstream"
        self.routes = routes
        self.requests: List[Dict[str, object]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                upstream.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                wanted = bool(json.loads(body or b"{}").get("stream"))
                name = upstream.routes.get((self.path, wanted))
                if name is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                meta = json.loads((CAPTURES / f"{name}.meta.json").read_text())
                data = (CAPTURES / name.split("/")[0] / meta["response"]["body_file"]).read_bytes()
                headers = {k.lower(): v for k, v in meta["response"]["headers"].items()}
                self.send_response(meta["response"]["status"])
                self.send_header("content-type", headers.get("content-type", "application/json"))
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def fake_upstream():
    upstream = FakeUpstream({("/v1/chat/completions", False): "openai/chat-nonstream", ("/v1/chat/completions", True): "openai/chat-stream"})
    yield upstream
    upstream.close()
