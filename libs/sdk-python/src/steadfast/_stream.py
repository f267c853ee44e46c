"""A run's event stream that survives a dropped connection or an API restart.

It resumes the way a browser's EventSource does (Last-Event-ID, the server's `retry:` delay), but counts
failures and gives up, and drops any event it has already yielded: after a reconnect the server sends
again from the id we name, and a half-received frame is discarded, never half-yielded.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Iterator
from typing import Any, cast

import httpx

from ._sse import SseMessage, SseParser
from .errors import SteadfastError
from .types import RunEvent

# EventSource's default reconnection time is browser-defined; the API sends `retry: 2000` on connect.
DEFAULT_RECONNECT_S = 1.0
MAX_RECONNECT_S = 10.0
# Worth waiting out: a proxy or the API in the middle of a restart. Anything else the caller must see.
_PASSING_STATUSES = frozenset({429, 502, 503, 504})


def stream_run_events(
    client: httpx.Client,
    path: str,
    *,
    last_event_id: int | None,
    reconnect_attempts: int,
    read_timeout: float,
) -> Iterator[RunEvent]:
    cursor = last_event_id or 0
    reconnect_s = DEFAULT_RECONNECT_S
    failures = 0
    base = client.timeout
    # Keep-alive comments arrive every 15 s by default: a read silent for longer means a dead connection.
    timeout = httpx.Timeout(connect=base.connect, read=read_timeout, write=base.write, pool=base.pool)
    while True:
        headers = {"accept": "text/event-stream", "cache-control": "no-cache"}
        if cursor > 0:
            headers["last-event-id"] = str(cursor)
        wait_at_least = 0.0
        try:
            with client.stream("GET", path, headers=headers, timeout=timeout) as response:
                if response.status_code == 204:
                    # The run has ended and we are past its `final`: nothing more will come.
                    return
                if not response.is_success:
                    response.read()
                    error = SteadfastError.from_response(response)
                    if response.status_code not in _PASSING_STATUSES:
                        raise error
                    wait_at_least = error.retry_after or 0.0
                else:
                    parser = SseParser()
                    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
                    for chunk in response.iter_bytes():
                        for message in parser.feed(decoder.decode(chunk)):
                            event = _run_event(message)
                            if event is None or event["seq"] <= cursor:
                                continue
                            cursor = event["seq"]
                            failures = 0
                            yield event
                            if event["type"] == "final":
                                return
                        if parser.retry_ms is not None:
                            reconnect_s = parser.retry_ms / 1000
        except httpx.TransportError:
            pass
        # Closed before `final`, refused for now, or cut: try again from the last event we yielded.
        failures += 1
        if failures > reconnect_attempts:
            raise SteadfastError(f"the event stream of {path} was lost {failures} times in a row without a new event")
        time.sleep(max(wait_at_least, min(MAX_RECONNECT_S, reconnect_s * 2.0 ** (failures - 1))))


def _run_event(message: SseMessage) -> RunEvent | None:
    """A numbered frame as a run event; None for the unnumbered `connected` frame, which moves no cursor."""
    if not message.has_id:
        return None
    try:
        data: Any = json.loads(message.data)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("seq"), int):
        return None
    return cast(RunEvent, data)
