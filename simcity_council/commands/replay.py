"""`simcity-council replay LOG... [--verify] [--gui]`: verify logs bit for bit, or retell them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..textsafe import clean
from .play import DEFAULT_WINDOW, window_size

HELP = "replay session logs: --verify recomputes every turn; otherwise tell each turn in words"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "logs", nargs="+", metavar="LOG", help="session log files (.jsonl), or folders of them"
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="recompute every turn from the seed and the recorded choices and compare",
    )
    parser.add_argument(
        "--require-finished",
        action="store_true",
        help="with --verify: an unfinished log (no end line) does not verify either",
    )
    parser.add_argument("--gui", action="store_true", help="watch the replay in the game window")
    parser.add_argument(
        "--window",
        type=window_size,
        default=DEFAULT_WINDOW,
        metavar="WxH",
        help="with --gui: the window's size when it opens (default 1280x720)",
    )


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..session.replay import resolve_log_paths

    if args.gui and args.verify:
        raise UsageError("--gui and --verify cannot be combined")
    if args.require_finished and not args.verify:
        raise UsageError("--require-finished goes with --verify")
    paths = [str(p) for p in resolve_log_paths(args.logs)]  # a folder: its *.jsonl, by time
    if args.gui:
        return _gui(paths, args.window)
    if args.verify:
        return _verify(paths, args.require_finished)
    return _account(paths)


def _verify(paths: list[str], require_finished: bool = False) -> int:
    from ..session.verify import verify_paths

    verdicts = verify_paths(paths)
    for verdict in verdicts:
        lines = verdict.lines()
        for line in lines:
            is_success = line.startswith(f"{verdict.path}: verified:")
            print(clean(line), file=sys.stdout if is_success else sys.stderr)
        if require_finished and verdict.status == "unfinished":
            print(
                clean(f"{verdict.path}: unfinished, and --require-finished was given"),
                file=sys.stderr,
            )
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in ("finished", "unfinished")}
    bad = len(verdicts) - counts["finished"] - (0 if require_finished else counts["unfinished"])
    if len(verdicts) > 1:
        summary = (
            f"{len(verdicts)} logs: {counts['finished']} finished and verified, "
            f"{counts['unfinished']} unfinished (verified as far as they go), "
            f"{len(verdicts) - sum(counts.values())} did not verify"
        )
        print(summary, file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0


def _account(paths: list[str]) -> int:
    from ..session.account import account
    from ..session.labels import LabelCache
    from ..session.logformat import read_log

    labels = LabelCache()
    status = 0
    for index, path in enumerate(paths):
        log = read_log(path)
        if index:
            print()
        print(clean(account(log, labels.get(log))), end="")
        if log.truncated is not None:
            print(clean(f"warning: {log.truncated.message(log.name)}"), file=sys.stderr)
            status = 1
    return status


def _gui(paths: list[str], window: tuple[int, int]) -> int:
    from ..errors import DisplayError

    try:
        from ..ui_pygame import run_replay_viewer
    except ImportError as error:
        raise DisplayError(
            f"the replay viewer is not available ({error}); use 'replay LOG' for a text account"
        ) from None
    return int(run_replay_viewer([Path(p) for p in paths], size=window) or 0)
