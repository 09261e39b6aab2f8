"""The safe loader: hostile and broken files are refused quickly, with located messages."""

from __future__ import annotations

import datetime
import hashlib
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simcity_council.errors import ScenarioError
from simcity_council.scenario import LoadedScenario, builtin_ids, builtin_path, load_scenario
from simcity_council.scenario.loader import MAX_BYTES, MAX_DEPTH, MAX_NODES, read_document

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "good_minimal.yaml"
GOOD_TEXT = GOOD.read_text(encoding="utf-8")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def write(tmp_path: Path, content: str | bytes, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_good_minimal_loads() -> None:
    loaded = load_scenario(GOOD)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.model.meta.id == "minimal"
    assert loaded.path == GOOD
    assert loaded.sha256 == hashlib.sha256(GOOD.read_bytes()).hexdigest()


@pytest.mark.parametrize("ident", builtin_ids())
def test_builtin_scenarios_load_by_id(ident: str) -> None:
    loaded = load_scenario(ident)
    assert loaded.path.name == f"{ident}.yaml"
    assert loaded.model.meta.id == ident


def test_yaml_conveniences_load_to_the_same_scenario() -> None:
    features = load_scenario(DATA / "good_yaml_features.yaml").model
    assert features.model_dump() == load_scenario(GOOD).model.model_dump()


GOOD_FILES = [
    *sorted(DATA.glob("good_*.yaml")),
    *(builtin_path(i) for i in (*builtin_ids(), "template")),
]


@pytest.mark.parametrize("path", GOOD_FILES, ids=[p.name for p in GOOD_FILES])
def test_loader_data_equals_pyyaml_safe_load(path: Path) -> None:
    document, problems = read_document(path, path.name)
    assert problems == []
    assert document.data == _dates_as_text(yaml.safe_load(path.read_text(encoding="utf-8")))


def _dates_as_text(value: object) -> object:
    """Our loader keeps YAML timestamps as the text written; PyYAML makes dates of them."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_builtin_ids_exclude_the_template() -> None:
    assert "template" not in builtin_ids()
    assert builtin_ids() == tuple(sorted(builtin_ids()))


def test_alias_bomb_is_refused_quickly_and_small(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        found = problems_of(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"more than {MAX_NODES:,} values" in found[0]
    assert peak < 5_000_000


def test_recursive_alias(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, "a: &x\n  b: *x\n"))
    assert ":2:6: recursive alias '*x'" in found[0]


def test_unknown_alias(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, "a: *nowhere\n"))
    assert ":1:4: unknown alias '*nowhere'" in found[0]


def test_merge_keys_are_supported(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace(
        "  - {id: parks, name: Parks}", "  - &park {id: parks, name: Parks}"
    ).replace("  - {id: housing, name: Housing}", "  - {<<: *park, id: housing, name: Housing}")
    assert load_scenario(write(tmp_path, text)).model.domains[2].id == "housing"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, b"# " + b"x" * MAX_BYTES + b"\n")
    found = problems_of(path)
    assert "scenario files may be at most" in found[0]


def test_binary_junk(tmp_path: Path) -> None:
    path = write(tmp_path, b"schema_version: 1\nmeta:\n  id: \xff\xfe\x00\x01junk\n")
    found = problems_of(path)
    assert ":3:7: the file is not UTF-8 text: byte 0xff at byte offset 30" in found[0]


def test_control_character(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, "schema_version: 1\nmeta: \x07\n"))
    assert ":2:7: the file contains the control character U+0007" in found[0]


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.read_bytes())
    assert load_scenario(path).model.meta.id == "minimal"


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_while_parsing(tmp_path: Path, opener: str) -> None:
    found = problems_of(write(tmp_path, opener * 50_000 + "x\n"))
    assert f"nested more than {MAX_DEPTH} levels" in found[0]


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    assert "this is a folder" in problems_of(tmp_path)[0]


def test_scalar_top_level(tmp_path: Path) -> None:
    assert "found a single value" in problems_of(write(tmp_path, "just text\n"))[0]


def test_unsupported_tag(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("title: Minimal Town", "title: !!python/object:os.system x")
    found = problems_of(write(tmp_path, text))
    assert any("the YAML tag 'tag:yaml.org,2002:python/object:os.system'" in p for p in found)


def test_huge_integer(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("reserve: 1000000", "reserve: " + "9" * 5000)
    (found,) = problems_of(write(tmp_path, text))
    assert ": city.reserve: the number '9999" in found
    assert "is too large" in found


def test_refused_value_is_reported_once_with_its_path(tmp_path: Path) -> None:
    # Not also "meta.title: expected text, found a list" for the same value.
    text = GOOD_TEXT.replace("title: Minimal Town", "title: !!python/object/apply:os.system [x]")
    (found,) = problems_of(write(tmp_path, text))
    assert ":6:10: meta.title: the YAML tag 'tag:yaml.org,2002:python/object/apply:os" in found


def test_long_list_without_aliases_is_not_blamed_on_aliases(tmp_path: Path) -> None:
    text = GOOD_TEXT + "extra: [" + ", ".join(["1"] * MAX_NODES) + "]\n"
    (found,) = problems_of(write(tmp_path, text))
    assert f"the document holds more than {MAX_NODES:,} values" in found
    assert "alias" not in found.split(": ", 1)[1]


def test_non_finite_number(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("reserve: 1000000", "reserve: .nan")
    assert any("city.reserve" in p for p in problems_of(write(tmp_path, text)))


def test_timestamps_stay_text(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace('period: "2020"', "period: 2020-01-01")
    assert load_scenario(write(tmp_path, text)).model.meta.period == "2020-01-01"


def test_schema_and_crossref_problems_come_together(tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("  count: 4\n", "  count: x\n").replace("renters: 0.8", "renterz: 0.8")
    found = problems_of(write(tmp_path, text))
    assert any("turns.count" in p for p in found)
    assert any("consult.renterz" in p for p in found)


# -- hypothesis: mutated scenarios only ever raise ScenarioError --------------------------------

LINES = GOOD_TEXT.splitlines(keepends=True)
JUNK = st.sampled_from(
    [
        ":",
        "-",
        "[",
        "]",
        "{",
        "}",
        "&a",
        "*a",
        "!!",
        "'",
        '"',
        "\t",
        "#",
        "|",
        ">",
        "\x00",
        "é",
        "0",
        "-1",
        "1e309",
        "null",
        "~",
        "yes",
        "  ",
        "\n",
        ",",
        "?",
        "%",
        "@",
        "`",
        "<<: ",
    ]
)


def _load_text(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    try:
        load_scenario(path)
    except ScenarioError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.message


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.integers(0, len(LINES) - 1), min_size=1, max_size=6, unique=True))
def test_deleting_lines(tmp_path: Path, drop: list[int]) -> None:
    _load_text(tmp_path, "".join(line for i, line in enumerate(LINES) if i not in drop))


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(st.integers(0, len(GOOD_TEXT)), JUNK), min_size=1, max_size=5))
def test_inserting_junk(tmp_path: Path, edits: list[tuple[int, str]]) -> None:
    text = GOOD_TEXT
    for position, junk in sorted(edits, reverse=True):
        text = text[:position] + junk + text[position:]
    _load_text(tmp_path, text)


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["[]", "{}", "[1, 2]", "{a: 1}", "renters", "-0.5"]),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), VALUES), min_size=1, max_size=4))
def test_changing_values(tmp_path: Path, edits: list[tuple[int, object]]) -> None:
    lines = list(LINES)
    for index, value in edits:
        line = lines[index]
        if ": " in line:
            key = line.split(": ", 1)[0]
            shown = value if isinstance(value, str) else repr(value)
            lines[index] = f"{key}: {shown}\n"
    _load_text(tmp_path, "".join(lines))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.permutations(range(len(LINES))).map(lambda p: p[:8]))
def test_swapping_lines(tmp_path: Path, order: list[int]) -> None:
    lines = list(LINES)
    for a, b in zip(order[::2], order[1::2], strict=False):
        lines[a], lines[b] = lines[b], lines[a]
    _load_text(tmp_path, "".join(lines))


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        # a key of a list item one space short of the item's other keys
        (
            "    cost: 20000\n    capacity: 1\n    targets: [renters, unhoused]",
            "    cost: 20000\n   capacity: 1\n    targets: [renters, unhoused]",
            "this line ('capacity:') is indented 1 space less than 'cost:' on line",
            "(4 spaces)",
        ),
        # a key at the column of the list's '-'
        (
            "    transparency: 0.3\ndecisions:",
            "  transparency: 0.3\ndecisions:",
            "this line ('transparency:') is indented 2 spaces less than 'targets:' on line",
            "(4 spaces)",
        ),
        # a key that fell back to the parent's level, with a list item after it
        (
            "    sets: [needs_heard]\n  - id: open_data",
            "sets: [needs_heard]\n  - id: open_data",
            "('sets:') is indented 4 spaces less than 'engagement:' on line",
            "(4 spaces)",
        ),
    ],
)
def test_a_line_indented_too_little_is_named_with_where_to_line_it_up(
    tmp_path: Path, old: str, new: str, line: str, said: str
) -> None:
    """YAML's own words ('did not find expected key', "expected '-' indicator") do not say
    which line is short, nor by how much (an instructor could not act on them)."""
    assert GOOD_TEXT.count(old) == 1
    found = problems_of(write(tmp_path, GOOD_TEXT.replace(old, new)))
    assert len(found) == 1 and "YAML syntax error" in found[0], found
    assert line in found[0] and said in found[0] and "line it up" in found[0], found[0]


def test_an_unknown_field_of_a_short_list_names_them_all(tmp_path: Path) -> None:
    """'lapses_when' is closest to 'kept_when', the opposite of what the author meant: the
    hint lists the promise's fields, void_when among them."""
    text = GOOD_TEXT.replace(
        "          kept_when: chose.projects.fund_winners\n",
        "          kept_when: chose.projects.fund_winners\n          lapses_when: turn >= 2\n",
    )
    (problem,) = problems_of(write(tmp_path, text))
    assert "unknown field 'lapses_when'; did you mean 'kept_when'?" in problem
    assert "(fields allowed here: label, groups, due, kept_when, void_when)" in problem
