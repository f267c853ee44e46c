"""An approval node decided through the client: the run waits, the decision picks the branch, a second is 409."""

from __future__ import annotations

import os

import pytest
from support import eventually, gated_dag

from steadfast import Approval, Steadfast, SteadfastError

pytestmark = pytest.mark.integration

# With authentication on the decision is the key's user's, who must be listed; with it off, nobody is
# checked and the decision must say who made it.
APPROVER = os.environ.get("STEADFAST_APPROVER") or "pytest"
DECIDED_BY = None if os.environ.get("STEADFAST_API_KEY") else APPROVER


def pending(sf: Steadfast, run_id: str) -> Approval:
    return eventually(
        lambda: next(iter(sf.approvals.list(run_id=run_id, status="pending")), None),
        what=f"an approval of run {run_id}",
    )


def test_approve_runs_the_approved_branch(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-approval", workflow=gated_dag(APPROVER), start=True)
    approval = pending(sf, run["id"])
    assert (approval["node_id"], approval["title"], approval["approvers"]) == ("gate", "Ship v1.2?", [APPROVER])
    assert sf.approvals.get(approval["id"]) == approval

    decided = sf.approvals.decide(approval["id"], True, "ship it", decided_by=DECIDED_BY)
    assert (decided["status"], decided["decided_by"], decided["comment"]) == ("approved", APPROVER, "ship it")

    done = sf.runs.wait(run["id"], timeout=60)
    assert done["status"] == "completed"
    # The one sink that ran gives the run its output.
    assert done["output"] == "shipped"
    events = sf.runs.events(run["id"], limit=500)["events"]
    [decision] = [e for e in events if e["type"] == "approval_decided"]
    assert decision["decision"] == "approved"
    assert list(sf.approvals.list(run_id=run["id"], status="pending")) == []

    with pytest.raises(SteadfastError) as again:
        sf.approvals.decide(approval["id"], False, decided_by=DECIDED_BY)
    assert again.value.status == 409


def test_reject_runs_the_rejected_branch(sf: Steadfast) -> None:
    run = sf.runs.create(name="py-rejection", workflow=gated_dag(APPROVER), start=True)
    decided = sf.approvals.decide(pending(sf, run["id"])["id"], False, decided_by=DECIDED_BY)
    assert decided["status"] == "rejected"
    assert sf.runs.wait(run["id"], timeout=60)["output"] == "held"
