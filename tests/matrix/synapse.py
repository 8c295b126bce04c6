"""A throwaway Synapse homeserver from pip on 127.0.0.1, for the Matrix tests and the benchmark."""
from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml
from signedjson.key import generate_signing_key, write_signing_keys

from integrations.matrix import admin

FAST = {"per_second": 1000, "burst_count": 1000}
LOG_CONFIG = {
    "version": 1,
    "formatters": {"plain": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
    "handlers": {"file": {"class": "logging.FileHandler", "formatter": "plain", "filename": "LOG"}},
    "root": {"level": "WARNING", "handlers": ["file"]},
    "disable_existing_loggers": False,
}


SHM = Path("/dev/shm")
SHM_NEEDED = 1 << 30  # a 2,000-DM test leaves ~60 MB; Docker's default /dev/shm (64 MB) is too small


def fast_directory() -> Path | None:
    """A fresh directory in memory if /dev/shm has room, else None. Synapse's SQLite syncs every commit to
    disk, which on this machine held it at ~22 msg/s and ~3 new DMs/s; in memory: ~52 msg/s, ~8 DMs/s."""
    if SHM.is_dir() and shutil.disk_usage(SHM).free >= SHM_NEEDED:
        return Path(tempfile.mkdtemp(prefix="mobi-synapse-", dir=SHM))
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def homeserver_config(directory: Path, port: int, shared_secret: str, server_name: str) -> dict:
    """Everything the notes found necessary, with every rate limit relaxed (the bot's own are set per user)."""
    return {
        "server_name": server_name,
        "pid_file": str(directory / "homeserver.pid"),
        "listeners": [{"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "x_forwarded": False,
                       "tls": False, "resources": [{"names": ["client"], "compress": False}]}],
        "database": {"name": "sqlite3", "args": {"database": str(directory / "homeserver.db")}},
        "log_config": str(directory / "log.yaml"),
        "media_store_path": str(directory / "media"),
        "signing_key_path": str(directory / "signing.key"),
        "registration_shared_secret": shared_secret,
        "report_stats": False, "suppress_key_server_warning": True,
        "trusted_key_servers": [], "federation_domain_whitelist": [],
        "bcrypt_rounds": 4, "default_room_version": "11", "presence": {"enabled": False},
        "rc_message": FAST, "rc_registration": FAST, "rc_room_creation": FAST, "rc_key_requests": FAST,
        "rc_login": {"address": FAST, "account": FAST, "failed_attempts": FAST},
        "rc_joins": {"local": FAST, "remote": FAST}, "rc_joins_per_room": FAST,
        "rc_invites": {"per_room": FAST, "per_user": FAST, "per_issuer": FAST},
    }


@dataclass
class Homeserver:
    url: str
    server_name: str
    shared_secret: str
    directory: Path
    process: subprocess.Popen

    async def register(self, user: str, password: str | None = None, admin_user: bool = False) -> admin.Account:
        return await admin.register(self.url, self.shared_secret, user, password or secrets.token_urlsafe(12),
                                    admin=admin_user)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self, timeout: float = 60.0) -> None:
        """Stop and start again with the same config, port and database (an outage as clients see it)."""
        self.stop()
        self.process = _launch(self.directory)
        _wait_ready(self, timeout)


def start(directory: Path, server_name: str = "localhost", timeout: float = 60.0,
          config: dict | None = None) -> Homeserver:
    """Write a config (ours, or the given one with its own paths), start Synapse and wait until it answers."""
    directory.mkdir(parents=True, exist_ok=True)
    config = config or homeserver_config(directory, free_port(), secrets.token_hex(16), server_name)
    with open(config["signing_key_path"], "w") as fh:
        write_signing_keys(fh, [generate_signing_key("a_test")])
    log_config = dict(LOG_CONFIG, handlers={"file": dict(LOG_CONFIG["handlers"]["file"],
                                                          filename=str(directory / "homeserver.log"))})
    Path(config["log_config"]).write_text(yaml.safe_dump(log_config))
    (directory / "homeserver.yaml").write_text(yaml.safe_dump(config))
    url = f"http://127.0.0.1:{config['listeners'][0]['port']}"
    server = Homeserver(url, config["server_name"], config["registration_shared_secret"], directory,
                        _launch(directory))
    _wait_ready(server, timeout)
    return server


def _launch(directory: Path) -> subprocess.Popen:
    with open(directory / "stdout.log", "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "synapse.app.homeserver", "-c",
                                 str(directory / "homeserver.yaml")], cwd=directory, stdout=out,
                                stderr=subprocess.STDOUT)


def _wait_ready(server: Homeserver, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"Synapse exited: see {server.directory / 'stdout.log'}")
        try:
            urllib.request.urlopen(f"{server.url}/_matrix/client/versions", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("Synapse did not start in time")
