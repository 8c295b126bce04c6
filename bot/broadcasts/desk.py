"""The read side the chat form "Neue Ankündigung" sees (`bot.repositories.BroadcastDesk`), over the broadcast
service: the same counting as `mobi broadcast preview` and the same message as the sender delivers."""
from __future__ import annotations

from collections import Counter
from typing import Mapping

from bot.broadcasts import service
from bot.broadcasts.sender import compose
from bot.broadcasts.targeting import Target
from bot.repositories import Audience
from integrations.db.engines import Databases


class SqlBroadcastDesk:
    def __init__(self, dbs: Databases, approval: bool = True):
        self._dbs = dbs
        self.approval = approval

    async def org_units(self) -> dict[str, str]:
        return await service.unit_names(self._dbs.agreement)

    async def audience(self, target: Mapping[str, list], kind: str) -> Audience:
        plan = await service.plan(self._dbs, Target.from_json(dict(target)), kind)
        per_channel = Counter(d.channel for d in plan if d.status == "pending")
        return Audience(**service.headcount(plan), per_channel=dict(sorted(per_channel.items())))

    def message(self, title: str, text_de: str, text_en: str | None, kind: str, language: str) -> str:
        return compose(title, text_de, text_en, kind, language)[0]
