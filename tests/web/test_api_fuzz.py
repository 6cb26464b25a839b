"""A property-based fuzz of the JSON API from its OpenAPI description (Hypothesis; Schemathesis
is not in the lock): every operation of ``/api/v1/openapi.json`` gets random query values and,
for writes, random JSON bodies (objects with the schema's fields, wrong types, or any JSON).
The API never fails with a server error, always answers JSON, and a refusal carries an error
message."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from backwards import people
from backwards.features import open_workspace
from backwards.web import WebSettings, create_app
from tests.web.conftest import START, Clock, sign_in

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
TEXT = st.text(max_size=30) | st.sampled_from(["ana", "bo", "cy", "2026-11-21", "1", "-1", "../x"])


def _value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "enum" in schema:
        return st.sampled_from(schema["enum"]) | JSON
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date":
        return st.dates().map(lambda d: d.isoformat()) | TEXT
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False) | JSON
    if kind == "integer":
        return st.integers() | JSON
    return TEXT | JSON


def _body(operation: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    fields = {name: _value(s) for name, s in schema.get("properties", {}).items()}
    shaped = st.fixed_dictionaries({}, optional=fields)
    return shaped | JSON


def _call(
    client: TestClient, token: str, method: str, path: str, operation: dict[str, Any], draw: Any
) -> None:
    params = {}
    url = path
    for p in operation.get("parameters", []):
        value = draw(_value(p.get("schema", {})))
        text = value if isinstance(value, str) else str(value)
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", re.sub(r"[^0-9-]", "", text) or "0")
        elif draw(st.booleans()):
            params[p["name"]] = text
    headers = {"Authorization": f"Bearer {token}"}
    if method == "post":
        body = draw(_body(operation)) if "requestBody" in operation else {}
        response = client.post(url, params=params, json=body, headers=headers)
    else:
        response = client.get(url, params=params, headers=headers)
    assert response.status_code < 500, (method, url, params, response.text)
    if url.endswith("/deck.html"):
        return
    data = response.json()  # always JSON
    if response.status_code >= 400:
        assert isinstance(data, dict) and data.get("error"), (method, url, data)


def test_the_api_never_fails_on_random_input(workspace: Path) -> None:
    clock = Clock()
    with people.open(open_workspace(workspace)) as directory:
        _, token = directory.create_token(
            "bo", label="fuzz", expires_at=START + timedelta(days=1), by="bo", at=START
        )
    app = create_app(WebSettings(workspace=workspace), clock=clock)
    with TestClient(app, follow_redirects=False) as client:
        spec = client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"})
        operations = [
            (method, path, op)
            for path, methods in spec.json()["paths"].items()
            for method, op in methods.items()
            if path != "/api/v1/openapi.json"
        ]
        assert len(operations) >= 10

        @settings(
            max_examples=60,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(st.data())
        def fuzz(data: st.DataObject) -> None:
            method, path, operation = data.draw(st.sampled_from(operations))
            _call(client, token, method, path, operation, data.draw)

        fuzz()


def test_ids_too_large_for_the_database_match_no_route(client: TestClient) -> None:
    csrf = sign_in(client)
    big = "9" * 30
    for method, path in (
        ("POST", f"/api/v1/commitments/{big}/resolve"),
        ("GET", f"/api/v1/prfaq/{big}"),
        ("GET", f"/api/v1/decks?deck={big}"),
        ("GET", f"/prfaq/docs/{big}"),
        ("GET", f"/decks/team/{big}"),
        ("POST", f"/ledger/commitments/{big}/resolve"),
    ):
        response = client.request(method, path, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 404, (method, path, response.status_code)
        if path.startswith("/api/"):
            assert response.json()["error"]
