"""Compile a validated scenario into numpy arrays the engine steps on (model version 2).

The engine never walks the pydantic model during a turn: everything it needs is here as arrays
indexed by position (group order = ``model.groups`` order, and so on), plus compiled conditions.
Decisions are padded to the largest option count; ``option_valid`` marks the real options.

Needs. Each group's true needs are drawn anew in every game around the authored ``needs``: the
compiler draws :data:`NEEDS_VARIANTS` variants per group (log-normal spread ``needs_spread``,
renormalised, from a fixed counter-based generator, so the table is the same on every machine),
and each game picks one variant per group from its seed. Everything that depends on true needs is
therefore a lookup table over variants, computed here once: the service an option's budget or
project brings each group in each variant (``option_budget_value``, ``option_spend_value``).

Service. A domain's service to a group is ``needs[d] x incidence[d, group] x allocation / scale``:
one unit is the whole of a domain the group fully needs and fully reaches. Money stays in the
scenario's currency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from ..errors import ConditionError, Problem, ScenarioError
from .conditions import Condition, Vocabulary, compile_condition
from .models import Effect, Reflection, Scenario

# Effect target kinds.
T_TRUST, T_WELLBEING, T_ENGAGEMENT, T_RESILIENCE, T_INDICATOR, T_RESERVE, T_REVENUE, T_BUDGET = (
    range(8)
)
_GROUP_TARGETS = {"trust": T_TRUST, "wellbeing": T_WELLBEING, "engagement": T_ENGAGEMENT}
STANCE_CODE = {"inclusive": 0, "mixed": 1, "narrow": 2}
RESIDENTS, ORGANISATION = 0, 1
#: Variants of each group's needs a game may draw (one per group, from its seed).
NEEDS_VARIANTS = 8
DRIFT_SOURCES: tuple[tuple[str, str], ...] = (
    ("revenue", "Revenue"),
    ("budget", "Running the city: every service's usual allocation"),
    ("drift.engagement", "Engagement settling back to how heard they usually are"),
    ("drift.wellbeing", "Wellbeing settling toward what their services support"),
    ("drift.lived", "How they are doing now, against when you started"),
    ("drift.resilience", "Resilience settling toward what the city's choices support"),
    ("drift.economy", "The local economy (resilience and wellbeing)"),
    ("drift.breadth", "Broad civic engagement"),
)


@dataclass(frozen=True)
class EffectRow:
    """One effect of an option or event, resolved to array positions."""

    index: int  # position in CompiledScenario.effects; also its random stream
    kind: int  # T_* constant
    groups: np.ndarray  # (groups,) float 0/1: which groups (people targets only)
    slot: int  # indicator position (T_INDICATOR) or domain position (T_BUDGET), else -1
    delta: float
    after: int
    chance: float
    delayed: int  # position among delayed effects, -1 when after == 0
    source_id: str  # "<decision>.<option>" or event id
    label: str  # plain words: the note, or the source's label
    value: np.ndarray | None = None  # T_BUDGET: (groups, variants) service change of the row


@dataclass
class CompiledScenario:
    """A scenario as arrays. Build with :func:`compile_scenario`; treat as read-only."""

    model: Scenario
    group_ids: tuple[str, ...]
    domain_ids: tuple[str, ...]
    flag_ids: tuple[str, ...]
    indicator_ids: tuple[str, ...]
    event_ids: tuple[str, ...]
    decision_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    action_ids: tuple[str, ...]
    turns: int
    # groups
    share: np.ndarray
    kind: np.ndarray  # (groups,) RESIDENTS or ORGANISATION
    resident: np.ndarray  # (groups,) bool
    pop_weight: np.ndarray  # (groups,) share of resident groups, normalised to sum 1
    trust0: np.ndarray
    wellbeing0: np.ndarray
    engagement0: np.ndarray
    voice: np.ndarray
    vulnerability: np.ndarray
    needs0: np.ndarray  # (groups, domains) authored needs
    needs: np.ndarray  # (groups, variants, domains) true needs a game may draw
    belief0: np.ndarray  # (groups, domains) the city's initial belief
    uncertainty0: np.ndarray
    mismatch: np.ndarray  # (groups, variants) total-variation distance of belief0 from truth
    vuln_weight: np.ndarray  # (groups,) share x vulnerability, normalised to sum 1
    # domains
    baseline: np.ndarray  # (domains,) money per turn
    scale: np.ndarray  # (domains,) money per turn that is the whole service
    incidence: np.ndarray  # (domains, groups)
    value: np.ndarray  # (groups, variants, domains) service per unit of money per turn
    value0: np.ndarray  # (groups, domains) the same by the authored needs
    # city
    reserve0: float
    revenue0: float
    reserve_floor: float
    resilience0: float
    capacity: int
    indicator0: np.ndarray
    flag0: np.ndarray
    # options, (decisions, max_options, ...)
    option_valid: np.ndarray
    option_cost: np.ndarray  # one-time total: overhead + spending
    option_spend: np.ndarray  # (D, O, domains) one-time
    option_budget: np.ndarray  # (D, O, domains) per-turn allocation change
    option_budget_total: np.ndarray  # (D, O) per-turn money change (positive = costs more)
    option_for_turns: np.ndarray  # (D, O) int, 0 = for good
    option_capacity: np.ndarray
    option_consult: np.ndarray  # (D, O, groups)
    option_transparency: np.ndarray
    option_stance: np.ndarray  # STANCE_CODE
    option_sets: np.ndarray  # (D, O, flags) bool
    option_clears: np.ndarray
    option_scars: np.ndarray  # (D, O, groups) float 0/1
    option_budget_value: np.ndarray  # (D, O, groups, variants) service change per turn
    option_budget_up: np.ndarray  # the part from increases (as well targeted as the belief)
    option_service_fixed: np.ndarray  # budget_value - budget_up: what targeting cannot change
    option_service_designed: np.ndarray  # budget_up + spend_weight x spend_value: x efficacy
    option_spend_value: np.ndarray  # (D, O, groups, variants) project service (one-time)
    option_value0: np.ndarray  # (D, O, groups) budget + spend_weight x spend, authored needs
    option_promise: np.ndarray  # (D, O) promise index or -1
    option_requires: tuple[tuple[Condition | None, ...], ...]
    option_effects: tuple[tuple[tuple[EffectRow, ...], ...], ...]
    # decisions
    decision_stakes: np.ndarray  # (D, groups) float 0/1: groups the decision concerns
    decision_turn: np.ndarray  # (D,) 0 = none
    decision_window: np.ndarray  # (D, 2) inclusive; [1, turns] when neither turn nor window
    decision_when: tuple[Condition | None, ...]
    decision_after_event: np.ndarray  # (D,) event index or -1
    decisions_by_turn: tuple[np.ndarray, ...]  # [turn] -> decisions that may be on the agenda
    # promises
    promise_decision: np.ndarray  # (P,)
    promise_option: np.ndarray
    promise_groups: np.ndarray  # (P, groups) float 0/1
    promise_due: np.ndarray
    promise_kept_when: tuple[Condition, ...]
    promise_void_when: tuple[Condition | None, ...]  # None: the promise always applies
    promise_labels: tuple[str, ...]
    # actions
    action_cost: np.ndarray
    action_capacity: np.ndarray
    action_targets: np.ndarray  # (A, groups) float 0/1
    action_listening: np.ndarray
    action_engagement: np.ndarray
    action_transparency: np.ndarray
    action_sets: np.ndarray  # (A, flags) bool
    action_requires: tuple[Condition | None, ...]
    # events
    event_window: np.ndarray  # (E, 2)
    event_chance: np.ndarray
    event_once: np.ndarray
    event_shock: np.ndarray
    event_groups: np.ndarray  # (E, groups) float 0/1
    event_sets: np.ndarray  # (E, flags) bool
    event_scars: np.ndarray  # (E, groups) float 0/1
    event_when: tuple[Condition | None, ...]
    event_effects: tuple[tuple[EffectRow, ...], ...]
    # effects
    effects: tuple[EffectRow, ...]
    delayed: tuple[EffectRow, ...]
    # objectives, debrief, reflection
    objective_when: tuple[Condition, ...]
    objective_applies: tuple[Condition | None, ...]
    debrief_when: tuple[Condition, ...]
    reflection_when: tuple[Condition | None, ...]
    # attribution sources: (kind, id, label) in a fixed order
    sources: tuple[tuple[str, str, str], ...] = field(default=())
    src_option: int = 0
    src_action: int = 0
    src_event: int = 0
    src_delayed: int = 0
    src_promise: int = 0
    src_drift: dict[str, int] = field(default_factory=dict)
    # per-turn schedule, precomputed (index = turn, 0..turns + 1): what may happen on that turn
    events_by_turn: tuple[np.ndarray, ...] = ()  # events whose window holds the turn
    delayed_by_turn: tuple[np.ndarray, ...] = ()  # delayed effects that may fall due
    promises_due_by_turn: tuple[np.ndarray, ...] = ()  # promises that may fall due
    promises_open_by_turn: tuple[np.ndarray, ...] = ()  # promises with a void_when, maybe open
    decision_promises: tuple[np.ndarray, ...] = ()  # [decision] -> its promises
    option_sets_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # (D,)
    option_clears_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    option_scars_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    option_budget_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    option_budget_domains: tuple[np.ndarray, ...] = ()  # [decision] -> domains its options change
    option_spend_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    temporary_decisions: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # (D,) some option has no `requires` and fits the capacity: always answerable
    decision_answerable: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    event_sets_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # (E,)
    #: attribution sources whose effects change a domain's budget (``budget.<domain>``), and
    #: each one's column in ``State.effect_money`` (set by :func:`_add_sources`)
    budget_sources: tuple[int, ...] = ()
    budget_column: dict[int, int] = field(default_factory=dict)
    #: False only for balance's "no knowledge" variant: listening and consultation still hear
    #: people and make the city surer, but never correct its belief about their needs
    learns_needs: bool = True

    @property
    def n_groups(self) -> int:
        """How many groups (the groups axis of the people arrays)."""
        return len(self.group_ids)

    @property
    def n_domains(self) -> int:
        """How many service domains (the domains axis of the money arrays)."""
        return len(self.domain_ids)

    @property
    def n_decisions(self) -> int:
        """How many decisions (the decisions axis of the option arrays)."""
        return len(self.decision_ids)

    @property
    def max_options(self) -> int:
        """The most options any decision has (the padded options axis of the option arrays)."""
        return int(self.option_valid.shape[1])

    @property
    def baseline_total(self) -> float:
        """What running every service costs per turn at the start."""
        return float(self.baseline.sum())


def compile_scenario(model: Scenario) -> CompiledScenario:
    """Turn a validated scenario into arrays. Raises :class:`ScenarioError` on a bad reference
    or condition that the cross-reference checks did not catch."""
    return _Builder(model).build()


# -- needs variants: a fixed counter-based generator (the same table on every machine) --------
_MASK64 = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64's finaliser on a Python int."""
    z = (x + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _unit(*key: int) -> float:
    """A number in (0, 1) that depends only on ``key``."""
    z = 0x5C0C1C
    for k in key:
        z = _mix(z ^ (k & _MASK64))
    return ((z >> 11) + 0.5) / 9007199254740992.0


def needs_variants(needs0: np.ndarray, spread: float, variants: int = NEEDS_VARIANTS) -> np.ndarray:
    """(groups, variants, domains): each group's authored needs times a log-normal factor per
    domain (sigma ``spread``, mean 1), renormalised to sum 1 and rounded to 1e-6 (so machines
    whose libm differs in the last bit draw the same table). Zero needs stay zero."""
    ng, nd = needs0.shape
    out = np.zeros((ng, variants, nd))
    for g in range(ng):
        for m in range(variants):
            row = needs0[g].copy()
            for d in range(nd):
                if row[d] <= 0.0 or spread <= 0.0:
                    continue
                u1, u2 = _unit(g, m, d, 1), _unit(g, m, d, 2)
                z = math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
                row[d] *= math.exp(spread * z - 0.5 * spread * spread)
            total = row.sum()
            out[g, m] = np.round(row / total, 6) if total > 0 else row
    return out


class _Builder:
    def __init__(self, model: Scenario) -> None:
        self.m = model
        self.vocab = Vocabulary.from_scenario(model)
        self.problems: list[Problem] = []
        self.groups = {g.id: i for i, g in enumerate(model.groups)}
        self.domains = {d.id: i for i, d in enumerate(model.domains)}
        self.flags = {f.id: i for i, f in enumerate(model.flags)}
        self.indicators = {x.id: i for i, x in enumerate(model.indicators)}
        self.events = {e.id: i for i, e in enumerate(model.events)}
        self.effects: list[EffectRow] = []
        self.delayed: list[EffectRow] = []
        self.value: np.ndarray = np.zeros(0)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.m.meta.id, 0, 0, path, message))

    def cond(self, text: str | None, path: str) -> Condition | None:
        if text is None:
            return None
        try:
            return compile_condition(text, self.vocab)
        except ConditionError as error:
            self.problem(path, f"{error.message} (column {error.column})")
            return None

    def index(self, table: dict[str, int], key: str, path: str) -> int:
        if key not in table:
            self.problem(path, f"unknown id '{key}'")
            return -1
        return table[key]

    def vector(self, table: dict[str, int], values: dict[str, float], path: str) -> np.ndarray:
        out = np.zeros(len(table))
        for key, value in values.items():
            i = self.index(table, key, f"{path}.{key}")
            if i >= 0:
                out[i] = value
        return out

    def mask(self, table: dict[str, int], keys: list[str] | None, path: str) -> np.ndarray:
        if keys is None:
            return np.ones(len(table))
        out = np.zeros(len(table))
        for j, key in enumerate(keys):
            i = self.index(table, key, f"{path}[{j}]")
            if i >= 0:
                out[i] = 1.0
        return out

    def effect(self, e: Effect, path: str, source_id: str, source_label: str) -> EffectRow | None:
        head, _, tail = e.target.partition(".")
        groups = np.zeros(len(self.groups))
        slot = -1
        value = None
        if head in _GROUP_TARGETS:
            kind = _GROUP_TARGETS[head]
            groups = self.mask(self.groups, [tail] if tail else None, f"{path}.target")
        elif head == "indicator" and tail:
            kind, slot = T_INDICATOR, self.index(self.indicators, tail, f"{path}.target")
        elif head == "budget" and tail:
            kind, slot = T_BUDGET, self.index(self.domains, tail, f"{path}.target")
            if slot >= 0:
                value = self.value[:, :, slot] * float(e.delta)
        elif head in ("resilience", "reserve", "revenue") and not tail:
            kind = {"resilience": T_RESILIENCE, "reserve": T_RESERVE, "revenue": T_REVENUE}[head]
        else:
            self.problem(f"{path}.target", f"unknown effect target '{e.target}'")
            return None
        row = EffectRow(
            index=len(self.effects),
            kind=kind,
            groups=groups,
            slot=slot,
            delta=float(e.delta),
            after=int(e.after),
            chance=float(e.chance),
            delayed=len(self.delayed) if e.after > 0 else -1,
            source_id=source_id,
            label=e.note or source_label,
            value=value,
        )
        self.effects.append(row)
        if row.delayed >= 0:
            self.delayed.append(row)
        return row

    def effect_list(self, effects: list[Effect], path: str, sid: str, label: str) -> tuple:
        rows = (self.effect(e, f"{path}.effects[{i}]", sid, label) for i, e in enumerate(effects))
        return tuple(r for r in rows if r is not None)

    def build(self) -> CompiledScenario:  # noqa: PLR0915 - one flat pass over the model
        m = self.m
        w = m.model
        ng, nd, nf = len(m.groups), len(m.domains), len(m.flags)
        share = np.array([g.share for g in m.groups])
        kind = np.array(
            [ORGANISATION if g.kind == "organisation" else RESIDENTS for g in m.groups], np.int64
        )
        resident = kind == RESIDENTS
        pop = share * resident
        needs0 = np.stack(
            [
                self.vector(self.domains, g.needs, f"groups[{i}].needs")
                for i, g in enumerate(m.groups)
            ]
        )
        belief0 = np.stack(
            [
                self.vector(self.domains, g.belief, f"groups[{i}].belief")
                if g.belief is not None
                else np.full(nd, 1.0 / nd)
                for i, g in enumerate(m.groups)
            ]
        )
        needs = needs_variants(needs0, w.needs_spread)
        mismatch = 0.5 * np.abs(belief0[:, None, :] - needs).sum(axis=2)
        vw = share * np.array([g.vulnerability for g in m.groups])

        baseline = np.array([d.baseline for d in m.domains], float)
        scale = np.array([d.scale if d.scale is not None else d.baseline for d in m.domains], float)
        scale = np.where(scale > 0, scale, 1.0)  # crossref reports a domain with neither
        incidence = np.stack(
            [
                self.vector(self.groups, d.incidence, f"domains[{i}].incidence")
                if d.incidence is not None
                else np.ones(ng)
                for i, d in enumerate(m.domains)
            ]
        ).reshape(nd, ng)
        # service per unit of money per turn: (groups, variants, domains)
        self.value = needs * (incidence.T / scale)[:, None, :]
        value0 = needs0 * incidence.T / scale

        n_dec = len(m.decisions)
        mo = max(len(d.options) for d in m.decisions)
        z = np.zeros((n_dec, mo))
        valid, cost, transparency = z > 0, z.copy(), z.copy()
        capacity, stance = np.zeros((n_dec, mo), np.int64), np.ones((n_dec, mo), np.int64)
        for_turns = np.zeros((n_dec, mo), np.int64)
        spend = np.zeros((n_dec, mo, nd))
        budget = np.zeros((n_dec, mo, nd))
        consult = np.zeros((n_dec, mo, ng))
        scars = np.zeros((n_dec, mo, ng))
        sets = np.zeros((n_dec, mo, nf), bool)
        clears = np.zeros((n_dec, mo, nf), bool)
        promise_of = np.full((n_dec, mo), -1, np.int64)
        stakes = np.zeros((n_dec, ng))
        requires: list[tuple[Condition | None, ...]] = []
        effects: list[tuple[tuple[EffectRow, ...], ...]] = []
        # one entry per promise: its decision, option, groups (mask), due, kept_when, void_when
        # and label
        p_dec: list[int] = []
        p_opt: list[int] = []
        p_groups: list[np.ndarray] = []
        p_due: list[int] = []
        p_kept: list[Condition] = []
        p_void: list[Condition | None] = []
        p_labels: list[str] = []
        for k, d in enumerate(m.decisions):
            reqs, effs = [], []
            stakes[k] = self.mask(self.groups, d.stakes, f"decisions[{k}].stakes")
            for j, o in enumerate(d.options):
                path = f"decisions[{k}].options[{j}]"
                valid[k, j] = True
                spend[k, j] = self.vector(self.domains, o.spend, f"{path}.spend")
                budget[k, j] = self.vector(self.domains, o.budget, f"{path}.budget")
                cost[k, j] = o.cost + spend[k, j].sum()
                for_turns[k, j] = o.for_turns or 0
                transparency[k, j] = o.transparency
                capacity[k, j] = o.capacity
                stance[k, j] = STANCE_CODE[o.stance]
                consult[k, j] = self.vector(self.groups, o.consult, f"{path}.consult")
                scars[k, j] = self.mask(self.groups, o.scars, f"{path}.scars")
                sets[k, j] = self.mask(self.flags, o.sets, f"{path}.sets") > 0
                clears[k, j] = self.mask(self.flags, o.clears, f"{path}.clears") > 0
                reqs.append(self.cond(o.requires, f"{path}.requires"))
                effs.append(self.effect_list(o.effects, path, f"{d.id}.{o.id}", o.label))
                for row in effs[-1]:
                    if row.kind in _GROUP_TARGETS.values() and row.groups.sum() < ng:
                        stakes[k] = np.maximum(stakes[k], row.groups)
                stakes[k] = np.maximum(stakes[k], scars[k, j])
                if o.promise is not None:
                    kept = self.cond(o.promise.kept_when, f"{path}.promise.kept_when")
                    void = self.cond(o.promise.void_when, f"{path}.promise.void_when")
                    groups = self.mask(self.groups, o.promise.groups, f"{path}.promise.groups")
                    stakes[k] = np.maximum(stakes[k], groups)
                    if kept is not None:
                        promise_of[k, j] = len(p_dec)
                        p_dec.append(k)
                        p_opt.append(j)
                        p_groups.append(groups)
                        p_due.append(o.promise.due)
                        p_kept.append(kept)
                        p_void.append(void)
                        p_labels.append(o.promise.label)
            requires.append(tuple(reqs))
            effects.append(tuple(effs))
        # service tables: (D, O, groups, variants) by each game's true needs
        budget_value = _contract(self.value, budget)
        budget_up = _contract(self.value, np.maximum(budget, 0.0))
        spend_value = _contract(self.value, spend)
        value_nominal = _contract(value0[:, None, :], budget + w.spend_weight * spend)[..., 0]
        material = np.abs(value_nominal) >= max(w.stake_threshold, 1e-12)
        stakes = np.maximum(stakes, (material & valid[:, :, None]).any(axis=1))

        n_turns = m.turns.count
        d_turn = np.array([d.turn or 0 for d in m.decisions], np.int64)
        d_window = np.array(
            [
                d.window if d.window else ((d.turn, d.turn) if d.turn else (1, n_turns))
                for d in m.decisions
            ],
            np.int64,
        ).reshape(n_dec, 2)
        d_after = np.array(
            [
                self.index(self.events, d.after_event, f"decisions[{k}].after_event")
                if d.after_event
                else -1
                for k, d in enumerate(m.decisions)
            ],
            np.int64,
        )
        by_turn = [np.zeros(0, np.int64)]
        for t in range(1, n_turns + 2):
            possible = (d_window[:, 0] <= t) & (t <= d_window[:, 1])
            by_turn.append(np.flatnonzero(possible))

        actions = m.actions
        na = len(actions)
        a_targets = np.array(
            [
                self.mask(self.groups, a.targets, f"actions[{i}].targets")
                for i, a in enumerate(actions)
            ]
        ).reshape(na, ng)
        a_sets = np.array(
            [
                self.mask(self.flags, a.sets, f"actions[{i}].sets") > 0
                for i, a in enumerate(actions)
            ],
            bool,
        ).reshape(na, nf)
        events = m.events
        ne = len(events)
        e_groups = np.array(
            [self.mask(self.groups, e.groups, f"events[{i}].groups") for i, e in enumerate(events)]
        ).reshape(ne, ng)
        e_sets = np.array(
            [self.mask(self.flags, e.sets, f"events[{i}].sets") > 0 for i, e in enumerate(events)],
            bool,
        ).reshape(ne, nf)
        e_scars = np.array(
            [self.mask(self.groups, e.scars, f"events[{i}].scars") for i, e in enumerate(events)]
        ).reshape(ne, ng)
        event_effects = tuple(
            self.effect_list(e.effects, f"events[{i}]", e.id, e.title) for i, e in enumerate(events)
        )

        objectives = tuple(
            self.cond(o.when, f"objectives[{i}].when") for i, o in enumerate(m.objectives)
        )
        applies = tuple(
            self.cond(o.applies, f"objectives[{i}].applies") for i, o in enumerate(m.objectives)
        )
        debrief = tuple(self.cond(x.when, f"debrief[{i}].when") for i, x in enumerate(m.debrief))
        reflection = tuple(
            self.cond(q.when, f"reflection[{i}].when") if isinstance(q, Reflection) else None
            for i, q in enumerate(m.reflection)
        )
        c = CompiledScenario(
            model=m,
            group_ids=tuple(self.groups),
            domain_ids=tuple(self.domains),
            flag_ids=tuple(self.flags),
            indicator_ids=tuple(self.indicators),
            event_ids=tuple(self.events),
            decision_ids=tuple(d.id for d in m.decisions),
            option_ids=tuple(tuple(o.id for o in d.options) for d in m.decisions),
            action_ids=tuple(a.id for a in actions),
            turns=n_turns,
            share=share,
            kind=kind,
            resident=resident,
            pop_weight=pop / pop.sum() if pop.sum() > 0 else resident / max(resident.sum(), 1),
            trust0=np.array([g.trust for g in m.groups]),
            wellbeing0=np.array([g.wellbeing for g in m.groups]),
            engagement0=np.array([g.engagement for g in m.groups]),
            voice=np.array([g.voice for g in m.groups]),
            vulnerability=np.array([g.vulnerability for g in m.groups]),
            needs0=needs0,
            needs=needs,
            belief0=belief0,
            uncertainty0=np.array([g.uncertainty for g in m.groups]),
            mismatch=mismatch,
            vuln_weight=vw / vw.sum() if vw.sum() > 0 else np.full(ng, 1.0 / ng),
            baseline=baseline,
            scale=scale,
            incidence=incidence,
            value=self.value,
            value0=value0,
            reserve0=float(m.city.reserve),
            revenue0=float(m.city.revenue),
            reserve_floor=float(m.city.reserve_floor),
            resilience0=float(m.city.resilience),
            capacity=int(m.city.capacity),
            indicator0=np.array([x.initial for x in m.indicators], float),
            flag0=np.array([f.initial for f in m.flags], bool),
            option_valid=valid,
            option_cost=cost,
            option_spend=spend,
            option_budget=budget,
            option_budget_total=budget.sum(axis=2),
            option_for_turns=for_turns,
            option_capacity=capacity,
            option_consult=consult,
            option_transparency=transparency,
            option_stance=stance,
            option_sets=sets,
            option_clears=clears,
            option_scars=scars,
            option_budget_value=budget_value,
            option_budget_up=budget_up,
            option_service_fixed=budget_value - budget_up,
            option_service_designed=budget_up + w.spend_weight * spend_value,
            option_spend_value=spend_value,
            option_value0=value_nominal,
            option_promise=promise_of,
            option_requires=tuple(requires),
            option_effects=tuple(effects),
            decision_stakes=stakes,
            decision_turn=d_turn,
            decision_window=d_window,
            decision_when=tuple(
                self.cond(d.when, f"decisions[{k}].when") for k, d in enumerate(m.decisions)
            ),
            decision_after_event=d_after,
            decisions_by_turn=tuple(by_turn),
            promise_decision=np.array(p_dec, np.int64),
            promise_option=np.array(p_opt, np.int64),
            promise_groups=np.array(p_groups, float).reshape(len(p_dec), ng),
            promise_due=np.array(p_due, np.int64),
            promise_kept_when=tuple(p_kept),
            promise_void_when=tuple(p_void),
            promise_labels=tuple(p_labels),
            action_cost=np.array([a.cost for a in actions], float),
            action_capacity=np.array([a.capacity for a in actions], np.int64),
            action_targets=a_targets,
            action_listening=np.array([a.listening for a in actions], float),
            action_engagement=np.array([a.engagement for a in actions], float),
            action_transparency=np.array([a.transparency for a in actions], float),
            action_sets=a_sets,
            action_requires=tuple(
                self.cond(a.requires, f"actions[{i}].requires") for i, a in enumerate(actions)
            ),
            event_window=np.array([e.window for e in events], np.int64).reshape(ne, 2),
            event_chance=np.array([e.chance for e in events], float),
            event_once=np.array([e.once for e in events], bool),
            event_shock=np.array([e.shock for e in events], float),
            event_groups=e_groups,
            event_sets=e_sets,
            event_scars=e_scars,
            event_when=tuple(self.cond(e.when, f"events[{i}].when") for i, e in enumerate(events)),
            event_effects=event_effects,
            effects=tuple(self.effects),
            delayed=tuple(self.delayed),
            objective_when=tuple(o for o in objectives if o is not None),
            objective_applies=applies,
            debrief_when=tuple(x for x in debrief if x is not None),
            reflection_when=reflection,
        )
        if self.problems:
            raise ScenarioError(self.problems)
        _add_sources(c)
        _add_schedule(c)
        return c


def _contract(value: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """(D, O, groups, variants): sum over domains of ``value[g, v, d] x amounts[k, o, d]``,
    added in domain order (no einsum or BLAS, whose order may depend on the machine)."""
    out = np.zeros((*amounts.shape[:2], *value.shape[:2]))
    for d in range(amounts.shape[2]):
        out += amounts[:, :, d, None, None] * value[None, None, :, :, d]
    return out


def _add_sources(c: CompiledScenario) -> None:
    """The fixed list of attribution sources (see engine/ledger.py)."""
    m = c.model
    src: list[tuple[str, str, str]] = []
    c.src_option = len(src)
    src += [("option", d.id, d.title) for d in m.decisions]
    c.src_action = len(src)
    src += [("action", a.id, a.name) for a in m.actions]
    c.src_event = len(src)
    src += [("event", e.id, e.title) for e in m.events]
    c.src_delayed = len(src)
    src += [("delayed", r.source_id, r.label) for r in c.delayed]
    c.src_promise = len(src)
    src += [
        ("promise", f"{m.decisions[k].id}.{m.decisions[k].options[j].id}", label)
        for k, j, label in zip(c.promise_decision, c.promise_option, c.promise_labels, strict=True)
    ]
    c.src_drift = {}
    for sid, label in DRIFT_SOURCES:
        c.src_drift[sid] = len(src)
        kind = sid if sid in ("revenue", "budget") else "drift"
        src.append((kind, sid, label))
    c.sources = tuple(src)
    budget: list[int] = []
    for k, per_option in enumerate(c.option_effects):
        for rows in per_option:
            budget += [
                _row_source(c, row, c.src_option + k) for row in rows if row.kind == T_BUDGET
            ]
    for e, rows in enumerate(c.event_effects):
        budget += [_row_source(c, row, c.src_event + e) for row in rows if row.kind == T_BUDGET]
    c.budget_sources = tuple(dict.fromkeys(budget))
    c.budget_column = {s: i for i, s in enumerate(c.budget_sources)}


def _row_source(c: CompiledScenario, row: EffectRow, own: int) -> int:
    """The attribution source an effect row acts as: its own (option or event) when it applies
    at once, its delayed effect when it waits."""
    return c.src_delayed + row.delayed if row.delayed >= 0 else own


def _add_schedule(c: CompiledScenario) -> None:
    """Per-turn lists of what may happen on each turn, so the step loops only over those.

    A decision is chosen on a turn of its window, so its delayed effects fall due ``after``
    turns later and its promises ``due`` turns later; an event fires within its window."""
    last = c.turns + 2  # turns 0 .. turns + 1
    turns = np.arange(last)
    c.events_by_turn = tuple(
        np.flatnonzero((c.event_window[:, 0] <= t) & (t <= c.event_window[:, 1])) for t in turns
    )
    spans = np.zeros((len(c.delayed), 2), np.int64)
    for k, per_option in enumerate(c.option_effects):
        for rows in per_option:
            for row in rows:
                if row.delayed >= 0:
                    spans[row.delayed] = c.decision_window[k] + row.after
    for e, rows in enumerate(c.event_effects):
        for row in rows:
            if row.delayed >= 0:
                spans[row.delayed] = c.event_window[e] + row.after
    c.delayed_by_turn = tuple(
        np.flatnonzero((spans[:, 0] <= t) & (t <= spans[:, 1])) for t in turns
    )
    p_window = c.decision_window[c.promise_decision].reshape(-1, 2)
    c.promises_due_by_turn = tuple(
        np.flatnonzero(
            (p_window[:, 0] + c.promise_due <= t) & (t <= p_window[:, 1] + c.promise_due)
        )
        for t in turns
    )
    voidable = np.array([v is not None for v in c.promise_void_when], bool)
    c.promises_open_by_turn = tuple(
        np.flatnonzero(voidable & (p_window[:, 0] <= t) & (t <= p_window[:, 1] + c.promise_due))
        for t in turns
    )
    c.decision_promises = tuple(
        np.flatnonzero(c.promise_decision == k) for k in range(c.n_decisions)
    )
    nk = c.n_decisions
    # numpy's stubs type ``any(axis=1)`` as ``bool | NDArray``; on these 2-D arrays it is an array
    c.option_sets_any = cast(np.ndarray, c.option_sets.reshape(nk, -1).any(axis=1))
    c.option_clears_any = cast(np.ndarray, c.option_clears.reshape(nk, -1).any(axis=1))
    c.option_scars_any = cast(np.ndarray, c.option_scars.reshape(nk, -1).any(axis=1))
    c.option_budget_any = (c.option_budget.reshape(nk, -1) != 0).any(axis=1)
    c.option_budget_domains = tuple(
        np.flatnonzero((c.option_budget[k] != 0).any(axis=0)) for k in range(nk)
    )
    c.option_spend_any = (c.option_spend.reshape(nk, -1) != 0).any(axis=1)
    c.temporary_decisions = np.flatnonzero(
        ((c.option_for_turns > 0) & (c.option_budget != 0).any(axis=2)).any(axis=1)
    )
    c.decision_answerable = np.array(
        [
            any(
                cond is None and c.option_capacity[k][j] <= c.capacity
                for j, cond in enumerate(c.option_requires[k])
            )
            for k in range(nk)
        ],
        bool,
    )
    c.event_sets_any = cast(np.ndarray, c.event_sets.any(axis=1))  # 2-D: an array (see above)
