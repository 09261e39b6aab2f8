"""Words shared by the window and the terminal."""

from __future__ import annotations

import pytest

from simcity_council.wording import sureness


@pytest.mark.parametrize(
    ("uncertainty", "expected"),
    [
        (1.0, "has no idea"),
        (0.8, "has no idea"),
        (0.7, "is unsure"),
        (0.4, "is fairly sure"),
        (0.3, "is fairly sure"),
        (0.1, "is sure"),
        (0.0, "is sure"),
    ],
)
def test_sureness(uncertainty: float, expected: str) -> None:
    assert sureness(uncertainty) == expected
