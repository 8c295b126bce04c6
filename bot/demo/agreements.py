"""Generated mobile-work agreements: ~6,300 per 15,000 staff in a realistic status mix, dates around today."""
from __future__ import annotations

import datetime as dt
import random

from bot.domain import WEEKDAYS, AgreementStatus as A

AGREEMENTS_PER_15000 = 6300
# Share of agreement holders by the status of their current agreement.
MIX: tuple[tuple[A, float], ...] = (
    (A.ACTIVE, 0.77), (A.APPROVED, 0.035), (A.SUBMITTED, 0.05), (A.DRAFT, 0.02),
    (A.REJECTED, 0.025), (A.EXPIRED, 0.06), (A.CANCELLED, 0.04),
)
HISTORY_SHARE = 0.06  # active holders who also have an earlier, expired agreement
DAYS = ((1.0, 0.2), (1.5, 0.05), (2.0, 0.4), (2.5, 0.07), (3.0, 0.28))  # at most 60 % (§ 4)
NOTES = {
    A.ACTIVE: ("Präsenztage im Team abgestimmt.", "Vorher Telearbeit, seit 2021 mobiles Arbeiten.",
               "Befristet bis Projektende."),
    A.REJECTED: ("Abgelehnt: Publikumsverkehr erfordert Anwesenheit (§ 5).",
                 "Abgelehnt: Einarbeitung noch nicht abgeschlossen (§ 5)."),
    A.CANCELLED: ("Beendet auf Wunsch des Beschäftigten (§ 12).", "Beendet wegen Stellenwechsel (§ 12)."),
}
WORKDAYS = WEEKDAYS[:5]


def counts(total: int, mix=MIX) -> list[tuple[A, int]]:
    """Exact counts per status summing to `total` (largest remainder)."""
    exact = [(status, total * share) for status, share in mix]
    result = [[status, int(x)] for status, x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - result[i][1]), i))
    for i in order[: total - sum(n for _, n in result)]:
        result[i][1] += 1
    return [(status, n) for status, n in result]


def generate_agreements(rng: random.Random, pool: list[dict], rows: int, today: dt.date) -> list[dict]:
    """About `rows` agreements for employees drawn from `pool` (eligible, with e-mail)."""
    holders_n = min(len(pool), round(rows / (1 + HISTORY_SHARE * MIX[0][1])))
    statuses = [status for status, n in counts(holders_n) for _ in range(n)]
    rng.shuffle(statuses)
    holders = rng.sample(pool, holders_n)
    agreements = [_one(rng, e, status, today) for e, status in zip(holders, statuses)]
    active = [a for a in agreements if a["status"] is A.ACTIVE]
    for current in rng.sample(active, min(len(active), max(0, rows - holders_n))):
        agreements.append(_earlier(rng, current))
    return agreements


def _one(rng: random.Random, employee: dict, status: A, today: dt.date) -> dict:
    valid_from, valid_until, since = _DATES[status](rng, today)
    days = rng.choices([d for d, _ in DAYS], weights=[w for _, w in DAYS])[0]
    note = rng.choice(NOTES[status]) if status in NOTES and rng.random() < 0.25 else ""
    if status is A.REJECTED:
        note = rng.choice(NOTES[status])
    return dict(personnel_number=employee["personnel_number"], status=status, days_per_week=days,
                weekdays=_weekdays(rng, days), valid_from=valid_from, valid_until=valid_until, status_since=since,
                supervisor_personnel_number=employee["supervisor_personnel_number"], note=note)


def _weekdays(rng: random.Random, days: float) -> str:
    """Fixed weekdays for whole days in two of three agreements; half days stay flexible."""
    if days != int(days) or rng.random() < 0.35:
        return ""
    chosen = rng.sample(range(5), int(days))
    return ",".join(WORKDAYS[i] for i in sorted(chosen))


def _earlier(rng: random.Random, current: dict) -> dict:
    until = current["valid_from"] - dt.timedelta(days=1)
    start = until - dt.timedelta(days=rng.choice((364, 729)))
    return dict(current, status=A.EXPIRED, valid_from=start, valid_until=until,
                status_since=until + dt.timedelta(days=1), note="")


def _d(today: dt.date, offset: int) -> dt.date:
    return today + dt.timedelta(days=offset)


def _term(rng: random.Random, start: dt.date) -> dt.date | None:
    """One or two years, or open-ended."""
    roll = rng.random()
    return None if roll < 0.35 else start + dt.timedelta(days=364 if roll < 0.7 else 729)


def _active(rng, today):
    start = _d(today, -rng.randint(20, 1600))
    until = _term(rng, start)
    if until is not None and until <= today:
        until = _d(today, rng.randint(1, 700))
    return start, until, start


def _approved(rng, today):
    start = _d(today, rng.randint(3, 45))
    return start, _term(rng, start), _d(today, -rng.randint(0, 25))


def _submitted(rng, today):
    since = _d(today, -rng.randint(0, 35))
    start = since + dt.timedelta(days=rng.randint(21, 60))
    return start, _term(rng, start), since


def _draft(rng, today):
    start = _d(today, rng.randint(14, 75))
    return start, _term(rng, start), _d(today, -rng.randint(0, 20))


def _rejected(rng, today):
    since = _d(today, -rng.randint(3, 500))
    start = since + dt.timedelta(days=rng.randint(14, 45))
    return start, _term(rng, start), since


def _expired(rng, today):
    until = _d(today, -rng.randint(1, 500))
    start = until - dt.timedelta(days=rng.choice((364, 729)))
    return start, until, until + dt.timedelta(days=1)


def _cancelled(rng, today):
    until = _d(today, rng.randint(-400, 25))  # some still run out their month of notice
    start = until - dt.timedelta(days=rng.randint(120, 900))
    return start, until, min(today, until - dt.timedelta(days=rng.randint(28, 40)))


_DATES = {A.ACTIVE: _active, A.APPROVED: _approved, A.SUBMITTED: _submitted, A.DRAFT: _draft,
          A.REJECTED: _rejected, A.EXPIRED: _expired, A.CANCELLED: _cancelled}
