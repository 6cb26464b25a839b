"""Text a person types into the web app, checked one way everywhere: stripped, refused when
it is longer than its field's limit or (when the field is required) empty, each message naming
the field and saying what to write."""

from __future__ import annotations

from backwards.errors import InputError

__all__ = ["MAX_COMMENT", "MAX_EXPLANATION", "MAX_TITLE", "checked_text"]

#: The longest texts kept, in characters (their columns in ``tables.py`` hold them).
MAX_TITLE = 200
MAX_COMMENT = 4000
MAX_EXPLANATION = 4000


def checked_text(text: str, field: str, *, limit: int, required: str = "") -> str:
    """``text`` stripped; InputError ``"<field>: at most <limit> characters"`` when longer,
    or ``"<field>: <required>"`` when empty and ``required`` says what to write."""
    value = text.strip()
    if len(value) > limit:
        raise InputError(f"{field}: at most {limit} characters")
    if required and not value:
        raise InputError(f"{field}: {required}")
    return value
