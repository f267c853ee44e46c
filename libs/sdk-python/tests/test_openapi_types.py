"""The TypedDicts name the fields the API's OpenAPI document gives its resources, no more, no fewer.

Reads docs/openapi.json from the repository (written by `npm run openapi`). A resource the document does not
describe as a component schema yet is skipped, with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args, get_type_hints

import pytest

from steadfast import types

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"

# TypedDict -> the component schema that describes it.
RESOURCES: list[tuple[Any, str]] = [
    (types.Run, "Run"),
    (types.Approval, "Approval"),
    (types.WorkflowDefinition, "Workflow"),
    (types.DagNode, "DagNode"),
    (types.TokenUsage, "TokenUsage"),
]
# TypedDict -> (component, property) whose inline object schema describes it.
NESTED: list[tuple[Any, str, str]] = [
    (types.RunWorkflowRef, "Run", "workflow"),
    (types.RunTemporal, "Run", "temporal"),
]


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not DOCUMENT.exists():
        pytest.skip(f"{DOCUMENT} is not there: these tests run from a checkout of the repository")
    document: dict[str, Any] = json.loads(DOCUMENT.read_text())
    return dict(document.get("components", {}).get("schemas", {}))


def component(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    if name not in schemas:
        pytest.skip(f"docs/openapi.json has no components.schemas.{name} yet: the resource is still an untyped object")
    return resolve(schemas, schemas[name])


def resolve(schemas: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its $ref followed and its allOf parts merged: the properties and required it adds up to."""
    if "$ref" in schema:
        return resolve(schemas, schemas[schema["$ref"].rsplit("/", 1)[-1]])
    merged: dict[str, Any] = {
        "properties": dict(schema.get("properties", {})),
        "required": list(schema.get("required", [])),
    }
    for part in schema.get("allOf", []):
        inner = resolve(schemas, part)
        merged["properties"].update(inner["properties"])
        merged["required"] += inner["required"]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            merged[key] = [resolve(schemas, variant) for variant in schema[key]]
    return merged


def keys_of(typed_dict: Any) -> tuple[set[str], set[str]]:
    return set(typed_dict.__required_keys__), set(typed_dict.__optional_keys__)


def assert_same_fields(typed_dict: Any, schema: dict[str, Any]) -> None:
    required, optional = keys_of(typed_dict)
    assert required | optional == set(schema["properties"]), typed_dict.__name__
    # A field the API always sends must not be optional here.
    assert set(schema["required"]) <= required, typed_dict.__name__


@pytest.mark.parametrize(("typed_dict", "name"), RESOURCES, ids=[name for _, name in RESOURCES])
def test_a_resource_has_the_fields_of_its_component_schema(schemas: dict[str, Any], typed_dict: Any, name: str) -> None:
    assert_same_fields(typed_dict, component(schemas, name))


@pytest.mark.parametrize(("typed_dict", "name", "prop"), NESTED, ids=[f"{n}.{p}" for _, n, p in NESTED])
def test_a_nested_object_has_the_fields_of_its_property(
    schemas: dict[str, Any], typed_dict: Any, name: str, prop: str
) -> None:
    assert_same_fields(typed_dict, resolve(schemas, component(schemas, name)["properties"][prop]))


def event_type(schema: dict[str, Any]) -> str | None:
    prop = schema["properties"].get("type", {})
    if "const" in prop:
        return str(prop["const"])
    values = prop.get("enum", [])
    return str(values[0]) if len(values) == 1 else None


def test_each_run_event_has_the_fields_of_its_variant(schemas: dict[str, Any]) -> None:
    schema = component(schemas, "RunEvent")
    ours = {get_args(get_type_hints(td)["type"])[0]: td for td in get_args(types.RunEvent)}
    variants = schema.get("oneOf") or schema.get("anyOf")
    if variants is None:
        # One flat schema for every event: it names each field some event has.
        every = set().union(*(set(td.__required_keys__) | set(td.__optional_keys__) for td in ours.values()))
        assert every == set(schema["properties"])
        return
    theirs = {event_type(v): {**v, "properties": {**schema["properties"], **v["properties"]}} for v in variants}
    assert set(theirs) == set(ours)
    for name, typed_dict in ours.items():
        assert_same_fields(typed_dict, {**theirs[name], "required": theirs[name]["required"] + schema["required"]})
