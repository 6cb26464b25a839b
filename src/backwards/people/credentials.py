"""Credentials: argon2 password hashes and API token secrets.

argon2-cffi is imported on first use (``backwards --help`` stays fast). A token reads
``bwt_<id>_<secret>``: the id finds the row, the SHA-256 of the whole token is compared in
constant time; the token itself is shown once and never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets as _random
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

__all__ = [
    "TOKEN_PREFIX",
    "hash_password",
    "needs_rehash",
    "new_token",
    "same_digest",
    "split_token",
    "token_digest",
    "verify_password",
    "waste_a_verification",
]

TOKEN_PREFIX = "bwt_"


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


@cache
def _dummy_hash() -> str:
    return hash_password(_random.token_urlsafe(16))


def waste_a_verification(password: str) -> None:
    """Spend the time of one verification, so an unknown name takes as long as a wrong
    password (no user enumeration by timing)."""
    verify_password(_dummy_hash(), password)


def new_token() -> tuple[str, str]:
    """A fresh token: (id, the whole token to hand out once)."""
    token_id = _random.token_hex(6)
    return token_id, f"{TOKEN_PREFIX}{token_id}_{_random.token_urlsafe(32)}"


def split_token(token: str) -> str | None:
    """The id part of a well-formed token, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    token_id, sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if not sep or not secret or len(token_id) != 12:
        return None
    return token_id


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))
