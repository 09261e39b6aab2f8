"""The hostile-input corpus: files an attacker or a careless user would hand the game, made by
generators, and the command lines that feed them to every command.

Each *class* of input (special files, sizes, encodings, control characters, nesting, alias
bombs, numbers, conditions, huge text, JSON tricks, random mutations, output targets, faults,
arguments) is a function ``(Kit) -> list[Input]``. Generators draw their variants from
``Kit.rng``, seeded by ``HOSTILE_SEED`` (default 15): run the corpus again with another seed and
every class is re-tried with new inputs of the same kind.

An :class:`Input` says whether it must be refused (``bad=True``: every command that reads it
exits 1 and names the file), accepted (``bad=False``), or either (``None``: e.g. a random
mutation; the command must still end cleanly). :func:`cases` turns inputs into command lines
(:class:`Case`) with the exit codes allowed and what must not change.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = DATA / "good_minimal.yaml"
SEED = int(os.environ.get("HOSTILE_SEED", "15"))
ESCAPES = [
    "\x1b]0;PWNED\x07\x1b[2J",  # set the terminal title, clear the screen
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",  # a hyperlink
    "\x9b2J",  # CSI as one C1 character
    "\x00",
    "\x07",
    "\r",
    "\x7f",
    "\x08\x08\x08",
]


@dataclass
class Input:
    """One hostile file (or argument) and what must happen to it."""

    name: str
    path: Path
    bad: bool | None
    gui: bool = False  # also play it in the window (scenarios that pass validation)


@dataclass
class Case:
    """One command line run by the runner, and what its result must satisfy."""

    id: str
    argv: list[str]
    expect: tuple[int, ...]
    names: str = ""  # text stderr must contain when the exit code is not 0 (the file)
    keep: list[str] = field(default_factory=list)  # files whose bytes must not change
    absent: list[str] = field(default_factory=list)  # outputs that must not exist on failure
    timeout: float = 10.0
    fsize: int | None = None
    json_out: bool = False  # stdout must be strict JSON when the exit code is 0
    produces: list[tuple[str, str]] = field(default_factory=list)  # (file, text in it) on exit 0

    def as_dict(self) -> dict:
        return {"id": self.id, "argv": self.argv, "timeout": self.timeout, "fsize": self.fsize}


class Kit:
    """Where the corpus is built, the good material it starts from, and its random numbers."""

    def __init__(self, root: Path, seed: int = SEED) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.rng = random.Random(seed)
        self.seed = seed
        self.good = root / "good.yaml"
        shutil.copy(GOOD, self.good)
        self.good_text = self.good.read_text(encoding="utf-8")
        logs = root / "good-logs"
        self.finished = _play(self.good, logs, seed=3, turns=None)
        self.unfinished = _play(self.good, logs, seed=4, turns=2)
        self.lines = [json.loads(x) for x in self.finished.read_text("utf-8").splitlines()]
        first = self.lines[1]["choices"]
        self.decision, recorded = next(iter(first.items()))
        self.option = next(
            o for o in ("pb", "staff", "fund_winners", "repave", "split") if o != recorded
        ) if self.decision in ("budget_process", "projects") else recorded  # fmt: skip
        self._count = 0

    def path(self, name: str) -> Path:
        self._count += 1
        folder = self.root / f"{self._count:04d}"
        folder.mkdir()
        return folder / name

    def text_file(self, name: str, text: str | bytes) -> Path:
        path = self.path(name)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", newline="")
        else:
            path.write_bytes(text)
        return path

    def log_lines(self, name: str, lines: list[dict | str | bytes]) -> Path:
        """A log from JSON objects (dumped allowing NaN) or raw lines."""
        out = []
        for line in lines:
            if isinstance(line, dict):
                out.append(json.dumps(line, ensure_ascii=False).encode("utf-8"))
            elif isinstance(line, str):
                out.append(line.encode("utf-8", "surrogatepass"))
            else:
                out.append(line)
        return self.text_file(name, b"\n".join(out) + b"\n")

    def copy_lines(self) -> list[dict]:
        return json.loads(json.dumps(self.lines))


def _play(scenario: Path, folder: Path, seed: int, turns: int | None) -> Path:
    from simcity_council.engine import Game
    from simcity_council.scenario import load_scenario
    from simcity_council.session import SessionRecorder

    game = Game.start(load_scenario(scenario), seed=seed)
    recorder = SessionRecorder.create(game, log_dir=folder, player="p-1", frontend="text")
    played = 0
    while not game.done and (turns is None or played < turns):
        recorder.record_turn(game.submit(game.suggest("inclusive")), seconds=1.0)
        played += 1
    if game.done:
        recorder.finish(game.scores())
        recorder.record_reflection("What did you learn?", "Listen first.")
    recorder.close()
    return recorder.path


# ---- special files (any kind of input) ---------------------------------------------------------
def special_files(kit: Kit, suffix: str) -> list[Input]:
    """FIFOs, devices, sockets, folders, dangling links and links to them, /dev/stdin."""
    out = []
    fifo = kit.path(f"fifo{suffix}")
    os.mkfifo(fifo)
    out.append(Input("fifo", fifo, True))
    link = kit.path(f"link-to-fifo{suffix}")
    link.symlink_to(fifo)
    out.append(Input("link-to-fifo", link, True))
    for device in ("/dev/zero", "/dev/null", "/dev/urandom", "/dev/stdin", "/dev/tty"):
        if os.path.exists(device) or device == "/dev/tty":
            dev = kit.path(f"link-to-{Path(device).name}{suffix}")
            dev.symlink_to(device)
            out.append(Input(f"link-to-{Path(device).name}", dev, True))
    folder = kit.path(f"folder{suffix}")
    folder.mkdir()
    out.append(Input("folder", folder, True))
    dangling = kit.path(f"dangling{suffix}")
    dangling.symlink_to(kit.root / "nothing-here")
    out.append(Input("dangling-link", dangling, True))
    sock_path = kit.path(f"sock{suffix}")
    if len(str(sock_path)) < 100:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(sock_path))
        sock.close()
        out.append(Input("socket", sock_path, True))
    if os.geteuid() == 0:
        node = kit.path(f"chardev{suffix}")
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero
        out.append(Input("char-device", node, True))
    sparse = kit.path(f"sparse-4GB{suffix}")
    with open(sparse, "wb") as handle:
        handle.truncate(4 << 30)
    out.append(Input("sparse-4GB", sparse, True))
    return out


# ---- scenarios ---------------------------------------------------------------------------------
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


def mutate(kit: Kit, raw: bytes, inserts: list[bytes], edits: int, cut: int) -> bytes:
    """``raw`` with 1 to ``edits`` random edits: a byte changed, up to ``cut`` bytes deleted, one
    of ``inserts`` inserted, or a piece repeated."""
    data = bytearray(raw)
    for _ in range(kit.rng.randrange(1, edits + 1)):
        at = kit.rng.randrange(len(data))
        op = kit.rng.randrange(4)
        if op == 0:
            data[at] = kit.rng.randrange(256)
        elif op == 1:
            del data[at : at + kit.rng.randrange(1, cut)]
        elif op == 2:
            data[at:at] = kit.rng.choice(inserts)
        else:
            data[at:at] = data[at : at + kit.rng.randrange(1, 300)]
    return bytes(data)


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


# ---- session logs ------------------------------------------------------------------------------
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
    out.append(
        Input("bom", kit.text_file("bom.jsonl", b"\xef\xbb\xbf" + kit.finished.read_bytes()), True)
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
        "format-version-2": lambda h: h.__setitem__("format_version", 2),
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
                turn["trust"]["owners"] = "0.5"
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
        Input("not-a-list", kit.text_file("nl.yaml", "decisions: {}\n"), True),
        Input("empty", kit.text_file("e.yaml", ""), True),
        Input("crlf", kit.text_file("crlf.yaml", good.replace("\n", "\r\n")), False),
    ]
    return out


# ---- turning inputs into command lines ---------------------------------------------------------
def _unchanged(path: Path) -> list[str]:
    return [str(path)] if _small_file(path) else []


def scenario_cases(kit: Kit, inputs: list[Input], prefix: str) -> list[Case]:
    out: list[Case] = []
    for item in inputs:
        f = str(item.path)
        work = kit.path("out")
        work.mkdir()
        refused = (1,) if item.bad else (0,) if item.bad is False else (0, 1)
        cid = f"{prefix}/{item.name}"
        keep = _unchanged(item.path)
        out += [
            Case(f"{cid}/validate", ["validate", f], refused, f, keep),
            Case(
                f"{cid}/validate-json", ["validate", "--json", f], refused, f, keep, json_out=True
            ),
            Case(
                f"{cid}/play-text",
                [
                    "play",
                    f,
                    "--text",
                    "--auto",
                    "random",
                    "--seed",
                    "1",
                    "--log-dir",
                    str(work / "logs"),
                ],
                refused,
                f,
                keep,
                absent=[str(work / "logs")],
            ),  # fmt: skip
            Case(
                f"{cid}/batch",
                ["batch", f, "--policy", "random", "--runs", "3", "--json"],
                refused,
                f,
                keep,
                json_out=True,
            ),  # fmt: skip
            Case(
                f"{cid}/balance",
                ["balance", f, "--runs", "3", "--dominance-runs", "1", "--json"],
                (1,) if item.bad else (0, 1),
                f,
                keep,
                json_out=True,
                timeout=30,
            ),  # fmt: skip
        ]
        if item.gui:
            shots = work / "shots"
            out.append(
                Case(
                    f"{cid}/play-gui",
                    [
                        "play",
                        f,
                        "--gui",
                        "--auto",
                        "random",
                        "--seed",
                        "1",
                        "--screenshots",
                        str(shots),
                        "--log-dir",
                        str(work / "glogs"),
                        "--window",
                        "1024x640",
                    ],
                    (0,),
                    f,
                    keep,
                    timeout=120,
                )  # fmt: skip
            )
    return out


def log_cases(kit: Kit, inputs: list[Input], prefix: str) -> list[Case]:
    out: list[Case] = []
    for item in inputs:
        f = str(item.path)
        work = kit.path("out")
        work.mkdir()
        cid = f"{prefix}/{item.name}"
        refused = (1,) if item.bad else (0, 1)
        # a header naming an unusable scenario: what replays the game must refuse it
        replays = (1,) if item.bad or item.name.startswith("source-") else refused
        keep = _unchanged(item.path)
        out += [
            Case(f"{cid}/replay", ["replay", f], refused, f, keep),
            Case(f"{cid}/replay-verify", ["replay", "--verify", f], replays, f, keep),
            Case(
                f"{cid}/whatif",
                ["whatif", f, "--turn", "1", "--set", f"{kit.decision}={kit.option}", "--json"],
                replays,
                f,
                keep,
                json_out=True,
            ),  # fmt: skip
            Case(
                f"{cid}/export-csv",
                ["export", f, "--format", "csv", "-o", str(work / "csv")],
                refused,
                f,
                keep,
                absent=[str(work / "csv" / "sessions.csv")],
            ),  # fmt: skip
            Case(
                f"{cid}/export-xapi",
                ["export", f, "--format", "xapi", "-o", str(work / "x.json")],
                refused,
                f,
                keep,
                absent=[str(work / "x.json")],
            ),  # fmt: skip
            Case(
                f"{cid}/report",
                ["report", f, "-o", str(work / "r.html")],
                refused,
                f,
                keep,
                absent=[str(work / "r.html")],
            ),  # fmt: skip
        ]
        if _small_file(item.path) and item.path.suffix == ".jsonl":
            copy = work / f"resume-{item.path.name}"
            shutil.copy(item.path, copy)
            out.append(
                Case(
                    f"{cid}/resume",
                    ["play", "--resume", str(copy), "--text", "--auto", "random"],
                    replays,
                    str(copy),
                    _unchanged(copy) if replays == (1,) else [],
                )  # fmt: skip
            )
        # a class folder: the hostile log beside a good one
        folder = work / "class"
        folder.mkdir()
        shutil.copy(kit.finished, folder / "a-good.jsonl")
        target = folder / (
            "z-" + item.path.name if item.path.name.endswith(".jsonl") else "z.jsonl"
        )
        _place(item.path, target)
        names = str(target) if item.bad else ""
        session = kit.lines[0]["session_id"]
        out += [
            Case(
                f"{cid}/export-folder-skip-bad",
                ["export", str(folder), "--format", "csv", "-o", str(work / "csv2"), "--skip-bad"],
                (0,),
                names,
                produces=[(str(work / "csv2" / "sessions.csv"), session)],
            ),  # fmt: skip
            Case(
                f"{cid}/report-folder-skip-bad",
                ["report", str(folder), "-o", str(work / "r2.html"), "--skip-bad"],
                (0,),
                names,
                produces=[(str(work / "r2.html"), "Minimal Town")],
            ),  # fmt: skip
            Case(
                f"{cid}/export-folder",
                ["export", str(folder), "--format", "xapi", "-o", str(work / "x2.json")],
                refused,
                names,
                absent=[str(work / "x2.json")],
            ),  # fmt: skip
            Case(f"{cid}/verify-folder", ["replay", "--verify", str(folder)], replays, names),
        ]
    return out


def _small_file(path: Path) -> bool:
    """A regular file (not a link) small enough to copy (not the sparse 4 GB one)."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size < 50_000_000


def _place(source: Path, target: Path) -> None:
    """Put (a copy of, or the same kind of) ``source`` at ``target``."""
    if source.is_symlink():
        target.symlink_to(os.readlink(source))
    elif stat.S_ISFIFO(source.lstat().st_mode):
        os.mkfifo(target)
    elif source.is_dir():
        target.mkdir()
    elif _small_file(source):
        shutil.copy(source, target)
    else:
        target.symlink_to(source)


def script_cases(kit: Kit, inputs: list[Input], prefix: str) -> list[Case]:
    out = []
    for item in inputs:
        work = kit.path("out")
        work.mkdir()
        f = str(item.path)
        allowed = (1, 2) if item.bad else (0,)
        cid = f"{prefix}/{item.name}"
        policy = f"script:{f}"
        keep = _unchanged(item.path)
        out += [
            Case(
                f"{cid}/batch",
                ["batch", str(kit.good), "--policy", policy, "--runs", "2"],
                allowed,
                f,
                keep,
            ),  # fmt: skip
            Case(
                f"{cid}/play",
                [
                    "play",
                    str(kit.good),
                    "--text",
                    "--auto",
                    policy,
                    "--log-dir",
                    str(work / "logs"),
                ],
                allowed,
                f,
                keep,
            ),  # fmt: skip
        ]
    return out


# ---- output targets and faults -----------------------------------------------------------------
WRITERS = ("schema", "new", "report", "export-xapi", "export-csv", "play-log-dir", "screenshots")


def _writer_argv(kit: Kit, writer: str, target: str, force: bool) -> list[str]:
    extra = ["--force"] if force else []
    log = str(kit.finished)
    return {
        "schema": ["schema", "-o", target, *extra],
        "new": ["new", "riverside", "-o", target, *extra],
        "report": ["report", log, "-o", target, *extra],
        "export-xapi": ["export", log, "--format", "xapi", "-o", target, *extra],
        "export-csv": ["export", log, "--format", "csv", "-o", target, *extra],
        "play-log-dir": ["play", str(kit.good), "--text", "--auto", "random", "--log-dir", target],
        "screenshots": ["play", str(kit.good), "--gui", "--auto", "random", "--screenshots",
                        target, "--log-dir", str(kit.root / "shot-logs")],
    }[writer]  # fmt: skip


def target_cases(kit: Kit) -> list[Case]:
    """Every writer onto: an existing file (with and without --force), a device, a FIFO, a
    socket, a link to a device, a folder, a missing folder, a dangling link."""
    out: list[Case] = []
    folder_writers = ("export-csv", "play-log-dir", "screenshots")
    for writer in WRITERS:
        timeout = 120.0 if writer == "screenshots" else 10.0
        for name, make, bad in _targets(kit, writer in folder_writers):
            target = make()
            before = _fingerprint(target)
            case = Case(
                f"targets/{writer}/{name}",
                _writer_argv(kit, writer, str(target), force=name.endswith("--force")),
                (1,) if bad else (0,),
                str(target) if bad else "",
                timeout=timeout,
            )
            case.keep = [str(target)] if bad and before is not None else []
            out.append(case)
    return out


def _targets(kit: Kit, folder: bool) -> list[tuple[str, Callable[[], Path], bool]]:
    def existing(force: bool) -> Path:
        path = kit.path("precious.txt")
        path.write_text("precious work\n", encoding="utf-8")
        return path

    def fifo() -> Path:
        path = kit.path("fifo.out")
        os.mkfifo(path)
        return path

    def device_link() -> Path:
        path = kit.path("null.out")
        path.symlink_to("/dev/null")
        return path

    def device() -> Path:
        path = kit.path("dev.out")
        if os.geteuid() == 0:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
        else:
            path.symlink_to("/dev/null")
        return path

    def sock() -> Path:
        path = kit.path("s.out")
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
        return path

    def a_folder() -> Path:
        path = kit.path("a-folder")
        path.mkdir()
        (path / "inside.txt").write_text("keep me", encoding="utf-8")
        return path

    def missing() -> Path:
        return kit.path("no-such-folder") / "sub" / "out.x"

    def dangling() -> Path:
        path = kit.path("dangling.out")
        path.symlink_to(kit.root / "nowhere" / "x")
        return path

    targets: list[tuple[str, Callable[[], Path], bool]] = [
        ("fifo", fifo, True),
        ("link-to-dev-null", device_link, True),
        ("device-node", device, True),
        ("socket", sock, True),
        ("dangling-link", dangling, True),
    ]
    if folder:
        targets += [("existing-file", lambda: existing(False), True)]
    else:
        targets += [
            ("existing-file", lambda: existing(False), True),
            ("existing-file--force", lambda: existing(True), False),
            ("folder", a_folder, True),
            ("missing-folder", missing, True),
        ]
    return targets


def _fingerprint(path: Path) -> tuple | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_mode, info.st_rdev, info.st_size)


def fault_cases(kit: Kit) -> list[Case]:
    """Writes that fail part-way (RLIMIT_FSIZE: EFBIG, as a full disk would), for every writer;
    a game whose log stops growing mid-game."""
    out = []
    for writer, limit in (("schema", 700), ("new", 700), ("report", 2000), ("export-xapi", 1500),
                          ("export-csv", 500)):  # fmt: skip
        work = kit.path("full")
        work.mkdir()
        target = work / ("csv" if writer == "export-csv" else "out.file")
        out.append(
            Case(
                f"faults/file-too-large/{writer}",
                _writer_argv(kit, writer, str(target), False),
                (1,),
                str(target),
                absent=[str(target / "sessions.csv") if writer == "export-csv" else str(target)],
                fsize=limit,
            )  # fmt: skip
        )
    for limit in (1200, 1800, 2400):
        for frontend in ("text", "gui"):
            work = kit.path("full-game")
            out.append(
                Case(
                    f"faults/log-stops-growing-{limit}-{frontend}",
                    [
                        "play",
                        str(kit.good),
                        f"--{frontend}",
                        "--auto",
                        "random",
                        "--log-dir",
                        str(work),
                    ],
                    (1,),
                    "play --resume",
                    fsize=limit,
                    timeout=60,
                )  # fmt: skip
            )
    return out


# ---- arguments ---------------------------------------------------------------------------------
def argument_cases(kit: Kit) -> list[Case]:
    good, log = str(kit.good), str(kit.finished)
    escape_name = kit.path("\x1b[2J\x1b]0;PWNED\x07.yaml")
    shutil.copy(kit.good, escape_name)
    work = kit.path("args")
    work.mkdir()
    logs = str(work / "logs")
    rows = [
        ("batch-runs-huge", ["batch", good, "--policy", "random", "--runs", "10000001"], (2,)),
        ("batch-runs-zero", ["batch", good, "--policy", "random", "--runs", "0"], (2,)),
        ("balance-runs-1e12", ["balance", good, "--runs", "1000000000000"], (2,)),
        ("balance-runs-float", ["balance", good, "--runs", "1e12"], (2,)),
        (
            "balance-dominance-huge",
            ["balance", good, "--runs", "5", "--dominance-runs", "99999999999"],
            (2,),
        ),  # fmt: skip
        ("play-window-huge", ["play", good, "--gui", "--window", "100000x100000"], (2,)),
        ("replay-window-huge", ["replay", "--gui", log, "--window", "99999x99999"], (2,)),
        ("play-window-negative", ["play", good, "--gui", "--window", "-5x-5"], (2,)),
        (
            "seed-negative",
            ["batch", good, "--policy", "random", "--runs", "2", "--seed", "-1"],
            (0,),
        ),
        (
            "seed-huge",
            ["batch", good, "--policy", "random", "--runs", "2", "--seed", "9" * 40],
            (0,),
        ),
        (
            "play-seed-huge",
            ["play", good, "--text", "--auto", "random", "--seed", "9" * 40, "--log-dir", logs],
            (0,),
        ),  # fmt: skip
        (
            "player-escape",
            [
                "play",
                good,
                "--text",
                "--auto",
                "random",
                "--player",
                "\x1b]0;PWNED\x07",
                "--log-dir",
                logs,
            ],
            (1, 2),
        ),  # fmt: skip
        (
            "player-5000",
            ["play", good, "--text", "--auto", "random", "--player", "p" * 5000, "--log-dir", logs],
            (1, 2),
        ),  # fmt: skip
        ("scenario-name-100k", ["validate", "s" * 100_000], (1,)),
        ("scenario-name-escape", ["validate", str(escape_name)], (0,)),
        ("play-name-100k", ["play", "x" * 100_000 + ".yaml", "--text"], (1,)),
        ("whatif-turn-huge", ["whatif", log, "--turn", "9" * 40, "--set", "a=b"], (1,)),
        ("whatif-set-escape", ["whatif", log, "--turn", "1", "--set", "\x1b[2J=\x1b[2J"], (1,)),
        ("policy-escape", ["batch", good, "--policy", "\x1b]0;PWNED\x07", "--runs", "2"], (2,)),
        ("bench-sizes-huge", ["bench", "--sizes", "99999999999"], (2,)),
        ("resume-missing", ["play", "--resume", str(work / "nope.jsonl"), "--text"], (1,)),
    ]
    return [Case(f"arguments/{name}", argv, expect) for name, argv, expect in rows]
