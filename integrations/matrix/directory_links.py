"""Link employees to their Matrix accounts ahead of first contact, by the adapter's own identity rule.

`@anna.schmid:<matrix domain>` is the employee with the e-mail `anna.schmid@<mapped domain>`
(`MOBI_MATRIX_DOMAIN_MAP`, an allowed domain maps to itself): read backwards, every e-mail address in a
mapped domain names a Matrix account. Only accounts the homeserver knows are linked (a profile lookup;
Synapse would invite an unknown local account all the same), so broadcasts reach people who never wrote
to mobi and `preview` stops counting them as unreachable. Employees linked already are left as they are.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from nio import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import store
from integrations.db.agreement_schema import EmployeeRow
from integrations.db.bot_schema import ChannelIdentityRow
from integrations.matrix.calls import account_exists
from integrations.matrix.config import MatrixSettings
from integrations.matrix.identity import CHANNEL

EMP, IDENT = EmployeeRow.__table__, ChannelIdentityRow.__table__
LOOKUPS_IN_FLIGHT = 8


@dataclass
class LinkReport:
    candidates: int = 0  # employees without a Matrix link whose e-mail domain maps to a Matrix domain
    linked: int = 0
    unknown: list[str] = field(default_factory=list)  # derived ids the homeserver does not know


def matrix_id(email: str, settings: MatrixSettings) -> str | None:
    """The Matrix id the identity rule gives an e-mail address, or None if its domain is not mapped."""
    localpart, _, domain = email.strip().lower().rpartition("@")
    forward = {matrix.lower(): mail.lower() for matrix, mail in settings.matrix_domain_map.items()}
    backwards = {mail: matrix for matrix, mail in forward.items()}
    backwards.update({d: d for d in settings.matrix_domains() if d not in forward and d not in backwards})
    target = backwards.get(domain)
    return f"@{localpart}:{target}" if localpart and target in settings.matrix_domains() else None


async def link_directory(agreement: AsyncEngine, bot: AsyncEngine, client: AsyncClient,
                         settings: MatrixSettings) -> LinkReport:
    async with agreement.connect() as conn:
        people = (await conn.execute(select(EMP.c.personnel_number, EMP.c.email).where(EMP.c.email.is_not(None)))).all()
    async with bot.connect() as conn:
        done = set((await conn.scalars(select(IDENT.c.personnel_number).where(IDENT.c.channel == CHANNEL))).all())
    wanted = {pn: mid for pn, email in people if pn not in done and (mid := matrix_id(email, settings))}
    report, gate = LinkReport(candidates=len(wanted)), asyncio.Semaphore(LOOKUPS_IN_FLIGHT)

    async def known(user_id: str) -> bool:
        async with gate:
            return await account_exists(client, user_id)

    found = await asyncio.gather(*(known(mid) for mid in wanted.values()))
    async with bot.begin() as conn:
        for (pn, mid), exists in zip(wanted.items(), found):
            if exists:
                await store.link_identity(conn, CHANNEL, mid, pn)
                report.linked += 1
            else:
                report.unknown.append(mid)
    return report
