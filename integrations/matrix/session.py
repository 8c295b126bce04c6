"""Log the bot in: a nio client with its vodozemac crypto store under MOBI_HOME, by access token or password."""
from __future__ import annotations

import os
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig

from bot.errors import ConfigError
from integrations.matrix.calls import call
from integrations.matrix.config import MatrixSettings

REQUEST_TIMEOUT = 30.0


def sync_filter(timeline_limit: int = 100) -> dict:
    """Only what the bot acts on: no presence, typing or account data wake it up; read receipts do (broadcasts)."""
    return {
        "presence": {"not_types": ["*"]},
        "account_data": {"not_types": ["*"]},
        "room": {
            "timeline": {"limit": timeline_limit},
            "state": {"lazy_load_members": False},
            "ephemeral": {"types": ["m.receipt"]},
            "account_data": {"not_types": ["*"]},
        },
    }


def make_client(settings: MatrixSettings, store_dir: Path) -> AsyncClient:
    """A client that reports 429s and network errors at once (we wait and retry, off the sync loop)."""
    settings.check_matrix()
    if settings.matrix_e2ee:
        store_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(store_dir, 0o700)
    e2ee = {"pickle_key": settings.matrix_pickle_key.get_secret_value()} if settings.matrix_e2ee else \
        {"encryption_enabled": False}
    config = AsyncClientConfig(max_limit_exceeded=0, max_timeouts=0, request_timeout=REQUEST_TIMEOUT,
                               store_sync_tokens=False, **e2ee)
    return AsyncClient(settings.matrix_homeserver, settings.matrix_user_id, settings.matrix_device_id,
                       store_path=str(store_dir) if settings.matrix_e2ee else "", config=config)


async def log_in(client: AsyncClient, settings: MatrixSettings) -> None:
    """Access token (its device comes from whoami) or password login with the stable device id."""
    token = settings.matrix_access_token.get_secret_value()
    try:
        if token:
            client.access_token = token
            me = await call(client.whoami())
            if me.user_id != settings.matrix_user_id:
                raise ConfigError(f"MOBI_MATRIX_ACCESS_TOKEN belongs to {me.user_id}, not {settings.matrix_user_id}")
            client.restore_login(me.user_id, me.device_id, token)  # opens the crypto store
        else:
            await call(client.login(settings.matrix_password.get_secret_value(), device_name="mobi"))
    except ValueError as exc:  # vodozemac cannot decrypt the stored keys
        if "pickle" not in str(exc).lower():
            raise
        raise ConfigError(f"the crypto store in {client.store_path} does not open with MOBI_MATRIX_PICKLE_KEY "
                          "(changed key?): restore the old key, or move the store away and use a new device") from None
    if settings.matrix_e2ee and client.should_upload_keys:
        await call(client.keys_upload())


async def connect(settings: MatrixSettings, store_dir: Path) -> AsyncClient:
    client = make_client(settings, store_dir)
    try:
        await log_in(client, settings)
    except BaseException:
        await client.close()
        raise
    return client
