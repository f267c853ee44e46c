"""runs.stream against the real API: to `final`, resumed from a Last-Event-ID, and across cut connections."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from cutting_proxy import CuttingProxy
from support import slow_dag

from steadfast import RunEvent, Steadfast

pytestmark = pytest.mark.integration


def stored_log(sf: Steadfast, run_id: str) -> list[RunEvent]:
    return sf.runs.events(run_id, limit=500)["events"]


def test_a_live_run_is_streamed_to_final_each_event_once_in_order(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-stream", workflow=slow_dag(step_ms=300), start=True)
    streamed = list(sf.runs.stream(run["id"]))
    assert streamed[-1]["type"] == "final"
    assert [e["seq"] for e in streamed] == list(range(1, len(streamed) + 1))
    assert "connected" not in [e["type"] for e in streamed]
    assert streamed == stored_log(sf, run["id"])


def test_a_stream_resumed_from_a_last_event_id_starts_right_after_it(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-resume", workflow=slow_dag(step_ms=300), start=True)
    first: list[RunEvent] = []
    for event in sf.runs.stream(run["id"]):
        first.append(event)
        if len(first) == 3:
            break
    rest = list(sf.runs.stream(run["id"], last_event_id=3))
    assert first + rest == stored_log(sf, run["id"])
    # Past `final` the API answers 204: the stream ends with nothing.
    assert list(sf.runs.stream(run["id"], last_event_id=rest[-1]["seq"])) == []


def test_connections_cut_mid_frame_are_resumed_without_a_gap_or_a_repeat(
    sf: Steadfast, base_url: str, api_key: str | None
) -> None:
    run = sf.runs.create(name="py-cut", workflow=slow_dag(step_ms=800), start=True)
    api = urlsplit(base_url)
    with (
        CuttingProxy(api.hostname or "127.0.0.1", api.port or 80, cut_after=450, cuts=2) as proxy,
        Steadfast(proxy.url, api_key) as through_proxy,
    ):
        streamed = list(through_proxy.runs.stream(run["id"]))
        assert proxy.connections == 3
    assert [e["seq"] for e in streamed] == list(range(1, len(streamed) + 1))
    assert streamed == stored_log(sf, run["id"])
