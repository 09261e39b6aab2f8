"""The notebook API for researchers: simulate many games with a data collector, and read class
logs into data frames.

```python
from simcity_council import load_scenario, Game, run_batch, read_logs

vallejo = load_scenario("vallejo")
scores = run_batch(vallejo, "inclusive", runs=500, seed=1)                # one row per game
trust = run_batch(vallejo, "narrow", runs=200, collect=["trust", "reserve"])  # per turn
logs = read_logs("class-logs/")
tables = logs.tables()                       # the export's tables as pandas DataFrames
```

:func:`run_batch` is built on the engine's public batch API (``Batch.start``, ``batch.play``,
``batch.state``, ``batch.scores``); game *i* is the game that ``simcity-council batch`` plays as
game *i* with the same seed. It needs pandas (``pip install 'simcity-council[research]'``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import UsageError

Collector = Callable[[Any, Any], dict[str, Any]]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise UsageError("this needs pandas: pip install 'simcity-council[research]'") from None
    return pandas


def run_batch(
    scenario: Any,
    policy: str = "random",
    runs: int = 100,
    seed: int = 0,
    collect: Sequence[str] | Collector | None = None,
) -> Any:
    """Play ``runs`` games of ``scenario`` (a built-in id, a path or a loaded scenario) with
    ``policy``, game *i* with ``derive_seeds(seed, runs)[i]``; a pandas DataFrame.

    Without ``collect``: one row per game with its seed, final scores, each group's final trust
    (``trust_<group>``), end reason, turns played
    and each objective met. With ``collect``, per-turn series in long form, like Mesa's data
    collector: turn 0 is the start, and a game has rows up to the turn it ended.

    - a list of the engine's state quantities: per-group ones (``trust``, ``wellbeing``,
      ``engagement``, ``uncertainty``, ...) give one row per game x turn x group, with any
      per-game ones (``reserve``, ``resilience``, ``revenue``, ...) repeated on each; only
      per-game ones give one row per game x turn; ``indicators`` gives a column per indicator.
    - a function ``(state, compiled) -> {column: array of one value per game}``, called after
      every turn: one row per game x turn with those columns.
    """
    from .engine import Batch, derive_seeds, make_policy

    pandas = _pandas()
    if runs < 1:
        raise UsageError("runs must be at least 1")
    seeds = derive_seeds(seed, runs)
    batch = Batch.start(scenario, seeds)
    chosen = make_policy(policy) if isinstance(policy, str) else policy
    compiled = batch.compiled
    collector = _collector(collect, batch) if collect is not None else None
    frames: list[Any] = []
    if collector is not None:
        frames.append(collector(batch, 0, [True] * runs))
    while batch.turn <= compiled.turns and not batch.done.all():
        playing = (~batch.done).tolist()
        turn = batch.turn
        batch.play(chosen)
        if collector is not None:
            frames.append(collector(batch, turn, playing))
    if collector is not None:
        frame = pandas.concat(frames, ignore_index=True)
        return frame.sort_values(["game", "turn"], kind="stable", ignore_index=True)
    return _scores_frame(batch, seeds, pandas)


def _scores_frame(batch: Any, seeds: Any, pandas: Any) -> Any:
    from .engine.state import END_REASONS

    scores = batch.scores()
    c = batch.compiled
    data: dict[str, Any] = {"game": range(batch.games), "seed": seeds.astype("uint64")}
    for f in fields(scores):
        values = getattr(scores, f.name)
        if values.ndim != 1:  # objectives, applies, debrief, reflection, trust: below
            continue
        if f.name == "end_reason":
            data[f.name] = [END_REASONS.get(int(code)) for code in values]
        else:
            data[f.name] = _values(values)
    data["turns"] = batch.state.played
    for k, group in enumerate(c.model.groups):
        data[f"trust_{group.id}"] = _values(scores.trust[:, k])
    for k, objective in enumerate(c.model.objectives):
        data[f"objective_{objective.id}"] = scores.objectives[:, k]
        data[f"applies_{objective.id}"] = scores.applies[:, k]
    return pandas.DataFrame(data)


def _collector(collect: Sequence[str] | Collector, batch: Any) -> Callable[..., Any]:
    """A function (batch, turn, playing) -> DataFrame of that turn's rows."""
    pandas = _pandas()
    import numpy as np

    c = batch.compiled
    seeds = batch.state.seeds.astype("uint64")
    if callable(collect):
        user = collect

        def custom(b: Any, turn: int, playing: list[bool]) -> Any:
            rows = np.flatnonzero(playing)
            values = user(b.state, c)
            data = {"game": rows, "seed": seeds[rows], "turn": turn}
            data.update({k: np.asarray(v)[rows] for k, v in values.items()})
            return pandas.DataFrame(data)

        return custom
    names = [collect] if isinstance(collect, str) else list(collect)
    known = {f.name for f in fields(batch.state)} - {"seeds", "turn"}
    unknown = [n for n in names if n not in known]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(
            f"collect: the engine has no quantity '{unknown[0]}'{hint} (it has: "
            f"{', '.join(sorted(known))})"
        )
    groups = c.group_ids
    per_group = [n for n in names if _shape(batch, n) == ("games", "groups")]
    per_game = [n for n in names if _shape(batch, n) == ("games",)]
    wide = [n for n in names if n not in per_group and n not in per_game]
    for name in wide:
        if name != "indicators":
            raise UsageError(
                f"collect: '{name}' is neither one value per game nor one per group; collect "
                "it with a function (state, compiled) -> {column: values}"
            )

    def take(b: Any, turn: int, playing: list[bool]) -> Any:
        rows = np.flatnonzero(playing)
        s = b.state
        game_values = {n: _values(getattr(s, n))[rows] for n in per_game}
        if "indicators" in wide:
            ind = _values(s.indicators)[rows]
            game_values.update({i: ind[:, k] for k, i in enumerate(c.indicator_ids)})
        if not per_group:
            return pandas.DataFrame(
                {"game": rows, "seed": seeds[rows], "turn": turn, **game_values}
            )
        n_groups = len(groups)
        data: dict[str, Any] = {
            "game": np.repeat(rows, n_groups),
            "seed": np.repeat(seeds[rows], n_groups),
            "turn": turn,
            "group": np.tile(np.asarray(groups, dtype=object), len(rows)),
        }
        for n in per_group:
            data[n] = _values(getattr(s, n))[rows].reshape(-1)
        for n, values in game_values.items():
            data[n] = np.repeat(values, n_groups)
        return pandas.DataFrame(data)

    return take


def _shape(batch: Any, name: str) -> tuple[str, ...]:
    array = getattr(batch.state, name)
    n_groups = batch.compiled.n_groups
    if array.ndim == 1:
        return ("games",)
    if array.ndim == 2 and array.shape[1] == n_groups and name != "indicators":
        return ("games", "groups")
    return ("other",)


def _values(array: Any) -> Any:
    """[0, 1] quantities (float32) as the decimals the game shows and logs hold; others as
    they are."""
    from .engine.precision import as_decimal

    return as_decimal(array) if array.dtype.kind == "f" and array.dtype.itemsize == 4 else array


@dataclass(frozen=True)
class Logs(Sequence[Any]):
    """Session logs read for analysis (see :func:`read_logs`): a sequence of
    :class:`~simcity_council.session.SessionLog`, and their tables as DataFrames."""

    logs: tuple[Any, ...]
    warnings: tuple[str, ...] = ()
    left_out: tuple[tuple[str, int], ...] = ()

    def __len__(self) -> int:
        return len(self.logs)

    def __getitem__(self, index: Any) -> Any:
        return self.logs[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.logs)

    def __repr__(self) -> str:
        finished = sum(1 for log in self.logs if log.end is not None)
        scenarios = sorted({log.header.scenario_id for log in self.logs})
        auto = sum(1 for log in self.logs if log.auto)
        return (
            f"<Logs: {len(self.logs)} sessions ({finished} finished, {auto} automatic) of "
            f"{', '.join(scenarios)}>"
        )

    def tables(self, pseudonymise: bytes | str | None = None) -> dict[str, Any]:
        """The export's tables (sessions, turns, groups, choices, actions, indicators,
        objectives, reflections, provenance) as pandas DataFrames, typed as the codebook says;
        ``pseudonymise`` keys the pseudonyms as ``export --pseudonymise`` does."""
        from .session.privacy import Pseudonymiser
        from .session.tables import Rows, make_tables, quantities_of

        pandas = _pandas()
        key = pseudonymise.encode() if isinstance(pseudonymise, str) else pseudonymise
        group_q, city_q = quantities_of(self.logs)
        tables = make_tables(group_q, city_q)
        rows = Rows(group_q, city_q, Pseudonymiser(key) if key else None)
        dtypes = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
        out = {}
        for kind in tables.models:
            columns = tables.columns(kind)
            data = [row for log in self.logs for row in rows.of(kind, log)]
            frame = pandas.DataFrame.from_records(data, columns=list(columns))
            types = tables.types(kind)
            out[kind] = frame.astype({c: dtypes[t] for c, t in types.items() if c != "seed"})
        return out


def read_logs(
    *paths: str | Path,
    sections: Sequence[str] = (),
    include_auto: bool = True,
    include_no_consent: bool = False,
    skip_bad: bool = False,
) -> Logs:
    """Read session logs (files, or folders of ``*.jsonl``) as the export does: copies once,
    forks and broken chains refused (or left out with ``skip_bad``), sessions recorded with
    ``--consent no`` left out unless ``include_no_consent``."""
    from .session.collect import Selection, collect_logs

    if not paths:
        raise UsageError("read_logs needs at least one log file or folder")
    selection = Selection(tuple(sections), include_auto, include_no_consent)
    collected = collect_logs([str(p) for p in paths], skip_bad, selection)
    return Logs(collected.logs, collected.warnings, tuple(collected.left_out.items()))
