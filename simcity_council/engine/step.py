"""One turn for every game of a batch, as a sequence of named stages (docs/model.md).

``step`` assumes the choices are valid (check them with ``rules.assess``) and mutates the state in
place. Each stage is a function that returns what it computed; with ``record=True`` the step keeps
those intermediates in a :class:`TurnRecord`, from which :mod:`.attribution` (a separate pass)
splits every change by its cause for the debrief. The batch path keeps nothing.

Stages, in order: ``choices`` (record them, flags, promises made), ``money`` (budgets that expire,
budget changes, one-time costs, running the city, revenue in), ``information`` (listening and
consultation teach the city), ``signals`` (per decision and group: being heard, the outcome,
tokenism), ``consequences`` (trust, direct and delayed effects, scars), ``engagement``,
``wellbeing``, ``resilience``, ``promises``, ``events``, ``revenue`` (next turn's), ``end``.

Float reductions over groups or domains are fixed-order folds (``weighted_sum``) rather than
matrix products or ``np.sum``, so that a game gives bit-identical results in a batch of one and
in a batch of 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import GameError
from ..scenario._condition_tree import group_min, weighted_sum
from ..scenario.compile import NEEDS_VARIANTS as _VARIANTS
from ..scenario.compile import CompiledScenario
from .effects import Changes
from .precision import PEOPLE, above0, below0, cap1, clamp01, clip, constant, for_engine
from .rng import STREAM_EFFECT, STREAM_EVENT, uniform, uniform_many
from .rules import Env, make_env, open_agenda, option_columns, resident_aggregate
from .state import (
    END_RECALL,
    END_RECEIVERSHIP,
    END_TURN_LIMIT,
    NO_CEILING,
    PROMISE_BROKEN,
    PROMISE_KEPT,
    PROMISE_OPEN,
    PROMISE_VOID,
    State,
    columns_with_any,
    outer,
    outer_mask,
    rows_of,
)


@dataclass(frozen=True)
class Pick:
    """A decision answered this turn: ``sel`` (games,) which games answered it, ``j`` (games,)
    the option taken (0 where not answered)."""

    k: int
    sel: np.ndarray
    j: np.ndarray


@dataclass
class MoneyStage:
    """Money of the turn: one-time costs by source, per-turn budget changes by decision, what
    running the city cost, the revenue that arrived."""

    one_time: list[tuple[int, np.ndarray]]
    budget_change: list[tuple[int, np.ndarray]]  # (source, per-turn change from now, (games,))
    paid: np.ndarray  # (games,) allocations paid this turn
    revenue: np.ndarray  # (games,) revenue that arrived


@dataclass
class InfoStage:
    """What the city learned: listening by action, consultation by decision (games, groups)."""

    listen: list[tuple[int, np.ndarray]]
    consult: list[tuple[int, np.ndarray]]
    learn: np.ndarray
    before: np.ndarray
    after: np.ndarray
    listened: np.ndarray  # the listening parts summed (games, groups), before the cap at 1


_SIGNAL_PARTS = ("value", "ignored", "against", "process", "outcome", "tokenism", "lift")


@dataclass
class Signals:
    """One decision's signals to each group (games, groups), before loss aversion.

    The step itself reads only ``heard``, ``sel`` and ``trust``; the other signals are kept in
    ``parts`` (in the order of ``_SIGNAL_PARTS``) and, for a decision only a few games answered,
    only for those games (``rows``): they are spread over the whole batch (0 for the other
    games) when first asked for, so that a batch does not pay for what only a record reads."""

    k: int
    sel: np.ndarray
    heard: np.ndarray  # how heard on this decision, 0-1
    trust: np.ndarray  # trust_rate x weighted sum: the trust change it causes (before aversion)
    parts: list[np.ndarray | None]  # value ... lift at ``rows`` (None: no lift, 0)
    rows: np.ndarray | None = None  # the games ``parts`` are of (None: every game)

    def _part(self, i: int) -> np.ndarray:
        """Signal ``i`` of ``_SIGNAL_PARTS`` for every game of the batch (made once)."""
        x = self.parts[i]
        n, ng = self.heard.shape
        if x is None:
            x = self.parts[i] = np.zeros((n, ng), PEOPLE, order="F")
        elif self.rows is not None and x.shape[0] != n:  # not yet spread over the batch
            x = self.parts[i] = _expand(x, self.rows, n)
        return x

    @property
    def value(self) -> np.ndarray:
        """The change of service the option brings (true needs)."""
        return self._part(0)

    @property
    def ignored(self) -> np.ndarray:
        """How far it went against the group's preference, 0-1."""
        return self._part(1)

    @property
    def against(self) -> np.ndarray:
        """How far it went against the group (its loss), 0-1."""
        return self._part(2)

    @property
    def process(self) -> np.ndarray:
        """How fair the process was to the group (being heard above or below its voice)."""
        return self._part(3)

    @property
    def outcome(self) -> np.ndarray:
        """The outcome after fair process softened a loss."""
        return self._part(4)

    @property
    def tokenism(self) -> np.ndarray:
        """Consulted, then ignored."""
        return self._part(5)

    @property
    def lift(self) -> np.ndarray:
        """Project service added (wellbeing)."""
        return self._part(6)

    @property
    def adverse(self) -> np.ndarray:
        """How far it went against the group (its loss, or its preference), 0-1 (made when
        asked for: the step itself does not need it)."""
        return np.maximum(self.ignored, self.against)


@dataclass
class Dynamics:
    """A quantity moving toward a target: before, after, the parts of the move that have a
    source already (engagement actions), and what the target was made of (``terms``)."""

    before: np.ndarray
    after: np.ndarray
    parts: list[tuple[int, np.ndarray]] = field(default_factory=list)
    terms: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class TurnRecord:
    """Every stage's intermediates, for :func:`engine.attribution.attribute`."""

    turn: int
    games: np.ndarray | None  # rows of the batch these are (None: every game)
    picks: list[Pick]
    taken: list[int]
    actf: np.ndarray
    money: MoneyStage
    info: InfoStage
    signals: list[Signals]
    changes: list[Changes]
    engagement: Dynamics
    wellbeing: Dynamics
    resilience: Dynamics
    service_before: np.ndarray
    projects_before: np.ndarray
    revenue_before: np.ndarray
    revenue_money: list[tuple[str, int, np.ndarray]]  # ("revenue", source, amount)


@dataclass(frozen=True)
class StepInfo:
    """What happened in the turn beyond the state: events fired, promises kept or broken, and
    (with ``record=True``) every stage's intermediates."""

    fired: np.ndarray  # (games, events) bool
    kept: np.ndarray  # (games, promises) bool
    broken: np.ndarray  # (games, promises) bool
    record: TurnRecord | None = None


def population_mean(x: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted mean over groups, (games,) (``weight`` sums to 1)."""
    return weighted_sum(x, weight)


def step(
    c: CompiledScenario,
    s: State,
    choice: np.ndarray,
    act: np.ndarray,
    seeds: np.ndarray | None = None,
    turn: int | None = None,
    record: bool = False,
    env: Env | None = None,
) -> StepInfo:
    """Advance every game of ``s`` one turn. ``choice`` (games, decisions) int: option index per
    decision, -1 = none; ``act`` (games, actions) bool. Games that ended stay frozen. ``env``:
    the condition env of ``s`` as the turn begins, when the caller has one (it knows which
    options were available, e.g. from checking the choices); made when needed otherwise."""
    c = for_engine(c)
    turn = s.turn if turn is None else turn
    if turn != s.turn:
        raise GameError(f"the state is at turn {s.turn}, not turn {turn}")
    if turn > c.turns:
        raise GameError("the game is over: every turn has been played")
    seeds = s.seeds if seeds is None else seeds
    active = s.active
    if active.all():
        info = _turn(c, s, choice, act, seeds, turn, record, env)
    elif not record and 2 * int((~active).sum()) < s.games:
        # few games have ended: play every game and put the ended ones back as they were
        # (copies the ended games, not the playing ones); what is rolled for an ended game is
        # discarded, and luck is per game, so the playing games are the same either way
        ended = (~active).nonzero()[0]
        frozen = s.take(ended)
        choice = choice.copy(order="K")
        choice[ended] = -1
        act = act.copy(order="K")
        act[ended] = False
        info = _turn(c, s, choice, act, seeds, turn, record)
        s.put(ended, frozen)
        for part in (info.fired, info.kept, info.broken):
            part[ended] = False
    else:
        n_events, n_promises = len(c.event_ids), len(c.promise_labels)
        fired = np.zeros((s.games, n_events), bool, order="F")
        kept = np.zeros((s.games, n_promises), bool, order="F")
        broken = np.zeros((s.games, n_promises), bool, order="F")
        idx = active.nonzero()[0]
        sub_record = None
        if idx.size:
            sub = s.take(idx)
            sub_info = _turn(c, sub, choice[idx], act[idx], seeds[idx], turn, record)
            s.put(idx, sub)
            fired[idx], kept[idx], broken[idx] = sub_info.fired, sub_info.kept, sub_info.broken
            sub_record = sub_info.record
        if sub_record is not None:
            sub_record.games = idx
        info = StepInfo(fired, kept, broken, sub_record)
    s.turn = turn + 1
    return info


def reserve_before_news(c, s: State, choice, act, env: Env | None = None) -> np.ndarray:
    """(games,) the reserve each game (all still playing) would end this turn with after these
    choices, before the turn's news: the stages of the turn up to the events, on a copy (what
    running the city costs, budgets that end, costs, effects and promises due; not the events
    nor their luck). For a front end to show where the choices leave the city."""
    c = for_engine(c)
    s = s.copy()
    _turn(c, s, choice, act, s.seeds, s.turn, False, env, news=False)
    return s.reserve


def _turn(c, s, choice, act, seeds, turn, record, env=None, news=True) -> StepInfo:
    """The stages of one turn for games that are all still playing (``news=False``: up to the
    events only, for :func:`reserve_before_news`; the state is then left mid-turn)."""
    _heal(s, turn)
    answered = _answered(c, s, choice, turn)
    available = _availability(c, s, answered, turn, env)
    picks, taken, actf = _choices(c, s, choice, act, turn, answered)
    service_before, projects_before = s.service.copy(order="K"), s.projects.copy(order="K")
    money, expiring = _money(c, s, picks, taken, actf, turn)
    info = _information(c, s, picks, taken, actf)
    signals = _signals(c, s, picks, taken, actf, info, available)
    main = _consequences(c, s, signals, expiring, picks, seeds, turn)
    engagement = _engagement(c, s, signals, taken, actf)
    wellbeing = _wellbeing(c, s)
    lived = _lived(c, s)
    resilience = _resilience(c, s)
    promises, kept, broken = _promises(c, s, turn)
    if not news:
        return StepInfo(np.zeros((s.games, len(c.event_ids)), bool), kept, broken, None)
    events, fired = _events(c, s, seeds, turn)
    _release(c, s, turn)
    revenue_before = s.revenue.copy()
    revenue_money = [m for ch in (main, promises, events) for m in ch.money if m[0] == "revenue"]
    _revenue(c, s)
    _end(c, s, turn)
    open_agenda(c, s, turn + 1, fired)
    rec = None
    if record:
        rec = TurnRecord(
            turn,
            None,
            picks,
            taken,
            actf,
            money,
            info,
            signals,
            [main, lived, promises, events],
            engagement,
            wellbeing,
            resilience,
            service_before,
            projects_before,
            revenue_before,
            revenue_money,
        )
    return StepInfo(fired, kept, broken, rec)


# -- stages ---------------------------------------------------------------------------------------
def _heal(s: State, turn: int) -> None:
    """Scars whose time is over lift: trust may recover fully again."""
    if not s.scar_until.any():  # nobody is scarred (most turns)
        return
    healed = (s.scar_until > 0) & (s.scar_until < turn)
    if np.count_nonzero(healed):
        s.ceiling[healed] = NO_CEILING
        s.scar_until[healed] = 0


def _answered(c, s, choice, turn) -> list[tuple[int, np.ndarray]]:
    """(decision, which games answered it (games,)) for each decision of ``turn`` that some
    game answered (on its agenda, an option chosen), in the decisions' order."""
    ks = c.decisions_by_turn[turn]
    if not ks.size:
        return []
    sel = np.logical_and(s.agenda[:, ks], choice[:, ks] >= 0, order="F")  # columns contiguous
    return [(int(ks[i]), sel[:, i]) for i in columns_with_any(sel)]


def _availability(c, s, answered, turn, env) -> dict[int, list[np.ndarray]]:
    """For each decision answered this turn whose options change service: which of its options
    each game could have taken (before anything of the turn happened), to judge what each group
    would have preferred. ``env``: the state's env as the turn began, or None. (Healing scars
    first changes nothing a condition reads.)"""
    out: dict[int, list[np.ndarray]] = {}
    for k, _ in answered:
        if not (c.option_budget_any[k] or c.option_spend_any[k]):
            continue
        if env is None:
            env = make_env(c, s, turn)
        out[k] = option_columns(c, s, env, k)[0]
    return out


def _choices(c, s, choice, act, turn, answered) -> tuple[list[Pick], list[int], np.ndarray]:
    """Record this turn's answers: chosen options, flags, promises made, actions taken."""
    picks: list[Pick] = []
    for k, sel in answered:
        ck = choice[:, k]
        j = np.where(sel, ck, 0)
        picks.append(Pick(k, sel, j))
        np.copyto(s.chosen[:, k], ck, where=sel)
        np.copyto(s.chosen_turn[:, k], turn, where=sel)
        sets, clears, _ = constant(c, _flag_plan)
        for f, column in sets[k]:
            flag = s.flags[:, f]
            flag |= column[j] & sel
        for f, column in clears[k]:
            flag = s.flags[:, f]
            flag &= ~(column[j] & sel)
        for p in c.decision_promises[k].tolist():
            made = sel & (j == c.promise_option[p])
            s.promise[made, p] = PROMISE_OPEN
            s.promise_due[made, p] = turn + c.promise_due[p]
    taken = columns_with_any(act) if act.shape[1] else []
    actf = act.astype(PEOPLE)
    if taken:
        s.acted += act
        for a in taken:
            for f in constant(c, _flag_plan)[2][a]:
                flag = s.flags[:, f]
                flag |= act[:, a]
    return picks, taken, actf


def _flag_columns(table: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(flag, column over options) of each flag some option of ``table`` (options, flags)
    touches: flags are set and cleared column by column, touching only those."""
    return [(f, table[:, f]) for f in columns_with_any(table)]


def _flag_plan(c) -> tuple[list, list, list]:
    """The flags each decision's options set and clear (:func:`_flag_columns`, per decision)
    and the flags each action sets."""
    k_all = range(len(c.option_sets))
    sets = [_flag_columns(c.option_sets[k]) if c.option_sets_any[k] else [] for k in k_all]
    clears = [_flag_columns(c.option_clears[k]) if c.option_clears_any[k] else [] for k in k_all]
    return sets, clears, [row.nonzero()[0].tolist() for row in c.action_sets]


def _action_rows(c) -> tuple[list[np.ndarray], ...]:
    """Per action, what it brings each group (its amount x its targets): listening,
    explaining (transparency) and engagement."""
    amounts = (c.action_listening, c.action_transparency, c.action_engagement)
    return tuple([x[a] * c.action_targets[a] for a in range(len(c.action_ids))] for x in amounts)


def _consults(c) -> list[bool]:
    """Per decision: does any of its options consult anyone."""
    return [bool(np.count_nonzero(table)) for table in c.option_consult]


def world(s: State) -> np.ndarray:
    """(games, groups) int: each game's position of each group's true needs in a table
    flattened over (groups, variants), for :func:`_gather` (kept in the state)."""
    return s.world


def _gather(table: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """``table`` (options, groups, variants) -> (options, games, groups): each game's values by
    its groups' true needs (``flat`` from :func:`world`): one ``np.take`` on the flattened
    table, much cheaper than indexing with two arrays."""
    # indexed by groups x games and transposed back: each option's (games, groups) slice comes
    # out in the state's layout (state.by_games)
    return np.take(table.reshape(table.shape[0], -1), flat.T, axis=1).transpose(0, 2, 1)


def _chosen(values: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``values`` (options, games, groups) at each game's option ``j`` -> (games, groups)."""
    if values.shape[0] == 1 or (j == j[0]).all():
        return values[int(j[0])]
    out = values[0].copy(order="K")
    for o in range(1, values.shape[0]):
        took = j == o
        if np.count_nonzero(took):
            np.copyto(out, values[o], where=took[:, None])
    return out


def _money(c, s, picks, taken, actf, turn) -> tuple[MoneyStage, list]:
    """Budgets that expire, this turn's budget changes and one-time costs, what running every
    service costs this turn, and the revenue that arrives."""
    one_time: list[tuple[int, np.ndarray]] = []
    changes: list[tuple[int, np.ndarray]] = []
    expiring: list[tuple[int, np.ndarray]] = []  # (decision, service impulse (games, groups))
    temps = c.temporary_decisions
    if temps.size:  # which temporary budgets end now: all at once (nothing below changes the
        # choices), then only those that end in some game
        chosen = s.chosen[:, temps]
        j_all = np.maximum(chosen, 0)
        ft = c.option_for_turns[temps, j_all]
        since = s.chosen_turn[:, temps].astype(np.int64)
        ends_all = (chosen >= 0) & (ft > 0) & (since + ft == turn)
        ending = columns_with_any(ends_all)
    else:
        ending = []
    for t in ending:
        k, j, ends = int(temps[t]), j_all[:, t], ends_all[:, t]
        ends_f = ends.astype(np.float64)
        s.allocation -= rows_of(c.option_budget[k], j) * ends_f[:, None]
        change = -c.option_budget_total[k][j] * ends_f
        changes.append((c.src_option + k, change))
        impulse = -s.temporary[:, t] * ends.astype(PEOPLE)[:, None]  # what it added, undone
        added = s.temporary[:, t]
        added -= -impulse
        s.service += impulse
        expiring.append((k, impulse))
    for p in picks:
        k, sel, j = p.k, p.sel, p.j
        self_f = sel.astype(np.float64)
        cost = c.option_cost[k][j] * self_f
        if np.count_nonzero(cost):
            s.reserve -= cost
            one_time.append((c.src_option + k, cost))
        if c.option_budget_any[k]:
            for d in c.option_budget_domains[k].tolist():
                allocation = s.allocation[:, d]
                allocation += c.option_budget[k][:, d][j] * self_f
            changes.append((c.src_option + k, c.option_budget_total[k][j] * self_f))
    for a in taken:
        cost = actf[:, a].astype(np.float64) * c.action_cost[a]
        if np.count_nonzero(cost):
            s.reserve -= cost
            one_time.append((c.src_action + a, cost))
    if changes:  # no service runs below zero, however many cuts add up
        above0(s.allocation, out=s.allocation)
    paid = s.allocation[:, 0].copy()
    for d in range(1, s.allocation.shape[1]):
        paid += s.allocation[:, d]
    s.reserve -= paid
    revenue = s.revenue.copy()
    s.reserve += revenue
    return MoneyStage(one_time, changes, paid, revenue), expiring


def _information(c, s, picks, taken, actf) -> InfoStage:
    """Listening (actions) and consultation (options) shrink the city's uncertainty and its
    belief error about the groups they reach."""
    w = c.model.model
    listening = constant(c, _action_rows)[0]
    listen = [(a, outer(actf[:, a], listening[a])) for a in taken]
    consults = constant(c, _consults)
    consult = [
        (p.k, _per_game(c.option_consult[p.k], p.j, p.sel.astype(PEOPLE)[:, None]))
        for p in picks
        if consults[p.k]
    ]
    heard_listen = np.zeros((s.games, c.n_groups), PEOPLE, order="F")
    for _, part in listen:
        heard_listen += part
    consult_total = np.zeros_like(heard_listen)
    for _, part in consult:
        consult_total += part
    learn = cap1(consult_total * w.consult_listening + heard_listen)
    before = s.uncertainty
    # uncertainty and the belief error shrink alike: the city is exactly as unsure as it is
    # wrong (uncertainty = its start x gap), never "sure" while still misreading a group
    s.uncertainty = before * (1.0 - w.listening_rate * learn)
    if c.learns_needs:
        s.gap = s.gap * (1.0 - w.listening_rate * learn)
    return InfoStage(listen, consult, learn, before, s.uncertainty, heard_listen)


def _signals(c, s, picks, taken, actf, info, available) -> list[Signals]:
    """Each decision's signals to each group (docs/model.md, "Trust"): heard above or below
    its accustomed voice, the change of service it brings (by true needs, new spending as well
    targeted as the city's understanding), tokenism."""
    w = c.model.model
    n, ng = s.games, c.n_groups
    out: list[Signals] = []
    if not picks:
        return out
    listened = cap1(info.listened.copy(order="K")) * w.listening_voice
    explained = np.zeros((n, ng), PEOPLE, order="F")
    explaining = constant(c, _action_rows)[1]
    for a in taken:
        explained += outer(actf[:, a], explaining[a])
    efficacy = None
    flat = world(s)
    temporary = {k: t for t, k in enumerate(c.temporary_decisions.tolist())}
    rate = w.trust_rate
    for p in picks:
        k, sel, j = p.k, p.sel, p.j
        every = bool(sel.all())
        self_f = None if every else sel.astype(PEOPLE)[:, None]
        consult = _per_game(c.option_consult[k], j, self_f)
        heard = cap1(consult + listened)
        stake = c.decision_stakes[k]
        gain = above0(heard - c.voice)
        if not (c.option_budget_any[k] or c.option_spend_any[k]):
            # a decision about process only: being heard above one's voice is all it gives
            process = gain * stake if every else gain * stake * self_f
            trust = process * (rate * w.process_weight)
            out.append(Signals(k, sel, heard, trust, [None, None, None, process, None, None, None]))
            continue
        if efficacy is None:
            mismatch = np.take(c.mismatch.reshape(-1), flat.T).T
            efficacy = 1.0 - w.targeting_weight * s.gap * mismatch
            spend_efficacy = w.spend_weight * efficacy  # how well new spending lands
        if every or 2 * int(np.count_nonzero(sel)) > n:
            part = _outcome_signals(
                c,
                k,
                j,
                self_f,
                flat,
                efficacy,
                spend_efficacy,
                available[k],
                heard,
                gain,
                consult,
                explained,
            )
            service, lift = part[-2], part[-1]
            if service is not None:
                s.service += service
                if k in temporary:
                    added = s.temporary[:, temporary[k]]
                    added += service
            if lift is not None:
                s.projects += lift
        else:  # few games answered it: work out only theirs (the others' signals are 0)
            rows = sel.nonzero()[0]
            part = _outcome_signals(
                c,
                k,
                j[rows],
                None,
                rows_of(flat, rows),
                rows_of(efficacy, rows),
                rows_of(spend_efficacy, rows),
                [ok[rows] for ok in available[k]],
                rows_of(heard, rows),
                rows_of(gain, rows),
                _per_game(c.option_consult[k], j[rows], None),
                rows_of(explained, rows),
            )
            service, lift = part[-2], part[-1]
            if service is not None:
                s.service[rows] += service
                if k in temporary:
                    s.temporary[rows, temporary[k]] += service
            if lift is not None:
                s.projects[rows] += lift
            trust = _expand(part[-3], rows, n)
            out.append(Signals(k, sel, heard, trust, [*part[:-3], lift], rows))
            continue
        out.append(Signals(k, sel, heard, part[-3], [*part[:-3], lift]))
    return out


def _outcome_signals(
    c, k, j, self_f, flat, efficacy, spend_efficacy, available, heard, gain, consult, explained
) -> tuple:
    """The signals of decision ``k``'s outcome to the games given (all answered it when
    ``self_f`` is None, else ``self_f`` (games, 1) says which): (value, ignored, against,
    process, outcome, tokenism, trust), then the service the option adds from now (None when
    it changes no budget) and the project service it adds (its ``lift``; None when none)."""
    w = c.model.model
    rate = w.trust_rate
    stake = c.decision_stakes[k]
    # every option's value to every group: fixed part + efficacy x designed part
    real = len(c.option_ids[k])  # the option tables are padded to the longest decision
    fixed = c.option_service_fixed[k][:real]
    if np.count_nonzero(fixed) or np.signbit(fixed).any():
        values = _gather(fixed, flat)
        designed = _gather(c.option_service_designed[k][:real], flat)
        designed *= efficacy  # in place: the tables and efficacy are all float32 (for_engine)
        values += designed
    else:  # no fixed part (+0 everywhere): the same sums, without gathering the zeros
        values = _gather(c.option_service_designed[k][:real], flat)
        values *= efficacy
        values += 0.0
    value = _chosen(values, j)
    lift = None
    service = None
    if c.option_budget_any[k]:
        service = value
        if c.option_spend_any[k]:
            lift = take_chosen(c.option_spend_value[k], j, flat)
            lift *= spend_efficacy
            service = value - lift
        if self_f is not None:
            service = service * self_f
    else:
        lift = value
    if lift is not None and self_f is not None:
        lift = lift * self_f
    if self_f is not None:
        value = value * self_f
    best = value.copy(order="K")
    for o, ok in enumerate(available):
        if c.option_valid[k, o] and np.count_nonzero(ok):
            better = values[o] if ok.all() else np.where(ok[:, None], values[o], -np.inf)
            np.maximum(best, better, out=best)
    best -= value
    best *= 1.0 / w.regret_scale
    ignored = clip(best, 0.0, 1.0, out=best)
    against = clip(value * (-1.0 / w.regret_scale), 0.0, 1.0)
    if self_f is not None:
        ignored *= self_f
    below = above0(c.voice - heard)
    below *= against
    process = (gain - below) * stake
    if self_f is not None:
        process *= self_f
    explain = cap1(explained + _per_game(c.option_transparency[k][:, None], j, None))
    tokenism = consult * ignored
    tokenism *= stake
    tokenism *= 1.0 - explain
    outcome = clip(value, -1.0, 1.0)
    outcome -= below0(outcome) * (heard * w.fair_process)  # fair process softens
    trust = process * (rate * w.process_weight)
    trust += outcome * (rate * w.outcome_weight)
    trust -= tokenism * (rate * w.tokenism_weight)
    return value, ignored, against, process, outcome, tokenism, trust, service, lift


def _expand(part: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """(games, groups) with ``part`` at ``rows`` and 0 elsewhere."""
    full = np.zeros((n, part.shape[1]), part.dtype, order="F")
    full[rows] = part
    return full


def _per_game(table: np.ndarray, j: np.ndarray, self_f: np.ndarray | None) -> np.ndarray:
    """``table[j]`` (games, ...), one row (broadcast) when every game took the same option,
    times ``self_f`` (games, 1) when not every game answered."""
    row = table[int(j[0])][None] if (j == j[0]).all() else rows_of(table, j)
    return row if self_f is None else np.multiply(row, self_f, order="F")


def take_chosen(table: np.ndarray, j: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """``table`` (options, groups, variants) at each game's option ``j`` and true needs ->
    (games, groups), in one ``np.take``."""
    size = flat.shape[1] * _VARIANTS
    index = np.add(flat, (j.astype(np.intp) * size)[:, None], order="F")
    return np.take(table.reshape(-1), index.T).T


def _consequences(c, s, signals, expiring, picks, seeds, turn) -> Changes:
    """Apply the decisions' trust changes, budgets that expired, direct and delayed effects;
    then scar the groups an option betrayed."""
    w = c.model.model
    ch = Changes(c, s, pays_now=True)  # its budget effects land while the city runs
    for sig in signals:
        ch.add("trust", c.src_option + sig.k, sig.trust)
    for k, impulse in expiring:  # announced when chosen: its end is not a surprise
        ch.add_expected(c.src_option + k, (w.trust_rate * w.outcome_weight) * clip(impulse, -1, 1))
    for p in picks:
        for jj, rows in enumerate(c.option_effects[p.k]):
            if not rows:
                continue
            took = (p.sel & (p.j == jj)).astype(PEOPLE)
            if not np.count_nonzero(took):
                continue
            for row in rows:
                _effect_or_queue(s, ch, row, took, seeds, turn, c.src_option + p.k)
    maybe = c.delayed_by_turn[turn]  # only those that may fall due now
    due_all = s.pending[:, maybe, turn] if maybe.size else None
    if due_all is not None:
        for col in columns_with_any(due_all):
            i = int(maybe[col])
            row = c.delayed[i]
            weight = due_all[:, col].astype(PEOPLE)
            if row.chance < 1.0:
                weight *= uniform(seeds, turn, STREAM_EFFECT + row.index) < row.chance
            # a decision's delayed budget change is paid from the turn it lands; an event's
            # from the next, as the event's own (source ids: "decision.option" or an event id)
            ch.effect(row, weight, c.src_delayed + row.delayed, "." in row.source_id)
            s.pending[:, i, turn] = 0
    ch.apply()
    for p in picks:
        if c.option_scars_any[p.k]:
            scarred = np.logical_and(c.option_scars[p.k][p.j] > 0, p.sel[:, None], order="F")
            _scar(c, s, scarred, turn)
    return ch


def _effect_or_queue(s, ch, row, took, seeds, turn, source) -> None:
    """Apply an effect now (rolling its chance) or queue it ``after`` turns."""
    if row.after > 0:
        due = turn + row.after
        if due < s.pending.shape[2]:
            queued = s.pending[:, row.delayed, due]
            queued += (took > 0).astype(np.uint8)
        return
    weight = took
    if row.chance < 1.0:
        weight = took * (uniform(seeds, turn, STREAM_EFFECT + row.index) < row.chance)
    ch.effect(row, weight, source)


def _scar(c, s, mask: np.ndarray, turn: int) -> None:
    """Scar the groups in ``mask`` (games, groups): their trust cannot recover above where it
    is now for ``scar_turns`` turns."""
    turns = c.model.model.scar_turns
    if turns <= 0 or not np.count_nonzero(mask):
        return
    ceiling = s.ceiling.copy(order="K")
    np.minimum(s.ceiling, s.trust, out=ceiling, where=mask)
    scar_until = s.scar_until.copy(order="K")
    np.copyto(scar_until, turn + turns, where=mask)
    s.ceiling, s.scar_until = ceiling, scar_until


def _engagement(c, s, signals, taken, actf) -> Dynamics:
    """Engagement moves toward how heard a group was this turn (its accustomed voice when no
    decision heard it), plus what engagement actions add."""
    w = c.model.model
    target = c.voice  # (groups,), the same for every game until a decision heard them
    for sig in signals:  # (x 1.0 where every game answered: the same values, one pass fewer)
        heard = sig.heard if sig.sel.all() else sig.heard * sig.sel.astype(PEOPLE)[:, None]
        target = np.maximum(target, heard, order="F")
    if target is c.voice:
        target = np.broadcast_to(c.voice, s.engagement.shape)
    before = s.engagement
    move = np.subtract(target, before, order="F")
    move *= w.engagement_rate
    parts = [(c.src_drift["drift.engagement"], move)]
    after = before + move
    engaging = constant(c, _action_rows)[2]
    for a in taken:
        part = outer(actf[:, a], engaging[a])
        parts.append((c.src_action + a, part))
        after = after + part
    s.engagement = clamp01(after)
    return Dynamics(before, s.engagement, parts, {"target": target})


def _wellbeing(c, s) -> Dynamics:
    """Wellbeing moves toward the level today's services and recent projects support; the
    projects' lift then fades."""
    w = c.model.model
    target = clamp01(c.wellbeing0 + (s.service + s.projects) * w.wellbeing_scale)
    before = s.wellbeing
    s.wellbeing = clamp01(before + (target - before) * w.wellbeing_rate)
    projects = s.projects
    s.projects = s.projects * (1.0 - w.project_decay)
    return Dynamics(before, s.wellbeing, terms={"target": target, "projects": projects})


def _resilience(c, s) -> Dynamics:
    """Resilience moves toward the level the city's choices support: service reaching
    vulnerable groups' real needs, and the lowest resident group's engagement."""
    w = c.model.model
    reach = weighted_sum(s.service + s.projects, c.vuln_weight)
    res = s.engagement[:, c.resident] if not c.resident.all() else s.engagement
    breadth = group_min(res) - constant(c, _start_levels)[1]
    target = c.resilience0 + w.resilience_gain * (
        w.equity_weight * reach + (1.0 - w.equity_weight) * breadth
    )
    before = s.resilience
    s.resilience = clamp01(before + (target - before) * w.resilience_rate)
    return Dynamics(before, s.resilience, terms={"reach": reach, "breadth": breadth})


def _start_levels(c) -> tuple[float, float]:
    """(mean resident wellbeing, lowest resident engagement) as the game began."""
    start_wb = float(population_mean(c.wellbeing0[None, :], c.pop_weight)[0])
    return start_wb, float(c.engagement0[c.resident].min())


def _lived(c, s) -> Changes:
    """People judge the city by how they are doing against when it began (docs/model.md,
    "Trust"): each turn trust moves by ``trust_rate x wellbeing_trust x (wellbeing -
    wellbeing at the start)``, a loss weighing ``loss_aversion`` times more. Listening pays
    here every turn: service aimed by a wrong belief lifts wellbeing less."""
    w = c.model.model
    ch = Changes(c, s)
    if w.wellbeing_trust > 0.0:
        gap = (s.wellbeing - c.wellbeing0).astype(PEOPLE, copy=False)
        ch.add("trust", c.src_drift["drift.lived"], gap * PEOPLE(w.trust_rate * w.wellbeing_trust))
        ch.apply()
    return ch


def _promises(c, s, turn) -> tuple[Changes, np.ndarray, np.ndarray]:
    """Promises that fall due are kept or broken; a broken one costs the promised groups trust
    (a loss) and scars them."""
    w = c.model.model
    n = s.games
    kept = np.zeros((n, len(c.promise_labels)), bool, order="F")  # state.by_games
    broken = np.zeros_like(kept)
    ch = Changes(c, s)
    env = _release(c, s, turn)
    maybe = c.promises_due_by_turn[turn]
    if not maybe.size:
        return ch, kept, broken
    due_any = (s.promise[:, maybe] == PROMISE_OPEN) & (s.promise_due[:, maybe] == turn)
    if not np.count_nonzero(due_any):
        return ch, kept, broken
    env = make_env(c, s, turn) if env is None else env
    for i in columns_with_any(due_any):
        p = int(maybe[i])
        due = due_any[:, i]
        ok = c.promise_kept_when[p].evaluate(env)
        kept[:, p] = due & ok
        broken[:, p] = due & ~ok
        s.promise[kept[:, p], p] = PROMISE_KEPT
        s.promise[broken[:, p], p] = PROMISE_BROKEN
        if np.count_nonzero(broken[:, p]):
            signal = w.trust_rate * w.promise_penalty  # a signal like a decision's, a loss
            loss = outer(broken[:, p], -signal * c.promise_groups[p])
            ch.add("trust", c.src_promise + p, loss.astype(PEOPLE))
    ch.apply()
    for p in columns_with_any(broken):
        _scar(c, s, outer_mask(broken[:, p], c.promise_groups[p] > 0), turn)
    return ch, kept, broken


def _release(c, s, turn) -> Env | None:
    """Open promises whose ``void_when`` holds are released: no longer owed, neither kept nor
    broken. Run before promises fall due (a choice of this turn may have voided one) and after
    the events (news may void one: the student reads it with the news). The condition env it
    made, if any (the state's flags and indicators are as it found them)."""
    maybe = c.promises_open_by_turn[turn]
    if not maybe.size:
        return None
    is_open = s.promise[:, maybe] == PROMISE_OPEN
    if not np.count_nonzero(is_open):
        return None
    env = make_env(c, s, turn)
    for i in columns_with_any(is_open):
        p = int(maybe[i])
        void = is_open[:, i] & c.promise_void_when[p].evaluate(env)
        s.promise[void, p] = PROMISE_VOID
    return env


def _events(c, s, seeds, turn) -> tuple[Changes, np.ndarray]:
    """Roll the events whose window holds ``turn`` (their conditions see the state before any
    of them applies) and apply them: shocks, effects (money and budgets too), flags, scars."""
    w = c.model.model
    n = s.games
    fired = np.zeros((n, len(c.event_ids)), bool, order="F")  # state.by_games
    ch = Changes(c, s)
    live = c.events_by_turn[turn].tolist()
    if not live:
        return ch, fired
    env = None
    rolls = uniform_many(seeds, turn, [STREAM_EVENT + e for e in live])
    fire_all = rolls < c.event_chance[live]
    for i, e in enumerate(live):
        fire = fire_all[:, i]
        if c.event_once[e]:
            fire &= ~s.fired[:, e]
        cond = c.event_when[e]
        if cond is not None and np.count_nonzero(fire):
            if env is None:
                env = make_env(c, s, turn)
            fire &= cond.evaluate(env)
        fired[:, e] = fire
    if not np.count_nonzero(fired):
        return ch, fired
    exposure = 1.0 - s.resilience
    for e in live:
        fire = fired[:, e]
        if not np.count_nonzero(fire):
            continue
        firew = fire.astype(PEOPLE)
        src = c.src_event + int(e)
        if c.event_shock[e] > 0.0:
            damage = outer(
                firew * exposure,
                w.shock_scale * c.event_shock[e] * c.vulnerability * c.event_groups[e],
            )
            ch.add("wellbeing", src, -damage)
            ch.add("trust", src, -w.shock_trust * damage)
        for row in c.event_effects[e]:
            _effect_or_queue(s, ch, row, firew, seeds, turn, src)
        if c.event_sets_any[e]:
            for f in c.event_sets[e].nonzero()[0].tolist():
                flag = s.flags[:, f]
                flag |= fire
        fired_once = s.fired[:, e]
        fired_once |= fire
    ch.apply()
    for e in live:
        if np.count_nonzero(c.event_scars[e]) and np.count_nonzero(fired[:, e]):
            _scar(c, s, outer_mask(fired[:, e], c.event_scars[e] > 0), turn)
    return ch, fired


def _revenue(c, s) -> None:
    """Next turn's revenue: the revenue base, up or down with the local economy (resilience and
    mean resident wellbeing against their start)."""
    w = c.model.model
    mean_wb = population_mean(s.wellbeing, c.pop_weight)
    start_wb = constant(c, _start_levels)[0]
    economy = (s.resilience - c.resilience0) + (mean_wb - start_wb)
    economy = economy.astype(np.float64)  # money is float64 (precision.py)
    s.revenue = s.revenue_base * np.maximum(1.0 + w.revenue_sensitivity * economy, 0.0)


def _end(c, s, turn) -> None:
    """Receivership (reserve below the floor) or recall (mean resident trust too low) end the
    game; otherwise it ends after the last turn."""
    w = c.model.model
    receivership = s.reserve < c.reserve_floor
    recall = resident_aggregate(c, s.trust, s.wellbeing, "trust_mean") < w.recall_trust
    s.terminated = receivership | recall
    s.truncated = ~s.terminated & (turn >= c.turns)
    s.end_reason = np.where(
        receivership,
        END_RECEIVERSHIP,
        np.where(recall, END_RECALL, np.where(s.truncated, END_TURN_LIMIT, 0)),
    ).astype(np.int8)
    s.played += 1
