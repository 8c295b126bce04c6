"""Whom a broadcast reaches: filters combined with AND (each a set, OR within), resolved against the
agreement and device databases, then to the employees' linked channels in the bot database."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.domain import AgreementStatus, DeviceStatus, Role
from integrations.db.agreement_schema import AgreementRow, EmployeeRow, OrgUnitRow
from integrations.db.bot_schema import ChannelIdentityRow, ConversationRow
from integrations.db.device_schema import DeviceRow
from integrations.db.dialogue_schema import PreferenceRow

EMP, UNITS, AGR = EmployeeRow.__table__, OrgUnitRow.__table__, AgreementRow.__table__
DEV, IDENT, CONV, PREFS = DeviceRow.__table__, ChannelIdentityRow.__table__, ConversationRow.__table__, \
    PreferenceRow.__table__
UNREACHABLE = "-"


@dataclass(frozen=True)
class Target:
    """Empty means everyone. `amter` are org-unit codes or names."""

    amter: tuple[str, ...] = ()
    agreement_status: tuple[str, ...] = ()
    device_status: tuple[str, ...] = ()
    eakte_wave: tuple[int, ...] = ()
    role: tuple[str, ...] = ()
    language: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {k: list(v) for k, v in asdict(self).items() if v}

    @classmethod
    def from_json(cls, data: dict) -> "Target":
        return cls(**{k: tuple(int(x) for x in v) if k == "eakte_wave" else tuple(v)
                      for k, v in (data or {}).items()})

    def check(self) -> None:
        """Unknown values are an error the author sees, not an empty audience."""
        from bot.broadcasts.lifecycle import BroadcastError

        for name, kind in (("agreement_status", AgreementStatus), ("device_status", DeviceStatus), ("role", Role)):
            for value in getattr(self, name):
                if value not in {member.value for member in kind}:
                    allowed = ", ".join(member.value for member in kind)
                    raise BroadcastError(f"unknown {name.replace('_', ' ')} {value!r} ({allowed})")
        for value in self.language:
            if value not in ("de", "en"):
                raise BroadcastError(f"unknown language {value!r} (de, en)")

    @property
    def everyone(self) -> bool:
        return not self.to_json()


@dataclass(frozen=True)
class Person:
    personnel_number: str
    org_unit: str
    language: str


@dataclass(frozen=True)
class Delivery:
    """One outbox row to be: a channel address, or UNREACHABLE / opted out (channel "-")."""

    person: Person
    channel: str
    recipient: str
    status: str  # pending | unreachable | opted_out


async def people(agreement: AsyncEngine, device: AsyncEngine, target: Target) -> list[Person]:
    query = select(EMP.c.personnel_number, EMP.c.org_unit_code, EMP.c.language).join(
        UNITS, UNITS.c.code == EMP.c.org_unit_code)
    if target.amter:
        query = query.where(UNITS.c.code.in_(target.amter) | UNITS.c.name.in_(target.amter))
    if target.eakte_wave:
        query = query.where(UNITS.c.eakte_wave.in_(target.eakte_wave))
    if target.role:
        query = query.where(EMP.c.role.in_([Role(r) for r in target.role]))
    if target.language:
        query = query.where(EMP.c.language.in_(target.language))
    if target.agreement_status:
        statuses = [AgreementStatus(a) for a in target.agreement_status]
        query = query.where(EMP.c.personnel_number.in_(
            select(AGR.c.personnel_number).where(AGR.c.status.in_(statuses))))
    async with agreement.connect() as conn:
        rows = (await conn.execute(query.order_by(EMP.c.personnel_number))).all()
    found = [Person(r.personnel_number, r.org_unit_code, r.language or "de") for r in rows]
    if target.device_status:
        async with device.connect() as conn:
            statuses = [DeviceStatus(d) for d in target.device_status]
            holders = set((await conn.scalars(select(DEV.c.personnel_number).where(
                DEV.c.status.in_(statuses) & DEV.c.personnel_number.is_not(None)))).all())
        found = [p for p in found if p.personnel_number in holders]
    return found


async def deliveries(conn: AsyncConnection, persons: list[Person], *, respect_opt_out: bool) -> list[Delivery]:
    """Each person's linked channels (verified identities); opted-out or unlinked people get one marker row."""
    links: dict[str, list[tuple[str, str]]] = {}
    off: set[str] = set()
    numbers = [p.personnel_number for p in persons]
    for start in range(0, len(numbers), 500):
        chunk = numbers[start:start + 500]
        for r in (await conn.execute(select(IDENT.c.personnel_number, IDENT.c.channel, IDENT.c.external_id)
                                     .where(IDENT.c.personnel_number.in_(chunk))
                                     .order_by(IDENT.c.channel, IDENT.c.id))).all():
            links.setdefault(r.personnel_number, []).append((r.channel, r.external_id))
        if respect_opt_out:
            off |= set((await conn.scalars(select(PREFS.c.personnel_number).where(
                PREFS.c.personnel_number.in_(chunk) & (PREFS.c.name == "announcements")
                & (PREFS.c.enabled.is_(False))))).all())
    out: list[Delivery] = []
    for person in persons:
        if person.personnel_number in off:
            out.append(Delivery(person, UNREACHABLE, "", "opted_out"))
            continue
        seen: set[str] = set()
        for channel, external in links.get(person.personnel_number, []):
            if channel not in seen:  # one address per channel (the first linked)
                seen.add(channel)
                out.append(Delivery(person, channel, external, "pending"))
        if not seen:
            out.append(Delivery(person, UNREACHABLE, "", "unreachable"))
    return out
