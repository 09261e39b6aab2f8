"""Attribution for one turn: each change split by its source (options, actions, drift), for
the :class:`~.ledger.Ledger` of a step that records causes (``Game`` and research batches).

The step computes the state; these helpers say how much of each change came from where, so that
the debrief can explain it. None of them changes the state.
"""

from __future__ import annotations

import numpy as np

from ..scenario.compile import CompiledScenario
from .ledger import NoLedger
from .precision import PEOPLE
from .state import State


def split(total: np.ndarray, parts: list[np.ndarray]) -> list[np.ndarray]:
    """Share ``total`` out in proportion to ``parts`` (0 where all parts are 0)."""
    if not parts:
        return []
    whole = parts[0].copy()
    for p in parts[1:]:
        whole += p
    scale = np.divide(total, whole, out=np.zeros_like(whole), where=whole != 0.0)
    return [p * scale for p in parts]


def recurring_parts(c: CompiledScenario, s: State, led: NoLedger) -> None:
    """Attribute this turn's recurring cost to the options that committed it."""
    ks = c.recurring_decisions
    if not ks.size:
        return
    ch = s.chosen[:, ks]
    made = ch >= 0
    amount = np.where(made, c.option_recurring[ks, np.maximum(ch, 0)], 0.0)
    for i in np.flatnonzero(made.any(axis=0)).tolist():
        led.add("reserve", c.src_option + int(ks[i]), -amount[:, i])


def benefit_parts(c, s, led, picks, benefit_k, benefit, spent) -> list:
    """Split ``benefit`` (games, groups) by the spending behind it: [(source, part)]."""
    if not led.on:
        return []
    srcs = [c.src_option + k for k, _, _ in picks]
    parts = list(benefit_k)
    ks = c.recurring_decisions  # the others add zeros
    if ks.size:
        ch = s.chosen[:, ks]
        # recurring spending of options chosen on earlier turns
        earlier = (ch >= 0) & ~s.agenda[:, ks]
        some = np.flatnonzero(earlier.any(axis=0))
        if some.size:
            rows = c.option_recurring_benefit[ks[some], np.maximum(ch[:, some], 0)]
            rows = rows * earlier[:, some, None]  # (games, decisions, groups)
            for i, k in enumerate(ks[some].tolist()):
                srcs.append(c.src_option + k)
                parts.append(rows[:, i])
    if not parts:
        return []
    return list(zip(srcs, split(benefit, parts), strict=True))


def benefit_credit(led, quantity, scale, benefit_parts) -> None:
    """Add the benefit each source's spending delivered, times ``scale``."""
    for src, part in benefit_parts:
        led.add(quantity, src, scale * part)


def bearers(c, picks, n: int) -> tuple[list[tuple[int, np.ndarray]], np.ndarray]:
    """Who carries what people expect of a turn (the openness, the results, what they need):
    the decisions taken this turn in equal shares, as (source, (games, 1) weight); and the
    (games, 1) mask of games with no decision this turn, where it is drift. So a decision that
    delivers less than its share shows as the loss it causes."""
    taken = np.zeros(n, PEOPLE)
    for _, selw, _ in picks:
        taken += selw
    share = np.divide(1.0, taken, out=np.zeros_like(taken), where=taken > 0)
    shares = [(c.src_option + k, (selw * share)[:, None]) for k, selw, _ in picks]
    return shares, (taken == 0)[:, None]


def charge(c, led, quantity, amount, bearers, drift: str) -> None:
    """Charge ``amount`` (games, groups) to the ``bearers`` of :func:`_bearers`."""
    shares, none = bearers
    for src, weight in shares:
        led.add(quantity, src, amount * weight)
    led.add(quantity, c.src_drift[drift], amount * none)


def heard_split(c, heard, loud, consult_k, listen_a, picks, taken) -> list:
    """``heard - voice`` by source, [(source, part)]: consultation above voice (options),
    listening (actions)."""
    out = []
    if consult_k:
        parts = split(loud - c.voice, consult_k)
        out += [(c.src_option + k, part) for (k, _, _), part in zip(picks, parts, strict=True)]
    if listen_a:
        parts = split(heard - loud, listen_a)
        out += [(c.src_action + a, part) for a, part in zip(taken, parts, strict=True)]
    return out


def heard_parts(c, led, quantity, scale, heard_split, base) -> None:
    """Add the parts of ``scale * (heard - reference)``: baseline voice minus the reference
    (drift, ``base``), then each source's share of being heard above its voice."""
    led.add(quantity, c.src_drift["drift.voice"], scale * base)
    for src, part in heard_split:
        led.add(quantity, src, scale * part)
