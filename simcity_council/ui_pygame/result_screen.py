"""What happened in a turn, in plain words: events, and for each group what changed and why.

Every sentence is :func:`simcity_council.wording.result_sentences`' (the terminal prints the same
ones): trust, wellbeing and engagement each with the causes that moved them, what the city
learned, the money and resilience. Shown after each turn (Enter continues), and again from the
turn screen's History or Last result (``review``: Back returns to the turn, its choices kept).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.views import TurnResult
from ..wording import (
    biggest_changes,
    end_words,
    event_sentence,
    group_story,
    indicator_stories,
    money_why,
    news_heading,
    promise_sentence_groups,
    reserve_sentence,
    resilience_sentence,
    revenue_sentence,
    why,
)
from .explain import RESERVE, RESILIENCE, REVENUE, why_html
from .flow import after_turn_or_start, open_menu
from .fmt import esc
from .layout import Column, even_heights
from .screen import Screen

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession

CARD_TIP = (
    "Trust: how much they believe city hall acts in their interest. Wellbeing: how well they "
    "are doing. Engagement: how much they take part. All 0-100."
)


def group_html(group) -> str:
    """A group's card: its name, then each number's sentence with why it moved."""
    story = group_story(group)
    parts = [f"<b>{esc(story.name)}</b>"]
    for sentence, reasons in story.lines:
        head, _, rest = sentence.partition(" ")
        parts.append(f"<b>{esc(head)}</b> {esc(rest)}")
        parts += [f"&nbsp;&nbsp;{why_html(r)}" for r in reasons]
    if story.learned:
        parts.append(f"<i>{esc(story.learned)}</i>")
    return "<br>".join(parts)


class ResultScreen(Screen):
    """Shown after every turn; Enter continues (or, reopened, goes back)."""

    name = "result"

    def __init__(
        self, app: App, session: PlaySession, result: TurnResult, *, review: bool = False
    ) -> None:
        super().__init__(app)
        self.session = session
        self.result = result
        self.review = review  # reopened from the turn screen: Back, not Continue

    def on_enter(self) -> None:
        if not self.review:
            self.app.request_screenshot(f"result-{self.result.turn:02d}")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        bh = self.app.button_height
        r = self.result
        cur = self.session.view().city.currency
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
                sentence = event_sentence(ev.title, ev.text)
                head = sentence[: len(sentence) - len(ev.text.strip())].strip()
                col.text(f"<b>{esc(head)}</b> {esc(ev.text.strip())}", f"#event_{ev.id}", "@note")
                col.gap(0.5)
        else:
            col.text("No news this turn.", "#no_events")
        kept, broken, released = promise_sentence_groups(r)
        if kept:
            col.text("<br>".join(esc(k) for k in kept), "#kept")
        if broken:
            col.text("<br>".join(esc(b) for b in broken), "#broken", "@error")
        if released:
            col.text("<br>".join(esc(x) for x in released), "#released")
        if r.done:
            col.gap(0.5)
            col.text("<b>" + esc(end_words(r.end_reason)) + "</b>", "#end_reason", "@note")
        col.gap()
        col.heading("The groups", "#groups_heading")
        col.text(f"<b>{esc(biggest_changes(r))}</b>", "#biggest_changes")
        col.text(
            esc(
                "Trust, wellbeing and engagement (0-100), each with the biggest causes of its "
                "change. Hover a card for what the numbers mean."
            ),
            "#groups_intro",
        )
        col.gap(0.5)
        ncols = 2 if inner >= 80 * u else 1
        card_w = (inner - (ncols - 1) * u) // ncols
        row_top, row_h = col.y, 0
        row: list = []
        tip = esc(CARD_TIP)
        for i, g in enumerate(r.groups):
            c = i % ncols
            if c == 0 and i:
                even_heights(row, card_w, row_h)
                row_top += row_h + u
                row_h, row = 0, []
            box = self.text(
                group_html(g),
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
        lines = [esc(reserve_sentence(r, cur))]
        lines += [f"&nbsp;&nbsp;{esc(line)}" for line in money_why(r.reserve, cur)]
        lines.append(esc(revenue_sentence(r, cur)))
        lines += [f"&nbsp;&nbsp;{esc(line)}" for line in money_why(r.revenue, cur)]
        lines.append(esc(resilience_sentence(r)))
        lines += [f"&nbsp;&nbsp;{why_html(line)}" for line in why(r.resilience)]
        names = {x.id: x.name for x in self.session.model.indicators}
        for sentence, reasons in indicator_stories(r, names):
            lines.append(esc(sentence))
            lines += [f"&nbsp;&nbsp;{why_html(line)}" for line in reasons]
        col.text(
            "<br>".join(lines),
            "#result_city",
            "@card",
            tooltip=esc(RESERVE) + "<br><br>" + esc(REVENUE) + "<br><br>" + esc(RESILIENCE),
        )
        self.fit_scroll(view, col.height())
        if self.review:
            label, tip_text = "Back", "Enter or Esc: back to where you were"
        elif self.session.done:
            label, tip_text = "See the debrief", "Enter"
        else:
            label, tip_text = "Continue to the next turn", "Enter"
        bw = self.button_width(label, bold=True)
        self.button(
            label,
            (width - m - bw, height - m - bh, bw, bh),
            "#continue",
            self.proceed,
            cls="@primary",
            tooltip=tip_text,
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
        if self.review:
            self.app.pop()
            return
        after_turn_or_start(self.app, self.session)

    def on_escape(self) -> None:
        if self.review:
            self.app.pop()
            return
        open_menu(self.app, self.session)

    def auto_step(self) -> bool:
        self.proceed()
        return True
