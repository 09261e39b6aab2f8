"""The screens after a turn and at the end: what changed and why, and the debrief."""

from __future__ import annotations

from collections.abc import Sequence

from ..engine.views import Cause, Change, Scores, TurnResult
from ..scenario.models import Scenario
from ..wording import CAUSES_NOTE, news_heading, sureness
from . import words
from .causes import biggest, trust_stories
from .writer import Cell, Span, Writer


def _cause_text(cause: Cause) -> str:
    return f"{words.cause_words(cause)} {words.signed_points(cause.amount, 1)}"


def _change_text(w: Writer, change: Change) -> tuple[Cell, ...]:
    before = words.points(change.before)
    level = w.level(change.after, change.delta)
    return (f"{before} to ", *(level if isinstance(level, tuple) else (level,)))


def _money_causes(change: Change, currency: str) -> tuple[list[str], list[str]]:
    money_in, money_out = [], []
    for cause in change.causes:
        if round(cause.amount) == 0:
            continue
        text = f"{words.cause_words(cause)} {words.signed_money(cause.amount, currency)}"
        (money_in if cause.amount > 0 else money_out).append(text)
    return money_in, money_out


def show_result(
    w: Writer,
    result: TurnResult,
    currency: str,
    indicator_names: dict[str, str] | None = None,
    labels: Sequence[str] = (),
) -> None:
    """What happened this turn and why: events, trust with its causes, money, promises.

    ``labels`` are the scenario's calendar labels: events are dated by the turn they lead into."""
    w.heading(f"What happened in {result.label}")
    if result.events:
        w.heading(news_heading(labels, result.turn) if labels else "News", 2)
        for event in result.events:
            title = event.title.strip()
            joint = " " if title.endswith(("?", "!", ".", ":")) else ": "
            w.line(Span(title, "warn"), f"{joint}{event.text.strip()}", indent=1)
    else:
        w.line("No news this turn.", indent=1)

    w.heading("The people (0 to 100, change this turn)", 2)
    rows: list[list[Cell]] = [
        [
            group.name,
            _change_text(w, group.trust),
            w.level(group.wellbeing.after, group.wellbeing.delta),
            w.level(group.engagement.after, group.engagement.delta),
        ]
        for group in result.groups
    ]
    w.table(["group", "trust", "wellbeing", "engagement"], rows)
    w.heading("Why trust moved (biggest causes, in trust points)", 2)
    for group in result.groups:
        causes = biggest(group.trust.causes)
        why = "; ".join(_cause_text(c) for c in causes) if causes else "nothing in particular"
        w.line(Span(group.name, "strong"), f": {why}.", indent=1)
    learned = [g for g in result.groups if -g.uncertainty.delta >= 0.05]
    if learned:
        w.heading("What the city learned about what people want", 2)
        for group in learned:
            w.line(
                Span(group.name, "strong"),
                f": now the city {sureness(group.uncertainty.after)} (uncertainty "
                f"{words.points(group.uncertainty.before)} to "
                f"{words.points(group.uncertainty.after)}).",
                indent=1,
            )

    w.heading("Money", 2)
    reserve = result.reserve
    w.field(
        "Reserve",
        f"{words.money(reserve.before, currency)} to {words.money(reserve.after, currency)} "
        f"({words.signed_money(reserve.delta, currency)})",
        indent=1,
    )
    money_in, money_out = _money_causes(reserve, currency)
    w.field("Money in", "; ".join(money_in) if money_in else "nothing", indent=2)
    w.field("Money out", "; ".join(money_out) if money_out else "nothing", indent=2)
    w.field("Revenue expected next", f"{words.money(result.revenue.after, currency)}", indent=1)
    w.field("Economic resilience", *_change_text(w, result.resilience), indent=1)
    names = indicator_names or {}
    for key, change in result.indicators.items():
        if words.points(change.delta):
            w.field(names.get(key, key), *_change_text(w, change), indent=1)

    if result.promises_kept or result.promises_broken:
        w.heading("Promises", 2)
        for label in result.promises_kept:
            w.line(Span("Kept: ", "good"), label, indent=1)
        for label in result.promises_broken:
            w.line(
                Span("Broken: ", "bad"), label, " - the groups you promised lose trust.", indent=1
            )
    if result.terminated:
        w.blank()
        w.line(Span(words.end_reason_words(result.end_reason), "strong"))
    elif result.truncated:
        w.blank()
        w.line(Span("That was the last turn.", "strong"))


def show_debrief(w: Writer, scores: Scores, results: Sequence[TurnResult], currency: str) -> None:
    """Scores, objectives, the biggest causes of each group's trust change, debrief texts."""
    w.heading("Debrief: how your term went")
    w.line(words.end_reason_words(scores.end_reason), indent=1)
    w.heading("Scores (0 to 100, money in the city's currency)", 2)
    w.field("Mean trust, weighted by population", w.level(scores.trust_mean), indent=1)
    w.field("Lowest group's trust", w.level(scores.trust_min), indent=1)
    w.field(
        "Gap between the most and the least trusting group", w.level(scores.trust_gap), indent=1
    )
    w.field("Economic resilience", w.level(scores.resilience), indent=1)
    w.field("Reserve", words.money(scores.reserve, currency), indent=1)
    w.field("Mean engagement, weighted by population", w.level(scores.engagement), indent=1)

    if scores.objectives:
        met = sum(1 for o in scores.objectives if o.met)
        w.heading(f"Objectives: {met} of {len(scores.objectives)} met", 2)
        for objective in scores.objectives:
            w.line(w.check(objective.met), f": {objective.label}", indent=1)

    stories = trust_stories(results)
    if stories:
        w.heading("What moved each group's trust over the game (three biggest causes)", 2)
        w.line(CAUSES_NOTE, indent=1)
        for story in stories:
            w.line(
                Span(story.name, "strong"),
                f": trust {words.points(story.before)} to ",
                w.level(story.after, story.delta),
                indent=1,
            )
            path = [words.points(results[0].groups[story.index].trust.before)]
            path += [words.points(r.groups[story.index].trust.after) for r in results]
            w.line("Turn by turn: " + ", ".join(str(p) for p in path), indent=2)
            for rank, cause in enumerate(story.causes, 1):
                w.line(f"{rank}. {_cause_text(cause)}", indent=2)
            if story.totals:
                parts = [
                    f"{words.kind_total_words(kind)} {words.signed_points(amount, 1)}"
                    for kind, amount in story.totals
                ]
                w.line("All causes added up: " + "; ".join(parts) + ".", indent=2)

    if scores.debrief:
        w.heading("What this says", 2)
        for text in scores.debrief:
            w.line(f"- {text.strip()}", indent=1)


def show_sources(w: Writer, model: Scenario) -> None:
    """Where the scenario's facts come from, so students can read further."""
    w.heading("Where the facts come from", 2)
    for source in model.meta.sources:
        text = f"- {source.title}"
        if source.note:
            text += f": {source.note.strip()}"
        w.line(text, indent=1)
        if source.url:
            w.verbatim(source.url, indent=2)
