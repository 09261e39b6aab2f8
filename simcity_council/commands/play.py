"""`simcity-council play`: play a scenario in the game window or in the terminal.

The front end is chosen by :func:`choose_frontend`: ``--gui`` or ``--text`` when given; otherwise
the window when a display is usable and someone is at the keyboard (or the game plays itself), and
the terminal when not. Both front ends start their own game from the same :class:`PlayOptions`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from ..errors import DisplayError, UsageError
from ..play_options import PlayOptions

HELP = "play a scenario: in a window, or in the terminal (screen-reader friendly with --plain)"

POLICIES = ("random", "inclusive", "narrow", "greedy")  # and script:FILE (engine.policies)
Frontend = Literal["gui", "text"]
_NO_WINDOW_DRIVERS = ("dummy", "offscreen")
DEFAULT_WINDOW = (1280, 720)
MIN_WINDOW = (800, 500)
MAX_WINDOW = (7680, 4320)  # 8K; a 100000x100000 window needed 40 GB of pixels


def window_size(text: str) -> tuple[int, int]:
    """Parse ``WxH`` (e.g. ``1024x640``) for ``--window``; argparse reports a bad value."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size; write width x height in pixels, e.g. 1024x640"
        ) from None
    if width < MIN_WINDOW[0] or height < MIN_WINDOW[1]:
        raise argparse.ArgumentTypeError(
            f"{text!r} is too small; the window needs at least {MIN_WINDOW[0]}x{MIN_WINDOW[1]}"
        )
    if width > MAX_WINDOW[0] or height > MAX_WINDOW[1]:
        raise argparse.ArgumentTypeError(
            f"{text!r} is too large; the window may be at most {MAX_WINDOW[0]}x{MAX_WINDOW[1]} "
            "(an 8K screen)"
        )
    return width, height


def seed_value(text: str) -> int:
    """Parse ``--seed``: a class code (``K7M-2QX``) or a whole number from 0 to 2**64-1;
    anything else is refused (never wrapped round: ``-1`` is a mistake, not a seed)."""
    from ..class_code import seed_of

    try:
        return seed_of(text)
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="a built-in id (vallejo, portland, minneapolis) or a scenario file; "
        "leave out to choose from a list",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--gui", action="store_true", help="play in the game window")
    where.add_argument("--text", action="store_true", help="play in the terminal")
    parser.add_argument(
        "--seed",
        type=seed_value,
        metavar="CODE",
        help="the game's luck: a class code such as K7M-2QX (or a whole number); the same code "
        "gives every student the same events. Drawn and shown when left out",
    )
    parser.add_argument(
        "--player",
        metavar="NAME",
        help="a pseudonym for the session log, not a real name or e-mail (default: asked, or "
        "player-xxxx)",
    )
    parser.add_argument(
        "--section", metavar="NAME", help="the class section or cohort, recorded in the log"
    )
    parser.add_argument(
        "--consent",
        choices=("yes", "no"),
        help="whether the student agreed to research use of the session (recorded; default "
        "unknown)",
    )
    parser.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help="where to save the session log (default: your user data folder)",
    )
    parser.add_argument(
        "--auto",
        metavar="POLICY",
        help=f"play without a person: {', '.join(POLICIES)} or script:FILE",
    )
    parser.add_argument(
        "--resume", type=Path, metavar="LOG", help="continue the game saved in a session log"
    )
    parser.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="game window: save a PNG of every screen shown",
    )
    parser.add_argument(
        "--window",
        type=window_size,
        default=DEFAULT_WINDOW,
        metavar="WxH",
        help="game window: its size when it opens, e.g. 1024x640 (default 1280x720; "
        "it can be resized afterwards)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="terminal: plain linear text for screen readers (no colour, no boxes)",
    )
    test = parser.add_argument_group(
        "test games and course use (the log records them, so they are never taken for a "
        "student's game)"
    )
    test.add_argument(
        "--from",
        dest="from_turn",
        type=int,
        metavar="TURN",
        help="start at this turn: the turns before it are played by --choices (or by the first "
        "available option of each decision)",
    )
    test.add_argument(
        "--choices",
        type=Path,
        metavar="FILE",
        help="a script (decision: option, by id) that plays the turns before --from",
    )
    test.add_argument(
        "--set",
        dest="set_flags",
        action="append",
        metavar="FLAG=true|false",
        help="start with this flag set or not (repeat for more flags)",
    )
    test.add_argument(
        "--questions",
        type=Path,
        metavar="FILE",
        help="ask these reflection questions in the debrief instead of the scenario's "
        "(one per line, or a YAML list)",
    )
    test.add_argument(
        "--watch",
        action="store_true",
        help="terminal: when the scenario file is saved, reload it and replay your choices so far",
    )


def check_policy(policy: str) -> None:
    """Raise :class:`UsageError` unless ``policy`` names a policy the engine knows (or a script
    file it can read)."""
    from ..script_file import make_checked_policy

    make_checked_policy(policy)


def options_from_args(args: argparse.Namespace) -> PlayOptions:
    """The :class:`PlayOptions` of a parsed command line; usage mistakes raise UsageError."""
    if args.auto is not None:
        check_policy(args.auto)
    if args.resume is not None:
        extra = [
            name
            for name, value in (
                ("SCENARIO", args.scenario),
                ("--seed", args.seed),
                ("--player", args.player),
                ("--log-dir", args.log_dir),
                ("--section", args.section),
                ("--consent", args.consent),
            )
            if value is not None
        ]
        if extra:
            raise UsageError(
                f"--resume continues the game in the log with its own scenario, seed, player, "
                f"section, consent and file; leave out {', '.join(extra)}"
            )
    if args.text and args.screenshots is not None:
        raise UsageError(
            "--screenshots saves pictures of the game window; it cannot be used with --text"
        )
    if args.plain and args.gui:
        raise UsageError("--plain is for the terminal; it cannot be used with --gui")
    if args.player is not None and not args.player.strip():
        raise UsageError("--player needs a pseudonym, e.g. --player student-12")
    _check_test_game(args)
    from ..session.privacy import pseudonym_problem, section_problem
    from ..session.testgame import parse_set

    if args.player is not None:
        problem = pseudonym_problem(args.player)
        if problem:
            raise UsageError(f"--player {args.player!r}: {problem}")
    if args.section is not None:
        problem = section_problem(args.section)
        if problem:
            raise UsageError(f"--section {args.section!r}: {problem}")
    return PlayOptions(
        scenario=args.scenario,
        seed=args.seed,
        player=args.player,
        log_dir=args.log_dir,
        auto=args.auto,
        resume=args.resume,
        screenshots=args.screenshots,
        window=args.window,
        from_turn=args.from_turn,
        choices=args.choices,
        set_flags=parse_set(args.set_flags),
        questions=args.questions,
        watch=args.watch,
        section=args.section.strip() if args.section else None,
        consent=args.consent or "unknown",
    )


def _check_test_game(args: argparse.Namespace) -> None:
    """Usage mistakes with --from, --choices, --set, --questions and --watch."""
    given = [
        name
        for name, value in (
            ("--from", args.from_turn),
            ("--choices", args.choices),
            ("--set", args.set_flags),
            ("--questions", args.questions),
            ("--watch", args.watch or None),
        )
        if value is not None
    ]
    if given and args.resume is not None:
        raise UsageError(
            f"--resume continues a game as it was started; leave out {', '.join(given)}"
        )
    if given and args.scenario is None:
        raise UsageError(f"{given[0]} needs a SCENARIO, e.g. play riverside.yaml {given[0]} ...")
    if args.choices is not None and args.from_turn is None:
        raise UsageError("--choices plays the turns before --from TURN; give --from too")
    if args.from_turn is not None and args.from_turn < 1:
        raise UsageError("--from takes a turn number from 1")
    if args.watch and args.gui:
        raise UsageError("--watch works in the terminal game; leave out --gui")
    for name, path in (("--choices", args.choices), ("--questions", args.questions)):
        if path is not None and not Path(path).is_file():
            raise UsageError(f"{name} {path}: no such file")


def display_usable(env: Mapping[str, str], platform: str) -> bool:
    """Whether a window could be shown: an X11 or Wayland display on Linux, any other platform,
    or an explicit SDL video driver that draws somewhere (not ``dummy``/``offscreen``)."""
    driver = env.get("SDL_VIDEODRIVER", "").strip().lower()
    if driver:
        return driver not in _NO_WINDOW_DRIVERS
    if platform.startswith("linux"):
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True


def window_possible(env: Mapping[str, str], platform: str) -> bool:
    """Whether ``--gui`` can work at all: any explicit SDL video driver (``dummy`` too: that is
    how screenshots are made headless), an X11 or Wayland display on Linux, or another
    platform. On Linux with none of these, SDL would fall back to drawing nowhere."""
    if env.get("SDL_VIDEODRIVER", "").strip():
        return True
    if platform.startswith("linux"):
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True


def choose_frontend(
    *,
    gui: bool,
    text: bool,
    display: bool,
    interactive: bool,
    unattended: bool,
) -> Frontend:
    """``--gui``/``--text`` win; otherwise the window whenever a display is usable (also when
    started from an IDE or with its output piped: ``interactive`` and ``unattended`` no longer
    decide), and the terminal when there is none."""
    if gui:
        return "gui"
    if text:
        return "text"
    return "gui" if display else "text"


def _run_gui(options: PlayOptions) -> int:
    """Start the game window; anything that keeps it from opening is a DisplayError."""
    if not window_possible(os.environ, sys.platform):
        raise DisplayError(
            "no display to open the game window on (DISPLAY and WAYLAND_DISPLAY are not set); "
            "play in the terminal with --text"
        )
    try:
        from ..ui_pygame import run_app
    except ImportError as error:
        raise DisplayError(
            f"the game window is not available ({error}); play in the terminal with --text"
        ) from None
    return int(run_app(options) or 0)


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(callable(isatty) and isatty())


def run(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    display = display_usable(os.environ, sys.platform)
    interactive = _isatty(sys.stdin) and _isatty(sys.stdout)
    # --plain and --watch are terminal modes: they ask for the terminal
    asked_for_text = args.text or args.plain or args.watch
    unattended = options.auto is not None or options.screenshots is not None
    frontend = choose_frontend(
        gui=args.gui,
        text=asked_for_text,
        display=display,
        interactive=interactive,
        unattended=unattended,
    )
    if options.scenario is not None and (frontend == "text" or unattended):
        # A bad SCENARIO fails here, on stderr. A student's window shows the problems itself
        # (its error screen), but an unattended run has no one to read it.
        from ..scenario import load_scenario

        load_scenario(options.scenario)
    if frontend == "text" and not display and interactive and not asked_for_text:
        # `python main.py` on a machine with no display: say why no window opens.
        print(
            "note: no display to open the game window on, so the game plays here in the "
            "terminal (--text skips this note; --plain gives plain text for screen readers).",
            file=sys.stderr,
        )
    if frontend == "gui":
        try:
            return _run_gui(options)
        except DisplayError as error:
            if args.gui:
                raise
            reason = str(error).splitlines()[0] if str(error) else "it could not start"
            print(f"note: no game window ({reason}); playing in the terminal.", file=sys.stderr)
    elif options.screenshots is not None:
        print(
            "note: no display, so no game window and no screenshots; playing in the terminal.",
            file=sys.stderr,
        )
    from ..ui_terminal import run_terminal

    return run_terminal(options, plain=args.plain)
