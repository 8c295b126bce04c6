"""Employees linked to their Matrix accounts before they ever wrote: the identity rule read backwards (#9)."""
import pytest

from bot.broadcasts import service
from bot.broadcasts.targeting import Target
from integrations.matrix.config import MatrixSettings
from integrations.matrix.directory_links import link_directory, matrix_id
from tests.broadcasts.test_matrix import HR
from tests.matrix.conftest import (  # noqa: F401  (fixtures)
    admin_token, employee, homeserver, nlu_model, people, settings,
)
from tests.matrix.harness import running_bot


def test_matrix_id_reads_the_domain_map_backwards():
    mapped = MatrixSettings(matrix_user_id="@mobi:stuttgart.de", matrix_domain_map={"stuttgart.de": "stuttgart.example"})
    assert matrix_id("Anna.Schmid@Stuttgart.example", mapped) == "@anna.schmid:stuttgart.de"
    assert matrix_id("anna.schmid@stuttgart.de", mapped) is None  # that domain maps elsewhere
    assert matrix_id("x@elsewhere.example", mapped) is None
    plain = MatrixSettings(matrix_user_id="@mobi:stadt.de")
    assert matrix_id("max@stadt.de", plain) == "@max:stadt.de"


@pytest.mark.matrix
async def test_only_accounts_the_homeserver_knows_are_linked(settings, people):  # noqa: F811
    async with running_bot(settings) as (channel, runtime):
        dbs = runtime.dbs
        bc = await service.create(dbs.bot, await service.actor(dbs.agreement, HR), title="T", text_de="x",
                                  target=Target(), approval=False)
        before = await service.preview(dbs, bc)
        report = await link_directory(dbs.agreement, dbs.bot, channel.client, settings)
        after = await service.preview(dbs, bc)
    personas = {people[name] for name in ("anna.schmid", "mehmet.yilmaz", "julia.becker")}
    assert report.linked >= 3 and report.candidates == report.linked + len(report.unknown)  # (@admin too)
    assert not personas & set(report.unknown) and "@thomas.mueller:localhost" in report.unknown
    assert after["per_channel"].get("matrix", 0) == before["per_channel"].get("matrix", 0) + report.linked
    assert after["unreachable"] == before["unreachable"] - report.linked
