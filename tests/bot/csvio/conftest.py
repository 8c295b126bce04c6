"""A small demo city to import into, and helpers to write CSV files."""
import codecs
import datetime as dt

import pytest

from bot.demo import build

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
async def city(dbs):
    await build(dbs, employees=300, seed=5, today=TODAY)
    return dbs


@pytest.fixture
def write_csv(tmp_path):
    """write_csv(name, lines, sep=";", bom=True) -> path; `lines` are lists of cells or raw strings."""

    def write(name, lines, sep=";", bom=True):
        text = "".join((line if isinstance(line, str) else sep.join(line)) + "\r\n" for line in lines)
        path = tmp_path / name
        path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode())
        return path

    return write

