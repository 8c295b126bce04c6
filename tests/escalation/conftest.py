"""The Matrix fixtures of tests/matrix (one Synapse per session), plus the help-desk agent Petra Koch."""
from __future__ import annotations

import pytest

from tests.matrix.conftest import (  # noqa: F401  (fixtures)
    PASSWORD, PEOPLE, admin_token, employee, homeserver, nlu_model, settings,
)

AGENTS = ("petra.koch",)


@pytest.fixture(scope="session")
async def people(homeserver) -> dict[str, str]:
    """The Matrix personas of tests/matrix and the help-desk agent (role helpdesk in the demo city)."""
    return {name: (await homeserver.register(name, PASSWORD)).user_id for name in (*PEOPLE, *AGENTS)}
