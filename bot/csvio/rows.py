"""From a read sheet to typed rows: header check, cell parsing, duplicate keys, and the upsert plan.

Everything here is pure; problems are collected as `FILE:LINE: column 'x': reason` strings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.csvio.columns import Spec
from bot.csvio.reader import Problem, Sheet, problem
from bot.errors import ImportFailed


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]  # only the columns present in the header

    def key(self, spec: Spec) -> tuple:
        return tuple(self.values[name] for name in spec.key)


@dataclass
class Plan:
    """What an import would do; `new` holds the full column values after the import."""

    creates: list[tuple[Row, dict]] = field(default_factory=list)
    updates: list[tuple[Row, dict, dict]] = field(default_factory=list)  # (row, old, new)
    unchanged: int = 0

    def merged(self) -> list[tuple[Row, dict]]:
        return [*self.creates, *((row, new) for row, _, new in self.updates)]


def check_header(spec: Spec, sheet: Sheet, label: str) -> list[str | None]:
    """Column name per position (None for nameless trailing columns); raises on any header problem."""
    names = list(sheet.header)
    while names and not names[-1]:
        names.pop()
    problems, seen = [], set()
    for position, name in enumerate(names, 1):
        if not name:
            problems.append(problem(label, sheet.header_line, f"#{position}", "column without a name"))
        elif name in seen:
            problems.append(problem(label, sheet.header_line, name, "appears twice in the header"))
        elif name not in spec.names:
            problems.append(problem(label, sheet.header_line, name,
                                    f"unknown column (expected: {', '.join(spec.names)})"))
        seen.add(name)
    for column in spec.columns:
        if column.required and column.name not in seen:
            problems.append(problem(label, sheet.header_line, column.name, "required column missing from the header"))
    if problems:
        raise ImportFailed(problems)
    return names + [None] * (len(sheet.header) - len(names))


def parse_rows(spec: Spec, sheet: Sheet, names: list[str | None], label: str) -> tuple[list[Row], list[str]]:
    """Typed rows whose cells all parse, plus the problems of those that don't (and of duplicate keys)."""
    rows, problems, first_line = [], [], {}
    for record in sheet.records:
        values, bad = {}, []
        for position, text in enumerate(record.cells):
            name = names[position] if position < len(names) else None
            if name is None:
                if text:
                    bad.append(problem(label, record.line, f"#{position + 1}", "value without a column in the header"))
                continue
            column = spec.column(name)
            if not text:
                if column.required:
                    bad.append(problem(label, record.line, name, "missing value"))
                values[name] = column.default
                continue
            try:
                values[name] = column.field.parse(text)
            except ValueError as exc:
                bad.append(problem(label, record.line, name, str(exc)))
        for name in names[len(record.cells):]:  # a short row: the missing cells are empty
            if name is not None:
                column = spec.column(name)
                if column.required:
                    bad.append(problem(label, record.line, name, "missing value"))
                values[name] = column.default
        problems += bad
        if bad:
            continue
        row = Row(record.line, values)
        key = row.key(spec)
        if key in first_line:
            shown = ", ".join(str(part) for part in key)
            problems.append(problem(label, record.line, spec.key[0],
                                    f"duplicate key '{shown}' (first on line {first_line[key]})"))
            continue
        first_line[key] = record.line
        rows.append(row)
    return rows, problems


def plan(spec: Spec, rows: list[Row], existing: dict[tuple, dict], table_columns: list[str]) -> Plan:
    """Sort rows into creates, updates and unchanged.

    Columns missing from the file keep their old value on update and get the default on create.
    """
    result = Plan()
    defaults = {c.name: c.default for c in spec.columns if c.name in table_columns}
    for row in rows:
        given = {name: value for name, value in row.values.items() if name in table_columns}
        old = existing.get(row.key(spec))
        if old is None:
            result.creates.append((row, {**defaults, **given}))
            continue
        new = {**old, **given}
        if new == old:
            result.unchanged += 1
        else:
            result.updates.append((row, old, new))
    return result


def by_line(problems: list[Problem]) -> list[str]:
    """Problems in file order (stable for several problems on one line)."""
    return [str(p) for p in sorted(problems, key=lambda p: p.line)]
