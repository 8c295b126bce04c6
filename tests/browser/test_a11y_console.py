"""axe-core on every console page in every state, for every role that can see it; reflow at 320 px and 200 %.

Each walk visits the pages of one role in a fixed order (empty first, then filled, with validation
errors, with a dialog open), saves a screenshot of each state under tests/artifacts/ and collects
every axe finding; the test fails on any finding not listed in a11y_exceptions.yml (serious and
critical findings never are).
"""
from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.admin.support import seed_messages
from tests.browser.console import axe, horizontal_overflow, login, unexcused

pytestmark = pytest.mark.a11y


class Walk:
    def __init__(self, page: Page, base: str, screenshot, prefix: str):
        self.page, self.base, self.shot, self.prefix = page, base, screenshot, prefix
        self.findings: list[str] = []

    async def check(self, state: str) -> None:
        await expect(self.page.locator("h1")).to_have_count(1)
        self.findings += unexcused(await axe(self.page), self.page.url, f"{self.prefix}/{state}")
        await self.shot(f"{self.prefix}-{state}")

    async def visit(self, path: str, state: str) -> None:
        await self.page.goto(self.base + path)
        await self.check(state)

    def assert_clean(self) -> None:
        assert not self.findings, "\n".join(self.findings)


async def test_public_pages(console_server, page, screenshot):
    walk = Walk(page, console_server, screenshot, "public")
    await walk.visit("/barrierefreiheit", "statement")
    await walk.visit("/admin/login", "login")
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page.locator("#error-summary")).to_be_focused()
    await walk.check("login-errors")
    walk.assert_clean()


async def test_operator_pages(console_server, page, screenshot):
    walk = Walk(page, console_server, screenshot, "operator")
    await login(page, console_server, "operator")
    await walk.check("home")
    await walk.visit("/admin/dashboard", "dashboard-empty")
    await walk.visit("/admin/unrecognized", "unrecognized-empty")
    await seed_messages(console_server.bot, unsure=("Darf ich im Zug arbeiten?", "Wie geht das mit dem Drucker?"))
    await walk.visit("/admin/dashboard", "dashboard-filled")
    await walk.visit("/admin/unrecognized", "unrecognized-filled")
    await page.get_by_role("button", name="Zuordnen").first.click()
    await walk.check("unrecognized-errors")
    await walk.visit("/admin/training", "training-idle")
    await walk.visit("/admin/kb", "kb-list")
    await walk.visit("/admin/kb/mobile_work_abroad", "kb-edit")
    await page.get_by_label("Fundstellen").fill("§ 99 Abs. 1")
    await page.get_by_label("Antworttext (Deutsch)").fill("")
    await page.get_by_role("button", name="Speichern und prüfen").click()
    await walk.check("kb-edit-errors")
    await walk.visit("/admin/imports", "imports")
    await page.get_by_role("button", name="Importieren").click()
    await walk.check("imports-errors")
    await walk.visit("/admin/users", "users")
    await page.get_by_role("button", name="Konto anlegen").click()
    await walk.check("users-errors")
    await page.get_by_role("button", name="Sperren …").first.click()
    await expect(page.get_by_role("dialog")).to_be_visible()
    await walk.check("users-dialog")
    await walk.visit("/admin/audit", "audit")
    await walk.visit("/admin/settings", "settings")
    walk.assert_clean()


async def test_hr_and_helpdesk_pages(console_server, page, screenshot):
    walk = Walk(page, console_server, screenshot, "hr")
    await login(page, console_server, "hr")
    await walk.check("home")
    await walk.visit("/admin/dashboard", "dashboard")
    await walk.visit("/admin/kb", "kb-list")
    await walk.visit("/admin/users", "forbidden")
    walk.prefix = "helpdesk"
    await page.context.clear_cookies()
    await login(page, console_server, "helpdesk")
    await walk.check("home")
    await walk.visit("/admin/unrecognized", "unrecognized")
    await walk.visit("/admin/training", "training")
    walk.assert_clean()


PAGES = ["/barrierefreiheit", "/admin/login", "/admin/", "/admin/dashboard", "/admin/unrecognized", "/admin/training",
         "/admin/kb", "/admin/kb/mobile_work_abroad", "/admin/imports", "/admin/users", "/admin/audit",
         "/admin/settings", "/"]


@pytest.mark.parametrize("width,scale,label", [(320, 1, "320px"), (640, 2, "zoom200")])
async def test_reflow_without_horizontal_scrolling(console_server, browser, width, scale, label):
    from tests.browser.conftest import ARTIFACTS

    context = await browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    page = await context.new_page()
    await seed_messages(console_server.bot)
    await login(page, console_server, "operator")
    wide = {}
    for path in PAGES:
        await page.goto(console_server + path)
        overflow = await horizontal_overflow(page)
        if overflow > 0:
            wide[path] = overflow
        name = path.strip("/").replace("/", "-") or "chat"
        await page.screenshot(path=str(ARTIFACTS / f"reflow-{label}-{name}.png"), full_page=True)
    await context.close()
    assert not wide, f"pages wider than {width} px: {wide}"
