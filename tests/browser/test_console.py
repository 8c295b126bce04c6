"""The admin console in a real browser: each role's pages, retraining, a bad CSV, CSRF, lockout."""
from __future__ import annotations

import pytest
from playwright.async_api import expect
from sqlalchemy import func, select

from bot.admin.schema import AdminAuditRow
from tests.admin.support import PASSWORD, seed_messages
from tests.browser.console import login

BAD_CSV = ("personnel_number;first_name;last_name;email;org_unit_code;position;eligible_for_mobile_work\r\n"
           "900001;Erika;Muster;erika.muster@stuttgart.example;10;Sachbearbeitung;ja\r\n"
           "900002;Max;Muster;kein-at-zeichen;10;Sachbearbeitung;vielleicht\r\n")


@pytest.mark.parametrize("role,visible,hidden", [
    ("hr", ["Auswertung", "Wissensdatenbank"], ["Unerkannte Fragen", "Konten", "Import"]),
    ("helpdesk", ["Unerkannte Fragen", "Neu trainieren"], ["Auswertung", "Wissensdatenbank", "Konten"]),
    ("operator", ["Auswertung", "Unerkannte Fragen", "Wissensdatenbank", "Import", "Konten", "Protokoll",
                  "Einstellungen"], []),
])
async def test_each_role_sees_its_pages(console_server, page, screenshot, role, visible, hidden):
    await login(page, console_server, role)
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for label in visible:
        await expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in hidden:
        await expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    await screenshot(f"console-{role}-start")
    await page.get_by_role("button", name="Abmelden").click()
    await expect(page.get_by_role("status")).to_have_text("Sie sind abgemeldet.")


async def test_assign_an_unrecognized_question_and_retrain(console_server, page, screenshot):
    await seed_messages(console_server.bot, unsure=("Wo bleibt eigentlich mein Notebook?",))
    await login(page, console_server, "helpdesk")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    await nav.get_by_role("link", name="Unerkannte Fragen", exact=True).click()
    await page.get_by_label("Richtige Absicht").select_option("device_status")
    await page.get_by_role("button", name="Zuordnen").click()
    await expect(page.get_by_role("status")).to_contain_text("als Trainingsbeispiel gespeichert")
    await expect(page.get_by_text("Keine offenen Fragen")).to_be_visible()
    await nav.get_by_role("link", name="Neu trainieren", exact=True).click()
    await expect(page.get_by_text("1 in der Verwaltung", exact=False)).to_be_visible()
    await page.get_by_role("button", name="Neu trainieren").click()
    await expect(page.locator("#training-status")).to_contain_text("Training läuft")
    await expect(page.get_by_role("link", name="Ergebnis anzeigen")).to_be_visible(timeout=90_000)
    await page.get_by_role("link", name="Ergebnis anzeigen").click()
    await expect(page.locator("#accuracy-current")).to_contain_text("%")
    await expect(page.locator("#accuracy-new")).to_contain_text("%")
    opener = page.get_by_role("button", name="Neues Modell aktivieren …")
    await opener.click()
    dialog = page.get_by_role("dialog", name="Neues Modell aktivieren?")
    await expect(dialog).to_be_visible()
    await expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    await screenshot("console-training-confirm")
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(opener).to_be_focused()  # focus comes back to where it was
    await opener.click()
    await dialog.get_by_role("button", name="Ja, aktivieren").click()
    await expect(page.get_by_role("status").first).to_contain_text("Das neue Modell ist aktiv")
    await screenshot("console-training-activated")


async def test_a_bad_csv_shows_its_line_errors_and_writes_nothing(console_server, page, screenshot, tmp_path):
    bad = tmp_path / "beschaeftigte.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    await login(page, console_server, "operator")
    await page.goto(console_server + "/admin/imports")
    await page.get_by_label("Inhalt der Datei").select_option("employees")
    await page.get_by_label("CSV-Datei").set_input_files(str(bad))
    await page.get_by_role("button", name="Importieren").click()
    summary = page.locator("#error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("Es wurde nichts gespeichert")
    table = page.get_by_role("table", name="Fehler in der Datei")
    await expect(table.get_by_role("row").filter(has_text="email")).to_contain_text("3")
    await expect(page.get_by_label("CSV-Datei")).to_have_attribute("aria-invalid", "true")
    await screenshot("console-import-errors")
    async with console_server.bot.connect() as conn:
        imports = await conn.scalar(select(func.count()).select_from(AdminAuditRow.__table__)
                                    .where(AdminAuditRow.__table__.c.action.like("import.%")))
    assert imports == 0


async def test_a_form_with_a_wrong_csrf_token_is_rejected(console_server, page, screenshot):
    await login(page, console_server, "operator")
    await page.goto(console_server + "/admin/users")
    await page.locator('form[action="/admin/users"] input[name="csrf"]').evaluate("el => el.value = 'forged'")
    await page.get_by_label("E-Mail-Adresse").fill("neu@stuttgart.example")
    await page.get_by_role("button", name="Konto anlegen").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Formular abgelaufen")
    await screenshot("console-csrf-rejected")
    await page.goto(console_server + "/admin/users")
    await expect(page.get_by_role("cell", name="neu@stuttgart.example")).to_have_count(0)


async def test_five_wrong_passwords_lock_the_account(console_server, page, screenshot):
    for _ in range(4):
        await login(page, console_server, "hr", password="falsch-falsch-falsch")
        await expect(page.locator("#error-summary")).to_contain_text("stimmt nicht")
    await login(page, console_server, "hr", password=PASSWORD + "x")  # the fifth failure
    await expect(page.locator("#error-summary")).to_contain_text("gesperrt")
    await login(page, console_server, "hr", password=PASSWORD, ok=False)  # even the right one waits 15 minutes
    await expect(page.locator("#error-summary")).to_contain_text("Anmeldung ist bis")
    await expect(page.get_by_label("E-Mail-Adresse")).to_have_attribute("aria-invalid", "true")
    await screenshot("console-lockout")
