"""Which address the login lock counts: the peer, or behind a trusted proxy the forwarded client."""
import ipaddress

import pytest

from bot.admin.config import AdminSettings
from bot.admin.throttle import client_address
from bot.config import load_settings
from tests.admin.support import ROLE_USERS

PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::/32"))


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address("10.1.2.3", ["198.51.100.7"], ()) == "10.1.2.3"


def test_a_peer_that_is_not_a_proxy_cannot_forge_its_address():
    assert client_address("203.0.113.9", ["198.51.100.7"], PROXIES) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_address_counts():
    assert client_address("10.0.0.2", ["198.51.100.7"], PROXIES) == "198.51.100.7"
    # the client put a forged address in front; our two proxies appended the real one and each other
    assert client_address("10.0.0.2", ["1.2.3.4, 198.51.100.7, 10.0.0.5"], PROXIES) == "198.51.100.7"
    assert client_address("10.0.0.2", ["1.2.3.4", "198.51.100.7, 10.9.9.9"], PROXIES) == "198.51.100.7"
    assert client_address("2001:db8::1", ["2001:db8::7, 2a00:1450::1"], PROXIES) == "2a00:1450::1"


def test_odd_headers_fall_back_to_what_is_known():
    assert client_address("10.0.0.2", [], PROXIES) == "10.0.0.2"
    assert client_address("10.0.0.2", ["10.0.0.7"], PROXIES) == "10.0.0.7"  # only proxies: the farthest one
    assert client_address("10.0.0.2", ["not-an-ip"], PROXIES) == "10.0.0.2"
    assert client_address(None, ["198.51.100.7"], PROXIES) == "unknown"


def test_the_setting_takes_json_or_a_comma_list_and_refuses_garbage():
    assert AdminSettings(admin_trusted_proxies='["10.0.0.0/8"]').admin_trusted_proxies == ["10.0.0.0/8"]
    settings = AdminSettings(admin_trusted_proxies="127.0.0.1, 10.0.0.0/8")
    assert [str(n) for n in settings.admin_proxy_networks()] == ["127.0.0.1/32", "10.0.0.0/8"]
    assert AdminSettings().admin_trusted_proxies == []
    with pytest.raises(ValueError, match="not an IP address"):
        AdminSettings(admin_trusted_proxies="proxy.intern")


def test_the_environment_variable_is_read(monkeypatch, tmp_path):
    monkeypatch.setenv("MOBI_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("MOBI_ADMIN_TRUSTED_PROXIES", "192.0.2.10")
    assert load_settings().admin_trusted_proxies == ["192.0.2.10"]


@pytest.fixture
def behind_proxy(monkeypatch):
    monkeypatch.setenv("MOBI_ADMIN_TRUSTED_PROXIES", "127.0.0.1")


async def fail(console, email: str, forwarded: str):
    form = await console.login_form(email, "falsch-falsch-falsch")
    response = await console.client.post("/admin/login", data=form, headers={"X-Forwarded-For": forwarded})
    return await response.text()


async def test_behind_the_proxy_one_client_is_locked_not_everybody(behind_proxy, console):
    for n in range(5):
        html = await fail(console, f"niemand{n}@stuttgart.example", "198.51.100.7")
    assert "gesperrt" in html  # five accounts tried from one client: that client is locked
    assert "stimmt nicht" in await fail(console, ROLE_USERS["hr"], "198.51.100.8")  # another client is not
