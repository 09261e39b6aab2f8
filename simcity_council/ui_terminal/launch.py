"""Start a terminal game from :class:`~simcity_council.play_options.PlayOptions`.

Picks a scenario when none is named, starts (or resumes) the :class:`Game` and its
:class:`SessionRecorder`, and hands both to :class:`~.app.TerminalUI`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

from ..errors import Problem, ScenarioError
from ..play_options import PlayOptions
from .app import EXIT_OK, TerminalUI
from .prompts import Choice, InputEnded, Prompter, QuitRequested
from .screens import QUIT_HELP, ScenarioEntry, show_picker
from .writer import Writer, make_writer, wants_plain


def picker_entries() -> tuple[list[ScenarioEntry], list[str]]:
    """The scenarios for the picker (built-ins, then the user scenario folder), and a note for
    each one that does not load."""
    from ..scenario.catalog import find_scenarios, user_scenario_dir

    entries: list[ScenarioEntry] = []
    broken: list[str] = []
    for entry in find_scenarios():
        if not entry.ok:
            broken.append(f"{entry.title} cannot be loaded: {entry.problems[0]}")
            continue
        model = entry.loaded.model
        entries.append(
            ScenarioEntry(
                entry.ref, model.meta.title, model.meta.city, model.meta.period, model.turns.count
            )
        )
    broken.append(f"Add your own .yaml scenarios to {user_scenario_dir()}")
    return entries, broken


def pick_scenario(writer: Writer, prompter: Prompter) -> str:
    """Show the scenarios and return the id (or path) the player picks."""
    entries, broken = picker_entries()
    show_picker(writer, entries)
    for note in broken:
        writer.line(f"({note})", indent=1)
    if not entries:
        raise ScenarioError(
            [
                Problem(
                    "scenarios",
                    0,
                    0,
                    "",
                    "no scenario can be loaded",
                    "name a scenario file: simcity-council play PATH",
                )
            ]
        )
    items = [Choice(e.id, e.title) for e in entries]
    picked = prompter.one(
        f"Which scenario? Type 1-{len(items)} or an id:"
        if len(items) > 1
        else "Type 1 or the id to play it:",
        items,
    )
    return entries[picked].id


def run_terminal(
    options: PlayOptions,
    *,
    input: TextIO | None = None,
    output: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    plain: bool = False,
    width: int | None = None,
) -> int:
    """Play one game in the terminal; returns the exit code.

    Errors the player cannot fix by typing (a scenario that does not load, a bad log) are raised
    as :class:`~simcity_council.errors.CouncilError` for the CLI to print.
    """
    from ..engine import Game
    from ..scenario import load_scenario
    from ..session import SessionRecorder, resume_session
    from ..session.recorder import new_pseudonym

    input = input if input is not None else sys.stdin
    output = output if output is not None else sys.stdout
    env = os.environ if env is None else env
    writer = make_writer(output, wants_plain(output, env, plain), width)
    prompter = Prompter(input, writer, QUIT_HELP)

    player = options.player
    if options.resume is not None:
        game, recorder = resume_session(options.resume, frontend="text")
        player = ""
    else:
        scenario = options.scenario
        if scenario is None:
            try:
                scenario = pick_scenario(writer, prompter)
            except (QuitRequested, InputEnded, KeyboardInterrupt):
                writer.blank()
                writer.line("No game was started.")
                return EXIT_OK
        loaded = load_scenario(scenario)
        game = Game.start(loaded, seed=options.seed)
        player = player or new_pseudonym()
        recorder = SessionRecorder.create(
            game,
            log_dir=options.log_dir,
            player=player,
            frontend="text",
            settings={"auto": options.auto} if options.auto else {},
        )
    ui = TerminalUI(
        game, recorder, writer=writer, input=input, auto=options.auto, player=player or ""
    )
    return ui.run()
