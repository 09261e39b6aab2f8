"""The terminal game: briefing, turns, debrief, over any pair of text streams.

:class:`TerminalUI` draws ``game.view()``, builds :class:`Choices` from what the player types (or
from ``game.suggest(policy)`` in automatic play), submits them, shows the :class:`TurnResult`, and
records every turn with the session recorder. It never computes a rule of the game: whether a set of
choices is allowed is the engine's answer, asked on a copy of the game before the real submit.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, TextIO

from ..engine.views import Choices, TurnResult, TurnView
from ..errors import GameError
from ..scenario.models import Scenario
from ..wording import plural, staff_points
from .prompts import Choice, InputEnded, Prompter, QuitRequested
from .screens import (
    QUIT_HELP,
    TurnWords,
    show_actions,
    show_beliefs,
    show_briefing,
    show_choices,
    show_city,
    show_decision,
    show_groups,
    show_guide,
    show_help,
    show_map,
    show_people,
    show_turn,
    why_not,
)
from .summary import show_debrief, show_details, show_history, show_result, show_sources
from .watch import ScenarioChanged, Watcher
from .writer import Span, Writer, make_writer, wants_plain

if TYPE_CHECKING:
    from ..engine import Game
    from ..session import SessionRecorder

    #: ``play --watch``: the choices made so far -> a new game and log that replayed them, and
    #: notes for the player (ScenarioError if the saved file does not validate).
    Reload = Callable[[list[Choices]], tuple[Game, SessionRecorder, list[str]]]

#: Exit codes of a terminal game (docs/playing.md): the game ended, or the player stopped it
#: (q, or Ctrl-D at a terminal): 0; the piped input ran out before the game ended (a script too
#: short): 1; interrupted with Ctrl-C: 130, as shells report it. The game is saved in every case.
EXIT_OK = 0
EXIT_INPUT_ENDED = 1
EXIT_INTERRUPTED = 130


def resume_hint(log: str) -> str:
    """What to type to continue a saved game (``simcity-council`` may not be on the PATH)."""
    from ..play_options import resume_command

    return f"Your game is saved in {log}; continue with: {resume_command(log)}"


class TerminalUI:
    """One game in the terminal. ``input``/``output`` default to stdin/stdout.

    ``plain=True`` forces the linear screen-reader friendly output; otherwise it is chosen from
    the output stream and the environment (see :func:`~.writer.wants_plain`). ``auto`` names a
    policy that plays instead of a person. ``city_map`` is the scenario's map (``map``
    command); ``guide`` shows the first-turn guide (``remember_guide``: and stores in the
    player's preferences that it was seen); ``pager`` is the paged output, if any.
    """

    def __init__(
        self,
        game: Game,
        recorder: SessionRecorder,
        *,
        scenario: Scenario | None = None,
        input: TextIO | None = None,
        output: TextIO | None = None,
        plain: bool = False,
        env: Mapping[str, str] | None = None,
        auto: str | None = None,
        player: str = "",
        width: int | None = None,
        writer: Writer | None = None,
        code: str = "",
        city_map: object = None,
        guide: bool = False,
        remember_guide: bool = True,
        pager: object = None,
        notes: tuple[str, ...] | None = None,
        watch: Watcher | None = None,
        reload: Reload | None = None,
    ) -> None:
        self.game = game
        #: A test game's notes (what was played for it); None for an ordinary game.
        self.notes = notes
        self.watch = watch
        self.reload = reload
        self._script: Any = None  # the script of --auto script:FILE, read once
        self.recorder = recorder
        self.scenario = scenario if scenario is not None else game.scenario.model
        self.auto = auto
        self.player = player
        self.code = code
        self.city_map = city_map
        self.guide = guide
        self.remember_guide = remember_guide
        self._answer_seconds: dict[str, float] = {}
        output = output if output is not None else sys.stdout
        env = os.environ if env is None else env
        self.writer = writer or make_writer(output, wants_plain(output, env, plain), width)
        self.prompter = Prompter(
            input if input is not None else sys.stdin,
            self.writer,
            QUIT_HELP,
            on_help=lambda accepts, items: show_help(self.writer, accepts, items),
            pager=pager,
        )
        self.tw = TurnWords.of(self.scenario)
        self._last_shown: Callable[[], None] | None = None
        self._last_result: TurnResult | None = None
        #: actions whose description this session has shown (later turns list them in a line)
        self._described: set[str] = set()
        #: turns played in this session: after the first, the questions are asked in short
        #: forms (the first turn taught the long ones; help still lists everything)
        self._played_here = 0
        self._hinted_options = False  # "type options for ..." is said once

    @property
    def log(self) -> str:
        return str(self.recorder.path)

    @property
    def _in_full(self) -> bool:
        """The first turn of this session: everything is shown and asked in its long form (a
        pause before the agenda, ids, each answer said back); later turns are brief."""
        return self._played_here == 0

    # -- the whole game ---------------------------------------------------------------------

    def run(self) -> int:
        """Play to the end (or until the player stops). Returns the exit code (see
        :data:`EXIT_OK`, :data:`EXIT_INPUT_ENDED`, :data:`EXIT_INTERRUPTED`)."""
        w = self.writer
        try:
            if self.notes is not None:
                w.heading(f"Test game: {self.scenario.meta.title}, from turn {self.game.turn}")
                for note in self.notes:
                    w.line(note, indent=1)
                w.line(f"This test game is saved in {self.log}", indent=1)
            elif self.game.results:
                w.heading(f"Welcome back: continuing {self.scenario.meta.title}")
                played = len(self.game.results)
                w.line(
                    f"{plural(played, 'turn')} played before; the game continues at turn "
                    f"{played + 1}. Its log: {self.log}",
                    indent=1,
                )
                for note in self.recorder.notes:
                    w.line(note, indent=1)
            else:
                show_briefing(w, self.scenario)
                self._pause(f"Press Enter to meet the people of {self.scenario.meta.city}")
                show_people(
                    w,
                    self.game.view(),
                    player=self.player,
                    log=self.log,
                    seed=self.game.seed,
                    code=self.code,
                )
                self._pause("Press Enter to start the first turn")
            if self.watch is not None:
                self.prompter.before_read = self.watch.wait_for_input
                w.line(
                    f"Watching {self.watch.path}: save it and the game reloads it and replays "
                    "your choices so far.",
                    indent=1,
                )
            while not self.game.done:
                try:
                    if self.watch is not None:
                        self.watch.check()
                    self._play_turn()
                except ScenarioChanged:
                    self._reload()
            self.prompter.before_read = None
            self._finish()
            return EXIT_OK
        except QuitRequested:
            self._goodbye("You chose to stop.")
            return EXIT_OK
        except KeyboardInterrupt:
            self._goodbye("Interrupted.")
            return EXIT_INTERRUPTED
        except InputEnded:
            if self.game.done:
                self._goodbye("")
                return EXIT_OK
            if self.prompter.interactive:  # Ctrl-D at a terminal: stopping, like q
                self._goodbye("You chose to stop.")
                return EXIT_OK
            self._goodbye("The input ended before the game did.")
            return EXIT_INPUT_ENDED
        finally:
            if not self.game.done:
                self.recorder.suspend()  # the log says the player stopped (not a crash)

    def _reload(self) -> None:
        """The watched file was saved: replay the choices so far on it, in a new log; if it does
        not validate, say why and play on with the version before."""
        from ..errors import ScenarioError

        w = self.writer
        w.heading("The scenario file changed: reloading it")
        if self.reload is None:
            return
        try:
            game, recorder, notes = self.reload([r.choices for r in self.game.results])
        except ScenarioError as error:
            for problem in error.problems:
                w.verbatim(str(problem))
            w.line("Still playing the version before: fix the file and save it again.", indent=1)
            return
        self.game, self.recorder, self.scenario = game, recorder, game.scenario.model
        self.tw = TurnWords.of(self.scenario)
        self._played_here = 0  # a new game: its first turn asks in full again
        self._described.clear()
        self._hinted_options = False
        for note in notes:
            w.line(note, indent=1)
        w.line(f"This game is now saved in {self.log}", indent=1)

    def _goodbye(self, why: str) -> None:
        w = self.writer
        w.blank()
        if why:
            w.line(why)
        if self.game.done:
            w.verbatim(f"Your game is saved in {self.log}")
        else:
            w.verbatim(resume_hint(self.log))

    def _pause(self, question: str) -> None:
        """Wait for Enter so a person can read the screen before it scrolls away (not when the
        answers come from a script or a pipe, or the game plays itself). Commands work here
        too (help, details, history, map...)."""
        if self.auto is None and self.prompter.interactive:
            self.prompter.wait(question + " (or q to stop):")

    def _show(self, show: Callable[[], None]) -> None:
        """Show a screen and remember it for ``repeat``."""
        self._last_shown = show
        show()

    def _commands(self, view: TurnView, options: Callable[[], None] | None = None) -> None:
        """The words every question of this turn accepts besides its answers."""
        w = self.writer

        def repeat() -> None:
            if self._last_shown is not None:
                self._last_shown()

        def details() -> None:
            if self._last_result is None:
                w.line("No turn has been played yet.", indent=1)
            else:
                show_details(w, self._last_result, view.city.currency, view.city.indicator_names)

        def people() -> None:
            show_groups(w, view)
            show_beliefs(w, view)

        def no_options() -> None:
            w.line("This question has no list of choices; type help for the commands.", indent=1)

        self.prompter.views = {
            "city": lambda: show_city(w, view),
            "people": people,
            "map": lambda: show_map(w, view, self.city_map),
            "history": lambda: show_history(w, self.game.results, self.game.history),
            "details": details,
            "repeat": repeat,
            "options": options or no_options,
        }

    # -- one turn ---------------------------------------------------------------------------

    def _play_turn(self) -> None:
        view = self.game.view()
        w = self.writer
        self._commands(view)
        # the people's numbers were just shown with the last result: not again, and where to
        # find them is said once
        people, hint = self._last_result is None, self._played_here <= 1
        self._show(lambda: show_turn(w, view, people=people, hint=hint))
        if self.guide and view.turn == 1 and self.auto is None and self.prompter.interactive:
            from ..preferences import remember

            show_guide(w)
            if self.remember_guide:
                remember(terminal_guide_seen=True)
            self.guide = False
        if self._in_full:
            # later turns follow a result the student just pressed Enter on: no second pause
            self._pause("Press Enter to see the agenda")
        started = time.monotonic()
        self.prompter.refused = self.prompter.helped = 0
        self._answer_seconds = {}
        while True:
            choices = self._auto_choices(view, self.auto) if self.auto else self._ask_choices(view)
            try:
                result = self.game.submit(choices)
            except GameError as error:
                if self.auto:
                    raise
                self.prompter.say_problem(f"{str(error).rstrip('.')}. Please choose again.")
                continue
            break
        self.recorder.record_turn(
            result,
            seconds=time.monotonic() - started,
            answer_seconds=self._answer_seconds,
            invalid=self.prompter.refused,
            help=self.prompter.helped,
        )
        self._last_result = result
        self._commands(self.game.view() if not result.done else view)
        currency = view.city.currency
        self._show(
            lambda: show_result(
                w, result, currency, view.city.indicator_names, self.scenario.turns.labels
            )
        )
        first = self._in_full
        self._played_here += 1
        if self.auto is not None or not self.prompter.interactive:
            show_details(w, result, currency, view.city.indicator_names)  # a transcript: all
        else:
            after = f"turn {result.turn + 1}" if not result.done else "the debrief"
            self._pause(
                f"Type details for why each number moved, or press Enter for {after}"
                if first
                else f"details, or Enter for {after}"
            )

    def _auto_choices(self, view: TurnView, policy: str) -> Choices:
        """The policy's choices, shown with the whole agenda so a demo reads like a game."""
        w = self.writer
        for index, decision in enumerate(view.agenda, 1):
            show_decision(w, index, len(view.agenda), decision, view, tw=self.tw)
        show_actions(w, view, tw=self.tw, known=self._described)
        self._described.update(a.id for a in view.actions)
        if policy.startswith("script:"):
            # one script for the whole game: it says what it did not answer, once
            if self._script is None:
                from ..engine.policies import make_policy

                self._script = make_policy(policy)
            told = len(self._script.notes)
            choice, act = self._script.choose(self.game.compiled, self.game.state)
            choices = self.game.choices_from_arrays(choice[0], act[0])
            for note in self._script.notes[told:]:
                w.line(Span("Script: ", "warn"), note, indent=1)
        else:
            choices = self.game.suggest(policy)
        after = self.game.reserve_after(choices)
        show_choices(
            w, view, choices, whose=f"The automatic player's ({policy})", reserve_after=after
        )
        return choices

    def _ask_choices(self, view: TurnView) -> Choices:
        """Ask every agenda item, then the actions, then confirm; start over on 'n'."""
        w = self.writer
        while True:
            decisions: dict[str, str] = {}
            if not view.agenda:
                w.heading("Agenda", 2)
                w.line(
                    "Nothing on the council's agenda this turn: a turn for listening and "
                    "engagement.",
                    indent=1,
                )
            points_left = view.city.capacity
            for index, decision in enumerate(view.agenda, 1):

                def show(decision=decision, index=index, left=points_left) -> None:
                    ids = self._in_full  # the first turn shows ids are accepted
                    show_decision(w, index, len(view.agenda), decision, view, left, self.tw, ids)

                self._commands(view, options=show)
                self._show(show)
                items = [Choice(o.id, o.label) for o in decision.options]

                def refuse(i: int, decision=decision, left=points_left) -> str | None:
                    option = decision.options[i]
                    if not option.available:
                        why = why_not(option.reason, f"{decision.id}.{option.id}", self.tw)
                        return f"'{option.label}' is {why.rstrip('.')}. Choose another option."
                    if option.capacity > left:
                        return (
                            f"'{option.label}' needs {staff_points(option.capacity)}; {left} "
                            "left after your earlier answers this turn. Choose a lighter option."
                        )
                    return None

                asked = time.monotonic()
                picked = self.prompter.one(
                    f"Your decision on '{decision.title}' ({_range(items)}; ? for help):"
                    if self._in_full
                    else f"Your choice ({_range(items)}):",  # ids still accepted
                    items,
                    refuse,
                )
                spent = time.monotonic() - asked  # asked again after 'n': the times add up
                self._answer_seconds[decision.id] = self._answer_seconds.get(decision.id, 0) + spent
                decisions[decision.id] = decision.options[picked].id
                points_left = max(points_left - decision.options[picked].capacity, 0)
                if self._in_full:  # later, the turn's summary says it once
                    w.line("You chose: ", Span(decision.options[picked].label, "strong"), indent=1)
            problem = self._engine_says_no(Choices(decisions, ()))
            if problem:
                self.prompter.say_problem(
                    f"These decisions cannot all be made this turn: {problem} "
                    "Please make the decisions again."
                )
                continue
            actions = self._ask_actions(view, decisions)
            choices = Choices(decisions, actions)
            after = self.game.reserve_after(choices)
            summary = partial(show_choices, w, view, choices, reserve_after=after)  # on request
            self._commands(view, options=summary)
            self._show(
                partial(
                    show_choices, w, view, choices, brief=not self._in_full, reserve_after=after
                )
            )
            if self.prompter.yes_no(
                "End the turn with these choices? (y to end it, n to choose again):"
                if self._in_full
                else "End the turn? (y/n):"
            ):
                return choices

    def _ask_actions(self, view: TurnView, decisions: dict[str, str]) -> tuple[str, ...]:
        if not view.actions:
            return ()

        def show(brief: bool = False) -> None:
            known = self._described if brief else None
            hint = not self._hinted_options
            show_actions(self.writer, view, decisions, self.tw, known=known, options_hint=hint)
            if known is not None and any(a.id in known for a in view.actions):
                self._hinted_options = True

        self._commands(view, options=show)
        self._show(lambda: show(brief=True))
        self._described.update(a.id for a in view.actions)
        items = [Choice(a.id, a.name) for a in view.actions]

        def check(picked: tuple[int, ...]) -> str | None:
            for i in picked:
                action = view.actions[i]
                if not action.available:
                    why = why_not(action.reason, action.id, self.tw).rstrip(".")
                    return f"'{action.name}' is {why}."
            problem = self._engine_says_no(
                Choices(decisions, tuple(view.actions[i].id for i in picked))
            )
            return f"{problem} Choose fewer or cheaper actions." if problem else None

        picked = self.prompter.many(
            "Actions to take: numbers or ids separated by commas, or press Enter for none:"
            if self._in_full
            else "Actions (numbers, commas; Enter for none):",
            items,
            check,
        )
        return tuple(view.actions[i].id for i in picked)

    def _engine_says_no(self, choices: Choices) -> str | None:
        """The engine's reason to refuse ``choices`` (over capacity, over budget...), by the same
        rules ``submit`` applies, without playing them; None when they would be accepted."""
        try:
            found = self.game.check(choices)
        except GameError as error:
            problems = [str(error)]
        else:
            problems = [message for _, message in found.problems]
        if not problems:
            return None
        text = " ".join(p.rstrip() for p in problems)
        return text if text.endswith((".", "!", "?")) else text + "."

    # -- the end ----------------------------------------------------------------------------

    def _finish(self) -> None:
        w = self.writer
        scores = self.game.scores()
        if not self.recorder.finished:
            self.recorder.finish(scores)
        self._show(
            lambda: show_debrief(
                w,
                scores,
                self.game.results,
                self.game.view().city.currency,
                self.scenario,
                self.game,
            )
        )
        questions = list(scores.reflection)  # only those that apply to this game
        if questions:
            w.heading("Questions to think about", 2)
            asking = self.auto is None
            for number, question in enumerate(questions, 1):
                w.line(f"{number}. {question}", indent=1)
                if not asking:
                    continue
                try:
                    answer = self.prompter.free_text(
                        "Your answer (one line; press Enter to skip):"
                        if number == 1
                        else "Your answer (Enter to skip):"
                    )
                except (QuitRequested, InputEnded):
                    # The game is over and saved: stop asking, but still list the remaining
                    # questions and where the facts come from.
                    asking = False
                    continue
                if answer:
                    self.recorder.record_reflection(question, answer)
                    w.line("Saved in your session log.", indent=1)
        show_sources(w, self.scenario)
        w.blank()
        w.verbatim(f"Your session log is saved in {self.log}")


def _range(items: list[Choice]) -> str:
    return "1" if len(items) == 1 else f"1-{len(items)} or an id"


__all__ = ["EXIT_INPUT_ENDED", "EXIT_INTERRUPTED", "EXIT_OK", "TerminalUI", "resume_hint"]
