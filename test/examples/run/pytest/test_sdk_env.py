"""A pytest suite that knows nothing about mockllm but the variables `mockllm run` sets."""
import os

import httpx

JOKE = {"messages": [{"role": "user", "content": "Tell me a joke about opentelemetry"}], "model": "gpt-3.5-turbo"}


def auth():
    return {"authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}


def test_chat():
    res = httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", json=JOKE, headers=auth())
    assert res.status_code == 200, res.text
    assert "Opentelemetry developer go broke" in res.json()["choices"][0]["message"]["content"]


def test_chat_streamed():
    with httpx.stream("POST", os.environ["OPENAI_BASE_URL"] + "/chat/completions", json={**JOKE, "stream": True}, headers=auth()) as res:
        assert res.status_code == 200
        events = [line.rstrip("\r\n") for line in res.iter_lines() if line.startswith("data: ")]  # httpx < 0.24 keeps the newline
    assert events[-1] == "data: [DONE]"


def test_anthropic():
    res = httpx.post(
        os.environ["ANTHROPIC_BASE_URL"] + "/v1/messages",
        json={"max_tokens": 1024, "messages": [{"role": "user", "content": "Tell me a joke about OpenTelemetry"}], "model": "claude-3-opus-20240229"},
        headers={"x-api-key": os.environ["ANTHROPIC_API_KEY"], "anthropic-version": "2023-06-01"},
    )
    assert res.status_code == 200, res.text
    assert "trace their steps" in res.json()["content"][0]["text"]


def test_every_variable_is_set():
    url = os.environ["MOCKLLM_URL"]
    assert os.environ["OPENAI_API_BASE"] == url + "/v1"
    assert os.environ["GOOGLE_GEMINI_BASE_URL"] == os.environ["OLLAMA_HOST"] == url
