"""Read a CSV file as an editor shows it: encoding, separator and the line each record starts on.

Accepts UTF-8 with or without BOM (Excel's "CSV UTF-8"), UTF-16 with BOM (Excel's "Unicode
text"), and `,`, `;` or tab as separator, sniffed from the header line. Quoted fields may span
lines; line numbers still match the editor's. Blank rows (also `;;;;` rows) are skipped.
"""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ImportFailed

SEPARATORS = (";", ",", "\t")


@dataclass(frozen=True)
class Record:
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    header_line: int
    header: tuple[str, ...]
    records: list[Record]


class Problem(str):
    """`FILE:LINE: column 'x': reason`, remembering its line so problems can be sorted into file order."""

    line: int


def problem(label: str, line: int, column: str | None, reason: str) -> Problem:
    """A problem of one cell (file-level problems leave out the column)."""
    where = f"column '{column}': " if column is not None else ""
    found = Problem(f"{label}:{line}: {where}{reason}")
    found.line = line
    return found


def decode(data: bytes, label: str) -> str:
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFailed([problem(label, line, None, f"not UTF-8 (byte 0x{data[exc.start]:02x}); "
                                                       "save the file as \"CSV UTF-8\"")]) from None


def sniff(first_line: str) -> str:
    """The separator used most often outside quotes in the header line (`,` if none)."""
    counts = {sep: 0 for sep in SEPARATORS}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_sheet(path: Path, label: str) -> Sheet:
    """The header (lower-cased, trimmed) and the non-blank records with their first line numbers."""
    text = decode(path.read_bytes(), label)
    lines = io.StringIO(text, newline="")
    first = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    reader = csv.reader(lines, delimiter=sniff(first), strict=True)
    rows: list[Record] = []
    consumed = 0
    try:
        for cells in reader:
            start, consumed = consumed + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append(Record(start, tuple(cell.strip() for cell in cells)))
    except csv.Error as exc:
        raise ImportFailed([problem(label, consumed + 1, None, f"broken CSV quoting ({exc})")]) from None
    if not rows:
        raise ImportFailed([problem(label, 1, None, "no header line (the file is empty)")])
    head, *records = rows
    return Sheet(head.line, tuple(name.lower() for name in head.cells), records)
