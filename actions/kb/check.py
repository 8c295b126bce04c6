"""`mobi kb check`: the knowledge base is complete, consistent and cites only clauses that exist."""
from __future__ import annotations

import string
from pathlib import Path
from urllib.parse import urlparse

from actions.kb import HERE, LANGUAGES, KbError, KnowledgeBase, Topic, _topic, knowledge, normalise


def check(folder: Path = HERE) -> list[str]:
    """Every problem found, one line each (empty: all good)."""
    try:
        kb = knowledge.__wrapped__(folder)
        topics = [_topic(path) for path in sorted((folder / "topics").glob("*.yml"))]
    except KbError as exc:
        return [str(exc)]
    problems = _agreement(kb)
    problems += _coverage(topics)
    for topic in topics:
        problems += [f"{topic.source}: {p}" for p in _topic_problems(kb, topic)]
    problems += _handlers()
    return problems


def _agreement(kb: KnowledgeBase) -> list[str]:
    problems = [] if kb.sample else ["agreement.yml: must say `sample: true` (it is a Muster, not the real agreement)"]
    for lang, word in (("de", "Muster"), ("en", "sample")):
        if word not in kb.short.get(lang, ""):
            problems.append(f"agreement.yml: short name ({lang}) must say '{word}'")
    for ref, clause in kb.clauses.items():
        for lang in LANGUAGES:
            if not str(clause.text.get(lang) or "").strip() or not str(clause.title.get(lang) or "").strip():
                problems.append(f"agreement.yml: {ref} needs a title and a text in '{lang}'")
    return problems


def _coverage(topics: list[Topic]) -> list[str]:
    from actions.knowledge import TOPICS

    seen: dict[str, str] = {}
    problems = []
    for topic in topics:
        if topic.intent in seen:
            problems.append(f"{topic.source}: intent {topic.intent} is already answered by {seen[topic.intent]}")
        seen[topic.intent] = topic.source
    problems += [f"topics/: no topic file answers intent {intent}" for intent in sorted(TOPICS - set(seen))]
    return problems


def _topic_problems(kb: KnowledgeBase, topic: Topic) -> list[str]:
    from actions.knowledge import TOPIC_PARAMS, TOPICS

    problems = [] if topic.intent in TOPICS else [f"intent {topic.intent} is not answered from the knowledge base"]
    allowed = TOPIC_PARAMS.get(topic.intent, frozenset())
    for variant in topic.answers:
        problems += _cites(kb, topic.cites(variant), variant)
        problems += _texts(topic, variant, allowed)
    for link in topic.links:
        url = urlparse(link.url)
        if url.scheme != "https" or not url.netloc or " " in link.url:
            problems.append(f"link {link.url!r} is not a well-formed https URL")
        problems += [f"link {link.url!r} needs a label in '{lang}'" for lang in LANGUAGES if not link.label.get(lang)]
    return problems


def _cites(kb: KnowledgeBase, cites: tuple[str, ...], variant: str) -> list[str]:
    if not cites:
        return [f"{variant}: cites no clause (every answer must cite one)"]
    problems = []
    for ref in cites:
        try:
            if normalise(ref) not in kb.clauses:
                problems.append(f"{variant}: cites {ref}, which agreement.yml does not have")
        except KeyError as exc:
            problems.append(f"{variant}: {exc.args[0]}")
    return problems


def _texts(topic: Topic, variant: str, allowed: frozenset[str]) -> list[str]:
    by_lang = topic.answers[variant]
    problems = [f"{variant}: no '{lang}' answer" for lang in LANGUAGES if lang not in by_lang]
    names: dict[str, set[str]] = {}
    for lang, answer in by_lang.items():
        for part, text in (("text", answer.text), ("next", answer.next)):
            if not text:
                problems.append(f"{variant}.{lang}.{part} is empty")
            try:
                fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            except ValueError as exc:
                problems.append(f"{variant}.{lang}.{part}: broken placeholder ({exc})")
                continue
            problems += [f"{variant}.{lang}.{part}: unknown placeholder {{{f}}}" for f in sorted(fields - allowed)]
            names.setdefault(lang, set()).update(fields)
    if len({frozenset(v) for v in names.values()}) > 1:
        problems.append(f"{variant}: the languages use different placeholders {names}")
    return problems


def _handlers() -> list[str]:
    """Every NLU intent has a handler and a label for 'Meinten Sie …?' in both languages."""
    from actions import HANDLERS, INTENTS
    from bot.texts import catalog

    problems = [f"intent {i} has no handler in actions.HANDLERS" for i in INTENTS if i not in HANDLERS]
    for lang in LANGUAGES:
        problems += [f"texts/{lang}.yml: no label intent.{i}" for i in INTENTS
                     if i not in ("affirm", "deny", "out_of_scope", "greet", "goodbye", "thanks")
                     and f"intent.{i}" not in catalog(lang)]
    return problems


def summary(folder: Path = HERE) -> dict[str, int]:
    kb = knowledge.__wrapped__(folder)
    return {"clauses": len(kb.clauses), "topics": len(kb.topics),
            "answers": sum(len(v) for t in kb.topics.values() for v in t.answers.values())}
