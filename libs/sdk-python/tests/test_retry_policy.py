"""Which calls are sent again, and how long the client waits first."""

from __future__ import annotations

import random

import httpx
import pytest

from steadfast import SteadfastError
from steadfast._retry import MAX_DELAY_S, backoff_delay, parse_retry_after, should_retry


@pytest.mark.parametrize("status", [429, 503, None])
def test_an_idempotent_call_is_retried_on_a_passing_refusal_or_no_answer(status: int | None) -> None:
    assert should_retry(idempotent=True, attempt=0, retries=2, status=status)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500, 502])
def test_other_answers_are_final(status: int) -> None:
    assert not should_retry(idempotent=True, attempt=0, retries=2, status=status)


def test_a_call_that_is_not_idempotent_is_sent_once_whatever_the_answer() -> None:
    assert not should_retry(idempotent=False, attempt=0, retries=5, status=503)
    assert not should_retry(idempotent=False, attempt=0, retries=5, status=None)


def test_the_budget_counts_retries_not_attempts() -> None:
    assert should_retry(idempotent=True, attempt=1, retries=2, status=429)
    assert not should_retry(idempotent=True, attempt=2, retries=2, status=429)
    assert not should_retry(idempotent=True, attempt=0, retries=0, status=429)


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert parse_retry_after("12") == 12.0
    now = 1_700_000_000.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now=now) == pytest.approx(10.0)
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now=now) == 0.0
    for unusable in (None, "", "soon", "-3", "1.5"):
        assert parse_retry_after(unusable) is None


def test_the_server_s_retry_after_wins_over_backoff() -> None:
    assert backoff_delay(5, 3.0) == 3.0


def test_backoff_doubles_with_jitter_up_to_a_ceiling() -> None:
    rng = random.Random(7)
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (10, MAX_DELAY_S)]:
        delays = [backoff_delay(attempt, None, rng=rng) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1


def test_the_error_reads_the_api_envelope() -> None:
    response = httpx.Response(
        429,
        headers={"retry-after": "4"},
        json={"error": "Rate limit exceeded", "details": ["runs per minute"], "retryAfter": 4, "layer": "key"},
    )
    sut = SteadfastError.from_response(response)
    assert (sut.status, sut.error, sut.details, sut.retry_after) == (
        429,
        "Rate limit exceeded",
        ["runs per minute"],
        4.0,
    )
    assert sut.body["layer"] == "key"
    assert str(sut) == "429 Rate limit exceeded: runs per minute"


def test_an_answer_that_is_not_the_envelope_still_gives_a_status_and_a_message() -> None:
    sut = SteadfastError.from_response(httpx.Response(502, text="<html>bad gateway</html>"))
    assert (sut.status, sut.error, sut.details, sut.body) == (502, "Bad Gateway", [], "<html>bad gateway</html>")
