"""Whom an announcement goes to, read from free text ("alle im Amt 10 mit abholbereitem Laptop"), and said back.

The result is a `Target.to_json()`-shaped dict: each key a list (OR within), keys combined with AND,
empty for everyone. Ämter come from the NLU's `org_unit` entity, from Amt names of the HR database
written out, and from numbers after "Amt"/"Ämter" (or a message of numbers only).
"""
from __future__ import annotations

import re
from typing import Mapping

from actions.base import Turn
from actions.forms.engine import Answer, Invalid
from bot.texts import render
from nlu.normalize import fold

_EVERYONE = re.compile(r"\b(alle[nms]?|jede[nmrs]?|everyone|everybody|all|gesamte?n?|ganze[nr]?)\b")
_AMT_NUMBERS = re.compile(r"\b(?:amt|amts|aemter|aemtern|departments?|offices?)\s*(?:nr\.?\s*)?"
                          r"(\d{1,3}(?:\s*(?:,|/|&|\+|und|and|oder|or|sowie)\s*\d{1,3})*)\b")
_ONLY_NUMBERS = re.compile(r"^\s*\d{1,3}(?:\s*(?:,|/|&|\+|und|and|oder|or|sowie)\s*\d{1,3})*\s*$")
_WAVES = re.compile(r"\b(?:welle|wellen|wave|waves)\s*(\d(?:\s*(?:,|/|&|\+|und|and|oder|or)\s*\d)*)\b")
_NUMBER = re.compile(r"\d+")
_AGREEMENT_CONTEXT = re.compile(r"vereinbarung|agreement|antra|applica|mobil")
_DEVICE_CONTEXT = re.compile(r"laptop|geraet|device|notebook|rechner|monitor|headset|handy|smartphone")
AGREEMENT = {
    "active": r"\baktive?[nrms]?\b|\bactive\b|\blaufende?[nrm]?\b|\bgueltige?[nrm]?\b",
    "submitted": r"beantragt|eingereicht|offene[nmr]? antra|\bpending\b|\bsubmitted\b|\bwaiting\b",
    "approved": r"genehmigt|bewilligt|\bapproved\b",
    "expired": r"abgelaufen|ausgelaufen|\bexpired\b",
    "cancelled": r"gekuendigt|beendet|\bcancell?ed\b|\bended\b",
    "rejected": r"abgelehnt|\brejected\b",
    "draft": r"entwurf|\bdrafts?\b",
}
DEVICE = {
    "ready_for_pickup": r"abholbereit|abholung|abzuholen|abholen|pick ?up",
    "in_repair": r"reparatur|\brepair",
    "ordered": r"\bbestellt|\bordered\b",
    "in_preparation": r"vorbereitung|preparation",
    "handed_out": r"ausgegeben|\bhanded out\b|\bissued\b",
    "return_requested": r"rueckgabe|zurueckgeben|\breturn",
    "lost": r"verloren|gestohlen|\blost\b|\bstolen\b",
}
ROLE = {
    "hr": r"\bhr[- ]?(?:kolleg|staff|team|leute|mitarbeit|people)|\bpersonaler|\brolle hr\b|\brole hr\b",
    "helpdesk": r"help[- ]?desk|it-service|service ?desk",
    "operator": r"\boperators?\b|\bbetreiber|\badmins?\b",
}
LANGUAGE = {
    "en": r"englischsprachig|english[- ]speaking|\bauf englisch\b|\bnur englisch|\benglish only\b",
    "de": r"deutschsprachig|german[- ]speaking|\bauf deutsch\b|\bnur deutsch|\bgerman only\b",
}


def read_target(turn: Turn, data: dict) -> Answer | Invalid:
    """The target, or a hint; an Amt number that does not exist is named back."""
    units: Mapping[str, str] = data.get("units") or {}
    text = fold(turn.text)
    amter, unknown = _amter(turn, text, units)
    if unknown:
        return Invalid("form.announce.target_unknown_amt", {"amt": unknown})
    target = {"amter": amter, "eakte_wave": _waves(text)}
    if _AGREEMENT_CONTEXT.search(text):
        target["agreement_status"] = _matches(AGREEMENT, text)
    if _DEVICE_CONTEXT.search(text):
        target["device_status"] = _matches(DEVICE, text)
    target.update(role=_matches(ROLE, text), language=_matches(LANGUAGE, text))
    target = {k: v for k, v in target.items() if v}
    if target or _EVERYONE.search(text):
        return Answer(value=target)
    return Invalid("form.announce.target_invalid")


def _amter(turn: Turn, text: str, units: Mapping[str, str]) -> tuple[list[str], str | None]:
    """(codes in order, first unknown number or None)."""
    by_name = {fold(name): code for code, name in units.items()}
    found = [by_name[fold(str(v))] for v in turn.parse.entity_values("org_unit") if fold(str(v)) in by_name]
    found += [code for name, code in by_name.items() if name in text]
    numbers = [m for match in _AMT_NUMBERS.finditer(text) for m in _NUMBER.findall(match[1])]
    if _ONLY_NUMBERS.match(text):
        numbers += _NUMBER.findall(text)
    for number in numbers:
        code = number if number in units else number.lstrip("0")
        if code not in units:
            return [], number
        found.append(code)
    return list(dict.fromkeys(found)), None


def _waves(text: str) -> list[int]:
    return sorted({int(n) for match in _WAVES.finditer(text) for n in _NUMBER.findall(match[1])})


def _matches(table: Mapping[str, str], text: str) -> list[str]:
    return [value for value, pattern in table.items() if re.search(pattern, text)]


def describe(target: Mapping[str, list], units: Mapping[str, str], language: str) -> str:
    """The target in words, one line per condition ('– alle Beschäftigten' for everyone)."""
    if not target:
        return f"– {render('form.announce.target.everyone', language)}"
    parts = []
    for key, values in target.items():
        if key == "amter":
            shown = [f"{code} {units.get(code, '')}".strip() for code in values]
        elif key == "eakte_wave":
            shown = [str(v) for v in values]
        else:
            shown = [render(f"form.announce.value.{key}.{v}", language) for v in values]
        parts.append(render(f"form.announce.target.{key}", language, values=", ".join(shown)))
    joined = "\n".join(f"– {p}" for p in parts)
    return joined if len(parts) == 1 else f"{joined}\n{render('form.announce.target.all_of', language)}"
