"""The condition language: what it accepts, how it evaluates, and how it refuses everything else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simcity_council.errors import ConditionError
from simcity_council.scenario.conditions import Vocabulary, compile_condition
from simcity_council.scenario.models import Scenario

MINIMAL = Path(__file__).parent.parent / "data" / "good_minimal.yaml"

VOCAB = Vocabulary(
    groups=("owners", "renters", "unhoused"),
    flags=("pb_adopted", "audit_done"),
    indicators=("street_condition",),
    events=("storm",),
    actions=("listening_tour",),
    decisions=(("budget_process", ("pb", "staff")), ("projects", ("fund_winners", "repave"))),
)
SHARE = np.array([0.5, 0.35, 0.15])


def make_env(games: int, seed: int = 0) -> dict[str, np.ndarray]:
    """A random env with the shapes of docs/architecture.md."""
    rng = np.random.default_rng(seed)
    return {
        "trust": rng.random((games, 3)),
        "wellbeing": rng.random((games, 3)),
        "engagement": rng.random((games, 3)),
        "share": SHARE,
        "reserve": rng.normal(5e5, 3e5, games),
        "revenue": rng.random(games) * 1e5,
        "resilience": rng.random(games),
        "capacity": rng.integers(0, 4, games).astype(float),
        "turn": rng.integers(1, 11, games),
        "flag": rng.random((games, 2)) < 0.5,
        "indicator": rng.random((games, 1)),
        "event": rng.random((games, 1)) < 0.5,
        "chose": rng.integers(-1, 2, (games, 2)),
        "action": rng.integers(0, 3, (games, 1)),
        **{
            name: rng.random(games)
            for name in ("trust_min", "trust_mean", "trust_gap", "wellbeing_min", "wellbeing_mean")
        },
    }


ENV = make_env(64)


def evaluate(text: str, env: dict[str, np.ndarray] = ENV) -> np.ndarray:
    return compile_condition(text, VOCAB).evaluate(env)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min(trust) >= 0.4", ENV["trust"].min(axis=1) >= 0.4),
        ("max(wellbeing) < 0.9", ENV["wellbeing"].max(axis=1) < 0.9),
        ("mean(trust) > 0.5", ENV["trust"] @ SHARE > 0.5),
        ("trust.renters < 0.3", ENV["trust"][:, 1] < 0.3),
        ("flag.pb_adopted", ENV["flag"][:, 0]),
        ("not flag.audit_done", ~ENV["flag"][:, 1]),
        ("event.storm", ENV["event"][:, 0]),
        ("indicator.street_condition >= 0.5", ENV["indicator"][:, 0] >= 0.5),
        ("chose.projects.repave", ENV["chose"][:, 1] == 1),
        ("chose.budget_process.pb", ENV["chose"][:, 0] == 0),
        ("turn >= 3 and reserve > 0", (ENV["turn"] >= 3) & (ENV["reserve"] > 0)),
        ("flag.pb_adopted or event.storm", ENV["flag"][:, 0] | ENV["event"][:, 0]),
        ("0.2 < trust.owners <= 0.7", (ENV["trust"][:, 0] > 0.2) & (ENV["trust"][:, 0] <= 0.7)),
        ("max(trust) - min(trust) < 0.3", np.ptp(ENV["trust"], axis=1) < 0.3),
        ("min(trust - wellbeing) > -0.2", (ENV["trust"] - ENV["wellbeing"]).min(axis=1) > -0.2),
        ("-reserve < -100000", -ENV["reserve"] < -100000),
        ("reserve * 2 + revenue / 4 > 1e6", ENV["reserve"] * 2 + ENV["revenue"] / 4 > 1e6),
        (
            "min(trust.owners, trust.renters) > 0.2",
            np.minimum(ENV["trust"][:, 0], ENV["trust"][:, 1]) > 0.2,
        ),
        ("flag.pb_adopted == event.storm", ENV["flag"][:, 0] == ENV["event"][:, 0]),
        ("True", np.ones(64, bool)),
        ("1 > 2", np.zeros(64, bool)),
        ("resilience\n  >= 0.5", ENV["resilience"] >= 0.5),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_condition_evaluates_like_numpy(text: str, expected: np.ndarray) -> None:
    result = evaluate(text)
    assert result.dtype == np.bool_
    assert result.shape == (64,)
    np.testing.assert_array_equal(result, expected)


def test_division_by_zero_is_zero_without_warnings() -> None:
    env = dict(ENV, revenue=np.zeros(64))
    with np.errstate(all="raise"):
        result = evaluate("reserve / revenue == 0", env)
    assert result.all()


def test_mean_with_zero_shares_is_zero() -> None:
    env = dict(ENV, share=np.zeros(3))
    assert evaluate("mean(trust) == 0", env).all()


def test_names_and_keys_list_what_the_condition_reads() -> None:
    cond = compile_condition("min(trust) >= 0.4 and flag.pb_adopted or mean(wellbeing) > 0", VOCAB)
    assert cond.names == {"trust", "flag.pb_adopted", "wellbeing"}
    assert cond.keys == {"trust", "flag", "wellbeing", "share"}


def test_result_is_a_fresh_array() -> None:
    env = make_env(4)
    mask = compile_condition("flag.pb_adopted", VOCAB).evaluate(env)
    mask[:] = ~mask
    assert not np.array_equal(mask, env["flag"][:, 0])


def test_vocabulary_from_scenario_keeps_model_order() -> None:
    model = Scenario.model_validate(yaml.safe_load(MINIMAL.read_text(encoding="utf-8")))
    vocab = Vocabulary.from_scenario(model)
    assert vocab.groups == ("owners", "renters", "unhoused", "works_crew")
    assert vocab.flags == ("pb_adopted", "needs_heard")
    assert vocab.actions == ("listening_tour", "open_data")
    assert dict(vocab.decisions)["projects"] == ("fund_winners", "repave", "split")


@pytest.mark.parametrize(
    ("text", "column", "message", "hint"),
    [
        ("trst.renters > 0.1", 1, "unknown name 'trst.renters'", "did you mean 'trust.renters'?"),
        ("turn >= 2 and flag.pb_adopte", 15, "unknown name 'flag.pb_adopte'", "flag.pb_adopted"),
        ("chose.projects.repav", 1, "unknown name", "'chose.projects.repave'"),
        ("trust > 0.3", 1, "'trust' is one value per group; use min(trust)", ""),
        ("trust.renters", 1, "must be yes/no", "trust.renters >= 0.5"),
        ("flag.pb_adopted == 1", 1, "cannot compare yes/no 'flag.pb_adopted'", ""),
        ("flag.pb_adopted + 1 > 0", 1, "'+' needs numbers", ""),
        ("turn > 2 and reserve", 14, "needs yes/no values", ""),
        ("trust.renters >= 40", 1, "between 0 and 1", "0.4"),
        ("a && b", 4, "not a valid condition", "'and'"),
        ("turn = 3", 6, "not a valid condition", "'=='"),
        ("turn >= 3 and", 14, "ends too early", ""),
        ("'renters' > 1", 1, "text in quotes", ""),
        ("__import__('os').system('x') > 0", 1, "not a function", ""),
        ("reserve ** 2 > 0", 1, "'**' is not allowed", ""),
        ("min(reserve) > 0", 1, "of one number", ""),
        ("min > 0", 1, "'min' is a function", ""),
        ("[1] == [1]", 1, "not allowed", ""),
        ("turn in (1, 2)", 9, "'in' is not allowed", ""),
        ("  turn >= x", 11, "unknown name 'x'", ""),
        ("é > 0", 1, "not allowed in a condition", ""),
        ("trust.renters ≥ 0.4", 15, "not allowed in a condition", "write '>=' instead"),
        ("ｔｒｕｓｔ.renters > 0.4", 1, "(U+FF54) is not allowed", ""),
        ("trust.renters > 0.4 # and turn > 99", 21, "'#' is not allowed", "outside the quotes"),
        ("(" * 65 + "turn > 1" + ")" * 65, 65, "nested too deeply", ""),
        ("   ", 1, "empty condition", ""),
        ("x" * 501, 501, "limit is 500", ""),
        ("-" * 80 + "turn > 0", 65, "nested too deeply", ""),
        ("1e999 > 0", 1, "too large", ""),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else str(v),
)
def test_bad_condition_is_located(text: str, column: int, message: str, hint: str) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, VOCAB)
    assert message in caught.value.message
    assert hint in caught.value.hint
    assert caught.value.column == column


NAMES = [n for n in VOCAB.all_names() if n not in ("min", "max", "mean")]
TOKENS = [
    *NAMES,
    "min(",
    "max(",
    "mean(",
    "(",
    ")",
    ",",
    "and",
    "or",
    "not",
    "<",
    "<=",
    ">",
    ">=",
    "==",
    "!=",
    "+",
    "-",
    "*",
    "/",
    "0",
    "0.4",
    "3",
    "True",
    "False",
    "1e6",
    ".",
    "trust.",
    "flag.",
    "chose.projects.",
    "**",
    "=",
    "'",
    "in",
    "if",
    "lambda",
    "x",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_arbitrary_text_only_raises_condition_error(text: str) -> None:
    try:
        cond = compile_condition(text, VOCAB)
    except ConditionError as err:
        assert 1 <= err.column <= max(len(text), 1) + 1
        return
    assert cond.evaluate(ENV).shape == (64,)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14), st.integers(1, 9))
def test_token_soup_compiles_or_raises_condition_error(tokens: list[str], games: int) -> None:
    text = " ".join(tokens)
    try:
        cond = compile_condition(text, VOCAB)
    except ConditionError as err:
        assert 1 <= err.column <= len(text) + 1
        return
    result = cond.evaluate(make_env(games, seed=games))
    assert result.dtype == np.bool_
    assert result.shape == (games,)


_ATOM = (
    r"(trust\.(owners|renters|unhoused)|reserve|turn|resilience|indicator\.street_condition"
    r"|[0-9]\.[0-9])"
)
_AGG = r"(min|max|mean)\((trust|wellbeing|engagement)\)"
_CMP = rf"({_ATOM}|{_AGG}) ?(<|<=|>|>=|==|!=) ?({_ATOM}|{_AGG})"
_BOOL = (
    rf"({_CMP}|flag\.(pb_adopted|audit_done)|event\.storm|chose\.projects\.(repave|fund_winners))"
)
NEAR_VALID = rf"(not )?{_BOOL}( (and|or) (not )?{_BOOL}){{0,3}}"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(NEAR_VALID, fullmatch=True), st.integers(1, 9))
def test_grammar_generated_conditions_compile_and_evaluate(text: str, games: int) -> None:
    try:
        cond = compile_condition(text, VOCAB)
    except ConditionError as err:
        # Only the type checks may refuse grammatical text: 0-1 values compared with big numbers.
        assert "between 0 and 1" in err.message
        return
    result = cond.evaluate(make_env(games, seed=games + 1))
    assert result.dtype == np.bool_
    assert result.shape == (games,)


# -- no condition runs code ------------------------------------------------------------------------
# An audit hook (PEP 578) sees every exec/eval, import, open, os.system, subprocess... of the
# interpreter. While a condition is compiled and evaluated, the only event allowed is the
# 'compile' of ast.parse (source -> syntax tree, nothing run). Hooks cannot be removed: this one
# records only while `_WATCH` is set, and is added on first use, not at import.

_WATCH: list[list[str]] = []
_HOOKED: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCH:
        _WATCH[-1].append(event)


ATTACKS = [
    "__import__('os').system('touch PWNED')",
    "open('PWNED', 'w').write('x')",
    "exec('import os')",
    "eval('1')",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: __import__('os'))()",
    "[x for x in ().__class__.__mro__]",
    "trust.__class__.__init__.__globals__",
    "flag.pb_adopted.__class__",
    "min.__self__.open('PWNED')",
    "getattr(min, '__self__')",
    "__builtins__",
    "f'{1}'",
    "breakpoint()",
    "reserve.__reduce__()",
    "trust.renters if 1 else 0",
    "(x := 1)",
    "min(trust)[0]",
    "turn.real > 0",
]


def _events_while(text: str, env: dict[str, np.ndarray]) -> list[str]:
    """The audit events raised while ``text`` is compiled and evaluated."""
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED.append(True)
    _WATCH.append([])
    try:
        try:
            compile_condition(text, VOCAB).evaluate(env)
        except ConditionError:
            pass
    finally:
        events = _WATCH.pop()
    return events


@pytest.mark.parametrize("text", ATTACKS, ids=range(len(ATTACKS)))
def test_attack_is_refused_and_runs_nothing(text: str, tmp_path: Path) -> None:
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(ConditionError):
            compile_condition(text, VOCAB)
        assert set(_events_while(text, ENV)) <= {"compile"}
    finally:
        os.chdir(here)
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from([*TOKENS, *ATTACKS, "__class__", "[", "]", "{", "}"]), max_size=8
        ).map(" ".join),
    )
)
def test_no_input_string_runs_code(text: str) -> None:
    assert set(_events_while(text, ENV)) <= {"compile"}


def test_resident_scores_and_action_counts_are_names() -> None:
    env = make_env(8, seed=3)
    assert evaluate("trust_min >= 0.5", env).tolist() == (env["trust_min"] >= 0.5).tolist()
    assert (
        evaluate("wellbeing_mean < trust_gap", env).tolist()
        == (env["wellbeing_mean"] < env["trust_gap"]).tolist()
    )
    assert (
        evaluate("action.listening_tour >= 2", env).tolist() == (env["action"][:, 0] >= 2).tolist()
    )
    with pytest.raises(ConditionError, match="always true or always false"):
        compile_condition("trust_min >= 40", VOCAB)
    with pytest.raises(ConditionError) as caught:
        compile_condition("action.listening_tuor >= 1", VOCAB)
    assert caught.value.hint == "did you mean 'action.listening_tour'?"
