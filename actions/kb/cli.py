"""`mobi kb check`: validate the knowledge base (mounted in `bot/cli.py`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from actions.kb import HERE

app = typer.Typer(help="Knowledge base (sample agreement and answers): check.", no_args_is_help=True)


@app.command("check")
def check_command(
    folder: Path = typer.Option(HERE, help="Knowledge-base folder (agreement.yml and topics/)."),
    json_: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Every intent covered in German and English, every cited clause exists, links well-formed."""
    from actions.kb.check import check, summary

    problems = check(folder)
    counts = summary(folder) if not problems else {}
    if json_:
        sys.stdout.write(json.dumps({"ok": not problems, "problems": problems, **counts}, ensure_ascii=False) + "\n")
    elif problems:
        for problem in problems:
            typer.secho(f"✗ {problem}", fg="red", err=True)
    else:
        typer.secho(f"✓ knowledge base ok: {counts['clauses']} clauses, {counts['topics']} topics, "
                    f"{counts['answers']} answers (de + en)", fg="green")
    raise typer.Exit(1 if problems else 0)
