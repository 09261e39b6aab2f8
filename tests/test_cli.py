"""The CLI contract: exit codes, no tracebacks, the command list of DESIGN.md §6."""

import subprocess
import sys

import pytest

from simcity_council import __version__
from simcity_council.cli import COMMANDS, build_parser, main


def test_every_documented_command_is_registered() -> None:
    documented = {
        "play",
        "validate",
        "schema",
        "new",
        "batch",
        "balance",
        "replay",
        "whatif",
        "export",
        "report",
        "bench",
        "graph",  # the authoring tools of issue 16
        "import-csv",
    }
    assert set(COMMANDS) == documented


def test_every_command_has_help_text() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, cmd in sub.choices.items():
        assert cmd.description and "not built" not in cmd.description, name


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "--help" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "simcity_council", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "validate" in done.stdout


def test_importing_the_engine_and_cli_loads_no_pygame() -> None:
    code = (
        "import sys, simcity_council.cli, simcity_council.engine, simcity_council.scenario; "
        "import simcity_council.ui_pygame; print('pygame' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
