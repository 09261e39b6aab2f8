"""Build the read-only views of engine/views.py from one game of a state (game index 0).

Only beliefs and uncertainty are shown, never the hidden true needs.
"""

from __future__ import annotations

import re

import numpy as np

from ..scenario.compile import T_BUDGET, T_RESERVE, T_REVENUE, CompiledScenario
from ..wording import money
from .forecast import forecast
from .ledger import CITY_QUANTITIES, GROUP_QUANTITIES, Ledger
from .precision import as_decimal, constant
from .rng import STREAM_DISPLAY, uniform
from .rules import NEED_CAPACITY, NEED_MONEY, NEED_REQUIRES, action_status, make_env, option_status
from .state import END_REASONS, PROMISE_OPEN, PROMISE_VOID, State
from .step import StepInfo
from .views import (
    ActionView,
    Cause,
    Change,
    CityView,
    DecisionView,
    DomainView,
    EventView,
    Forecast,
    GroupChange,
    GroupView,
    OptionView,
    TurnResult,
    TurnView,
)

_NAME = re.compile(r"\b(flag|chose|event|indicator|action|trust|wellbeing|engagement)\.[a-z0-9_.]+")
#: Smallest forecast change (service units) worth showing.
_SHOWN = 0.0005
_TINY = 1e-13


def plain_condition(c: CompiledScenario, text: str) -> str:
    """A condition in plain words: flag and option ids replaced by their labels."""
    m = c.model
    flags = {f.id: f.label for f in m.flags}
    events = {e.id: e.title for e in m.events}
    indicators = {x.id: x.name for x in m.indicators}
    groups = {g.id: g.name for g in m.groups}
    actions = {a.id: a.name for a in m.actions}
    options = {(d.id, o.id): (d.title, o.label) for d in m.decisions for o in d.options}

    def word(match: re.Match[str]) -> str:
        head, _, rest = match.group(0).partition(".")
        if head == "flag" and rest in flags:
            return flags[rest]
        if head == "event" and rest in events:
            return f"'{events[rest]}' happened"
        if head == "indicator" and rest in indicators:
            return indicators[rest]
        if head in ("trust", "wellbeing", "engagement") and rest in groups:
            return f"{head} of {groups[rest]}"
        if head == "action" and rest in actions:
            return f"times '{actions[rest]}' was done"
        d, _, o = rest.partition(".")
        if head == "chose" and (d, o) in options:
            return f"'{options[d, o][1]}' chosen"
        return match.group(0)

    return _NAME.sub(word, text)


def _reason(
    c: CompiledScenario,
    code: int,
    cond,
    capacity: int,
    cost: float,
    reserve: float,
    saves: bool = False,
):
    """Why an option or action is unavailable, in words (``saves``: the option's budget
    change saves money, which comes in only as the turn runs)."""
    if code == NEED_REQUIRES:
        return "needs: " + plain_condition(c, cond.text) if cond is not None else "not offered"
    if code == NEED_CAPACITY:
        return f"not enough capacity: needs {capacity} staff points, the city has {c.capacity}"
    if code == NEED_MONEY:
        cur = c.model.city.currency
        text = (
            f"not enough money in the reserve: it needs {money(cost, cur)} at once and the "
            f"reserve has {money(reserve, cur)}"
        )
        if saves:
            text += " (what its budget change saves comes in only as the turn runs)"
        return text
    return ""


def _forecasts(c: CompiledScenario, s: State, k: int) -> list[tuple[Forecast, ...]]:
    """Per option of decision ``k``: the forecast for every group it changes (game 0)."""
    if not (c.option_budget_any[k] or c.option_spend_any[k]):
        return [() for _ in c.option_ids[k]]
    expected, low, high = (as_decimal(x[:, 0].astype(np.float32)) for x in forecast(c, s, k))
    out = []
    for j in range(len(c.option_ids[k])):
        row = []
        for g, gid in enumerate(c.group_ids):
            e, lo, hi = float(expected[j, g]), float(low[j, g]), float(high[j, g])
            if max(abs(e), abs(lo), abs(hi)) >= _SHOWN:
                row.append(Forecast(gid, e, lo, hi))
        out.append(tuple(row))
    return out


def display_order(c: CompiledScenario, s: State, k: int) -> list[int]:
    """The order game 0 lists the options of decision ``k`` in: drawn from its seed (the same
    every time it is shown, and in a replay), so that an option's place never hints at what it
    is: scenario files tend to list the options in the same order of stance."""
    return option_order(c, s.seeds[:1], k)


def option_order(c: CompiledScenario, seed: np.ndarray, k: int) -> list[int]:
    """:func:`display_order` for the game of ``seed`` ((1,) array): the options of decision
    ``k`` (indices in the scenario file) in the order that game lists them."""
    n = len(c.option_ids[k])
    draws = [float(uniform(seed, 0, STREAM_DISPLAY + 64 * k + j)[0]) for j in range(n)]
    return sorted(range(n), key=draws.__getitem__)


def choice_views(
    c: CompiledScenario, s: State, env: dict | None = None
) -> tuple[tuple[DecisionView, ...], tuple[ActionView, ...]]:
    """The agenda and the actions of game 0 at the start of ``s.turn`` (a game not done), with
    each option's availability (and the reason when not available) and the city's forecast."""
    m = c.model
    if env is None:
        env = make_env(c, s, min(s.turn, c.turns))
    agenda, actions = [], []
    reserve = float(s.reserve[0])
    for k in np.flatnonzero(s.agenda[0]):
        d = m.decisions[k]
        st = option_status(c, s, env, int(k))
        forecasts = _forecasts(c, s, int(k))
        options = tuple(
            OptionView(
                id=o.id,
                label=o.label,
                description=o.description,
                stance=o.stance,
                cost=float(c.option_cost[k, j]),
                per_turn=float(c.option_budget_total[k, j]),
                for_turns=int(c.option_for_turns[k, j]),
                capacity=o.capacity,
                spend=dict(o.spend),
                budget=dict(o.budget),
                consult=dict(o.consult),
                transparency=o.transparency,
                promise=o.promise.label if o.promise else "",
                forecast=forecasts[j],
                available=bool(st.available[0, j]),
                reason=_reason(
                    c,
                    int(st.why[0, j]),
                    c.option_requires[k][j],
                    o.capacity,
                    float(c.option_cost[k, j]),
                    reserve,
                    bool(c.option_budget_total[k, j] < 0),
                ),
            )
            for j, o in enumerate(d.options)
        )
        options = tuple(options[j] for j in display_order(c, s, int(k)))
        stakes = tuple(g for g, x in zip(c.group_ids, c.decision_stakes[k], strict=True) if x > 0)
        agenda.append(DecisionView(d.id, d.title, d.prompt, options, stakes))
    ast = action_status(c, s, env)
    for a, x in enumerate(m.actions):
        actions.append(
            ActionView(
                id=x.id,
                name=x.name,
                description=x.description,
                cost=x.cost,
                capacity=x.capacity,
                targets=tuple(x.targets),
                listening=x.listening,
                engagement=x.engagement,
                transparency=x.transparency,
                available=bool(ast.available[0, a]),
                reason=_reason(
                    c, int(ast.why[0, a]), c.action_requires[a], x.capacity, x.cost, reserve
                ),
            )
        )
    return tuple(agenda), tuple(actions)


def turn_view(c: CompiledScenario, s: State, previous: TurnResult | None) -> TurnView:
    """What the player may know at the start of ``s.turn`` (agenda and actions empty once done)."""
    m = c.model
    done = not bool(s.active[0])
    turn = min(s.turn, c.turns)
    env = make_env(c, s, turn)
    belief = as_decimal(s.belief(c)[0]).tolist()
    trust, wellbeing, engagement, uncertainty, service, ceiling = as_decimal(
        np.stack(
            [
                s.trust[0],
                s.wellbeing[0],
                s.engagement[0],
                s.uncertainty[0],
                s.service[0] + s.projects[0],
                s.ceiling[0],
            ]
        )
    ).tolist()
    city_values = as_decimal(np.concatenate([s.resilience[:1], s.indicators[0]])).tolist()
    changes = {g.id: g for g in previous.groups} if previous is not None else {}
    groups = []
    for i, g in enumerate(m.groups):
        ch = changes.get(g.id)
        groups.append(
            GroupView(
                id=g.id,
                name=g.name,
                description=g.description,
                kind=g.kind,
                share=g.share,
                voice=g.voice,
                vulnerability=g.vulnerability,
                trust=trust[i],
                wellbeing=wellbeing[i],
                engagement=engagement[i],
                trust_change=ch.trust.delta if ch else 0.0,
                wellbeing_change=ch.wellbeing.delta if ch else 0.0,
                engagement_change=ch.engagement.delta if ch else 0.0,
                belief=dict(zip(c.domain_ids, belief[i], strict=True)),
                uncertainty=uncertainty[i],
                service=service[i],
                scarred_until=int(s.scar_until[0, i]),
                ceiling=ceiling[i],
                overlaps=tuple(g.overlaps),
            )
        )
    allocation = s.allocation[0]
    city = CityView(
        currency=m.city.currency,
        reserve=float(s.reserve[0]),
        reserve_floor=c.reserve_floor,
        revenue=float(s.revenue[0]),
        resilience=city_values[0],
        capacity=c.capacity,
        indicators=dict(zip(c.indicator_ids, city_values[1:], strict=True)),
        indicator_names={x.id: x.name for x in m.indicators},
        flags={f: bool(s.flags[0, i]) for i, f in enumerate(c.flag_ids)},
        flag_labels={f.id: f.label for f in m.flags},
        budget={d: float(x) for d, x in zip(c.domain_ids, allocation.tolist(), strict=True)},
        baseline={d: float(x) for d, x in zip(c.domain_ids, c.baseline.tolist(), strict=True)},
        spending=float(allocation.sum()),
    )
    agenda, actions = choice_views(c, s, env) if not done else ((), ())
    is_open = [p for p in range(len(c.promise_labels)) if s.promise[0, p] == PROMISE_OPEN]
    open_p = tuple(c.promise_labels[p] for p in is_open)
    due_p = tuple(
        (int(s.promise_due[0, p]), bool(c.promise_kept_when[p].evaluate(env)[0])) for p in is_open
    )
    return TurnView(
        turn=turn,
        turns_total=c.turns,
        label=m.turns.labels[turn - 1],
        city=city,
        groups=tuple(groups),
        domains=tuple(DomainView(d.id, d.name, d.description) for d in m.domains),
        agenda=tuple(agenda),
        actions=tuple(actions),
        promises_open=open_p,
        promises_due=due_p,
    )


def _sources(c: CompiledScenario, s: State, ended: int | None = None) -> list[tuple[str, str, str]]:
    """Each source's (kind, id, label), options resolved to the option this game chose; an
    option whose budget for ``for_turns`` turns ran out on turn ``ended`` says so (the service
    it gives back or takes away is then the option's doing, but not what it did when chosen:
    "+14 your decision: Up to 40 layoffs" read as the layoffs raising trust)."""
    out = list(c.sources)
    options = constant(c, _option_sources)
    for k, j in enumerate(s.chosen[0].tolist()):
        if j >= 0:
            out[c.src_option + k] = options[k][j]
            turns = int(c.option_for_turns[k, j])
            if ended is not None and turns and int(s.chosen_turn[0, k]) + turns == ended:
                kind, sid, label = out[c.src_option + k]
                out[c.src_option + k] = (kind, sid, f"{label} (its {turns} turns are over)")
    return out


def _option_sources(c: CompiledScenario) -> list[list[tuple[str, str, str]]]:
    """Per decision and option: the source (kind, id, label) of having chosen it (a
    :func:`.precision.constant`)."""
    return [[("option", f"{d.id}.{o.id}", o.label) for o in d.options] for d in c.model.decisions]


def _causes(sources: list, parts: np.ndarray) -> list[tuple[Cause, ...]]:
    """Causes per column of ``parts`` (sources, columns), dropping zeros; each column's causes
    in source order. One ``nonzero`` for every quantity of the turn, over the columns then the
    sources, so that each column's causes come out together, in order."""
    by_column = parts.T
    col, src = np.nonzero(np.abs(by_column) > _TINY)
    amounts = by_column[col, src].tolist()
    flat = []
    for i, amount in zip(src.tolist(), amounts, strict=True):
        kind, sid, label = sources[i]
        cause = _new(Cause)  # as _change: a turn has about a hundred causes
        _set(cause, "__dict__", {"kind": kind, "id": sid, "label": label, "amount": amount})
        flat.append(cause)
    out = []
    at = 0
    for n in np.bincount(col, minlength=parts.shape[1]).tolist():
        out.append(tuple(flat[at : at + n]))
        at += n
    return out


def _event_money_labels(c: CompiledScenario) -> list[tuple[int, int, str]]:
    """(column, source, label) for the money an event moves at once (a
    :func:`.precision.constant`): its title and what its effects' notes say, e.g. ``COVID opens
    a $156M shortfall (Hiring and spending freezes worth $58M)`` for the reserve, so that a
    saving the event brings does not read as money the event gave. Column 0 is the reserve, 2
    the revenue (ledger.CITY_QUANTITIES)."""
    out = []
    for e, (event, rows) in enumerate(zip(c.model.events, c.event_effects, strict=True)):
        for column, kinds in ((0, (T_BUDGET, T_RESERVE)), (2, (T_REVENUE,))):
            notes = [r.label.strip().rstrip(".") for r in rows if r.after == 0 and r.kind in kinds]
            notes = list(dict.fromkeys(n for n in notes if n and n != event.title))
            if notes:
                out.append((column, c.src_event + e, f"{event.title} ({'; '.join(notes)})"))
    return out


_new = object.__new__
_set = object.__setattr__


def _change(before: float, after: float, causes: tuple[Cause, ...]) -> Change:
    """``Change(before, after, causes)``, built without the frozen dataclass's ``__init__``
    (which sets each field through ``object.__setattr__``): the instance is given its whole
    ``__dict__`` at once, the fields in their order. Causes are built alike in :func:`_causes`,
    and group changes in :func:`turn_result`."""
    change = _new(Change)
    _set(change, "__dict__", {"before": before, "after": after, "causes": causes})
    return change


def turn_result(
    c, before: State, after: State, led: Ledger, info: StepInfo, choices, digest: str
) -> TurnResult:
    """What happened in the turn just played, with every change split by its cause."""
    m = c.model
    sources = _sources(c, after, ended=before.turn)
    ng, ni = c.n_groups, len(c.indicator_ids)
    # every quantity's parts as columns: groups x GROUP_QUANTITIES, indicators, CITY_QUANTITIES
    causes = _causes(sources, led.by_source(0))
    at = len(GROUP_QUANTITIES) * ng
    city_at = at + ni
    for column, src, label in constant(c, _event_money_labels):
        # an event's money says what its effects were (its trust and the rest: its title)
        kind, sid, _ = sources[src]
        causes[city_at + column] = tuple(
            Cause(kind, sid, label, x.amount) if (x.kind, x.id) == (kind, sid) else x
            for x in causes[city_at + column]
        )
    # every [0, 1] value before and after the turn, in one conversion (precision.as_decimal)
    unit = [getattr(x, q)[0] for q in GROUP_QUANTITIES for x in (before, after)]
    unit += [x.resilience for x in (before, after)] + [x.indicators[0] for x in (before, after)]
    unit = as_decimal(np.concatenate(unit)).tolist()
    r_before, r_after = unit[2 * at : 2 * at + 2]
    ind_before, ind_after = unit[-2 * ni : -ni] if ni else [], unit[-ni:] if ni else []
    groups = []
    for i, g in enumerate(m.groups):
        # quantity qi of group i: its values at (2 qi, 2 qi + 1) x groups, its causes at qi x groups
        ch = {
            q: _change(unit[2 * qi * ng + i], unit[(2 * qi + 1) * ng + i], causes[qi * ng + i])
            for qi, q in enumerate(GROUP_QUANTITIES)
        }
        group = _new(GroupChange)  # as _change, the fields in their order
        _set(group, "__dict__", {"id": g.id, "name": g.name, **ch})
        groups.append(group)
    city = {
        q: _change(float(getattr(before, q)[0]), float(getattr(after, q)[0]), causes[city_at + i])
        for i, q in enumerate(CITY_QUANTITIES)
    }
    city["resilience"] = _change(r_before, r_after, city["resilience"].causes)
    indicators = {
        x: _change(ind_before[i], ind_after[i], causes[at + i])
        for i, x in enumerate(c.indicator_ids)
    }
    fired = info.fired[0].tolist()
    events = tuple(
        EventView(e.id, e.title, e.text) for e, f in zip(m.events, fired, strict=True) if f
    )
    kept, broken = info.kept[0].tolist(), info.broken[0].tolist()
    return TurnResult(
        turn=before.turn,
        label=m.turns.labels[before.turn - 1],
        choices=choices,
        events=events,
        groups=tuple(groups),
        reserve=city["reserve"],
        resilience=city["resilience"],
        revenue=city["revenue"],
        indicators=indicators,
        promises_kept=tuple(lab for lab, k in zip(c.promise_labels, kept, strict=True) if k),
        promises_broken=tuple(lab for lab, b in zip(c.promise_labels, broken, strict=True) if b),
        promises_released=tuple(
            lab
            for p, lab in enumerate(c.promise_labels)
            if after.promise[0, p] == PROMISE_VOID and before.promise[0, p] != PROMISE_VOID
        ),
        terminated=bool(after.terminated[0]),
        truncated=bool(after.truncated[0]),
        end_reason=END_REASONS.get(int(after.end_reason[0])),  # type: ignore[arg-type]
        digest=digest,
    )
