"""Scripted answers for unit tests of the client's own decisions (retry, resume). No API behind them:
what the API does is tested against the real one, in the integration tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from steadfast import Steadfast

Answer = Callable[[httpx.Request], httpx.Response]


class Cut(httpx.SyncByteStream):
    """A body that stops part-way, as a connection reset does."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks
        raise httpx.ReadError("connection reset by peer")


def frame(event: dict[str, Any]) -> bytes:
    return f"id: {event['seq']}\ndata: {json.dumps(event)}\n\n".encode()


def event(seq: int, type: str = "log", **fields: Any) -> dict[str, Any]:
    return {"seq": seq, "run_id": "run-1", "timestamp": "2026-01-01T00:00:00.000Z", "type": type, **fields}


def scripted(answers: list[Answer | Exception]) -> tuple[Steadfast, list[httpx.Request]]:
    """A client whose requests get `answers` in order; the requests are recorded."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer(request)

    client = httpx.Client(base_url="http://steadfast.test", transport=httpx.MockTransport(handle))
    return Steadfast(http_client=client, retries=2), seen
