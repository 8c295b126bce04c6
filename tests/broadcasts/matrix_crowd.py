"""Many Matrix recipients quickly (Synapse admin API), and what the homeserver holds afterwards (one /sync)."""
from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from urllib.parse import quote

import aiohttp

from bot.store import insert_ignore
from integrations.db.agreement_schema import EmployeeRow
from integrations.db.bot_schema import ChannelIdentityRow
from integrations.db.engines import Databases
from tests import factories as f

COUNT_FILTER = {"presence": {"not_types": ["*"]}, "account_data": {"not_types": ["*"]},
                "room": {"timeline": {"limit": 50}, "state": {"lazy_load_members": False},
                         "ephemeral": {"not_types": ["*"]}}}


async def linked_city(dbs: Databases, count: int, prefix: str) -> list[str]:
    """An operator (`op@x`) and `count` employees, each linked to `@<prefix><number>:localhost` (no DM yet)."""
    await f.org_unit(dbs)
    await f.employee(dbs, email="op@x", role="operator")
    numbers = [f"8{i:05}" for i in range(count)]
    async with dbs.agreement.begin() as conn:
        await conn.execute(EmployeeRow.__table__.insert(), [dict(
            personnel_number=n, first_name="E", last_name=n, email=f"{n}@x", org_unit_code="36", position="S",
            eligible_for_mobile_work=True, role="employee", language="de") for n in numbers])
    async with dbs.bot.begin() as conn:
        await conn.execute(insert_ignore(conn, ChannelIdentityRow.__table__), [dict(
            channel="matrix", external_id=f"@{prefix}{n}:localhost", personnel_number=n) for n in numbers])
    return numbers


async def create_users(homeserver: str, admin_token: str, localparts: list[str], concurrency: int = 8) -> None:
    """`PUT /_synapse/admin/v2/users/<id>` without a password: no hashing, no device, no login.

    Measured on the 2-core machine: ~110 users/s at 8 in flight, twice the shared-secret registration
    (`/_synapse/admin/v1/register`, ~50/s, which also logs each user in)."""
    server = homeserver.rstrip("/")
    gate = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {admin_token}"}) as http:
        async def one(localpart: str) -> None:
            async with gate, http.put(f"{server}/_synapse/admin/v2/users/{quote(f'@{localpart}:localhost')}",
                                      json={"displayname": localpart}) as resp:
                assert resp.status in (200, 201), await resp.text()

        await asyncio.gather(*(one(name) for name in localparts))


async def bot_rooms(homeserver: str, token: str, marker: str) -> dict[str, dict]:
    """Per room the bot is in: the users invited or joined besides the bot, and how many of the bot's messages
    contain `marker` — as the homeserver stores them (a full /sync, timelines of up to 50 events per room)."""
    url = f"{homeserver.rstrip('/')}/_matrix/client/v3/sync"
    params = {"filter": json.dumps(COUNT_FILTER), "full_state": "true", "timeout": "0"}
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http:
        async with http.get(url, params=params, timeout=aiohttp.ClientTimeout(total=300)) as resp:
            data = await resp.json()
        async with http.get(f"{homeserver.rstrip('/')}/_matrix/client/v3/account/whoami") as resp:
            me = (await resp.json())["user_id"]
    rooms: dict[str, dict] = {}
    for room_id, info in data["rooms"]["join"].items():
        events = info["state"]["events"] + info["timeline"]["events"]
        assert not info["timeline"].get("limited"), "raise the timeline limit: this room has more events"
        members = defaultdict(str)
        for e in events:
            if e["type"] == "m.room.member" and e["state_key"] != me:
                members[e["state_key"]] = e["content"]["membership"]
        count = sum(1 for e in info["timeline"]["events"] if e["type"] == "m.room.message"
                    and e["sender"] == me and marker in e["content"].get("body", ""))
        rooms[room_id] = {"members": dict(members), "announcements": count}
    return rooms
