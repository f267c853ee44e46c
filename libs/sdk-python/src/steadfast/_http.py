"""Sending one API call: the base URL and key, the retry rule, and errors from the envelope."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from ._retry import backoff_delay, should_retry
from .errors import SteadfastError

Params = Mapping[str, str | int | None]


class Transport:
    def __init__(self, client: httpx.Client, *, retries: int) -> None:
        self.client = client
        self.retries = retries

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """The parsed JSON body of a 2xx answer; SteadfastError for anything else.

        `idempotent` defaults to true for GET only: a POST is sent once unless the caller says it is safe twice.
        """
        safe = method == "GET" if idempotent is None else idempotent
        query = {k: v for k, v in (params or {}).items() if v is not None}
        attempt = 0
        while True:
            try:
                response = self.client.request(method, path, params=query, json=json, headers=headers)
            except httpx.TransportError as cause:
                if not should_retry(idempotent=safe, attempt=attempt, retries=self.retries, status=None):
                    raise SteadfastError(f"{method} {path} got no answer: {cause!r}") from cause
                time.sleep(backoff_delay(attempt, None))
                attempt += 1
                continue
            if response.is_success:
                return response.json() if response.content else None
            error = SteadfastError.from_response(response)
            if not should_retry(idempotent=safe, attempt=attempt, retries=self.retries, status=response.status_code):
                raise error
            time.sleep(backoff_delay(attempt, error.retry_after))
            attempt += 1

    def pages(self, path: str, key: str, params: Params) -> Iterator[Any]:
        """Every item of a keyset-paginated list, fetching the next page only when the caller gets there."""
        cursor: str | None = None
        while True:
            body = self.request("GET", path, params={**params, "cursor": cursor})
            yield from body[key]
            cursor = body.get("next_cursor")
            if not cursor:
                return
