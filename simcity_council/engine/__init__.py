"""The simulation engine: pure numpy, batch-first, deterministic, explainable.

```python
from simcity_council.engine import Game, Choices

game = Game.start(loaded, seed=None)
result = game.submit(Choices({"budget_process": "pb"}, ("listening_tour",)))
```

Batches (research, balance, replay): :mod:`simcity_council.engine.batch`. Importing this package
never loads pygame or rich.
"""

from .batch import Batch, BatchResult, run_batch
from .game import Game
from .policies import POLICY_NAMES, make_policy
from .rng import derive_seeds
from .views import (
    ActionView,
    Cause,
    Change,
    Choices,
    CityView,
    DecisionView,
    DomainView,
    EventView,
    Forecast,
    GroupChange,
    GroupView,
    ObjectiveResult,
    OptionView,
    Scores,
    TurnResult,
    TurnView,
)

__all__ = [
    "POLICY_NAMES",
    "ActionView",
    "Batch",
    "BatchResult",
    "Cause",
    "Change",
    "Choices",
    "CityView",
    "DecisionView",
    "DomainView",
    "EventView",
    "Forecast",
    "Game",
    "GroupChange",
    "GroupView",
    "ObjectiveResult",
    "OptionView",
    "Scores",
    "TurnResult",
    "TurnView",
    "derive_seeds",
    "make_policy",
    "run_batch",
]
