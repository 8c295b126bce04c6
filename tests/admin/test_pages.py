"""Console pages over HTTP: changes land in their files and in the audit log."""
from bot.admin import audit, training_data
from bot.admin.keys import REGISTRY
from tests.admin.support import seed_messages


async def audit_actions(console) -> list[str]:
    async with console.runtime.dbs.bot.connect() as conn:
        entries, _ = await audit.page(conn)
    return [e.action for e in entries]


async def test_kb_edit_writes_the_topic_and_audits(console):
    await console.login("hr")
    form = {"csrf": await console.csrf(), "cite": "§ 11 Abs. 1",
            "default-de-text": "Im Ausland nicht erlaubt.", "default-de-next": "Fragen Sie das Personalamt.",
            "default-en-text": "Not allowed abroad.", "default-en-next": "Ask HR."}
    response = await console.client.post("/admin/kb/mobile_work_abroad", data=form, allow_redirects=False)
    assert response.status == 303, await response.text()
    kb_dir = console.runtime.settings.admin_kb_dir
    assert "Im Ausland nicht erlaubt." in (kb_dir / "topics" / "abroad.yml").read_text(encoding="utf-8")
    assert "kb.edit" in await audit_actions(console)


async def test_assigned_question_lands_in_the_training_file(console):
    (message,) = await seed_messages(console.runtime.dbs.bot, unsure=("Darf ich im ICE arbeiten?",))
    await console.login("helpdesk")
    response = await console.client.post(f"/admin/unrecognized/{message}/assign",
                                         data={"csrf": await console.csrf(), "intent": "working_time_rules"},
                                         allow_redirects=False)
    assert response.status == 303
    text = training_data.console_file(console.runtime.settings.home).read_text(encoding="utf-8")
    assert "- intent: working_time_rules\n  examples: |\n    - Darf ich im ICE arbeiten?" in text
    assert "nlu.assign" in await audit_actions(console)


async def test_an_unknown_intent_is_a_field_error(console):
    (message,) = await seed_messages(console.runtime.dbs.bot)
    await console.login("helpdesk")
    response = await console.client.post(f"/admin/unrecognized/{message}/assign",
                                         data={"csrf": await console.csrf(), "intent": "erfunden"})
    html = await response.text()
    assert response.status == 200 and f'aria-describedby="intent-{message}-error"' in html
    assert "Bitte wählen Sie eine Absicht" in html


async def test_nav_is_built_per_role(console):
    admin = next(r._app for r in console.client.server.app.router.resources() if getattr(r, "_app", None))
    labels = {role: [e.label for e in admin[REGISTRY].nav_for(role)] for role in ("hr", "helpdesk", "operator")}
    assert labels["hr"] == ["Übersicht", "Auswertung", "Ankündigungen", "Wissensdatenbank"]
    assert labels["helpdesk"] == ["Übersicht", "Fälle", "Unerkannte Fragen", "Neu trainieren"]
    assert set(labels["hr"]) | set(labels["helpdesk"]) <= set(labels["operator"])  # operators see everything
