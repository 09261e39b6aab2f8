"""The log reader on damaged input: a LogError with a line number, never anything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sessionkit import play_log

from simcity_council.errors import LogError
from simcity_council.session import read_log
from simcity_council.session.collect import collect_logs
from simcity_council.session.export_csv import export_csv
from simcity_council.session.logformat import parse_log
from simcity_council.session.report import render_report
from simcity_council.session.verify import verify_paths
from simcity_council.session.xapi import statements


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return play_log(tmp_path_factory.mktemp("good"), seed=2).read_bytes()


def test_a_good_log_reads_back_what_was_written(good: bytes) -> None:
    lines = [json.loads(line) for line in good.splitlines()]
    log = parse_log(good, Path("log.jsonl"))
    assert log.header.session_id == lines[0]["session_id"]
    assert [t.trust for t in log.turns] == [line["by_group"]["trust"] for line in lines[1:-1]]
    assert [t.reserve for t in log.turns] == [line["city"]["reserve"] for line in lines[1:-1]]
    assert log.end is not None and log.end.scores == lines[-1]["scores"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_logs_fail_only_with_a_located_log_error(good: bytes, data: st.DataObject) -> None:
    raw = bytearray(good)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "delete", "insert"]))
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        if kind == "flip" and raw:
            raw[at] = data.draw(st.integers(0, 255))
        elif kind == "cut":
            del raw[at:]
        elif kind == "delete":
            del raw[at : at + data.draw(st.integers(1, 40))]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    try:
        parse_log(bytes(raw), Path("log.jsonl"))
    except LogError as error:
        assert str(error).startswith("log.jsonl")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    line=st.integers(1, 6),
    key=st.sampled_from(
        [
            "turn",
            "prev",
            "played_by",
            "policy",
            "answer_seconds",
            "choices",
            "by_group",
            "city",
            "events",
            "actions",
            "seed",
            "groups",
            "initial",
            "scenario",
            "scores",
            "objectives",
            "stances",
            "indicators",
            "label",
        ]
    ),
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.floats(allow_nan=False),
        st.text(max_size=5),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    ),
)
def test_wrong_field_types_fail_only_with_a_located_log_error(
    good: bytes, tmp_path_factory: pytest.TempPathFactory, line: int, key: str, value: object
) -> None:
    lines = good.splitlines(keepends=True)
    index = min(line, len(lines)) - 1
    obj = json.loads(lines[index])
    obj[key] = value
    lines[index] = (json.dumps(obj) + "\n").encode()
    path = tmp_path_factory.mktemp("typed") / "log.jsonl"
    path.write_bytes(b"".join(lines))
    try:
        read_log(path)
    except LogError as error:
        assert f"{path}:" in str(error)
    verify_paths([path])  # never raises: every problem becomes a verdict
    if _readable(path):  # and whatever reads, exports and reports
        logs = collect_logs([str(path)]).logs
        export_csv(logs, path.parent / "csv")
        statements(logs)
        render_report(logs)


def _readable(path: Path) -> bool:
    try:
        read_log(path)
    except LogError:
        return False
    return True


@pytest.mark.parametrize(
    ("key", "value"),
    [("digest", None), ("by_group", {}), ("by_group", {"trust": 0.5}),
     ("city", {"reserve": "lots"}), ("indicators", [1]),
     ("by_group", {"wellbeing": {"owners": "high", "renters": 0.1}}),
     ("city", {"revenue": None}), ("trust", {})],
    ids=["digest-null", "groups-empty", "trust-number", "reserve-text", "indicators-list",
         "wellbeing-text", "revenue-null", "unknown-field"],
)  # fmt: skip
def test_a_bad_initial_block_is_a_located_error(
    good: bytes, tmp_path: Path, key: str, value: object
) -> None:
    lines = good.splitlines(keepends=True)
    obj = json.loads(lines[0])
    if isinstance(value, dict) and key in ("by_group", "city") and value:
        obj["initial"][key].update(value)
    else:
        obj["initial"][key] = value
    lines[0] = (json.dumps(obj) + "\n").encode()
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=r"log\.jsonl:1: "):
        read_log(path)


@pytest.mark.parametrize(
    "objective",
    [{"id": "a", "met": True, "label": "A", "weight": "heavy"}, {"id": "a", "met": 1},
     {"id": 3, "met": True, "label": "A", "weight": 1}, "solvent"],
    ids=["weight-text", "met-number", "id-number", "not-an-object"],
)  # fmt: skip
def test_a_bad_objective_is_a_located_error(good: bytes, tmp_path: Path, objective) -> None:
    lines = good.splitlines(keepends=True)
    obj = json.loads(lines[-1])
    obj["objectives"] = [objective]
    lines[-1] = (json.dumps(obj) + "\n").encode()
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=rf"log\.jsonl:{len(lines)}: "):
        read_log(path)


@pytest.mark.parametrize("version", [1, 3, 0, "2", True, None], ids=repr)
def test_another_format_version_is_refused_naming_the_writer(
    good: bytes, tmp_path: Path, version: object
) -> None:
    lines = good.splitlines(keepends=True)
    obj = json.loads(lines[0])
    obj["format_version"] = version
    obj["package_version"] = "9.9.9"
    lines[0] = (json.dumps(obj) + "\n").encode()
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=r"log\.jsonl:1: format version .* not supported") as info:
        read_log(path)
    assert "written by simcity-council 9.9.9" in str(info.value)
    assert "pip install 'simcity-council==9.9.9'" in str(info.value)


def test_another_format_version_from_this_version_suggests_an_edit(
    good: bytes, tmp_path: Path
) -> None:
    lines = good.splitlines(keepends=True)
    obj = json.loads(lines[0])
    obj["format_version"] = 1
    lines[0] = (json.dumps(obj) + "\n").encode()
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=r"log\.jsonl:1: .*was the header edited\?"):
        read_log(path)


@pytest.mark.parametrize("writer", ["0.3.0", "0.3.1"])
def test_a_format_a_named_release_does_not_write_suggests_an_edit(
    good: bytes, tmp_path: Path, writer: str
) -> None:
    """0.3.x writes format 2: a header saying 0.3.0 wrote format 3 was edited (it used to be
    told to install 0.3.0, which would refuse it too)."""
    lines = good.splitlines(keepends=True)
    obj = json.loads(lines[0])
    obj["format_version"], obj["package_version"] = 3, writer
    lines[0] = (json.dumps(obj) + "\n").encode()
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(LogError, match=r"log\.jsonl:1: .*was the header edited\?") as info:
        read_log(path)
    assert "pip install" not in str(info.value)


def test_a_log_of_the_previous_format_names_its_release() -> None:
    """A log a release of format version 1 wrote (0.2.0) is refused with that release's name
    and the command that replays it, by verify too."""
    old = Path(__file__).resolve().parents[1] / "data" / "logs" / "format1-release-0.2.0.jsonl"
    with pytest.raises(LogError) as info:
        read_log(old)
    assert f"{old}:1: format version 1 is not supported" in str(info.value)
    assert "written by simcity-council 0.2.0" in str(info.value)
    assert "pip install 'simcity-council==0.2.0'" in str(info.value)
    (verdict,) = verify_paths([old])
    assert not verdict.ok and "simcity-council 0.2.0" in str(verdict.error)
