"""The input layer: regular files only, never blocking; size caps; UTF-8 and JSON under limits."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simcity_council.errors import InputError
from simcity_council.safeio import (
    MAX_JSON_DEPTH,
    MAX_NUMBER_CHARS,
    decode_utf8,
    loads_json,
    read_bytes,
    read_text,
)

posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


@posix
def test_a_fifo_is_refused_at_once_and_named(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"is a named pipe \(FIFO\), not a regular file") as caught:
        read_bytes(fifo, limit=100)
    assert caught.value.file == str(fifo)


@posix
def test_a_link_to_a_device_is_refused_and_says_it_is_a_link(tmp_path: Path) -> None:
    link = tmp_path / "zero.jsonl"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="is a link to a character device"):
        read_bytes(link, limit=100, what="session log")


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_bytes(b"hello")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert read_bytes(tmp_path / "link.txt", limit=100) == b"hello"


def test_a_sparse_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as handle:
        handle.truncate(4 << 30)
    with pytest.raises(InputError, match="session logs may be at most 1,000 bytes"):
        read_bytes(big, limit=1000, what="session log")


def test_a_missing_file_and_a_dangling_link_say_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "nope", limit=10)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"a link to nothing"):
        read_bytes(tmp_path / "dangling", limit=10)


def test_a_bad_utf8_byte_is_located_by_line_column_and_offset() -> None:
    with pytest.raises(InputError) as caught:
        decode_utf8("ab\ncdé".encode() + b"\xff", "f.txt")
    error = caught.value
    assert (error.line, error.column) == (2, 4)
    assert "byte 0xff at byte offset 7" in error.message


def test_text_files_refuse_control_characters_but_take_windows_line_ends(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes(b"- a\r\n- b\r\n")
    assert read_text(good, limit=100) == "- a\n- b\n"
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"- a\n- \x1b[2J\n")
    with pytest.raises(InputError, match=r"U\+001B \(ESC") as caught:
        read_text(bad, limit=100)
    assert (caught.value.line, caught.value.column) == (2, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, f"nested more than {MAX_JSON_DEPTH} levels"),
        ('{"a": ' + "1" * 5000 + "}", f"numbers here have at most {MAX_NUMBER_CHARS}"),
        ('{"a": NaN}', "NaN is not a number JSON allows"),
        ('{"a": -Infinity}', "-Infinity is not a number JSON allows"),
        ('{"a": 1e999}', "not a finite number"),
        ('{"player": "\\ud800"}', "lone surrogate"),
        ('{"player": "a\\u001b[2J"}', "U+001B"),
        ('{"answer": "a\\rb"}', "carriage return"),
        ('{"answer": "a\x9bb"}', "U+009B"),
        ("{nope", "not valid JSON"),
    ],
    ids=["deep", "long-number", "nan", "infinity", "1e999", "surrogate", "esc", "cr", "c1", "bad"],
)
def test_json_outside_the_limits_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace("+", r"\+")) as e:
        loads_json(text, "log.jsonl", 7)
    assert e.value.line == 7 and e.value.column >= 1


def test_json_within_the_limits_reads_as_json_does() -> None:
    line = {"a": [[[1.5e300]]], "b": "tab\there\nnewline é 😀", "c": -(2**63), "d": None}
    assert loads_json(json.dumps(line), "f", 1) == line
    assert loads_json(json.dumps(line, ensure_ascii=False), "f", 1) == line
