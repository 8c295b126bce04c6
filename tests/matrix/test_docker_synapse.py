"""The compose Synapse config (docker/synapse) starts as it is, with only its paths and port moved."""
import asyncio

import yaml

from tests.conftest import ROOT
from tests.matrix import synapse


def test_docker_synapse_config_starts_and_registers_the_bot(tmp_path):
    config = yaml.safe_load((ROOT / "docker/synapse/homeserver.yaml").read_text())
    port = synapse.free_port()
    text = yaml.safe_dump(config).replace("/data", str(tmp_path)).replace("/config/log.config",
                                                                           str(tmp_path / "log.yaml"))
    moved = yaml.safe_load(text)
    moved["listeners"][0].update(port=port, bind_addresses=["127.0.0.1"])
    server = synapse.start(tmp_path, config=moved)
    try:
        account = asyncio.run(server.register("mobi"))
        assert account.user_id == "@mobi:localhost"
    finally:
        server.stop()
