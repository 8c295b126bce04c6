"""Accounts: argon2 hashes, German input errors, audit rows, deactivation."""
import pytest
from sqlalchemy import select

from bot.admin import accounts, audit
from bot.admin.schema import AdminUserRow


async def test_create_stores_an_argon2_hash_and_audits(dbs):
    async with dbs.bot.begin() as conn:
        user = await accounts.create(conn, " HR@Stuttgart.Example ", "hr", "lang-genug-123", actor="op@x.de")
        stored = await conn.scalar(select(AdminUserRow.__table__.c.password_hash))
        entries, _ = await audit.page(conn)
    assert user.email == "hr@stuttgart.example" and stored.startswith("$argon2id$")
    assert "lang-genug-123" not in stored
    assert (entries[0].actor, entries[0].action, entries[0].target) == ("op@x.de", "user.create", user.email)


async def test_verify_accepts_only_the_right_password_of_an_active_account(dbs):
    async with dbs.bot.begin() as conn:
        user = await accounts.create(conn, "a@x.de", "operator", "richtig-richtig", actor="t")
        assert (await accounts.verify(conn, "A@x.de", "richtig-richtig")).id == user.id
        assert await accounts.verify(conn, "a@x.de", "falsch-falsch") is None
        assert await accounts.verify(conn, "nobody@x.de", "richtig-richtig") is None
        await accounts.set_active(conn, user.id, False, actor="other@x.de")
        assert await accounts.verify(conn, "a@x.de", "richtig-richtig") is None


@pytest.mark.parametrize("email,role,password,field", [
    ("kein-at", "hr", "lang-genug-123", "email"),
    ("a@x.de", "chef", "lang-genug-123", "role"),
    ("a@x.de", "hr", "kurz", "password"),
])
def test_bad_input_names_the_field_in_german(email, role, password, field):
    problems = accounts.check_new(email, role, password)
    assert [p.field for p in problems] == [field]
    assert "Bitte" in str(problems[0])


async def test_an_address_has_one_account_and_nobody_disables_themselves(dbs):
    async with dbs.bot.begin() as conn:
        me = await accounts.create(conn, "a@x.de", "operator", "lang-genug-123", actor="t")
        with pytest.raises(accounts.AccountError, match="schon ein Konto"):
            await accounts.create(conn, "A@X.DE", "hr", "lang-genug-123", actor="t")
        with pytest.raises(accounts.AccountError, match="eigenes Konto"):
            await accounts.set_active(conn, me.id, False, actor="a@x.de")
