"""The console's middleware over HTTP: cookies, CSRF, headers, no open redirect."""
from bot.admin.auth import safe_next
from tests.admin.support import PASSWORD, ROLE_USERS


async def test_session_cookie_is_httponly_and_samesite_lax(console):
    form = await console.login_form(ROLE_USERS["hr"], PASSWORD)
    response = await console.client.post("/admin/login", data=form, allow_redirects=False)
    cookie = response.cookies["mobi_admin"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/admin"
    assert not cookie["secure"]  # MOBI_ADMIN_SECURE_COOKIES=true behind TLS


async def test_a_post_without_the_sessions_token_changes_nothing(console):
    await console.login("operator")
    response = await console.client.post("/admin/users", data={"csrf": "forged", "email": "x@stuttgart.example",
                                                               "role": "hr", "password": "lang-genug-123"})
    assert response.status == 403 and "Formular abgelaufen" in await response.text()
    users = await (await console.client.get("/admin/users")).text()
    assert "x@stuttgart.example" not in users


async def test_login_form_needs_its_own_token(console):
    response = await console.client.post("/admin/login", data={"email": ROLE_USERS["hr"], "password": PASSWORD})
    assert response.status == 403


async def test_security_headers_on_console_pages(console):
    response = await console.client.get("/admin/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"


def test_only_console_paths_are_followed_after_login():
    assert safe_next("/admin/kb") == "/admin/kb"
    for bad in ("//evil.example/admin/", "https://evil.example", "/admin\\..", None, "/"):
        assert safe_next(bad) == "/admin/"


async def test_logout_ends_the_session(console):
    await console.login("hr")
    token = await console.csrf()
    response = await console.client.post("/admin/logout", data={"csrf": token}, allow_redirects=False)
    assert response.headers["Location"] == "/admin/login?abgemeldet=1"
    again = await console.client.get("/admin/", allow_redirects=False)
    assert again.status == 303 and again.headers["Location"].startswith("/admin/login?next=")
