"""Stored definitions through the client: versions, reading one back, and a run made from one."""

from __future__ import annotations

import pytest
from support import echo_dag, unique

from steadfast import Steadfast

pytestmark = pytest.mark.integration


def test_publish_read_back_and_run_a_version(sf: Steadfast) -> None:
    name = unique("py-flow")
    first = sf.workflows.create({"name": name, "description": "from pytest", **echo_dag("one")})
    assert (first["name"], first["version"], first["description"]) == (name, 1, "from pytest")
    assert first["nodes"] == [{"id": "say", "type": "echo", "config": {"value": "one"}, "depends_on": []}]
    assert sf.workflows.create({"name": name, "description": "from pytest", **echo_dag("one")}) == first

    second = sf.workflows.create({"name": name, **echo_dag("two")})
    assert second["version"] == 2
    assert sf.workflows.get(name) == second
    assert sf.workflows.get(name, version=1) == first

    run = sf.runs.create(name="py-from-definition", workflow=f"{name}@1", start=True)
    assert run["workflow"] == {"name": name, "version": 1, "sha256": first["sha256"]}
    assert sf.runs.wait(run["id"], timeout=60)["output"] == "one"
