"""Misses fail the test that sent them, with the explanation; faults armed through the admin API."""
from __future__ import annotations

import pytest

from conftest import run

HELLO = '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}'
GOODBYE = '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say goodbye"}]}'


def test_a_miss_fails_the_test_that_sent_it_with_the_explanation(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_miss=f"""
        import os
        import httpx

        def post(body):
            return httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", content=body, headers={{"content-type": "application/json"}})

        def test_before(mockllm):
            assert post({HELLO!r}).status_code == 200

        def test_swallows_the_404(mockllm):
            res = post({GOODBYE!r})          # code under test that ignores errors
            assert res.status_code == 404

        def test_after(mockllm):
            assert post({HELLO!r}).status_code == 200
        """
    )
    result = run(project, "--mockllm-cassettes=cassettes")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ test_swallows_the_404 _*",
            "*mockllm: 1 request in this test matched no recorded interaction*",
            '*closest: chat#hello, which differs at /messages/0/content: "Say goodbye" vs "Say hello"*',
            "*FAILED test_miss.py::test_swallows_the_404*",
        ]
    )
    assert "test_before FAILED" not in result.stdout.str() and "FAILED test_miss.py::test_after" not in result.stdout.str()


def test_a_miss_in_a_failing_test_is_added_to_its_report(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_both=f"""
        import os
        import httpx

        def test_fails_and_misses(mockllm):
            httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", content={GOODBYE!r}, headers={{"content-type": "application/json"}})
            assert False, "its own failure"
        """
    )
    result = run(project, "--mockllm-cassettes=cassettes")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*its own failure*", "*mockllm misses*", "*matched no recorded interaction*"])


def test_fail_on_miss_can_be_turned_off(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\nmockllm_cassettes = cassettes\nmockllm_fail_on_miss = false\n")
    project.makepyfile(
        test_off=f"""
        import os
        import httpx

        def test_provokes_a_miss(mockllm):
            res = httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", content={GOODBYE!r}, headers={{"content-type": "application/json"}})
            assert res.headers["x-mockllm-miss"] == "1"
            assert len(mockllm.misses()) == 1 and "Say goodbye" in mockllm.misses()[0]
        """
    )
    run(project).assert_outcomes(passed=1)


def test_faults_arm_through_the_admin_api_and_do_not_outlive_the_test(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_faults=f"""
        import os
        import httpx

        def post():
            return httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions", content={HELLO!r}, headers={{"content-type": "application/json"}})

        def test_one_429(mockllm):
            fault_id = mockllm.faults.arm({{"kind": "status", "status": 429}}, times=1)
            assert fault_id
            first = post()
            assert first.status_code == 429
            assert "retry-after" in first.headers
            assert post().status_code == 200        # times=1: fired once

        def test_arms_and_never_sends(mockllm):
            mockllm.faults.arm({{"kind": "status", "status": 500}}, times=5)

        def test_next_test_is_clean(mockllm):
            assert post().status_code == 200
            assert mockllm.faults.list()["runtime"] == []

        def test_a_bad_rule_is_refused_with_the_reason(mockllm):
            from pytest_mockllm import AdminError
            import pytest
            with pytest.raises(AdminError) as e:
                mockllm.faults.arm({{"kind": "no-such-kind"}})
            assert e.value.status == 400

        def test_clear_removes_every_runtime_fault(mockllm):
            mockllm.faults.arm({{"kind": "status", "status": 503}})
            mockllm.faults.arm({{"kind": "latency", "ms": 10}})
            assert len(mockllm.faults.list()["runtime"]) == 2
            mockllm.faults.clear()
            assert mockllm.faults.list()["runtime"] == []
        """
    )
    run(project, "--mockllm-cassettes=cassettes").assert_outcomes(passed=5)
