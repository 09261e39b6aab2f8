"""The corpus's building blocks: the good material, :class:`Input`, :class:`Case`, special
files and random mutations (see ``corpus.py``)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import stat
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
_PREV = re.compile(rb'"prev": ?"([0-9a-f]*)"')
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
        # another finished session, for class folders: the hostile variants of ``finished``
        # beside ``finished`` itself would be forks of one session, and both refused
        self.other = _play(self.good, logs, seed=5, turns=None)
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
        """A log from JSON objects (dumped as the recorder does, allowing NaN) or raw lines.

        Every line's ``prev`` is set to the hash of the line before it, as a determined editor
        would do, so that what the line holds is what gets refused, not a broken chain."""
        from simcity_council.session.logformat import line_hash

        out: list[bytes] = []
        for line in lines:
            if isinstance(line, dict):
                if out and "prev" in line:
                    line = {**line, "prev": line_hash(out[-1])}
                text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
                out.append(text.encode("utf-8", "surrogatepass"))
                continue
            raw = line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line
            if out:
                found = _PREV.search(raw)
                if found:
                    raw = raw[: found.start(1)] + line_hash(out[-1]).encode() + raw[found.end(1) :]
            out.append(raw)
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
