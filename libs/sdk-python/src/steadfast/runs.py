"""`sf.runs`: create, start, cancel, read, list, follow and wait for runs."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast
from urllib.parse import quote

from ._http import Transport
from ._stream import stream_run_events
from .types import TERMINAL_RUN_STATUSES, EventPage, Run, RunEvent, RunStatus


class Runs:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def create(
        self,
        *,
        name: str,
        input: str | Mapping[str, Any] | None = None,
        workflow: str | Mapping[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        start: bool = False,
        idempotency_key: str | None = None,
    ) -> Run:
        """POST /api/runs. `workflow` is a stored name (`"name"`, `"name@3"`) or an inline definition.

        With an `idempotency_key`, a repeat of the same body returns the first run, so only then is the
        call retried on 429/503.
        """
        body: dict[str, Any] = {"name": name, "start": start}
        if input is not None:
            body["input"] = input
        if workflow is not None:
            body["workflow"] = workflow
        if tags is not None:
            body["tags"] = list(tags)
        headers = {"idempotency-key": idempotency_key} if idempotency_key is not None else None
        answer = self._t.request(
            "POST", "/api/runs", json=body, headers=headers, idempotent=idempotency_key is not None
        )
        return cast(Run, answer["run"])

    def get(self, run_id: str) -> Run:
        return cast(Run, self._t.request("GET", _path(run_id))["run"])

    def start(self, run_id: str) -> Run:
        return cast(Run, self._t.request("POST", f"{_path(run_id)}/start")["run"])

    def cancel(self, run_id: str) -> Run:
        """Requests cancellation; the run reads `canceling` until its workflow has stopped."""
        return cast(Run, self._t.request("POST", f"{_path(run_id)}/cancel")["run"])

    def list(
        self, *, status: RunStatus | None = None, tag: str | None = None, limit: int | None = None
    ) -> Iterator[Run]:
        """Every matching run, newest first; `limit` is the page size (1-100), pages are fetched as needed."""
        return cast(Iterator[Run], self._t.pages("/api/runs", "runs", {"status": status, "tag": tag, "limit": limit}))

    def events(self, run_id: str, *, after: int = 0, limit: int = 100) -> EventPage:
        """One page of the run's log: events with seq greater than `after`; pass `next_after` on."""
        answer = self._t.request("GET", f"{_path(run_id)}/events", params={"after": after, "limit": limit})
        return {"events": answer["events"], "next_after": answer["next_after"], "done": answer["done"]}

    def stream(
        self,
        run_id: str,
        *,
        last_event_id: int | None = None,
        reconnect_attempts: int = 8,
        read_timeout: float = 60.0,
    ) -> Iterator[RunEvent]:
        """The run's events after `last_event_id`, live, over SSE, ending with `final`.

        A dropped connection is resumed from the last event yielded, so each seq comes once and in order;
        SteadfastError after `reconnect_attempts` tries in a row bring nothing new.
        """
        return stream_run_events(
            self._t.client,
            f"{_path(run_id)}/logs/stream",
            last_event_id=last_event_id,
            reconnect_attempts=reconnect_attempts,
            read_timeout=read_timeout,
        )

    def wait(self, run_id: str, *, timeout: float | None = 300.0, poll_interval: float = 0.5) -> Run:
        """The run once it is completed, failed, canceled or timed out; TimeoutError past `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            run = self.get(run_id)
            if run["status"] in TERMINAL_RUN_STATUSES:
                return run
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"run {run_id} is still {run['status']} after {timeout} s")
                time.sleep(min(poll_interval, left))
            else:
                time.sleep(poll_interval)


def _path(run_id: str) -> str:
    return f"/api/runs/{quote(run_id, safe='')}"
