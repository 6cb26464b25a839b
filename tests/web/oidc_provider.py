"""A small OpenID Connect provider for the tests, served for real on 127.0.0.1 (uvicorn in a
thread): discovery, an authorization endpoint with its own sign-in form (a name, no password),
a token endpoint (client_secret_basic, the authorization code once, its redirect URI, PKCE S256)
and a JWKS; ID tokens signed RS256 with a key made per provider.

``mischief`` makes it misbehave in one named way, so a test can see the app refuse it:
``nonce``, ``aud``, ``iss``, ``expired``, ``other-key``, ``alg-none``, ``at_hash``."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "backwards-web"
CLIENT_SECRET = "s3cret-" + secrets.token_hex(16)  # a test greps every output for it


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str
    name: str


@dataclass
class Provider:
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    grants: dict[str, Grant] = field(default_factory=dict)
    redirect_uris: set[str] = field(default_factory=set)
    mischief: str = ""
    token_requests: int = 0

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize_form, methods=["GET"]),
                Route("/authorize", self.authorize, methods=["POST"]),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": self.issuer + "/authorize",
                "token_endpoint": self.issuer + "/token",
                "jwks_uri": self.issuer + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    def _checked(self, params: Any) -> str | None:
        if params.get("client_id") != CLIENT_ID or params.get("response_type") != "code":
            return "unknown client or response type"
        if params.get("redirect_uri") not in self.redirect_uris:
            return "redirect_uri not registered"
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return "PKCE S256 required"
        if "openid" not in str(params.get("scope", "")).split():
            return "scope openid required"
        return None

    async def authorize_form(self, request: Request) -> Response:
        problem = self._checked(request.query_params)
        if problem:
            return HTMLResponse(problem, status_code=400)
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{v}">' for k, v in request.query_params.items()
        )
        return HTMLResponse(
            '<!doctype html><title>Test provider</title><form method="post" action="/authorize">'
            f'{hidden}<label>Name <input name="name"></label>'
            '<button type="submit">Continue</button></form>'
        )

    async def authorize(self, request: Request) -> Response:
        form = await request.form()
        problem = self._checked(form)
        if problem:
            return HTMLResponse(problem, status_code=400)
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            client_id=str(form["client_id"]),
            redirect_uri=str(form["redirect_uri"]),
            challenge=str(form["code_challenge"]),
            nonce=str(form.get("nonce", "")),
            name=str(form.get("name", "")),
        )
        query = urllib.parse.urlencode({"code": code, "state": str(form.get("state", ""))})
        return RedirectResponse(f"{form['redirect_uri']}?{query}", status_code=303)

    async def token(self, request: Request) -> Response:
        self.token_requests += 1
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        form = await request.form()
        grant = self.grants.pop(str(form.get("code", "")), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if form.get("redirect_uri") != grant.redirect_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = str(form.get("code_verifier", ""))
        if _b64(hashlib.sha256(verifier.encode()).digest()) != grant.challenge:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access = secrets.token_urlsafe(24)
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self._id_token(grant, access),
            }
        )

    def _id_token(self, grant: Grant, access: str) -> str:
        now = int(time.time())
        half = hashlib.sha256(access.encode()).digest()[:16]
        claims = {
            "iss": self.issuer,
            "sub": "sub-" + grant.name,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            "preferred_username": grant.name,
            "at_hash": _b64(half),
        }
        key = self.key
        if self.mischief == "nonce":
            claims["nonce"] = "not-the-one-sent"
        elif self.mischief == "aud":
            claims["aud"] = "someone-else"
        elif self.mischief == "iss":
            claims["iss"] = "https://evil.example"
        elif self.mischief == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 600
        elif self.mischief == "at_hash":
            claims["at_hash"] = _b64(b"\0" * 16)
        elif self.mischief == "other-key":
            key = RSAKey.generate_key(2048, {"kid": "k1"})
        elif self.mischief == "alg-none":  # unsigned: a forger's token
            body = _b64(json.dumps(claims).encode())
            return _b64(b'{"alg":"none","kid":"k1"}') + "." + body + "."
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(provider: Provider) -> Iterator[Provider]:
    """``provider`` served on a free port of 127.0.0.1 until the block ends."""
    port = free_port()
    provider.issuer = f"http://127.0.0.1:{port}"
    config = uvicorn.Config(provider.app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test OIDC provider did not start")
        time.sleep(0.02)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
