"""Helpers for the session tests: real games of the minimal fixture scenario, recorded to logs.

Imported by tests/session and tests/commands (``sys.path`` gets this folder; see their imports).
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
MINIMAL = DATA / "good_minimal.yaml"


def play_log(
    log_dir: Path,
    seed: int = 7,
    policy: str = "inclusive",
    scenario: str | Path = MINIMAL,
    turns: int | None = None,
    finish: bool = True,
    reflection: tuple[str, str] | None = None,
    player: str | None = None,
    auto: bool = False,
    section: str | None = None,
    consent: str = "unknown",
) -> Path:
    """Play a game with ``policy`` (all turns, or the first ``turns``) and record it; the log.
    The log says a person played, unless ``auto`` (then: the policy, as ``play --auto``)."""
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.session import SessionRecorder

    game = Game.start(load_scenario(str(scenario)), seed=seed)
    rec = SessionRecorder.create(
        game,
        log_dir=log_dir,
        player=player,
        frontend="text",
        policy=policy if auto else None,
        section=section,
        consent=consent,
    )
    played = 0
    while not game.done and (turns is None or played < turns):
        result = game.submit(game.suggest(policy))
        rec.record_turn(result, seconds=1.5 + played)
        played += 1
    if finish and game.done:
        rec.finish(game.scores())
    if reflection is not None:
        rec.record_reflection(*reflection)
    return rec.path


def finished_log(tmp_path: Path) -> Path:
    """A finished session of the minimal scenario, with a reflection."""
    return play_log(tmp_path / "logs", reflection=("What did you learn?", "Listen first."))


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def rechain(lines: list[bytes]) -> list[bytes]:
    """``lines`` (JSON, one per item) with every ``prev`` recomputed: what a determined editor
    with this program's source would do, so that the replay, not the chain, must catch them."""
    import json

    from simcity_council.session.logformat import line_hash

    out: list[bytes] = []
    for raw in lines:
        body = raw.rstrip(b"\n")
        if out:
            obj = json.loads(body)
            if isinstance(obj, dict) and "prev" in obj:
                obj["prev"] = line_hash(out[-1].rstrip(b"\n"))
                body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
        out.append(body + b"\n")
    return out


def edit_line(
    path: Path, number: int, change, *, chain: bool = True, to: Path | None = None
) -> Path:
    """A copy of the log with line ``number`` (1-based) passed through ``change(obj)``; with
    ``chain`` the hashes after it are recomputed (only the replay can tell), without it the
    chain breaks (a naive edit)."""
    import json

    lines = lines_of(path)
    obj = json.loads(lines[number - 1])
    change(obj)
    lines[number - 1] = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    if chain:
        lines = rechain(lines)
    target = to or path.with_name(f"{path.stem}-edited-{number}.jsonl")
    target.write_bytes(b"".join(lines))
    return target
