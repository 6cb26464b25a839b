"""Reading a command's ``--format json`` output: the envelope ``{"version", "kind", "data"}``."""

from __future__ import annotations

import json
from typing import Any


def unwrap(text: str | bytes, kind: str | None = None) -> Any:
    """The ``data`` of a command's JSON envelope, after checking the envelope's shape (and its
    ``kind`` when given)."""
    doc = json.loads(text)
    assert isinstance(doc, dict) and set(doc) == {"version", "kind", "data"}, doc
    assert doc["version"] == 1
    if kind is not None:
        assert doc["kind"] == kind, doc["kind"]
    return doc["data"]
