"""Any HTTP client works: the fixture's `base_url()` and the variables it sets (docs/testing.md)."""
import os

import httpx

HELLO = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}


def test_answers_with_the_recorded_reply(mockllm):
    res = httpx.post(mockllm.base_url("openai") + "/chat/completions", json=HELLO)
    assert res.json()["choices"][0]["message"]["content"] == "Hello! How can I help you today?"
    assert res.headers["x-mockllm-interaction"] == "hello"


def test_ollama_takes_ollama_host(mockllm):
    res = httpx.post(os.environ["OLLAMA_HOST"] + "/api/chat", json={"model": "llama3.2", "messages": [{"role": "user", "content": "Say hello"}], "stream": False})
    assert res.json()["message"]["content"] == "Hello! How can I help you today?"


def test_no_misses_so_far(mockllm):
    assert mockllm.stats()["misses"] == 0
