"""What mobi stores and for how long (from the live config), export and deletion of the employee's bot data."""
from __future__ import annotations

import re

from actions import forms
from actions.base import Outcome, Reply, Repos, Turn
from actions.events import ExportMyData

EXPORT = re.compile(r"export|herunterlad|download|kopie|copy|auskunft|zuschicken|schick|send me|übersicht|uebersicht")


async def privacy_info(turn: Turn, repos: Repos) -> Outcome:
    facts = turn.facts
    texts = "privacy.texts_kept" if facts.store_texts else "privacy.texts_not_kept"
    return Outcome((Reply("privacy.info", {"retention": facts.retention_days}).then(
        Reply(texts, {"retention": facts.retention_days}), Reply("privacy.rights")),))


async def delete_my_data(turn: Turn, repos: Repos) -> Outcome:
    """'meine Daten exportieren' lands here too (the NLU has no own intent for it): export, else confirm deletion."""
    if EXPORT.search(turn.text.lower()):
        return export_my_data_outcome(turn)
    return await forms.start("delete_data", turn, repos)


def export_my_data_outcome(turn: Turn) -> Outcome:
    return Outcome((Reply("privacy.export_coming"),), events=(ExportMyData(turn.employee.personnel_number,
                                                                            turn.language),))


async def export_my_data(turn: Turn, repos: Repos) -> Outcome:
    return export_my_data_outcome(turn)
