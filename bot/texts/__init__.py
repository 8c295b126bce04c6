"""User-facing wording lives in `de.yml` and `en.yml` (and `integrations/*/texts/`); code refers to keys only."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date, format_timedelta

import integrations

HERE = Path(__file__).parent
INTEGRATIONS = Path(integrations.__file__).parent
LANGUAGES = ("de", "en")


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """All texts of one language, flattened to dotted keys: ours, then each integration's own file."""
    merged: dict[str, str] = {}
    for path in [HERE / f"{language}.yml", *sorted(INTEGRATIONS.glob(f"*/texts/{language}.yml"))]:
        with open(path, encoding="utf-8") as fh:
            for key, value in _flatten(yaml.safe_load(fh) or {}):
                if key in merged:
                    raise ValueError(f"text key {key!r} in {path} is already defined")
                merged[key] = value
    return merged


def _flatten(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value).strip()


def render(key: str, language: str = "de", /, **params: Any) -> str:
    """The text for `key` in `language` (German if missing), with params formatted for the locale."""
    language = language if language in LANGUAGES else "de"
    template = catalog(language).get(key) or catalog("de")[key]
    return fill(template, language, **params)


def fill(template: str, language: str, /, **params: Any) -> str:
    """Format a template from elsewhere (e.g. the knowledge base) like `render` does."""
    return template.format_map({k: _format(v, language) for k, v in params.items()})


def render_reply(reply: Any, language: str) -> str:
    """An `actions.base.Reply` as one message: its text, then its `also` paragraphs."""
    parts = [render(reply.key, language, **reply.params)]
    parts += [render_reply(more, language) for more in getattr(reply, "also", ())]
    return "\n\n".join(p for p in parts if p)


def _format(value: Any, language: str) -> Any:
    if isinstance(value, dt.date):
        return format_date(value, format="long", locale=language)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", "," if language == "de" else ".")
    return value


def relative_days(days: int, language: str = "de") -> str:
    """'heute', 'morgen', 'in 9 Tagen', 'vor 3 Tagen' (and the English)."""
    if days in (-1, 0, 1):
        return render(f"time.day_{days + 1}", language)
    return format_timedelta(
        dt.timedelta(days=days), granularity="day", threshold=1000, add_direction=True, locale=language
    )
