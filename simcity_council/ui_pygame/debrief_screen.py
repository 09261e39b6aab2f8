"""Debrief: charts over the turns, scores and objectives, each decision with its stance and what
it led to, what each group really needed against what the city believed, the other paths on the
same luck, biggest causes, the scenario's debrief texts, and reflection questions whose answers
go into the session log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import debrief_words as dw
from ..engine.views import Cause, CauseKind
from ..wording import CAUSES_NOTE, Names, end_words, gap_points, objective_words
from .chart import Series, chart_height, render_line_chart
from .explain import cause_words
from .flow import back_to_title
from .fmt import esc, money, money_short, people, signed
from .layout import Column
from .screen import Screen, is_text_field

if TYPE_CHECKING:
    import pygame

    from .app import App
    from .play_session import PlaySession


def trust_series(results: tuple) -> tuple[list[str], list[Series]]:
    """x labels ("Start", then each turn) and one trust series per group, on 0-100."""
    if not results:
        return [], []
    labels = ["Start"] + [r.label for r in results]
    series = []
    for i, g in enumerate(results[0].groups):
        values = [g.trust.before * 100] + [r.groups[i].trust.after * 100 for r in results]
        series.append(Series(g.name, tuple(values)))
    return labels, series


def biggest_causes(results: tuple, limit: int = 6) -> list[Cause]:
    """Causes of trust changes summed over groups and turns, largest effect first."""
    totals: dict[tuple[CauseKind, str, str], float] = defaultdict(float)
    for r in results:
        for g in r.groups:
            for c in g.trust.causes:
                totals[(c.kind, c.id, c.label)] += c.amount
    ranked = sorted(totals.items(), key=lambda kv: -abs(kv[1]))
    return [Cause(*key, amount) for key, amount in ranked if abs(amount) >= 0.005][:limit]


@dataclass(frozen=True)
class _Reveal:
    decisions: list[str]  # HTML lines
    needs: list[str]
    paths: list[str]


def _reveal(game: Any) -> _Reveal:
    """The debrief's reveal (:mod:`simcity_council.debrief_words`) as HTML lines."""
    from ..engine.debrief import decision_stories, needs_revealed, other_paths

    model = game.compiled.model
    names = {g.id: g.name for g in model.groups}
    taken = [d for r in game.results for d in r.choices.decisions]
    decisions = []
    for row in dw.decision_rows(decision_stories(game), names, taken):
        line = f"<b>{esc(row.line)}</b>"
        if row.effects:
            line += "<br>&nbsp;&nbsp;Trust: " + esc("; ".join(row.effects))
        if row.later:
            line += "<br>&nbsp;&nbsp;It led to: " + esc("; ".join(row.later))
        decisions.append(line)
    kinds = {g.id: g.kind for g in model.groups}
    needs = []
    for group in needs_revealed(game):
        if dw.worth_revealing(group, kinds[group.id] == "residents"):
            needs.append(f"<b>{esc(group.name)}</b>")
            needs += ["&nbsp;&nbsp;" + esc(s) for s in dw.needs_lines(group)]
    header, rows = dw.path_rows(game.scores(), other_paths(game), model.city.currency)
    paths = [
        f"{esc(row[0])}: "
        + ", ".join(
            f"{esc(h.lower())} <b>{esc(v)}</b>" for h, v in zip(header[1:], row[1:], strict=True)
        )
        for row in rows
    ]
    return _Reveal(decisions, needs, paths)


class DebriefScreen(Screen):
    """The end of the game: what happened, why, and what to think about."""

    name = "debrief"

    def __init__(self, app: App, session: PlaySession) -> None:
        super().__init__(app)
        self.session = session
        self.answers: dict[int, str] = {}
        self.saved: set[int] = set()
        self._revealed: _Reveal | None = None

    def on_enter(self) -> None:
        self.app.request_screenshot("debrief")

    def _chart(
        self,
        width: int,
        title: str,
        series: list[Series],
        labels: list[str],
        y_label: str,
        y_range: tuple[float, float] | None,
        fmt: Callable[[float], str],
        fit: int | None = None,
    ) -> pygame.Surface:
        """A chart ``width`` wide; with ``fit``, no taller than that (a chart and its legend are
        seen together, even in large text at 1024x640)."""
        app = self.app
        small = app.font(max(11, app.look.font_size - 2))
        font = app.font(app.look.font_size, bold=True)
        plot = max(140, round(200 * app.look.scale))
        names = [s.name for s in series]
        if fit is not None:
            overhead = chart_height(small, font, len(series), width, 0, names)
            plot = max(120, min(plot, fit - overhead))
        h = chart_height(small, font, len(series), width, plot, names)
        return render_line_chart(
            app.pygame,
            (width, h),
            title=title,
            series=series,
            x_labels=labels,
            y_label=y_label,
            palette=app.look.palette,
            font=font,
            small=small,
            y_range=y_range,
            y_format=fmt,
        )

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        bh = self.app.button_height
        s = self.session
        scores = s.scores()
        results = s.results
        cur = s.view().city.currency
        view = self.scroll(
            (m, m, width - 2 * m, height - 3 * m - bh), "#debrief_view", focusable=True
        )
        inner = self.scroll_width(view)
        col = Column(self, view, 0, 0, inner)
        col.text("Debrief: " + esc(s.model.meta.title), "#debrief_title", "@title")
        col.text(
            esc(end_words(scores.end_reason or ""))  # "" (no reason): "The game is over."
            + " There is no single score: look at who gained, who lost, and why.",
            "#debrief_intro",
        )
        col.gap()
        labels, series = trust_series(results)
        if series:
            chart = self._chart(
                inner,
                "Trust of each group over the turns",
                series,
                labels,
                "Trust (0-100)",
                (0, 100),
                lambda v: f"{v:.0f}",
                fit=view.rect.height - u,
            )
            col.image(
                chart,
                "#chart_trust",
                tooltip="Each group has its own colour, dash pattern and marker.",
            )
            col.gap()
            res = [
                Series(
                    "Resilience",
                    tuple(
                        [results[0].resilience.before * 100]
                        + [r.resilience.after * 100 for r in results]
                    ),
                )
            ]
            rsv = [
                Series(
                    "Reserve",
                    tuple([results[0].reserve.before] + [r.reserve.after for r in results]),
                )
            ]
            side = inner >= 110 * u
            w = (inner - u) // 2 if side else inner
            c1 = self._chart(
                w,
                "Economic resilience",
                res,
                labels,
                "Resilience (0-100)",
                (0, 100),
                lambda v: f"{v:.0f}",
                fit=view.rect.height - u,
            )
            c2 = self._chart(
                w,
                f"Reserve ({cur})",
                rsv,
                labels,
                "Reserve",
                None,
                lambda v: money_short(v, cur),
                fit=view.rect.height - u,
            )
            top = col.y
            self.image(c1, (0, top), "#chart_resilience", container=view)
            if side:
                self.image(c2, (w + u, top), "#chart_reserve", container=view)
                col.y = top + max(c1.get_height(), c2.get_height())
            else:
                col.y = top + c1.get_height() + u
                col.image(c2, "#chart_reserve")
            col.gap()
        col.heading("Scores", "#scores_heading")
        col.text(
            "Average resident trust (weighted by population): "
            f"<b>{people(scores.trust_mean)}</b><br>"
            f"Lowest resident group's trust: <b>{people(scores.trust_min)}</b><br>"
            "Gap between the most and least trusting resident groups: "
            f"<b>{gap_points(scores.trust_gap)}</b>"
            f"<br>Average resident wellbeing (weighted by population): "
            f"<b>{people(scores.wellbeing_mean)}</b><br>"
            f"Lowest resident group's wellbeing: <b>{people(scores.wellbeing_min)}</b>"
            f"<br>Economic resilience: <b>{people(scores.resilience)}</b><br>"
            f"Reserve: <b>{money(scores.reserve, cur)}</b><br>"
            f"Average engagement: <b>{people(scores.engagement)}</b>",
            "#scores",
            "@card",
        )
        col.gap()
        if scores.objectives:
            col.heading("Objectives", "#objectives_heading")
            names = Names.of(s.model)
            tests = {o.id: o.when for o in s.model.objectives}
            lines = [
                f"<b>{('Met' if o.met else 'Not met') if o.applies else 'Does not apply'}:</b> "
                + esc(objective_words(o.label, tests.get(o.id, ""), names))
                for o in scores.objectives
            ]
            col.text("<br>".join(lines), "#objectives", "@card")
            col.gap()
        reveal = self._reveal()
        if reveal.decisions:
            col.heading(dw.DECISIONS_HEADING, "#stances_heading")
            col.text(
                f"<i>{esc(dw.DECISIONS_NOTE)}</i><br>" + "<br>".join(reveal.decisions),
                "#stances",
                "@card",
            )
            col.gap()
        col.heading(dw.NEEDS_HEADING, "#needs_heading")
        col.text(f"<i>{esc(dw.NEEDS_NOTE)}</i><br>" + "<br>".join(reveal.needs), "#needs", "@card")
        col.gap()
        col.heading(dw.PATHS_HEADING, "#paths_heading")
        col.text(f"<i>{esc(dw.PATHS_NOTE)}</i><br>" + "<br>".join(reveal.paths), "#paths", "@card")
        col.gap()
        causes = biggest_causes(results)
        if causes:
            col.heading("What moved trust most", "#causes_heading")
            col.text(
                "<br>".join(f"{signed(c.amount)}  {cause_words(c)}" for c in causes)
                + "<br><i>Points of trust, added up over all groups and turns. "
                + esc(CAUSES_NOTE)
                + "</i>",
                "#causes",
                "@card",
            )
            col.gap()
        if scores.debrief:
            col.heading("What this says", "#texts_heading")
            for i, text in enumerate(scores.debrief):
                col.text(esc(text), f"#debrief_text_{i}", "@note")
                col.gap(0.5)
            col.gap(0.5)
        questions = list(scores.reflection)  # only those that apply to this game
        if questions:
            col.heading("Reflect", "#reflect_heading")
            col.text(
                esc(
                    "Write a few sentences. Your answers are saved in your session log for "
                    "the class discussion."
                ),
                "#reflect_intro",
            )
            col.gap(0.5)
            for i, q in enumerate(questions):
                col.text(f"<b>{i + 1}.</b> {esc(q)}", f"#question_{i}")
                self.entry(
                    (
                        0,
                        col.y,
                        inner,
                        5 * u + 3 * self.app.font(self.app.look.font_size).get_linesize(),
                    ),
                    f"#answer_{i}",
                    self.answers.get(i, ""),
                    container=view,
                    multiline=True,
                    tooltip="Type your answer, then press Save answer (Tab leaves the box).",
                )
                col.y += self.elements[f"#answer_{i}"].rect.height + u // 2
                label = "Saved - save again" if i in self.saved else "Save answer"
                col.button(
                    label,
                    f"#save_{i}",
                    partial(self.save, i),
                    tooltip="Write this answer into your session log now (answers typed but "
                    "not saved are also written when you leave).",
                )
                col.gap()
        col.heading("Your session log", "#log_heading")
        col.text(esc(f"Saved in: {s.log_path}"), "#log_path")
        self.fit_scroll(view, col.height())
        by = height - m - bh
        qw = self.button_width("Quit")
        self.button(
            "Quit",
            (width - m - qw, by, qw, bh),
            "#quit",
            self.quit,
            cls="@primary",
            tooltip="Close the game (Esc). Your log and answers are saved.",
        )
        tw = self.button_width("Play another scenario")
        self.button(
            "Play another scenario",
            (width - m - qw - u - tw, by, tw, bh),
            "#again",
            self.again,
            tooltip="Back to the scenario picker. Your log and answers are saved.",
        )

    def _reveal(self) -> _Reveal:
        """What the player could not see, as HTML lines (worked out once: the other paths are
        two whole games)."""
        if self._revealed is None:
            self._revealed = _reveal(self.session.game)
        return self._revealed

    def _read(self) -> None:
        for key, el in self.elements.items():
            if key.startswith("#answer_") and is_text_field(el):
                self.answers[int(key.rsplit("_", 1)[1])] = el.get_text()

    def teardown(self) -> None:
        if self.root is not None:
            self._read()
        super().teardown()

    def save(self, index: int) -> None:
        self._read()
        answer = self.answers.get(index, "").strip()
        if not answer:
            return
        self.session.reflect(self.session.scores().reflection[index], answer)
        self.saved.add(index)
        self.rebuild()
        self.focus_by_id(f"#save_{index}")

    def save_unsaved(self) -> None:
        """Write every answer typed but not saved (or changed since) to the log."""
        if self.root is not None:
            self._read()
        questions = self.session.scores().reflection
        for index, text in sorted(self.answers.items()):
            answer = text.strip()
            if answer and index < len(questions):
                if self.session.reflections.get(questions[index]) != answer:
                    self.session.reflect(questions[index], answer)
                    self.saved.add(index)

    def on_exit(self) -> None:
        """Leaving the debrief (Quit, another scenario, closing the window) keeps what was
        written: a student should not lose an answer for not pressing Save."""
        self.save_unsaved()

    def quit(self) -> None:
        self.save_unsaved()
        self.app.quit(0)

    def again(self) -> None:
        back_to_title(self.app)

    def on_escape(self) -> None:
        self.quit()

    def auto_step(self) -> bool:
        """Scroll down a page at a time (each page is a screenshot), then finish."""
        from pygame_gui.elements import UIScrollingContainer

        view = self.element_as("#debrief_view", UIScrollingContainer)
        bar = view.vert_scroll_bar
        if bar is None or bar.start_percentage + bar.visible_percentage >= 0.999:
            return False
        bar.set_scroll_from_start_percentage(
            min(1.0 - bar.visible_percentage, bar.start_percentage + bar.visible_percentage * 0.9)
        )
        self.app.request_screenshot("debrief-more")
        return True
