"""Sign-in with OpenID Connect against a real provider served on 127.0.0.1 (tests/web/
oidc_provider.py): the whole code flow over HTTP, each forgery or mix-up refused, nobody
signed in who is not in the directory, and the client secret in no answer, page or log."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from backwards import people
from backwards.errors import InputError
from backwards.features import open_workspace
from backwards.web import WebSettings, create_app
from backwards.web.settings import OidcSettings
from tests.web.conftest import START, Clock
from tests.web.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, serving

CALLBACK = "http://testserver/login/oidc/callback"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with serving(Provider(redirect_uris={CALLBACK})) as served:
        yield served


def _settings(workspace: Path, provider: Provider) -> WebSettings:
    oidc = OidcSettings(issuer=provider.issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    return WebSettings(workspace=workspace, oidc=oidc)


@pytest.fixture
def sso(workspace: Path, clock: Clock, provider: Provider) -> Iterator[TestClient]:
    app = create_app(_settings(workspace, provider), clock=clock)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _through_provider(client: TestClient, name: str) -> httpx.Response:
    """Start the sign-in, sign in at the provider as ``name``, come back: the app's answer."""
    begun = client.get("/login/oidc")
    assert begun.status_code == 303, begun.text
    at_provider = httpx.get(begun.headers["location"])
    assert at_provider.status_code == 200, at_provider.text
    form = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', at_provider.text))
    form["name"] = name
    back = httpx.post(begun.headers["location"].split("?")[0], data=form)
    assert back.status_code == 303, back.text
    location = back.headers["location"]
    assert location.startswith(CALLBACK + "?")
    return client.get(location.removeprefix("http://testserver"))


def test_the_login_page_offers_single_sign_on_only_when_configured(
    sso: TestClient, client: TestClient
) -> None:
    assert 'href="/login/oidc"' in sso.get("/login").text
    assert 'href="/login/oidc"' not in client.get("/login").text
    assert client.get("/login/oidc").status_code == 404


def test_a_person_of_the_directory_signs_in_through_the_provider(
    sso: TestClient, provider: Provider
) -> None:
    begun = sso.get("/login/oidc")
    cookie = begun.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "path=/login/oidc" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    query = dict(re.findall(r"[?&]([^=]+)=([^&]*)", begun.headers["location"]))
    assert query["code_challenge_method"] == "S256" and query["client_id"] == CLIENT_ID
    sso.cookies.clear()
    answer = _through_provider(sso, "bo")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    home = sso.get("/")
    assert home.status_code == 200 and "bo (member, Growth)" in home.text
    assert provider.token_requests == 1  # one code exchanged (the first flow was never finished)


def test_forged_or_mixed_up_id_tokens_are_refused(sso: TestClient, provider: Provider) -> None:
    why = {
        "nonce": "&#39;nonce&#39;",
        "aud": "&#39;aud&#39;",
        "iss": "&#39;iss&#39;",
        "expired": "expired",
        "other-key": "bad_signature",
        "alg-none": "&#39;none&#39; is not allowed",
        "at_hash": "&#39;at_hash&#39;",
    }
    for mischief, reason in why.items():
        provider.mischief = mischief
        sso.cookies.clear()
        answer = _through_provider(sso, "bo")
        assert answer.status_code == 401, (mischief, answer.text)
        assert "Single sign-on failed: the ID token is not valid" in answer.text, mischief
        assert reason in answer.text, (mischief, answer.text)
        assert sso.get("/").status_code == 303, mischief  # still signed out


def test_a_callback_without_its_own_start_is_refused(sso: TestClient, provider: Provider) -> None:
    begun = sso.get("/login/oidc")
    sso.cookies.clear()  # another browser's state: login CSRF
    at_provider = httpx.get(begun.headers["location"])
    form = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', at_provider.text))
    back = httpx.post(provider.issuer + "/authorize", data={**form, "name": "bo"})
    answer = sso.get(back.headers["location"].removeprefix("http://testserver"))
    assert answer.status_code == 401 and "not started here" in answer.text
    assert provider.token_requests == 0  # the code was never even exchanged
    assert sso.get("/login/oidc/callback?error=access_denied").status_code == 401


def test_only_active_people_of_the_directory_get_in(
    sso: TestClient, workspace: Path, provider: Provider
) -> None:
    answer = _through_provider(sso, "mallory")
    assert answer.status_code == 403 and "no active account" in answer.text
    with people.open(open_workspace(workspace)) as directory:
        directory.disable("cy", by="root", at=START)
    sso.cookies.clear()
    assert _through_provider(sso, "cy").status_code == 403
    assert sso.get("/").status_code == 303


def test_a_wrong_secret_fails_without_showing_it(
    workspace: Path, clock: Clock, provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    oidc = OidcSettings(provider.issuer, CLIENT_ID, "wrong-" + CLIENT_SECRET)
    assert CLIENT_SECRET not in repr(oidc) and CLIENT_SECRET not in repr(
        WebSettings(workspace=workspace, oidc=oidc)
    )
    app = create_app(WebSettings(workspace=workspace, oidc=oidc), clock=clock)
    with TestClient(app, follow_redirects=False) as client:
        answer = _through_provider(client, "bo")
    assert answer.status_code == 401 and "invalid_client" in answer.text
    assert CLIENT_SECRET not in answer.text and CLIENT_SECRET not in caplog.text


def test_settings_come_from_the_environment_all_or_nothing(tmp_path: Path) -> None:
    base = {"BACKWARDS_WORKSPACE": str(tmp_path)}
    assert WebSettings.from_env(base).oidc is None
    full = {
        **base,
        "BACKWARDS_WEB_OIDC_ISSUER": "https://id.example.org",
        "BACKWARDS_WEB_OIDC_CLIENT_ID": "pm",
        "BACKWARDS_WEB_OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }
    oidc = WebSettings.from_env(full).oidc
    assert oidc is not None and oidc.client_secret == CLIENT_SECRET
    assert oidc.name_claim == "preferred_username"
    for missing in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"):
        half = {k: v for k, v in full.items() if not k.endswith("_" + missing)}
        with pytest.raises(InputError) as caught:
            WebSettings.from_env(half)
        assert f"BACKWARDS_WEB_OIDC_{missing}" in str(caught.value)
        assert CLIENT_SECRET not in str(caught.value) + str(caught.value.hint)
    with pytest.raises(InputError, match="https"):
        WebSettings.from_env({**full, "BACKWARDS_WEB_OIDC_ISSUER": "http://id.example.org"})


def test_docs_name_every_environment_variable_of_the_web_app() -> None:
    from backwards.web.settings import ENV_NAMES

    text = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
    assert [n for n in ENV_NAMES if n not in text] == []
