"""What the integration tests share: graphs, unique names, and waiting for something to become true."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def echo_dag(value: Any = "hello") -> dict[str, Any]:
    return {"nodes": [{"id": "say", "type": "echo", "config": {"value": value}}]}


def slow_dag(step_ms: int = 600) -> dict[str, Any]:
    """Five nodes in a chain with two timers: long enough to be followed live, and a dozen events."""
    return {
        "nodes": [
            {"id": "a", "type": "echo", "config": {"value": "a"}},
            {"id": "wait1", "type": "delay", "config": {"duration": step_ms}, "depends_on": ["a"]},
            {"id": "b", "type": "echo", "config": {"value": "b"}, "depends_on": ["wait1"]},
            {"id": "wait2", "type": "delay", "config": {"duration": step_ms}, "depends_on": ["b"]},
            {"id": "c", "type": "echo", "config": {"value": "c"}, "depends_on": ["wait2"]},
        ]
    }


def gated_dag(approver: str) -> dict[str, Any]:
    """prepare -> gate (an approval) -> ship when approved, hold when rejected."""
    return {
        "nodes": [
            {"id": "prepare", "type": "echo", "config": {"value": "v1.2"}},
            {
                "id": "gate",
                "type": "approval",
                "config": {"title": "Ship {{ nodes.prepare.output }}?", "approvers": [approver], "timeout": "10m"},
                "depends_on": ["prepare"],
            },
            {"id": "ship", "type": "echo", "config": {"value": "shipped"}, "depends_on": ["gate"], "when": "approved"},
            {"id": "hold", "type": "echo", "config": {"value": "held"}, "depends_on": ["gate"], "when": "rejected"},
        ]
    }


def eventually(check: Callable[[], T | None], *, timeout: float = 30.0, what: str) -> T:
    """Calls `check` until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)
