"""A turn: the city at a glance on the left (its map and its groups), the agenda and listening
actions on the right.

The screen is built once per turn. A click changes only what it affects (:meth:`TurnScreen.refresh`:
the buttons of the decision answered, the cost and staff tiles, which actions still fit, the status
line, End turn), so it answers at once and nothing moves under the mouse.

"End turn" is enabled only when every decision is answered. Keys: Tab/arrows move, Enter or Space
press, 1-9 choose an option of the decision in focus (or the first unanswered one) and move on to
the next unanswered decision, E ends the turn, H the history of past turns, R the last result,
PgUp/PgDn scroll, Esc opens the menu. On a student's first turn a short guide points at each part
of the screen once (:mod:`.guide`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.views import Choices, TurnView
from ..errors import GameError
from ..wording import TAKEOVER, Names, plural, promises_words, requirements, this_turn_money
from .actions_card import ActionsCard, build_actions_card
from .decision_card import AgendaWords, DecisionCard, build_decision_card
from .explain import CAPACITY, RESERVE, RESERVE_AFTER, RESILIENCE, REVENUE, with_causes
from .flow import open_menu, review_result, show_history, show_result
from .fmt import esc, money, people
from .group_card import build_group_card
from .layout import CARD_TEXT_EDGES, Column, balance_rows, fill_rows, fix_size, flow
from .screen import Screen, oid_of

if TYPE_CHECKING:
    import pygame
    from pygame_gui.core import UIElement
    from pygame_gui.elements import UITextBox

    from .app import App
    from .guide import Guide
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
        # the engine's end-of-turn reserve for the choices in _after_key (_reserve_after)
        self._after_key: tuple | None = None
        self._after: float | None = None
        self.error = ""
        self.notice = ""  # what the screen did on its own (an action taken off), said once
        self._auto_filled = False
        model = session.model
        self.words = AgendaWords(
            currency=self.view.city.currency,
            group_names={g.id: g.name for g in self.view.groups},
            domain_names={d.id: d.name for d in self.view.domains},
            names=Names.of(model),
            requires=requirements(model),
        )
        self._cards: list[DecisionCard] = []
        self._actions_card: ActionsCard | None = None
        self._tiles: dict[str, UITextBox] = {}
        self.guide: Guide | None = None  # the first-turn guide while it shows

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
        return sum(this_turn_money(o) for o in self._options()) + sum(
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
        last = self.session.results[-1] if self.session.results else None
        col = Column(self, self.root, m, m, width - 2 * m)
        code = self.session.class_code
        col.text(
            f"<b>{esc(v.label)}</b> – turn {v.turn} of {v.turns_total}" + self._next_label(),
            "#turn_title",
            "@heading",
            tooltip=self._calendar()
            + (f"<br><br>Class code: <b>{esc(code)}</b> (the same code, the same luck)"),
        )
        col.gap(0.5)
        self._build_tiles(col, width, m, u, last)
        if v.promises_open:
            col.text(
                "<b>Promises open:</b> " + esc(promises_words(v)),
                "#promises",
                tooltip="Promises not kept on time cost the promised groups' trust.",
            )
        col.gap(0.5)
        top = col.y
        bh = self.app.button_height
        bar_h = self._bar_height(width, m, u, bh)
        bottom_h = bar_h + 2 * u
        main_h = height - top - bottom_h - m
        left_w = max(300, int((width - 2 * m - u) * 0.36))
        right_x = m + left_w + u
        right_w = width - right_x - m

        gview = self.scroll((m, top, left_w, main_h), "#groups_view", focusable=True)
        gw = self.scroll_width(gview)
        y = 0
        city_map = self.session.city_map
        if city_map is not None:
            from .map_view import MapPanel

            panel = MapPanel(self, city_map, v.groups, self.session.map_quantity)
            panel.on_switch = self.session.set_map_quantity
            y += panel.build(gview, 0, 0, gw) + u
        changes = {g.id: g for g in last.groups} if last else {}
        domain_names = self.words.domain_names
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
        self._cards = []
        for i, d in enumerate(v.agenda, start=1):
            h, card = build_decision_card(
                self, aview, 0, y, aw, i, d, self.chosen.get(d.id), self.choose, self.words
            )
            self._cards.append(card)
            y += h + u
        h, self._actions_card = build_actions_card(
            self,
            aview,
            0,
            y,
            aw,
            v.actions,
            self.picked,
            self.capacity_left(),
            self.toggle,
            self.words,
        )
        y += h + u
        self.fit_scroll(aview, y)
        self._build_bottom(width, height, m, u, bh, bar_h)
        if self.focus_index < 0:
            self._focus_first_open()
        if self.guide is None:
            self._maybe_start_guide()
        elif self.guide.alive:
            self.guide.build()

    def _build_tiles(self, col: Column, width: int, m: int, u: int, last) -> None:
        """The city at a glance: reserve, this turn's cost, revenue, resilience, staff left."""
        city = self.view.city
        cur = city.currency
        tiles = [
            (
                "reserve",
                self._reserve_html(),
                with_causes(RESERVE, last.reserve if last else None, cur)
                + f"<br>Floor: {money(city.reserve_floor, cur)}<br><br>"
                + esc(RESERVE_AFTER),
            ),
            (
                "spend",
                self._spend_html(),
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
            ("capacity", self._capacity_html(), esc(CAPACITY)),
        ]
        # Each tile is as wide as the widest text it can show this turn, so choosing an option
        # never re-flows the tiles (and moves everything below them) under the student's mouse.
        widest = {
            "spend": self._widest_spend(),
            "capacity": self._widest_capacity(),
            "reserve": self._widest_reserve(),
        }
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
        self._tiles = {key: box for (key, _, _), box in zip(tiles, boxes, strict=True)}
        col.y += (max(r for _, r in places) + 1) * (th + u // 2)

    _BAR = (
        ("Menu", "#menu", "Esc: save, settings, quit"),
        ("History", "#history", "H: the turns played so far, and what happened"),
        ("Last result", "#last_result", "R: what happened in the last turn, again"),
    )

    def _status_rect(self, width: int, m: int, u: int) -> tuple[int, int]:
        """Where the status line starts and how wide it is (between the bar's buttons)."""
        x = m + sum(self.button_width(label) + u for label, _, _ in self._BAR)
        return x, width - m - self.button_width("End turn", bold=True) - u - x

    def _status_variants(self) -> list[str]:
        """The status line's longest texts this turn (its height is made for the tallest)."""
        over = max(1, sum(a.capacity for a in self.view.actions))
        return [
            esc(self._status_text()),
            esc(
                f"These choices need {over} more staff points than the city has: choose a "
                "lighter option or drop a listening action."
            ),
            esc("Took 'a listening action' off this turn: your choice needs that staff."),
        ]

    def _bar_height(self, width: int, m: int, u: int, bh: int) -> int:
        """The bottom bar is one button high, or as tall as the status line needs to wrap."""
        _, status_w = self._status_rect(width, m, u)
        tallest = max(self._measure(html, status_w, None) for html in self._status_variants())
        return max(bh, tallest)

    def _build_bottom(self, width: int, height: int, m: int, u: int, bh: int, bar_h: int) -> None:
        """Menu, history, last result, the status line and End turn."""
        by = height - m - bar_h + (bar_h - bh) // 2
        end_w = self.button_width("End turn", bold=True)
        x = m
        actions = {"#menu": self.menu, "#history": self.history, "#last_result": self.last_result}
        for label, oid, tip in self._BAR:
            bw = self.button_width(label)
            self.button(
                label,
                (x, by, bw, bh),
                oid,
                actions[oid],
                tooltip=tip,
                enabled=oid == "#menu" or bool(self.session.results),
            )
            x += bw + u
        status_x, status_w = self._status_rect(width, m, u)
        self._status = self.fixed_text(
            [esc(self._status_text()), *self._status_variants()[1:]],
            (status_x, height - m - bar_h, status_w),
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
        # Keyboard order: the agenda first, then End turn, then the bar's other buttons.
        bar = [self.elements[o] for _, o, _ in self._BAR]
        for element in bar:
            self.focusables.remove(element)
        self.focusables.extend(bar)

    def _reserve_after(self) -> float | None:
        """Where the choices so far leave the reserve, before the news (the engine's figure;
        None before any choice, or for choices it refuses). Worked out once per set of choices:
        the tile and the status line both read it on a click."""
        if not self.chosen and not self.picked:
            return None
        key = (tuple(self.chosen.items()), tuple(self.picked))
        if self._after_key != key:
            try:
                after = self.session.reserve_after(Choices(dict(self.chosen), key[1]))
            except GameError:
                after = None
            self._after_key, self._after = key, after
        return self._after

    def _reserve_html(self) -> str:
        cur = self.view.city.currency
        now = f"Reserve <b>{money(self.view.city.reserve, cur)}</b>"
        after = self._reserve_after()
        return now if after is None else f"{now} to <b>{money(after, cur)}</b>"

    def _widest_reserve(self) -> str:
        """The reserve tile's widest text: the reserve, then an end figure as long as any this
        turn's choices could give (the reserve less all the city spends, with a sign)."""
        v = self.view
        cur = v.city.currency
        most = sum(max((abs(this_turn_money(o)) for o in d.options), default=0) for d in v.agenda)
        most += sum(a.cost for a in v.actions) + v.city.spending + v.city.revenue
        far = -(abs(v.city.reserve) + most)
        return f"Reserve <b>{money(v.city.reserve, cur)}</b> to <b>{money(far, cur)}</b>"

    def _spend_html(self) -> str:
        cost = self.cost_chosen()  # one-time costs and the first turn of budget changes
        if cost < 0:
            return f"This turn saves <b>{money(-cost, self.view.city.currency)}</b>"
        return f"This turn costs <b>{money(cost, self.view.city.currency)}</b>"

    def _capacity_html(self) -> str:
        left, cap = self.capacity_left(), self.view.city.capacity
        if left >= 0:
            return f"Staff capacity left <b>{left} of {cap}</b>"
        return f"Staff capacity <b>over by {-left}</b>"

    def _status_text(self) -> str:
        v = self.view
        if self.error:
            return self.error
        if self.notice:
            return self.notice
        over = -self.capacity_left()
        if over > 0:
            return (
                f"These choices need {over} more staff point{'s' if over > 1 else ''} than the "
                "city has: choose a lighter option or drop a listening action."
            )
        answered = sum(1 for d in v.agenda if d.id in self.chosen)
        status = f"Answered {answered} of {plural(len(v.agenda), 'decision')}. " if v.agenda else ""
        after = self._reserve_after() if self.all_answered else None
        if after is not None and after < v.city.reserve_floor:  # instead of "Ready to end"
            cur = v.city.currency
            return (
                f"These choices leave the reserve at {money(after, cur)}, below its floor of "
                f"{money(v.city.reserve_floor, cur)}: {TAKEOVER}."
            )
        return status + (
            "Ready to end the turn."
            if self.all_answered
            else "Answer every decision to end the turn."
        )

    def refresh(self) -> None:
        """Show the current choices: only what they change is touched (no rebuild)."""
        if self.root is None:
            return
        self.set_html(self._tiles["reserve"], self._reserve_html())
        self.set_html(self._tiles["spend"], self._spend_html())
        self.set_html(self._tiles["capacity"], self._capacity_html())
        for card in self._cards:
            card.show(self.chosen.get(card.decision.id))
        if self._actions_card is not None:
            self._actions_card.show(self.picked, self.capacity_left())
        self.set_html(self._status, esc(self._status_text()))
        cls = "@error" if self.error else None
        ids = self._status.get_class_ids()
        if (ids[-1] if ids else None) != cls:
            self._status.change_object_id(self._object_id("#status", cls))
        end = self.elements["#end_turn"]
        if end.is_enabled != self.ready:
            end.enable() if self.ready else end.disable()
        self.app.request_redraw()

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
        """The cost tile's widest text this turn: the dearest choices possible, or the ones
        that save the most ("This turn saves ..."), whichever reads longer."""
        v = self.view
        most = sum(max((this_turn_money(o) for o in d.options), default=0) for d in v.agenda)
        most += sum(a.cost for a in v.actions)
        least = sum(min((this_turn_money(o) for o in d.options), default=0) for d in v.agenda)
        cur = v.city.currency
        texts = [f"This turn costs <b>{money(max(most, 0), cur)}</b>", self._spend_html()]
        if least < 0:
            texts.append(f"This turn saves <b>{money(-least, cur)}</b>")
        return max(texts, key=len)

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

    def scroll_into_view(self, element: UIElement) -> None:
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
        self.refresh()

    def toggle(self, action: str) -> None:
        if action in self.picked:
            self.picked.remove(action)
        else:
            self.picked.append(action)
        self.error = ""
        self.notice = ""
        self.refresh()

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
            self.refresh()
            return
        show_result(self.app, self.session, result)

    def history(self) -> None:
        """The turns played so far (a screen above this one: the choices made here stay)."""
        if self.session.results:
            show_history(self.app, self.session)

    def last_result(self) -> None:
        """What happened in the last turn, again (Back returns here)."""
        if self.session.results:
            review_result(self.app, self.session, self.session.results[-1])

    # ---- the first-turn guide -------------------------------------------------------------------
    def _maybe_start_guide(self) -> None:
        """The guide shows on a student's first turn once (remembered on this computer)."""
        if not self.app.first_turn_guide or self.session.results or self.app.auto_delay is not None:
            return
        from .guide import Guide

        self.guide = Guide(self, self._guide_done)
        self.guide.build()

    def _guide_done(self) -> None:
        from ..preferences import remember

        self.app.first_turn_guide = False
        remember(guide_seen=True)
        self._focus_first_open()

    def highlight_rect(self) -> pygame.Rect | pygame.FRect | None:
        """What the guide points at, ringed by the app (None without a guide)."""
        if self.guide is None or not self.guide.alive:
            return None
        return self.guide.target_rect()

    def menu(self) -> None:
        open_menu(self.app, self.session)

    def on_escape(self) -> None:
        if self.guide is not None and self.guide.alive:
            self.guide.skip()
            return
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
        if key == pg.K_h:
            self.history()
            return True
        if key == pg.K_r:
            self.last_result()
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
            self.refresh()
            self.app.request_screenshot(f"turn-{self.view.turn:02d}-chosen")
            return True
        self.end_turn()
        return True
