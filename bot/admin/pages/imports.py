"""Imports (operators): upload a CSV of the HR or IT system, see every problem by line; nothing written on error."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from aiohttp import web

from bot.admin import audit
from bot.admin.keys import SESSION, bot_db, runtime
from bot.admin.registry import OPERATOR, Registry
from bot.admin.render import FieldError, page
from bot.csvio import KINDS, import_csv
from bot.errors import ImportFailed

MAX_UPLOAD = 50 * 1024 * 1024
KIND_LABELS = {"employees": "Beschäftigte (Personalsystem)", "agreements": "Vereinbarungen (Personalsystem)",
               "devices": "Geräte (IT-Inventar)"}
LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<reason>.*)$")


def split_problem(problem: str) -> tuple[str, str]:
    """('12', "column 'email': …") from 'file.csv:12: column …' ('' when the problem has no line)."""
    match = LINE.match(problem)
    return (match["line"], match["reason"]) if match else ("", problem)


def _form(request, errors=(), kind="employees", problems=(), report=None, name="") -> web.Response:
    return page(request, "imports.html", {
        "errors": list(errors), "kinds": [(k, KIND_LABELS[k]) for k in KINDS], "kind": kind,
        "problems": [split_problem(p) for p in problems], "report": report, "name": name})


async def form(request: web.Request) -> web.Response:
    return _form(request)


async def upload(request: web.Request) -> web.Response:
    posted = await request.post()
    kind, file = str(posted.get("kind", "")), posted.get("file")
    dry_run = posted.get("action") == "check"
    errors = []
    if kind not in KINDS:
        errors.append(FieldError("kind", "Bitte wählen Sie, welche Daten die Datei enthält."))
    if not isinstance(file, web.FileField) or not file.filename:
        errors.append(FieldError("file", "Bitte wählen Sie eine CSV-Datei aus (Trennzeichen Semikolon oder Komma, UTF-8)."))
    if errors:
        return _form(request, errors, kind)
    name = Path(file.filename).name[:120]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(file.file.read())
        try:
            report = await import_csv(runtime(request).dbs, kind, path, dry_run=dry_run)
        except ImportFailed as exc:
            count = len(exc.problems)
            message = (f"Die Datei „{name}“ hat {count} Fehler – siehe Tabelle „Fehler in der Datei“. "
                       "Es wurde nichts gespeichert. Bitte korrigieren Sie die genannten Zeilen und laden Sie die Datei erneut hoch.")
            return _form(request, [FieldError("file", message)], kind, exc.problems, name=name)
    if not dry_run:
        user = request[SESSION].user
        async with bot_db(request).begin() as conn:
            await audit.record(conn, user.email, f"import.{kind}", name, report.to_dict())
    return _form(request, kind=kind, report=report, name=name)


def register(registry: Registry) -> None:
    registry.page("GET", "/imports", form, {OPERATOR}, nav="Import", order=40,
                  description="CSV-Dateien aus dem Personal- und dem IT-System einlesen.")
    registry.page("POST", "/imports", upload, {OPERATOR}, max_body=MAX_UPLOAD)
