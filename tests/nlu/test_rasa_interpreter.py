"""RasaInterpreter against a small real aiohttp server that speaks Rasa's /model/parse."""
import asyncio
import socket

import pytest
from aiohttp import web

from integrations.rasa import RasaInterpreter, from_rasa
from nlu.result import IntentScore, ParseResult

RASA_ANSWER = {
    "text": "Wo ist mein Laptop?",
    "intent": {"name": "device_status", "confidence": 0.93},
    "entities": [{"entity": "device_type", "value": "laptop", "start": 12, "end": 18,
                  "extractor": "DIETClassifier", "confidence_entity": 0.99}],
    "intent_ranking": [{"name": "device_status", "confidence": 0.93}, {"name": "device_problem", "confidence": 0.05}],
}


class FakeModel:
    def __init__(self):
        self.calls = 0

    def parse(self, text):
        self.calls += 1
        return ParseResult(text, IntentScore("greet", 0.5), language="de")


@pytest.fixture
async def rasa_server():
    state = {"mode": "ok", "requests": []}

    async def parse(request):
        body = await request.json()
        state["requests"].append(body)
        if state["mode"] == "slow":
            await asyncio.sleep(1)
        if state["mode"] == "error":
            return web.Response(status=500, text="boom")
        if state["mode"] == "garbage":
            return web.Response(text="not json")
        return web.json_response({**RASA_ANSWER, "text": body["text"]})

    app = web.Application()
    app.router.add_post("/model/parse", parse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", state
    await runner.cleanup()


async def test_parse_converts_rasa_answer(rasa_server):
    url, state = rasa_server
    rasa = RasaInterpreter(url, fallback=FakeModel())
    try:
        result = await rasa.parse("Wo ist mein Laptop?")
    finally:
        await rasa.close()
    assert state["requests"] == [{"text": "Wo ist mein Laptop?"}]
    assert result.intent == IntentScore("device_status", 0.93)
    assert result.first("device_type") == "laptop"
    assert result.entities[0].confidence == 0.99
    assert [s.name for s in result.intent_ranking] == ["device_status", "device_problem"]
    assert result.language == "de"


@pytest.mark.parametrize("mode", ["error", "garbage", "slow"])
async def test_falls_back_on_errors_and_timeouts(rasa_server, mode):
    url, state = rasa_server
    state["mode"] = mode
    fallback = FakeModel()
    rasa = RasaInterpreter(url, fallback=fallback, timeout=0.2)
    try:
        assert (await rasa.parse("hallo")).intent.name == "greet"
    finally:
        await rasa.close()
    assert fallback.calls == 1 and rasa.degraded


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_closed_port_falls_back_and_logs_once(capsys):
    import structlog

    fallback = FakeModel()
    rasa = RasaInterpreter(f"http://127.0.0.1:{_closed_port()}", fallback=fallback, timeout=0.5)
    with structlog.testing.capture_logs() as logs:
        try:
            for _ in range(3):
                assert (await rasa.parse("geheimer Text")).intent.name == "greet"
        finally:
            await rasa.close()
    assert fallback.calls == 3
    warnings = [entry for entry in logs if entry["event"] == "rasa_unavailable_using_embedded_nlu"]
    assert len(warnings) == 1
    assert "geheimer Text" not in repr(logs)


async def test_recovery_is_logged(rasa_server):
    import structlog

    url, state = rasa_server
    state["mode"] = "error"
    rasa = RasaInterpreter(url, fallback=FakeModel())
    with structlog.testing.capture_logs() as logs:
        await rasa.parse("a")
        state["mode"] = "ok"
        result = await rasa.parse("b")
        await rasa.close()
    assert result.intent.name == "device_status"
    assert [e["event"] for e in logs] == ["rasa_unavailable_using_embedded_nlu", "rasa_available_again"]


def test_from_rasa_maps_fallback_and_missing_intent():
    assert from_rasa("x", {"intent": {"name": "nlu_fallback", "confidence": 0.3}}).intent.name == "out_of_scope"
    assert from_rasa("", {"intent": None, "entities": []}).intent == IntentScore("out_of_scope", 0.0)


async def test_works_with_the_real_embedded_model_as_fallback(model):
    rasa = RasaInterpreter(f"http://127.0.0.1:{_closed_port()}", fallback=model, timeout=0.5)
    try:
        assert (await rasa.parse("vpn geht nicht")).intent.name == "vpn_help"
    finally:
        await rasa.close()
