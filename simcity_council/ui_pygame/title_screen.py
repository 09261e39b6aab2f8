"""Title and scenario picker: built-in and user scenarios, pseudonym, class code, settings, and
Continue for the unfinished games saved on this computer."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..class_code import code_of, seed_of
from ..errors import UsageError
from ..scenario.catalog import Entry, user_scenario_dir
from ..textsafe import more
from .flow import show_continue, show_settings
from .fmt import MAX_LINES, esc
from .layout import Column, flow
from .screen import Screen, oid_of

if TYPE_CHECKING:
    import pygame
    from pygame_gui.elements import UIScrollingContainer

    from .app import App
    from .saved_games import SavedGame


class TitleScreen(Screen):
    """Pick a scenario, type a pseudonym and (optionally) the class code, and start; or continue
    an unfinished game. With ``chosen`` (a scenario named on the command line) that scenario is
    selected and the pseudonym field has the keyboard: the pseudonym is always asked."""

    name = "title"

    def __init__(
        self,
        app: App,
        entries: list[Entry],
        *,
        player: str | None = None,
        seed: int | None = None,
        start: Callable[[Entry, str | None, int | None], None] | None = None,
        chosen: str | None = None,
        saved: list[SavedGame] | None = None,
        resume: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(app)
        self.entries = entries
        picked = [i for i, e in enumerate(entries) if chosen is not None and e.ref == chosen]
        self.selected = picked[0] if picked else next((i for i, e in enumerate(entries) if e.ok), 0)
        self.chosen = bool(picked)
        self.player = player or ""
        self.seed_text = "" if seed is None else code_of(seed)
        self.start_callback = start
        self.saved = saved or []  # unfinished games
        self.resume_callback = resume
        self.message = ""

    def on_enter(self) -> None:
        self.app.request_screenshot("title")

    def build(self, width: int, height: int) -> None:
        u = self.app.unit
        m = 3 * u
        col = Column(self, self.root, m, m, width - 2 * m)
        col.text("SimCity Council", "#title", "@title")
        col.text(
            esc(
                "A game about listening, trust and resilience in city government. "
                "There is no timer: take the time you need."
            ),
            "#subtitle",
        )
        col.gap(1.5)
        top = col.y
        left_w = max(260, int((width - 3 * m) * 0.34))
        right_x = m + left_w + m
        right_w = width - right_x - m

        # Left: the list of scenarios.
        head = Column(self, self.root, m, top, left_w)
        head.heading("Choose a scenario", "#pick_heading")
        list_view = self.scroll((m, head.y + u, left_w, height - head.y - u - m), "#scenarios")
        lst = Column(self, list_view, 0, 0, self.scroll_width(list_view))
        for i, entry in enumerate(self.entries):
            label = self._entry_label(i, entry)
            lst.button(
                label,
                f"#scenario_{i}",
                partial(self.select, i),
                cls="@selected" if i == self.selected else None,
                width=lst.width,
                tooltip=esc(entry.ref),
            )
            lst.gap(0.5)
        if not self.entries:
            lst.text("No scenarios found.", "#no_scenarios")
        lst.gap()
        lst.text(esc(f"Add your own .yaml scenarios to {user_scenario_dir()}"), "#user_dir_hint")
        self.fit_scroll(list_view, lst.height())

        # Right bottom: the form. Lay it out first to know its height.
        bh = self.app.button_height
        labels = [("Your pseudonym", 220), ("Class code (optional)", 140)]
        lw = max(self.app.text_width(text) for text, _ in labels) + u  # fields line up
        form_items = [lw + u + entry_w for _, entry_w in labels]
        buttons = [
            ("Settings", "#settings", self.open_settings, None),
            ("Quit", "#quit", self.quit, None),
            (f"Continue a game ({len(self.saved)})", "#continue", self.open_continue, None),
            ("Start the game", "#start", self.start, "@primary"),
        ]
        widths = form_items + [self.button_width(t, bold=c is not None) for t, *_, c in buttons]
        places = flow(widths, right_x, right_w, 2 * u)
        rows = max(r for _, r in places) + 1
        row_h = bh + u
        form_top = height - m - rows * row_h
        detail_view = self.scroll(
            (right_x, top, right_w, form_top - top - u), "#details", focusable=True
        )
        self._build_details(detail_view)
        for (text, entry_w), (x, row), oid, value in zip(
            labels, places[:2], ("#player", "#seed"), (self.player, self.seed_text), strict=True
        ):
            y = form_top + row * row_h
            self.text(
                esc(text),
                (
                    x,
                    y + (bh - self.app.font(self.app.look.font_size).get_linesize()) // 2 - 4,
                    lw + u,
                    -1,
                ),
                oid + "_label",
            )
            tip = (
                "A pseudonym for your session log, e.g. student-12 (never your real name). "
                "Left empty, one is made up."
                if oid == "#player"
                else "The code your teacher gives (e.g. K7M-2QX): the whole class meets the same "
                "events. Leave empty for fresh luck; the game shows its code."
            )
            self.entry((x + lw + u, y, entry_w, bh), oid, value, tooltip=tip)
        tips = {
            "#continue": "Continue an unfinished game saved on this computer",
            "#start": "Start the scenario chosen on the left (Enter in a field does too)",
        }
        for (text, oid, action, cls), (x, row) in zip(buttons, places[2:], strict=True):
            y = form_top + row * row_h
            enabled = oid != "#start" or (bool(self.entries) and self.entries[self.selected].ok)
            if oid == "#continue":
                enabled = bool(self.saved)
            self.button(
                text,
                (x, y, self.button_width(text, bold=cls is not None), bh),
                oid,
                action,
                cls=cls,
                enabled=enabled,
                tooltip=tips.get(oid, "Keyboard: Tab moves, Enter presses, 1-9 picks a scenario."),
            )
        # Keyboard order: scenarios, player, code, start, continue, settings, quit.
        order = ["#player", "#seed", "#start", "#continue", "#settings", "#quit"]
        scen = [e for e in self.focusables if e not in [self.elements[o] for o in order]]
        self.focusables[:] = scen + [self.elements[o] for o in order]
        if self.focus_index < 0 and self.chosen:
            self.focus_by_id("#player")  # a scenario was named: the pseudonym is asked first

    def _entry_label(self, index: int, entry: Entry) -> str:
        if entry.ok:
            meta = entry.loaded.model.meta
            label = f"{index + 1}.  {meta.city.split(',')[0]} ({meta.period})"
        else:
            label = f"{index + 1}.  {entry.title} - has problems"
        while self.app.text_width(label) > self._list_text_width() and len(label) > 8:
            label = label[: len(label) - 4].rstrip() + "..."
        return label

    def _list_text_width(self) -> int:
        w, _ = self.app.layout_size()
        return (
            max(260, int((w - 9 * self.app.unit) * 0.34))
            - self.app.scrollbar_width
            - 3 * self.app.unit
        )

    def _build_details(self, view: UIScrollingContainer) -> None:
        col = Column(self, view, 0, 0, self.scroll_width(view))
        if not self.entries:
            col.text("No scenario to show.", "#detail_none")
            self.fit_scroll(view, col.height())
            return
        entry = self.entries[self.selected]
        if not entry.ok:
            col.heading(f"{entry.title} cannot be played", "#detail_title")
            col.text(
                "It failed validation. Fix these problems in the file and restart:",
                "#detail_error_intro",
            )
            col.gap(0.5)
            problems = more([str(p) for p in entry.problems], MAX_LINES)  # thousands: a few
            col.text("<br>".join(f"• {esc(p)}" for p in problems), "#detail_errors", "@error")
            self.fit_scroll(view, col.height())
            return
        meta = entry.loaded.model.meta
        turns = entry.loaded.model.turns
        if self.message:  # first, where it is seen (the details below scroll)
            col.text(esc(self.message), "#detail_message", "@error")
            col.gap(0.5)
        col.heading(meta.title, "#detail_title")
        col.text(
            f"<b>{esc(meta.city)}</b>, {esc(meta.period)} - {turns.count} turns "
            f"(about {turns.count * 4}-{turns.count * 6} minutes)",
            "#detail_meta",
        )
        col.gap(0.5)
        col.text(esc(meta.summary), "#detail_summary")
        col.gap(0.5)
        col.text(
            "<b>What you will learn</b><br>"
            + "<br>".join(f"- {esc(o)}" for o in meta.learning_objectives),
            "#detail_objectives",
            "@card",
        )
        if meta.sources:
            col.gap(0.5)
            col.text(
                "<i>Based on:</i> " + "; ".join(esc(s.title) for s in meta.sources),
                "#detail_sources",
            )
        self.fit_scroll(view, col.height())

    # ---- actions ----------------------------------------------------------------------------
    def _read_form(self) -> None:
        from pygame_gui.elements import UITextEntryLine

        if "#player" in self.elements:
            self.player = self.element_as("#player", UITextEntryLine).get_text().strip()
            self.seed_text = self.element_as("#seed", UITextEntryLine).get_text().strip()

    def select(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            self._read_form()
            self.selected = index
            self.message = ""
            self.rebuild()
            self.focus_by_id(f"#scenario_{index}")

    def start(self) -> None:
        from ..session.privacy import pseudonym_problem

        self._read_form()
        entry = self.entries[self.selected]
        problem = pseudonym_problem(self.player) if self.player else None
        if problem:
            self.message = f"That pseudonym cannot be used: {problem}."
            self.rebuild()
            self.focus_by_id("#player")
            return
        seed: int | None = None
        if self.seed_text:
            try:
                seed = seed_of(self.seed_text)
            except UsageError as error:
                self.message = f"{str(error)[:1].upper()}{str(error)[1:]}."
                self.rebuild()
                self.focus_by_id("#seed")
                return
        if self.start_callback is not None and entry.ok:
            self.start_callback(entry, self.player or None, seed)

    def show_message(self, text: str) -> None:
        self.message = text
        self.rebuild()

    def open_continue(self) -> None:
        self._read_form()
        if self.saved and self.resume_callback is not None:
            show_continue(self.app, self.saved, self.resume_callback)

    def open_settings(self) -> None:
        self._read_form()
        show_settings(self.app)

    def quit(self) -> None:
        self.app.quit(0)

    def on_escape(self) -> None:
        self.quit()

    def handle_event(self, event: pygame.event.Event) -> None:
        import pygame_gui

        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and oid_of(event.ui_element) in (
            "#player",
            "#seed",
        ):
            self.start()  # Enter in the form starts the game, as in any form
            return
        pg = self.app.pygame
        focused = self.focused_id() or ""
        if (
            event.type == pg.KEYDOWN
            and event.key in (pg.K_UP, pg.K_DOWN)
            and focused.startswith("#scenario_")
        ):
            # The list behaves like a list: arrows choose the scenario whose details show.
            step = 1 if event.key == pg.K_DOWN else -1
            index = int(focused.removeprefix("#scenario_")) + step
            if 0 <= index < len(self.entries):
                self.select(index)
                return
        super().handle_event(event)

    def on_key(self, key: int, mod: int) -> bool:
        pg = self.app.pygame
        if pg.K_1 <= key <= pg.K_9:
            self.select(key - pg.K_1)
            return True
        return False

    def auto_step(self) -> bool:
        if not self.entries or not self.entries[self.selected].ok:
            return False
        self.start()
        return True
