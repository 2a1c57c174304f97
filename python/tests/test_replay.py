"""The mockllm fixture in replay: hits, SDK variables, scopes, --strict."""
from __future__ import annotations

import pytest

from conftest import run

HELLO = '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}'


def test_replays_and_points_the_sdk_variables_at_the_server(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_chat=f"""
        import json, os
        import httpx

        def test_hello(mockllm):
            assert os.environ["OPENAI_BASE_URL"] == mockllm.url + "/v1" == mockllm.base_url("openai")
            assert os.environ["OPENAI_API_BASE"] == mockllm.url + "/v1"
            for name in ("ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL", "OLLAMA_HOST", "MOCKLLM_URL"):
                assert os.environ[name] == mockllm.url
            assert os.environ["OPENAI_API_KEY"] == "sk-mine"          # a key that was set is kept
            assert os.environ["ANTHROPIC_API_KEY"] == "mockllm-replay-no-key"
            res = httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", content={HELLO!r}, headers={{"content-type": "application/json"}})
            assert res.status_code == 200
            assert res.headers["x-mockllm-interaction"] == "hello"
            assert res.json()["choices"][0]["message"]["content"] == "Hello! How can I help you today?"
            assert mockllm.base_url("anthropic", "chat") == mockllm.url + "/c/chat"

        def test_stats(mockllm):
            stats = mockllm.stats()
            assert (stats["hits"], stats["misses"], stats["mode"]) == (1, 0, "replay")
        """
    )
    project.makeconftest(
        """
        import os
        os.environ["OPENAI_API_KEY"] = "sk-mine"
        os.environ.pop("ANTHROPIC_API_KEY", None)
        """
    )
    result = run(project, "--mockllm-cassettes=cassettes")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*mockllm replay summary: 1 requests, 1 hits, 0 misses, 0 recorded*"])


def test_scope_from_the_ini_file_gives_each_module_its_own_server(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nmockllm_scope = module\nmockllm_cassettes = cassettes\n")
    for name in ("test_a", "test_b"):
        project.makepyfile(
            **{
                name: """
                def test_url(mockllm):
                    with open("urls.txt", "a") as f:
                        f.write(mockllm.url + "\\n")
                """
            }
        )
    result = run(project)
    result.assert_outcomes(passed=2)
    urls = (project.path / "urls.txt").read_text().split()
    assert len(urls) == 2 and urls[0] != urls[1]


def test_function_scope_restores_the_environment_after_each_test(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_env="""
        import os

        def test_uses_it(mockllm):
            assert os.environ["OPENAI_BASE_URL"].startswith("http://127.0.0.1:")

        def test_after_it():
            assert os.environ["OPENAI_BASE_URL"] == "https://api.example.invalid/v1"
            assert "MOCKLLM_URL" not in os.environ
        """
    )
    project.makeconftest('import os\nos.environ["OPENAI_BASE_URL"] = "https://api.example.invalid/v1"\n')
    run(project, "--mockllm-scope=function", "--mockllm-cassettes=cassettes").assert_outcomes(passed=2)


def test_strict_fails_the_run_on_unused_interactions(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_strict=f"""
        import os
        import httpx

        def test_hello_only(mockllm):
            assert httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", content={HELLO!r}, headers={{"content-type": "application/json"}}).status_code == 200
        """
    )
    result = run(project, "--mockllm-cassettes=cassettes", "--mockllm-args=--strict")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*mockllm exited 1: --strict found misses or unused interactions*", "*chat#hello-stream*", "*chat#ollama-hello*"])
