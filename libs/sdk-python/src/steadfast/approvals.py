"""`sf.approvals`: the inbox and decisions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import quote

from ._http import Transport
from .types import Approval, ApprovalStatus


class Approvals:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def list(
        self, *, status: ApprovalStatus | None = None, run_id: str | None = None, limit: int | None = None
    ) -> Iterator[Approval]:
        """Every matching approval, newest first; `limit` is the page size (1-100)."""
        params = {"status": status, "run_id": run_id, "limit": limit}
        return cast(Iterator[Approval], self._t.pages("/api/approvals", "approvals", params))

    def get(self, approval_id: str) -> Approval:
        return cast(Approval, self._t.request("GET", _path(approval_id))["approval"])

    def decide(
        self, approval_id: str, approve: bool, comment: str | None = None, *, decided_by: str | None = None
    ) -> Approval:
        """Approves or rejects. The decision is recorded as the key's user; `decided_by` names someone
        else (an admin key only) or, with authentication off, who decided.

        Never retried: a second decision is refused with 409, and only the first one counts.
        """
        body: dict[str, Any] = {"decision": "approve" if approve else "reject"}
        if comment is not None:
            body["comment"] = comment
        if decided_by is not None:
            body["decided_by"] = decided_by
        return cast(Approval, self._t.request("POST", f"{_path(approval_id)}/decide", json=body)["approval"])


def _path(approval_id: str) -> str:
    return f"/api/approvals/{quote(approval_id, safe='')}"
