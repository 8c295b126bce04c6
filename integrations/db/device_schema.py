"""Device database (IT inventory): one row per device."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.domain import DeviceStatus, DeviceType
from integrations.db.types import enum_column


class DeviceBase(DeclarativeBase):
    pass


class DeviceRow(DeviceBase):
    __tablename__ = "devices"

    inventory_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    type: Mapped[DeviceType] = mapped_column(enum_column(DeviceType))
    model: Mapped[str] = mapped_column(String(80))
    status: Mapped[DeviceStatus] = mapped_column(enum_column(DeviceStatus), index=True)
    personnel_number: Mapped[str | None] = mapped_column(String(16), index=True)
    status_since: Mapped[dt.date] = mapped_column(Date)
    expected_date: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(160))
    ticket: Mapped[str | None] = mapped_column(String(24))
