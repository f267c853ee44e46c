"""Runs through the client against the real API: create, start, wait, replay, pages, events, cancel."""

from __future__ import annotations

import httpx
import pytest
from support import echo_dag, slow_dag, unique

from steadfast import Steadfast, SteadfastError

pytestmark = pytest.mark.integration


def test_create_then_start_then_wait_for_the_output(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-create", workflow=echo_dag({"greeting": "hi"}), input={"who": "py"}, tags=["py"])
    assert (run["status"], run["input"], run["tags"], run["started_at"]) == ("created", {"who": "py"}, ["py"], None)
    assert run["temporal"]["workflow_id"] == run["id"]
    assert sf.runs.start(run["id"])["status"] in ("running", "queued", "completed")
    done = sf.runs.wait(run["id"], timeout=60)
    assert (done["status"], done["output"], done["error"]) == ("completed", {"greeting": "hi"}, None)
    assert done["completed_at"] is not None
    assert sf.runs.get(run["id"]) == done


def test_create_and_start_in_one_call(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-start", workflow=echo_dag(), start=True)
    assert run["status"] != "created"
    assert sf.runs.wait(run["id"], timeout=60)["status"] == "completed"


def test_a_repeated_idempotency_key_returns_the_first_run(sf: Steadfast) -> None:
    key = unique("py-idem")
    first = sf.runs.create(name="py-idem", input={"n": 1}, idempotency_key=key)
    again = sf.runs.create(name="py-idem", input={"n": 1}, idempotency_key=key)
    assert again["id"] == first["id"]
    assert again["client_token"] == key
    with pytest.raises(SteadfastError) as raised:
        sf.runs.create(name="py-idem", input={"n": 2}, idempotency_key=key)
    assert raised.value.status == 422


def test_list_follows_next_cursor_across_pages_only_as_far_as_it_is_read(
    sf: Steadfast, base_url: str, api_key: str | None
) -> None:
    tag = unique("py-pages")
    created = [sf.runs.create(name=f"py-page-{i}", tags=[tag])["id"] for i in range(5)]
    pages_read: list[str] = []

    def count(request: httpx.Request) -> None:
        pages_read.append(request.url.path)

    with (
        httpx.Client(base_url=base_url, event_hooks={"request": [count]}) as http,
        Steadfast(api_key=api_key, http_client=http) as counted,
    ):
        pages = counted.runs.list(tag=tag, limit=2)
        assert next(pages)["id"] == created[-1]
        assert pages_read == ["/api/runs"]
        listed = [created[-1]] + [run["id"] for run in pages]
    assert listed == created[::-1]
    assert pages_read == ["/api/runs"] * 3
    assert list(sf.runs.list(tag=tag, status="completed")) == []


def test_events_page_by_page_with_next_after(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-events", workflow=echo_dag(), start=True)
    sf.runs.wait(run["id"], timeout=60)
    whole = sf.runs.events(run["id"])
    assert whole["done"] is True
    paged, after = [], 0
    while True:
        page = sf.runs.events(run["id"], after=after, limit=2)
        assert len(page["events"]) <= 2
        paged += page["events"]
        if not page["events"]:
            break
        after = page["next_after"]
    assert paged == whole["events"]
    assert [e["seq"] for e in paged] == list(range(1, len(paged) + 1))
    assert paged[-1]["type"] == "final"


def test_cancel_a_waiting_run(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-cancel", workflow=slow_dag(step_ms=60_000), start=True)
    assert sf.runs.cancel(run["id"])["status"] in ("canceling", "canceled")
    assert sf.runs.wait(run["id"], timeout=60)["status"] == "canceled"
