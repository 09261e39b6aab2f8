"""How much a student reads in a terminal game: the scenario's words and the front end's own.

A game is played through the real terminal front end as a student at a terminal would: a policy
chooses, its answers are typed as numbers, every "press Enter" is pressed, ``details`` is never
asked for (it is on request), one reflection is answered. The first-turn guide (about 100 words,
shown once on a machine) is not counted, whatever the preferences of whoever measures: the count
is the game's, the same on every machine. The transcript is what the student saw;
its words are the whitespace-separated tokens that contain a letter (figures such as ``$3,890,000``
or ``(+2)`` are read at a glance, not word by word, and are not counted).
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..engine import Game
from ..play_options import PlayOptions

_WORD = re.compile(r"[^\W\d_]")


def words_in(text: str) -> int:
    """Tokens of ``text`` with at least one letter."""
    return sum(1 for token in text.split() if _WORD.search(token))


def _answers(source: str, seed: int, policy: str) -> str:
    """What the student types: Enter at the two briefing pauses and before the first agenda;
    per turn the numbers of the policy's options and actions, ``y``, Enter after the result; a
    reflection; Enter."""
    from ..scenario import load_scenario

    game = Game.start(load_scenario(source), seed=seed)
    lines = ["", ""]
    while not game.done:
        view = game.view()
        choices = game.suggest(policy)
        if view.turn == 1:
            lines.append("")
        # typed as numbers, as the questions suggest (a typed id would count as a word read)
        lines += [
            str([o.id for o in d.options].index(choices.decisions[d.id]) + 1) for d in view.agenda
        ]
        if view.actions:
            ids = [a.id for a in view.actions]
            lines.append(", ".join(str(ids.index(a) + 1) for a in choices.actions))
        lines += ["y", ""]
        game.submit(choices)
    lines += ["", "A reflection.", "", "", "", ""]
    return "\n".join(lines) + "\n"


def transcript(source: str, seed: int, policy: str = "random") -> str:
    """The terminal screens of one game of ``source`` (a built-in id or a path) played by
    ``policy``, as plain text (the session log goes to a temporary folder, then is removed)."""
    from .launch import run_terminal

    out = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="simcity-reading-") as folder:
        options = PlayOptions(scenario=source, seed=seed, log_dir=Path(folder), player="reader")
        run_terminal(
            options,
            input=io.StringIO(_answers(source, seed, policy)),
            output=out,
            env={"NO_COLOR": "1"},
            interactive=True,
            first_time=False,  # the game's words: not the guide, whatever this machine stored
        )
    return out.getvalue()


def terminal_words(source: str, seeds: Sequence[int], policy: str = "random") -> list[int]:
    """Words read in the terminal in each game of ``seeds`` (see the module's notes)."""
    return [words_in(transcript(source, seed, policy)) for seed in seeds]
