"""The hostile-input corpus: files an attacker or a careless user would hand the game, made by
generators, and the command lines that feed them to every command.

Each *class* of input (special files, sizes, encodings, control characters, nesting, alias
bombs, numbers, conditions, huge text, JSON tricks, random mutations, output targets, faults,
arguments) is a function ``(Kit) -> list[Input]``. Generators draw their variants from
``Kit.rng``, seeded by ``HOSTILE_SEED`` (default 15): run the corpus again with another seed and
every class is re-tried with new inputs of the same kind.

An :class:`Input` says whether it must be refused (``bad=True``: every command that reads it
exits 1 and names the file), accepted (``bad=False``), or either (``None``: e.g. a random
mutation; the command must still end cleanly). The ``*_cases`` functions turn inputs into
command lines (:class:`Case`) with the exit codes allowed and what must not change.

The pieces: ``hostile_kit.py`` (the good material, :class:`Input`, :class:`Case`, special
files, mutations), ``hostile_scenarios.py``, ``hostile_logs.py`` (logs and scripts) and
``hostile_cases.py`` (the command lines, output targets, faults and arguments).
"""

from __future__ import annotations

from hostile_cases import (
    argument_cases,
    fault_cases,
    log_cases,
    scenario_cases,
    script_cases,
    target_cases,
)
from hostile_kit import GOOD, SEED, Case, Input, Kit
from hostile_logs import LOG_CLASSES, scripts
from hostile_scenarios import SCENARIO_CLASSES

__all__ = [
    "GOOD",
    "LOG_CLASSES",
    "SCENARIO_CLASSES",
    "SEED",
    "Case",
    "Input",
    "Kit",
    "argument_cases",
    "fault_cases",
    "log_cases",
    "scenario_cases",
    "script_cases",
    "scripts",
    "target_cases",
]
