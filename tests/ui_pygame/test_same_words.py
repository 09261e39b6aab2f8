"""The window and the terminal say the same sentences for the same turn result (every sentence
of wording.result_sentences: news, promises, the end, each group's numbers and their causes,
money and resilience)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from simcity_council.ui_pygame.result_screen import ResultScreen
from simcity_council.ui_terminal.summary import show_details, show_result
from simcity_council.ui_terminal.writer import PlainWriter
from simcity_council.wording import result_sentences

from .pilot import Pilot
from .screens import new_session


def _window_lines(pilot: Pilot) -> set[str]:
    """Every line of text on the screen, without markup, spaces made single."""
    lines = set()
    for element in pilot.top.elements.values():
        text = getattr(element, "html_text", None)
        if not text:
            continue
        for part in re.split(r"<br\s*/?>", text):
            plain = html.unescape(re.sub(r"<[^>]+>", "", part))
            lines.add(" ".join(plain.split()))
    return lines


def _terminal_lines(result, currency: str, labels, names) -> set[str]:
    out = io.StringIO()
    writer = PlainWriter(out)
    show_result(writer, result, currency, names, labels=labels)
    show_details(writer, result, currency, names)
    return {" ".join(line.split()) for line in out.getvalue().splitlines()}


@pytest.mark.parametrize(
    ("scenario", "turns"), [("vallejo", 1), ("vallejo", 6), ("portland", 7), ("minneapolis", 6)]
)
def test_both_front_ends_print_the_same_sentences(
    pilot: Pilot, log_dir: Path, scenario: str, turns: int
) -> None:
    session = new_session(scenario, log_dir, turns=turns, seed=4)
    result = session.results[-1]
    currency = session.view().city.currency
    labels = session.model.turns.labels
    names = {x.id: x.name for x in session.model.indicators}
    said = result_sentences(result, currency, labels, names)
    sentences = [" ".join(s.split()) for s in said]
    assert len(sentences) > 3 * len(result.groups)
    if (scenario, turns) == ("vallejo", 6):  # an indicator moved, and both say why
        assert any(s.startswith("Share of approved PB projects delivered 0 to") for s in said)
        assert any("your decision: Approve" in s for s in said)

    pilot.app.push(ResultScreen(pilot.app, session, result))
    pilot.pump()
    window = _window_lines(pilot)
    terminal = _terminal_lines(result, currency, labels, names)

    assert [s for s in sentences if s not in window] == []
    assert [s for s in sentences if s not in terminal] == []
