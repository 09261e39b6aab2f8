"""Warnings about a valid scenario that probably does not play as its author meant.

* An overlapping group that needs a service, left out of the service's ``incidence`` that
  reaches a group it is part of, gets none of it ("Groups not listed get 0"): renters of the
  east side left out of the east side's buses lose nothing when the buses are cut. Listing it,
  even at 0, says the author meant it.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from .locate import Document


def check(data: dict[str, Any], doc: Document) -> list[Problem]:
    """Every warning about ``data`` (``model.model_dump()``), located in ``doc``."""
    return _overlaps_left_out(data, doc)


def _overlaps_left_out(data: dict[str, Any], doc: Document) -> list[Problem]:
    groups = {g["id"]: g for g in data["groups"]}
    out = []
    for d, domain in enumerate(data["domains"]):
        incidence = domain.get("incidence")
        if incidence is None:  # a universal service reaches every group
            continue
        for group in data["groups"]:
            if group["id"] in incidence or not group.get("needs", {}).get(domain["id"], 0) > 0:
                continue  # listed, or it does not need this service: nothing is lost
            reached = [p for p in group.get("overlaps", []) if incidence.get(p, 0) > 0]
            if not reached:
                continue
            parents = " and ".join(f"'{groups[p]['name']}'" for p in reached)
            out.append(
                doc.problem(
                    ("domains", d, "incidence"),
                    f"'{group['name']}' is part of {parents}, which {domain['name']} reaches, "
                    f"but is not listed here, so it gets none of it: cutting or adding to "
                    f"{domain['name']} does nothing for them",
                    f"list {group['id']} with how much of it reaches them "
                    f"(e.g. {group['id']}: {incidence[reached[0]]:g}, as {reached[0]}), "
                    f"or {group['id']}: 0 if it truly does not",
                )
            )
    return out
