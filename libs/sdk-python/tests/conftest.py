"""Unit tests always run; integration tests (marked `integration`) need a real API at STEADFAST_URL.

`npm test` starts the stack and sets STEADFAST_URL and STEADFAST_API_KEY (test/e2e/python-client.e2e-spec.ts).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from steadfast import Steadfast


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("STEADFAST_URL"):
        return
    skip = pytest.mark.skip(reason="STEADFAST_URL is not set: integration tests need a running Steadfast API")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ["STEADFAST_URL"]


@pytest.fixture(scope="session")
def api_key() -> str | None:
    return os.environ.get("STEADFAST_API_KEY") or None


@pytest.fixture(scope="session")
def sf(base_url: str, api_key: str | None) -> Iterator[Steadfast]:
    with Steadfast(base_url, api_key) as client:
        yield client


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The client's waits, recorded instead of slept."""
    delays: list[float] = []
    monkeypatch.setattr("time.sleep", delays.append)
    return delays
