"""The official `openai` Python client against cassettes served by mockllm (docs/testing.md)."""
import httpx
from openai import OpenAI


def test_answers_with_the_recorded_reply(mockllm_url):
    client = OpenAI()  # base URL and key come from the environment the fixture set
    res = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}])
    assert res.choices[0].message.content == "Hello! How can I help you today?"


def test_streams_the_recorded_events(mockllm_url):
    stream = OpenAI().chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}], stream=True
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == "Hello! How can I help you today?"


def test_no_misses_so_far(mockllm_url):
    status = httpx.get(f"{mockllm_url}/_mockllm/status").json()
    assert status["misses"] == 0
