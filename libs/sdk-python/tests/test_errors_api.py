"""Refusals from the real API arrive as SteadfastError with the envelope's status, error and details."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from support import echo_dag

from steadfast import Steadfast, SteadfastError

pytestmark = pytest.mark.integration


def refused(call: Callable[[], object]) -> SteadfastError:
    with pytest.raises(SteadfastError) as raised:
        call()
    return raised.value


def test_an_unknown_run_is_404(sf: Steadfast) -> None:
    error = refused(lambda: sf.runs.get("run-01ARZ3NDEKTSV4RRFFQ69G5FAV"))
    assert error.status == 404
    assert "not found" in error.error.lower()


def test_starting_a_started_run_is_409(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-conflict", workflow=echo_dag(), start=True)
    error = refused(lambda: sf.runs.start(run["id"]))
    assert error.status == 409
    assert error.error


def test_a_dag_that_breaks_a_rule_is_422_with_a_detail_naming_the_node(sf: Steadfast) -> None:
    broken = {"nodes": [{"id": "a", "type": "echo", "depends_on": ["nowhere"]}]}
    error = refused(lambda: sf.runs.create(name="py-invalid", workflow=broken))
    assert error.status == 422
    assert any('"a"' in detail and "nowhere" in detail for detail in error.details), error.details


def test_a_body_the_validator_refuses_lists_each_problem(sf: Steadfast) -> None:
    error = refused(lambda: sf.runs.create(name="", tags=["x" * 65]))
    assert error.status in (400, 422)
    assert error.error == "Validation failed"
    assert len(error.details) >= 2, error.details


@pytest.mark.skipif(
    not os.environ.get("STEADFAST_API_KEY"), reason="authentication is off: STEADFAST_API_KEY is not set"
)
def test_a_wrong_key_is_401(base_url: str) -> None:
    with Steadfast(base_url, "sk_nope") as stranger:
        error = refused(lambda: list(stranger.runs.list()))
    assert error.status == 401
    assert error.error.startswith("Malformed API key")


@pytest.mark.skipif(not os.environ.get("STEADFAST_READ_ONLY_API_KEY"), reason="STEADFAST_READ_ONLY_API_KEY is not set")
def test_a_key_without_the_scope_is_403(base_url: str) -> None:
    with Steadfast(base_url, os.environ["STEADFAST_READ_ONLY_API_KEY"]) as reader:
        assert isinstance(list(reader.runs.list(limit=1)), list)
        error = refused(lambda: reader.runs.create(name="py-forbidden"))
    assert error.status == 403
