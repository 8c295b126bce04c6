"""Dates and periods in German and English, resolved against a reference day.

Our own small grammar handles the frequent forms fast ("ab nächstem Montag", "zum 1. März",
"bis Ende Juni", "15.03.", "in zwei Wochen", "next Friday"); anything else that looks like a
date (a month name or a dotted number we could not place) goes to dateparser.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from nlu.entities.numbers import number_value
from nlu.result import Entity

EXTRACTOR = "DateEntityExtractor"
MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "january": 1, "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mär": 3, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    "december": 12, "dec": 12,
}
DAYS = {
    "montag": 0, "monday": 0, "dienstag": 1, "tuesday": 1, "mittwoch": 2, "wednesday": 2,
    "donnerstag": 3, "thursday": 3, "freitag": 4, "friday": 4, "samstag": 5, "saturday": 5,
    "sonntag": 6, "sunday": 6,
}
_ORD_DE = ["erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt", "zehnt", "elft", "zwölft",
           "dreizehnt", "vierzehnt", "fünfzehnt", "sechzehnt", "siebzehnt", "achtzehnt", "neunzehnt", "zwanzigst"]
_ORD_EN = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
           "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
ORDINALS = {**{w: i for i, w in enumerate(_ORD_DE, 1)}, **{w: i for i, w in enumerate(_ORD_EN, 1)},
            "einundzwanzigst": 21, "zweiundzwanzigst": 22, "dreiundzwanzigst": 23, "vierundzwanzigst": 24,
            "fünfundzwanzigst": 25, "sechsundzwanzigst": 26, "siebenundzwanzigst": 27, "achtundzwanzigst": 28,
            "neunundzwanzigst": 29, "dreißigst": 30, "einunddreißigst": 31}
_ORD = "(?P<ord>" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")(?:e[nmr]?)?"
_M = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_D = "(?P<wd>" + "|".join(DAYS) + ")"
_Y = r"(?:,?\s*(?P<year>\d{4}))?"
_NUM = r"(?P<n>\d{1,3}|ein(?:e[mnr]?)?|zwei|drei|vier|fünf|fuenf|sechs|acht|zehn|a|an|one|two|three|four|five|six|eight|ten)"
_RULES: list[tuple[str, str]] = [
    ("iso", r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"),
    ("dmy", r"(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{2,4})?"),
    ("dm", r"(?P<day>\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?" + _M + _Y),
    ("md", _M + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b" + _Y),
    ("ord", _ORD + r"\s+(?:of\s+)?" + _M + _Y),
    ("edge", r"(?P<edge>ende|anfang|mitte|end of|beginning of|start of|middle of|mid)\s+(?:des\s+|der\s+)?" + _M + _Y),
    ("edge_rel", r"(?P<edge>ende|anfang|end of|beginning of|start of)\s+(?P<rel>(?:des |dieses |des nächsten |nächsten |naechsten |this |next |the )?(?:monats?|month|woche|week|jahres|year))"),
    ("rel_day", r"(?P<rel>übermorgen|uebermorgen|day after tomorrow|heute|today|morgen|tomorrow|gestern|yesterday)"),
    ("weekday", r"(?P<which>nächste[nmr]?|naechste[nmr]?|kommende[nmr]?|diese[nmr]?|next|this|coming)\s+" + _D),
    ("weekday_cue", r"(?P<which>ab|bis|am|zum|on|from|until|by)\s+" + _D + r"\b"),
    ("rel_week", r"(?P<which>übernächste|uebernaechste|nächste|naechste|kommende|next)\s+(?P<unit>woche|week|monat|month)"),
    ("in_n", r"in\s+" + _NUM + r"\s+(?P<unit>tag(?:en)?|days?|wochen?|weeks?|monat(?:en)?|months?)"),
    ("month", r"(?P<prep>im|in|ab|bis|zum|seit|until|from|by|since|anfang|ende)\s+" + _M + _Y),
]
_PATTERNS = [(name, re.compile(r"\b" + rx + r"(?!\w)", re.I)) for name, rx in _RULES]
_FROM = re.compile(r"(?:\b(?:ab|von|vom|seit|from|starting|beginning|since)\s+(?:dem\s+|the\s+|on\s+)?)$", re.I)
_UNTIL = re.compile(r"(?:\b(?:bis|until|till|by|to)\s+(?:zum\s+|zur\s+|the\s+|end\s+of\s+)?)$", re.I)
_UNAMBIGUOUS_MONTHS = sorted((m for m in MONTHS if len(m) >= 4 and m not in ("may", "mars")), key=len, reverse=True)
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(_UNAMBIGUOUS_MONTHS) + r")\b", re.I)
_WINDOW = re.compile(r"(?:\S+\s+){0,2}\S*$")


def find_dates(text: str, today: date) -> Iterator[Entity]:
    taken: list[tuple[int, int]] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken) or _greeting(text, m):
                continue
            value = _resolve(name, m, today)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            yield from _with_period(text, m.start(), m.end(), value)


def _greeting(text: str, m: re.Match[str]) -> bool:
    """"Guten Morgen" is not tomorrow."""
    return m.group(0).lower() == "morgen" and text[: m.start()].lower().rstrip().endswith(("guten", "gute", "n"))


def _with_period(text: str, start: int, end: int, value: date) -> Iterator[Entity]:
    iso = value.isoformat()
    yield Entity("date", iso, start, end, EXTRACTOR)
    before = text[max(0, start - 24) : start]
    if _FROM.search(before):
        yield Entity("date_from", iso, start, end, EXTRACTOR)
    elif _UNTIL.search(before) or re.match(r"(?i)bis|until|till", text[start:end]):
        yield Entity("date_until", iso, start, end, EXTRACTOR)
    elif re.match(r"(?i)ab|from", text[start:end]):
        yield Entity("date_from", iso, start, end, EXTRACTOR)


def _resolve(name: str, m: re.Match[str], today: date) -> date | None:
    try:
        return _RESOLVERS[name](m, today)
    except (ValueError, OverflowError):
        return None


def _future(year: int | None, month: int, day: int, today: date) -> date:
    if year is not None:
        return date(year + 2000 if year < 100 else year, month, day)
    candidate = date(today.year, month, day)
    return candidate if candidate >= today - timedelta(days=31) else date(today.year + 1, month, day)


def _year(m: re.Match[str]) -> int | None:
    return int(m.group("year")) if m.groupdict().get("year") else None


def _month(m: re.Match[str]) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")]


def _month_edge(edge: str, year: int, month: int) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, {"ende": last, "end of": last, "mitte": 15, "middle of": 15, "mid": 15}.get(edge, 1))


def _edge(m: re.Match[str], today: date) -> date:
    month, year = _month(m), _year(m)
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    return _month_edge(m.group("edge").lower(), year, month)


def _edge_rel(m: re.Match[str], today: date) -> date:
    rel, edge = m.group("rel").lower(), m.group("edge").lower()
    end = edge in ("ende", "end of")
    nxt = "chst" in rel or "next" in rel
    if "woch" in rel or "week" in rel:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=int(nxt))
        return monday + timedelta(days=4 if end else 0)
    if "jahr" in rel or "year" in rel:
        return date(today.year + int(nxt), 12, 31) if end else date(today.year + int(nxt), 1, 1)
    month, year = today.month + int(nxt), today.year
    if month > 12:
        month, year = 1, year + 1
    return _month_edge("ende" if end else "anfang", year, month)


def _rel_day(m: re.Match[str], today: date) -> date:
    rel = m.group("rel").lower()
    if rel.startswith(("über", "ueber", "day after")):
        return today + timedelta(days=2)
    shift = {"heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "gestern": -1, "yesterday": -1}
    return today + timedelta(days=shift[rel])


def _weekday(m: re.Match[str], today: date) -> date:
    target = DAYS[m.group("wd").lower()]
    ahead = (target - today.weekday()) % 7
    which = m.group("which").lower()
    if ahead == 0 and which not in ("diese", "diesen", "dieser", "diesem", "this"):
        ahead = 7
    return today + timedelta(days=ahead)


def _rel_week(m: re.Match[str], today: date) -> date:
    which, unit = m.group("which").lower(), m.group("unit").lower()
    steps = 2 if which.startswith(("übern", "uebern")) else 1
    if unit in ("woche", "week"):
        return today - timedelta(days=today.weekday()) + timedelta(weeks=steps)
    month, year = today.month + steps, today.year
    while month > 12:
        month, year = month - 12, year + 1
    return date(year, month, 1)


def _in_n(m: re.Match[str], today: date) -> date | None:
    n = number_value(m.group("n"))
    unit = m.group("unit").lower()
    if n is None or n > 400:
        return None
    if unit.startswith(("w",)):
        return today + timedelta(weeks=n)
    if unit.startswith(("mon",)):
        month = today.month - 1 + n
        year, month = today.year + month // 12, month % 12 + 1
        return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    return today + timedelta(days=n)


def _month_only(m: re.Match[str], today: date) -> date:
    month, year = _month(m), _year(m)
    if year is None:
        year = today.year if month >= today.month else today.year + 1
    edge = "ende" if m.group("prep").lower() in ("bis", "until", "by", "ende") else "anfang"
    return _month_edge(edge, year, month)


_RESOLVERS = {
    "iso": lambda m, t: date(int(m.group("year")), int(m.group("mnum")), int(m.group("day"))),
    "dmy": lambda m, t: _future(_year(m), int(m.group("mnum")), int(m.group("day")), t),
    "dm": lambda m, t: _future(_year(m), _month(m), int(m.group("day")), t),
    "md": lambda m, t: _future(_year(m), _month(m), int(m.group("day")), t),
    "ord": lambda m, t: _future(_year(m), _month(m), ORDINALS[m.group("ord").lower()], t),
    "edge": _edge,
    "edge_rel": _edge_rel,
    "rel_day": _rel_day,
    "weekday": _weekday,
    "weekday_cue": _weekday,
    "rel_week": _rel_week,
    "in_n": _in_n,
    "month": _month_only,
}


def needs_fallback(text: str, taken: list[tuple[int, int]]) -> bool:
    """A whole-word month name outside what the grammar resolved."""
    return any(not any(s <= m.start() < e for s, e in taken) for m in _MONTH_WORD.finditer(text))


def dateparser_fallback(text: str, today: date, taken: list[tuple[int, int]]) -> Iterator[Entity]:
    """Ask dateparser about the words around a month name that the grammar left alone."""
    import dateparser  # slow import, only when needed

    settings = {"RELATIVE_BASE": datetime.combine(today, datetime.min.time()), "PREFER_DATES_FROM": "future",
                "PREFER_DAY_OF_MONTH": "first"}
    for m in _MONTH_WORD.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = _WINDOW.search(text[: m.start()])
        after = re.match(r"\s*\d{1,4}\b", text[m.end():])
        for start in sorted({before.start() if before else m.start(), m.start()}):
            end = m.end() + (after.end() if after else 0)
            try:
                when = dateparser.parse(text[start:end], languages=["de", "en"], settings=settings)
            except Exception:  # dateparser's own bugs must not break parsing
                when = None
            if when:
                yield Entity("date", when.date().isoformat(), start, end, "DateparserEntityExtractor")
                break
