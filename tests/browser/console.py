"""Browser helpers for the console: log in by role, run axe-core, check reflow and focus."""
from __future__ import annotations

from pathlib import Path

import yaml
from playwright.async_api import Page, expect

from bot.admin.app import HERE as ADMIN
from tests.admin.support import PASSWORD, ROLE_USERS

AXE = ADMIN / "static" / "vendor" / "axe-core" / "axe.min.js"
EXCEPTIONS = Path(__file__).with_name("a11y_exceptions.yml")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NEVER_EXCUSED = ("serious", "critical")


async def login(page: Page, base: str, role: str, password: str = PASSWORD, *, ok: bool | None = None) -> None:
    """Log in through the form; unless told otherwise, a right password must reach the start page."""
    await page.goto(base + "/admin/login")
    await page.get_by_label("E-Mail-Adresse").fill(ROLE_USERS.get(role, role))
    await page.get_by_label("Passwort").fill(password)
    await page.get_by_role("button", name="Anmelden").click()
    if ok if ok is not None else password == PASSWORD:
        await expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")


def exceptions() -> list[dict]:
    """Reviewed moderate/minor findings: rule id, page (URL part) and the reason it is accepted."""
    return (yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8")) or {}).get("exceptions") or []


async def axe(page: Page) -> list[dict]:
    """Violations of WCAG 2.1 A/AA (and axe best practices) on the page as it is now."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    return await page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""", WCAG_TAGS)


def unexcused(violations: list[dict], url: str, state: str) -> list[str]:
    allowed = exceptions()
    found = []
    for v in violations:
        excused = v["impact"] not in NEVER_EXCUSED and any(
            e["rule"] == v["id"] and e.get("page", "") in url for e in allowed)
        if not excused:
            found.append(f"{state} ({url}): {v['impact']} {v['id']}: {v['help']} at {v['nodes']}")
    return found


async def horizontal_overflow(page: Page) -> int:
    """How many CSS px the page is wider than the viewport (0: no horizontal scrolling)."""
    return await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


async def focused(page: Page) -> dict:
    """What has the focus: tag, text/label, and whether a focus indicator is drawn."""
    return await page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
    }""")


async def tab_walk(page: Page, limit: int = 80) -> list[dict]:
    """Press Tab from the top until focus leaves the page or comes back to the start.

    Returns every stop; asserts each stop shows a focus indicator and that stops follow the
    reading (DOM) order, so there is no trap and no jump back."""
    await page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    stops, last = [], -1
    for _ in range(limit):
        await page.keyboard.press("Tab")
        stop = await page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const all = Array.from(document.querySelectorAll('*'));
            const style = getComputedStyle(el);
            return {index: all.indexOf(el), tag: el.tagName.toLowerCase(), id: el.id,
                    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
        }""")
        if stop is None or stop["index"] <= last:
            return stops  # wrapped to the browser UI or back to the top: the page let go
        assert stop["outline"], f"no visible focus indicator on {stop}"
        stops.append(stop)
        last = stop["index"]
    raise AssertionError(f"focus never left the page after {limit} Tab presses (trap?): {stops[-5:]}")
