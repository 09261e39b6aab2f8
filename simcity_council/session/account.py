"""A readable, turn-by-turn account of a session log (``simcity-council replay LOG``)."""

from __future__ import annotations

from ..wording import gap_points, points, shown_change
from .labels import Labels
from .logformat import SessionLog


def _pct(value: float) -> str:
    """A level as the student saw it in the game (rounded down: :func:`wording.points`)."""
    return str(points(value))


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _who(played_by: str, policy: str | None) -> str:
    return "a person" if played_by == "person" else f"policy {policy}"


def account(log: SessionLog, labels: Labels) -> str:
    """The whole session in words: who played what, each turn's choices and results, the end."""
    h = log.header
    names = {g.id: g.name for g in h.groups}
    out = [
        f"{log.path}",
        f"  {h.scenario_title} ({h.scenario_id}), played by {h.player} on {h.started} "
        f"({h.frontend}), seed {h.seed}",
        f"  section {h.section or '-'}, consent {h.consent}, played by "
        + _who(h.played_by, h.policy),
    ]
    previous = h.initial.by_group.get("trust", {})
    resumed = {r.after_turn: r for r in log.resumes}
    stopped = {s.after_turn: s for s in log.suspends}
    for t in log.turns:
        if t.turn - 1 in stopped:
            out.append(f"(stopped after turn {t.turn - 1} at {stopped[t.turn - 1].time})")
        if t.turn - 1 in resumed:
            r = resumed[t.turn - 1]
            out.append(
                f"(resumed at {r.time} in the {r.frontend} front end, played by "
                f"{_who(r.played_by, r.policy)})"
            )
        who = "" if t.played_by == "person" else f" - played by policy {t.policy}"
        out.append(f"Turn {t.turn}: {t.label}{who}")
        for decision, option in t.choices.items():
            stance = t.stances.get(decision, "")
            out.append(
                f"  decided: {labels.decision(decision)} -> {labels.option(decision, option)}"
                + (f" [{stance}]" if stance else "")
            )
        if t.actions:
            out.append(f"  actions: {', '.join(labels.action(a) for a in t.actions)}")
        if t.events:
            out.append(f"  events: {', '.join(labels.event(e) for e in t.events)}")
        parts = []
        for group, value in t.trust.items():
            change = shown_change(previous.get(group, value), value)
            parts.append(f"{names.get(group, group)} {_pct(value)} ({change:+d})")
        out.append(f"  trust: {', '.join(parts)}")
        out.append(
            f"  reserve {_money(t.reserve)}, resilience {_pct(t.resilience)}, "
            f"revenue {_money(t.revenue)}"
            + (f", {t.seconds:.0f} s" if t.seconds is not None else "")
        )
        if t.end_reason:
            out.append(f"  the game ended: {t.end_reason}")
        previous = t.trust
    if log.end is not None:
        s = log.end.scores
        out.append(
            f"End ({log.end.end_reason or 'stopped'}): mean trust {_pct(s.get('trust_mean', 0))}, "
            f"lowest group {_pct(s.get('trust_min', 0))}, gap {gap_points(s.get('trust_gap', 0))}, "
            f"resilience {_pct(s.get('resilience', 0))}, reserve {_money(s.get('reserve', 0))}, "
            f"engagement {_pct(s.get('engagement', 0))}"
        )
        for o in log.end.objectives:
            if o.applies:
                out.append(f"  [{'x' if o.met else ' '}] {o.label}")
            else:
                out.append(f"  [-] {o.label} (does not apply in this game)")
    else:
        out.append(f"(unfinished: {len(log.turns)} turn(s) recorded, no end line)")
    for reflection in log.reflections:
        out.append(f"Reflection: {reflection.question}")
        out.append(f"  {reflection.answer}")
    return "\n".join(out) + "\n"
