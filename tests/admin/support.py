"""Helpers shared by the console tests (HTTP and browser): accounts per role, seeded messages, tiny NLU data."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from bot.admin import accounts
from integrations.db.bot_schema import ConversationRow, MessageLogRow

PASSWORD = "Sehr-geheim-2026!"
ROLE_USERS = {"hr": "hr@stuttgart.example", "helpdesk": "helpdesk@stuttgart.example",
              "operator": "operator@stuttgart.example"}
SPARE = "spare@stuttgart.example"  # an account the route test may lock out
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TINY_NLU = """version: "3.1"
nlu:
- intent: device_status
  examples: |
    - wo ist mein laptop
    - ist mein laptop schon da
    - wann kommt mein laptop
    - status meines geräts
- intent: greet
  examples: |
    - hallo
    - guten morgen
    - hi mobi
    - servus
"""


def copy_kb(target: Path) -> Path:
    """A private copy of the knowledge base, so edits never touch the package."""
    from actions.kb import HERE

    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def console_env(home: Path, monkeypatch) -> None:
    """Point the console's files at `home`: KB copy, tiny training data (fast retraining)."""
    data = home / "tiny-nlu.yml"
    data.write_text(TINY_NLU, encoding="utf-8")
    monkeypatch.setenv("MOBI_ADMIN_KB_DIR", str(copy_kb(home / "kb")))
    monkeypatch.setenv("MOBI_ADMIN_NLU_DATA", f'["{data}"]')
    monkeypatch.setenv("MOBI_ADMIN_CV_FOLDS", "2")


async def create_accounts(engine) -> dict[str, int]:
    ids = {}
    async with engine.begin() as conn:
        for role, email in ROLE_USERS.items():
            ids[role] = (await accounts.create(conn, email, role, PASSWORD, actor="test")).id
        ids["spare"] = (await accounts.create(conn, SPARE, "hr", PASSWORD, actor="test")).id
    return ids


async def seed_messages(engine, *, people: int = 6, unsure: tuple[str, ...] = ("Kann ich im Café arbeiten?",),
                        when: dt.datetime | None = None) -> list[int]:
    """Conversations of `people` employees with sure answers, plus `unsure` low-confidence questions.

    Returns the message ids of the unsure questions."""
    when = when or dt.datetime.now(dt.timezone.utc)
    conv, log = ConversationRow.__table__, MessageLogRow.__table__
    ids = []
    async with engine.begin() as conn:
        for n in range(people):
            cid = (await conn.execute(conv.insert().values(
                channel="web", external_id=f"seed-{n}", personnel_number=f"P{n:05d}", language="de", state={},
                turns=1, updated_at=when).returning(conv.c.id))).scalar_one()
            for _ in range(2):
                await conn.execute(log.insert().values(conversation_id=cid, direction="in", text="Wo ist mein Laptop?",
                                                       intent="device_status", confidence=0.93, created_at=when))
        for text in unsure:
            ids.append((await conn.execute(log.insert().values(
                conversation_id=cid, direction="in", text=text, intent="out_of_scope", confidence=0.21,
                created_at=when).returning(log.c.id))).scalar_one())
    return ids


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)
