"""Hostile session logs and policy scripts, one generator per class (see ``corpus.py``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from hostile_kit import ESCAPES, Input, Kit, mutate, special_files


def log_sizes(kit: Kit) -> list[Input]:
    lines = kit.copy_lines()
    big = kit.copy_lines()
    big.append({"type": "reflection", "question": "q", "answer": "a" * 1_100_000, "time": "t"})
    many = kit.copy_lines()[:-1] + [
        {"type": "reflection", "question": "q", "answer": "a" * 900_000, "time": "t"}
    ] * 18  # fmt: skip
    return [
        Input("1.1MB-line", kit.log_lines("big-line.jsonl", big), True),
        Input("16MB-log", kit.log_lines("many.jsonl", many), True),
        Input("empty", kit.text_file("empty.jsonl", b""), True),
        Input("blank-lines", kit.text_file("blank.jsonl", b"\n\n\n"), True),
        Input("header-only", kit.log_lines("header.jsonl", lines[:1]), False),
        Input(
            "partial-header", kit.text_file("ph.jsonl", json.dumps(lines[0])[:200].encode()), True
        ),
    ]


def log_json(kit: Kit) -> list[Input]:
    out = []
    raw = [json.dumps(x, ensure_ascii=False) for x in kit.lines]
    depth = kit.rng.randrange(65, 200_000)
    deep = raw[:1] + ['{"type": "turn", "x": ' + "[" * depth + "]" * depth + "}"] + raw[1:]
    out.append(Input(f"depth-{depth}", kit.log_lines("deep.jsonl", deep), True))
    deep_header = [raw[0][:-1] + ', "settings2": ' + "[" * 1000 + "]" * 1000 + "}"] + raw[1:]
    out.append(Input("header-depth-1000", kit.log_lines("deep-h.jsonl", deep_header), True))
    for digits in (41, 4301, 100_000):
        lines = kit.copy_lines()
        text = json.dumps(lines[1]).replace('"turn": 1', '"turn": ' + "1" * digits, 1)
        out.append(
            Input(
                f"{digits}-digit-number",
                kit.log_lines(f"d{digits}.jsonl", [lines[0], text, *lines[2:]]),
                True,
            )
        )
    for k, literal in enumerate(["NaN", "Infinity", "-Infinity", "1e999", "-1e400"]):
        lines = kit.copy_lines()
        where = kit.rng.choice(["reserve", "seconds", "score", "share", "weight"])
        if where == "score":
            text = json.dumps(lines[-2]).replace(
                '"trust_mean": ', f'"trust_mean": {literal}, "x": ', 1
            )
            idx = len(lines) - 2
        elif where == "share":
            text = json.dumps(lines[0]).replace('"share": ', f'"share": {literal}, "s": ', 1)
            idx = 0
        elif where == "weight":
            text = json.dumps(lines[-2]).replace('"weight": ', f'"weight": {literal}, "w": ', 1)
            idx = len(lines) - 2
        else:
            text = json.dumps(lines[1]).replace(f'"{where}": ', f'"{where}": {literal}, "y": ', 1)
            idx = 1
        raw_lines: list = [json.dumps(x) for x in lines]
        raw_lines[idx] = text
        out.append(Input(f"{literal}-in-{where}", kit.log_lines(f"n{k}.jsonl", raw_lines), True))
    for k, (field_name, value) in enumerate(
        [("player", "\ud800"), ("player", "a\udfffb"), ("answer", "\udbff")]
    ):
        lines = kit.copy_lines()
        target = lines[0] if field_name == "player" else lines[-1]
        target[field_name] = value
        text = [json.dumps(x) for x in lines]  # ASCII-escaped: "\ud800"
        out.append(Input(f"lone-surrogate-{k}", kit.log_lines(f"s{k}.jsonl", text), True))
    surrogate = json.dumps(kit.lines[0]).encode().replace(b"p-1", b"p-1\xed\xa0\x80")
    rest = [json.dumps(x) for x in kit.lines[1:]]
    out.append(Input("raw-surrogate-bytes", kit.log_lines("rs.jsonl", [surrogate, *rest]), True))
    nul = json.dumps(kit.lines[0]).encode().replace(b"p-1", b"p\x00")
    out.append(
        Input(
            "nul-byte",
            kit.log_lines("nul.jsonl", [nul, *[json.dumps(x) for x in kit.lines[1:]]]),
            True,
        )
    )
    bad_utf8 = json.dumps(kit.lines[0]).encode().replace(b"p-1", b"p\xff")
    out.append(
        Input(
            "invalid-utf8",
            kit.log_lines("u.jsonl", [bad_utf8, *[json.dumps(x) for x in kit.lines[1:]]]),
            True,
        )
    )
    # a byte order mark (an editor re-saved the log) is noted and ignored
    out.append(
        Input("bom", kit.text_file("bom.jsonl", b"\xef\xbb\xbf" + kit.finished.read_bytes()), False)
    )
    out.append(Input("not-json", kit.text_file("nj.jsonl", b"hello\nworld\n"), True))
    out.append(Input("json-array", kit.text_file("arr.jsonl", b"[1, 2, 3]\n"), True))
    return out


def log_controls(kit: Kit) -> list[Input]:
    out = []
    for k, esc in enumerate(ESCAPES):
        lines = kit.copy_lines()
        where = kit.rng.choice(["player", "answer", "question", "title", "group", "label"])
        if where == "player":
            lines[0]["player"] = "eve" + esc
        elif where == "title":
            lines[0]["scenario"]["title"] = "Town" + esc
        elif where == "group":
            lines[0]["groups"][0]["name"] = "Owners" + esc
        elif where == "label":
            lines[1]["label"] = "Q1" + esc
        else:
            lines[-1][where] = "x" + esc + "y"
        out.append(Input(f"escape-{k}-in-{where}", kit.log_lines(f"e{k}.jsonl", lines), True))
    raw = json.dumps(kit.lines[0], ensure_ascii=False).replace("p-1", "p-1\x7f\u009b2J")
    out.append(Input("raw-del-and-c1", kit.log_lines("c1.jsonl", [raw, *kit.lines[1:]]), True))
    lines = kit.copy_lines()
    lines[0]["player"] = '=HYPERLINK("http://evil.example","click")'
    lines[-1]["answer"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    out.append(Input("spreadsheet-formulas", kit.log_lines("f.jsonl", lines), False))
    lines = kit.copy_lines()
    lines[-1]["answer"] = 'line one\nline two, with "quotes"'
    out.append(Input("multiline-answer", kit.log_lines("ml.jsonl", lines), False))
    return out


def log_header(kit: Kit) -> list[Input]:
    out = []
    mods: dict[str, Callable[[dict], None]] = {
        "source-100k-chars": lambda h: h["scenario"].__setitem__("source", "s" * 100_000),
        "source-dev-stdin": lambda h: h["scenario"].__setitem__("source", "/dev/stdin"),
        "source-dev-zero": lambda h: h["scenario"].__setitem__("source", "/dev/zero"),
        "source-etc-passwd": lambda h: h["scenario"].__setitem__("source", "/etc/passwd"),
        "source-nul": lambda h: h["scenario"].__setitem__("source", "a\u0000b.yaml"),
        "source-folder": lambda h: h["scenario"].__setitem__("source", "/tmp"),
        "seed-negative": lambda h: h.__setitem__("seed", -5),
        "seed-2**64": lambda h: h.__setitem__("seed", 2**64),
        "seed-float": lambda h: h.__setitem__("seed", 1.5),
        "seed-text": lambda h: h.__setitem__("seed", "7"),
        "player-5000-chars": lambda h: h.__setitem__("player", "p" * 5000),
        "format-version-3": lambda h: h.__setitem__("format_version", 3),
        "format-version-true": lambda h: h.__setitem__("format_version", True),
        "groups-not-list": lambda h: h.__setitem__("groups", {"a": 1}),
        "group-share-text": lambda h: h["groups"][0].__setitem__("share", "0.5"),
        "initial-missing": lambda h: h.pop("initial"),
        "settings-deep": lambda h: h.__setitem__("settings", {"a": [[[[[[]]]]]]}),
    }
    for name, mod in mods.items():
        lines = kit.copy_lines()
        mod(lines[0])
        # A header naming an odd scenario file is refused by what loads the scenario (verify,
        # what-if, resume); the commands that do not need it may go on. None blocks.
        bad = None if name.startswith("source-") and name != "source-100k-chars" else True
        if name in ("settings-deep", "source-nul"):
            bad = name == "source-nul"
        out.append(Input(name, kit.log_lines(f"{name}.jsonl", lines), bad))
    fifo = kit.path("scenario-fifo.yaml")
    os.mkfifo(fifo)
    lines = kit.copy_lines()
    lines[0]["scenario"]["source"] = str(fifo)
    out.append(Input("source-fifo", kit.log_lines("sf.jsonl", lines), None))
    return out


def log_structure(kit: Kit) -> list[Input]:
    lines = kit.copy_lines()
    turns = [x for x in lines if x["type"] == "turn"]
    end = next(x for x in lines if x["type"] == "end")
    variants = {
        "turn-after-end": (lines + [turns[-1]], True),
        "second-end": (lines + [end], True),
        "turn-repeated": ([lines[0], turns[0], turns[0], *lines[2:]], True),
        "turn-gap": ([lines[0], *turns[1:]], True),
        "second-header": ([lines[0], lines[0], *lines[1:]], True),
        "unknown-type": (lines + [{"type": "evil"}], True),
        "trust-as-text": (None, True),
        "turn-as-bool": (None, True),
        "edited-digest": (None, None),
        "truncated-last-line": (None, None),
    }
    out = []
    for name, (content, bad) in variants.items():
        if content is None:
            content = kit.copy_lines()
            turn = next(x for x in content if x["type"] == "turn")
            if name == "trust-as-text":
                turn["by_group"]["trust"]["owners"] = "0.5"
            elif name == "turn-as-bool":
                turn["turn"] = True
            elif name == "edited-digest":
                turn["digest"] = "0" * 32
            else:
                text = kit.finished.read_bytes()
                out.append(
                    Input(name, kit.text_file("t.jsonl", text[: -kit.rng.randrange(5, 40)]), bad)
                )
                continue
        out.append(Input(name, kit.log_lines(f"{name}.jsonl", content), bad))
    return out


def log_mutations(kit: Kit, count: int = 24) -> list[Input]:
    """Random byte edits of a good log: each must read, or fail cleanly."""
    raw = kit.finished.read_bytes()
    inserts = [b"[", b"{", b"NaN", b"1e999", b"\\u001b", b"\\ud800", b"\n", b'"', b"9" * 50]
    return [
        Input(f"mutation-{k}", kit.text_file(f"m{k}.jsonl", mutate(kit, raw, inserts, 4, 30)), None)
        for k in range(count)
    ]


LOG_CLASSES: dict[str, Callable[[Kit], list[Input]]] = {
    "special-files": lambda kit: special_files(kit, ".jsonl"),
    "sizes": log_sizes,
    "json": log_json,
    "control-characters": log_controls,
    "header": log_header,
    "structure": log_structure,
    "mutations": log_mutations,
}


# ---- policy scripts ----------------------------------------------------------------------------
def scripts(kit: Kit) -> list[Input]:
    storm = "storm_response: shelter"
    good = (
        "- {decisions: {budget_process: pb}, actions: []}\n"
        f"- {{decisions: {{projects: split, {storm}}}}}\n"
        f"- {{decisions: {{{storm}}}}}\n- {{decisions: {{{storm}}}}}\n"
    )
    bomb = (
        "a0: &a0 ["
        + ", ".join(["x"] * 10)
        + "]\n"
        + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    )
    out = special_files(kit, ".yaml")
    out += [
        Input("good", kit.text_file("good.yaml", good), False),
        Input(
            "not-utf8", kit.text_file("nu.yaml", b"- {decisions: {budget_process: p\xffb}}\n"), True
        ),
        Input("over-1MB", kit.text_file("big.yaml", good + "# " + "x" * 1_100_000 + "\n"), True),
        Input("deep-json", kit.text_file("deep.json", "[" * 100_000 + "]" * 100_000), True),
        Input("deep-yaml", kit.text_file("deep.yaml", "[" * 5000 + "]" * 5000), True),
        Input(
            "alias-bomb",
            kit.text_file("bomb.yaml", bomb + "- {decisions: {budget_process: *a8}}\n"),
            True,
        ),
        Input(
            "nan-json", kit.text_file("nan.json", '[{"decisions": {"budget_process": NaN}}]'), True
        ),
        Input(
            "escape",
            kit.text_file("esc.yaml", '- {decisions: {budget_process: "\\e]0;PWNED\\a"}}\n'),
            True,
        ),
        Input(
            "python-tag",
            kit.text_file("tag.yaml", "- !!python/object/apply:os.system ['id']\n"),
            True,
        ),
        Input("unknown-decision", kit.text_file("ud.yaml", "- {decisions: {nope: pb}}\n"), True),
        Input("not-a-script", kit.text_file("nl.yaml", "42\n"), True),
        Input("empty", kit.text_file("e.yaml", ""), True),
        Input("crlf", kit.text_file("crlf.yaml", good.replace("\n", "\r\n")), False),
    ]
    return out
