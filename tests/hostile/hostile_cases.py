"""Hostile inputs turned into command lines (:class:`Case`), and the cases that are command
lines themselves: output targets, faults, arguments (see ``corpus.py``)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path

from hostile_kit import Case, Input, Kit


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
                f if item.bad else "",  # exit 1 on a good file: a criterion failed (a verdict)
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
        # a class folder: the hostile log beside a good one (of another session: beside its own
        # session, a readable variant would be a fork, and both would be left out)
        folder = work / "class"
        folder.mkdir()
        shutil.copy(kit.other, folder / "a-good.jsonl")
        target = folder / (
            "z-" + item.path.name if item.path.name.endswith(".jsonl") else "z.jsonl"
        )
        _place(item.path, target)
        names = str(target) if item.bad else ""
        session = json.loads(kit.other.read_text("utf-8").splitlines()[0])["session_id"]
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
    # a header line is about 1,350 bytes and a turn line about 900: the log stops growing at
    # the first, second and third turn
    for limit in (1600, 2600, 3500):
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
            (2,),  # a seed past 2**64-1 is refused (it used to wrap), as is -1 (class_code.py)
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
