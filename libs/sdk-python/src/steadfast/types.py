"""The API's resources as TypedDicts: the JSON exactly as the server sends it, no wrapping.

The field names follow the API contract (docs/openapi.json, the presenters behind it);
tests/test_openapi_types.py fails when the two drift apart.
"""

from __future__ import annotations

import sys
from typing import Any, Literal, TypeAlias, TypedDict

if sys.version_info >= (3, 11):
    from typing import NotRequired
else:
    from typing_extensions import NotRequired

RunStatus = Literal[
    "created",
    "queued",
    "running",
    "waiting_for_approval",
    "canceling",
    "completed",
    "failed",
    "canceled",
    "timed_out",
]
TERMINAL_RUN_STATUSES: frozenset[RunStatus] = frozenset({"completed", "failed", "canceled", "timed_out"})

ApprovalStatus = Literal["pending", "approved", "rejected", "expired", "canceled"]
ApprovalTimeoutAction = Literal["reject", "approve", "fail"]
PatchSource = Literal["api", "agent", "temporal"]


class TokenUsage(TypedDict):
    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    total_tokens: int


class RunWorkflowRef(TypedDict):
    """The definition a run was made from; name and version are None for an inline one."""

    name: str | None
    version: int | None
    sha256: str


class RunTemporal(TypedDict):
    workflow_id: str
    run_id: str | None
    ui_url: str


class Run(TypedDict):
    id: str
    name: str
    status: RunStatus
    input: Any
    output: Any
    error: str | None
    tags: list[str]
    client_token: str | None
    created_at: str
    updated_at: str
    started_at: str | None
    completed_at: str | None
    canceled_at: str | None
    workflow: RunWorkflowRef | None
    usage: TokenUsage | None
    temporal: RunTemporal


class Approval(TypedDict):
    id: str
    run_id: str
    node_id: str
    title: str
    details: str | None
    approvers: list[str]
    status: ApprovalStatus
    on_timeout: ApprovalTimeoutAction
    expires_at: str
    decided_by: str | None
    comment: str | None
    decided_at: str | None
    created_at: str


class DagNode(TypedDict):
    """A node as stored: defaults applied, edges folded into depends_on."""

    id: str
    type: str
    config: dict[str, Any]
    depends_on: list[str]
    when: NotRequired[str]
    retry: NotRequired[dict[str, Any]]
    timeout_ms: NotRequired[int]
    on_error: NotRequired[str | dict[str, str]]


class WorkflowDefinition(TypedDict):
    """A stored version of a named definition (GET /api/workflows/{name})."""

    name: str
    version: int
    sha256: str
    description: str | None
    nodes: list[DagNode]
    timeout_ms: NotRequired[int]
    input_schema: dict[str, Any] | None
    created_at: str


# Run events: every frame of a run's log, told apart by `type`. `seq` is gap-free and ordered per run.


class _EventFields(TypedDict):
    seq: int
    run_id: str
    timestamp: str


class StatusUpdateEvent(_EventFields):
    type: Literal["status_update"]
    status: RunStatus


class NodeStartedEvent(_EventFields):
    type: Literal["node_started"]
    node_id: str
    node_type: str
    attempt: NotRequired[int]


class NodeCompletedEvent(_EventFields):
    type: Literal["node_completed"]
    node_id: str
    node_type: str
    output: Any
    label: NotRequired[str]
    attempts: NotRequired[int]
    usage: NotRequired[TokenUsage]


class NodeFailedEvent(_EventFields):
    type: Literal["node_failed"]
    node_id: str
    node_type: str
    error: str


class NodeSkippedEvent(_EventFields):
    type: Literal["node_skipped"]
    node_id: str
    node_type: str
    reason: str


class ApprovalRequestedEvent(_EventFields):
    type: Literal["approval_requested"]
    approval_id: str
    node_id: str
    title: str
    details: str | None
    approvers: list[str]
    expires_at: str


class ApprovalDecidedEvent(_EventFields):
    type: Literal["approval_decided"]
    approval_id: str
    node_id: str
    decision: Literal["approved", "rejected"]
    decided_by: str | None
    comment: str | None


class ApprovalExpiredEvent(_EventFields):
    type: Literal["approval_expired"]
    approval_id: str
    node_id: str
    on_timeout: ApprovalTimeoutAction


class PatchAppliedEvent(_EventFields):
    type: Literal["patch_applied"]
    patch_id: str
    revision: int
    source: PatchSource
    added: list[str]
    removed: list[str]
    changed: list[str]
    reason: str | None


class PatchRejectedEvent(_EventFields):
    type: Literal["patch_rejected"]
    patch_id: str
    source: PatchSource
    reason: str


class LogEvent(_EventFields):
    type: Literal["log"]
    level: Literal["info", "warn", "error"]
    message: str
    node_id: NotRequired[str]


class FinalEvent(_EventFields):
    type: Literal["final"]
    status: RunStatus
    output: Any
    error: str | None


RunEvent: TypeAlias = (
    StatusUpdateEvent
    | NodeStartedEvent
    | NodeCompletedEvent
    | NodeFailedEvent
    | NodeSkippedEvent
    | ApprovalRequestedEvent
    | ApprovalDecidedEvent
    | ApprovalExpiredEvent
    | PatchAppliedEvent
    | PatchRejectedEvent
    | LogEvent
    | FinalEvent
)


class EventPage(TypedDict):
    """One page of GET /api/runs/{id}/events: pass `next_after` as `after` for the next."""

    events: list[RunEvent]
    next_after: int
    done: bool
