"""End to end in a real headless Chromium (Debian's, driven by Playwright through
``executable_path``; never a browser download) against ``backwards serve`` in a subprocess:
sign in, pick a week's deck and explain a variance, watch the PR/FAQ review update as you
type, add and resolve a commitment and see the trust report change, sign out. Every request
the page makes goes to the server (none elsewhere: offline), no policy violation is logged,
and a script in user text never runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, expect, sync_playwright

from tests import chromium
from tests.web.conftest import DEMO, PASSWORD, free_port, make_workspace, served
from tests.web.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, serving
from tests.web.test_team_decks import team_config

pytestmark = [pytest.mark.browser, chromium.needs_chromium]

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    folder = make_workspace(tmp_path / "demo")
    with served(folder, tmp_path / "serve.log", free_port(), {}) as base:
        yield base


def _launch(p: Playwright, exe: str) -> Browser:
    """Debian's Chromium, headless, every host name but 127.0.0.1 unresolvable (offline)."""
    return p.chromium.launch(
        executable_path=exe,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ],
    )


def _sign_in(page: Page, server: str) -> None:
    page.goto(server + "/ledger")
    expect(page).to_have_url(server + "/login")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#me")).to_contain_text("ana (leader, Growth)")


def _explain_a_variance_of_an_earlier_week(page: Page, server: str) -> None:
    page.goto(server + "/decks")
    earlier = page.locator("#week option").nth(1).get_attribute("value")
    page.select_option("#week", earlier)
    page.click("#show-week")
    expect(page).to_have_url(f"{server}/decks?week={earlier}")
    expect(page.frame_locator("iframe.deck").locator("body")).to_contain_text("Rivertown")
    before = page.locator("#prepared-count").inner_text()
    first = page.locator(".variance").first
    first.locator("textarea").fill("Easter fell in this week last year. " + XSS)
    first.locator("button").click()
    expect(page.locator(".explanation").first).to_contain_text("Easter fell")
    expect(page.locator(".explanation").first).to_contain_text("by ana")
    done, total = (int(n) for n in before.split(" of "))
    after = page.locator("#prepared-count").inner_text()
    assert int(after.split(" of ")[0]) >= done and after.endswith(f"of {total}")


def _review_follows_the_text(page: Page, server: str) -> None:
    page.goto(server + "/prfaq")
    count = page.locator("#finding-count")
    first_count = count.inner_text()
    page.fill("#document", "Hello.\n")
    expect(count).not_to_have_text(first_count)
    # explain a finding's rule, and save the draft as a document
    first = page.locator(".findings li").first
    first.locator("summary").click()
    expect(first.locator(".explain pre")).to_contain_text("Why:")
    page.fill("#title", "Saved carts " + XSS)
    page.click("#save")
    expect(page.locator("h1")).to_contain_text("Saved carts")
    expect(page.locator(".version-verdict")).to_have_count(1)
    # a finding's line link selects that line in the document (a script from /static)
    page.fill("#document", "# Saved carts\n\nTBD\n")
    link = page.locator(".findings a.line-link").first
    expect(link).to_be_visible()
    line = int(link.get_attribute("data-line") or "0")
    link.click()
    selected = page.evaluate(
        "() => { const a = document.getElementById('document');"
        " return a.value.slice(0, a.selectionStart).split('\\n').length; }"
    )
    assert selected == line
    page.click("#save")
    expect(page.locator(".version-verdict")).to_have_count(2)
    page.fill("#comment-form input[name=line]", "3")
    page.fill("#comment-form textarea", "Say who the customer is. " + XSS)
    page.click("#comment-form button")
    expect(page.locator(".comment")).to_contain_text("line 3: Say who the customer is.")


def _upload_a_team_deck(page: Page, server: str, tmp: Path) -> None:
    page.goto(server + "/decks")
    page.click("#upload-link")
    page.fill("input[name=title]", "Growth WBR")
    bad = tmp / "growth.yaml"
    bad.write_text("setup: [\n", encoding="utf-8")
    page.set_input_files("input[name=config]", str(bad))
    page.set_input_files("input[name=data]", str(DEMO / "wbr" / "daily.csv"))
    page.click("#upload button[type=submit]")
    expect(page.locator("#upload-problems")).to_contain_text("growth.yaml line 2, column 1")
    good = tmp / "growth-team.yaml"
    good.write_text(team_config().decode("utf-8"), encoding="utf-8")
    page.set_input_files("input[name=config]", str(good))
    page.set_input_files("input[name=data]", str(DEMO / "wbr" / "daily.csv"))
    page.click("#upload button[type=submit]")
    expect(page).to_have_url(server + "/decks/team/1")
    expect(page.frame_locator("iframe.deck").locator("body")).to_contain_text("Growth team WBR")
    page.goto(server + "/decks")
    expect(page.locator("#rollup")).to_contain_text("team Growth → leader ana")


def _publish_a_week(page: Page, server: str, browser: Browser) -> None:
    page.goto(server + "/decks")
    page.click("#publish summary")
    page.fill("#publish input[name=password]", "open sesame 42")
    page.click("#make-share")
    link = page.locator("#share-link").input_value()
    assert link.startswith(server + "/share/")
    outsider = browser.new_page()  # no session: anyone holding the link
    try:
        outsider.goto(link)
        expect(outsider.locator("input[name=password]")).to_be_visible()
        outsider.fill("input[name=password]", "open sesame 42")
        outsider.click("button[type=submit]")
        expect(outsider.locator("body")).to_contain_text("Rivertown")
        outsider.goto(server + "/decks")
        expect(outsider).to_have_url(server + "/login")
    finally:
        outsider.close()


def _commit_resolve_and_trust(page: Page, server: str) -> None:
    page.goto(server + "/ledger")
    due = datetime.now(UTC).date().isoformat()  # due today: scored once resolved
    page.fill("input[name=statement]", "Ship saved carts " + XSS)
    page.fill("#add-commitment input[name=due]", due)
    page.click("#add-commitment button")
    expect(page.locator("tr", has_text="Ship saved carts")).to_contain_text("open")
    page.goto(server + "/ledger/trust")
    expect(page.locator(".say-do").first).to_have_text("0 of 0")
    page.goto(server + "/ledger")
    row = page.locator("tr", has_text="Ship saved carts")
    row.locator("select[name=outcome]").select_option("met")
    row.locator("button", has_text="Resolve").click()
    expect(page.locator("table[data-group=resolved]")).to_contain_text("Ship saved carts")
    page.goto(server + "/ledger/trust")
    expect(page.locator(".say-do").first).to_have_text("1 of 1")


def _sign_out(page: Page, server: str) -> None:
    page.click("#logout")
    expect(page).to_have_url(server + "/login")
    page.goto(server + "/ledger")
    expect(page).to_have_url(server + "/login")


def test_a_product_manager_prepares_the_review_and_keeps_a_commitment(
    server: str, tmp_path: Path
) -> None:
    exe = chromium.executable()
    assert exe is not None, "CI=true but headless Chromium is not installed"
    elsewhere: list[str] = []
    problems: list[str] = []
    dialogs: list[str] = []

    def route(r: Route) -> None:
        if r.request.url.startswith((server, "data:")):
            r.continue_()
        else:
            elsewhere.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = _launch(p, exe)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.route("**/*", route)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            _sign_in(page, server)
            _explain_a_variance_of_an_earlier_week(page, server)
            _review_follows_the_text(page, server)
            _upload_a_team_deck(page, server, tmp_path)
            _publish_a_week(page, server, browser)
            _commit_resolve_and_trust(page, server)
            _sign_out(page, server)
        finally:
            browser.close()
    assert elsewhere == [], f"requests outside the server: {elsewhere}"
    assert dialogs == [], f"a script in user text ran: {dialogs}"
    assert not [m for m in problems if "Content Security Policy" in m], problems


def test_signing_in_through_the_identity_provider(tmp_path: Path) -> None:
    """OpenID Connect end to end: the login page's button, the provider's own page (a real
    provider on 127.0.0.1), back signed in as that person; the secret never in the server's
    output."""
    exe = chromium.executable()
    assert exe is not None, "CI=true but headless Chromium is not installed"
    folder = make_workspace(tmp_path / "demo")
    port = free_port()
    app = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with serving(Provider(redirect_uris={app + "/login/oidc/callback"})) as provider:
        extra = {
            "BACKWARDS_WEB_OIDC_ISSUER": provider.issuer,
            "BACKWARDS_WEB_OIDC_CLIENT_ID": CLIENT_ID,
            "BACKWARDS_WEB_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "BACKWARDS_WEB_OIDC_LABEL": "Test ID",
        }
        with served(folder, log, port, extra), sync_playwright() as p:
            browser = _launch(p, exe)
            try:
                page = browser.new_page()
                page.set_default_timeout(30_000)
                page.goto(app + "/ledger")
                expect(page).to_have_url(app + "/login")
                page.click("#oidc-login")
                expect(page).to_have_title("Test provider")
                assert page.url.startswith(provider.issuer + "/authorize?")
                page.fill("input[name=name]", "ana")
                page.click("button[type=submit]")
                expect(page).to_have_url(app + "/")
                expect(page.locator("#me")).to_contain_text("ana (leader, Growth)")
                page.goto(app + "/ledger")
                expect(page).to_have_url(app + "/ledger")
                cookies = {c["name"]: c for c in page.context.cookies()}
                assert cookies["backwards_session"]["httpOnly"]
                assert "backwards_oidc" not in cookies  # spent at the callback
                _sign_out(page, app)
                page.click("#oidc-login")  # a second sign-in: a new flow, a new code
                page.fill("input[name=name]", "mallory")
                page.click("button[type=submit]")
                expect(page.locator("[role=alert]")).to_contain_text("no active account")
            finally:
                browser.close()
        assert provider.token_requests == 2
    assert CLIENT_SECRET not in log.read_text(errors="replace")
