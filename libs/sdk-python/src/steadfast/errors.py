"""The one error the client raises for an API refusal or an unreachable API."""

from __future__ import annotations

from typing import Any

import httpx

from ._retry import parse_retry_after


class SteadfastError(Exception):
    """An answer other than 2xx, read from the API's error envelope (`{"error", "details", ...}`).

    `status` is None when no answer came at all (connection refused, timed out).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        details: list[str] | None = None,
        retry_after: float | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = message
        self.details: list[str] = details or []
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        head = self.error if self.status is None else f"{self.status} {self.error}"
        return f"{head}: {'; '.join(self.details)}" if self.details else head

    @classmethod
    def from_response(cls, response: httpx.Response) -> SteadfastError:
        body: Any
        try:
            body = response.json()
        except ValueError:
            body = response.text
        envelope = body if isinstance(body, dict) else {}
        error = envelope.get("error")
        details = envelope.get("details")
        return cls(
            error if isinstance(error, str) else response.reason_phrase or f"HTTP {response.status_code}",
            status=response.status_code,
            details=[str(d) for d in details] if isinstance(details, list) else None,
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            body=body,
        )
