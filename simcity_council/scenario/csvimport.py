"""Tables from a spreadsheet into a scenario: groups x needs, the city's belief, and incidence
(domains x groups: how much of each service reaches each group).

The CSV's first row names the columns and its first column the rows, by id or by name (any
case): groups and domains, one way round or the other. Cells are numbers, percentages (``35%``)
or empty (0); a decimal comma works with ``;``-separated files. A row of weights that must sum to
1 and sums to about 100 is read as percentages; one that sums to within 2 % of 1 (spreadsheet
rounding) is evened out so that it sums to exactly 1, in thousandths.

The scenario file is edited as text, so its comments and layout stay: each item's field is
replaced (or added) as one flow mapping, ``needs: {streets: 0.6, parks: 0.3}``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, ScenarioError
from .locate import Document

SUMS_TO_ONE = ("needs", "belief")
ROWS = {"needs": "groups", "belief": "groups", "incidence": "domains"}


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    """A CSV table: row keys, column keys, values (None for an empty cell)."""

    rows: list[str]
    columns: list[str]
    values: list[list[float]]
    file: str

    def transposed(self) -> Table:
        """Rows and columns swapped, so a table may be laid out either way round."""
        values = [list(col) for col in zip(*self.values, strict=True)] if self.values else []
        return Table(self.columns, self.rows, values, self.file)


def read_table(text: str, file: str) -> Table:
    """Parse CSV text (``,`` ``;`` or tab separated)."""

    def fail(line: int, message: str, hint: str = "") -> ScenarioError:
        return ScenarioError([Problem(file, line, 1 if line else 0, "", message, hint)])

    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    if len(rows) < 2 or len(rows[0]) < 2:
        raise fail(
            0,
            "the table needs a header row and at least one row of numbers",
            "first row: a corner cell, then the column names; each other row: a name, "
            "then the numbers",
        )
    header = [c.strip() for c in rows[0]]
    decimal_comma = getattr(dialect, "delimiter", ",") != ","
    out_rows, values = [], []
    for number, row in enumerate(rows[1:], 2):
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise fail(number, f"this row has {len(row)} cells; the header has {len(header)}")
        out_rows.append(cells[0])
        numbers = []
        for column, cell in zip(header[1:], cells[1 : len(header)], strict=True):
            numbers.append(
                _number(
                    cell, decimal_comma, lambda m, c=column, n=number: fail(n, f"column '{c}': {m}")
                )
            )
        values.append(numbers)
    return Table(out_rows, header[1:], values, file)


def _number(cell: str, decimal_comma: bool, fail: Any) -> float:
    text = cell.replace(" ", "").replace("\u00a0", "")
    if not text:
        return 0.0
    percent = text.endswith("%")
    text = text.rstrip("%")
    if decimal_comma or (text.count(",") == 1 and "." not in text):
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise fail(f"'{cell}' is not a number")
    value = float(text)
    return value / 100 if percent else value


def _match(name: str, items: list[dict[str, Any]]) -> str | None:
    lowered = name.strip().lower()
    for item in items:
        if lowered in (str(item.get("id", "")).lower(), str(item.get("name", "")).lower()):
            return str(item["id"])
    return None


def plan_import(table: Table, data: dict[str, Any], field: str | None) -> tuple[str, str, Table]:
    """Which section and field the table fills (``groups``/``needs`` by default), with the
    table turned so that its rows are that section's items and its columns the other's (groups
    may be the rows or the columns of the spreadsheet)."""
    groups, domains = data.get("groups") or [], data.get("domains") or []

    def fits(rows: list[str], cols: list[str], r: list, c: list) -> int:
        return sum(_match(x, r) is not None for x in rows) + sum(
            _match(x, c) is not None for x in cols
        )

    by_groups = fits(table.rows, table.columns, groups, domains)
    by_domains = fits(table.rows, table.columns, domains, groups)
    field = field or "needs"
    section = ROWS[field]
    if (section == "groups") != (by_groups >= by_domains):
        table = table.transposed()
    return section, field, table


def weights(table: Table, data: dict[str, Any], section: str, field: str) -> dict[str, dict]:
    """The new field of each item, checked: every name known, and weights that sum to 1."""
    rows_of = data.get(section) or []
    cols_of = data.get("domains" if section == "groups" else "groups") or []
    problems: list[Problem] = []
    out: dict[str, dict[str, float]] = {}
    columns = []
    for name in table.columns:
        found = _match(name, cols_of)
        if found is None:
            problems.append(_unknown(table.file, 1, name, cols_of))
        columns.append(found)
    for i, name in enumerate(table.rows):
        found = _match(name, rows_of)
        if found is None:
            problems.append(_unknown(table.file, i + 2, name, rows_of))
            continue
        row = {c: v for c, v in zip(columns, table.values[i], strict=True) if c is not None}
        if field in SUMS_TO_ONE:
            fixed = _to_one(row)
            if fixed is None:
                total = sum(row.values())
                problems.append(
                    Problem(
                        table.file,
                        i + 2,
                        1,
                        "",
                        f"'{name}': the {field} sum to {total:g}, not 1 (or 100 %)",
                        "make each row add up to 1, or to 100",
                    )
                )
                continue
            row = fixed
        out[found] = {k: v for k, v in row.items() if v != 0 or field not in SUMS_TO_ONE}
    if problems:
        raise ScenarioError(problems)
    return out


def _unknown(file: str, line: int, name: str, items: list[dict[str, Any]]) -> Problem:
    known = [str(i.get("id")) for i in items]
    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
    return Problem(file, line, 1, "", f"'{name}' is not a group or domain of the scenario", hint)


def _to_one(row: dict[str, float]) -> dict[str, float] | None:
    """Weights that sum to exactly 1, in thousandths; None if they are not close."""
    total = sum(row.values())
    if 98 <= total <= 102:
        row = {k: v / 100 for k, v in row.items()}
        total /= 100
    if total <= 0 or abs(total - 1) > 0.02 or any(v < 0 for v in row.values()):
        return None
    exact = {k: v / total * 1000 for k, v in row.items()}
    floors = {k: int(v) for k, v in exact.items()}
    left = 1000 - sum(floors.values())
    for k in sorted(exact, key=lambda k: exact[k] - floors[k], reverse=True)[:left]:
        floors[k] += 1
    return {k: v / 1000 for k, v in floors.items()}


def rewrite(doc: Document, section: str, field: str, new: dict[str, dict[str, float]]) -> str:
    """The file's text with ``field`` of each item of ``section`` in ``new`` replaced or added."""
    text = doc.text
    edits: list[tuple[int, int, str]] = []
    items = doc.data.get(section) or []
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if ident not in new:
            continue
        flow = "{" + ", ".join(f"{k}: {_fmt(v)}" for k, v in new[ident].items()) + "}"
        path = (section, i, field)
        key = doc.key_spots.get(path)
        if key is not None:
            colon = text.index(":", key.end)
            end = _value_end(text, doc.spots[path], key.column)
            edits.append((colon + 1, end, f" {flow}"))
            continue
        spot = doc.spots[(section, i)]
        if spot.style == "flow":
            close = _flow_end(text, spot.start) - 1
            edits.append((close, close, f", {field}: {flow}"))
        else:
            end = _block_end(text, spot.start, spot.column)
            edits.append((end, end, f"{' ' * (spot.column - 1)}{field}: {flow}\n"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _fmt(value: float) -> str:
    return f"{round(value, 4):g}"


def _flow_end(text: str, start: int) -> int:
    """The offset just after the ``}`` or ``]`` that closes the bracket at ``start``."""
    depth, quote, i = 0, "", start
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def _value_end(text: str, spot: Any, key_column: int) -> int:
    if spot.style == "flow":
        return _flow_end(text, spot.start)
    if spot.style == "block":
        return _block_end(text, spot.start, key_column + 1) - 1
    line_end = text.find("\n", spot.start)
    return len(text) if line_end < 0 else line_end


def _block_end(text: str, start: int, column: int) -> int:
    """The offset after the last line of the block that starts at ``start`` and is indented to
    ``column`` (1-based) or deeper."""
    line_end = text.find("\n", start)
    pos = len(text) if line_end < 0 else line_end + 1
    last = pos
    while pos < len(text):
        nxt = text.find("\n", pos)
        line = text[pos : len(text) if nxt < 0 else nxt]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if stripped and not stripped.startswith("#"):
            if indent < column - 1 or (indent == column - 1 and stripped.startswith("- ")):
                break
            last = len(text) if nxt < 0 else nxt + 1
        pos = len(text) if nxt < 0 else nxt + 1
    return last
