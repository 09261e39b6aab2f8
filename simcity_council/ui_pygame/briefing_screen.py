"""Briefing: your role, the situation, the stakeholder groups and the objectives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..wording import sureness
from .explain import UNCERTAINTY
from .flow import after_turn_or_start, back_to_title
from .fmt import belief_text, esc, people, share_words
from .layout import Column, even_heights
from .screen import Screen

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession


class BriefingScreen(Screen):
    """Read before the first turn; Enter starts."""

    name = "briefing"

    def __init__(self, app: App, session: PlaySession) -> None:
        super().__init__(app)
        self.session = session

    def on_enter(self) -> None:
        self.app.request_screenshot("briefing")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        bh = self.app.button_height
        model = self.session.model
        meta = model.meta
        view = self.session.view()
        names = {d.id: d.name for d in view.domains}
        scroll = self.scroll(
            (m, m, width - 2 * m, height - 3 * m - bh), "#briefing_view", focusable=True
        )
        inner_w = self.scroll_width(scroll)
        col = Column(self, scroll, 0, 0, inner_w)
        col.text(esc(meta.title), "#briefing_title", "@title")
        if self.session.results:  # a resumed or test game: say so first, not below the fold
            played = len(self.session.results)
            opening = (
                f"<b>Test game.</b> The first {played} of {view.turns_total} turns were played "
                f"for you (see the notes below); you take over at turn {view.turn}."
                if self.session.test_game
                else f"<b>Welcome back.</b> You played {played} of {view.turns_total} turns; the "
                f"game continues at turn {view.turn}."
            )
            col.text(
                f"{opening} Read the briefing again, or continue below.",
                "#briefing_resumed",
                "@note",
            )
            col.gap(0.5)
        col.text(
            f"<b>{esc(meta.city)}</b>, {esc(meta.period)} - {view.turns_total} turns: "
            + esc(", ".join(model.turns.labels or [])),
            "#briefing_meta",
        )
        col.text(
            f"Class code <b>{esc(self.session.class_code)}</b>: whoever starts this scenario "
            "with the same code meets the same events at the same turns.",
            "#briefing_code",
            tooltip="Give the code to classmates to compare choices under the same luck.",
        )
        col.gap()
        col.text("<b>Your role.</b> " + esc(meta.role), "#briefing_role", "@note")
        col.gap(0.5)
        col.text("<b>The situation.</b> " + esc(meta.summary), "#briefing_summary")
        col.gap()
        col.heading("Who lives here", "#groups_heading")
        col.text(
            esc(
                "What the city believes each group wants, and how sure it is. Beliefs can "
                "be wrong: listening actions make them more accurate."
            ),
            "#groups_intro",
        )
        col.gap(0.5)
        if self.session.city_map is not None:
            from .map_view import MapPanel

            panel = MapPanel(self, self.session.city_map, view.groups, self.session.map_quantity)
            panel.on_switch = self.session.set_map_quantity
            col.y += panel.build(scroll, 0, col.y, min(inner_w, 70 * u), "#brief_map")
            col.gap()
        ncols = 3 if inner_w >= 95 * u else 2 if inner_w >= 60 * u else 1
        card_w = (inner_w - (ncols - 1) * u) // ncols
        row_top = col.y
        row_h = 0
        row: list = []
        group_names = {x.id: x.name for x in view.groups}
        for i, g in enumerate(view.groups):
            c = i % ncols
            if c == 0 and i:
                even_heights(row, card_w, row_h)
                row_top += row_h + u
                row_h = 0
                row = []
            desc = esc(g.description) + "<br>" if g.description else ""
            html = (
                f"<b>{esc(g.name)}</b> - {share_words(g, group_names)}<br>{desc}"
                f"Trust {people(g.trust)}, wellbeing {people(g.wellbeing)}, "
                f"engagement {people(g.engagement)}<br>"
                f"<i>The city believes they want:</i> {belief_text(g.belief, names)}<br>"
                f"<i>How sure:</i> the city {sureness(g.uncertainty)} "
                f"(uncertainty {people(g.uncertainty)} of 100)"
            )
            box = self.text(
                html,
                (c * (card_w + u), row_top, card_w, -1),
                f"#brief_group_{g.id}",
                "@card",
                container=scroll,
                tooltip=esc(UNCERTAINTY),
            )
            row_h = max(row_h, box.rect.height)
            row.append(box)
        even_heights(row, card_w, row_h)  # cards of a row line up at the bottom too
        col.y = row_top + row_h + u
        col.gap()
        col.heading("Objectives", "#objectives_heading")
        objectives = (
            "<br>".join(f"- {esc(o.label)}" for o in model.objectives)
            or "No fixed objectives: the debrief shows the trade-offs."
        )
        col.text(
            objectives + "<br><i>There is no single way to win: the debrief shows what "
            "your choices did and why.</i>",
            "#briefing_objectives",
        )
        col.gap()
        col.heading("What you will learn", "#lo_heading")
        col.text("<br>".join(f"- {esc(o)}" for o in meta.learning_objectives), "#briefing_lo")
        if self.session.notes:
            col.gap()
            col.text("<br>".join(esc(n) for n in self.session.notes), "#briefing_notes", "@note")
        self.fit_scroll(scroll, col.height())
        menu_w = self.button_width("Back to scenarios")
        self.button(
            "Back to scenarios",
            (m, height - m - bh, menu_w, bh),
            "#back",
            self.back,
            tooltip="Esc: choose another scenario (this game's log is kept).",
        )
        label = "Begin turn 1" if not self.session.results else "Continue the game"
        bw = self.button_width(label, bold=True)
        self.button(
            label,
            (width - m - bw, height - m - bh, bw, bh),
            "#begin",
            self.begin,
            cls="@primary",
            tooltip="Enter",
        )
        if self.focus_index < 0:
            self.focus_by_id("#begin")

    def begin(self) -> None:
        after_turn_or_start(self.app, self.session)

    def back(self) -> None:
        back_to_title(self.app)

    def on_escape(self) -> None:
        self.back()

    def auto_step(self) -> bool:
        self.begin()
        return True
