"""Plain-words explanations for tooltips: what a number is, what moves it, and what moved it.

The words about what moves a number paraphrase the model (DESIGN.md 3.3); the amounts come from the
engine's ``TurnResult`` causes, chosen and worded by :mod:`simcity_council.wording` (the same rule
as the terminal's).
"""

from __future__ import annotations

from .. import wording
from ..engine.views import Cause, Change
from ..wording import ONLY_SMALL_CAUSES, REST_OF_CHANGE, WhyLine, cause_parts, money_why, why
from .fmt import change_between, esc, money, signed_money

TRUST = (
    "Trust (0-100): how much this group believes city hall acts in its interest. It rises when "
    "they are heard on the decisions that concern them, when spending reaches what they really "
    "need, and with openness. Being heard softens a loss but does not replace results; trust is "
    "lost faster than it is gained."
)
WELLBEING = (
    "Wellbeing (0-100): how well this group is doing. It follows spending that reaches their real "
    "needs, falls when services they use are cut, and falls with shocks (harder for vulnerable "
    "groups and a less resilient city)."
)
ENGAGEMENT = (
    "Engagement (0-100): how much this group takes part in civic life. It moves toward how much "
    "they are heard: their own voice, or the consultation and outreach you give them."
)
RESERVE = (
    "Reserve: the city's savings. Costs of options and actions come out of it; revenue comes in "
    "each turn. Below the floor the state takes over (receivership) and the game ends."
)
RESERVE_AFTER = (
    "Once you choose, the tile says where your choices leave the reserve at the end of the "
    "turn: running every service, costs and budget changes included, before any news."
)
REVENUE = (
    "Revenue expected next turn. It depends on the city's economic resilience and on residents' "
    "wellbeing."
)
RESILIENCE = (
    "Economic resilience (0-100): how well the city absorbs shocks. It rises with spending that "
    "reaches vulnerable groups' real needs and with broad engagement, and slowly drifts back "
    "toward its starting level."
)
CAPACITY = (
    "Staff capacity: action points this turn. Options and listening actions use it; it refills "
    "every turn."
)
SHARE = (
    "Share of the city's residents. The average trust and engagement scores weigh each group by "
    "it. Groups outside the shares (staff and organised groups, who are also residents) do not "
    "enter the averages, but the lowest group's trust counts every group."
)
UNCERTAINTY = (
    "What the city believes this group wants, and how sure it is. Listening actions aimed at "
    "the group make the belief more accurate; outcomes are judged on what they really want."
)


def why_html(line: WhyLine) -> str:
    """One line of why a number changed, as HTML: "+2  <i>your decision:</i> Hearings" (the
    words are :func:`wording.why`'s, as in the terminal)."""
    if line.kind:
        return f"{signed_points(line.points)}  <i>{esc(line.kind)}:</i> {esc(line.label)}"
    if line.label in (REST_OF_CHANGE, ONLY_SMALL_CAUSES):
        return f"{signed_points(line.points)}  <i>{esc(line.label)}</i>"
    return f"{signed_points(line.points)}  {esc(line.label)}"


def signed_points(amount: int) -> str:
    return wording.signed(amount, "±0")


def cause_words(cause: Cause) -> str:
    """A cause as HTML, saying what kind of thing it was: "<i>your decision:</i> Hearings"
    (the words are wording.cause_parts', as in the terminal)."""
    kind, label = cause_parts(cause)
    return f"<i>{esc(kind)}:</i> {esc(label)}" if kind else esc(label)


def causes_people(change: Change, limit: int = 3) -> str:
    """Why a 0-100 quantity changed, as HTML lines ("+3  <i>your decision:</i> Hearings"); the
    lines add up to the change shown ("50 to 52"), the rest of it said as such."""
    return "<br>".join(why_html(line) for line in why(change, limit))


def causes_money(change: Change, currency: str, limit: int = 5) -> str:
    """Why an amount of money changed, as HTML lines."""
    return "<br>".join(esc(line) for line in money_why(change, currency, limit))


def with_causes(base: str, change: Change | None, currency: str | None = None) -> str:
    """A tooltip: the explanation, then last turn's change and its main causes."""
    text = esc(base)
    if change is None:
        return text
    if currency is None:
        detail = causes_people(change)
        head = (
            f"Last turn: {change_between(change.before, change.after, '±0')} "
            f"({people_range(change)})"
        )
    else:
        detail = causes_money(change, currency)
        head = (
            f"Last turn: {signed_money(change.delta, currency)} "
            f"({money(change.before, currency)} to {money(change.after, currency)})"
        )
    return f"{text}<br><br><b>{head}</b>" + (f"<br>{detail}" if detail else "")


def people_range(change: Change) -> str:
    return f"{change.before * 100:.0f} to {change.after * 100:.0f}"
