"""Sign-in with OpenID Connect (the optional plug point beside the password form).

The authorization code flow with PKCE (S256), a ``state`` and a ``nonce``; the client
authenticates at the token endpoint with HTTP Basic (``client_secret_basic``). The provider is
found by discovery (``<issuer>/.well-known/openid-configuration``, whose ``issuer`` must be
the configured one), the ID token's signature is checked with the provider's JWKS (joserfc) and
its claims (``iss``, ``aud``, ``azp``, ``exp``, ``iat``, ``nonce``, ``at_hash``) with Authlib's
``CodeIDToken``. The person is the directory's person named by one claim of the ID token
(``preferred_username`` by default): nobody is created, a disabled person is refused, and
the session is opened as after a password sign-in (a new one, the old one deleted).

``state``, ``nonce`` and the PKCE verifier wait for the callback in one HttpOnly cookie scoped
to ``/login/oidc`` (ten minutes; ``login.py`` sets it). The client secret is sent only to the
token endpoint: it is in no page, message, log line or ``repr``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from backwards.web.settings import OidcSettings, is_allowed_url

__all__ = ["OidcClient", "OidcError", "SignIn", "check_url"]

TIMEOUT_SECONDS = 10.0
MAX_ANSWER_BYTES = 1_000_000


class OidcError(Exception):
    """A sign-in that cannot go on; the message is safe to show (no secret, no token)."""


def check_url(url: str, what: str) -> None:
    """``url`` is https, or http to this machine (a provider under test); else OidcError."""
    if not is_allowed_url(url):
        raise OidcError(f"{what} must be an https:// URL (http:// only for localhost): {url!r}")


@dataclass(frozen=True, slots=True)
class SignIn:
    """A sign-in begun: where to send the browser, and the cookie that waits for its return."""

    location: str
    cookie: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class OidcClient:
    """One per process: the provider's metadata is read on the first sign-in and kept."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._metadata: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def _get_json(self, target: str | urllib.request.Request, what: str) -> Any:
        try:
            # every URL is checked first: https, or http to this machine
            with urllib.request.urlopen(target, timeout=TIMEOUT_SECONDS) as answer:
                body = answer.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            detail = _provider_error(exc)
            raise OidcError(f"the provider's {what} answered {exc.code}{detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise OidcError(f"the provider's {what} could not be reached ({reason})") from None
        if len(body) > MAX_ANSWER_BYTES:
            raise OidcError(f"the provider's {what} sent more than {MAX_ANSWER_BYTES} bytes")
        try:
            found = json.loads(body)
        except ValueError:
            raise OidcError(f"the provider's {what} did not answer JSON") from None
        if not isinstance(found, dict):
            raise OidcError(f"the provider's {what} did not answer a JSON object")
        return found

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                issuer = self.settings.issuer.rstrip("/")
                found = self._get_json(issuer + "/.well-known/openid-configuration", "discovery")
                if str(found.get("issuer", "")).rstrip("/") != issuer:
                    raise OidcError(
                        f"the provider's discovery names issuer {found.get('issuer')!r}, "
                        f"not {self.settings.issuer!r}"
                    )
                for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    check_url(str(found.get(key, "")), f"the provider's {key}")
                self._metadata = found
            return self._metadata

    def begin(self, redirect_uri: str) -> SignIn:
        """Where to send the browser for the provider's sign-in page."""
        state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
        challenge = _b64(hashlib.sha256(verifier.encode("ascii")).digest())
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.settings.client_id,
                "redirect_uri": redirect_uri,
                "scope": "openid profile email",
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        endpoint = str(self.metadata()["authorization_endpoint"])
        glue = "&" if "?" in endpoint else "?"
        return SignIn(endpoint + glue + query, f"{state}.{nonce}.{verifier}")

    def finish(self, *, cookie: str, state: str, code: str, redirect_uri: str) -> str:
        """The name the provider vouches for, once the code is exchanged and the ID token
        checked; OidcError otherwise."""
        parts = cookie.split(".")
        if len(parts) != 3 or not state or not secrets.compare_digest(parts[0], state):
            raise OidcError("the sign-in expired or was not started here: try again")
        _, nonce, verifier = parts
        if not code:
            raise OidcError("the provider sent no authorization code")
        tokens = self._exchange(code, verifier, redirect_uri)
        claims = self._checked_claims(tokens, nonce)
        name = claims.get(self.settings.name_claim)
        if not isinstance(name, str) or not name.strip():
            raise OidcError(f"the ID token has no {self.settings.name_claim!r} claim")
        return name.strip()

    def _exchange(self, code: str, verifier: str, redirect_uri: str) -> dict[str, Any]:
        s = self.settings
        basic = ":".join(urllib.parse.quote(v, safe="") for v in (s.client_id, s.client_secret))
        body = urllib.parse.urlencode(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            }
        ).encode("ascii")
        request = urllib.request.Request(
            str(self.metadata()["token_endpoint"]),
            data=body,
            method="POST",
            headers={
                "Authorization": "Basic " + base64.b64encode(basic.encode()).decode("ascii"),
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        tokens: dict[str, Any] = self._get_json(request, "token endpoint")
        if not isinstance(tokens.get("id_token"), str):
            raise OidcError("the provider's token endpoint sent no ID token")
        return tokens

    def _checked_claims(self, tokens: dict[str, Any], nonce: str) -> dict[str, Any]:
        # Authlib and joserfc (with cryptography) load at the first sign-in, not at start-up
        from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        metadata = self.metadata()
        algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in algorithms if a != "none"]
        keys = KeySet.import_key_set(self._get_json(str(metadata["jwks_uri"]), "JWKS"))
        try:
            token = jwt.decode(tokens["id_token"], keys, algorithms=algorithms)
            claims = CodeIDToken(
                token.claims,
                token.header,
                {
                    "iss": {"essential": True, "value": str(metadata["issuer"])},
                    "aud": {"essential": True, "value": self.settings.client_id},
                },
                {
                    "nonce": nonce,
                    "client_id": self.settings.client_id,
                    "access_token": tokens.get("access_token"),
                },
            )
            claims.validate(leeway=60)
        except (JoseError, ValueError) as exc:
            what = getattr(exc, "error", type(exc).__name__)
            detail = getattr(exc, "description", "") or ""
            reason = f"{what}: {detail}" if detail else str(what)
            raise OidcError(f"the ID token is not valid ({reason})") from None
        return dict(claims)


def _provider_error(exc: urllib.error.HTTPError) -> str:
    """The OAuth ``error`` code of a refusal (a short word, never the whole answer)."""
    try:
        found = json.loads(exc.read(4096))
    except (ValueError, OSError):
        return ""
    code = found.get("error") if isinstance(found, dict) else None
    if isinstance(code, str) and code.replace("_", "").isalnum() and len(code) <= 40:
        return f" ({code})"
    return ""
