"""Compile a validated scenario into numpy arrays the engine steps on.

The engine never walks the pydantic model during a turn: everything it needs is here as arrays
indexed by position (group order = ``model.groups`` order, and so on), plus compiled conditions.
Decisions are padded to the largest option count; ``option_valid`` marks the real options.

Money is kept in the scenario's currency; the *benefit* tables are already divided by the city's
starting revenue, so a scenario of any size behaves alike (docs/model.md, "Outcome").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import ConditionError, Problem, ScenarioError
from .conditions import Condition, Vocabulary, compile_condition
from .models import Effect, Scenario

# Effect target kinds.
T_TRUST, T_WELLBEING, T_ENGAGEMENT, T_RESILIENCE, T_INDICATOR, T_RESERVE, T_REVENUE = range(7)
_GROUP_TARGETS = {"trust": T_TRUST, "wellbeing": T_WELLBEING, "engagement": T_ENGAGEMENT}
STANCE_CODE = {"inclusive": 0, "mixed": 1, "narrow": 2}
DRIFT_SOURCES: tuple[tuple[str, str], ...] = (
    ("revenue", "Revenue"),
    ("drift.voice", "How well they are heard without outreach"),
    ("drift.expectation", "Expectations that spending has to meet"),
    ("drift.need", "What they need spending to deliver"),
    ("drift.transparency", "The openness they expect from City Hall"),
    ("drift.engagement", "Engagement fading without being heard"),
    ("drift.resilience", "Resilience drifting back to its usual level"),
    ("drift.economy", "The local economy (resilience and wellbeing)"),
    ("drift.breadth", "Broad civic engagement"),
)


@dataclass(frozen=True)
class EffectRow:
    """One effect of an option or event, resolved to array positions."""

    index: int  # position in CompiledScenario.effects; also its random stream
    kind: int  # T_* constant
    groups: np.ndarray  # (groups,) float 0/1: which groups (people targets only)
    slot: int  # indicator position for T_INDICATOR, else -1
    delta: float
    after: int
    chance: float
    delayed: int  # position among delayed effects, -1 when after == 0
    source_id: str  # "<decision>.<option>" or event id
    label: str  # plain words: the note, or the source's label


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
    trust0: np.ndarray
    wellbeing0: np.ndarray
    engagement0: np.ndarray
    voice: np.ndarray
    vulnerability: np.ndarray
    truth: np.ndarray  # (groups, domains) true priorities
    belief0: np.ndarray  # (groups, domains) the city's initial belief
    uncertainty0: np.ndarray
    mismatch0: np.ndarray  # (groups,) total-variation distance of belief0 from truth
    vuln_weight: np.ndarray  # (groups,) share x vulnerability, normalised to sum 1
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
    option_spend: np.ndarray  # (D, O, domains)
    option_recurring: np.ndarray
    option_capacity: np.ndarray
    option_consult: np.ndarray  # (D, O, groups)
    option_transparency: np.ndarray
    option_stance: np.ndarray  # STANCE_CODE
    option_sets: np.ndarray  # (D, O, flags) bool
    option_clears: np.ndarray
    option_benefit: np.ndarray  # (D, O, groups) spend . truth / revenue0
    option_benefit_belief: np.ndarray  # (D, O, groups) spend . (belief0 - truth) / revenue0
    option_recurring_benefit: np.ndarray  # per later turn, same units
    option_recurring_belief: np.ndarray
    option_promise: np.ndarray  # (D, O) promise index or -1
    option_requires: tuple[tuple[Condition | None, ...], ...]
    option_effects: tuple[tuple[tuple[EffectRow, ...], ...], ...]
    # decision schedule
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
    promise_labels: tuple[str, ...]
    # actions
    action_cost: np.ndarray
    action_capacity: np.ndarray
    action_targets: np.ndarray  # (A, groups) float 0/1
    action_listening: np.ndarray
    action_engagement: np.ndarray
    action_transparency: np.ndarray
    action_requires: tuple[Condition | None, ...]
    # events
    event_window: np.ndarray  # (E, 2)
    event_chance: np.ndarray
    event_once: np.ndarray
    event_shock: np.ndarray
    event_groups: np.ndarray  # (E, groups) float 0/1
    event_sets: np.ndarray  # (E, flags) bool
    event_when: tuple[Condition | None, ...]
    event_effects: tuple[tuple[EffectRow, ...], ...]
    # effects
    effects: tuple[EffectRow, ...]
    delayed: tuple[EffectRow, ...]
    # objectives and debrief
    objective_when: tuple[Condition, ...]
    debrief_when: tuple[Condition, ...]
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
    promises_open_by_turn: tuple[np.ndarray, ...] = ()  # promises that may be open
    decision_promises: tuple[np.ndarray, ...] = ()  # [decision] -> its promises
    option_sets_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # (D,)
    option_clears_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    option_recurring_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    # (D,) some option has no `requires` and fits the capacity: always answerable
    decision_answerable: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    recurring_decisions: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    event_sets_any: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # (E,)
    # (groups,) targeting_weight x mismatch0: the share of spending a fully wrong belief wastes
    targeting: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def n_groups(self) -> int:
        return len(self.group_ids)

    @property
    def n_decisions(self) -> int:
        return len(self.decision_ids)

    @property
    def max_options(self) -> int:
        return int(self.option_valid.shape[1])


def compile_scenario(model: Scenario) -> CompiledScenario:
    """Turn a validated scenario into arrays. Raises :class:`ScenarioError` on a bad reference
    or condition that the cross-reference checks did not catch."""
    return _Builder(model).build()


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
        if head in _GROUP_TARGETS:
            kind = _GROUP_TARGETS[head]
            groups = self.mask(self.groups, [tail] if tail else None, f"{path}.target")
        elif head == "indicator" and tail:
            kind, slot = T_INDICATOR, self.index(self.indicators, tail, f"{path}.target")
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
        ng, nd, nf = len(m.groups), len(m.domains), len(m.flags)
        share = np.array([g.share for g in m.groups])
        truth = np.stack(
            [
                self.vector(self.domains, g.priorities, f"groups[{i}].priorities")
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
        vw = share * np.array([g.vulnerability for g in m.groups])
        revenue0 = float(m.city.revenue) if m.city.revenue > 0 else 1.0

        n_dec = len(m.decisions)
        mo = max(len(d.options) for d in m.decisions)
        z = np.zeros((n_dec, mo))
        valid, cost, recurring, transparency = z > 0, z.copy(), z.copy(), z.copy()
        capacity, stance = np.zeros((n_dec, mo), np.int64), np.ones((n_dec, mo), np.int64)
        spend = np.zeros((n_dec, mo, nd))
        consult = np.zeros((n_dec, mo, ng))
        sets = np.zeros((n_dec, mo, nf), bool)
        clears = np.zeros((n_dec, mo, nf), bool)
        promise_of = np.full((n_dec, mo), -1, np.int64)
        requires: list[tuple[Condition | None, ...]] = []
        effects: list[tuple[tuple[EffectRow, ...], ...]] = []
        p_dec, p_opt, p_groups, p_due, p_kept, p_labels = [], [], [], [], [], []
        for k, d in enumerate(m.decisions):
            reqs, effs = [], []
            for j, o in enumerate(d.options):
                path = f"decisions[{k}].options[{j}]"
                valid[k, j] = True
                spend[k, j] = self.vector(self.domains, o.spend, f"{path}.spend")
                cost[k, j] = o.cost + spend[k, j].sum()
                recurring[k, j] = o.recurring
                transparency[k, j] = o.transparency
                capacity[k, j] = o.capacity
                stance[k, j] = STANCE_CODE[o.stance]
                consult[k, j] = self.vector(self.groups, o.consult, f"{path}.consult")
                sets[k, j] = self.mask(self.flags, o.sets, f"{path}.sets") > 0
                clears[k, j] = self.mask(self.flags, o.clears, f"{path}.clears") > 0
                reqs.append(self.cond(o.requires, f"{path}.requires"))
                effs.append(self.effect_list(o.effects, path, f"{d.id}.{o.id}", o.label))
                if o.promise is not None:
                    kept = self.cond(o.promise.kept_when, f"{path}.promise.kept_when")
                    if kept is not None:
                        promise_of[k, j] = len(p_dec)
                        p_dec.append(k)
                        p_opt.append(j)
                        p_groups.append(
                            self.mask(self.groups, o.promise.groups, f"{path}.promise.groups")
                        )
                        p_due.append(o.promise.due)
                        p_kept.append(kept)
                        p_labels.append(o.promise.label)
            requires.append(tuple(reqs))
            effects.append(tuple(effs))
        spend_total = spend.sum(axis=2, keepdims=True)
        spread = np.divide(spend, spend_total, out=np.zeros_like(spend), where=spend_total > 0)
        benefit = spend @ truth.T / revenue0
        benefit_belief = spend @ (belief0 - truth).T / revenue0
        rec_spend = spread * recurring[:, :, None]
        rec_benefit = rec_spend @ truth.T / revenue0
        rec_belief = rec_spend @ (belief0 - truth).T / revenue0

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
        a_targets = (
            np.stack(
                [
                    self.mask(self.groups, a.targets, f"actions[{i}].targets")
                    for i, a in enumerate(actions)
                ]
            )
            if actions
            else np.zeros((0, ng))
        )
        events = m.events
        e_groups = (
            np.stack(
                [
                    self.mask(self.groups, e.groups, f"events[{i}].groups")
                    for i, e in enumerate(events)
                ]
            )
            if events
            else np.zeros((0, ng))
        )
        e_sets = (
            np.stack(
                [
                    self.mask(self.flags, e.sets, f"events[{i}].sets") > 0
                    for i, e in enumerate(events)
                ]
            )
            if events
            else np.zeros((0, nf), bool)
        )
        event_effects = tuple(
            self.effect_list(e.effects, f"events[{i}]", e.id, e.title) for i, e in enumerate(events)
        )

        objectives = tuple(
            self.cond(o.when, f"objectives[{i}].when") for i, o in enumerate(m.objectives)
        )
        debrief = tuple(self.cond(x.when, f"debrief[{i}].when") for i, x in enumerate(m.debrief))
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
            trust0=np.array([g.trust for g in m.groups]),
            wellbeing0=np.array([g.wellbeing for g in m.groups]),
            engagement0=np.array([g.engagement for g in m.groups]),
            voice=np.array([g.voice for g in m.groups]),
            vulnerability=np.array([g.vulnerability for g in m.groups]),
            truth=truth,
            belief0=belief0,
            uncertainty0=np.array([g.uncertainty for g in m.groups]),
            mismatch0=0.5 * np.abs(belief0 - truth).sum(axis=1),
            vuln_weight=vw / vw.sum() if vw.sum() > 0 else np.full(ng, 1.0 / ng),
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
            option_recurring=recurring,
            option_capacity=capacity,
            option_consult=consult,
            option_transparency=transparency,
            option_stance=stance,
            option_sets=sets,
            option_clears=clears,
            option_benefit=benefit,
            option_benefit_belief=benefit_belief,
            option_recurring_benefit=rec_benefit,
            option_recurring_belief=rec_belief,
            option_promise=promise_of,
            option_requires=tuple(requires),
            option_effects=tuple(effects),
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
            promise_labels=tuple(p_labels),
            action_cost=np.array([a.cost for a in actions], float),
            action_capacity=np.array([a.capacity for a in actions], np.int64),
            action_targets=a_targets,
            action_listening=np.array([a.listening for a in actions], float),
            action_engagement=np.array([a.engagement for a in actions], float),
            action_transparency=np.array([a.transparency for a in actions], float),
            action_requires=tuple(
                self.cond(a.requires, f"actions[{i}].requires") for i, a in enumerate(actions)
            ),
            event_window=np.array([e.window for e in events], np.int64).reshape(len(events), 2),
            event_chance=np.array([e.chance for e in events], float),
            event_once=np.array([e.once for e in events], bool),
            event_shock=np.array([e.shock for e in events], float),
            event_groups=e_groups,
            event_sets=e_sets.reshape(len(events), nf),
            event_when=tuple(self.cond(e.when, f"events[{i}].when") for i, e in enumerate(events)),
            event_effects=event_effects,
            effects=tuple(self.effects),
            delayed=tuple(self.delayed),
            objective_when=tuple(o for o in objectives if o is not None),
            debrief_when=tuple(x for x in debrief if x is not None),
        )
        if self.problems:
            raise ScenarioError(self.problems)
        _add_sources(c)
        _add_schedule(c)
        return c


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
        kind = "revenue" if sid == "revenue" else "drift"
        src.append((kind, sid, label))
    c.sources = tuple(src)


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
    c.promises_open_by_turn = tuple(np.flatnonzero(p_window[:, 0] <= t) for t in turns)
    c.decision_promises = tuple(
        np.flatnonzero(c.promise_decision == k) for k in range(c.n_decisions)
    )
    c.option_sets_any = c.option_sets.reshape(c.n_decisions, -1).any(axis=1)
    c.option_clears_any = c.option_clears.reshape(c.n_decisions, -1).any(axis=1)
    c.decision_answerable = np.array(
        [
            any(
                cond is None and c.option_capacity[k][j] <= c.capacity
                for j, cond in enumerate(c.option_requires[k])
            )
            for k in range(c.n_decisions)
        ],
        bool,
    )
    c.option_recurring_any = (c.option_recurring != 0).any(axis=1) | (
        c.option_recurring_benefit.reshape(c.n_decisions, -1) != 0
    ).any(axis=1)
    c.recurring_decisions = np.flatnonzero(c.option_recurring_any)
    c.event_sets_any = c.event_sets.any(axis=1)
    c.targeting = c.model.model.targeting_weight * c.mismatch0
