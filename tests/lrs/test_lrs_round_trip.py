"""xAPI into a real learning record store (Ralph, started by the fixture on localhost): post,
post again without duplicates, query back; what the export reports is what the LRS holds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "session"))
from sessionkit import play_log  # noqa: E402

from simcity_council.cli import main  # noqa: E402
from simcity_council.session import read_log  # noqa: E402
from simcity_council.session.lrs import post_statements  # noqa: E402
from simcity_council.session.xapi import statements  # noqa: E402

from .lrs_server import LRS, run_ralph  # noqa: E402

BASE = "https://lms.example.edu/xapi"


@pytest.fixture(scope="module")
def lrs(tmp_path_factory: pytest.TempPathFactory):
    yield from run_ralph(tmp_path_factory.mktemp("ralph"))


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    for seed in range(3):
        play_log(folder, seed=seed, policy="inclusive", reflection=("What did you learn?", "Ask."))
    play_log(folder, seed=7, policy="narrow", turns=2, finish=False)
    return folder


def _export(capsys, lrs: LRS, logs: Path, *extra: str) -> str:
    argv = ["export", str(logs), "--format", "xapi", "--lrs", lrs.url, "--auth", lrs.auth]
    code = main([*argv, "--base-iri", BASE, *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_post_repost_and_query_back(lrs: LRS, logs: Path, capsys) -> None:
    parsed = [read_log(p) for p in sorted(logs.glob("*.jsonl"))]
    sent = statements(parsed, BASE)
    before = len(lrs.statements())
    out = _export(capsys, lrs, logs)
    assert f"sent {len(sent)} xAPI statement(s)" in out
    assert f"{len(sent)} stored, 0 already in the LRS" in out
    held = lrs.statements()
    assert len(held) == before + len(sent)
    assert {s["id"] for s in sent} <= {s["id"] for s in held}
    # Sent again: the LRS keeps one copy of each (the ids come from the content).
    out = _export(capsys, lrs, logs)
    assert f"0 stored, {len(sent)} already in the LRS" in out
    assert len(lrs.statements()) == before + len(sent)
    # Query back one session by its registration: every kind of statement, as sent.
    first = parsed[0]
    mine = lrs.statements(f"registration={first.header.session_id}")
    ours = {s["id"]: s for s in sent if s["context"]["registration"] == first.header.session_id}
    assert {s["id"] for s in mine} == set(ours)
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in mine}
    assert verbs == {"initialized", "preferred", "interacted", "answered", "completed"}
    for statement in mine:
        assert statement["actor"] == ours[statement["id"]]["actor"]
        assert statement["object"]["id"] == ours[statement["id"]]["object"]["id"]


def test_another_base_iri_or_pseudonyms_are_new_statements_not_conflicts(
    lrs: LRS, logs: Path, capsys
) -> None:
    parsed = [read_log(p) for p in sorted(logs.glob("*.jsonl"))]
    count = len(statements(parsed, BASE))
    _export(capsys, lrs, logs)  # whatever the first test left, these are now in
    out = _export(capsys, lrs, logs, "--base-iri", "https://other.example.edu/xapi")
    assert f"{count} stored" in out  # new ids: no 409 from the LRS
    out = _export(capsys, lrs, logs, "--pseudonymise", "a-secret-key-for-this-study")
    assert f"{count} stored" in out
    pseudonymised = lrs.statements(
        "agent=" + _agent_query(parsed[0], "a-secret-key-for-this-study")
    )
    assert pseudonymised and all(
        s["actor"]["account"]["name"].startswith("p-") for s in pseudonymised
    )
    assert parsed[0].header.player not in str(pseudonymised)


def _agent_query(log, key: str) -> str:  # noqa: ANN001
    import json
    import urllib.parse

    from simcity_council.session.privacy import Pseudonymiser

    name = Pseudonymiser(key.encode()).player(log.header.player)
    agent = {"objectType": "Agent", "account": {"homePage": BASE, "name": name}}
    return urllib.parse.quote(json.dumps(agent))


def test_small_batches_and_a_server_error_are_retried(lrs: LRS, logs: Path) -> None:
    parsed = [read_log(p) for p in sorted(logs.glob("*.jsonl"))]
    sent = statements(parsed, "https://batches.example.edu/xapi")
    report = post_statements(sent, lrs.url, lrs.auth, batch_size=7, pause=lambda s: None)
    assert report.batches == -(-len(sent) // 7)
    assert (report.stored, report.already, report.retries) == (len(sent), 0, 0)
    # A server that is down: each batch is retried, then a clear error says what was sent.
    from simcity_council.errors import LogError

    pauses: list[float] = []
    with pytest.raises(LogError, match="cannot reach the LRS.*also after 2 retries"):
        post_statements(sent, "http://127.0.0.1:9/xAPI/", lrs.auth, retries=2, pause=pauses.append)
    assert pauses == [0.5, 1.0]


def test_wrong_credentials_are_refused_with_the_reason(lrs: LRS, logs: Path, capsys) -> None:
    argv = ["export", str(logs), "--format", "xapi", "--lrs", lrs.url, "--auth", "who:wrong"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "the LRS refused these credentials" in err or "wants credentials" in err
    assert "Traceback" not in err
