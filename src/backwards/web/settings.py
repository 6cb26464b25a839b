"""The web app's settings: where the workspace is, how long sessions live, how logins are
throttled. Read once, from the command line (``backwards serve``) through the environment,
so every worker process of a multi-worker server reads the same values."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from backwards.errors import InputError

__all__ = ["ENV_PREFIX", "WebSettings"]

ENV_PREFIX = "BACKWARDS_WEB_"


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
        )
