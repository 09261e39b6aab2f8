"""Move scenario files from format 1 (simcity-council 0.2) to format 2 (0.3), as text, keeping
comments and layout. docs/authoring.md, "From format 1 to format 2", says what it does and what
an author must then check::

    python tools/migrate_v1.py OLD.yaml -o NEW.yaml          # writes the format-2 copy
    python tools/migrate_v1.py FILE.yaml [FILE.yaml ...]     # rewrites each file in place

What changes:

* ``schema_version: 1`` -> ``2``; ``priorities:`` -> ``needs:`` (the same true needs, now drawn
  anew around these values in every game);
* every domain gets a ``baseline`` (format 2 needs one): format 1 had no running budget, so the
  baselines added are a placeholder, the old revenue split evenly, and ``city.revenue`` grows by
  their sum, so the money free each turn stays what it was. An author should replace them with
  real figures (they decide how much a given amount changes each service);
* a group with ``share: 0`` (format 1's way of leaving a group out of population figures)
  becomes ``kind: organisation``, marked MIGRATED: format 1 also used share 0 for residents
  it did not want counted twice (e.g. houseless people among renters); give those a share and
  ``overlaps`` instead;
* an option's ``recurring: X`` becomes ``budget: {DOMAIN: X}`` (the first domain it spends on);
* weights format 2 no longer has (:data:`GONE_WEIGHTS`) are removed; the ``model:`` section is
  marked MIGRATED, since weights that kept their name changed meaning (docs/model.md).

Every guess is marked ``# MIGRATED`` in the file.

It refuses a file that is not format 1 and says why; it changes nothing when it fails.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import yaml

#: Format-1 weights that model version 2 does not have.
GONE_WEIGHTS = (
    "transparency_weight",
    "expectation_rate",
    "resilience_decay",
    "process_reference",
    "transparency_reference",
    "benefit_scale",
    "expectation_base",
    "promise_expectation",
)


def migrate_text(text: str) -> str:
    """``text`` of a format-1 scenario as format 2 (module docstring)."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise ValueError("not a format-1 scenario (schema_version: 1)")
    domains = [d["id"] for d in data.get("domains") or [] if isinstance(d, dict) and "id" in d]
    revenue = float((data.get("city") or {}).get("revenue") or 0.0)
    baseline = round(revenue / max(len(domains), 1), 2) or 1000.0
    lines = text.split("\n")
    out: list[str] = []
    section = None
    for line in lines:
        top = re.match(r"^([a-z_]+):", line)
        if top:
            section = top.group(1)
        if re.match(r"^schema_version:\s*1\b", line):
            line = re.sub(r"1\b", "2", line, count=1)
        line = re.sub(r"\bpriorities:", "needs:", line)
        if section == "model" and any(re.match(rf"^\s+{w}:", line) for w in GONE_WEIGHTS):
            continue
        if top and section == "model" and "MIGRATED" not in line:
            line += "  # MIGRATED: check each weight against docs/model.md (model version 2)"
        if section == "domains":
            flow = re.match(r"^(\s*-\s*\{.*)\}(\s*(#.*)?)$", line)
            if flow and "baseline" not in line:
                line = f"{flow.group(1)}, baseline: {baseline:g}}}{flow.group(2)}"
                line += "  # MIGRATED: set a real baseline" if "#" not in flow.group(2) else ""
            block = re.match(r"^(\s*)-\s+id:\s", line)
            if block:
                out.append(line)
                out.append(
                    f"{block.group(1)}  baseline: {baseline:g}  # MIGRATED: set a real figure"
                )
                continue
        if section == "groups":
            marked = re.sub(r"\bshare:\s*0(\.0+)?\b(?!\.)", "kind: organisation", line)
            if marked != line and "#" not in marked:
                marked += "  # MIGRATED: was share 0; residents need a share (and overlaps)"
            line = marked
        recurring = re.match(r"^(\s*)recurring:\s*([0-9.eE+_]+)(.*)$", line)
        if recurring and domains:
            indent, amount, rest = recurring.groups()
            line = f"{indent}budget: {{{_spend_domain(out, domains)}: {amount}}}{rest}"
        if section == "city":
            money = re.match(r"^(\s*revenue:\s*)([0-9.eE+_]+)(.*)$", line)
            if money:
                line = f"{money.group(1)}{revenue + baseline * len(domains):g}{money.group(3)}"
            inline = re.match(r"^(city:\s*\{.*\brevenue:\s*)([0-9.eE+_]+)(.*)$", line)
            if inline:
                line = f"{inline.group(1)}{revenue + baseline * len(domains):g}{inline.group(3)}"
        out.append(line)
    return "\n".join(out)


def _spend_domain(previous: list[str], domains: list[str]) -> str:
    """The first domain the option being written spends on (looking back to its ``- id:``)."""
    for line in reversed(previous):
        spend = re.search(r"spend:\s*\{\s*([a-z][a-z0-9_]*)\s*:", line)
        if spend and spend.group(1) in domains:
            return spend.group(1)
        if re.match(r"^\s*-\s+id:\s", line):
            break
    return domains[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/migrate_v1.py",
        description="Move scenario files from format 1 to format 2 (in place, or to -o FILE).",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.yaml")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="NEW.yaml", help="write here (one input file only)"
    )
    args = parser.parse_args(argv)
    if args.output is not None and len(args.files) != 1:
        parser.error("-o/--output takes exactly one input file")
    status = 0
    for path in args.files:
        target = args.output or path
        try:
            new = migrate_text(path.read_text(encoding="utf-8"))
            _write(target, new)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
            print(f"{path}: not migrated: {error}", file=sys.stderr)
            status = 1
            continue
        print(
            f"{target}: format 2; now check every line marked MIGRATED (baselines are "
            "placeholders) and run: simcity-council validate " + str(target)
        )
    return status


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    folder = path.resolve().parent
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
