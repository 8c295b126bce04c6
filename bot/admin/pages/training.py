"""Retraining (help desk, operators): start, watch, compare accuracies, activate after confirmation."""
from __future__ import annotations

import contextlib
import os
import shutil

from aiohttp import web

from bot.admin import audit, training_data
from bot.admin.keys import SESSION, bot_db, runtime, settings
from bot.admin.registry import HELPDESK, OPERATOR, Registry
from bot.admin.render import page, redirect
from bot.admin.trainer import IllegalMove, Trainer, TrainJob

ROLES = {HELPDESK, OPERATOR}
TRAINER = web.AppKey("admin_trainer", Trainer)
STATES = {"idle": "Kein Training", "running": "Training läuft", "ready": "Neues Modell bereit",
          "failed": "Training fehlgeschlagen"}
DONE = {"started": "Das Training wurde gestartet. Es dauert einige Minuten; Sie können die Seite verlassen.",
        "activated": "Das neue Modell ist aktiv und beantwortet ab sofort alle Fragen.",
        "discarded": "Das neue Modell wurde verworfen. Das bisherige Modell bleibt aktiv.",
        "busy": "Das ist gerade nicht möglich: Der Stand des Trainings hat sich geändert. Bitte prüfen Sie ihn unten."}


async def trainer_ctx(app: web.Application):
    app[TRAINER] = Trainer()
    yield
    app[TRAINER].close()


def job(request: web.Request) -> TrainJob:
    from nlu import DEFAULT_DATA

    s = settings(request)
    home = s.home
    return TrainJob(tuple(str(p) for p in (s.admin_nlu_data or [DEFAULT_DATA])),
                    str(training_data.console_file(home)), str(training_data.active_file(home)),
                    str(s.model_path.with_name("candidate.model")), s.admin_cv_folds, str(home / "nlu" / "cv-cache.json"))


async def status_page(request: web.Request) -> web.Response:
    trainer, s = request.app[TRAINER], settings(request)
    return page(request, "training.html", {
        "trainer": trainer, "state_label": STATES[trainer.state], "done": DONE.get(request.query.get("ok", "")),
        "examples": training_data.count_examples(training_data.console_file(s.home)),
        "model_meta": _live_meta(request)})


async def status_json(request: web.Request) -> web.Response:
    trainer = request.app[TRAINER]
    return web.json_response({"state": trainer.state, "label": STATES[trainer.state]})


async def start(request: web.Request) -> web.Response:
    user = request[SESSION].user
    try:
        request.app[TRAINER].start(job(request), user.email)
    except IllegalMove:
        return redirect("/admin/training?ok=busy")
    async with bot_db(request).begin() as conn:
        await audit.record(conn, user.email, "nlu.retrain", "nlu model")
    return redirect("/admin/training?ok=started")


async def activate(request: web.Request) -> web.Response:
    trainer, s, user = request.app[TRAINER], settings(request), request[SESSION].user
    try:
        trainer.move("activate")
    except IllegalMove:
        return redirect("/admin/training?ok=busy")
    target = s.model_path
    if target.exists():
        shutil.copyfile(target, target.with_name(target.name + ".previous"))
    os.replace(trainer.result["path"], target)
    training_data.snapshot_active(s.home)
    from bot.runtime import load_interpreter

    runtime(request).pipeline.interpreter = load_interpreter(s)
    async with bot_db(request).begin() as conn:
        await audit.record(conn, user.email, "nlu.activate", "nlu model",
                           {"accuracy": trainer.result["accuracy"], "before": trainer.result["current_accuracy"]})
    return redirect("/admin/training?ok=activated")


async def discard(request: web.Request) -> web.Response:
    trainer, user = request.app[TRAINER], request[SESSION].user
    try:
        trainer.move("discard")
    except IllegalMove:
        return redirect("/admin/training?ok=busy")
    if trainer.result:
        with contextlib.suppress(FileNotFoundError):
            os.remove(trainer.result["path"])
    async with bot_db(request).begin() as conn:
        await audit.record(conn, user.email, "nlu.discard", "nlu model")
    return redirect("/admin/training?ok=discarded")


def _live_meta(request: web.Request) -> dict:
    model = getattr(runtime(request).pipeline.interpreter, "model", None)
    return dict(getattr(model, "meta", {}) or {})


def register(registry: Registry) -> None:
    registry.page("GET", "/training", status_page, ROLES, nav="Neu trainieren", order=25,
                  description="Das Sprachmodell mit den zugeordneten Fragen neu trainieren und aktivieren.")
    registry.page("GET", "/training/status", status_json, ROLES)
    registry.page("POST", "/training/start", start, ROLES)
    registry.page("POST", "/training/activate", activate, ROLES)
    registry.page("POST", "/training/discard", discard, ROLES)
