"""The knowledge base: the sample agreement (`agreement.yml`) and one answer file per topic (`topics/`).

HR edits the YAML files; `mobi kb check` validates them. Every answer cites clauses of the sample
agreement as "§ n Abs. m", rendered e.g. "§ 6 Abs. 2 DV Mobiles Arbeiten (Muster)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

HERE = Path(__file__).parent
LANGUAGES = ("de", "en")
CLAUSE_REF = re.compile(r"^§\s*(\d+)\s+Abs\.\s*(\d+)$")


class KbError(ValueError):
    """The knowledge base files cannot be read; the message names the file."""


@dataclass(frozen=True)
class Clause:
    paragraph: int
    number: int
    title: Mapping[str, str]
    text: Mapping[str, str]

    @property
    def ref(self) -> str:
        return f"§ {self.paragraph} Abs. {self.number}"


@dataclass(frozen=True)
class Answer:
    text: str
    next: str


@dataclass(frozen=True)
class Link:
    label: Mapping[str, str]
    url: str


@dataclass(frozen=True)
class Topic:
    intent: str
    cite: tuple[str, ...]
    answers: Mapping[str, Mapping[str, Answer]]  # variant -> language -> answer
    links: tuple[Link, ...]
    source: str
    variant_cite: Mapping[str, tuple[str, ...]] | None = None  # a variant may cite its own clauses

    def cites(self, variant: str) -> tuple[str, ...]:
        return (self.variant_cite or {}).get(variant) or self.cite


@dataclass(frozen=True)
class KnowledgeBase:
    short: Mapping[str, str]
    sample: bool
    clauses: Mapping[str, Clause]
    topics: Mapping[str, Topic]

    def cite(self, refs: tuple[str, ...] | list[str], language: str) -> str:
        """'§ 6 Abs. 1, § 6 Abs. 2 DV Mobiles Arbeiten (Muster)'; an unknown clause raises KeyError."""
        clauses = [self.clauses[normalise(ref)] for ref in refs]
        return f"{', '.join(c.ref for c in clauses)} {self.short[language]}"

    def answer(self, intent: str, language: str, variant: str = "default") -> tuple[Answer, Topic]:
        topic = self.topics[intent]
        return topic.answers[variant][language], topic


def normalise(ref: str) -> str:
    match = CLAUSE_REF.match(str(ref).strip())
    if not match:
        raise KeyError(f"not a clause reference like '§ 6 Abs. 2': {ref!r}")
    return f"§ {int(match[1])} Abs. {int(match[2])}"


@lru_cache(maxsize=4)
def knowledge(folder: Path = HERE) -> KnowledgeBase:
    """The knowledge base in `folder` (cached; this package's data by default)."""
    agreement = _yaml(folder / "agreement.yml")
    try:
        clauses = {
            f"§ {int(p)} Abs. {int(n)}": Clause(int(p), int(n), para["title"], body)
            for p, para in agreement["paragraphs"].items() for n, body in para["clauses"].items()
        }
        topics = [_topic(path) for path in sorted((folder / "topics").glob("*.yml"))]
        return KnowledgeBase(agreement["short"], bool(agreement.get("sample")), clauses,
                             {t.intent: t for t in topics})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KbError(f"{folder}: malformed knowledge base ({type(exc).__name__}: {exc})") from None


def _topic(path: Path) -> Topic:
    data = _yaml(path)
    try:
        answers = {variant: {lang: Answer(str(a["text"]).strip(), str(a["next"]).strip())
                             for lang, a in by_lang.items() if lang != "cite"}
                   for variant, by_lang in data["answers"].items()}
        own = {variant: tuple(str(c) for c in by_lang["cite"])
               for variant, by_lang in data["answers"].items() if by_lang.get("cite")}
        links = tuple(Link(link["label"], str(link["url"])) for link in data.get("links") or ())
        return Topic(str(data["intent"]), tuple(str(c) for c in data.get("cite") or ()), answers, links, path.name,
                     own)
    except (KeyError, TypeError, AttributeError) as exc:
        raise KbError(f"{path.name}: missing or malformed field ({type(exc).__name__}: {exc})") from None


def _yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as exc:
        raise KbError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise KbError(f"{path.name}{where}: not valid YAML") from None
    if not isinstance(data, dict):
        raise KbError(f"{path.name}: must be a YAML mapping")
    return data
