"""Broadcasts on SQLite and PostgreSQL: targeting, preview, approval, schedule, opt-out, delivery, crash resume."""
import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.broadcasts import lifecycle as lc
from bot.broadcasts import service
from bot.broadcasts.schema import BroadcastOutboxRow
from bot.broadcasts.sender import Sender, txn_id
from bot.broadcasts.targeting import Target
from bot.channel import MemoryChannel
from bot.effects_handlers import set_preference
from bot.errors import RateLimited
from bot.store import link_identity
from tests import factories as f

BOX = BroadcastOutboxRow.__table__
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


async def city(dbs) -> dict:
    """Two Ämter; 12 employees in 36 (wave 2), 4 in 10 (wave 3, incl. two hr and an operator)."""
    await f.org_unit(dbs, code="36", name="Amt für Umweltschutz", eakte_wave=2)
    await f.org_unit(dbs, code="10", name="Haupt- und Personalamt", eakte_wave=3)
    staff = [await f.employee(dbs, personnel_number=f"3600{i:02}", language="en" if i == 0 else "de")
             for i in range(12)]
    hr1 = await f.employee(dbs, personnel_number="100006", email="hr1@x", org_unit_code="10", role="hr")
    hr2 = await f.employee(dbs, personnel_number="100008", email="hr2@x", org_unit_code="10", role="hr")
    op = await f.employee(dbs, personnel_number="100009", email="op@x", org_unit_code="10", role="operator")
    plain = await f.employee(dbs, personnel_number="100010", email="emp@x", org_unit_code="10")
    for pn in staff[:6]:
        await f.agreement(dbs, personnel_number=pn, status="active")
    await f.device(dbs, inventory_number="NB-1", status="ready_for_pickup", personnel_number=staff[1])
    async with dbs.bot.begin() as conn:
        for pn in staff[:10]:  # 36000x: all but two linked
            await link_identity(conn, "matrix", f"@{pn}:city", pn)
        for pn in staff[:3]:
            await link_identity(conn, "telegram", f"tg{pn}", pn)
        await link_identity(conn, "matrix", "@hr1:city", hr1)
        await set_preference(conn, staff[9], "announcements", False)
    who = {name: await service.actor(dbs.agreement, mail)
           for name, mail in {"hr1": "hr1@x", "hr2": "hr2@x", "op": "op@x"}.items()}
    return dict(staff=staff, plain=plain, **who)


def channels():
    return {"matrix": MemoryChannel("matrix"), "telegram": MemoryChannel("telegram")}


async def boxes(dbs, broadcast_id):
    async with dbs.bot.connect() as conn:
        return (await conn.execute(select(BOX).where(BOX.c.broadcast_id == broadcast_id))).all()


async def test_targeting_and_preview(dbs):
    c = await city(dbs)
    assert len(await service.plan(dbs, Target())) == 16 + 3  # everyone; three have a second channel
    bc = await service.create(dbs.bot, c["hr1"], title="DV", text_de="Gilt ab 1. Januar", target=Target(amter=("36",)))
    p = await service.preview(dbs, bc)
    assert p["recipients"] == 12 and p["reachable"] == 9
    assert p["unreachable"] == 2 and p["opted_out"] == 1
    assert p["per_channel"] == {"matrix": 9, "telegram": 3}
    assert p["per_amt"] == {"Amt für Umweltschutz": {"reachable": 9, "unreachable": 2, "opted_out": 1}}
    persons = lambda t: {d.person.personnel_number for d in t}  # noqa: E731
    assert persons(await service.plan(dbs, Target(agreement_status=("active",), eakte_wave=(2,)))) == set(
        c["staff"][:6])
    assert persons(await service.plan(dbs, Target(device_status=("ready_for_pickup",)))) == {c["staff"][1]}
    assert persons(await service.plan(dbs, Target(role=("hr",), amter=("Haupt- und Personalamt",)))) == {
        "100006", "100008"}
    assert persons(await service.plan(dbs, Target(language=("en",)))) == {c["staff"][0]}
    assert persons(await service.plan(dbs, Target(agreement_status=("active",), eakte_wave=(3,)))) == set()
    with pytest.raises(lc.BroadcastError, match="unknown device status 'broken'"):
        await service.create(dbs.bot, c["hr1"], title="T", text_de="x", target=Target(device_status=("broken",)))


async def test_roles_four_eyes_and_delivery_once(dbs):
    c = await city(dbs)
    with pytest.raises(lc.BroadcastError):
        await service.actor(dbs.agreement, "emp@x")
    with pytest.raises(lc.BroadcastError, match="operators"):
        await service.create(dbs.bot, c["hr1"], title="T", text_de="x", kind="mandatory")
    bc = await service.create(dbs.bot, c["hr1"], title="Laptop-Ausgabe", text_de="Freitag geschlossen",
                              text_en="Closed on Friday", target=Target(amter=("36",)))
    sender = Sender(dbs, channels())
    assert await sender.start_due(NOW) == []  # waits for approval
    with pytest.raises(lc.BroadcastError, match="four eyes"):
        await service.approve(dbs.bot, bc, c["hr1"])
    assert await service.approve(dbs.bot, bc, c["hr2"]) == lc.APPROVED
    with pytest.raises(lc.IllegalTransition):
        await service.approve(dbs.bot, bc, c["op"])
    chans = channels()
    sender = Sender(dbs, chans, batch=4)
    assert await sender.start_due(NOW) == [bc]
    assert await sender.start_due(NOW) == []  # started once
    assert await sender.drain() == 12
    assert await sender.drain() == 0
    matrix = chans["matrix"].sent
    assert len(matrix) == 9 and all(len(m) == 1 for m in matrix.values())
    first = c["staff"][0]
    [msg] = matrix[f"@{first}:city"]
    assert msg.txn_id == txn_id(bc, first) == f"bc-{bc}-{first}"
    assert "Closed on Friday" in msg.text and msg.language == "en"
    assert "Freitag" in chans["telegram"].sent[f"tg{c['staff'][1]}"][0].text
    assert f"@{c['staff'][9]}:city" not in matrix  # opted out
    s = await service.stats(dbs, bc)
    assert s["status"] == lc.DONE
    assert s["totals"] == {"sent": 12, "unreachable": 2, "opted_out": 1}
    assert s["per_channel"] == {"matrix": {"sent": 9}}  # telegram (3) is below five: suppressed
    assert s["per_amt"] == {"Amt für Umweltschutz": {"sent": 12, "unreachable": 2, "opted_out": 1}}
    rows = await service.export_rows(dbs.bot, bc)
    assert len(rows) == 15 and {r["status"] for r in rows} == {"sent", "unreachable", "opted_out"}


async def test_mandatory_ignores_opt_out_and_without_approval_starts_at_once(dbs):
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["op"], title="Pflicht", text_de="Bitte lesen", kind="mandatory",
                              target=Target(amter=("36",)), approval=False)
    chans = channels()
    sender = Sender(dbs, {"matrix": chans["matrix"]})
    assert await sender.start_due(NOW) == [bc]
    await sender.drain(bc)
    assert f"@{c['staff'][9]}:city" in chans["matrix"].sent
    assert (await service.stats(dbs, bc))["status"] == lc.SENDING  # telegram rows wait for their channel


async def test_schedule_and_cancel(dbs):
    c = await city(dbs)
    later = NOW + dt.timedelta(hours=2)
    bc = await service.create(dbs.bot, c["hr1"], title="Schulung", text_de="Welle 3", send_at=later, now=NOW)
    assert await service.approve(dbs.bot, bc, c["hr2"], now=NOW) == lc.SCHEDULED
    sender = Sender(dbs, channels(), batch=3)
    assert await sender.start_due(NOW + dt.timedelta(hours=1)) == []
    assert await sender.start_due(later) == [bc]
    assert await sender.run_once(bc) == 3
    dropped = await service.cancel(dbs.bot, bc, c["hr2"])
    assert dropped > 0
    assert await sender.drain(bc) == 0
    statuses = {r.status for r in await boxes(dbs, bc)}
    assert "pending" not in statuses and "cancelled" in statuses


async def test_crash_resumes_without_resending_what_was_sent(dbs):
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["hr1"], title="T", text_de="x", target=Target(amter=("36",)),
                              approval=False)
    chans = channels()
    first = Sender(dbs, chans, batch=5)
    await first.start_due(NOW)
    assert await first.run_once(bc) == 5  # recorded sent
    crashed = await first.claim(bc)  # claimed, then the process dies before sending
    assert len(crashed) == 5
    assert await Sender(dbs, chans).drain(bc) == 2  # fresh rows only; the crashed ones are not yet stale
    calls = []

    async def flaky(channel, message):  # RateLimited once, then fine: honoured, no attempt lost
        calls.append(message.txn_id)
        if len(calls) == 1:
            raise RateLimited(0.01)
        await channel.send(message)

    resumed = Sender(dbs, chans, stale=dt.timedelta(0), send=flaky)  # the 429 is waited out in place
    assert await resumed.drain(bc) == 5
    every = [(ch.name, m.txn_id) for ch in chans.values() for msgs in ch.sent.values() for m in msgs]
    assert len(every) == len(set(every)) == 12  # the txn id is per recipient; one message per channel
    assert (await service.stats(dbs, bc))["status"] == lc.DONE


async def test_two_senders_share_the_work_without_duplicates(dbs):
    c = await city(dbs)
    bc = await service.create(dbs.bot, c["hr1"], title="T", text_de="x", approval=False)
    chans = channels()
    one, two = Sender(dbs, chans, batch=3), Sender(dbs, chans, batch=3)
    await asyncio.gather(one.start_due(NOW), two.start_due(NOW))
    handled = await asyncio.gather(one.drain(), two.drain())
    assert sum(handled) == 10 + 3  # matrix (nine in 36 not opted out, hr1) and telegram
    every = [(ch.name, m.recipient) for ch in chans.values() for msgs in ch.sent.values() for m in msgs]
    assert len(every) == len(set(every)) == sum(handled)
