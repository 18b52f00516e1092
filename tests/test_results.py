"""The results store and the `results` command: runs kept, listed, exported, reported."""

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest

from sim import cli
from sim.records.results import MIGRATIONS, SCHEMA_VERSION, ResultsStore, default_path
from sim.records.results_csv import CSV_COLUMNS
from sim.records.sample import make_store
from sim.records.xapi import statements

# The shipped scenario's first self-test path: a complete run, always the same.
SCENARIO = "surprise-charge"


def good_choices(shipped) -> str:
    return ",".join(map(str, shipped[SCENARIO].tests[0].choices))


def results(*args) -> int:
    return cli.main(["results", *args])


@pytest.fixture(scope="module")
def class_db(tmp_path_factory) -> Path:
    """A made-up class: 24 stored runs (8 distinct plays) across the shipped scenarios."""
    return make_store(tmp_path_factory.mktemp("class") / "results.sqlite3", 24, distinct=8)


# storing -------------------------------------------------------------------------------


def test_a_terminal_run_is_stored_before_its_debrief_shows(shipped, monkeypatch, capsys):
    seen = []
    import sim.text.render as render  # the terminal imports it when a call is played

    real = render.debrief_text

    def debrief_text(record, **kw):
        with ResultsStore(default_path()) as store:
            seen.append(store.count())
        return real(record, **kw)

    monkeypatch.setattr(render, "debrief_text", debrief_text)
    choices = good_choices(shipped)
    for _ in range(2):
        assert (
            cli.main(["play", SCENARIO, "--choices", choices, "--seed", "1", "--player", "Mo"]) == 0
        )
    assert seen == [1, 2]
    with ResultsStore(default_path()) as store:
        first, second = store.runs()
        assert store.schema_version == SCHEMA_VERSION
    assert (first.learner, first.scenario, first.attempt, second.attempt) == ("Mo", SCENARIO, 1, 2)
    record = first.record
    assert first.score == record["score"] and first.grade == record["grade"]
    assert first.outcome == record["ending"] and first.turns == len(record["turns"])
    assert first.final_anger == record["final"]["anger"]
    criteria = [c for s in record["breakdown"].values() for c in s["criteria"]]
    assert len(first.principles) == len(criteria) > 5
    assert first.started_at <= first.completed_at and first.duration_s >= 0
    assert first.scenario_version.startswith("sha-")


def test_a_built_in_player_is_not_stored_but_a_call_left_midway_is(monkeypatch):
    assert cli.main(["play", SCENARIO, "--policy", "best", "--json", "-"]) == 0
    answers = iter(["1", "q", "n"])  # leave, and no debrief so far
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert cli.main(["play", SCENARIO, "--text", "--player", "Lee"]) == 1
    with ResultsStore(default_path()) as store:
        (run,) = store.runs()
    assert (run.learner, run.outcome, run.turns, run.score) == ("Lee", "abandoned", 1, None)


def test_a_corrupt_database_is_set_aside_with_one_notice_and_a_new_one_started(shipped, capsys):
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    assert cli.main(["play", SCENARIO, "--choices", good_choices(shipped), "--json", "-"]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(notes) == 1 and "kept as" in notes[0]
    (kept,) = path.parent.glob("results.sqlite3.broken-*")
    assert kept.read_bytes().startswith(b"this is not a database")
    with ResultsStore(path) as store:
        assert store.count() == 1


def test_a_path_that_is_not_a_plain_file_is_never_replaced(shipped, tmp_path, capsys):
    target = tmp_path / "precious.sqlite3"
    target.write_bytes(b"someone else's file")
    path = default_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    assert cli.main(["play", SCENARIO, "--choices", good_choices(shipped), "--json", "-"]) == 0
    assert "not a plain file" in capsys.readouterr().err
    assert target.read_bytes() == b"someone else's file" and path.is_symlink()


def test_an_older_database_is_migrated_and_keeps_its_runs(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO runs (run_id, learner, scenario, attempt, outcome, record)"
        " VALUES ('r1', 'Old', 'x', 1, 'resolved', '{}')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with ResultsStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [r.learner for r in store.runs()] == ["Old"]
        assert store.sent_ids("http://lrs/statements") == set()
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_earlier_json_records_and_best_scores_are_imported_once(shipped, capsys):
    data = Path(os.environ["DEFUSE_HOME"]) / "data"
    assert cli.main(["play", SCENARIO, "--choices", good_choices(shipped), "--json", "-"]) == 0
    record = json.loads(capsys.readouterr().out)
    default_path().unlink()  # as before the store existed: only the JSON files
    folder = data / "debriefs" / f"{SCENARIO}-20250101-101010"
    folder.mkdir(parents=True)
    (folder / "record.json").write_text(json.dumps({**record, "player": "Ivy"}))
    (data / "debriefs" / "broken-1").mkdir()
    (data / "debriefs" / "broken-1" / "record.json").write_text("{not json")
    (data / "results.json").write_text(
        json.dumps({"best": {"Ivy": {SCENARIO: record["score"], "sea-view": 40}}})
    )
    for _ in range(2):
        assert results("list") == 0
    out = capsys.readouterr()
    assert "2 earlier result(s)" in out.err and "1 earlier record file(s)" in out.err
    assert out.out.count("Ivy") == 4  # two runs, listed twice; the second open imports nothing
    with ResultsStore(default_path()) as store:
        sources = sorted(r.source for r in store.runs())
    assert sources == ["imported", "imported-best"]


# the results command -------------------------------------------------------------------


def test_csv_has_the_columns_and_one_per_principle(class_db, capsys):
    assert results("csv", "-", "--db", str(class_db)) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    header, body = rows[0], rows[1:]
    assert header[: len(CSV_COLUMNS)] == CSV_COLUMNS
    principles = header[len(CSV_COLUMNS) :]
    assert "person.apologized" in principles and all("." in p for p in principles)
    assert len(body) == 24
    finished = [dict(zip(header, r, strict=True)) for r in body if r[header.index("score")]]
    for row in finished:
        assert float(row["score_scaled"]) == pytest.approx(int(row["score"]) / 100)
        assert 0 <= float(row["person.apologized"] or 0) <= 1


def test_list_filters_by_learner_group_scenario_and_dates(class_db, capsys):
    db = ["--db", str(class_db)]
    assert results("list", *db, "--learner", "Ada") == 0
    out = capsys.readouterr().out
    assert "Ada" in out and "Ben" not in out and out.strip().endswith("3 run(s)")
    with ResultsStore(class_db) as store:
        runs = store.runs()
    some = next(r for r in runs if r.group)
    wanted = [r for r in runs if (r.group, r.scenario) == (some.group, some.scenario)]
    assert results("list", *db, "--group", some.group, "--scenario", some.scenario) == 0
    lines = capsys.readouterr().out.splitlines()[1:-1]
    assert len(lines) == len(wanted) < len(runs)
    assert all(some.group in line and some.scenario in line for line in lines)
    assert results("list", *db, "--until", "2000-01-01") == 0
    assert "No runs match" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        results("list", *db, "--since", "last tuesday")


def test_a_name_that_looks_like_a_formula_is_not_one_in_the_csv(tmp_path, capsys):
    with ResultsStore(tmp_path / "r.sqlite3") as store:
        store.add({"scenario": "x", "ending": "resolved", "score": 50}, learner="=HYPERLINK(1)")
    assert results("csv", "-", "--db", str(tmp_path / "r.sqlite3")) == 0
    assert "'=HYPERLINK(1)" in capsys.readouterr().out


def test_the_report_is_one_self_contained_page(class_db, tmp_path):
    out = tmp_path / "class.html"
    assert results("report", str(out), "--db", str(class_db)) == 0
    page = out.read_text()
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    for heading in ("Per scenario", "Per principle", "Per learner", "anger curves"):
        assert heading in page
    assert "&lt;Hugo &amp; co&gt;" in page and "<Hugo" not in page
    assert page.count("<polyline") > 24  # a curve per run, a mean per scenario, sparklines


# xAPI ----------------------------------------------------------------------------------


def test_xapi_statements_follow_each_run_and_are_stable(class_db, capsys):
    assert results("xapi", "-", "--db", str(class_db)) == 0
    first = capsys.readouterr().out
    assert results("xapi", "-", "--db", str(class_db)) == 0
    assert capsys.readouterr().out == first  # stable ids: the same statements every time
    lines = [json.loads(line) for line in first.splitlines()]
    assert len({s["id"] for s in lines}) == len(lines)
    with ResultsStore(class_db) as store:
        runs = store.runs()
    by_run = {}
    for s in lines:
        by_run.setdefault(s["context"]["registration"], []).append(s)
    for run in runs:
        mine = by_run[run.run_id]
        verbs = [s["verb"]["display"]["en-US"] for s in mine]
        last = "terminated" if run.outcome == "abandoned" else "completed"
        assert verbs == ["initialized", *["answered"] * run.turns, last]
        assert all(s["version"] == "1.0.3" for s in mine)
        end = mine[-1]["result"]
        assert re.fullmatch(r"PT\d+(\.\d)?S", end["duration"])
        if last == "completed":
            assert end["score"]["scaled"] == pytest.approx(run.score / 100)
            assert end["success"] == (run.score >= 65)
        answered = mine[1:-1]
        for before, after in pairwise(answered):
            ext = before["result"]["extensions"]
            key = next(k for k in ext if k.endswith("anger-after"))
            assert after["result"]["extensions"][key.replace("after", "before")] == ext[key]
        if run.group:
            assert mine[0]["actor"]["objectType"] == "Group"
            assert mine[0]["context"]["instructor"]["name"] == "Sam Trainer"
        else:
            assert mine[0]["actor"]["account"]["name"] == run.learner


def test_statements_carry_the_organisations_home_page(class_db):
    with ResultsStore(class_db) as store:
        run = store.runs()[0]
    first = next(statements(run, "https://academy.example.org/"))
    account = first["actor"].get("account") or first["actor"]["member"][0]["account"]
    assert account["homePage"] == "https://academy.example.org"


# sending, against a small fake LRS (the real Ralph test is in test_results_lrs.py) -------


class FakeLRS:
    """A stdlib HTTP server that stores POSTed statement batches; `failures` are answered
    503 first, `broken_after` batches are accepted and then every POST fails."""

    def __init__(self, failures=0, broken_after=None):
        self.batches, self.headers, self.failures = [], [], failures
        self.broken_after = broken_after
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                lrs.headers.append({k.lower(): v for k, v in self.headers.items()})
                broken = lrs.broken_after is not None and len(lrs.batches) >= lrs.broken_after
                if lrs.failures or broken:
                    lrs.failures = max(0, lrs.failures - 1)
                    self.send_response(503)
                    self.end_headers()
                    return
                batch = json.loads(body)
                lrs.batches.append(batch)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps([s["id"] for s in batch]).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def ids(self):
        return [s["id"] for batch in self.batches for s in batch]


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr("sim.records.lrs.time.sleep", lambda seconds: None)


def send(db, lrs, *extra):
    return results(
        "send", "--lrs", lrs.url, "--user", "u", "--password", "p", "--db", str(db), *extra
    )


def test_send_posts_batches_with_the_xapi_header_retries_and_never_resends(
    class_db, tmp_path, quick_retries, capsys
):
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(class_db.read_bytes())
    lrs = FakeLRS(failures=2)
    assert send(db, lrs, "--batch", "40") == 0
    with ResultsStore(db) as store:
        expected = [s["id"] for r in store.runs() for s in statements(r)]
    assert lrs.ids() == expected and all(len(b) <= 40 for b in lrs.batches)
    assert all(h["x-experience-api-version"] == "1.0.3" for h in lrs.headers)
    assert all(h["authorization"] == "Basic dTpw" for h in lrs.headers)
    assert len(lrs.headers) == len(lrs.batches) + 2  # the two 503s were retried
    assert send(db, lrs) == 0
    assert lrs.ids() == expected  # nothing sent twice
    assert "Sent 0 statement(s)" in capsys.readouterr().out


def test_an_interrupted_send_resumes_where_it_stopped(class_db, tmp_path, quick_retries, capsys):
    db = tmp_path / "copy.sqlite3"
    db.write_bytes(class_db.read_bytes())
    lrs = FakeLRS(broken_after=1)
    assert send(db, lrs, "--batch", "30") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "send again" in err
    assert len(lrs.ids()) == 30
    lrs.broken_after = None
    assert send(db, lrs, "--batch", "30") == 0
    assert len(lrs.ids()) == len(set(lrs.ids())) > 30


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian package chromium)")
def test_the_report_renders_in_a_browser_with_its_charts(class_db, tmp_path):
    import pygame

    page, shot = tmp_path / "class.html", tmp_path / "class.png"
    assert results("report", str(page), "--db", str(class_db)) == 0
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,3200",
         f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    image = pygame.image.load(str(shot))
    colours = {
        tuple(image.get_at((x, y)))[:3]
        for x in range(0, image.get_width(), 4)
        for y in range(0, image.get_height(), 4)
    }
    assert (0x3B, 0x6F, 0xB6) in colours  # the bars were drawn
    assert (0x7B, 0x1D, 0x12) in colours  # and the class's mean anger curve
