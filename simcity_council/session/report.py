"""The class debrief report: one self-contained HTML file for instructors.

Per scenario: how many sessions, how the outcomes are spread, what the class chose at each decision,
the paths that led to the best and the worst lowest-group trust, and each objective's pass rate.
Charts are inline SVG; there are no scripts, fonts or images to fetch.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from .. import __version__
from ..errors import LogError
from ..safeout import write_file
from ..wording import points
from . import svg
from .labels import LabelCache, Labels
from .logformat import EndRecord, SessionLog
from .logmodels import FORMAT_VERSION
from .privacy import FILE_MODE

SCORES = (
    ("trust_mean", "Mean resident trust (population-weighted)"),
    ("trust_min", "Lowest resident group's trust"),
    ("trust_gap", "Trust gap (highest - lowest resident group)"),
    ("resilience", "Economic resilience"),
    ("engagement", "Engagement (population-weighted)"),
    ("reserve", "Reserve"),
)

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:#1f2933;background:#fff;margin:0;line-height:1.5;font-size:16px}
main{max-width:62rem;margin:0 auto;padding:2rem 1.5rem 4rem}
h1{font-size:1.9rem;margin:0 0 .25rem}h2{font-size:1.4rem;margin:2.5rem 0 .5rem;
border-bottom:2px solid #e5e7eb;padding-bottom:.25rem}h3{font-size:1.1rem;margin:1.5rem 0 .4rem}
.muted{color:#6b7280}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));
gap:1rem 1.5rem}figure{margin:0}figcaption{font-weight:600;font-size:.95rem}
table{border-collapse:collapse;width:100%;font-size:.93rem;margin:.4rem 0 1rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{font-weight:600;background:#f9fafb}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.tag{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;color:#fff}
.inclusive{background:#1b7f79}.narrow{background:#b5532d}.mixed{background:#7a6aa8}
.card{border:1px solid #e5e7eb;border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
table.shares{table-layout:fixed;margin-bottom:0}table.shares col.n{width:5rem}
tr.none td{color:#9ca3af}table.paths{table-layout:fixed}table.paths col.turn{width:7.5rem}
table.paths th{vertical-align:bottom}.step{margin:0 0 .35rem}
"""


def _quantile(ordered: Sequence[float], q: float) -> float:
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _fmt(key: str, value: float) -> str:
    return f"{value:,.0f}" if key == "reserve" else f"{value * 100:.0f}"


def _tag(stance: str) -> str:
    return f'<span class="tag {escape(stance)}">{escape(stance)}</span>' if stance else ""


def render_report(
    logs: Sequence[SessionLog], labels: LabelCache | None = None, left_out: str = ""
) -> str:
    """The whole HTML document. ``left_out`` says which sessions the selection left out (e.g.
    automatic runs), for the reader of the report."""
    labels = labels or LabelCache()
    by_scenario: dict[str, list[SessionLog]] = defaultdict(list)
    for log in logs:
        by_scenario[log.header.scenario_id].append(log)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Class debrief: {escape(_titles(by_scenario))}</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>Class debrief</h1>",
        f'<p class="muted">{len(logs)} session(s) in {len(by_scenario)} scenario(s). '
        f"Generated {now} by simcity-council {escape(__version__)} (log format "
        f"{FORMAT_VERSION}). Players are pseudonyms.</p>",
    ]
    if left_out:
        parts.append(
            f'<p class="muted">Not counted: {escape(left_out.removeprefix("left out: "))}. '
            "Automatic runs (a policy played) are left out of class figures unless the report "
            "is made with --include-auto.</p>"
        )
    for scenario_logs in by_scenario.values():
        parts.append(_scenario_section(scenario_logs, labels.get(scenario_logs[0])))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _titles(by_scenario: dict[str, list[SessionLog]]) -> str:
    """What the report is about, for its title: the scenarios' titles (the browser tab and a
    saved file's name show it)."""
    titles = [logs[0].header.scenario_title for logs in by_scenario.values()]
    if not titles:
        return "no sessions"
    return titles[0] if len(titles) == 1 else f"{len(titles)} scenarios ({'; '.join(titles)})"


def _scenario_section(logs: list[SessionLog], labels: Labels) -> str:
    h = logs[0].header
    finished = [(log, log.end) for log in logs if log.end is not None]
    hashes = {log.header.scenario_sha256 for log in logs}
    out = [
        f"<h2>{escape(h.scenario_title)} <span class='muted'>({escape(h.scenario_id)})</span></h2>",
        f"<p>{len(logs)} session(s): {len(finished)} finished, "
        f"{len(logs) - len(finished)} unfinished (unfinished sessions count in the choices but "
        "not in the outcomes).</p>",
        _provenance(logs),
    ]
    if len(hashes) > 1:
        out.append(
            f"<p><strong>Note:</strong> these sessions were played on {len(hashes)} different "
            "versions of the scenario file.</p>"
        )
    if not labels.order:
        out.append(
            f"<p><strong>Note:</strong> the scenario file ({escape(h.scenario_source)}) could not "
            "be loaded with the hash these logs recorded, so decisions and options are shown by "
            "their ids. Put the scenario as played next to the logs to see their titles.</p>"
        )
    out.append(_outcomes(finished))
    out.append(_choices(logs, labels))
    out.append(_paths(finished, labels))
    out.append(_objectives(finished))
    out.append(_reflections(logs))
    return "\n".join(out)


def _provenance(logs: list[SessionLog]) -> str:
    """Sections, resumed sessions, automatic turns, consent: what the figures are made of."""
    sections = Counter(log.header.section or "(none given)" for log in logs)
    resumed = sum(1 for log in logs if log.resumes)
    auto = sum(1 for log in logs if log.auto)
    consent = Counter(log.header.consent for log in logs)
    parts = [
        "sections: " + ", ".join(f"{escape(name)} {n}" for name, n in sorted(sections.items())),
        f"{resumed} resumed after a stop",
        "consent: "
        + ", ".join(f"{k} {consent[k]}" for k in ("yes", "no", "unknown") if consent[k]),
    ]
    if auto:
        parts.append(f"{auto} with turns played by a policy (included with --include-auto)")
    return '<p class="muted">' + "; ".join(parts) + ".</p>"


def _reflections(logs: list[SessionLog]) -> str:
    """Every written answer, by question, with the pseudonym that wrote it."""
    answers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for log in logs:
        for r in log.reflections:
            if r.answer.strip():
                answers[r.question].append((log.header.player, r.answer))
    if not answers:
        return "<h3>Reflections</h3><p>No written answers yet.</p>"
    out = [
        "<h3>Reflections</h3>",
        '<p class="muted">What students wrote at the end, question by question.</p>',
    ]
    for question, items in answers.items():
        out.append(
            f'<div class="card"><strong>{escape(question)}</strong> '
            f'<span class="muted">({len(items)} answer(s))</span><ul>'
            + "".join(
                f"<li>{escape(answer)} <span class='muted'>- {escape(player)}</span></li>"
                for player, answer in items
            )
            + "</ul></div>"
        )
    return "\n".join(out)


def _outcomes(finished: list[tuple[SessionLog, EndRecord]]) -> str:
    if not finished:
        return "<h3>Outcomes</h3><p>No session has finished yet.</p>"
    out = ["<h3>Outcomes</h3>", "<table><tr><th>score</th>"]
    out.append("".join(f'<th class="num">{h}</th>' for h in ("mean", "p10", "median", "p90")))
    out.append("</tr>")
    charts = []
    for key, title in SCORES:
        values = sorted(float(end.scores[key]) for _, end in finished if key in end.scores)
        if not values:
            continue
        mean = sum(values) / len(values)
        cells = [mean, *(_quantile(values, q) for q in (0.1, 0.5, 0.9))]
        out.append(
            f"<tr><td>{escape(title)}</td>"
            + "".join(f'<td class="num">{_fmt(key, v)}</td>' for v in cells)
            + "</tr>"
        )
        if key == "reserve":
            chart = svg.histogram(values, title, values[0], values[-1], fmt=svg.compact_amount)
        else:
            chart = svg.histogram(values, title, 0.0, 1.0)
        charts.append(f"<figure><figcaption>{escape(title)}</figcaption>{chart}</figure>")
    out.append("</table>")
    out.append('<div class="grid">' + "".join(charts) + "</div>")
    points = []
    for log, end in finished:
        stances = [s for t in log.turns for s in t.stances.values()]
        if stances and "trust_min" in end.scores:
            share = sum(1 for s in stances if s == "inclusive") / len(stances)
            points.append((share, float(end.scores["trust_min"])))
    if points:
        out.append(
            "<figure><figcaption>Inclusive choices and the lowest group's trust (one dot per "
            "session)</figcaption>"
            + svg.scatter(
                points,
                "share of inclusive choices against lowest group's trust",
                "share of inclusive choices (%)",
                "lowest group's trust",
            )
            + "</figure>"
        )
    return "\n".join(out)


def _choices(logs: list[SessionLog], labels: Labels) -> str:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    stance: dict[str, dict[str, str]] = defaultdict(dict)
    for log in logs:
        for t in log.turns:
            for d, o in t.choices.items():
                counts[d][o] += 1
                stance[d][o] = t.stances.get(d, "")
    order = [d for d in labels.order if d in counts] + [d for d in counts if d not in labels.order]
    out = ["<h3>What the class chose</h3>"]
    if not order:
        return out[0] + "<p>No decisions recorded yet.</p>"
    out.append(
        '<p class="muted">Each decision that came up, with the share of the sessions that reached '
        "it choosing each option (options nobody chose are listed with 0).</p>"
    )
    for d in order:
        total = sum(counts[d].values())
        known = list(labels.options.get(d, {}))
        options = known + [o for o in counts[d] if o not in known]
        stances = {**labels.stances.get(d, {}), **stance[d]}
        parts = [(labels.option(d, o), counts[d][o] / total, stances.get(o, "")) for o in options]
        out.append(
            f'<div class="card"><strong>{escape(labels.decision(d))}</strong> '
            f'<span class="muted">({total} session(s))</span>'
            + svg.stacked_bar(parts, f"choices at {labels.decision(d)}")
            + '<table class="shares"><colgroup><col><col class="n"><col class="n"></colgroup>'
            + "".join(
                f"<tr{_unchosen(counts[d][o])}><td>{escape(label)} "
                f"{_tag(st)}</td><td class='num'>{counts[d][o]}</td>"
                f"<td class='num'>{share:.0%}</td></tr>"
                for o, (label, share, st) in zip(options, parts, strict=True)
            )
            + "</table></div>"
        )
    return "\n".join(out)


def _unchosen(count: int) -> str:
    return "" if count else ' class="none"'


def _paths(finished: list[tuple[SessionLog, EndRecord]], labels: Labels) -> str:
    ranked = [
        (float(end.scores["trust_min"]), log) for log, end in finished if "trust_min" in end.scores
    ]
    if not ranked:
        return ""
    ranked.sort(key=lambda pair: pair[0])
    picks = [("Best", *ranked[-1])] + ([("Worst", *ranked[0])] if len(ranked) > 1 else [])
    out = [
        "<h3>Paths to the best and the worst lowest-group trust</h3>",
        f'<p class="muted">The finished sessions whose least-trusting group ended highest and '
        f"lowest ({len(ranked)} finished session(s)), turn by turn.</p>",
        '<table class="paths"><colgroup><col class="turn">'
        + '<col class="path">' * len(picks)
        + "</colgroup><tr><th>turn</th>",
    ]
    for title, trust_min, log in picks:
        names = {g.id: g.name for g in log.header.groups}
        last = log.turns[-1].trust if log.turns else {}
        lowest = min(last, key=last.__getitem__) if last else ""
        out.append(
            f"<th><strong>{title}:</strong> lowest group's trust "
            f"{_fmt('trust_min', trust_min)} "
            f"({escape(names.get(lowest, lowest))})<br><span class='muted'>played by "
            f"{escape(log.header.player)}, seed {log.header.seed}</span></th>"
        )
    out.append("</tr>")
    for k in range(max(len(log.turns) for _, _, log in picks)):
        label = next((log.turns[k].label for _, _, log in picks if k < len(log.turns)), "")
        cells = [_path_cell(log, k, labels) for _, _, log in picks]
        out.append(
            f"<tr><td>{k + 1}<br><span class='muted'>{escape(label)}</span></td>"
            + "".join(cells)
            + "</tr>"
        )
    out.append("<tr><td>end</td>")
    for _, _, log in picks:
        names = {g.id: g.name for g in log.header.groups}
        last = log.turns[-1].trust if log.turns else {}
        trust = ", ".join(f"{escape(names.get(g, g))} {points(v)}" for g, v in last.items())
        out.append(f"<td>Final trust: {trust}</td>")
    out.append("</tr></table>")
    return "\n".join(out)


def _path_cell(log: SessionLog, k: int, labels: Labels) -> str:
    """One turn of one path: each decision and the option taken, then actions and events."""
    if k >= len(log.turns):
        return "<td class='muted'>(the game had ended)</td>"
    t = log.turns[k]
    steps = [
        f"<div class='step'><span class='muted'>{escape(labels.decision(d))}</span><br>"
        f"{escape(labels.option(d, o))} {_tag(t.stances.get(d, ''))}</div>"
        for d, o in t.choices.items()
    ] or ["<div class='step muted'>no decision on the agenda</div>"]
    if t.actions:
        acts = ", ".join(labels.action(a) for a in t.actions)
        steps.append(
            f"<div class='step'><span class='muted'>listening:</span> {escape(acts)}</div>"
        )
    if t.events:
        events = ", ".join(labels.event(e) for e in t.events)
        steps.append(f"<div class='step'><span class='muted'>events:</span> {escape(events)}</div>")
    return "<td>" + "".join(steps) + "</td>"


def _objectives(finished: list[tuple[SessionLog, EndRecord]]) -> str:
    """Each objective's pass rate over the games it applied in (as the student's debrief
    counts: one that did not apply is neither passed nor missed)."""
    met: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    lapsed: Counter[str] = Counter()
    label: dict[str, str] = {}
    for _, end in finished:
        for o in end.objectives:
            label[o.id] = o.label
            if o.applies:
                seen[o.id] += 1
                met[o.id] += bool(o.met)
            else:
                lapsed[o.id] += 1
    if not label:
        return ""
    rows = []
    for oid, name in label.items():
        n = seen[oid]
        na = f" (did not apply in {lapsed[oid]})" if lapsed[oid] else ""
        if n:
            rate = met[oid] / n
            bar, shown = svg.rate_bar(rate, f"{rate:.0%} passed"), f"{rate:.0%}"
        else:
            bar, shown = "applied in no game", "-"
        rows.append(
            f"<tr><td>{escape(name)}</td><td>{bar}</td>"
            f"<td class='num'>{met[oid]} / {n}{na}</td><td class='num'>{shown}</td></tr>"
        )
    return (
        "<h3>Objectives</h3><table><tr><th>objective</th><th></th>"
        "<th class='num'>passed</th><th class='num'>rate</th></tr>" + "".join(rows) + "</table>"
    )


def write_report(
    logs: Sequence[SessionLog], out_file: str | Path, left_out: str = "", force: bool = False
) -> Path:
    """Render and write the report atomically, owner-only (an existing file is replaced only
    with ``force``)."""
    path = Path(out_file)
    if os.path.isdir(path):
        raise LogError("the output must be a file (e.g. debrief.html)", str(path))
    html = render_report(logs, left_out=left_out)
    # owner-only: it shows pseudonyms and written answers
    write_file(path, html, force=force, create_folder=False, mode=FILE_MODE)
    return path
