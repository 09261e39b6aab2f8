"""Reading load: how many words of the scenario a student reads in one game.

Counted from what the game shows of the scenario itself, for the games a policy played: the
briefing (title, role, summary, learning objectives, each group's name and description, the
objectives), each decision that came up (title, prompt, every option's label and description),
the notes of the chosen options' effects, each event that fired (title and text), each turn's
label, and the debrief texts and reflection questions that apply at the end. The front ends' own
words (headings, numbers, help) come on top; docs/playing.md says what they add.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compile import CompiledScenario
from .playtest import Played

#: The most a student should read in a game (scenario text and the front end's own words
#: together): a 40-60 minute class slot (issue 12).
READING_LIMIT = 8000


def words(*texts: str | None) -> int:
    """Words in ``texts`` (None counts nothing)."""
    return sum(len(t.split()) for t in texts if t)


def briefing_words(c: CompiledScenario) -> int:
    """Words of what every game shows once: the briefing and the objectives."""
    m = c.model
    meta = m.meta
    total = words(meta.title, meta.role, meta.summary, *meta.learning_objectives)
    total += sum(words(g.name, g.description) for g in m.groups)
    total += sum(words(o.label) for o in m.objectives)
    total += sum(words(label) for label in m.turns.labels)
    return total


def words_read(c: CompiledScenario, played: Played) -> np.ndarray:
    """(games,) words of the scenario each game of ``played`` showed."""
    m = c.model
    chosen = played.chosen
    total = np.full(chosen.shape[0], briefing_words(c), np.int64)
    for k, d in enumerate(m.decisions):
        came_up = chosen[:, k] >= 0
        shown = words(d.title, d.prompt) + sum(words(o.label, o.description) for o in d.options)
        total += came_up * shown
        for j, o in enumerate(d.options):
            notes = words(*(e.note for e in o.effects))
            if notes:
                total += (chosen[:, k] == j) * notes
    for e, event in enumerate(m.events):
        total += played.fired[:, e] * words(event.title, event.text)
    for i, item in enumerate(m.debrief):
        total += played.scores.debrief[:, i] * words(item.text)
    for i, question in enumerate(m.reflection):
        text = question if isinstance(question, str) else question.text
        total += played.scores.reflection[:, i] * words(text)
    return total


def reading_summary(c: CompiledScenario, played: Played) -> dict[str, float]:
    """Mean, 90th percentile and largest words read per game, and the limit."""
    read = words_read(c, played)
    return {
        "mean": float(read.mean()),
        "p90": float(np.quantile(read, 0.9)),
        "max": float(read.max()),
        "limit": READING_LIMIT,
    }
