"""Start a terminal game from :class:`~simcity_council.play_options.PlayOptions`.

Picks a scenario when none is named, starts (or resumes) the :class:`Game` and its
:class:`SessionRecorder`, and hands both to :class:`~.app.TerminalUI`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from ..errors import Problem, ScenarioError
from ..play_options import PlayOptions
from .app import EXIT_INPUT_ENDED, EXIT_INTERRUPTED, EXIT_OK, TerminalUI
from .prompts import Choice, InputEnded, Prompter, QuitRequested
from .screens import QUIT_HELP, ScenarioEntry, show_picker
from .writer import PagedOutput, Writer, make_writer, wants_plain


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


def ask_pseudonym(prompter: Prompter, writer: Writer) -> str:
    """A pseudonym for the session log, asked of a student at a terminal until one will do
    (Enter: one is made up). One that looks like an e-mail address or a full name is refused
    with the reason."""
    from ..session.privacy import pseudonym_problem
    from ..session.recorder import new_pseudonym

    while True:
        text = prompter.free_text(
            "Your pseudonym for the session log: a made-up name, not your real name or e-mail "
            "(press Enter for a random one):"
        )
        if not text:
            made_up = new_pseudonym()
            writer.line(f"You play as {made_up}.", indent=1)
            return made_up
        problem = pseudonym_problem(text)
        if problem is None:
            return text
        prompter.say_problem(f"That pseudonym cannot be used: {problem}.")


def ask_class_code(prompter: Prompter) -> int | None:
    """The class code a teacher gave (the same code, the same luck); None for fresh luck."""
    from ..class_code import seed_of
    from ..errors import UsageError

    while True:
        text = prompter.free_text(
            "Class code from your teacher, e.g. K7M-2QX (Enter for fresh luck):"
        )
        if not text:
            return None
        try:
            return seed_of(text)
        except UsageError as error:
            prompter.say_problem(f"{str(error)[:1].upper()}{str(error)[1:]}. Type it again.")


def run_terminal(
    options: PlayOptions,
    *,
    input: TextIO | None = None,
    output: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    plain: bool = False,
    width: int | None = None,
    interactive: bool | None = None,
    first_time: bool | None = None,
) -> int:
    """Play one game in the terminal; returns the exit code (``app.EXIT_*``).

    A person typing at a terminal (``interactive``: the input is a terminal, unless told) is
    asked for a pseudonym and a class code when the command line gave none, sees the first-turn
    guide once, and, when the output is a terminal too, reads page by page (``-- more --``).
    Errors the player cannot fix by typing (a scenario that does not load, a bad log) are
    raised as :class:`~simcity_council.errors.CouncilError` for the CLI to print.
    ``first_time``: whether the player is new to the terminal (sees the guide); None reads it
    from the player's preferences and stores that the guide was seen, True or False is taken
    as told and stores nothing (``balance``'s reading count must not depend on, or change, the
    preferences of whoever runs it).
    """
    from ..class_code import code_of, new_code, seed_of
    from ..preferences import load_preferences
    from ..scenario import load_scenario
    from ..scenario.map import map_of
    from ..session import resume_session
    from ..session.recorder import new_pseudonym
    from ..session.testgame import start

    input = input if input is not None else sys.stdin
    output = output if output is not None else sys.stdout
    env = os.environ if env is None else env
    if interactive is None:
        interactive = _isatty(input)
    pager = None
    if interactive and _isatty(output) and options.auto is None:
        pager = PagedOutput(output, input, shutil.get_terminal_size().lines)
        output = pager  # type: ignore[assignment]
    writer = make_writer(output, wants_plain(output, env, plain), width)
    prompter = Prompter(input, writer, QUIT_HELP, pager=pager)
    asking = interactive and options.auto is None

    player = options.player
    code = ""
    notes: tuple[str, ...] | None = None
    watch = reload = None
    try:
        if options.resume is not None:
            game, recorder = resume_session(options.resume, frontend="text", policy=options.auto)
            player = ""
            code = code_of(int(game.seed))
        else:
            scenario = options.scenario
            if scenario is None:
                scenario = pick_scenario(writer, prompter)
            loaded = load_scenario(scenario)
            if player is None and asking:
                player = ask_pseudonym(prompter, writer)
            seed = options.seed
            if seed is None and asking:
                seed = ask_class_code(prompter)
            if seed is None:
                seed = seed_of(new_code())
            code = code_of(seed)
            player = player or new_pseudonym()
            settings: dict[str, Any] = {}
            test = options.test_game()
            game, recorder, played = start(
                loaded,
                test,
                seed=seed,
                log_dir=options.log_dir,
                player=player,
                frontend="text",
                settings=settings,
                section=options.section,
                consent=options.consent,
                policy=options.auto,
            )
            if test.active:
                notes = tuple(played)
            if options.watch:
                watch, reload = _watching(options, loaded, game.seed, player, settings)
    except (QuitRequested, InputEnded, KeyboardInterrupt) as stop:
        writer.blank()
        writer.line("No game was started.")
        if isinstance(stop, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        if isinstance(stop, InputEnded) and not interactive:
            return EXIT_INPUT_ENDED
        return EXIT_OK
    ui = TerminalUI(
        game,
        recorder,
        writer=writer,
        input=input,
        auto=options.auto,
        player=player or "",
        code=code,
        city_map=map_of(game.scenario),
        guide=asking
        and (not load_preferences().terminal_guide_seen if first_time is None else first_time),
        remember_guide=first_time is None,
        pager=pager,
        notes=notes,
        watch=watch,
        reload=reload,
    )
    ui.prompter.interactive = interactive
    return ui.run()


def _watching(options: PlayOptions, loaded: Any, seed: int, player: str, settings: dict) -> Any:
    """``--watch``: a watcher on the scenario file, and how to reload it: validate it, start the
    game again with the same seed, flags and questions, replay the choices so far (a
    branch-tolerant script: what no longer fits falls back and says so), in a new log."""
    from pathlib import Path

    from ..engine.script import Script
    from ..scenario import load_scenario
    from ..session.testgame import TestGame, play_through, start
    from .watch import Watcher

    path = Path(loaded.path)
    watch = Watcher(path)
    test = options.test_game()

    def reload(choices: list[Any]) -> Any:
        fresh = load_scenario(path)
        turns = {
            t: {"decisions": dict(c.decisions), "actions": list(c.actions)}
            for t, c in enumerate(choices, 1)
        }
        script = Script(Path("your choices so far"), {}, None, turns, length=len(choices))
        rerun = TestGame(None, None, test.flags, test.questions)
        game, recorder, notes = start(
            fresh,
            rerun,
            seed=seed,
            log_dir=options.log_dir,
            player=player,
            frontend="text",
            settings={**settings, "watch": {"reloaded_at_turn": len(choices) + 1}},
            section=options.section,
            consent=options.consent,
        )
        notes += play_through(game, recorder, script, len(choices) + 1)
        return game, recorder, notes

    return watch, reload


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty())
