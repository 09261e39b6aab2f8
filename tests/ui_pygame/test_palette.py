"""Chart lines stay apart: a case with up to ten groups never draws two in one colour."""

from __future__ import annotations

import pytest

from simcity_council.ui_pygame.palette import make_palette


@pytest.mark.parametrize(
    ("high_contrast", "colour_blind"), [(False, True), (False, False), (True, False)]
)
def test_the_first_ten_lines_differ_in_colour_and_every_line_in_colour_or_dash(
    high_contrast: bool, colour_blind: bool
) -> None:
    palette = make_palette(high_contrast, colour_blind)
    styles = [palette.style(i) for i in range(90)]
    assert len({s.colour for s in styles[:10]}) == 10
    assert len({(s.colour, s.dash) for s in styles}) == 90
