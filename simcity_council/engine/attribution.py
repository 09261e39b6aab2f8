"""Attribution: a separate pass over one turn's :class:`~.step.TurnRecord` that splits every
change by its cause, for the debrief (``Game`` and research batches). It never changes the state.

Causes are the fixed list ``CompiledScenario.sources``: one per decision (the option chosen),
action, event, delayed effect and promise, then revenue, the running budget and a few kinds of
drift. Each change is split so that its parts add up to it (:class:`~.ledger.Ledger`). Trust's
only drift is ``drift.lived``: how a group is doing against when the game began.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compile import CompiledScenario
from .ledger import Ledger
from .precision import PEOPLE, constant
from .state import State
from .step import TurnRecord


def split(total: np.ndarray, parts: np.ndarray, signed: bool = True) -> np.ndarray:
    """Share ``total`` (games, ...) out by ``parts`` (games, K, ...): in proportion to them
    where they all have one sign (0 where all K are 0); where they have both signs, each keeps
    its own value and the difference from ``total`` is shared out in proportion to their sizes.
    (In proportion, parts that nearly cancel (a cut and an addition of about the same service)
    would be scaled by a huge factor: causes of millions of points that cancel, adding up to
    the change only to within float64's rounding of millions.) ``signed=False``: the parts are
    known not to be negative (one sign: nothing to check). Sums are accumulations, one part
    after another, in order (never numpy's pairwise sum), in float64."""
    whole = np.add.accumulate(parts, axis=1, dtype=np.float64)[:, -1]
    scale = np.divide(total, whole, out=np.zeros(whole.shape), where=whole != 0.0)
    out = parts * scale[:, None]
    if not signed:
        return out
    mixed = np.logical_and(
        np.logical_or.reduce(parts < 0, axis=1), np.logical_or.reduce(parts > 0, axis=1)
    )
    if np.logical_or.reduce(mixed, axis=None):
        size = np.add.accumulate(np.abs(parts), axis=1, dtype=np.float64)[:, -1]
        rest = np.divide(total - whole, size, out=np.zeros(size.shape), where=mixed)
        out = np.where(mixed[:, None], parts + np.abs(parts) * rest[:, None], out)
    return out


def attribute(c: CompiledScenario, before: State, after: State, rec: TurnRecord) -> Ledger:
    """The ledger of one turn: every change from ``before`` to ``after`` split by cause."""
    if rec.games is not None:
        full = Ledger(c, before.games)
        part = attribute(c, before.take(rec.games), after.take(rec.games), _whole(rec))
        for q, arr in part.parts.items():
            full.parts[q][rec.games] = arr
        return full
    led = Ledger(c, before.games)
    budgets = _in_force(c, after, rec.turn)
    _money(c, before, after, rec, led, budgets)
    _uncertainty(c, rec, led)
    for changes in rec.changes:
        for applied in changes.applied:
            for src, amount in applied.parts:
                led.add(applied.quantity, src, amount)
            led.commit(applied.quantity, applied.before, applied.after)
    sources = service_sources(c, after, rec.turn, rec.wellbeing.terms["projects"], budgets)
    _engagement(c, rec, led)
    _wellbeing(c, rec, led, sources)
    _resilience(c, rec, led, sources)
    _revenue(c, after, rec, led)
    return led


def _whole(rec: TurnRecord) -> TurnRecord:
    """``rec`` as the record of a batch made of just its games."""
    from dataclasses import replace

    return replace(rec, games=None)


def _money(c, before: State, after: State, rec: TurnRecord, led: Ledger, budgets) -> None:
    """The reserve: one-time costs, each decision's budget in force (``budgets``, from
    :func:`_in_force`), running the city, revenue and money effects."""
    for src, cost in rec.money.one_time:
        led.add("reserve", src, -cost)
    in_force: float | np.ndarray = 0.0  # an array once a budget is added
    ks, amounts = budgets_in_force(c, budgets)
    if ks.size:
        # every budget decision, in force or not: one not in force adds parts of 0, which
        # change no sum (x + 0.0 == x; at most a staged -0.0 becomes 0.0, and a commit adds
        # the staged parts to parts starting at 0.0, which turns -0.0 into 0.0 anyway)
        led.add_each("reserve", c.src_option + ks, -amounts)
        in_force = np.add.accumulate(amounts, axis=1)[:, -1]  # one after another, in order
    # budget effects of events and options, as they stood when this turn's money was paid
    moved = before.effect_money
    for col in np.logical_or.reduce(moved, axis=0).nonzero()[0].tolist():  # columns not all 0
        amount = moved[:, col]
        led.add("reserve", c.budget_sources[col], -amount)
        in_force = in_force + amount
    led.add("reserve", c.src_drift["budget"], -(rec.money.paid - in_force))
    led.add("reserve", c.src_drift["revenue"], rec.money.revenue)
    for changes in rec.changes:
        for kind, src, amount in changes.money:
            if kind == "reserve":
                led.add("reserve", src, amount)
    led.commit("reserve", before.reserve, after.reserve)


def budgets_in_force(
    c: CompiledScenario, budgets: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Every decision that changes the budget (K,) and the money per turn (games, K) its
    budget change takes now in each game (0 where not chosen or expired), from ``budgets``
    (:func:`_in_force`)."""
    ks, j, live = budgets
    return ks, c.option_budget_total[ks, j] * live


def _in_force(c: CompiledScenario, s: State, turn: int) -> tuple[np.ndarray, ...]:
    """Every decision that changes the budget (K,), each game's option of it (games, K; 0 when
    not chosen) and whether its budget change is in force on ``turn`` (games, K)."""
    ks = constant(c, _budget_decisions)
    ch = s.chosen[:, ks]
    j = np.maximum(ch, 0)
    ft = c.option_for_turns[ks, j]
    live = (ch >= 0) & ((ft == 0) | (s.chosen_turn[:, ks].astype(np.int64) + ft > turn))
    return ks, j, live


def _budget_decisions(c: CompiledScenario) -> np.ndarray:
    """The decisions with an option that changes the budget (a :func:`.precision.constant`)."""
    return np.flatnonzero(c.option_budget_any)


def service_sources(
    c: CompiledScenario, s: State, turn: int, projects: np.ndarray, budgets: tuple[np.ndarray, ...]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(sources (K,), service (games, K, groups)) behind ``s.service`` and the project stock
    ``projects``: each decision's budget in force (``budgets``: :func:`_in_force` of ``s`` on
    ``turn``) and its projects, in proportion to their nominal service (projects faded by age),
    scaled to what was delivered (so the targeting loss and budget changes by events are
    shared out among them). At most two blocks, budgets then projects, each of distinct
    sources (a decision may be in both)."""
    decay = 1.0 - c.model.model.project_decay
    nominal: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    # every decision whose budget change is in force in some game, then every one made that
    # spends on projects: each game's service from its option (games, decisions, groups), in
    # one take each. (A decision left out would have parts of 0 in every game, which change no
    # sum; the ufunc reductions and .nonzero()[0] are ndarray.any/all and np.flatnonzero
    # without their Python wrappers.)
    ks, j, live = budgets
    in_force = np.logical_or.reduce(live, axis=0)
    if not np.logical_and.reduce(in_force):
        ks, j, live = ks[in_force], j[:, in_force], live[:, in_force]
    if ks.size:
        service = _chosen_service(c.option_budget_value, ks, j, s.world)
        nominal.append((ks, service * live[:, :, None], s.service))
    ks = (np.logical_or.reduce(s.chosen >= 0, axis=0) & c.option_spend_any).nonzero()[0]
    if ks.size:
        ch = s.chosen[:, ks]
        age = turn - s.chosen_turn[:, ks].astype(np.int64)
        fade = np.where(ch >= 0, decay**age, 0.0).astype(PEOPLE)
        service = _chosen_service(c.option_spend_value, ks, np.maximum(ch, 0), s.world)
        nominal.append((ks, service * fade[:, :, None], projects))
    # nominal service (fully targeted), scaled to what was delivered
    return [(c.src_option + ks, split(stock, parts)) for ks, parts, stock in nominal]


def _chosen_service(
    table: np.ndarray, ks: np.ndarray, j: np.ndarray, world: np.ndarray
) -> np.ndarray:
    """``table`` (decisions, options, groups, variants) at decisions ``ks``, each game's options
    ``j`` (games, K) and true needs (``State.world``) -> (games, K, groups), in one take."""
    per_option = world.shape[1] * table.shape[3]
    at = (ks * table.shape[1] + j) * per_option  # (games, K): where each option's block starts
    return table.take(at[:, :, None] + world[:, None, :])  # (no axis: from the flattened table)


def _uncertainty(c, rec: TurnRecord, led: Ledger) -> None:
    w = c.model.model
    info = rec.info
    rate = w.listening_rate
    for a, part in info.listen:
        led.add("uncertainty", c.src_action + a, -info.before * rate * part)
    for k, part in info.consult:
        led.add("uncertainty", c.src_option + k, -info.before * rate * w.consult_listening * part)
    led.commit("uncertainty", info.before, info.after)


def _engagement(c, rec: TurnRecord, led: Ledger) -> None:
    w = c.model.model
    dyn = rec.engagement
    rate = w.engagement_rate
    led.add("engagement", c.src_drift["drift.engagement"], rate * (c.voice - dyn.before))
    if rec.signals:
        above = [np.maximum(sig.heard - c.voice, 0.0) * sig.sel[:, None] for sig in rec.signals]
        # (games, signals, groups): np.stack(above, axis=1) without its Python wrapper
        lifted = split(  # (above the voice: never negative)
            rate * (dyn.terms["target"] - c.voice), np.array(above).swapaxes(0, 1), signed=False
        )
        listen = rec.info.listen  # (action, what it listened (games, groups)), this turn's
        if listen:  # being heard through listening is the actions' doing, not the decision's
            listened = w.listening_voice * np.minimum(rec.info.listened, 1.0)  # as the step's
            by_action = np.array([part for _, part in listen]).swapaxes(0, 1)
        for i, sig in enumerate(rec.signals):
            lift = lifted[:, i]
            if listen:  # the share of being heard that listening gave (it counts first)
                share = np.divide(
                    np.minimum(listened, sig.heard), sig.heard, out=np.zeros(lift.shape),
                    where=sig.heard > 0,
                )  # fmt: skip
                heard_by_listening = lift * share
                parts = split(heard_by_listening, by_action, signed=False)
                for j, (a, _) in enumerate(listen):
                    led.add("engagement", c.src_action + a, parts[:, j])
                lift = lift - heard_by_listening
            led.add("engagement", c.src_option + sig.k, lift)
    for src, part in dyn.parts[1:]:  # the engagement actions (parts[0] is the whole move)
        led.add("engagement", src, part)
    led.commit("engagement", dyn.before, dyn.after)


def _wellbeing(c, rec: TurnRecord, led: Ledger, sources) -> None:
    w = c.model.model
    dyn = rec.wellbeing
    rate = w.wellbeing_rate
    led.add("wellbeing", c.src_drift["drift.wellbeing"], rate * (c.wellbeing0 - dyn.before))
    for srcs, parts in sources:
        led.add_each("wellbeing", srcs, (rate * w.wellbeing_scale) * parts)
    led.commit("wellbeing", dyn.before, dyn.after)


def _resilience(c, rec: TurnRecord, led: Ledger, sources) -> None:
    w = c.model.model
    dyn = rec.resilience
    rate = w.resilience_rate
    led.add("resilience", c.src_drift["drift.resilience"], rate * (c.resilience0 - dyn.before))
    scale = rate * w.resilience_gain * w.equity_weight
    if sources:
        vuln = np.asarray(c.vuln_weight, np.float64)
        for srcs, parts in sources:
            # one matrix-vector product per source, (games, groups) @ (groups,): one product
            # of the whole block would be free to sum over the groups in another order
            reached = np.array([parts[:, i] @ vuln for i in range(len(srcs))]).T  # (games, K)
            led.add_each("resilience", srcs, scale * reached)
    breadth = rate * w.resilience_gain * (1.0 - w.equity_weight) * dyn.terms["breadth"]
    led.add("resilience", c.src_drift["drift.breadth"], breadth)
    led.commit("resilience", dyn.before, dyn.after)


def _revenue(c, after: State, rec: TurnRecord, led: Ledger) -> None:
    drift = after.revenue - rec.revenue_before
    if rec.revenue_money:
        base = np.where(after.revenue_base > 0, after.revenue_base, 1.0)
        effects_total = np.zeros(after.games)
        for _, src, amount in rec.revenue_money:
            part = amount * (after.revenue / base)
            led.add("revenue", src, part)
            effects_total += part
        drift = drift - effects_total  # (when there are none, x - 0.0 == x: no need)
    led.add("revenue", c.src_drift["drift.economy"], drift)
    led.commit("revenue", rec.revenue_before, after.revenue)
