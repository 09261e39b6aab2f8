"""The screens after a turn and at the end: what happened (a summary first, the details on
request), the history of the game so far, and the debrief.

Every sentence is :func:`simcity_council.wording.result_sentences`' (the window shows the same):
the summary has the news, promises, the end of the game and a table of the people; the details
say for each group why its trust, wellbeing and engagement moved, then the money.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..engine.views import Change, Scores, TurnResult
from ..scenario.models import Scenario
from ..wording import (
    CAUSES_NOTE,
    STANCE_WORDS,
    Names,
    biggest_changes,
    decision_choice,
    end_words,
    event_sentence,
    gap_points,
    group_story,
    indicator_stories,
    kinds_total,
    level_sentence,
    money_why,
    news_heading,
    objective_words,
    promise_sentences,
    reserve_sentence,
    resilience_sentence,
    revenue_sentence,
    signed_tenths,
    summary_line,
    why,
)
from . import words
from .causes import trust_stories
from .writer import Cell, Part, Span, Style, Writer


def _change_text(w: Writer, change: Change) -> tuple[Part, ...]:
    before = words.points(change.before)
    level = w.level(change.after, change.delta)
    return (f"{before} to ", *(level if isinstance(level, tuple) else (level,)))


def show_result(
    w: Writer,
    result: TurnResult,
    currency: str,
    indicator_names: dict[str, str] | None = None,
    labels: Sequence[str] = (),
) -> None:
    """What happened this turn, in brief: news, promises, the people's numbers, money.

    ``labels`` are the scenario's calendar labels: events are dated by the turn they lead into."""
    w.heading(f"What happened in {result.label}")
    if result.events:
        w.heading(news_heading(labels, result.turn) if labels else "News", 2)
        for event in result.events:
            sentence = event_sentence(event.title, event.text)
            head = sentence[: len(sentence) - len(event.text.strip())]
            w.line(Span(head.strip(), "warn"), f" {event.text.strip()}", indent=1)
    else:
        w.line("No news this turn.", indent=1)
    for sentence in promise_sentences(result):
        style: Style = "good" if sentence.startswith("Promise kept") else "bad"
        w.line(Span(sentence, style), indent=1)
    if result.done:
        w.line(Span(end_words(result.end_reason), "strong"), indent=1)

    w.heading("The people (0 to 100, change this turn)", 2)
    w.line(Span(biggest_changes(result), "strong"), indent=1)
    if w.plain:
        for group in result.groups:
            w.line(f"{group.name}: {summary_line(group)}.", indent=1)
    else:
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
    w.line(reserve_sentence(result, currency), indent=1)
    w.line(resilience_sentence(result), indent=1)
    names = indicator_names or {}
    for key, change in result.indicators.items():
        if words.delta_points(change.delta):
            w.line(level_sentence(names.get(key, key), change), indent=1)


def show_details(
    w: Writer, result: TurnResult, currency: str, indicator_names: dict[str, str] | None = None
) -> None:
    """Why every number moved in a turn: each group's trust, wellbeing and engagement with
    their biggest causes, what the city learned, then the money and resilience."""
    news = " and the news after it" if result.events else ""  # events close the turn
    w.heading(f"Why the numbers moved in {result.label}{news} (0 to 100)", 2)
    for group in result.groups:
        story = group_story(group)
        w.line(Span(story.name, "strong"), indent=1)
        for sentence, reasons in story.lines:
            w.line(sentence, indent=2)
            for reason in reasons:
                w.line(reason.text, indent=3)
        if story.learned:
            w.line(story.learned, indent=2)
    w.heading("Money and resilience", 2)
    w.line(reserve_sentence(result, currency), indent=1)
    for line in money_why(result.reserve, currency):
        w.line(line, indent=2)
    w.line(revenue_sentence(result, currency), indent=1)
    for line in money_why(result.revenue, currency):
        w.line(line, indent=2)
    w.line(resilience_sentence(result), indent=1)
    for reason in why(result.resilience):
        w.line(reason.text, indent=2)
    for sentence, reasons in indicator_stories(result, indicator_names):
        w.line(sentence, indent=1)
        for reason in reasons:
            w.line(reason.text, indent=2)


def show_history(w: Writer, results: Sequence[TurnResult], history: Sequence[Any]) -> None:
    """The turns played so far: what was chosen, the news, and each group's trust after it.
    ``history`` are the views at the start of each turn (for the options' labels)."""
    w.heading("The turns so far", 2)
    if not results:
        w.line("No turn has been played yet.", indent=1)
        return
    for result, view in zip(results, history, strict=False):
        options = {(d.id, o.id): (d.title, o.label) for d in view.agenda for o in d.options}
        actions = {a.id: a.name for a in view.actions}
        chose = [
            decision_choice(*options[d, o])
            for d, o in result.choices.decisions.items()
            if (d, o) in options
        ]
        w.line(Span(f"Turn {result.turn}: {result.label}", "strong"), indent=1)
        w.line("You chose: " + ("; ".join(chose) if chose else "no decision"), indent=2)
        if result.choices.actions:
            listened = [actions.get(a, a) for a in result.choices.actions]
            w.line("You listened: " + words.join_names(listened), indent=2)
        if result.events:
            w.line(
                "News: " + "; ".join(e.title.strip().rstrip(".") for e in result.events), indent=2
            )
        trust = ", ".join(
            f"{g.name} {words.points(g.trust.after)}"
            f" ({words.signed_points(words.shown_change(g.trust.after, g.trust.delta))})"
            for g in result.groups
        )
        w.line(f"Trust after it: {trust}.", indent=2)
    w.line("Type details for why the numbers moved in the last turn.", indent=1)


def show_debrief(
    w: Writer,
    scores: Scores,
    results: Sequence[TurnResult],
    currency: str,
    model: Scenario | None = None,
    game: Any = None,
) -> None:
    """Scores, objectives (their tests in 0-100 words; those that do not apply say so), each
    decision taken with its stance and what it led to, what each group really needed against
    what the city believed, the other paths on the same luck (with ``game``), the biggest causes
    of each group's trust change, and the scenario's debrief texts."""
    w.heading("Debrief: how your term went")
    w.line(end_words(scores.end_reason), indent=1)
    w.heading("Scores (0 to 100, money in the city's currency)", 2)
    w.field("Mean resident trust, weighted by population", w.level(scores.trust_mean), indent=1)
    w.field("Lowest resident group's trust", w.level(scores.trust_min), indent=1)
    w.field(
        "Gap between the most and the least trusting resident group",
        str(gap_points(scores.trust_gap)),
        indent=1,
    )
    w.field(
        "Mean resident wellbeing, weighted by population", w.level(scores.wellbeing_mean), indent=1
    )
    w.field("Lowest resident group's wellbeing", w.level(scores.wellbeing_min), indent=1)
    w.field("Economic resilience", w.level(scores.resilience), indent=1)
    w.field("Reserve", words.money(scores.reserve, currency), indent=1)
    w.field("Mean engagement, weighted by population", w.level(scores.engagement), indent=1)

    if scores.objectives:
        counted = [o for o in scores.objectives if o.applies]
        met = sum(1 for o in counted if o.met)
        w.heading(f"Objectives: {met} of {len(counted)} met", 2)
        names = Names.of(model) if model is not None else None
        tests = {o.id: o.when for o in model.objectives} if model is not None else {}
        for objective in scores.objectives:
            label = objective.label
            if names is not None and objective.id in tests:
                label = objective_words(label, tests[objective.id], names)
            if objective.applies:
                w.line(w.check(objective.met), f": {label}", indent=1)
            else:
                w.line(Span("does not apply in this game", "muted"), f": {label}", indent=1)

    if game is not None and results:
        show_reveal(w, game, currency)
    elif model is not None and results:
        stances = {
            (d.id, o.id): (d.title, o.label, o.stance) for d in model.decisions for o in d.options
        }
        taken = [
            (r.label, *stances[d, o])
            for r in results
            for d, o in r.choices.decisions.items()
            if (d, o) in stances
        ]
        if taken:
            w.heading("Your decisions and their stance (hidden while you played)", 2)
            for label, title, option, stance in taken:
                w.line(
                    f"{label}: {title} - {option} ({STANCE_WORDS.get(stance, stance)})", indent=1
                )

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
                w.line(
                    f"{rank}. {words.cause_words(cause)} {signed_tenths(cause.amount)}", indent=2
                )
            if story.totals:
                w.line("All causes added up: " + kinds_total(story.totals) + ".", indent=2)

    if scores.debrief:
        w.heading("What this says", 2)
        for text in scores.debrief:
            w.line(f"- {text.strip()}", indent=1)


def show_reveal(w: Writer, game: Any, currency: str) -> None:
    """What the player could not see: each decision's stance and what it led to, each group's
    true needs against the city's belief, and the other paths on the same luck."""
    from .. import debrief_words as dw
    from ..engine.debrief import decision_stories, needs_revealed, other_paths

    model = game.compiled.model
    names = {g.id: g.name for g in model.groups}
    taken = [d for r in game.results for d in r.choices.decisions]
    rows = dw.decision_rows(decision_stories(game), names, taken)
    if rows:
        w.heading(dw.DECISIONS_HEADING, 2)
        w.line(Span(dw.DECISIONS_NOTE, "muted"), indent=1)
        for row in rows:
            w.line(Span(row.line, "strong"), indent=1)
            if row.effects:
                w.line("Trust: " + "; ".join(row.effects) + ".", indent=2)
            if row.later:
                w.line("It led to: " + "; ".join(row.later) + ".", indent=2)
    w.heading(dw.NEEDS_HEADING, 2)
    w.line(Span(dw.NEEDS_NOTE, "muted"), indent=1)
    kinds = {g.id: g.kind for g in model.groups}
    for group in needs_revealed(game):
        if not dw.worth_revealing(group, kinds[group.id] == "residents"):
            continue
        w.line(Span(group.name, "strong"), indent=1)
        for sentence in dw.needs_lines(group):
            w.line(sentence, indent=2)
    header, table = dw.path_rows(game.scores(), other_paths(game), currency)
    w.heading(dw.PATHS_HEADING, 2)
    w.line(Span(dw.PATHS_NOTE, "muted"), indent=1)
    w.table(header, table)


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
