"""MOCKLLM_MODE=record: the same suite records through the upstream, then replays what it wrote."""
from __future__ import annotations

import json

import pytest

from conftest import FakeUpstream, run

KEY = "sk-proj-pytestPluginRecordKey0123456789abcdef"

SUITE = r"""
import os
import httpx

BODY = {"messages": [{"role": "user", "content": "Tell me a joke about opentelemetry"}], "model": "gpt-3.5-turbo"}

def test_joke(mockllm):
    res = httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", json=BODY, headers={"authorization": "Bearer " + os.environ["OPENAI_API_KEY"]})
    assert res.status_code == 200
    assert "Opentelemetry developer go broke" in res.json()["choices"][0]["message"]["content"]

def test_joke_streamed(mockllm):
    with httpx.stream("POST", os.environ["OPENAI_BASE_URL"] + "/chat/completions", json={**BODY, "stream": True}, headers={"authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}) as res:
        events = [line.rstrip("\r\n") for line in res.iter_lines() if line.startswith("data: ")]  # httpx < 0.24 keeps the newline
    assert events[-1] == "data: [DONE]" and len(events) > 3
"""


def test_records_through_the_upstream_then_replays_without_it(pytester: pytest.Pytester, fake_upstream: FakeUpstream, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_joke=SUITE)
    monkeypatch.setenv("MOCKLLM_MODE", "record")
    monkeypatch.setenv("MOCKLLM_UPSTREAM", fake_upstream.url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    recording = run(pytester, "--mockllm-cassettes=cassettes")
    recording.assert_outcomes(passed=2)
    recording.stdout.fnmatch_lines(["*mockllm record summary: 2 requests, 0 hits, 0 misses, 2 recorded*"])
    assert len(fake_upstream.requests) == 2
    assert fake_upstream.requests[0]["headers"]["authorization"] == f"Bearer {KEY}"   # the key went upstream…
    text = (pytester.path / "cassettes" / "default.json").read_text()
    assert KEY not in text                                                             # …and never to disk
    assert len(json.loads(text)["interactions"]) == 2

    monkeypatch.setenv("MOCKLLM_MODE", "replay")
    monkeypatch.delenv("OPENAI_API_KEY")
    replaying = run(pytester, "--mockllm-cassettes=cassettes", "--mockllm-args=--strict")
    replaying.assert_outcomes(passed=2)
    replaying.stdout.fnmatch_lines(["*mockllm replay summary: 2 requests, 2 hits, 0 misses, 0 recorded*"])
    assert len(fake_upstream.requests) == 2, "replay never reaches the upstream"


def test_record_without_an_upstream_is_one_clear_error(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_x="def test_x(mockllm):\n    pass\n")
    monkeypatch.setenv("MOCKLLM_MODE", "record")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*mockllm exited with code 2*", "*record needs --upstream URL*"])
