"""Warnings about a valid scenario that probably does not play as its author meant.

* An overlapping group that needs a service, left out of the service's ``incidence`` that
  reaches a group it is part of, gets none of it ("Groups not listed get 0"): renters of the
  east side left out of the east side's buses lose nothing when the buses are cut. Listing it,
  even at 0, says the author meant it.
* A group the author made the city sure or fairly sure about (``uncertainty`` given, under 0.55)
  whose ``belief`` (equal weights when left out) is far from its ``needs``: the city shrinks its
  uncertainty and its error alike, so it would read "sure" while it mis-aims every turn (and
  "fairly sure" beside "an even guess" when the belief is left out).
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..wording import sureness
from .locate import Document


def check(data: dict[str, Any], doc: Document) -> list[Problem]:
    """Every warning about ``data`` (``model.model_dump()``), located in ``doc``."""
    return _overlaps_left_out(data, doc) + _sure_but_wrong(data, doc)


#: below this uncertainty the city reads "is sure" or "is fairly sure" (wording.sureness)
SURE = 0.55
#: a belief this far from the needs (half the sum of the differences: the share of the
#: attention misplaced) is far: a whole third of it on the wrong services
FAR = 0.3


def _sure_but_wrong(data: dict[str, Any], doc: Document) -> list[Problem]:
    domains = [d["id"] for d in data["domains"]]
    out = []
    for i, group in enumerate(data["groups"]):
        uncertainty = group.get("uncertainty", 0.5)
        if uncertainty >= SURE or not domains or ("groups", i, "uncertainty") not in doc.spots:
            continue  # unsure, or the default (0.5) beside a belief left out: nothing said
        belief = group.get("belief") or {d: 1 / len(domains) for d in domains}
        needs = group.get("needs", {})
        off = 0.5 * sum(abs(belief.get(d, 0.0) - needs.get(d, 0.0)) for d in domains)
        if off < FAR:
            continue
        said = "its belief" if group.get("belief") else "no belief (equal weights)"
        out.append(
            doc.problem(
                ("groups", i, "uncertainty"),
                f"the city {sureness(uncertainty)} about '{group['name']}' (uncertainty "
                f"{uncertainty:g}) but {said} is {off:.0%} away from their needs, so players "
                f"would read 'the city {sureness(uncertainty)}' while it mis-aims their services",
                "give a belief close to the needs, or a higher uncertainty (0.55 or more "
                "reads 'unsure')",
            )
        )
    return out


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
