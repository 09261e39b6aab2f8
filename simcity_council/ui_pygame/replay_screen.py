"""Replay viewer: step or scrub through recorded sessions turn by turn, seeing the state at the
start of each turn, the choices made and what followed; ask "what if" for any decision."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CouncilError
from ..wording import STANCE_WORDS, news_heading
from .chart import Series, chart_height, render_line_chart
from .flow import show_message
from .fmt import change_between, esc, headline, money, people
from .layout import Column, flow
from .screen import Screen

if TYPE_CHECKING:
    import pygame
    from pygame_gui.elements import UIScrollingContainer

    from ..engine.views import DecisionView, OptionView
    from .app import App


_BUTTON_TIPS = {
    "#prev": "The turn before (P or comma; Home: the first turn)",
    "#next": "The turn after (N or full stop; End: the last turn)",
    "#prev_log": "The log before (Page Up)",
    "#next_log": "The log after (Page Down)",
    "#close": "Close the viewer (Esc)",
}


@dataclass
class Replay:
    """One log, replayed (or the reason it could not be)."""

    path: Path
    log: Any = None  # session.SessionLog
    game: Any = None  # engine.Game with every recorded turn played
    error: str = ""


def load_replays(paths: list[Path]) -> list[Replay]:
    """Read and replay every log; a bad log becomes an entry with its error."""
    from ..session import read_log
    from ..session.replay import ScenarioCache, replay_game

    cache = ScenarioCache()
    out = []
    for path in paths:
        try:
            log = read_log(path)
            out.append(Replay(Path(path), log, replay_game(log, cache.get(log))))
        except CouncilError as error:
            out.append(Replay(Path(path), error=str(error)))
    return out


class ReplayScreen(Screen):
    """Left/Right (or the buttons) step through turns; Home/End jump; PageUp/Down switch logs."""

    name = "replay"

    def __init__(self, app: App, replays: list[Replay]) -> None:
        super().__init__(app)
        self.replays = replays
        self.index = 0
        self.turn = 1

    def on_enter(self) -> None:
        self.app.request_screenshot("replay")

    @property
    def current(self) -> Replay:
        return self.replays[self.index]

    def turns(self) -> int:
        game = self.current.game
        return len(game.results) if game is not None else 0

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 2 * u
        bh = self.app.button_height
        rep = self.current
        col = Column(self, self.root, m, m, width - 2 * m)
        head = f"Replay: {esc(rep.path.name)}"
        if len(self.replays) > 1:
            head += f"  ({self.index + 1} of {len(self.replays)} logs)"
        col.text(head, "#replay_title", "@heading")
        if rep.log is not None:
            h = rep.log.header
            col.text(
                f"{esc(h.scenario_title)} - player {esc(h.player)}, seed {h.seed}, "
                f"{len(rep.log.turns)} turns recorded" + ("" if rep.log.end else " (unfinished)"),
                "#replay_meta",
            )
        col.gap(0.5)
        buttons = [("< Previous turn", "#prev", self.prev), ("Next turn >", "#next", self.next)]
        if len(self.replays) > 1:
            buttons += [
                ("Previous log", "#prev_log", lambda: self.switch(-1)),
                ("Next log", "#next_log", lambda: self.switch(1)),
            ]
        buttons.append(("Close", "#close", lambda: self.app.quit(0)))
        widths = [self.button_width(t) for t, *_ in buttons]
        places = flow(widths, m, width - 2 * m, u)
        n = self.turns()
        # Greyed where they would do nothing: no turn to go to, or a log that cannot be replayed.
        enabled = {"#prev": self.turn > 1 and n > 0, "#next": self.turn < n}
        for (text, oid, action), (x, row), w in zip(buttons, places, widths, strict=True):
            self.button(
                text,
                (x, col.y + row * (bh + u), w, bh),
                oid,
                action,
                enabled=enabled.get(oid, True),
                tooltip=_BUTTON_TIPS[oid],
            )
        col.y += (max(r for _, r in places) + 1) * (bh + u)
        n = self.turns()
        if n:
            from pygame_gui.elements import UIHorizontalSlider

            slider = UIHorizontalSlider(
                self.app.pygame.Rect(m, col.y, width - 2 * m, bh),
                self.turn,
                (1, max(1, n)),
                manager=self.app.manager,
                container=self.root,
                object_id="#scrub",
                click_increment=1,
            )
            slider.set_tooltip("Drag to scrub through the turns (Home / End jump).")
            self.elements["#scrub"] = slider
            col.y += bh + u
        view = self.scroll(
            (m, col.y, width - 2 * m, height - col.y - m), "#replay_view", focusable=True
        )
        inner = self.scroll_width(view)
        body = Column(self, view, 0, 0, inner)
        if rep.game is None:
            body.text(
                "This log cannot be replayed:<br>" + esc(rep.error), "#replay_error", "@error"
            )
        elif n == 0:
            body.text("No turn was recorded in this log yet.", "#replay_empty", "@note")
        else:
            self._build_turn(body, inner, view)
        self.fit_scroll(view, body.height())

    def _build_turn(self, body: Column, inner: int, view: UIScrollingContainer) -> None:
        game = self.current.game
        start = game.history[self.turn - 1]
        result = game.results[self.turn - 1]
        cur = start.city.currency
        body.text(
            f"<b>{esc(start.label)}</b> - turn {self.turn} of {self.turns()}",
            "#replay_turn",
            "@heading",
        )
        body.text(
            f"At the start: reserve {money(start.city.reserve, cur)}, resilience "
            f"{people(start.city.resilience)}, capacity {start.city.capacity}",
            "#r_city",
        )
        body.gap(0.5)
        lines = []
        for d in start.agenda:
            chosen = result.choices.decisions.get(d.id)
            opt = next((o for o in d.options if o.id == chosen), None)
            if opt is not None:
                lines.append(
                    f"<b>{esc(d.title)}</b><br>Chose: {esc(opt.label)} "
                    f"(stance: {STANCE_WORDS.get(opt.stance, opt.stance)})"
                )
        names = {a.id: a.name for a in start.actions}
        acts = [esc(names.get(a, a)) for a in result.choices.actions]
        lines.append("<b>Listening actions:</b> " + (", ".join(acts) if acts else "none"))
        body.text("<br>".join(lines), "#r_choices", "@card")
        body.gap(0.5)
        if self.current.log is not None:
            for d in start.agenda:
                chosen = result.choices.decisions.get(d.id)
                others = [o for o in d.options if o.id != chosen and o.available]
                if not others:
                    continue
                body.text(
                    f"<i>What if, on '{esc(d.title)}', the council had chosen:</i>",
                    f"#whatif-{d.id}",
                )
                for o in others:
                    body.button(
                        f"{o.label}?",
                        f"#whatif-{d.id}-{o.id}",
                        partial(self.whatif, d, o),
                        width=min(inner, self.button_width(f"{o.label}?")),
                        tooltip="Replay with this choice and the same luck; "
                        "later choices are kept where possible.",
                    )
                    body.gap(0.25)
                body.gap(0.25)
        body.gap(0.5)
        events = "".join(
            f"<br><b>{esc(headline(e.title))}</b> {esc(e.text)}" for e in result.events
        )
        news = news_heading(game.scenario.model.turns.labels, self.turn)
        body.text(f"<b>{news}</b>" + (events or "<br>No news."), "#r_events", "@note")
        body.gap(0.5)
        rows = [
            f"{esc(g.name)}: trust {people(g.trust.before)} to {people(g.trust.after)} "
            f"({change_between(g.trust.before, g.trust.after)})"
            for g in result.groups
        ]
        body.text("<br>".join(rows), "#r_groups", "@card")
        body.gap()
        results = game.results
        labels = ["Start"] + [r.label for r in results]
        series = [
            Series(
                g.name,
                tuple([g.trust.before * 100] + [r.groups[i].trust.after * 100 for r in results]),
            )
            for i, g in enumerate(results[0].groups)
        ]
        small = self.app.font(max(11, self.app.look.font_size - 2))
        font = self.app.font(self.app.look.font_size, bold=True)
        h = chart_height(
            small,
            font,
            len(series),
            inner,
            max(120, round(160 * self.app.look.scale)),
            [s.name for s in series],
        )
        chart = render_line_chart(
            self.app.pygame,
            (inner, h),
            title="Trust over the session",
            series=series,
            x_labels=labels,
            y_label="Trust (0-100)",
            palette=self.app.look.palette,
            font=font,
            small=small,
            y_range=(0, 100),
        )
        body.image(chart, "#r_chart")

    # ---- actions ----------------------------------------------------------------------------
    def go(self, turn: int) -> None:
        n = self.turns()
        if n:
            self.turn = max(1, min(n, turn))
            focus = self.focused_id()
            self.rebuild()
            if focus:
                self.focus_by_id(focus)
            element = self.focused()
            if element is not None and not element.is_enabled:  # Next at the last turn
                self.focus_by_id("#prev" if focus == "#next" else "#next")

    def prev(self) -> None:
        self.go(self.turn - 1)

    def next(self) -> None:
        self.go(self.turn + 1)

    def switch(self, step: int) -> None:
        self.index = (self.index + step) % len(self.replays)
        self.turn = 1
        self.rebuild()

    def whatif(self, decision: DecisionView, option: OptionView) -> None:
        from ..session.whatif import run_whatif

        try:
            w = run_whatif(self.current.log, self.turn, decision.id, option.id)
        except CouncilError as error:
            lines = [str(error)]
        else:
            a, b = w.original.scores, w.whatif.scores
            recorded = next(
                (o.label for o in decision.options if o.id == w.recorded_option),
                w.recorded_option,
            )
            lines = [
                f"Turn {self.turn}, '{decision.title}': '{option.label}' instead of "
                f"'{recorded}', with the same luck.",
                "",
            ]
            for key, words in (
                ("trust_mean", "Average trust"),
                ("trust_min", "Lowest trust"),
                ("resilience", "Resilience"),
            ):
                lines.append(
                    f"{words}: {a[key] * 100:.0f} recorded, {b[key] * 100:.0f} what-if "
                    f"({change_between(a[key], b[key], '±0')})"
                )
            cur = self.current.game.history[0].city.currency
            lines.append(
                f"Reserve: {money(a['reserve'], cur)} recorded, {money(b['reserve'], cur)} what-if"
            )
            names = {g.id: g.name for g in self.current.game.history[0].groups}
            lines += ["", "Each group's trust at the end, recorded and what-if:"]
            for gid, before in w.original.trust.items():
                after = w.whatif.trust.get(gid, before)
                lines.append(
                    f"  {names.get(gid, gid)}: {before * 100:.0f} and {after * 100:.0f} "
                    f"({change_between(before, after, '±0')})"
                )
            if w.first_divergence is None:
                lines += ["", "The two games never differ: this choice changed nothing."]
            lines += [""] + list(w.substitutions)
        show_message(self.app, "What if?", lines, (("ok", "Back to the replay"),), shot="whatif")

    def handle_event(self, event: pygame.event.Event) -> None:
        import pygame_gui

        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_object_id.endswith(
            "#scrub"
        ):
            value = int(round(event.value))
            if value != self.turn:
                self.go(value)
            return
        super().handle_event(event)

    def on_key(self, key: int, mod: int) -> bool:
        pg = self.app.pygame
        if key == pg.K_HOME:
            self.go(1)
        elif key == pg.K_END:
            self.go(self.turns())
        elif key == pg.K_PAGEUP and len(self.replays) > 1:
            self.switch(-1)
        elif key == pg.K_PAGEDOWN and len(self.replays) > 1:
            self.switch(1)
        elif key in (pg.K_n, pg.K_PERIOD):
            self.next()
        elif key in (pg.K_p, pg.K_COMMA):
            self.prev()
        else:
            return False
        return True

    def on_escape(self) -> None:
        self.app.quit(0)

    def auto_step(self) -> bool:
        if self.turn < self.turns():
            self.next()
            self.app.request_screenshot(f"replay-turn-{self.turn:02d}")
            return True
        return False
