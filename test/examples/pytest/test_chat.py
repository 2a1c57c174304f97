"""The official `openai` Python client against cassettes served by the `mockllm` fixture (docs/testing.md)."""
import pytest

openai = pytest.importorskip("openai", reason="the openai package is not installed")


def test_answers_with_the_recorded_reply(mockllm):
    client = openai.OpenAI()  # base URL and key come from the variables the fixture set
    res = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}])
    assert res.choices[0].message.content == "Hello! How can I help you today?"


def test_streams_the_recorded_events(mockllm):
    stream = openai.OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}], stream=True)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "Hello! How can I help you today?"


def test_a_rate_limit_on_purpose(mockllm):
    mockllm.faults.arm({"kind": "status", "status": 429}, times=1)
    client = openai.OpenAI(max_retries=0)
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}])
