"""One turn for every game of a batch, in the order of DESIGN.md §3.3 (docs/model.md).

``step`` assumes the choices are valid (check them with ``rules.check_choices``); it mutates the
state in place. With a :class:`~.ledger.Ledger` it also splits every change by source; with the
default :class:`~.ledger.NoLedger` it skips that work (the batch fast path).

Float reductions over groups use ``_wsum`` (a fixed-order fold of elementwise adds) rather than
matrix products (BLAS), einsum or ``np.sum``, so that a game gives bit-identical results in a
batch of one and in a batch of 100,000 (their summation orders may depend on array shapes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import GameError
from ..scenario._condition_tree import group_min, weighted_sum
from ..scenario.compile import CompiledScenario
from . import attribution
from .effects import EffectStage
from .ledger import Ledger, NoLedger
from .precision import PEOPLE, cap1, clamp01, for_engine
from .rng import STREAM_EFFECT, STREAM_EVENT, uniform, uniform_many
from .rules import make_env, open_agenda
from .state import (
    END_RECALL,
    END_RECEIVERSHIP,
    END_TURN_LIMIT,
    PROMISE_BROKEN,
    PROMISE_KEPT,
    PROMISE_OPEN,
    State,
)


@dataclass(frozen=True)
class StepInfo:
    """What happened in the turn beyond the state: events fired, promises kept or broken."""

    fired: np.ndarray  # (games, events) bool
    kept: np.ndarray  # (games, promises) bool
    broken: np.ndarray  # (games, promises) bool


def _wsum(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Sum over the last axis of ``x * w`` in a fixed order (shape-independent results)."""
    return weighted_sum(x, w)


def _per_game(row: np.ndarray, weight: np.ndarray, compact: bool) -> np.ndarray:
    """``weight[:, None] * row``; just ``row`` (broadcast later) when every weight is 1."""
    if compact and weight.all():
        return row
    return weight[:, None] * row


def _gather(table: np.ndarray, j: np.ndarray, selw: np.ndarray, compact: bool) -> np.ndarray:
    """``table[j] * selw[:, None]``; one row (broadcast later) when every game took the same
    option, the common case in batches played by a deterministic policy."""
    if compact and j[0] == j.min() == j.max() and selw.all():
        return table[j[0]]
    return table[j] * selw[:, None]


def _pick(table: np.ndarray, j: np.ndarray, selw: np.ndarray, one: int) -> np.ndarray:
    """``table[j] * selw[:, None]``, or the one row ``table[one]`` (broadcast later) when every
    game took option ``one``."""
    if one >= 0:
        return table[one]
    return table[j] * selw[:, None]


def _total(parts: list[np.ndarray], ng: int) -> np.ndarray:
    """``0 + parts[0] + parts[1] + ...`` in that order, as a new array. Stays one (1, groups)
    row while every part is one row (all games chose alike), so the per-choice signals below
    cost one row instead of a pass over every game."""
    total = np.zeros((1, ng), PEOPLE)
    for part in parts:
        total = total + part
    return total


def population_mean(x: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Population-weighted mean over groups, (games,)."""
    return _wsum(x, share)


def step(
    c: CompiledScenario,
    s: State,
    choice: np.ndarray,
    act: np.ndarray,
    seeds: np.ndarray | None = None,
    turn: int | None = None,
    ledger: NoLedger | None = None,
) -> StepInfo:
    """Advance every game of ``s`` one turn. ``choice`` (games, decisions) int: option index per
    decision, -1 = none; ``act`` (games, actions) bool. Games that ended stay frozen."""
    c = for_engine(c)
    turn = s.turn if turn is None else turn
    if turn != s.turn:
        raise GameError(f"the state is at turn {s.turn}, not turn {turn}")
    if turn > c.turns:
        raise GameError("the game is over: every turn has been played")
    seeds = s.seeds if seeds is None else seeds
    led = ledger if ledger is not None else NoLedger()
    n_events, n_promises = len(c.event_ids), len(c.promise_labels)
    active = s.active
    if active.all():
        info = _step(c, s, choice, act, seeds, turn, led)
    else:
        info = StepInfo(
            np.zeros((s.games, n_events), bool),
            np.zeros((s.games, n_promises), bool),
            np.zeros((s.games, n_promises), bool),
        )
        idx = np.flatnonzero(active)
        if idx.size:
            sub = s.take(idx)
            sub_led = Ledger(c, idx.size) if isinstance(led, Ledger) else NoLedger()
            sub_info = _step(c, sub, choice[idx], act[idx], seeds[idx], turn, sub_led)
            s.put(idx, sub)
            for name in ("fired", "kept", "broken"):
                getattr(info, name)[idx] = getattr(sub_info, name)
            if isinstance(led, Ledger) and isinstance(sub_led, Ledger):
                for q, parts in sub_led.parts.items():
                    led.parts[q][idx] += parts
    s.turn = turn + 1
    return info


def _step(  # noqa: PLR0915 - the turn reads best as one sequence of stages
    c: CompiledScenario,
    s: State,
    choice: np.ndarray,
    act: np.ndarray,
    seeds: np.ndarray,
    turn: int,
    led: NoLedger,
) -> StepInfo:
    w = c.model.model
    n, ng = s.games, c.n_groups
    compact = not led.on  # rows shared by every game stay one row (the ledger needs full arrays)
    taken = np.flatnonzero(act.any(axis=0)).tolist() if act.shape[1] else []
    actf = act.astype(PEOPLE) if taken else act
    if led.on:
        reserve_start = s.reserve.copy()
        revenue_start = s.revenue.copy()
    revenue_parts: list[tuple[int, np.ndarray]] = []

    # 1-2. Record the choices; pay one-time, action and recurring costs.
    if led.on:
        attribution.recurring_parts(c, s, led)
    s.reserve -= s.recurring
    picks: list[tuple[int, np.ndarray, np.ndarray]] = []  # (decision, selected, option index)
    ones: list[int] = []  # per pick: the option every game took (-1 when they differ)
    rec_add = np.zeros(n)
    rec_benefit_add = np.zeros((n, ng), PEOPLE)
    for k in c.decisions_by_turn[turn].tolist():
        ck = choice[:, k]
        sel = s.agenda[:, k] & (ck >= 0)
        every = bool(sel.all())
        if not every and not sel.any():
            continue
        j = ck if every else np.where(sel, ck, 0)
        j0 = int(j[0])
        one = j0 if compact and every and bool((j == j0).all()) else -1
        selw = sel.astype(PEOPLE)
        picks.append((k, selw, j))
        ones.append(one)
        s.chosen[:, k] = ck if every else np.where(sel, ck, s.chosen[:, k])
        if one >= 0:
            if c.option_sets_any[k]:
                s.flags |= c.option_sets[k][one]
            if c.option_clears_any[k]:
                s.flags &= ~c.option_clears[k][one]
        else:
            if c.option_sets_any[k]:
                s.flags |= c.option_sets[k][j] & sel[:, None]
            if c.option_clears_any[k]:
                s.flags &= ~(c.option_clears[k][j] & sel[:, None])
        for p in c.decision_promises[k].tolist():
            made = sel & (j == c.promise_option[p])
            s.promise[made, p] = PROMISE_OPEN
            s.promise_due[made, p] = turn + c.promise_due[p]
        if one >= 0:
            s.reserve -= c.option_cost[k][one]
        else:
            cost = c.option_cost[k][j] * selw
            s.reserve -= cost
            led.add("reserve", c.src_option + k, -cost)
        if c.option_recurring_any[k]:
            if one >= 0:
                rec_add += c.option_recurring[k][one]
                rec_benefit_add += c.option_recurring_benefit[k][one]
            else:
                rec_add += c.option_recurring[k][j] * selw
                rec_benefit_add += _gather(c.option_recurring_benefit[k], j, selw, compact)
    for a in taken:
        cost = actf[:, a] * c.action_cost[a]
        s.reserve -= cost
        led.add("reserve", c.src_action + a, -cost)

    # 3. Information: listening and consultation shrink uncertainty and the belief error.
    listen_a = [
        _per_game(c.action_listening[a] * c.action_targets[a], actf[:, a], compact) for a in taken
    ]
    listen = _total(listen_a, ng)
    consult_k = [
        _pick(c.option_consult[k], j, selw, one)
        for (k, selw, j), one in zip(picks, ones, strict=True)
    ]
    consult = cap1(_total(consult_k, ng))
    # listen, consult, learn, loud and heard are one row when every game chose alike; in place
    # on temporaries otherwise: the same operations in the same order either way
    learn = consult * w.consult_listening
    learn = learn + listen
    cap1(learn)
    u_before = s.uncertainty
    s.uncertainty = u_before * np.subtract(1.0, learn)
    keep = learn * w.listening_rate
    np.subtract(1.0, keep, out=keep)
    s.gap = s.gap * keep
    if led.on:
        for a, part in zip(taken, listen_a, strict=True):
            led.add("uncertainty", c.src_action + a, -u_before * part)
        for (k, _, _), part in zip(picks, consult_k, strict=True):
            led.add("uncertainty", c.src_option + k, -u_before * w.consult_listening * part)
        led.commit("uncertainty", u_before, s.uncertainty)

    # 4. Procedural signal: heard = max(voice, consultation) + listening. Engagement follows it.
    loud = np.maximum(c.voice, consult)
    heard = listen * w.listening_voice
    heard = heard + loud
    cap1(heard)
    # engagement + rate * (heard - engagement) + actions, as engagement * (1 - rate) + pull:
    # pull is one row when every game chose alike (three passes over the games, not six)
    e_before = s.engagement
    pull = heard * w.engagement_rate
    for a in taken:
        pull = pull + _per_game(c.action_engagement[a] * c.action_targets[a], actf[:, a], compact)
    moved = e_before * (1.0 - w.engagement_rate)
    moved += pull
    s.engagement = clamp01(moved)
    if led.on:
        # heard - voice by source, and who carries what a turn is expected to give: worked out
        # once, used for engagement, trust and wellbeing
        heard_split = attribution.heard_split(c, heard, loud, consult_k, listen_a, picks, taken)
        bearers = attribution.bearers(c, picks, n)
        attribution.heard_parts(
            c, led, "engagement", w.engagement_rate, heard_split, c.voice - e_before
        )
        for a in taken:
            led.add(
                "engagement",
                c.src_action + a,
                actf[:, a, None] * (c.action_engagement[a] * c.action_targets[a]),
            )
        led.commit("engagement", e_before, s.engagement)

    # 5. Outcome: spending weighted by TRUE priorities, as well-targeted as the city's belief.
    efficacy = s.gap * c.targeting
    np.subtract(1.0, efficacy, out=efficacy)
    benefit_k = [
        _pick(c.option_benefit[k], j, selw, one)
        for (k, selw, j), one in zip(picks, ones, strict=True)
    ]
    spent = s.recurring_benefit.copy()
    for part in benefit_k:
        spent += part
    benefit = efficacy * spent
    np.negative(benefit, out=benefit)
    benefit /= w.benefit_scale
    np.exp(benefit, out=benefit)
    np.subtract(1.0, benefit, out=benefit)
    outcome = benefit - s.expectation
    benefit_parts = attribution.benefit_parts(c, s, led, picks, benefit_k, benefit, spent)

    # 6. Trust: process, outcome and transparency; losses weigh loss_aversion times more.
    transp_k = [
        c.option_transparency[k][j] * selw if one < 0 else c.option_transparency[k][one]
        for (k, selw, j), one in zip(picks, ones, strict=True)
    ]
    transp_a = [actf[:, a] * c.action_transparency[a] for a in taken]
    openness = np.zeros(n, PEOPLE)
    for part in transp_k + transp_a:
        openness += part
    openness_c = np.minimum(openness, 1.0)
    raw = heard - w.process_reference
    raw *= w.process_weight
    raw = raw + outcome * w.outcome_weight
    raw += (w.transparency_weight * (openness_c - w.transparency_reference))[:, None]
    losing = raw < 0.0
    t_before = s.trust
    # rate * raw, rate = trust_rate (gains) or trust_rate * loss_aversion (losses), per element
    moved = raw * w.trust_rate
    np.multiply(raw, w.trust_rate * w.loss_aversion, out=moved, where=losing)
    moved += t_before
    s.trust = clamp01(moved)
    if led.on:
        rate = np.where(losing, w.trust_rate * w.loss_aversion, w.trust_rate)
        base = c.voice - w.process_reference + 0.0 * t_before
        attribution.heard_parts(c, led, "trust", rate * w.process_weight, heard_split, base)
        scale = rate * w.outcome_weight
        attribution.benefit_credit(led, "trust", scale, benefit_parts)
        attribution.charge(c, led, "trust", -scale * s.expectation, bearers, "drift.expectation")
        tw = rate * w.transparency_weight
        shares = attribution.split(openness_c, transp_k + transp_a)
        for (k, _, _), part in zip(picks, shares[: len(picks)], strict=True):
            led.add("trust", c.src_option + k, tw * part[:, None])
        for a, part in zip(taken, shares[len(picks) :], strict=True):
            led.add("trust", c.src_action + a, tw * part[:, None])
        attribution.charge(
            c, led, "trust", -tw * w.transparency_reference, bearers, "drift.transparency"
        )
        led.commit("trust", t_before, s.trust)

    # Direct effects of the options chosen (now, or queued for later turns).
    stage = EffectStage(s, led, revenue_parts)
    for k, selw, j in picks:
        for jj, rows in enumerate(c.option_effects[k]):
            if not rows:
                continue
            took = selw * (j == jj)
            if not took.any():
                continue
            for row in rows:
                _effect_or_queue(s, stage, row, took, seeds, turn, c.src_option + k)
    stage.apply()

    # 7. Wellbeing follows benefit against what a group needs (expectation_base a turn): trust
    # judges benefit against expectations, which rise with trust; wellbeing does not.
    wb_before = s.wellbeing
    moved = benefit - w.expectation_base
    moved *= w.wellbeing_rate
    moved += wb_before
    s.wellbeing = clamp01(moved)
    if led.on:
        attribution.benefit_credit(led, "wellbeing", w.wellbeing_rate, benefit_parts)
        need = np.full((n, ng), -w.wellbeing_rate * w.expectation_base, PEOPLE)
        attribution.charge(c, led, "wellbeing", need, bearers, "drift.need")
        led.commit("wellbeing", wb_before, s.wellbeing)

    # 8. Resilience: benefit reaching vulnerable groups and broad engagement; decay to base.
    reach = _wsum(benefit, c.vuln_weight)
    breadth = group_min(s.engagement)
    room = w.resilience_rate * (1.0 - s.resilience)
    growth = room * (w.equity_weight * reach + (1.0 - w.equity_weight) * breadth)
    decay = w.resilience_decay * (c.resilience0 - s.resilience)
    r_before = s.resilience
    s.resilience = clamp01(r_before + growth + decay)
    if led.on:
        if benefit_parts:
            scale = room * w.equity_weight
            # attribution only (never the state): one product for all the parts
            reached = np.stack([part for _, part in benefit_parts]) @ c.vuln_weight
            for (src, _), part in zip(benefit_parts, reached, strict=True):
                led.add("resilience", src, scale * part)
        led.add(
            "resilience", c.src_drift["drift.breadth"], room * (1.0 - w.equity_weight) * breadth
        )
        led.add("resilience", c.src_drift["drift.resilience"], decay)
        led.commit("resilience", r_before, s.resilience)
    s.recurring += rec_add
    s.recurring_benefit += rec_benefit_add

    # 9. Revenue arrives (the amount shown to the player at the start of the turn).
    s.reserve += s.revenue
    led.add("reserve", c.src_drift["revenue"], s.revenue)

    # 10. Delayed effects fall due; promises are checked.
    stage = EffectStage(s, led, revenue_parts)
    maybe = c.delayed_by_turn[turn]  # only those that may fall due now
    due_all = s.pending[:, maybe, turn] if maybe.size else None  # one gather for them all
    for col in np.flatnonzero(due_all.any(axis=0)).tolist() if maybe.size else ():
        i = int(maybe[col])
        due_now = due_all[:, col]
        row = c.delayed[i]
        weight = due_now.astype(PEOPLE)
        if row.chance < 1.0:
            weight *= uniform(seeds, turn, STREAM_EFFECT + row.index) < row.chance
        stage.effect(row, weight, c.src_delayed + row.delayed)
        s.pending[:, i, turn] = 0
    # Promises that fall due are kept or broken.
    kept = np.zeros((n, len(c.promise_labels)), bool)
    broken = np.zeros_like(kept)
    maybe_due = c.promises_due_by_turn[turn]
    due_any = (
        (s.promise[:, maybe_due] == PROMISE_OPEN) & (s.promise_due[:, maybe_due] == turn)
        if maybe_due.size
        else None
    )
    if due_any is not None and due_any.any():
        env = make_env(c, s, turn)
        for i in np.flatnonzero(due_any.any(axis=0)).tolist():
            p = int(maybe_due[i])
            due = due_any[:, i]
            ok = c.promise_kept_when[p].evaluate(env)
            kept[:, p] = due & ok
            broken[:, p] = due & ~ok
            s.promise[kept[:, p], p] = PROMISE_KEPT
            s.promise[broken[:, p], p] = PROMISE_BROKEN
            loss = broken[:, p, None] * (-w.promise_penalty * c.promise_groups[p])
            stage.people("trust", c.src_promise + p, loss)
    stage.apply()
    # Expectations follow trust and open promises.
    target = w.expectation_base * (0.5 + s.trust)
    maybe_open = c.promises_open_by_turn[turn]
    if maybe_open.size:
        is_open = s.promise[:, maybe_open] == PROMISE_OPEN
        for i in np.flatnonzero(is_open.any(axis=0)).tolist():
            p = int(maybe_open[i])
            target += is_open[:, i, None] * (w.promise_expectation * c.promise_groups[p])
    if 1.5 * w.expectation_base + len(c.promise_labels) * w.promise_expectation > 1.0:
        cap1(target)
    target -= s.expectation
    target *= w.expectation_rate
    target += s.expectation
    s.expectation = target

    # 11. Events roll (their conditions see the state before any of them applies) and apply.
    fired = _events(c, s, led, seeds, turn, revenue_parts)

    # 12. Next turn's revenue, and the end of the game.
    mean_wb = population_mean(s.wellbeing, c.share)
    economy = (s.resilience - c.resilience0) + (mean_wb - float(c.wellbeing0 @ c.share))
    economy = economy.astype(np.float64)  # money is float64 (precision.py)
    s.revenue = s.revenue_base * np.maximum(1.0 + w.revenue_sensitivity * economy, 0.0)
    if led.on:
        effects_total = np.zeros(n)
        for src, amount in revenue_parts:
            part = amount * (s.revenue / np.where(s.revenue_base > 0, s.revenue_base, 1.0))
            led.add("revenue", src, part)
            effects_total += part
        led.add(
            "revenue", c.src_drift["drift.economy"], (s.revenue - revenue_start) - effects_total
        )
        led.commit("revenue", revenue_start, s.revenue)
        led.commit("reserve", reserve_start, s.reserve)
    receivership = s.reserve < c.reserve_floor
    recall = population_mean(s.trust, c.share) < w.recall_trust
    s.terminated = receivership | recall
    s.truncated = ~s.terminated & (turn >= c.turns)
    s.end_reason = np.where(
        receivership,
        END_RECEIVERSHIP,
        np.where(recall, END_RECALL, np.where(s.truncated, END_TURN_LIMIT, 0)),
    ).astype(np.int8)

    s.played += 1

    # 13. The next turn's agenda.
    open_agenda(c, s, turn + 1, fired)
    return StepInfo(fired, kept, broken)


def _effect_or_queue(s, stage, row, took, seeds, turn, source) -> None:
    """Apply an effect now (rolling its chance) or queue it ``after`` turns."""
    if row.after > 0:
        due = turn + row.after
        if due < s.pending.shape[2]:
            s.pending[:, row.delayed, due] += (took > 0).astype(np.uint8)
        return
    weight = took
    if row.chance < 1.0:
        weight = took * (uniform(seeds, turn, STREAM_EFFECT + row.index) < row.chance)
    stage.effect(row, weight, source)


def _events(c, s, led, seeds, turn, revenue_parts) -> np.ndarray:
    """Roll and apply the events whose window holds ``turn``; returns (games, events) fired."""
    w = c.model.model
    n = s.games
    fired = np.zeros((n, len(c.event_ids)), bool)
    live = c.events_by_turn[turn].tolist()
    if not live:
        return fired
    env: dict | None = None
    rolls = uniform_many(seeds, turn, [STREAM_EVENT + e for e in live])
    fire_all = rolls < c.event_chance[live]
    for i, e in enumerate(live):
        fire = fire_all[:, i]
        if c.event_once[e]:
            fire &= ~s.fired[:, e]
        cond = c.event_when[e]
        if cond is not None and fire.any():
            if env is None:
                env = make_env(c, s, turn)
            fire &= cond.evaluate(env)
        fired[:, e] = fire
    exposure = 1.0 - s.resilience
    stage = EffectStage(s, led, revenue_parts)
    for e in live:
        fire = fired[:, e]
        if not fire.any():
            continue
        firew = fire.astype(PEOPLE)
        src = c.src_event + int(e)
        if c.event_shock[e] > 0.0:
            damage = (firew * exposure)[:, None] * (
                w.shock_scale * c.event_shock[e] * c.vulnerability * c.event_groups[e]
            )
            stage.people("wellbeing", src, -damage)
            stage.people("trust", src, -w.shock_trust * damage)
        for row in c.event_effects[e]:
            _effect_or_queue(s, stage, row, firew, seeds, turn, src)
        if c.event_sets_any[e]:
            s.flags |= fire[:, None] & c.event_sets[e]
        s.fired[:, e] |= fire
    stage.apply()
    return fired
