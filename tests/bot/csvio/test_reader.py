"""Reading CSV files as an editor shows them: encodings, separators, line numbers."""
import codecs

import pytest

from bot.csvio.reader import read_sheet, sniff
from bot.errors import ImportFailed


def write(tmp_path, data: bytes):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("bom, sep, encoding", [
    (b"", ",", "utf-8"), (codecs.BOM_UTF8, ";", "utf-8"), (codecs.BOM_UTF8, "\t", "utf-8"),
    (b"", ";", "utf-16"),  # Python's utf-16 codec writes the BOM itself
])
def test_encodings_and_separators(tmp_path, bom, sep, encoding):
    text = sep.join(["a", "b"]) + "\r\n" + sep.join(["Müller", "x"]) + "\r\n"
    sheet = read_sheet(write(tmp_path, bom + text.encode(encoding)), "f.csv")
    assert sheet.header == ("a", "b") and [r.cells for r in sheet.records] == [("Müller", "x")]


def test_sniff_ignores_separators_inside_quotes():
    assert sniff('"a;b",c,d\n') == ","
    assert sniff("a;b,c;d\n") == ";"
    assert sniff("single\n") == ","


def test_line_numbers_count_multi_line_fields_and_blank_rows(tmp_path):
    text = 'A;B\n1;"two\nlines"\n\n;;\n2;x\r\n3;"a ""quoted""\r\nvalue"\n4;y\n'
    sheet = read_sheet(write(tmp_path, text.encode()), "f.csv")
    assert [(r.line, r.cells[0]) for r in sheet.records] == [(2, "1"), (6, "2"), (7, "3"), (9, "4")]
    assert sheet.records[2].cells[1] == 'a "quoted"\r\nvalue'


def test_header_after_blank_lines_keeps_its_line(tmp_path):
    sheet = read_sheet(write(tmp_path, b"\n\na;b\n1;2\n"), "f.csv")
    assert sheet.header_line == 3 and sheet.records[0].line == 4


def test_not_utf8_names_the_line(tmp_path):
    with pytest.raises(ImportFailed) as failed:
        read_sheet(write(tmp_path, "a;b\n1;2\nM\xfcller;3\n".encode("cp1252")), "f.csv")
    assert failed.value.problems == ['f.csv:3: not UTF-8 (byte 0xfc); save the file as "CSV UTF-8"']


def test_empty_file(tmp_path):
    with pytest.raises(ImportFailed, match="1 problem"):
        read_sheet(write(tmp_path, codecs.BOM_UTF8 + b"\n \n"), "f.csv")


def test_unclosed_quote_is_reported(tmp_path):
    with pytest.raises(ImportFailed) as failed:
        read_sheet(write(tmp_path, b'a;b\n1;"open\n2;3\n'), "f.csv")
    assert failed.value.problems[0].startswith("f.csv:2: broken CSV quoting")
