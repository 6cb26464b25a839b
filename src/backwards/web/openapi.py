"""The OpenAPI 3.1 description of ``/api/v1/`` (served at ``/api/v1/openapi.json``). Written
as data beside the routes; a test checks that it names exactly the API routes of the app."""

from __future__ import annotations

from typing import Any

from backwards.version import __version__

__all__ = ["OPERATIONS", "document"]


def _query(name: str, description: str, **schema: str) -> dict[str, Any]:
    """An optional query parameter (a string, of ``format`` when given)."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "string", **schema},
        "description": description,
    }


_OWNER = _query("owner", "A person of your team (default: you; an admin: anyone).")
_WEEK = _query("week", "The week ending date (default: the config's week).", format="date")
_DECK = _query("deck", "A team deck's id (default: the workspace's own deck).")
_PAGE = _query("page", "The page, from 1 (default 1; past the end: the last).", pattern="^[0-9]+$")
_PER_PAGE = _query("per_page", "Items a page, 1 to 500 (default 50).", pattern="^[0-9]+$")
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _json_body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


#: (method, path) -> the operation.
OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("get", "/api/v1/openapi.json"): {"summary": "This description."},
    ("get", "/api/v1/me"): {"summary": "The signed-in person: name, role, team."},
    ("get", "/api/v1/people"): {
        "summary": "People you may see: an admin everyone, a leader their team, a member "
        "themselves."
    },
    ("get", "/api/v1/commitments"): {
        "summary": "The commitments of an owner, with status and due date in force today, by "
        "id, a page at a time: X-Total-Count gives how many in all, Link the previous and next "
        "pages.",
        "parameters": [_OWNER, _PAGE, _PER_PAGE],
    },
    ("post", "/api/v1/commitments"): {
        "summary": "Make a commitment (you are its owner).",
        "requestBody": _json_body(
            {
                "statement": {"type": "string"},
                "due": {"type": "string", "format": "date"},
                "probability": {"type": "number", "minimum": 0, "maximum": 1},
            },
            ["statement", "due"],
        ),
    },
    ("post", "/api/v1/commitments/{id}/resolve"): {
        "summary": "Resolve your commitment.",
        "parameters": [_ID],
        "requestBody": _json_body(
            {"outcome": {"enum": ["met", "partially_met", "missed", "withdrawn"]}}, ["outcome"]
        ),
    },
    ("get", "/api/v1/trust"): {
        "summary": "The trust report of an owner (docs/ledger.md).",
        "parameters": [_OWNER],
    },
    ("get", "/api/v1/mistakes"): {
        "summary": "The mistakes (correction of errors) of an owner of your team.",
        "parameters": [_OWNER],
    },
    ("get", "/api/v1/decks"): {
        "summary": "A WBR deck (docs/wbr-json.md) with its variance explanations.",
        "parameters": [_WEEK, _DECK],
    },
    ("get", "/api/v1/prfaq"): {
        "summary": "The PR/FAQs you may see (your team's), each with its latest verdict.",
    },
    ("get", "/api/v1/prfaq/{id}"): {
        "summary": "A PR/FAQ: every version (text, verdict, who, when) and every line comment.",
        "parameters": [_ID],
    },
    ("get", "/api/v1/decks/catalog"): {
        "summary": "The decks you may see: the workspace's and your team's team decks.",
    },
}


def document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for (method, path), operation in OPERATIONS.items():
        responses = {
            "200": {"description": "OK", "content": {"application/json": {}}},
            "401": {"description": "No session or API token."},
            "403": {"description": "Not yours to see, or a missing CSRF token (sessions)."},
        }
        if method == "post":
            responses["400"] = {"description": "Bad input: error and hint."}
        paths.setdefault(path, {})[method] = {**operation, "responses": responses}
    return {
        "openapi": "3.1.0",
        "info": {"title": "backwards", "version": __version__},
        "components": {
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "backwards_session"},
            }
        },
        "security": [{"token": []}, {"session": []}],
        "paths": paths,
    }
