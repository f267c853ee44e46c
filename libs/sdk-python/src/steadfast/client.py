"""`Steadfast`: one HTTP connection pool, its key and retry budget, and the resources over it."""

from __future__ import annotations

import sys
from types import TracebackType

import httpx

from ._http import Transport
from .approvals import Approvals
from .runs import Runs
from .workflows import Workflows

if sys.version_info >= (3, 11):
    from typing import Self
else:
    from typing_extensions import Self

__version__ = "0.1.0"


class Steadfast:
    """A client for the Steadfast API.

    >>> with Steadfast("http://127.0.0.1:3000", api_key="sk_...") as sf:
    ...     run = sf.runs.create(name="hello", start=True)
    ...     sf.runs.wait(run["id"])["status"]
    'completed'

    `retries` is how often an idempotent call (a GET, a create with an idempotency key) is sent again
    after a 429, a 503 or no answer; other calls are sent once. An `http_client` of your own is used as
    it is (its base URL and timeouts); the key and user agent are added to its headers.
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:3000",
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        retries: int = 2,
        http_client: httpx.Client | None = None,
    ) -> None:
        headers = {"user-agent": f"steadfast-python/{__version__}", "accept": "application/json"}
        if api_key is not None:
            headers["authorization"] = f"Bearer {api_key}"
        self._owns_client = http_client is None
        if http_client is None:
            http_client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        http_client.headers.update(headers)
        transport = Transport(http_client, retries=retries)
        self.runs = Runs(transport)
        self.approvals = Approvals(transport)
        self.workflows = Workflows(transport)
        self._http = http_client

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
