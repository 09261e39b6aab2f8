"""Invariants over generated scenarios and choices (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simcity_council.engine.batch import Batch
from simcity_council.engine.policies import make_policy
from simcity_council.engine.precision import PEOPLE
from simcity_council.engine.rng import derive_seeds
from simcity_council.engine.synthetic import synthetic_loaded
from simcity_council.scenario.compile import T_RESERVE

POLICIES = st.sampled_from(["random", "inclusive", "narrow", "greedy"])
UNIT_FIELDS = (
    "trust",
    "wellbeing",
    "engagement",
    "resilience",
    "uncertainty",
    "gap",
    "indicators",
    "ceiling",
)


def _money_expected(c, s, after, choice, act, fired, paid):
    """reserve change = revenue - what running every service cost - one-time costs - action
    costs + money effects; and what running the services cost is the allocations after this
    turn's budget changes (checked against the allocations before: only chosen options and
    expiring ones change them before the bill)."""
    total = s.revenue.copy() - paid
    for k in range(c.n_decisions):
        picked = s.agenda[:, k] & (choice[:, k] >= 0)
        total -= np.where(picked, c.option_cost[k][np.maximum(choice[:, k], 0)], 0.0)
    total -= (act * c.action_cost).sum(axis=1)
    for e, rows in enumerate(c.event_effects):
        for row in rows:
            if row.kind == T_RESERVE and row.after == 0:
                total += fired[:, e] * row.delta
    return total


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=st.integers(0, 40),
    seed=st.integers(0, 2**63 - 1),
    actions=st.integers(0, 4),
    events=st.integers(0, 4),
    policies=st.lists(POLICIES, min_size=10, max_size=10),
)
def test_invariants_hold_every_turn(scenario, seed, actions, events, policies):
    loaded = synthetic_loaded(
        scenario,
        groups=1 + scenario % 8,
        domains=2 + scenario % 5,
        options=2 + scenario % 3,
        actions=actions,
        events=events,
    )
    batch = Batch.start(loaded, derive_seeds(seed, 16))
    c = batch.compiled
    for turn, name in enumerate(policies, 1):
        if not batch.state.active.any():
            break
        before = batch.state.copy()
        choice, act = make_policy(name).choose(c, batch.state)
        assert batch.check(choice, act) == [], f"[turn {turn}] {name} chose badly"
        info, ledger = batch.step(choice, act, attribution=True)
        s = batch.state
        assert ledger is not None and info.record is not None
        for field in UNIT_FIELDS:
            values = getattr(s, field)
            assert values.dtype == PEOPLE, f"[turn {turn}] {field} is {values.dtype}, not float32"
            assert not np.isnan(values).any(), f"[turn {turn}] NaN in {field}"
            assert values.min(initial=0.0) >= 0.0, f"[turn {turn}] {field} below 0"
            assert values.max(initial=1.0) <= 1.0, f"[turn {turn}] {field} above 1"
        assert np.isfinite(s.reserve).all() and np.isfinite(s.revenue).all()
        for money in ("reserve", "revenue", "revenue_base", "allocation"):
            assert getattr(s, money).dtype == np.float64, f"[turn {turn}] {money} is not float64"
        assert (s.allocation >= 0).all(), f"[turn {turn}] a service runs below zero"
        assert (s.ceiling[s.scar_until == 0] == 1).all(), f"[turn {turn}] a scar without a turn"
        live = before.active
        paid = np.zeros(batch.games)
        games = info.record.games
        paid[slice(None) if games is None else games] = info.record.money.paid
        expected = _money_expected(c, before, s, choice, act, info.fired, paid)
        change = s.reserve - before.reserve
        assert np.allclose(change[live], expected[live], rtol=0, atol=0.005), (
            f"[turn {turn}] money is not conserved"
        )
        for q in ("trust", "wellbeing", "engagement", "uncertainty", "resilience"):
            parts = ledger.parts[q].sum(axis=1)
            delta = getattr(s, q).astype(np.float64) - getattr(before, q)  # exact change
            assert np.allclose(parts, delta, rtol=0, atol=1e-9), (
                f"[turn {turn}] causes of {q} do not add up"
            )
        assert np.allclose(ledger.parts["reserve"].sum(axis=1), change, rtol=0, atol=0.005)
        revenue_delta = s.revenue - before.revenue
        assert np.allclose(ledger.parts["revenue"].sum(axis=1), revenue_delta, atol=1e-6)
        assert np.allclose(
            ledger.parts["indicator"].sum(axis=1),
            s.indicators.astype(np.float64) - before.indicators,
            atol=1e-9,
        )
        frozen = ~live
        assert np.array_equal(s.trust[frozen], before.trust[frozen]), "ended games must freeze"
