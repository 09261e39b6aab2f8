"""The output layer: whole files or none, never replacing without force, regular targets only."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from simcity_council.errors import OutputError
from simcity_council.safeout import Outputs, dumps, write_file


def test_a_new_file_is_written_whole_with_the_mode_the_umask_gives(tmp_path: Path) -> None:
    target = write_file(tmp_path / "out.json", '{"a": 1}\n', force=False)
    assert target.read_text(encoding="utf-8") == '{"a": 1}\n'
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_existing_file_is_replaced_only_with_force_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("precious", encoding="utf-8")
    os.chmod(target, 0o600)
    with pytest.raises(OutputError, match="already exists; not replacing it .pass --force"):
        write_file(target, "new", force=False)
    assert target.read_text(encoding="utf-8") == "precious"
    write_file(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-null", "folder"])
def test_a_target_that_is_not_a_regular_file_is_refused_even_with_force(
    tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to("/dev/null")
    before = os.lstat(target)
    with pytest.raises(OutputError, match="not a regular file"):
        write_file(target, "x", force=True)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_to_a_regular_file_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    write_file(tmp_path / "link.txt", "new", force=True)
    assert (tmp_path / "link.txt").is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_missing_folder_is_named_with_the_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"out\.json: the folder .* does not exist"):
        write_file(tmp_path / "no" / "out.json", "x", force=False, create_folder=False)


def test_several_files_are_renamed_into_place_only_when_all_are_written(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    with pytest.raises(RuntimeError):
        with Outputs([a, b], force=False) as out:
            out.write(a, "a")
            raise RuntimeError("the second file failed")
    assert list(tmp_path.iterdir()) == []
    with Outputs([a, b], force=False) as out:
        out.write(a, "a")
        out.write(b, "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_write_that_fails_part_way_leaves_nothing_and_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    import resource
    import signal

    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, old_limit[1]))
    try:
        with pytest.raises(OutputError) as caught:
            write_file(tmp_path / "big.json", "x" * 100_000, force=False)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert "nothing was written" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_dumps_writes_null_for_values_that_are_not_finite() -> None:
    text = dumps({"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5]})
    assert json.loads(text) == {"a": None, "b": [None, None, 1.5]}


def test_a_fixed_mode_is_given_to_new_and_replaced_files(tmp_path: Path) -> None:
    """Research data is owner-only whatever the umask, also when --force replaces a file."""
    target = write_file(tmp_path / "report.html", "new", force=False, mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    os.chmod(target, 0o644)
    write_file(target, "again", force=True, mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "again"


def test_a_file_written_by_another_writer_is_moved_into_place_with_the_others(
    tmp_path: Path,
) -> None:
    a, b = tmp_path / "a.parquet", tmp_path / "b.json"
    with Outputs([a, b], force=False, mode=0o600) as out:
        out.temp_path(a).write_bytes(b"PAR1")
        out.write(b, "{}")
        assert not a.exists() and not b.exists()
    assert a.read_bytes() == b"PAR1" and b.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet", "b.json"]
