"""Every route of the whole app x every role (and anonymous) gets exactly its allowed answer.

The table below is the specification. A route added anywhere without a line here fails
`test_every_route_has_a_rule`; a console route whose declared roles differ from the table fails
`test_declared_rules_match_the_table`; the HTTP matrix then checks the answers themselves:
allowed -> 200 (or, for a form, 303 to a console page), other role -> 403, anonymous -> login.
"""
from __future__ import annotations

import pytest

from bot.admin.keys import REGISTRY
from bot.admin.registry import PUBLIC
from tests.admin.broadcast_support import seed_broadcast

H, D, O = "hr", "helpdesk", "operator"
EVERYONE = "public"
SIGNED_IN = {H, D, O}
EXPECTED: dict[tuple[str, str], set[str] | str] = {
    ("GET", "/"): EVERYONE, ("GET", "/healthz"): EVERYONE, ("POST", "/api/chat"): EVERYONE,
    ("POST", "/api/chat/updates"): EVERYONE,
    ("POST", "/model/parse"): EVERYONE, ("GET", "/static"): EVERYONE, ("GET", "/barrierefreiheit"): EVERYONE,
    ("GET", "/admin/login"): EVERYONE, ("POST", "/admin/login"): EVERYONE, ("GET", "/admin/static"): EVERYONE,
    ("GET", "/admin/"): SIGNED_IN,
    ("GET", "/admin/dashboard"): {H, O},
    ("GET", "/admin/broadcasts"): {H, O}, ("GET", "/admin/broadcasts/new"): {H, O},
    ("POST", "/admin/broadcasts/new"): {H, O}, ("GET", "/admin/broadcasts/count"): {H, O},
    ("GET", "/admin/broadcasts/{id}"): {H, O}, ("GET", "/admin/broadcasts/{id}/progress"): {H, O},
    ("POST", "/admin/broadcasts/{id}/approve"): {H, O}, ("POST", "/admin/broadcasts/{id}/cancel"): {H, O},
    ("GET", "/admin/broadcasts/{id}/export.csv"): {H},
    ("GET", "/admin/cases"): {D, O}, ("POST", "/admin/cases/{id}/claim"): {D, O},
    ("POST", "/admin/cases/{id}/reply"): {D, O}, ("POST", "/admin/cases/{id}/close"): {D, O},
    ("GET", "/admin/unrecognized"): {D, O},
    ("POST", "/admin/unrecognized/{id}/assign"): {D, O},
    ("POST", "/admin/unrecognized/{id}/dismiss"): {D, O},
    ("GET", "/admin/training"): {D, O}, ("GET", "/admin/training/status"): {D, O},
    ("POST", "/admin/training/start"): {D, O}, ("POST", "/admin/training/activate"): {D, O},
    ("POST", "/admin/training/discard"): {D, O},
    ("GET", "/admin/kb"): {H, O}, ("GET", "/admin/kb/{intent}"): {H, O}, ("POST", "/admin/kb/{intent}"): {H, O},
    ("GET", "/admin/imports"): {O}, ("POST", "/admin/imports"): {O},
    ("GET", "/admin/users"): {O}, ("POST", "/admin/users"): {O}, ("POST", "/admin/users/{id}/active"): {O},
    ("GET", "/admin/audit"): {O},
    ("GET", "/admin/settings"): {O},
    ("POST", "/admin/logout"): SIGNED_IN,  # last: it ends the session
}
STATIC_FILES = {"/static": "/static/chat.css", "/admin/static": "/admin/static/admin.css"}


def app_routes(app) -> list[tuple[str, str]]:
    return sorted({(r.method, r.resource.canonical) for r in app.router.routes() if r.method != "HEAD"})


async def test_every_route_has_a_rule(console):
    missing = [route for route in app_routes(console.client.server.app) if route not in EXPECTED]
    assert not missing, f"routes without an access rule in this test: {missing}"
    stale = [route for route in EXPECTED if route not in app_routes(console.client.server.app)]
    assert not stale, f"rules for routes that no longer exist: {stale}"


async def test_declared_rules_match_the_table(console):
    admin = next(r._app for r in console.client.server.app.router.resources()
                 if getattr(r, "_app", None) is not None)
    for (method, path), rule in admin[REGISTRY].rules.items():
        expected = EXPECTED[(method, "/admin" + path if path != "/" else "/admin/")]
        assert (rule.roles == PUBLIC) == (expected == EVERYONE), (method, path)
        if expected != EVERYONE:
            assert set(rule.roles) == expected, (method, path)


def concrete(path: str, ids: dict[str, int]) -> str:
    path = STATIC_FILES.get(path, path)
    known = {"/admin/users": ids["spare"], "/admin/broadcasts": ids.get("broadcast")}
    owner = next((value for prefix, value in known.items() if path.startswith(prefix)), 999999)
    return path.replace("{intent}", "mobile_work_abroad").replace("{id}", str(owner))


@pytest.mark.parametrize("role", [None, H, D, O])
async def test_each_role_gets_exactly_the_allowed_answer(console, role):
    console.ids["broadcast"] = await seed_broadcast(console.runtime)
    await console.login(role)
    token = await console.csrf() if role else (await console.login_form("", ""))["csrf"]
    wrong = []
    for (method, path), allowed in EXPECTED.items():
        url = concrete(path, console.ids)
        if method == "GET":
            response = await console.client.get(url, allow_redirects=False)
        else:
            response = await console.client.post(url, data={"csrf": token}, allow_redirects=False)
        location = response.headers.get("Location", "")
        to_login = response.status == 303 and location.startswith("/admin/login?next=")
        if allowed == EVERYONE:
            ok = response.status not in (401, 403) and not to_login
        elif role is None:
            ok = to_login
        elif role in allowed:
            ok = response.status == 200 or (method == "POST" and response.status == 303 and not to_login)
        else:
            ok = response.status == 403
        if not ok:
            wrong.append(f"{method} {path} as {role or 'anonymous'}: {response.status} {location}")
    assert not wrong, "\n".join(wrong)
