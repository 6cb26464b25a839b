"""Whole pages a feature renders (a deck, a trust report), sent with the policy written in
their own ``<meta>``. A page served many times (a cached deck) is made ready once
(``ReadyPage``): its bytes, the same gzipped, and its headers, so each request only sends."""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.responses import Response

from backwards.page import content_security_policy

__all__ = ["ReadyPage", "accepts_gzip", "feature_headers"]

_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def feature_headers(text: str) -> dict[str, str]:
    """The headers of a feature's whole page: the policy of its own <meta> (framable by the
    web app's pages only)."""
    found = _META_POLICY.search(text)
    policy = html.unescape(found.group(1)) if found else content_security_policy(bundle=False)
    return {
        "Content-Security-Policy": policy + "; frame-ancestors 'self'",
        "X-Frame-Options": "SAMEORIGIN",
    }


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header takes gzip (``gzip;q=0`` refuses it)."""
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        if name.strip() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=").strip()
            return not quality or quality.strip("0.") != ""
    return False


@dataclass(frozen=True, slots=True)
class ReadyPage:
    """A feature's page ready to send many times: its UTF-8 bytes, the same gzipped (once:
    a deck goes in about a third of its size), and its headers."""

    body: bytes
    gzipped: bytes
    headers: Mapping[str, str]

    @classmethod
    def of(cls, text: str) -> ReadyPage:
        body = text.encode("utf-8")
        return cls(body, gzip.compress(body, compresslevel=6, mtime=0), feature_headers(text))

    def response(self, accept_encoding: str) -> Response:
        """The page, gzipped when the client takes it (``Vary: Accept-Encoding`` either way).
        The deck holds no secret and nothing a request sends, so compression reveals nothing
        (BREACH needs both)."""
        headers = {**self.headers, "Vary": "Accept-Encoding"}
        if accepts_gzip(accept_encoding):
            headers["Content-Encoding"] = "gzip"
            return Response(self.gzipped, media_type="text/html", headers=headers)
        return Response(self.body, media_type="text/html", headers=headers)
