"""A turn: the city at a glance on the left, the agenda and listening actions on the right.

"End turn" is enabled only when every decision is answered. Keys: Tab/arrows move, Enter or Space
press, 1-9 choose an option of the decision in focus (or the first unanswered one) and move on to
the next unanswered decision, E ends the turn, PgUp/PgDn scroll, Esc opens the menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.views import Choices, TurnView
from ..errors import GameError
from .actions_card import build_actions_card
from .decision_card import build_decision_card
from .explain import CAPACITY, RESERVE, RESILIENCE, REVENUE, with_causes
from .fmt import esc, money, people
from .group_card import build_group_card
from .layout import CARD_TEXT_EDGES, Column, balance_rows, fill_rows, fix_size, flow
from .screen import Screen, oid_of

if TYPE_CHECKING:
    from .app import App
    from .play_session import PlaySession


class TurnScreen(Screen):
    """Choose an option for every decision, add listening actions, end the turn."""

    name = "turn"

    def __init__(self, app: App, session: PlaySession) -> None:
        super().__init__(app)
        self.session = session
        self.view: TurnView = session.view()
        self.chosen: dict[str, str] = {}
        self.picked: list[str] = []
        self.error = ""
        self.notice = ""  # what the screen did on its own (an action taken off), said once
        self._auto_filled = False

    def on_enter(self) -> None:
        self.app.request_screenshot(f"turn-{self.view.turn:02d}")

    # ---- derived numbers for display --------------------------------------------------------
    def _options(self) -> list:
        out = []
        for d in self.view.agenda:
            for o in d.options:
                if self.chosen.get(d.id) == o.id:
                    out.append(o)
        return out

    def capacity_left(self) -> int:
        acts = {a.id: a for a in self.view.actions}
        used = sum(o.capacity for o in self._options())
        used += sum(acts[a].capacity for a in self.picked if a in acts)
        return self.view.city.capacity - used

    def cost_chosen(self) -> float:
        acts = {a.id: a for a in self.view.actions}
        return sum(o.cost for o in self._options()) + sum(
            acts[a].cost for a in self.picked if a in acts
        )

    @property
    def all_answered(self) -> bool:
        return all(d.id in self.chosen for d in self.view.agenda)

    @property
    def ready(self) -> bool:
        """Every decision answered and the choices fit the staff capacity."""
        return self.all_answered and self.capacity_left() >= 0

    # ---- building ---------------------------------------------------------------------------
    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 2 * u
        v = self.view
        city = v.city
        last = self.session.results[-1] if self.session.results else None
        col = Column(self, self.root, m, m, width - 2 * m)
        col.text(
            f"<b>{esc(v.label)}</b> – turn {v.turn} of {v.turns_total}" + self._next_label(),
            "#turn_title",
            "@heading",
            tooltip=self._calendar(),
        )
        col.gap(0.5)
        cur = city.currency
        tiles = [
            (
                "reserve",
                f"Reserve <b>{money(city.reserve, cur)}</b>",
                with_causes(RESERVE, last.reserve if last else None, cur)
                + f"<br>Floor: {money(city.reserve_floor, cur)}",
            ),
            (
                "spend",
                f"This turn costs <b>{money(self.cost_chosen(), cur)}</b>",
                esc(
                    "The one-time costs of the options and actions you have picked so far. "
                    f"Running every service costs {money(city.spending, cur)} per turn."
                ),
            ),
            (
                "revenue",
                f"Revenue next turn <b>{money(city.revenue, cur)}</b>",
                with_causes(REVENUE, last.revenue if last else None, cur),
            ),
            (
                "resilience",
                f"Resilience <b>{people(city.resilience)}</b>",
                with_causes(RESILIENCE, last.resilience if last else None),
            ),
            (
                "capacity",
                (
                    f"Staff capacity left <b>{self.capacity_left()} of {city.capacity}</b>"
                    if self.capacity_left() >= 0
                    else f"Staff capacity <b>over by {-self.capacity_left()}</b>"
                ),
                esc(CAPACITY),
            ),
        ]
        # Each tile is as wide as the widest text it can show this turn, so choosing an option
        # never re-flows the tiles (and moves everything below them) under the student's mouse.
        widest = {"spend": self._widest_spend(), "capacity": self._widest_capacity()}
        widths = [
            max(self._tile_width(t), self._tile_width(widest.get(key, t))) + CARD_TEXT_EDGES
            for key, t, _ in tiles
        ]
        places = flow(widths, m, width - 2 * m, u)
        if max(r for _, r in places) > 0:
            places = balance_rows(widths, places, width - 2 * m, u)
            widths, places = fill_rows(widths, places, m, width - 2 * m, u)
        # Tiles size themselves to their text (line spacing and card padding depend on the
        # theme and text size), then every tile takes the tallest one's height.
        boxes = [
            self.text(html, (x, col.y, w, -1), f"#city_{key}", "@card", tooltip=tip)
            for (key, html, tip), (x, _), w in zip(tiles, places, widths, strict=True)
        ]
        th = max(box.rect.height for box in boxes)
        for box, (x, row), w in zip(boxes, places, widths, strict=True):
            if box.rect.height != th:
                fix_size(box, w, th)
            if row:
                box.set_relative_position((x, col.y + row * (th + u // 2)))
        col.y += (max(r for _, r in places) + 1) * (th + u // 2)
        if v.promises_open:
            col.text(
                "<b>Promises open:</b> " + esc("; ".join(v.promises_open)),
                "#promises",
                tooltip="Promises not kept on time cost the promised groups' trust.",
            )
        col.gap(0.5)
        top = col.y
        bh = self.app.button_height
        bottom_h = bh + 2 * u
        main_h = height - top - bottom_h - m
        left_w = max(300, int((width - 2 * m - u) * 0.36))
        right_x = m + left_w + u
        right_w = width - right_x - m
        group_names = {g.id: g.name for g in v.groups}
        domain_names = {d.id: d.name for d in v.domains}

        gview = self.scroll((m, top, left_w, main_h), "#groups_view", focusable=True)
        gw = self.scroll_width(gview)
        y = 0
        changes = {g.id: g for g in last.groups} if last else {}
        for g in v.groups:
            y += (
                build_group_card(
                    self, gview, 0, y, gw, g, changes.get(g.id), domain_names, last is None
                )
                + u
            )
        self.fit_scroll(gview, y)

        aview = self.scroll((right_x, top, right_w, main_h), "#agenda_view")
        aw = self.scroll_width(aview)
        y = 0
        if not v.agenda:
            box = self.text(
                "No decisions on the agenda this turn: you may listen, or simply end the turn.",
                (0, 0, aw, -1),
                "#agenda_empty",
                "@note",
                container=aview,
            )
            y = box.rect.height + u
        for i, d in enumerate(v.agenda, start=1):
            y += (
                build_decision_card(
                    self,
                    aview,
                    0,
                    y,
                    aw,
                    i,
                    d,
                    self.chosen.get(d.id),
                    self.choose,
                    city.currency,
                    group_names,
                    domain_names,
                )
                + u
            )
        y += (
            build_actions_card(
                self,
                aview,
                0,
                y,
                aw,
                v.actions,
                self.picked,
                self.capacity_left(),
                self.toggle,
                city.currency,
                group_names,
            )
            + u
        )
        self.fit_scroll(aview, y)

        # Bottom bar: status, menu, end turn.
        by = height - m - bh
        end_w = self.button_width("End turn", bold=True)
        menu_w = self.button_width("Menu")
        answered = sum(1 for d in v.agenda if d.id in self.chosen)
        status = f"Answered {answered} of {len(v.agenda)} decisions. " if v.agenda else ""
        status += (
            "Ready to end the turn."
            if self.all_answered
            else "Answer every decision to end the turn."
        )
        over = -self.capacity_left()
        if over > 0:
            status = (
                f"These choices need {over} more staff point{'s' if over > 1 else ''} than the "
                "city has: choose a lighter option or drop a listening action."
            )
        if self.notice:
            status = self.notice
        if self.error:
            status = self.error
        self.button(
            "Menu", (m, by, menu_w, bh), "#menu", self.menu, tooltip="Esc: save, settings, quit"
        )
        line_h = self.app.font(self.app.look.font_size).get_linesize()
        self.text(
            esc(status),
            # Centred on the buttons' text line (a text box pads its text by 4 px).
            (
                m + menu_w + u,
                by + (bh - line_h) // 2 - 4,
                width - 2 * m - menu_w - end_w - 2 * u,
                -1,
            ),
            "#status",
            "@error" if self.error else None,
        )
        self.button(
            "End turn",
            (width - m - end_w, by, end_w, bh),
            "#end_turn",
            self.end_turn,
            cls="@primary",
            enabled=self.ready,
            tooltip="Enter on this button, or the E key",
        )
        menu = self.elements["#menu"]
        self.focusables.remove(menu)
        self.focusables.append(menu)
        if self.focus_index < 0:
            self._focus_first_open()

    def _labels(self) -> list[str]:
        return self.session.model.turns.labels or [
            f"Turn {i}" for i in range(1, self.view.turns_total + 1)
        ]

    def _next_label(self) -> str:
        """The next turn's calendar label, muted (the whole calendar is in the tooltip)."""
        labels = self._labels()
        if self.view.turn >= len(labels):
            return f"   <font color='{self.app.look.muted}'>(the last turn)</font>"
        return f"   <font color='{self.app.look.muted}'>next: {esc(labels[self.view.turn])}</font>"

    def _calendar(self) -> str:
        """The whole calendar, one turn a line, this turn in bold and marked."""
        out = []
        for i, label in enumerate(self._labels(), start=1):
            line = f"{i}. {esc(label)}"
            if i == self.view.turn:
                line = f"<b>{line} (this turn)</b>"
            elif i < self.view.turn:
                line += " (done)"
            out.append(line)
        return "<br>".join(out)

    def _widest_spend(self) -> str:
        """The cost tile's text for the dearest choices possible this turn."""
        v = self.view
        most = sum(max((o.cost for o in d.options), default=0) for d in v.agenda)
        most += sum(a.cost for a in v.actions)
        return f"This turn costs <b>{money(max(most, self.cost_chosen()), v.city.currency)}</b>"

    def _widest_capacity(self) -> str:
        """The capacity tile's longest text this turn ("left 2 of 2" or "over by N")."""
        v = self.view
        cap = v.city.capacity
        need = sum(max((o.capacity for o in d.options), default=0) for d in v.agenda)
        need += sum(a.capacity for a in v.actions)
        left = f"Staff capacity left <b>{cap} of {cap}</b>"
        over = f"Staff capacity <b>over by {max(need - cap, 1)}</b>"
        return max(left, over, key=self._tile_width)

    def _tile_width(self, html: str) -> int:
        """The width of a tile's text: regular before ``<b>``, bold inside it."""
        head, _, rest = html.partition("<b>")
        bold, _, tail = rest.partition("</b>")
        width = self.app.text_width(head) + self.app.text_width(tail)
        return width + self.app.text_width(bold, bold=True)

    def scroll_into_view(self, element) -> None:
        """Also bring a card's question into view when the focus reaches its first option (the
        question was cut off at the top when the agenda scrolled to the option alone)."""
        oid = oid_of(element)
        for d in self.view.agenda:
            first = next((o for o in d.options if o.available), None)
            if first is not None and oid == f"#opt-{d.id}-{first.id}":
                super().scroll_into_view(self.elements[f"#decision_{d.id}_title"])
        if self.view.actions and oid == f"#action-{self.view.actions[0].id}":
            super().scroll_into_view(self.elements["#actions_title"])
        super().scroll_into_view(element)

    def _focus_next_open(self) -> None:
        """After a number key answers a decision: on to the next unanswered one, or to End turn
        when all are answered (pressing 1, 1, 1 answers three decisions, not one three times)."""
        if any(d.id not in self.chosen for d in self.view.agenda):
            self._focus_first_open()
        elif self.elements["#end_turn"].is_enabled:
            self.focus_by_id("#end_turn")

    def _focus_first_open(self) -> None:
        for d in self.view.agenda:
            if d.id not in self.chosen:
                for o in d.options:
                    if o.available and self.focus_by_id(f"#opt-{d.id}-{o.id}"):
                        return
        if not self.focus_by_id("#end_turn") or not self.elements["#end_turn"].is_enabled:
            self.move_focus(1)

    # ---- actions ----------------------------------------------------------------------------
    def choose(self, decision: str, option: str) -> None:
        self.chosen[decision] = option
        self.session.note_answer(decision)
        self.error = ""
        self.notice = ""
        self._keep_within_capacity()
        self.rebuild()
        self.focus_by_id(f"#opt-{decision}-{option}")

    def toggle(self, action: str) -> None:
        if action in self.picked:
            self.picked.remove(action)
        else:
            self.picked.append(action)
        self.error = ""
        self.notice = ""
        self.rebuild()
        self.focus_by_id(f"#action-{action}")

    def _keep_within_capacity(self) -> None:
        """Take listening actions off (last added first) until the choices fit the staff, and
        say so: an action that silently disappears looks like a bug."""
        names = {a.id: a.name for a in self.view.actions}
        dropped = []
        while self.picked and self.capacity_left() < 0:
            dropped.append(names.get(self.picked.pop(), "a listening action"))
        if dropped:
            what = dropped[0] if len(dropped) == 1 else f"{len(dropped)} listening actions"
            if len(what) > 40:
                what = what[:38].rstrip() + "..."
            self.notice = f"Took '{what}' off this turn: your choice needs that staff."
            if len(dropped) > 1:
                self.notice = f"Took {what} off this turn: your choice needs their staff."

    def end_turn(self) -> None:
        if not self.ready:
            self._focus_first_open()
            return
        choices = Choices(dict(self.chosen), tuple(self.picked))
        try:
            result = self.session.submit(choices)
        except GameError as error:
            self.error = f"The council could not do that: {error}"
            self.rebuild()
            return
        from .result_screen import ResultScreen

        self.app.replace(ResultScreen(self.app, self.session, result))

    def menu(self) -> None:
        from .flow import open_menu

        open_menu(self.app, self.session)

    def on_escape(self) -> None:
        self.menu()

    def on_key(self, key: int, mod: int) -> bool:
        pg = self.app.pygame
        if pg.K_1 <= key <= pg.K_9:
            decision = self._decision_in_focus()
            if decision is not None:
                k = key - pg.K_1
                if k < len(decision.options) and decision.options[k].available:
                    self.choose(decision.id, decision.options[k].id)
                    self._focus_next_open()
            return True
        if key == pg.K_e:
            self.end_turn()
            return True
        return False

    def _decision_in_focus(self):
        oid = self.focused_id() or ""
        for d in self.view.agenda:
            if oid.startswith(f"#opt-{d.id}-"):
                return d
        # Focus elsewhere: the first unanswered decision; none once all are answered (a stray
        # number key on End turn must not change an answer the student already gave).
        return next((d for d in self.view.agenda if d.id not in self.chosen), None)

    def auto_step(self) -> bool:
        if not self._auto_filled:
            suggestion = self.session.suggest(self.app.auto_policy or "inclusive")
            self.chosen = dict(suggestion.decisions)
            self.picked = list(suggestion.actions)
            self._auto_filled = True
            self.rebuild()
            self.app.request_screenshot(f"turn-{self.view.turn:02d}-chosen")
            return True
        self.end_turn()
        return True
