"""The retry rule as the client applies it: which requests go out again, after how long."""

from __future__ import annotations

import httpx
import pytest
from fake_api import scripted

from steadfast import SteadfastError

RUN = {"id": "run-1", "status": "created"}


def busy(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"error": "Temporal unavailable"}, headers={"retry-after": "3"})


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "run": RUN})


def test_a_get_waits_for_retry_after_and_tries_again(slept: list[float]) -> None:
    sf, seen = scripted([busy, busy, ok])
    assert sf.runs.get("run-1")["id"] == "run-1"
    assert len(seen) == 3
    assert slept == [3.0, 3.0]


def test_a_get_gives_up_after_its_retries_with_the_last_error(slept: list[float]) -> None:
    sf, seen = scripted([busy, busy, busy])
    with pytest.raises(SteadfastError) as raised:
        sf.runs.get("run-1")
    assert (raised.value.status, raised.value.error, raised.value.retry_after) == (503, "Temporal unavailable", 3.0)
    assert len(seen) == 3


def test_a_create_without_an_idempotency_key_is_sent_once(slept: list[float]) -> None:
    sf, seen = scripted([busy])
    with pytest.raises(SteadfastError):
        sf.runs.create(name="once")
    assert len(seen) == 1
    assert slept == []


def test_a_create_with_an_idempotency_key_is_retried_with_the_same_key_and_body(slept: list[float]) -> None:
    sf, seen = scripted([busy, ok])
    sf.runs.create(name="twice", input={"a": 1}, idempotency_key="key-00000001")
    assert [r.headers["idempotency-key"] for r in seen] == ["key-00000001"] * 2
    assert seen[0].content == seen[1].content


def test_start_cancel_and_decide_are_never_retried(slept: list[float]) -> None:
    sf, seen = scripted([busy, busy, busy])
    for call in (
        lambda: sf.runs.start("run-1"),
        lambda: sf.runs.cancel("run-1"),
        lambda: sf.approvals.decide("a", True),
    ):
        with pytest.raises(SteadfastError):
            call()
    assert len(seen) == 3


def test_no_answer_at_all_is_retried_on_a_get_then_raised_as_steadfast_error(slept: list[float]) -> None:
    refused = httpx.ConnectError("connection refused")
    sf, seen = scripted([refused, refused, refused])
    with pytest.raises(SteadfastError) as raised:
        sf.runs.get("run-1")
    assert raised.value.status is None
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert len(seen) == 3
