"""Draw a :class:`~.graph.StoryGraph`: SVG (laid out here, in pure Python), an HTML page around
it, or Graphviz DOT (``dot`` lays that out when it is installed).

The pure-Python layout puts each column of the graph (the start, each turn, the flags first set on
each turn, the end) side by side, stacks its nodes, orders each flag column by where its setters
are (fewer crossings), and draws edges as curves from the right of their source (an option's row,
an event) to the left of their target.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from .graph import Node, StoryGraph

CHAR = 6.6  # average width of a 12 px character
BOLD = 7.4  # ... in bold
SMALL = 6.0  # ... at 10.5 px
PAD = 8
ROW = 18
GAP_Y = 14
GAP_X = 46
TOP = 58
NODE_CHARS = 34  # wrap width of a node's title
EMPTY_WIDTH = 18

EDGE_STYLE = {  # kind: (colour, dashed, meaning in the legend)
    "sets": ("#2e7d32", False, "sets the flag"),
    "clears": ("#ef6c00", True, "clears the flag"),
    "needs": ("#1565c0", False, "is needed by"),
    "needs_not": ("#8e24aa", True, "must not hold for"),
    "unlocks": ("#6d4c41", False, "puts on the agenda (after_event)"),
    "late": ("#c62828", True, "needed before it can happen"),
}
NODE_FILL = {
    "decision": "#ffffff",
    "event": "#fff8e1",
    "flag": "#e8f5e9",
    "action": "#e3f2fd",
    "objective": "#f3e5f5",
    "debrief": "#f3e5f5",
}


@dataclass
class _Box:
    node: Node
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    lines: tuple[str, ...] = ()
    row_y: dict[str, float] | None = None


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _lines(node: Node) -> tuple[str, ...]:
    wrapped = textwrap.wrap(node.label, NODE_CHARS) or [""]
    if len(wrapped) > 2:
        wrapped = [wrapped[0], wrapped[1][: NODE_CHARS - 1] + "…"]
    return tuple(wrapped)


def _size(box: _Box) -> None:
    node = box.node
    box.lines = _lines(node)
    if node.kind == "flag":
        box.w = max(60.0, (len(node.label) + 2) * BOLD + 2 * PAD, len(node.sub) * SMALL + 2 * PAD)
        box.h = 34.0
        return
    widths = [(len(line) + 2) * BOLD for line in box.lines]
    widths += [len(node.sub) * SMALL + (70 if node.dead else 0)]
    widths += [(len(_row_text(r.label)) + 2) * CHAR for r in node.rows]
    box.w = min(max(widths) + 2 * PAD, (NODE_CHARS + 2) * BOLD + 2 * PAD)
    box.w = max(box.w, 120.0)
    box.h = 10 + 15 * len(box.lines) + 14 + 6 + ROW * len(node.rows) + (4 if node.rows else 0)


def _row_text(label: str) -> str:
    return label if len(label) <= NODE_CHARS + 4 else label[: NODE_CHARS + 3] + "…"


def layout(graph: StoryGraph) -> tuple[list[_Box], list[float], list[float], float, float]:
    """Boxes placed; the x and width of each column; the whole width and height."""
    boxes = [_Box(n) for n in graph.nodes]
    for box in boxes:
        _size(box)
    by_column: dict[int, list[_Box]] = {}
    for box in boxes:
        by_column.setdefault(box.node.column, []).append(box)
    n_columns = len(graph.columns)
    widths = []
    for c in range(n_columns):
        inside = by_column.get(c, [])
        if inside:
            widths.append(max(b.w for b in inside))
        elif c % 2 == 1 and c < n_columns - 1:  # a turn with nothing: keep its heading
            widths.append(70.0)
        else:
            widths.append(EMPTY_WIDTH)
    xs, x = [], 20.0
    for w in widths:
        xs.append(x)
        x += w + GAP_X
    anchors: dict[str, float] = {}  # node or row id -> y of its anchor
    sources: dict[str, list[str]] = {}
    for edge in graph.edges:
        sources.setdefault(edge.target, []).append(edge.source)
    owner = {r.id: n.id for n in graph.nodes for r in n.rows}
    height: float = TOP
    order = {"decision": 0, "action": 1, "event": 2, "flag": 3, "objective": 4, "debrief": 5}
    for c in range(n_columns):
        column = by_column.get(c, [])
        if c % 2 == 0:  # flags and the end: near what leads to them

            def centre(box: _Box) -> float:
                ys = [anchors[s] for s in sources.get(box.node.id, []) if s in anchors]
                return sum(ys) / len(ys) if ys else 1e9

            column.sort(key=lambda b: (order[b.node.kind], centre(b)))
        else:
            column.sort(key=lambda b: order[b.node.kind])
        y: float = TOP
        for box in column:
            box.x = xs[c] + (widths[c] - box.w) / 2 if box.node.kind == "flag" else xs[c]
            box.y = y
            anchors[box.node.id] = y + box.h / 2
            if box.node.rows:
                top = y + 10 + 15 * len(box.lines) + 14 + 4
                box.row_y = {}
                for k, row in enumerate(box.node.rows):
                    box.row_y[row.id] = top + k * ROW + ROW / 2
                    anchors[row.id] = box.row_y[row.id]
            y += box.h + GAP_Y
        height = max(height, y)
    del owner
    return boxes, xs, widths, x, height + 10


def to_svg(graph: StoryGraph) -> str:
    """The graph as a standalone SVG document."""
    boxes, xs, widths, width, height = layout(graph)
    place: dict[str, tuple[float, float, float, bool]] = {}  # id -> (left, right, y, is_row)
    for box in boxes:
        place[box.node.id] = (box.x, box.x + box.w, box.y + box.h / 2, False)
        for row_id, y in (box.row_y or {}).items():
            place[row_id] = (box.x, box.x + box.w, y, True)
    legend_h = 64
    total_h = height + legend_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{total_h:.0f}" '
        f'viewBox="0 0 {width:.0f} {total_h:.0f}" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="12">',
        f"<title>{_esc(graph.title)}: story map</title>",
        _STYLE,
        "<defs>",
    ]
    for kind, (colour, _, _) in EDGE_STYLE.items():
        out.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append('<g class="columns">')
    for c, heading in enumerate(graph.columns):
        if c % 2 == 1 or c == 0 or c == len(graph.columns) - 1:
            shade = "#f5f7fa" if c % 2 == 1 else "#fbfbfb"
            out.append(
                f'<rect x="{xs[c] - GAP_X / 4:.1f}" y="30" width="{widths[c] + GAP_X / 2:.1f}" '
                f'height="{height - 30:.1f}" fill="{shade}" rx="6"/>'
            )
            out.append(
                f'<text class="heading" x="{xs[c] + widths[c] / 2:.1f}" y="48" '
                f'text-anchor="middle">{_esc(heading)}</text>'
            )
    out.append(f'<text class="title" x="20" y="20">{_esc(graph.title)} — story map</text></g>')
    out.append('<g class="edges">')
    for edge in graph.edges:
        if edge.source not in place or edge.target not in place:
            continue
        s_left, s_right, sy, _ = place[edge.source]
        t_left, t_right, ty, _ = place[edge.target]
        kind = edge.kind
        if t_left <= s_left:  # needed before it can happen
            kind = "late" if edge.kind in ("needs", "unlocks") else edge.kind
        colour, dashed, _ = EDGE_STYLE[kind]
        sx, tx = s_right, t_left
        bend = max(40.0, abs(tx - sx) / 2.5)
        path = (
            f"M{sx:.1f},{sy:.1f} C{sx + bend:.1f},{sy:.1f} "
            f"{tx - bend:.1f},{ty:.1f} {tx:.1f},{ty:.1f}"
        )
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        out.append(
            f'<path class="edge {kind}" data-from="{_esc(edge.source)}" '
            f'data-to="{_esc(edge.target)}" d="{path}" stroke="{colour}"{dash} '
            f'marker-end="url(#arrow-{kind})"/>'
        )
    out.append("</g>")
    out.append('<g class="nodes">')
    for box in boxes:
        out.append(_node_svg(box))
    out.append("</g>")
    out.append(_legend(20, height + 8))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _node_svg(box: _Box) -> str:
    node = box.node
    classes = (
        f"node {node.kind}" + (" dead" if node.dead else "") + (" likely" if node.likely else "")
    )
    fill = NODE_FILL.get(node.kind, "#fff")
    parts = [
        f'<g class="{classes}" data-id="{_esc(node.id)}"><title>{_esc(node.tip)}</title>',
    ]
    if node.kind == "flag":
        parts.append(
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
            f'rx="{box.h / 2:.1f}" fill="{fill}"/>'
        )
        parts.append(
            f'<text x="{box.x + box.w / 2:.1f}" y="{box.y + 14:.1f}" text-anchor="middle" '
            f'class="flagname">⚑ {_esc(node.label)}</text>'
        )
        parts.append(
            f'<text x="{box.x + box.w / 2:.1f}" y="{box.y + 27:.1f}" text-anchor="middle" '
            f'class="sub">{_esc(node.sub)}</text>'
        )
        parts.append("</g>")
        return "".join(parts)
    radius = 10 if node.kind == "event" else 4
    parts.append(
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
        f'rx="{radius}" fill="{fill}"/>'
    )
    y = box.y + 16
    icon = {"event": "⚡ ", "action": "☎ ", "objective": "◎ ", "debrief": "✎ "}.get(node.kind, "")
    for k, line in enumerate(box.lines):
        prefix = icon if k == 0 else ""
        parts.append(
            f'<text x="{box.x + PAD:.1f}" y="{y:.1f}" class="label">{_esc(prefix + line)}</text>'
        )
        y += 15
    parts.append(f'<text x="{box.x + PAD:.1f}" y="{y - 1:.1f}" class="sub">{_esc(node.sub)}</text>')
    if node.dead:
        parts.append(
            f'<text x="{box.x + box.w - PAD:.1f}" y="{box.y + 16:.1f}" text-anchor="end" '
            f'class="never">{"probably never" if node.likely else "never"}</text>'
        )
    for row in node.rows:
        ry = (box.row_y or {})[row.id]
        row_class = "row" + (" dead" if row.dead else "") + (" likely" if row.likely else "")
        parts.append(
            f'<g class="{row_class}" data-id="{_esc(row.id)}"><title>{_esc(row.tip)}</title>'
        )
        parts.append(
            f'<rect x="{box.x + 3:.1f}" y="{ry - ROW / 2 + 1:.1f}" width="{box.w - 6:.1f}" '
            f'height="{ROW - 2}" rx="3"/>'
        )
        mark = "✗ " if row.dead else "• "
        parts.append(
            f'<text x="{box.x + PAD:.1f}" y="{ry + 4:.1f}">'
            f"{_esc(mark + _row_text(row.label))}</text>"
        )
        parts.append("</g>")
    parts.append("</g>")
    return "".join(parts)


def _legend(x: float, y: float) -> str:
    parts = ['<g class="legend">']
    cx = x
    for kind, (colour, dashed, meaning) in EDGE_STYLE.items():
        dash = ' stroke-dasharray="5,4"' if dashed else ""
        parts.append(
            f'<path d="M{cx:.0f},{y + 12:.0f} h30" stroke="{colour}" stroke-width="2"{dash} '
            f'marker-end="url(#arrow-{kind})"/>'
        )
        parts.append(f'<text x="{cx + 36:.0f}" y="{y + 16:.0f}" class="sub">{_esc(meaning)}</text>')
        cx += 44 + len(meaning) * 6.0
    cx = x
    for label, cls in (
        ("decision (• its options)", "decision"),
        ("⚡ event", "event"),
        ("⚑ flag", "flag"),
        ("never happens", "dead"),
        ("probably never (money)", "likely"),
    ):
        parts.append(
            f'<g class="node {cls}"><rect x="{cx:.0f}" y="{y + 30:.0f}" '
            f'width="{len(label) * 6.6 + 16:.0f}" '
            f'height="22" rx="4" fill="{NODE_FILL.get(cls, "#fff")}"/>'
            f'<text x="{cx + 8:.0f}" y="{y + 45:.0f}">{_esc(label)}</text></g>'
        )
        cx += len(label) * 6.6 + 28
    parts.append("</g>")
    return "".join(parts)


_STYLE = """<style>
.title { font-size: 16px; font-weight: bold; fill: #222; }
.heading { font-size: 12px; font-weight: bold; fill: #455a64; }
.node > rect { stroke: #607d8b; stroke-width: 1.2; }
.node.decision > rect { stroke: #37474f; stroke-width: 1.5; }
.node.dead > rect { stroke: #c62828; stroke-width: 2; stroke-dasharray: 6,3; }
.node.likely > rect { stroke: #ef6c00; }
.label { font-weight: bold; fill: #212121; }
.flagname { font-weight: bold; fill: #1b5e20; }
.sub { font-size: 10.5px; fill: #546e7a; }
.never { font-size: 10.5px; font-weight: bold; fill: #c62828; }
.row > rect { fill: #eceff1; stroke: none; }
.row.dead > rect { fill: #ffebee; }
.row.dead > text { fill: #c62828; text-decoration: line-through; }
.edge { fill: none; stroke-width: 1.6; opacity: 0.75; }
.hi { opacity: 1; stroke-width: 3; }
.dim { opacity: 0.12; }
</style>"""


def to_dot(graph: StoryGraph) -> str:
    """The graph in Graphviz DOT: one cluster per column, options as ports of their decision."""
    lines = [
        "digraph story {",
        "  rankdir=LR; newrank=true; nodesep=0.25; ranksep=0.6;",
        '  node [fontname="Helvetica" fontsize=11 shape=box style="rounded,filled" '
        'fillcolor="#ffffff"];',
        "  edge [arrowsize=0.7 penwidth=1.3];",
        f'  label="{_dot_text(graph.title)} — story map"; labelloc=t; fontname="Helvetica";',
    ]
    ids = {n.id: f"n{i}" for i, n in enumerate(graph.nodes)}
    port: dict[str, str] = {}
    by_column: dict[int, list[Node]] = {}
    for node in graph.nodes:
        by_column.setdefault(node.column, []).append(node)
        for k, row in enumerate(node.rows):
            port[row.id] = f"{ids[node.id]}:p{k}"
    for c, heading in enumerate(graph.columns):
        nodes = by_column.get(c, [])
        lines.append(f'  a{c} [style=invis shape=point width=0 label=""];')
        if not nodes:
            continue
        lines.append(f'  subgraph cluster_{c} {{ label="{_dot_text(heading)}"; color="#cfd8dc";')
        lines.append(f"    {{ rank=same; a{c}; {'; '.join(ids[n.id] for n in nodes)}; }}")
        for node in nodes:
            lines.append(f"    {ids[node.id]} {_dot_node(node)};")
        lines.append("  }")
    chain = " -> ".join(f"a{c}" for c in range(len(graph.columns)))
    lines.append(f"  {chain} [style=invis weight=100];")
    for edge in graph.edges:
        source = port.get(edge.source) or ids.get(edge.source)
        target = port.get(edge.target) or ids.get(edge.target)
        if source is None or target is None:
            continue
        colour, dashed, meaning = EDGE_STYLE[edge.kind]
        style = ' style="dashed"' if dashed else ""
        lines.append(
            f'  {source} -> {target} [color="{colour}"{style} tooltip="{_dot_text(meaning)}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_node(node: Node) -> str:
    colour = "#c62828" if node.dead else "#37474f"
    style = "dashed" if node.dead else "solid"
    fill = NODE_FILL.get(node.kind, "#ffffff")
    if node.kind == "flag":
        return (
            f'[shape=box style="rounded,filled,{style}" fillcolor="{fill}" color="{colour}" '
            f'label="⚑ {_dot_text(node.label)}\\n{_dot_text(node.sub)}" '
            f'tooltip="{_dot_text(node.tip)}"]'
        )
    rows = "".join(
        f'<tr><td port="p{k}" align="left" bgcolor="{"#ffebee" if r.dead else "#eceff1"}">'
        f"{'✗ ' if r.dead else '• '}{html.escape(r.label[:60])}</td></tr>"
        for k, r in enumerate(node.rows)
    )
    title = "<br/>".join(html.escape(line) for line in _lines(node))
    never = ' <font color="#c62828">never</font>' if node.dead else ""
    label = (
        f'<<table border="1" cellborder="0" cellspacing="2" cellpadding="3" bgcolor="{fill}" '
        f'color="{colour}" style="rounded"><tr><td align="left"><b>{title}</b>{never}<br/>'
        f'<font point-size="9">{html.escape(node.sub)}</font></td></tr>{rows}</table>>'
    )
    return f'[shape=plain label={label} tooltip="{_dot_text(node.tip)}"]'


def to_html(graph: StoryGraph, svg: str, dead: list[tuple[str, str, bool]]) -> str:
    """A page with the map, and every item that can never (or probably never) happen."""
    items = "".join(
        f'<li class="{"warning" if not sure else "error"}"><code>{_esc(where)}</code> '
        f"{_esc(message)}</li>"
        for where, message, sure in dead
    )
    listing = (
        f"<h2>Can never happen ({len(dead)})</h2><ul>{items}</ul>"
        if dead
        else "<p>Every decision, option, event and text can come up.</p>"
    )
    counts = {
        kind: sum(1 for n in graph.nodes if n.kind == kind)
        for kind in ("decision", "event", "flag")
    }
    summary = ", ".join(f"{v} {k}s" for k, v in counts.items())
    return _PAGE.format(
        title=_esc(graph.title),
        summary=_esc(summary),
        svg=svg,
        listing=listing,
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} — story map</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }}
.map {{ overflow: auto; border: 1px solid #cfd8dc; border-radius: 6px; }}
li.error code {{ color: #c62828; }} li.warning code {{ color: #ef6c00; }}
li {{ margin: 0.3rem 0; }}
</style></head><body>
<h1>{title}</h1>
<p>{summary}. Point at a decision, an option, a flag or an event to see what leads to it and
what it leads to; hover for its conditions.</p>
<div class="map">
{svg}
</div>
{listing}
<script>
document.querySelectorAll('[data-id]').forEach(function (el) {{
  const id = el.getAttribute('data-id');
  const inner = Array.from(el.querySelectorAll('[data-id]'));
  const ids = [id].concat(inner.map(e => e.getAttribute('data-id')));
  el.addEventListener('mouseenter', function () {{
    document.querySelectorAll('.edge').forEach(function (e) {{
      const on = ids.includes(e.dataset.from) || ids.includes(e.dataset.to);
      e.classList.toggle('hi', on); e.classList.toggle('dim', !on);
    }});
  }});
  el.addEventListener('mouseleave', function () {{
    document.querySelectorAll('.edge').forEach(e => e.classList.remove('hi', 'dim'));
  }});
}});
</script>
</body></html>
"""
