"""What happened this turn, in plain words: events, and for each group what changed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.views import TurnResult
from ..wording import news_heading
from .explain import RESERVE, RESILIENCE, causes_money, causes_people
from .fmt import change_between, esc, headline, money, people, signed_money
from .layout import Column, even_heights
from .screen import Screen

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession

END_WORDS = {
    "turn_limit": "The term is over.",
    "receivership": "The reserve fell below the floor: the state has taken over the city's "
    "finances (receivership).",
    "recall": "Trust collapsed: residents recalled the council.",
}


class ResultScreen(Screen):
    """Shown after every turn; Enter continues."""

    name = "result"

    def __init__(self, app: App, session: PlaySession, result: TurnResult) -> None:
        super().__init__(app)
        self.session = session
        self.result = result

    def on_enter(self) -> None:
        self.app.request_screenshot(f"result-{self.result.turn:02d}")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        bh = self.app.button_height
        r = self.result
        view = self.scroll(
            (m, m, width - 2 * m, height - 3 * m - bh), "#result_view", focusable=True
        )
        inner = self.scroll_width(view)
        col = Column(self, view, 0, 0, inner)
        col.text(f"What happened in {esc(r.label)}", "#result_title", "@title")
        col.gap(0.5)
        if r.events:
            col.heading(news_heading(self.session.model.turns.labels, r.turn), "#news_heading")
            for ev in r.events:
                col.text(
                    f"<b>{esc(headline(ev.title))}</b> {esc(ev.text)}", f"#event_{ev.id}", "@note"
                )
                col.gap(0.5)
        else:
            col.text("No news this turn.", "#no_events")
        if r.promises_kept:
            col.text("<b>Promises kept:</b> " + esc("; ".join(r.promises_kept)), "#kept")
        if r.promises_broken:
            col.text(
                "<b>Promises broken:</b> "
                + esc("; ".join(r.promises_broken))
                + " - the groups who were promised lose trust.",
                "#broken",
                "@error",
            )
        if r.done:
            col.gap(0.5)
            col.text(
                "<b>" + esc(END_WORDS.get(r.end_reason or "", "The game is over.")) + "</b>",
                "#end_reason",
                "@note",
            )
        col.gap()
        col.heading("The groups", "#groups_heading")
        col.text(
            esc("Trust, with the biggest causes of the change. Hover a number for more."),
            "#groups_intro",
        )
        col.gap(0.5)
        ncols = 2 if inner >= 80 * u else 1
        card_w = (inner - (ncols - 1) * u) // ncols
        row_top, row_h = col.y, 0
        row: list = []
        for i, g in enumerate(r.groups):
            c = i % ncols
            if c == 0 and i:
                even_heights(row, card_w, row_h)
                row_top += row_h + u
                row_h, row = 0, []
            causes = causes_people(g.trust)
            html = (
                f"<b>{esc(g.name)}</b><br>"
                f"Trust {people(g.trust.before)} to <b>{people(g.trust.after)}</b> "
                f"({change_between(g.trust.before, g.trust.after)})<br>"
                + (f"<i>Why:</i><br>{causes}<br>" if causes else "")
                + f"Wellbeing {people(g.wellbeing.after)} "
                f"({change_between(g.wellbeing.before, g.wellbeing.after, '±0')}), "
                f"engagement {people(g.engagement.after)} "
                f"({change_between(g.engagement.before, g.engagement.after, '±0')})"
            )
            if abs(g.uncertainty.delta) >= 0.005:
                html += (
                    f"<br>You understand them better: uncertainty "
                    f"{people(g.uncertainty.before)} to {people(g.uncertainty.after)}"
                )
            tip = (
                "<b>Wellbeing</b><br>"
                + (causes_people(g.wellbeing) or "no change")
                + "<br><b>Engagement</b><br>"
                + (causes_people(g.engagement) or "no change")
            )
            box = self.text(
                html,
                (c * (card_w + u), row_top, card_w, -1),
                f"#result_group_{g.id}",
                "@card",
                container=view,
                tooltip=tip,
            )
            row_h = max(row_h, box.rect.height)
            row.append(box)
        even_heights(row, card_w, row_h)
        col.y = row_top + row_h + u
        col.gap()
        col.heading("The city", "#city_heading")
        cur = self.session.view().city.currency
        money_causes = causes_money(r.reserve, cur)
        col.text(
            f"Reserve {money(r.reserve.before, cur)} to <b>{money(r.reserve.after, cur)}</b> "
            f"({signed_money(r.reserve.delta, cur)})"
            + (f"<br>{money_causes}" if money_causes else "")
            + f"<br>Resilience {people(r.resilience.before)} to "
            f"<b>{people(r.resilience.after)}</b> "
            f"({change_between(r.resilience.before, r.resilience.after)})"
            + (f"<br>{causes_people(r.resilience)}" if r.resilience.causes else ""),
            "#result_city",
            "@card",
            tooltip=esc(RESERVE) + "<br><br>" + esc(RESILIENCE),
        )
        self.fit_scroll(view, col.height())
        label = "See the debrief" if self.session.done else "Continue to the next turn"
        bw = self.button_width(label, bold=True)
        self.button(
            label,
            (width - m - bw, height - m - bh, bw, bh),
            "#continue",
            self.proceed,
            cls="@primary",
            tooltip="Enter",
        )
        saved = f"Saved to {self.session.log_path.name}"
        self.text(
            esc(saved),
            (m, height - m - bh, width - 3 * m - bw, -1),
            "#saved_note",
            tooltip=esc(str(self.session.log_path)),
        )
        if self.focus_index < 0:
            self.focus_by_id("#continue")

    def proceed(self) -> None:
        from .flow import after_turn_or_start

        after_turn_or_start(self.app, self.session)

    def on_escape(self) -> None:
        from .flow import open_menu

        open_menu(self.app, self.session)

    def auto_step(self) -> bool:
        self.proceed()
        return True
