"""The security core: every route needs a session or a token (the route table is walked), CSRF
on every state-changing request, sessions rotated at sign-in and ended by idle time, age and
"everywhere", login throttling, the security headers, cookie flags, escaped user text, and an
event for every write."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from backwards import ledger
from backwards.features import open_workspace
from backwards.people import open as open_people
from backwards.store import open_store
from backwards.web.guard import PUBLIC
from backwards.web.sessions import COOKIE
from tests.web.conftest import PASSWORD, Clock, login_csrf, sign_in

SAMPLE = {"week": "2026-11-21", "id": "1", "token": "not-a-share-token"}


def _routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Mount):
            assert route.path == "/static", f"a mount that is not the static files: {route.path}"
            continue
        assert isinstance(route, Route)
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE[m.group(1)], route.path)
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, path))
    return found


def _public(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in PUBLIC)


def _count(workspace_folder: object, table: str) -> int:
    store = open_store(open_workspace(workspace_folder).database_url)  # type: ignore[arg-type]
    try:
        with store.read() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        store.close()


def test_every_route_but_login_and_health_is_refused_without_a_session(
    client: TestClient,
) -> None:
    routes = _routes(client)
    assert len(routes) >= 20
    guarded = [(m, p) for m, p in routes if not _public(p)]
    public = {
        "/login",
        "/login/oidc",
        "/login/oidc/callback",
        "/health",
        "/share/not-a-share-token",
    }
    assert {p for _, p in routes} - {p for _, p in guarded} == public
    for method, path in guarded:
        for headers in ({}, {"Authorization": "Bearer bwt_000000000000_nope"}):
            client.cookies.clear()
            client.cookies.set(COOKIE, "not-a-session")
            response = client.request(method, path, headers=headers)
            assert response.status_code in (303, 401), (method, path, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"] == "/login", (method, path)
            assert "ana" not in response.text
    # a share link without a live token shows nothing of the workspace
    for method in ("GET", "POST"):
        response = client.request(method, "/share/not-a-share-token")
        assert response.status_code == 404 and "Rivertown" not in response.text


def test_every_guarded_endpoint_went_through_the_gate(client: TestClient) -> None:
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Route) and not _public(route.path):
            assert getattr(route.endpoint, "guarded", False), route.path


def test_a_form_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing(
    client: TestClient, workspace: object
) -> None:
    csrf = sign_in(client)
    form = {"statement": "Ship saved carts", "due": "2099-12-31"}
    before = _count(workspace, "ledger_commitments")
    for token in (None, "", "wrong", csrf[:-1]):
        data = form if token is None else {**form, "csrf_token": token}
        response = client.post("/ledger/commitments", data=data)
        assert response.status_code == 403
    assert _count(workspace, "ledger_commitments") == before
    for path, data in (
        ("/decks/2026-11-21/explanations", {"metric": "x", "basis": "wow", "text": "t"}),
        ("/ledger/commitments/1/resolve", {"outcome": "met"}),
        ("/ledger/commitments/1/revise", {"reason": "r"}),
        ("/prfaq/review", {"text": "# PR"}),
        ("/logout", {}),
        ("/logout/everywhere", {}),
    ):
        assert client.post(path, data={**data, "csrf_token": "wrong"}).status_code == 403, path
    assert _count(workspace, "web_explanations") == 0
    assert client.get("/").status_code == 200  # still signed in: logout was refused
    response = client.post("/ledger/commitments", data={**form, "csrf_token": csrf})
    assert response.status_code == 303
    assert _count(workspace, "ledger_commitments") == before + 1


def test_api_writes_need_the_csrf_header_with_a_session_but_not_with_a_token(
    client: TestClient, workspace: object, clock: Clock
) -> None:
    csrf = sign_in(client)
    body = {"statement": "Ship it", "due": "2099-12-31"}
    assert client.post("/api/v1/commitments", json=body).status_code == 403
    made = client.post("/api/v1/commitments", json=body, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201 and made.json()["owner"] == "ana"
    with open_people(open_workspace(workspace)) as directory:  # type: ignore[arg-type]
        _, token = directory.create_token("bo", by="root", at=clock())
    client.cookies.clear()
    auth = {"Authorization": f"Bearer {token}"}
    made = client.post("/api/v1/commitments", json=body, headers=auth)
    assert made.status_code == 201 and made.json()["owner"] == "bo"
    assert client.get("/api/v1/me", headers=auth).json()["name"] == "bo"


def test_login_rotates_the_session_no_fixation(client: TestClient) -> None:
    client.cookies.set(COOKIE, "chosen-by-an-attacker", domain="testserver.local")
    sign_in(client, "bo")
    planted = client.cookies.get(COOKIE)
    assert planted and planted != "chosen-by-an-attacker"
    # an attacker plants their own live session in the victim's browser; the victim signs in
    response = client.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": login_csrf(client)},
    )
    assert response.status_code == 303
    fresh = client.cookies.get(COOKIE)
    assert fresh and fresh != planted
    client.cookies.clear()
    client.cookies.set(COOKIE, planted, domain="testserver.local")
    assert client.get("/").status_code == 303  # the planted session is gone
    client.cookies.clear()
    client.cookies.set(COOKIE, fresh, domain="testserver.local")
    assert "ana (leader" in client.get("/").text


def test_sessions_end_when_idle_at_their_age_and_everywhere(
    client: TestClient, workspace: object, clock: Clock
) -> None:
    sign_in(client)
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    assert client.get("/").status_code == 303  # idle for more than 30 minutes
    sign_in(client)
    for _ in range(12 * 3):  # busy all day: a request every 20 minutes
        clock.advance(minutes=20)
        if client.get("/").status_code != 200:
            break
    assert client.get("/").status_code == 303  # 12 hours after signing in
    sign_in(client)
    second = TestClient(client.app, follow_redirects=False)
    csrf_second = sign_in(second)
    assert second.post("/logout/everywhere", data={"csrf_token": csrf_second}).status_code == 303
    assert client.get("/").status_code == 303 and second.get("/").status_code == 303
    assert _count(workspace, "web_sessions") == 0


def test_logout_ends_this_session_and_clears_the_cookie(client: TestClient) -> None:
    csrf = sign_in(client)
    token = client.cookies.get(COOKIE)
    response = client.post("/logout", data={"csrf_token": csrf})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    client.cookies.clear()
    client.cookies.set(COOKIE, token or "")
    assert client.get("/").status_code == 303


def test_login_is_throttled_after_five_failures_for_a_name(
    client: TestClient, clock: Clock
) -> None:
    for _ in range(5):
        response = client.post(
            "/login",
            data={"username": "ana", "password": "wrong", "csrf_token": login_csrf(client)},
        )
        assert response.status_code == 401 and "Wrong name or password" in response.text
    response = client.post(
        "/login", data={"username": "ana", "password": PASSWORD, "csrf_token": login_csrf(client)}
    )
    assert response.status_code == 429 and "Too many failed sign-ins" in response.text
    assert client.cookies.get(COOKIE) is None
    sign_in(client, "bo")  # another name is not blocked
    clock.advance(minutes=16)
    sign_in(client, "ana")


def test_the_login_form_has_its_own_csrf_check(client: TestClient) -> None:
    response = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert response.status_code == 403 and client.cookies.get(COOKIE) is None
    client.get("/login")
    response = client.post(
        "/login", data={"username": "ana", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/login", "/health", "/static/htmx.min.js", "/nowhere", "/"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_cookie_flags_and_secure_behind_https(workspace: object, clock: Clock) -> None:
    from backwards.web import WebSettings, create_app

    app = create_app(WebSettings(workspace=workspace), clock=clock)  # type: ignore[arg-type]
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(app, base_url=base, follow_redirects=False) as c:
            response = c.post(
                "/login",
                data={"username": "ana", "password": PASSWORD, "csrf_token": login_csrf(c)},
            )
            cookie = response.headers["set-cookie"]
            assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
            assert ("Secure" in cookie) is secure


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_is_escaped_in_every_page(client: TestClient, payload: str) -> None:
    csrf = sign_in(client)
    client.post(
        "/ledger/commitments",
        data={"statement": payload, "due": "2099-12-31", "csrf_token": csrf},
    )
    page = client.get("/ledger").text
    if "<" in payload or '"' in payload:
        assert payload not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    if payload.startswith("{{"):
        assert payload in page  # shown as written, never evaluated as a template
    fragment = client.post("/prfaq/review", data={"text": f"# {payload}\n", "csrf_token": csrf})
    assert "<script>alert" not in fragment.text and "<img src=x" not in fragment.text
    # the PR/FAQ title, text and a line comment
    saved = client.post(
        "/prfaq/docs", data={"title": payload, "text": f"# {payload}\n", "csrf_token": csrf}
    )
    doc = saved.headers["location"]
    client.post(
        doc + "/comments",
        data={"version": "1", "line": "1", "text": payload, "csrf_token": csrf},
    )
    for path in (doc, "/prfaq/docs"):
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path
    # a mistake (title, whys, root cause, an action)
    client.post(
        "/ledger/mistakes",
        data={
            "title": payload,
            "why1": payload,
            "root_cause": payload,
            "action1_owner": "ana",
            "action1_due": "2099-01-01",
            "action1_text": payload,
            "csrf_token": csrf,
        },
    )
    text = client.get("/ledger/mistakes").text
    assert "<script>alert" not in text and "<img src=x" not in text
    # a variance explanation
    page = client.get("/decks").text
    metric = re.search(r'name="metric" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    basis = re.search(r'name="basis" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post(
        "/decks/2026-11-21/explanations",
        data={"metric": html.unescape(metric), "basis": basis, "text": payload, "csrf_token": csrf},
    )
    text = client.get("/decks").text
    assert "<script>alert" not in text and "<img src=x" not in text


def test_every_write_is_an_event_with_who_and_when(
    client: TestClient, workspace: object, clock: Clock
) -> None:
    csrf = sign_in(client)
    client.post(
        "/ledger/commitments", data={"statement": "Ship", "due": "2099-12-31", "csrf_token": csrf}
    )
    clock.advance(minutes=5)
    client.post("/ledger/commitments/1/resolve", data={"outcome": "met", "csrf_token": csrf})
    ws = open_workspace(workspace)  # type: ignore[arg-type]
    with ledger.open(ws) as book:
        history = book.history(1)
        assert book.record(1).resolution is not None
    assert [e.who for e in history] == ["ana", "ana"]  # made, then resolved
    assert all(e.at is not None for e in history)
    store = open_store(ws.database_url)
    with store.read() as conn:
        rows = conn.execute(sa.text("SELECT who, action FROM web_events ORDER BY id")).all()
    store.close()
    assert [tuple(r) for r in rows] == [("ana", "login")]


def test_a_request_body_over_the_limit_is_refused(client: TestClient, workspace: object) -> None:
    csrf = sign_in(client)
    huge = {"statement": "x" * 1_100_000, "due": "2099-12-31", "csrf_token": csrf}
    response = client.post("/ledger/commitments", data=huge)
    assert response.status_code == 413
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert _count(workspace, "ledger_commitments") == 0
