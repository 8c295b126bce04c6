"""The console's own Rasa-format training file under MOBI_HOME: examples assigned by reviewers.

`nlu/console.yml` grows by one `- intent:` block per assignment (Rasa allows an intent to appear
in several blocks). `nlu/active.yml` is the copy that the active model was trained with.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

HEADER = ('version: "3.1"\n'
          "# Examples assigned in the admin console (Unerkannte Fragen). Appended by mobi; reviewed like nlu/data.\n"
          "nlu:\n")
MARKUP = re.compile(r"[\[\]{}]")


def console_file(home: Path) -> Path:
    return home / "nlu" / "console.yml"


def active_file(home: Path) -> Path:
    return home / "nlu" / "active.yml"


def clean(text: str) -> str:
    """One line, without the brackets Rasa reads as entity markup."""
    return " ".join(MARKUP.sub(" ", text).split())


def append_example(path: Path, intent: str, text: str) -> str:
    """Append `text` as an example of `intent`; returns the line as written."""
    line = clean(text)
    if not line:
        raise ValueError("empty example")
    path.parent.mkdir(parents=True, exist_ok=True)
    block = f"- intent: {intent}\n  examples: |\n    - {line}\n"
    with open(path, "a", encoding="utf-8") as fh:
        if fh.tell() == 0:
            fh.write(HEADER)
        fh.write(block)
    return line


def count_examples(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("    - "))


def snapshot_active(home: Path) -> None:
    """Remember which console examples the newly activated model learned from."""
    source = console_file(home)
    if source.exists():
        shutil.copyfile(source, active_file(home))
