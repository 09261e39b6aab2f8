"""simcity_council: a public-administration training game.

For notebooks (names are imported when first used, so ``import simcity_council`` stays light)::

    from simcity_council import load_scenario, Game, run_batch, read_logs
"""

from __future__ import annotations

from typing import Any

__version__ = "0.3.1"

__all__ = ["Game", "__version__", "load_scenario", "read_logs", "run_batch"]

_LAZY = {
    "Game": ("engine", "Game"),
    "load_scenario": ("scenario", "load_scenario"),
    "run_batch": ("research", "run_batch"),
    "read_logs": ("research", "read_logs"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'simcity_council' has no attribute {name!r}")
    import importlib

    module, attribute = _LAZY[name]
    return getattr(importlib.import_module(f".{module}", __name__), attribute)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
