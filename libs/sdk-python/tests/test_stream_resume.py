"""How runs.stream reconnects: from the last event it yielded, each seq once, until `final` or a 204."""

from __future__ import annotations

import httpx
import pytest
from fake_api import Cut, event, frame, scripted

from steadfast import SteadfastError

CONNECTED = b'retry: 2000\ndata: {"type":"connected","run_id":"run-1","status":"running","resume_after":0}\n\n'
SSE = {"content-type": "text/event-stream; charset=utf-8"}


def body(*chunks: bytes, cut: bool = False) -> httpx.Response:
    stream: httpx.SyncByteStream = Cut(*chunks) if cut else httpx.ByteStream(b"".join(chunks))
    return httpx.Response(200, headers=SSE, stream=stream)


def test_a_cut_connection_and_a_refused_reconnect_are_resumed_from_the_last_yielded_seq(slept: list[float]) -> None:
    e1, e2, e3, final = event(1), event(2), event(3), event(4, "final", status="completed", output=None, error=None)
    half_of_e3 = frame(e3)[:10]
    sf, seen = scripted(
        [
            lambda _: body(CONNECTED, frame(e1), frame(e2), half_of_e3, cut=True),
            httpx.ConnectError("connection refused"),
            # The server sends from Last-Event-ID on; an event we already have is dropped, not yielded again.
            lambda _: body(CONNECTED, frame(e2), frame(e3), frame(final), frame(event(5))),
        ]
    )
    assert [e["seq"] for e in sf.runs.stream("run-1")] == [1, 2, 3, 4]
    assert [r.headers.get("last-event-id") for r in seen] == [None, "2", "2"]
    # The server's `retry: 2000`, doubled for the second failure in a row.
    assert slept == [2.0, 4.0]


def test_the_connected_frame_is_never_yielded() -> None:
    final = event(1, "final", status="completed", output=None, error=None)
    sf, _ = scripted([lambda _: body(CONNECTED, b": keepalive\n\n", frame(final))])
    assert [e["type"] for e in sf.runs.stream("run-1")] == ["final"]


def test_a_resume_past_final_ends_without_an_event() -> None:
    sf, seen = scripted([lambda _: httpx.Response(204)])
    assert list(sf.runs.stream("run-1", last_event_id=9)) == []
    assert seen[0].headers["last-event-id"] == "9"


def test_a_stream_the_server_closes_before_final_is_reopened(slept: list[float]) -> None:
    final = event(2, "final", status="completed", output=None, error=None)
    sf, seen = scripted([lambda _: body(CONNECTED, frame(event(1))), lambda _: body(CONNECTED, frame(final))])
    assert [e["seq"] for e in sf.runs.stream("run-1")] == [1, 2]
    assert len(seen) == 2


def test_a_refusal_that_will_not_pass_is_raised_at_once(slept: list[float]) -> None:
    sf, _ = scripted([lambda _: httpx.Response(404, json={"error": "Run not found", "details": ["run-1"]})])
    with pytest.raises(SteadfastError) as raised:
        list(sf.runs.stream("run-1"))
    assert (raised.value.status, raised.value.error) == (404, "Run not found")
    assert slept == []


def test_it_gives_up_after_its_reconnect_attempts_bring_nothing_new(slept: list[float]) -> None:
    refused = httpx.ConnectError("connection refused")
    sf, seen = scripted([refused, refused, refused, refused])
    with pytest.raises(SteadfastError, match="lost 4 times"):
        list(sf.runs.stream("run-1", reconnect_attempts=3))
    assert len(seen) == 4
