"""Synapse admin API calls for setting up a bot account: shared-secret registration, rate-limit override."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote

import aiohttp

from bot.errors import ChannelError

REGISTER = "/_synapse/admin/v1/register"


@dataclass(frozen=True)
class Account:
    user_id: str
    access_token: str
    device_id: str
    password: str


def registration_mac(shared_secret: str, nonce: str, user: str, password: str, admin: bool) -> str:
    """HMAC-SHA1 over nonce, user, password and admin flag, NUL-separated (Synapse's scheme)."""
    message = "\x00".join((nonce, user, password, "admin" if admin else "notadmin"))
    return hmac.new(shared_secret.encode(), message.encode(), hashlib.sha1).hexdigest()


async def register(homeserver: str, shared_secret: str, user: str, password: str,
                   admin: bool = False) -> Account:
    """Create `user` on a homeserver that has `registration_shared_secret` set (dev and test servers)."""
    base = homeserver.rstrip("/")
    async with aiohttp.ClientSession() as http:
        async with http.get(base + REGISTER) as resp:
            nonce = (await _json(resp))["nonce"]
        body = {"nonce": nonce, "username": user, "password": password, "admin": admin,
                "mac": registration_mac(shared_secret, nonce, user, password, admin)}
        async with http.post(base + REGISTER, json=body) as resp:
            data = await _json(resp)
    return Account(data["user_id"], data["access_token"], data["device_id"], password)


async def override_ratelimit(homeserver: str, admin_token: str, user_id: str,
                             messages_per_second: float = 0, burst_count: int = 0) -> None:
    """Set a user's own message rate limit; 0/0 switches it off (what a bot account needs)."""
    url = f"{homeserver.rstrip('/')}/_synapse/admin/v1/users/{quote(user_id)}/override_ratelimit"
    body = {"messages_per_second": messages_per_second, "burst_count": burst_count}
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=body, headers={"Authorization": f"Bearer {admin_token}"}) as resp:
            await _json(resp)


async def _json(resp: aiohttp.ClientResponse) -> dict:
    data = await resp.json(content_type=None)
    if resp.status != 200:
        raise ChannelError(f"homeserver answered {resp.status}: {data.get('errcode')} {data.get('error', '')}")
    return data
