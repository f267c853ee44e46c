"""Steadfast: a typed Python client for the durable workflow API."""

from ._sse import SseMessage, SseParser
from .client import Steadfast, __version__
from .errors import SteadfastError
from .types import (
    TERMINAL_RUN_STATUSES,
    Approval,
    EventPage,
    Run,
    RunEvent,
    RunStatus,
    WorkflowDefinition,
)

__all__ = [
    "TERMINAL_RUN_STATUSES",
    "Approval",
    "EventPage",
    "Run",
    "RunEvent",
    "RunStatus",
    "SseMessage",
    "SseParser",
    "Steadfast",
    "SteadfastError",
    "WorkflowDefinition",
    "__version__",
]
