"""`sf.workflows`: the registry of named, versioned definitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import quote

from ._http import Transport
from .types import WorkflowDefinition


class Workflows:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def create(self, definition: Mapping[str, Any]) -> WorkflowDefinition:
        """Stores a new version (`{"name", "nodes", "edges"?, "timeout"?, "input_schema"?, "description"?}`),
        or returns the latest one unchanged when its content is identical."""
        return cast(WorkflowDefinition, self._t.request("POST", "/api/workflows", json=dict(definition))["workflow"])

    def get(self, name: str, version: int | None = None) -> WorkflowDefinition:
        """The latest version, or the one named."""
        path = f"/api/workflows/{quote(name, safe='')}"
        if version is not None:
            path = f"{path}/versions/{version}"
        return cast(WorkflowDefinition, self._t.request("GET", path)["workflow"])
