"""Plain-words labels for a log's decisions and options, from its scenario when it is at hand.

Logs record ids only (they are data); exports and reports read better with titles. A scenario that
cannot be loaded, or whose file changed, gives no labels: callers then show the ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import LogError
from .logformat import SessionLog
from .replay import ScenarioCache


@dataclass(frozen=True)
class Labels:
    """Titles and labels of one scenario's ids; an id without a label is shown as it is."""

    decisions: dict[str, str] = field(default_factory=dict)  # decision id -> title
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # decision -> option -> label
    stances: dict[str, dict[str, str]] = field(default_factory=dict)  # decision -> option -> stance
    objectives: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)  # action id -> name
    events: dict[str, str] = field(default_factory=dict)  # event id -> title
    order: tuple[str, ...] = ()  # decision ids in scenario order

    def decision(self, decision_id: str) -> str:
        """The decision's title, or its id when the scenario is not at hand."""
        return self.decisions.get(decision_id, decision_id)

    def option(self, decision_id: str, option_id: str) -> str:
        """The option's label, or its id when the scenario is not at hand."""
        return self.options.get(decision_id, {}).get(option_id, option_id)

    def action(self, action_id: str) -> str:
        """The action's name, or its id when the scenario is not at hand."""
        return self.actions.get(action_id, action_id)

    def event(self, event_id: str) -> str:
        """The event's title, or its id when the scenario is not at hand."""
        return self.events.get(event_id, event_id)


class LabelCache:
    """Labels per scenario (by SHA-256), loaded at most once per command."""

    def __init__(self, scenarios: ScenarioCache | None = None) -> None:
        self._scenarios = scenarios or ScenarioCache()
        self._labels: dict[str, Labels] = {}

    def get(self, log: SessionLog) -> Labels:
        """The labels of the scenario ``log`` was played on (empty if it cannot be loaded)."""
        key = log.header.scenario_sha256
        if key not in self._labels:
            try:
                model = self._scenarios.get(log).model
            except LogError:
                self._labels[key] = Labels()
            else:
                self._labels[key] = Labels(
                    decisions={d.id: d.title for d in model.decisions},
                    options={d.id: {o.id: o.label for o in d.options} for d in model.decisions},
                    stances={d.id: {o.id: o.stance for o in d.options} for d in model.decisions},
                    objectives={o.id: o.label for o in model.objectives},
                    actions={a.id: a.name for a in model.actions},
                    events={e.id: e.title for e in model.events},
                    order=tuple(d.id for d in model.decisions),
                )
        return self._labels[key]
