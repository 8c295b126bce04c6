"""Column types shared by the three schemas (portable across SQLite and PostgreSQL)."""
from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as VARCHAR, so SQLite and PostgreSQL agree and migrations stay simple."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
