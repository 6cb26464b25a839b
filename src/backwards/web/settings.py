"""The web app's settings: where the workspace is, how long sessions live, how logins are
throttled. Read once, from the command line (``backwards serve``) through the environment,
so every worker process of a multi-worker server reads the same values."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from backwards.errors import InputError

__all__ = ["ENV_NAMES", "ENV_PREFIX", "OidcSettings", "WebSettings", "is_allowed_url"]

ENV_PREFIX = "BACKWARDS_WEB_"
#: Every variable ``WebSettings.from_env`` reads (docs/web.md names each; a test checks).
ENV_NAMES = (
    "BACKWARDS_WORKSPACE",
    *(
        ENV_PREFIX + name
        for name in (
            "SESSION_IDLE_MINUTES",
            "SESSION_HOURS",
            "SECURE_COOKIES",
            "MAX_UPLOAD_MB",
            "OIDC_ISSUER",
            "OIDC_CLIENT_ID",
            "OIDC_CLIENT_SECRET",
            "OIDC_NAME_CLAIM",
            "OIDC_LABEL",
        )
    ),
)
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def is_allowed_url(url: str) -> bool:
    """An https URL, or an http one to this machine (a provider under test)."""
    parts = urllib.parse.urlsplit(url)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)


@dataclass(frozen=True, slots=True)
class OidcSettings:
    """Sign-in with OpenID Connect: ``issuer`` (the provider's issuer URL), ``client_id`` and
    ``client_secret`` (this app's registration there; the secret is never shown, not even in
    ``repr``), ``name_claim`` (the ID token claim holding the person's ``backwards user``
    name), ``label`` (the sign-in button's words)."""

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    name_claim: str = "preferred_username"
    label: str = "single sign-on"

    @classmethod
    def from_env(cls, source: Mapping[str, str]) -> OidcSettings | None:
        """None when no OIDC variable is set; InputError when some but not all are, or the
        issuer is not https (the message names variables, never the secret's value)."""

        def get(name: str) -> str:
            return source.get(ENV_PREFIX + "OIDC_" + name, "").strip()

        needed = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")
        given = {name: get(name) for name in needed}
        if not any(given.values()):
            return None
        missing = [ENV_PREFIX + "OIDC_" + n for n, v in given.items() if not v]
        if missing:
            raise InputError(
                f"OIDC sign-in is half configured: {', '.join(missing)} not set",
                hint="Set all three of BACKWARDS_WEB_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET "
                "(docs/web.md, Sign-in with OpenID Connect), or none.",
            )
        if not is_allowed_url(given["ISSUER"]):
            raise InputError(
                f"{ENV_PREFIX}OIDC_ISSUER={given['ISSUER']!r} is not an https:// URL",
                hint="http:// is accepted only for a provider on this machine (localhost).",
            )
        return cls(
            issuer=given["ISSUER"],
            client_id=given["CLIENT_ID"],
            client_secret=given["CLIENT_SECRET"],
            name_claim=get("NAME_CLAIM") or "preferred_username",
            label=get("LABEL") or "single sign-on",
        )


@dataclass(frozen=True, slots=True)
class WebSettings:
    """``workspace``: the folder holding ``backwards.yaml`` (its database holds the people,
    sessions and ledger). ``secure_cookies``: always mark cookies ``Secure`` (default: only when
    the request came over HTTPS, as a reverse proxy reports with ``X-Forwarded-Proto``)."""

    workspace: Path
    session_idle: timedelta = timedelta(minutes=30)
    session_absolute: timedelta = timedelta(hours=12)
    login_window: timedelta = timedelta(minutes=15)
    login_failures_per_name: int = 5
    login_failures_per_address: int = 50
    secure_cookies: bool = False
    deck_cache_size: int = 16
    max_form_bytes: int = 1_000_000
    max_upload_bytes: int = 20_000_000  # a team deck's data file
    oidc: OidcSettings | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        source = os.environ if env is None else env
        folder = source.get("BACKWARDS_WORKSPACE", "").strip()
        if not folder:
            raise InputError(
                "the web app needs a workspace",
                hint="Run `backwards serve --workspace DIR` (or set BACKWARDS_WORKSPACE).",
            )

        def number(name: str, default: int) -> int:
            text = source.get(ENV_PREFIX + name, "").strip()
            if not text:
                return default
            if not text.isdigit() or int(text) < 1:
                raise InputError(f"{ENV_PREFIX}{name}={text!r} is not a positive whole number")
            return int(text)

        return cls(
            workspace=Path(folder),
            session_idle=timedelta(minutes=number("SESSION_IDLE_MINUTES", 30)),
            session_absolute=timedelta(hours=number("SESSION_HOURS", 12)),
            secure_cookies=source.get(ENV_PREFIX + "SECURE_COOKIES", "0").strip() == "1",
            max_upload_bytes=number("MAX_UPLOAD_MB", 20) * 1_000_000,
            oidc=OidcSettings.from_env(source),
        )
