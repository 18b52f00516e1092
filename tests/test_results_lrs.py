"""`results send` against a real Ralph LRS on 127.0.0.1, and every statement checked with
Ralph's own xAPI models. Ralph is a test dependency only (the `test` extra); sending itself
uses nothing but the standard library."""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

try:
    import ralph.models.xapi.base.statements as ralph_models
except ImportError:
    pytest.skip("Ralph (ralph-malph[cli,lrs]) is not installed", allow_module_level=True)
except Exception as exc:  # Ralph's own import fails, not ours
    # CI's lowest-bounds pass pairs Ralph with our lowest pydantic, which it can't load.
    reason = f"Ralph does not load beside this pydantic ({type(exc).__name__}: {exc})"
    pytest.skip(reason[:200], allow_module_level=True)

from sim import cli
from sim.records.results import ResultsStore
from sim.records.sample import make_store

USER, PASSWORD = "defuse", "not-a-real-secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> dict:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        url, headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    """A Ralph LRS with the file system backend; its xAPI address."""
    ralph = shutil.which("ralph") or str(Path(os.sys.executable).parent / "ralph")
    if not Path(ralph).exists():
        pytest.skip("the ralph command is not installed")
    home = tmp_path_factory.mktemp("ralph")
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(home / "app"),
        "RALPH_AUTH_FILE": str(home / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
    }
    subprocess.run(
        [ralph, "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
         "-M", "mailto:defuse-test@example.org", "-w"],
        env=env, cwd=home, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    port = _free_port()
    server = subprocess.Popen(
        [ralph, "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(port),
         "--fs-default-directory-path", str(home / "data")],
        env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(base + "/__heartbeat__", timeout=1):
                    break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("the Ralph LRS stopped while starting")
                time.sleep(0.25)
        else:
            pytest.fail("the Ralph LRS did not start within a minute")
        yield base + "/xAPI"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and its reloader, which we started
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_statements_sent_to_ralph_are_stored_valid_and_never_sent_twice(lrs, tmp_path, capsys):
    db = make_store(tmp_path / "class.sqlite3", 9, distinct=4)
    # One batch: Ralph's file system backend (for development) takes one write per file and
    # answers any later POST with HTTP 500; its Elasticsearch and ClickHouse backends do not.
    # Many batches, retries and resuming are tested against a small fake LRS instead.
    login = ["--lrs", lrs, "--user", USER, "--password", PASSWORD, "--db", str(db)]
    login += ["--batch", "5000"]
    assert cli.main(["results", "xapi", str(tmp_path / "s.jsonl"), "--db", str(db)]) == 0
    ours = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert cli.main(["results", "send", *login]) == 0
    assert f"Sent {len(ours)} statement(s)" in capsys.readouterr().out

    stored, url = {}, lrs + "/statements?limit=500"
    while url:
        page = _get(url)
        stored.update({s["id"]: s for s in page["statements"]})
        more = page.get("more")
        url = lrs.removesuffix("/xAPI") + more if more else None
    assert {s["id"] for s in ours} <= set(stored)
    for statement in ours:  # Ralph's own models accept every statement we make
        ralph_models.BaseXapiStatement.model_validate(statement)
    completed = next(s for s in ours if s["verb"]["id"].endswith("/completed"))
    assert stored[completed["id"]]["result"]["score"] == completed["result"]["score"]

    assert cli.main(["results", "send", *login]) == 0
    assert "Sent 0 statement(s)" in capsys.readouterr().out
    with ResultsStore(db) as store:
        assert len(store.sent_ids(lrs + "/statements")) == len(ours)


def test_a_wrong_password_is_one_line_and_nothing_is_marked_sent(lrs, tmp_path, capsys):
    db = make_store(tmp_path / "class.sqlite3", 2, distinct=1)
    code = cli.main(
        ["results", "send", "--lrs", lrs, "--user", USER, "--password", "wrong", "--db", str(db)]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "--password" in err
    with ResultsStore(db) as store:
        assert store.sent_ids(lrs + "/statements") == set()
