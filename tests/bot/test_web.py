"""`mobi serve`'s HTTP side on a real port: health, web chat, chat API, Rasa-compatible parse."""
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import load_settings
from bot.web import create_app


@pytest.fixture
async def client(demo_env):
    client = TestClient(TestServer(create_app(load_settings())))
    await client.start_server()
    yield client
    await client.close()


async def test_healthz_reports_every_database(client):
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "databases": {"agreement": "ok", "device": "ok", "bot": "ok"}}


async def test_chat_page_offers_the_personas(client):
    page = await (await client.get("/")).text()
    assert 'lang="de"' in page and "anna.schmid@stuttgart.example" in page and 'role="log"' in page
    assert (await client.get("/static/chat.js")).status == 200


async def test_chat_api_answers_as_the_persona(client):
    response = await client.post("/api/chat", json={"as": "lukas.klein@stuttgart.example",
                                                    "text": "Wo ist mein Laptop?"})
    assert response.status == 200
    text = " ".join(r["text"] for r in (await response.json())["replies"])
    assert "NB-102455" in text


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"as": "", "text": "hi"}', b'{"as": "a@b", "text": "  "}'])
async def test_bad_requests_get_a_clear_400(client, body):
    response = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert "Traceback" not in await response.text()


async def test_model_parse_speaks_rasa(client):
    data = await (await client.post("/model/parse", json={"text": "Mein Laptop NB-104233 ist kaputt"})).json()
    assert set(data) >= {"text", "intent", "entities", "intent_ranking"}
    found = {(e["entity"], e["value"]) for e in data["entities"]}
    assert ("inventory_number", "NB-104233") in found


async def test_updates_bring_what_came_between_messages(client):
    from bot.messages import OutgoingMessage
    from bot.web import WEB_CHANNEL

    lukas = "lukas.klein@stuttgart.example"
    assert (await (await client.post("/api/chat/updates", json={"as": lukas})).json()) == {"replies": []}
    await client.app[WEB_CHANNEL].send(OutgoingMessage("web", lukas, "Antwort vom Help-Desk", (), "de"))
    data = await (await client.post("/api/chat/updates", json={"as": "Lukas.Klein@stuttgart.example "})).json()
    assert [r["text"] for r in data["replies"]] == ["Antwort vom Help-Desk"]
    assert (await (await client.post("/api/chat/updates", json={"as": lukas})).json()) == {"replies": []}
    assert (await client.post("/api/chat/updates", json={"as": ""})).status == 400
