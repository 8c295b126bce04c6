"""Editing one knowledge-base topic: read it as form values, check them in German, write it back.

The same rules as `mobi kb check` decide: after our field checks (which name the field and say
how to fix it) the edited topic is written into a copy of the knowledge base and `check` runs on
the copy; only if it finds nothing is the real file replaced (atomically).
"""
from __future__ import annotations

import os
import shutil
import string
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from actions.kb import CLAUSE_REF, LANGUAGES, KbError, _yaml, knowledge, normalise
from bot.admin.render import FieldError

LANG_NAMES = {"de": "deutschen", "en": "englischen"}
PART_NAMES = {"text": "Antworttext", "next": "nächsten Schritt"}


@dataclass(frozen=True)
class TopicFile:
    path: Path
    data: dict
    comment: str  # the leading comment lines, kept on save

    @property
    def intent(self) -> str:
        return str(self.data["intent"])


def topic_files(folder: Path) -> list[TopicFile]:
    return [read(path) for path in sorted((folder / "topics").glob("*.yml"))]


def read(path: Path) -> TopicFile:
    comment = ""
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        comment += line
    return TopicFile(path, _yaml(path), comment)


def find(folder: Path, intent: str) -> TopicFile | None:
    return next((t for t in topic_files(folder) if t.intent == intent), None)


def form_values(topic: TopicFile) -> dict[str, str]:
    values = {"cite": ", ".join(str(c) for c in topic.data.get("cite") or ())}
    for variant, by_lang in topic.data["answers"].items():
        for lang in LANGUAGES:
            for part in PART_NAMES:
                values[f"{variant}-{lang}-{part}"] = str((by_lang.get(lang) or {}).get(part, "")).strip()
    return values


def field_errors(folder: Path, topic: TopicFile, form: dict[str, str], allowed: frozenset[str]) -> list[FieldError]:
    errors = _cite_errors(folder, form.get("cite", ""))
    for variant in topic.data["answers"]:
        for lang in LANGUAGES:
            for part, name in PART_NAMES.items():
                key = f"{variant}-{lang}-{part}"
                errors += [FieldError(key, m) for m in _text_errors(form.get(key, ""), lang, name, allowed)]
    return errors


def _cite_errors(folder: Path, raw: str) -> list[FieldError]:
    refs = [r.strip() for r in raw.split(",") if r.strip()]
    if not refs:
        return [FieldError("cite", "Bitte geben Sie mindestens eine Fundstelle an, zum Beispiel „§ 6 Abs. 2“.")]
    clauses = knowledge.__wrapped__(folder).clauses
    for ref in refs:
        if not CLAUSE_REF.match(ref):
            return [FieldError("cite", f"„{ref}“ ist keine Fundstelle. Bitte schreiben Sie sie wie „§ 6 Abs. 2“; "
                                       "mehrere trennen Sie mit Komma.")]
        if normalise(ref) not in clauses:
            return [FieldError("cite", f"{ref} steht nicht in der Dienstvereinbarung (agreement.yml). "
                                       "Bitte prüfen Sie Paragraf und Absatz.")]
    return []


def _text_errors(text: str, lang: str, name: str, allowed: frozenset[str]) -> list[str]:
    if not text.strip():
        return [f"Bitte geben Sie den {LANG_NAMES[lang]} {name} ein."]
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return ["Eine geschweifte Klammer ist nicht geschlossen. Bitte schreiben Sie Platzhalter wie {amt} "
                "oder entfernen Sie die Klammer."]
    unknown = sorted(fields - allowed)
    if unknown:
        hint = f"Erlaubt sind hier: {', '.join('{' + a + '}' for a in sorted(allowed))}." if allowed else \
            "Diese Antwort hat keine Platzhalter."
        return [f"Den Platzhalter {{{unknown[0]}}} gibt es hier nicht. {hint} Bitte korrigieren oder entfernen Sie ihn."]
    return []


def apply(topic: TopicFile, form: dict[str, str]) -> dict:
    """The topic's data with the form's values (links and variant citations stay as they are)."""
    data = dict(topic.data)
    data["cite"] = [normalise(r.strip()) for r in form["cite"].split(",") if r.strip()]
    answers = {}
    for variant, by_lang in topic.data["answers"].items():
        answers[variant] = dict(by_lang)
        for lang in LANGUAGES:
            answers[variant][lang] = {p: form[f"{variant}-{lang}-{p}"].replace("\r\n", "\n").strip()
                                      for p in PART_NAMES}
    data["answers"] = answers
    return data


def dump(topic: TopicFile, data: dict) -> str:
    return topic.comment + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save(folder: Path, topic: TopicFile, data: dict) -> list[str]:
    """Write the topic unless `mobi kb check` finds new problems with it; else return those problems."""
    from actions.kb.check import check

    before = set(check(folder))
    body = dump(topic, data)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kb"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        (copy / "topics" / topic.path.name).write_text(body, encoding="utf-8")
        try:
            problems = check(copy)
        except KbError as exc:
            problems = [str(exc)]
    problems = [p for p in problems if p not in before]
    if problems:
        return problems
    partial = topic.path.with_name(f".{topic.path.name}.new")
    partial.write_text(body, encoding="utf-8")
    os.replace(partial, topic.path)
    knowledge.cache_clear()
    return []
