"""Hostile scenario files, one generator per class (see ``corpus.py``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from hostile_kit import ESCAPES, Input, Kit, mutate, special_files


def _scenario(kit: Kit, name: str, text: str, bad: bool | None, gui: bool = False) -> Input:
    return Input(name, kit.text_file(f"{name}.yaml", text), bad, gui)


def _replace(kit: Kit, old: str, new: str) -> str:
    assert old in kit.good_text, old
    return kit.good_text.replace(old, new, 1)


def scenario_sizes(kit: Kit) -> list[Input]:
    pad = "# " + "x" * 2_000_000 + "\n"
    huge_line = _replace(kit, "  summary: ", "  summary: " + "y" * 2_100_000 + " ")
    return [
        _scenario(kit, "over-2MB", kit.good_text + pad, True),
        _scenario(kit, "2MB-line", huge_line, True),
        _scenario(kit, "empty", "", True),
        _scenario(kit, "only-comments", "# nothing\n" * 50, True),
        _scenario(kit, "whitespace", " \n\t\n" * 100, True),
    ]


def scenario_encodings(kit: Kit) -> list[Input]:
    raw = kit.good_text.encode("utf-8")
    out = [
        Input("utf16", kit.text_file("utf16.yaml", kit.good_text.encode("utf-16")), True),
        Input("surrogate-bytes", kit.text_file("s.yaml", raw + b"x: \xed\xa0\x80\n"), True),
        Input("overlong", kit.text_file("o.yaml", raw.replace(b"Q1", b"\xc0\xafQ1", 1)), True),
        Input("latin1", kit.text_file("l.yaml", raw.replace(b"Minimal", b"Minim\xe4l", 1)), True),
        Input("crlf", kit.text_file("crlf.yaml", raw.replace(b"\n", b"\r\n")), False),
        Input("bom", kit.text_file("bom.yaml", b"\xef\xbb\xbf" + raw), False),
    ]
    for k in range(6):  # a bad byte at a random place
        at = kit.rng.randrange(len(raw))
        bad = bytes([kit.rng.choice([0x80, 0xBF, 0xC3, 0xFE, 0xFF, 0xF8])])
        out.append(
            Input(f"bad-byte-{k}", kit.text_file(f"b{k}.yaml", raw[:at] + bad + raw[at:]), True)
        )
    return out


def scenario_controls(kit: Kit) -> list[Input]:
    """Control characters raw in the file, and made by double-quoted escapes in values."""
    out = []
    for k, esc in enumerate(ESCAPES):
        quoted = json.dumps(esc)  # a YAML double-quoted string with \u escapes
        field = kit.rng.choice(["title", "city", "role", "summary"])
        text = _replace(kit, f"  {field}: ", f"  {field}: {quoted} # ")
        out.append(_scenario(kit, f"escape-{k}-in-{field}", text, True))
        names = kit.rng.choice(
            ["    name: Homeowners", "    name: Renters", "        label: Participatory budgeting"]
        )
        text = _replace(kit, names, names.split(":")[0] + ": " + json.dumps("x" + esc + "y"))
        out.append(_scenario(kit, f"escape-{k}-in-name", text, True))
    yaml_escapes = ['"\\e]0;PWNED\\a\\e[2J"', '"\\0"', '"a\\x1bb"', '"\\u009b2J"', '"\\N"']
    for k, esc in enumerate(yaml_escapes):
        out.append(
            _scenario(
                kit,
                f"yaml-escape-{k}",
                _replace(kit, "  title: Minimal Town", f"  title: {esc}"),
                True,
            )
        )
    for k in range(5):  # a raw control character at a random place
        at = kit.rng.randrange(len(kit.good_text))
        char = kit.rng.choice(["\x00", "\x1b", "\x07", "\x7f", "\x9b", "\x0b"])
        out.append(
            _scenario(kit, f"raw-control-{k}", kit.good_text[:at] + char + kit.good_text[at:], True)
        )
    text = _replace(kit, "  title: Minimal Town", '  title: "Minimal \\u202eTown\\u2066"')
    out.append(_scenario(kit, "bidi-override-title", text, False, gui=True))
    return out


def scenario_nesting(kit: Kit) -> list[Input]:
    out = []
    for depth in sorted({65, 100, 1000, kit.rng.randrange(66, 5000), 100_000}):
        flow = "x: " + "[" * depth + "]" * depth + "\n"
        out.append(_scenario(kit, f"flow-depth-{depth}", kit.good_text + flow, True))
    depth = kit.rng.randrange(65, 300)
    block = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"
    out.append(
        _scenario(
            kit,
            f"block-depth-{depth}",
            kit.good_text + "deep:\n" + block.replace("\n", "\n  ").rstrip() + "\n",
            True,
        )
    )
    braces = "x: " + "{a: " * 500 + "1" + "}" * 500 + "\n"
    out.append(_scenario(kit, "brace-depth-500", kit.good_text + braces, True))
    unclosed = "x: " + "[" * kit.rng.randrange(10, 200_000) + "\n"
    out.append(_scenario(kit, "unclosed-brackets", kit.good_text + unclosed, True))
    return out


def scenario_aliases(kit: Kit) -> list[Input]:
    out = []
    for _ in range(3):
        fan = kit.rng.randrange(5, 12)
        levels = kit.rng.randrange(6, 12)
        lines = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
        for i in range(1, levels):
            lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]")
        out.append(
            _scenario(
                kit, f"alias-bomb-{fan}x{levels}", "\n".join(lines) + "\n" + kit.good_text, True
            )
        )
    out.append(_scenario(kit, "recursive-alias", kit.good_text + "x: &x [*x]\n", True))
    out.append(
        _scenario(kit, "merge-bomb", kit.good_text + "a: &a {k: 1}\nb: {<<: [*a, *a, *a]}\n", True)
    )
    return out


def scenario_numbers(kit: Kit) -> list[Input]:
    cases = {
        "reserve-1.7e308": ("  reserve: 1000000", "  reserve: 1.7e+308"),
        "reserve-1e309": ("  reserve: 1000000", "  reserve: 1.0e+309"),
        "reserve-inf": ("  reserve: 1000000", "  reserve: .inf"),
        "reserve-nan": ("  reserve: 1000000", "  reserve: .nan"),
        "reserve-5000-digits": ("  reserve: 1000000", "  reserve: " + "9" * 5000),
        "revenue-negative-huge": ("  revenue: 400000", "  revenue: -1.0e+300"),
        "revenue-hex-huge": ("  revenue: 400000", "  revenue: 0x" + "f" * 300),
        "capacity-true": ("  capacity: 2", "  capacity: true"),
        "capacity-float": ("  capacity: 2", "  capacity: 2.5"),
        "capacity-huge": ("  capacity: 2", "  capacity: 99999999999999999999"),
        "share-text": ("    share: 0.5", "    share: '0.5'"),
        "share-yes": ("    share: 0.5", "    share: yes"),
        "count-text": ("  count: 4", "  count: '4'"),
        "delta-inf": ("delta: -50000", "delta: -.inf"),
        "chance-nan": ("    chance: 0.5", "    chance: .nan"),
    }
    out = [
        _scenario(kit, name, _replace(kit, old, new), True) for name, (old, new) in cases.items()
    ]
    big = f"{kit.rng.uniform(1.01, 9.9):.2f}e+{kit.rng.randrange(16, 308)}"
    out.append(
        _scenario(
            kit, f"reserve-{big}", _replace(kit, "  reserve: 1000000", f"  reserve: {big}"), True
        )
    )
    out.append(
        _scenario(
            kit, "reserve-1e15", _replace(kit, "  reserve: 1000000", "  reserve: 1.0e+15"), False
        )
    )
    return out


def scenario_conditions(kit: Kit) -> list[Input]:
    out = []
    hashes = ['"reserve >= 500000 # or turn > 99"', "'min(trust) >= 0.4 #'", '"#"']
    for k, cond in enumerate(hashes):
        out.append(
            _scenario(
                kit,
                f"hash-in-condition-{k}",
                _replace(kit, "    when: reserve >= 500000", f"    when: {cond}"),
                True,
            )
        )
    for depth in sorted({65, 200, kit.rng.randrange(66, 240)}):
        cond = "(" * depth + "reserve >= 500000" + ")" * depth
        out.append(
            _scenario(
                kit,
                f"parens-{depth}",
                _replace(kit, "    when: reserve >= 500000", f'    when: "{cond}"'),
                True,
            )
        )
    cond = "(" * 60 + "reserve >= 500000" + ")" * 60
    out.append(
        _scenario(
            kit,
            "parens-60",
            _replace(kit, "    when: reserve >= 500000", f'    when: "{cond}"'),
            False,
        )
    )
    for k, name in enumerate(
        ["ｒｅｓｅｒｖｅ", "reserve\u200b", "rеserve"]
    ):  # full-width, ZWSP, Cyrillic e
        out.append(
            _scenario(
                kit,
                f"lookalike-{k}",
                _replace(kit, "    when: reserve >= 500000", f'    when: "{name} >= 500000"'),
                True,
            )
        )
    evil = [
        "__import__('os').system('id') > 0",
        "reserve.__class__ > 0",
        "(lambda: 1)() > 0",
        "[x for x in ()] == []",
    ]
    for k, cond in enumerate(evil):
        out.append(
            _scenario(
                kit,
                f"sandbox-{k}",
                _replace(kit, "    when: reserve >= 500000", f"    when: {json.dumps(cond)}"),
                True,
            )
        )
    return out


def scenario_text(kit: Kit) -> list[Input]:
    """Huge words and names; many problems at once; what passes must survive the window."""
    word = "W" * kit.rng.choice([200_000, 300_000])
    out = [
        _scenario(
            kit, "200k-word-title", _replace(kit, "  title: Minimal Town", f"  title: {word}"), True
        ),
        _scenario(
            kit,
            "5000-char-group-name",
            _replace(kit, "    name: Renters", "    name: " + "R" * 5000),
            True,
        ),
        _scenario(
            kit,
            "25000-char-summary",
            _replace(kit, "  summary: ", "  summary: " + "s " * 12_500),
            True,
        ),
    ]
    long_word = "L" * kit.rng.randrange(5_000, 19_000)
    out.append(
        _scenario(
            kit,
            "long-word-summary",
            _replace(kit, "  summary: ", f"  summary: {long_word} "),
            False,
            gui=True,
        )
    )
    names = _replace(kit, "    name: Renters", "    name: " + "N" * 200)
    names = names.replace("  title: Minimal Town", "  title: " + "T" * 200, 1)
    out.append(_scenario(kit, "200-char-names", names, False, gui=True))
    problems = kit.good_text + "".join(
        f"unknown_{i}: {i}\n" for i in range(kit.rng.randrange(1000, 3000))
    )
    out.append(_scenario(kit, "thousands-of-problems", problems, True))
    many = kit.good_text.replace(
        "consult: {owners: 0.6, renters: 0.8, unhoused: 0.6}",
        "consult: {" + ", ".join(f"g{i}: 0.1" for i in range(2000)) + "}",
    )
    out.append(_scenario(kit, "2000-unknown-groups", many, True))
    return out


def scenario_structure(kit: Kit) -> list[Input]:
    return [
        _scenario(kit, "duplicate-key", kit.good_text + "schema_version: 1\n", True),
        _scenario(
            kit, "python-tag", kit.good_text + "x: !!python/object/apply:os.system ['id']\n", True
        ),
        _scenario(
            kit,
            "custom-tag",
            _replace(kit, "  title: Minimal Town", "  title: !evil Minimal"),
            True,
        ),
        _scenario(kit, "two-documents", kit.good_text + "---\n" + kit.good_text, True),
        _scenario(kit, "top-level-list", "- 1\n- 2\n", True),
        _scenario(kit, "top-level-scalar", "just text\n", True),
        _scenario(
            kit,
            "binary",
            bytes(kit.rng.randrange(256) for _ in range(4096)).decode("latin-1"),
            True,
        ),
    ]


def scenario_mutations(kit: Kit, count: int = 24) -> list[Input]:
    """Random byte edits of the good scenario: each must load, or fail cleanly."""
    raw = kit.good_text.encode("utf-8")
    inserts = [b"[", b"{", b"&a ", b"*a", b"!!", b": ", b"\t", b"'", b'"', b"1e999", b"#"]
    return [
        Input(f"mutation-{k}", kit.text_file(f"m{k}.yaml", mutate(kit, raw, inserts, 5, 40)), None)
        for k in range(count)
    ]


SCENARIO_CLASSES: dict[str, Callable[[Kit], list[Input]]] = {
    "special-files": lambda kit: special_files(kit, ".yaml"),
    "sizes": scenario_sizes,
    "encodings": scenario_encodings,
    "control-characters": scenario_controls,
    "nesting": scenario_nesting,
    "alias-bombs": scenario_aliases,
    "numbers-and-types": scenario_numbers,
    "conditions": scenario_conditions,
    "huge-text": scenario_text,
    "structure": scenario_structure,
    "mutations": scenario_mutations,
}
