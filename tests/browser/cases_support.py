"""Help-desk case fixtures for the browser tests: a console with a help-desk room, Petra's account, a case."""
from __future__ import annotations

import aiohttp
import pytest

from bot.admin import accounts
from tests.admin.support import PASSWORD

ROOM = "!helpdesk:stuttgart.example"
ANNA, PETRA = "anna.schmid@stuttgart.example", "petra.koch@stuttgart.example"
ASK_FOR_A_PERSON = ("Wo ist mein Laptop?", "Ich möchte mit einem Menschen sprechen", "Mein VPN bricht ständig ab")


@pytest.fixture
def helpdesk_room(monkeypatch):
    """Cases go to the help-desk room (and so into the console's queue), not by e-mail."""
    monkeypatch.setenv("MOBI_HELPDESK_ROOM", ROOM)


@pytest.fixture
async def desk_server(helpdesk_room, console_server):
    """The console server with Petra Koch (help desk, in the demo directory) as a console account."""
    async with console_server.bot.begin() as conn:
        await accounts.create(conn, PETRA, "helpdesk", PASSWORD, actor="test")
    return console_server


async def employee_says(base: str, text: str, who: str = ANNA) -> str:
    """One message of the employee through the web chat's API; what came back, as one text."""
    async with aiohttp.ClientSession() as http:
        async with http.post(base + "/api/chat", json={"as": who, "text": text}) as response:
            assert response.status == 200, await response.text()
            return "\n".join(r["text"] for r in (await response.json())["replies"])


async def open_case(base: str) -> str:
    for text in ASK_FOR_A_PERSON:
        await employee_says(base, text)
    told = await employee_says(base, "ja")
    assert "Fall #" in told, told
    return told
