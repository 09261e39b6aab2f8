"""A seeded monkey: thousands of random clicks, keys, text, wheel turns and resizes across the whole
game (picker, briefing, turns, results, debrief, menus, settings) must never raise."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from simcity_council.play_options import PlayOptions
from simcity_council.scenario import builtin_ids

from .pilot import Pilot
from .screens import finished_session, new_session

# Moving keys often, pressing keys (which change screens or rebuild them) now and then.
KEYS = (
    ["tab", "down", "up", "right", "left"] * 8
    + ["return", "space", "escape", "home", "end", "page up", "page down"]
    + ["e", "n", "p", "backspace", "delete", "1", "2", "3", "9"]
)
SIZES = [(1024, 640), (1024, 640), (1280, 720), (1366, 768), (1920, 1080)]
TOO_SMALL = [(800, 500), (640, 480), (1000, 400)]


class Monkey:
    def __init__(self, make_pilot, log_dir: Path, seed: int) -> None:
        self.make_pilot = make_pilot
        self.log_dir = log_dir
        self.rng = random.Random(seed)
        self.seed = seed
        self.visited: set[str] = set()
        self.starts = 0
        self.pilot: Pilot = self._start()
        self.history: list[str] = []

    def _start(self) -> Pilot:
        """A fresh window somewhere in the game: the picker, a briefing, a turn, the debrief."""
        self.starts += 1
        rng = self.rng
        pilot = self.make_pilot(rng.choice(SIZES))
        where = rng.choice(("title", "title", "briefing", "resume", "debrief"))
        scenario = rng.choice(builtin_ids())
        if where == "title":
            pilot.launch(PlayOptions(log_dir=self.log_dir, seed=self.seed, player="monkey"))
        elif where == "briefing":
            pilot.start(PlayOptions(scenario=scenario, log_dir=self.log_dir, seed=self.seed))
        elif where == "resume":
            session = new_session(scenario, self.log_dir, turns=rng.randint(1, 6), seed=self.seed)
            pilot.launch(PlayOptions(resume=session.log_path))
            if pilot.top.name == "briefing":
                pilot.click("#begin")
        else:
            from simcity_council.ui_pygame.debrief_screen import DebriefScreen

            session = finished_session(scenario, self.log_dir, seed=self.seed)
            pilot.launch(PlayOptions(log_dir=self.log_dir))
            pilot.app.replace(DebriefScreen(pilot.app, session))
            pilot.pump()
        return pilot

    def _post_one(self) -> str:
        """Post one random input to the queue (not yet handled); returns what it was."""
        p, rng, pg = self.pilot, self.rng, self.pilot.pg
        w, h = p.app.window.get_size()
        roll = rng.random()
        if roll < 0.12:
            pos = (rng.randrange(w), rng.randrange(h))
            button = rng.choice((1, 1, 1, 3))
            self._click(pos, button)
            return f"click {pos} b{button}"
        if roll < 0.15:
            elements = [
                (oid, e) for oid, e in p.top.elements.items() if e.visible and e.get_abs_rect().w
            ]
            if elements:
                oid, element = rng.choice(elements)
                pos = element.get_abs_rect().center
                self._click(pos, 1)
                return f"click {oid} at {pos}"
            return "nothing to click"
        if roll < 0.60:
            key = rng.choice(KEYS)
            mod = pg.KMOD_SHIFT if key == "tab" and rng.random() < 0.3 else 0
            code = pg.key.key_code(key)
            char = key if len(key) == 1 else ""
            p.post(pg.KEYDOWN, key=code, mod=mod, unicode=char, scancode=0)
            if char:
                p.post(pg.TEXTINPUT, text=char)
            p.post(pg.KEYUP, key=code, mod=mod, unicode=char, scancode=0)
            return f"key {key}{' +shift' if mod else ''}"
        if roll < 0.68:
            text = "".join(rng.choice("abc xyz-19é") for _ in range(rng.randint(1, 6)))
            for char in text:
                p.post(pg.TEXTINPUT, text=char)
            return f"text {text!r}"
        if roll < 0.82:
            pos = (rng.randrange(w), rng.randrange(h))
            dy = rng.choice((-3, -1, 1, 3))
            p.post(pg.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
            p.post(pg.MOUSEWHEEL, x=0, y=dy, precise_x=0.0, precise_y=float(dy), flipped=False)
            return f"wheel {dy} at {pos}"
        if roll < 0.994:
            pos = (rng.randrange(w), rng.randrange(h))
            p.post(pg.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0), touch=False)
            return f"move {pos}"
        size = rng.choice(TOO_SMALL) if rng.random() < 0.2 else rng.choice(SIZES)
        p.pump()  # resize between batches, as a window manager would
        if not p.app.running:
            return "quit before resizing"
        p.resize(*size)
        return f"resize {size}"

    def _click(self, pos: tuple[int, int], button: int) -> None:
        p, pg = self.pilot, self.pilot.pg
        p.post(pg.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
        p.post(pg.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
        p.post(pg.MOUSEBUTTONUP, pos=pos, button=button, touch=False)

    def run(self, steps: int, batch: int = 16) -> None:
        done = 0
        while done < steps:
            for _ in range(min(batch, steps - done)):
                self.history.append(self._post_one())
                done += 1
                if not self.pilot.app.running:
                    break
            try:
                self.pilot.pump(2)
            except Exception as error:
                recent = "\n  ".join(self.history[-12:])
                raise AssertionError(
                    f"seed {self.seed}, step {done}: {error!r}; last inputs:\n  {recent}"
                ) from error
            if self.pilot.app.top is not None:
                self.visited.add(self.pilot.app.top.name)
            if not self.pilot.app.running:
                self.pilot = self._start()


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_monkey_never_raises(make_pilot, log_dir: Path, seed: int) -> None:
    """5 seeds x 1,000 inputs = 5,000 random inputs across the game."""
    monkey = Monkey(make_pilot, log_dir, seed)
    monkey.run(1000)
    assert len(monkey.history) >= 1000
    assert len(monkey.visited) >= 2, monkey.visited
