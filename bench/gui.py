"""Game window benchmarks (DESIGN.md §7): start to first frame, frame times, idle CPU.

    python bench/gui.py [--json] [--seconds-idle 5] [--frames 300]
    xvfb-run -s "-screen 0 1920x1080x24" python bench/gui.py     # under a real X server

Uses whatever SDL video driver is present (``dummy`` when neither DISPLAY nor SDL_VIDEODRIVER is
set). Measures:

- start to first frame: a fresh process imports the package, opens the window, builds the
  scenario picker and flips the first frame; timed from just before the process is spawned.
- frame time p50/p95 at 1280x720 on a turn screen while the mouse moves over it (each frame is
  one pass of the app loop: events, update, draw, flip), and while the window is being resized.
- click to updated screen at 1280x720: a mouse click on an option's "Choose" button or a listening
  action's "Add" button, timed from posting the click to the end of the loop pass that handled the
  button press and drew the screen; also how far the clicked button moved (it must not move).
- idle CPU: process CPU time over wall time while the window sits on the turn screen with no
  input, after the short redraw period that follows the last input.

Targets: frame p95 <= 16 ms at 1280x720; click p95 <= 16 ms; idle CPU <= 5 %; start to first
frame <= 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {
    "frame_p95_ms": 16.0,
    "click_p95_ms": 16.0,
    "idle_cpu_percent": 5.0,
    "start_to_first_frame_s": 1.5,
}

_CHILD = """
import os, sys, time
from simcity_council.play_options import PlayOptions
from simcity_council.ui_pygame._launch import make_app, prepare_game
app = make_app((1280, 720))
prepare_game(app, PlayOptions(log_dir=sys.argv[1]))
app.pump(wait=False)
print(time.time(), app.frames, app.pygame.display.get_driver())
"""


def _driver_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    return env


def start_to_first_frame(log_dir: Path, runs: int) -> tuple[float, str]:
    """Best of ``runs``: seconds from spawning a process to its first flipped frame."""
    best = float("inf")
    driver = "?"
    for _ in range(runs):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(log_dir)],
            env=_driver_env(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        flipped, frames, driver = float(out[0]), int(out[1]), out[2]
        if frames < 1:
            raise SystemExit("the child process drew no frame")
        best = min(best, flipped - started)
    return best, driver


def _percentiles(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    return {
        "p50": round(statistics.median(ms), 2),
        "p95": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 2),
        "max": round(ms[-1], 2),
        "frames": len(ms),
    }


def _click_targets(screen: object) -> list[str]:
    """Object ids of the turn screen's enabled option and action buttons, in screen order."""
    return [
        oid
        for oid, element in screen.elements.items()  # type: ignore[attr-defined]
        if (oid.startswith("#opt-") or oid.startswith("#action-"))
        and not oid.endswith("-facts")
        and element.is_enabled
    ]


def clicks(app: object, count: int) -> tuple[list[float], list[float], int]:
    """``count`` mouse clicks on the turn screen's option and action buttons (in turn): the
    seconds from posting each click to the end of the pass that handled it (wall clock, and the
    CPU time of this process: the game's own work, without the display server's copy of the
    frame or other processes on a busy machine), and the largest distance in px a clicked button
    moved on the screen."""
    import pygame_gui

    pg = app.pygame  # type: ignore[attr-defined]
    handled: list[object] = []
    dispatch = app.dispatch  # type: ignore[attr-defined]

    def recording(event: object) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:  # type: ignore[attr-defined]
            handled.append(event)
        dispatch(event)

    app.dispatch = recording  # type: ignore[attr-defined]
    times: list[float] = []
    cpu: list[float] = []
    moved = 0
    for i in range(count):
        screen = app.top  # type: ignore[attr-defined]
        targets = _click_targets(screen)
        oid = targets[i % len(targets)]
        element = screen.elements[oid]
        screen.scroll_into_view(element)
        for _ in range(3):
            app.pump(wait=False)  # type: ignore[attr-defined]
        element = screen.elements[oid]
        before = element.get_abs_rect().copy()
        view = screen.scroll_views.get(id(element))
        seen = before.clip(view.get_abs_rect()) if view is not None else before
        pos = seen.center
        handled.clear()
        start_cpu = time.process_time()
        start = time.perf_counter()
        pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        for _ in range(10):
            app.pump(wait=False)  # type: ignore[attr-defined]
            if handled and not pg.event.peek():
                break
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if not handled:
            raise SystemExit(f"clicking {oid} at {pos} did not press it")
        after = screen.elements[oid].get_abs_rect() if app.top is screen else before
        moved = max(moved, abs(after.x - before.x) + abs(after.y - before.y))
    app.dispatch = dispatch  # type: ignore[attr-defined]
    return times, cpu, moved


def in_process(
    log_dir: Path, frames: int, idle_seconds: float, click_count: int = 60
) -> dict[str, object]:
    os.environ.update(_driver_env())
    from simcity_council.play_options import PlayOptions
    from simcity_council.ui_pygame import app as app_module
    from simcity_council.ui_pygame._launch import make_app, prepare_game

    app = make_app((1280, 720))
    app.first_turn_guide = False  # measure the turn screen itself, not the first-turn guide
    pg = app.pygame
    prepare_game(app, PlayOptions(scenario="vallejo", seed=1, log_dir=log_dir, player="bench"))
    app.pump(wait=False)
    app.top.start()  # the title screen has the scenario chosen: "Start the game"
    app.pump(wait=False)
    app.top.begin()  # the briefing's "Begin turn 1": now on the turn screen
    app.pump(wait=False)
    assert app.top.name == "turn"  # noqa: S101 - a benchmark, not a check of the game
    rng = random.Random(1)

    def frame(events: list[object]) -> float:
        for event in events:
            pg.event.post(event)
        start = time.perf_counter()
        app.pump(wait=False)
        return time.perf_counter() - start

    # Hovering: the mouse moves across the cards and buttons, one motion event per frame.
    hover = []
    for _ in range(frames):
        pos = (rng.randrange(1280), rng.randrange(720))
        motion = pg.event.Event(pg.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0), touch=False)
        hover.append(frame([motion]))

    # Clicking: options chosen and actions added, each click timed until the screen shows it.
    click_times, click_cpu, click_moved = clicks(app, click_count)

    # Resizing: a corner dragged a few pixels per frame (SDL sends two events per step).
    resize = []
    for i in range(min(frames, 120)):
        w, h = 1280 + 8 * (i % 20), 720 + 5 * (i % 20)
        app.os_window.size = (w, h)
        resize.append(
            frame(
                [
                    pg.event.Event(pg.VIDEORESIZE, size=(w, h), w=w, h=h),
                    pg.event.Event(pg.WINDOWSIZECHANGED, x=w, y=h),
                ]
            )
        )
    app.os_window.size = (1280, 720)
    resize.append(frame([pg.event.Event(pg.VIDEORESIZE, size=(1280, 720), w=1280, h=720)]))
    # When the edge rests the screen is laid out again at the new size: one slow frame.
    started = time.perf_counter()
    while app._relayout_at is not None:
        app.pump()
    relayout_s = time.perf_counter() - started - app_module.RELAYOUT_SECONDS

    # Idle: first let the redraw period after the last input run out, then measure.
    settle_until = time.monotonic() + app_module.ACTIVE_SECONDS + 0.2
    while time.monotonic() < settle_until:
        app.pump()
    frames_before = app.frames
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall0 < idle_seconds:
        app.pump()
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    idle_frames = app.frames - frames_before
    driver = pg.display.get_driver()
    pg.display.quit()
    return {
        "driver": driver,
        "hover_ms": _percentiles(hover),
        "resize_ms": _percentiles(resize),
        "click_ms": _percentiles(click_times),
        "click_cpu_ms": _percentiles(click_cpu),
        "click_moved_px": click_moved,
        "relayout_ms": round(relayout_s * 1000, 1),
        "relayout_delay_s": app_module.RELAYOUT_SECONDS,
        "idle_cpu_percent": round(100 * cpu / wall, 2),
        "idle_seconds": round(wall, 2),
        "idle_frames_drawn": idle_frames,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300, help="frames measured while hovering")
    parser.add_argument("--clicks", type=int, default=60, help="clicks measured on the turn")
    parser.add_argument("--seconds-idle", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3, help="start-up runs (best is reported)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        first, child_driver = start_to_first_frame(Path(tmp), args.runs)
        figures = in_process(Path(tmp), args.frames, args.seconds_idle, args.clicks)
    out = {
        "driver": figures["driver"],
        "start_to_first_frame_s": round(first, 3),
        "start_driver": child_driver,
        "hover_ms": figures["hover_ms"],
        "resize_ms": figures["resize_ms"],
        "click_ms": figures["click_ms"],
        "click_cpu_ms": figures["click_cpu_ms"],
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "click_moved_px": figures["click_moved_px"],
        "relayout_ms": figures["relayout_ms"],
        "relayout_delay_s": figures["relayout_delay_s"],
        "idle_cpu_percent": figures["idle_cpu_percent"],
        "idle_frames_drawn": figures["idle_frames_drawn"],
        "idle_seconds": figures["idle_seconds"],
        "targets": TARGETS,
    }
    if args.json:
        print(json.dumps(out))
        return 0
    hover, resize = out["hover_ms"], out["resize_ms"]
    print(f"video driver:            {out['driver']}")
    print(
        f"start to first frame:    {out['start_to_first_frame_s']:.2f} s"
        f"   (target <= {TARGETS['start_to_first_frame_s']} s)"
    )
    print(
        f"frame, mouse moving:     p50 {hover['p50']:.1f} ms, p95 {hover['p95']:.1f} ms"
        f"   (target p95 <= {TARGETS['frame_p95_ms']:.0f} ms; {hover['frames']} frames)"
    )
    print(
        f"frame, resizing:         p50 {resize['p50']:.1f} ms, p95 {resize['p95']:.1f} ms"
        f"   ({resize['frames']} frames; then one layout at the new size when the edge "
        f"rests {out['relayout_delay_s']} s: {out['relayout_ms']:.0f} ms)"
    )
    click, click_cpu = out["click_ms"], out["click_cpu_ms"]
    print(
        f"click to updated screen: p50 {click['p50']:.1f} ms, p95 {click['p95']:.1f} ms"
        f"   (target p95 <= {TARGETS['click_p95_ms']:.0f} ms; {click['frames']} clicks; the "
        f"clicked button moved at most {out['click_moved_px']} px)"
    )
    print(
        f"  of which this process: p50 {click_cpu['p50']:.1f} ms, p95 {click_cpu['p95']:.1f} ms"
        f" CPU   (the rest: the display server, other processes; load average "
        f"{out['load_average']})"
    )
    print(
        f"idle CPU:                {out['idle_cpu_percent']:.1f} %"
        f"   (target <= {TARGETS['idle_cpu_percent']:.0f} %; {out['idle_frames_drawn']} frames "
        f"drawn in {out['idle_seconds']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
