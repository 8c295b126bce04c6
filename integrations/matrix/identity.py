"""Map a Matrix user to an employee (default rule: e-mail localpart, domain mapped) and store the link."""
from __future__ import annotations

from typing import Mapping

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import store
from bot.repositories import EmployeeDirectory
from integrations.matrix.events import domain_of, email_for

CHANNEL = "matrix"


class Identities:
    """Links each sender once per process before their message is submitted; unknown users stay unlinked.

    The homeserver authenticated the sender, and only users of the allowed domains are linked, so the
    link is stored as verified. Unknown users are looked up again on every message (they may be added
    to the directory later) and get the pipeline's friendly `unknown_sender` answer meanwhile.
    """

    def __init__(self, engine: AsyncEngine, directory: EmployeeDirectory, domains: frozenset[str],
                 domain_map: Mapping[str, str]):
        self._engine = engine
        self._directory = directory
        self._domains = domains
        self._domain_map = {k.lower(): v for k, v in domain_map.items()}
        self._linked: set[str] = set()

    async def link(self, user_id: str) -> bool:
        """True if `user_id` is (now) linked to an employee."""
        if user_id in self._linked:
            return True
        if domain_of(user_id) not in self._domains:
            return False
        employee = await self._directory.by_email(email_for(user_id, self._domain_map))
        if employee is None:
            return False
        async with self._engine.begin() as conn:
            await store.link_identity(conn, CHANNEL, user_id, employee.personnel_number)
        self._linked.add(user_id)
        return True
