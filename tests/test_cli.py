"""The commands, end to end, as a trainee or trainer runs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin="", env_extra=None, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def no_traceback(result):
    assert "Traceback" not in result.stdout + result.stderr


def test_play_with_best_policy_writes_a_complete_json_record():
    result = run("play", "surprise-charge", "--policy", "best", "--seed", "4", "--json", "-")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for key in (
        "scenario",
        "seed",
        "player",
        "turns",
        "ending",
        "score",
        "grade",
        "breakdown",
        "final",
        "debrief",
    ):
        assert key in record
    assert record["ending"] == "resolved" and record["score"] >= 80
    assert set(record["final"]) == {"anger", "trust", "heard", "patience"}
    turn = record["turns"][0]
    assert {"choice", "moves", "state"} <= set(turn) and 0 <= turn["state"]["anger"] <= 100


def test_the_same_seed_gives_identical_json():
    args = ("play", "phantom-wine", "--policy", "random", "--seed", "11", "--json", "-")
    assert run(*args).stdout == run(*args).stdout


def test_play_in_the_terminal_shows_briefing_meter_options_and_debrief():
    result = run("play", "surprise-charge", "--text", "--seed", "1", stdin="1\n1\n1\n4\nq\n")
    no_traceback(result)
    out = result.stdout
    assert "Dana Whitfield" in out and "You may, without asking anyone" in out
    assert "Needs a supervisor:\n    - refunds over €200" in out  # reads with any item
    assert "Anger" in out and "1) [Let her go on" in out
    assert "Nine years I've been with you" in out  # she tells her story while you listen


def test_typed_play_reaches_the_debrief():
    picks = "\n".join(["1", "1", "1", "4", "1", "1", "1", "1", "1", "1", "1"]) + "\n"
    result = run("play", "surprise-charge", "--text", "--seed", "2", stdin=picks)
    assert result.returncode == 0, result.stderr
    assert "DEBRIEF" in result.stdout and "The seven steps" in result.stdout
    assert "Try next time" in result.stdout


def test_choices_that_run_out_get_one_clear_line():
    result = run("play", "surprise-charge", "--choices", "1,1")
    assert result.returncode != 0
    no_traceback(result)
    assert result.stderr.strip().count("\n") == 0
    assert "--choices ran out after 2 picks" in result.stderr


def test_a_bad_option_number_gets_one_clear_line():
    result = run("play", "surprise-charge", "--choices", "9")
    assert result.returncode != 0
    no_traceback(result)
    assert "only 5 options" in result.stderr


def test_an_unknown_scenario_id_suggests_the_closest():
    result = run("play", "surprise-charg", "--text")
    assert result.returncode != 0
    no_traceback(result)
    assert "no scenario with the id `surprise-charg`" in result.stderr
    assert "did you mean `surprise-charge`" in result.stderr
    assert ":1:1:" not in result.stderr  # an id is no file: no line and column to point at


def test_list_starts_each_line_with_an_id():
    result = run("list")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert "surprise-charge" in ids and "phantom-wine" in ids


def test_validate_passes_on_shipped_and_fails_on_a_broken_file(tmp_path):
    assert run("validate").returncode == 0
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("moves: [reflect]", "moves: [reflekt]"), encoding="utf-8")
    result = run("validate", str(broken))
    assert result.returncode == 1
    no_traceback(result)
    line = next(l for l in result.stdout.splitlines() if "reflekt" in l)  # noqa: E741
    expected_line = text.splitlines().index("        moves: [reflect]") + 1
    assert f"broken.yaml:{expected_line}:" in line
    assert "did you mean `reflect`" in line


def test_a_scenario_file_outside_the_shipped_folder_plays(tmp_path):
    copy = tmp_path / "my-scenario.yaml"
    copy.write_text((ROOT / "scenarios" / "phantom-wine.yaml").read_text(encoding="utf-8"))
    result = run("play", str(copy), "--policy", "best", "--seed", "0", "--json", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ending"] == "parted_ways"


def test_json_to_a_file_is_written_whole(tmp_path):
    target = tmp_path / "out" / "run.json"
    result = run(
        "play",
        "surprise-charge",
        "--policy",
        "worst",
        "--seed",
        "0",
        "--json",
        str(target),
        "--player",
        "Sam",
    )
    assert result.returncode == 0
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["player"] == "Sam" and record["ending"] in ("walked_out", "hung_up")
    assert [p.name for p in target.parent.iterdir()] == ["run.json"]  # no temp file left


@pytest.mark.parametrize("args", [(), ("play", "surprise-charge")])
def test_without_a_display_the_game_says_so_and_offers_the_terminal(args):
    result = run(*args, stdin="")
    no_traceback(result)
    assert result.returncode in (0, 1)
    if not args:
        assert "No display found" in result.stdout
        assert "1) The charge nobody mentioned" in result.stdout or "1)" in result.stdout


def test_validate_shows_the_line_with_a_caret_and_json_diagnostics(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "scenarios" / "surprise-charge.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("moves: [reflect]", "moves: [reflekt]"), encoding="utf-8")
    result = run("validate", str(broken))
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "reflekt" in line and ": " in line)
    assert "moves: [reflekt]" in lines[at + 1]
    caret = lines[at + 2]
    assert caret.strip() == "^" and lines[at + 1][caret.index("^")] == "r"
    data = json.loads(run("validate", str(broken), "--format", "json").stdout)
    error = data["files"][0]["errors"][0]
    assert data["valid"] == 0 and error["severity"] == "error" and "reflekt" in error["message"]


def test_warnings_are_shown_apart_and_fail_only_with_strict(tmp_path):
    scenario = tmp_path / "quiet.yaml"
    assert run("new", "quiet", "--dir", str(tmp_path)).returncode == 0
    text = scenario.read_text(encoding="utf-8")
    # Drop the calm line of a beat the customer can reach calm: a warning, not an error.
    scenario.write_text(text.replace('      calm: "Right. Thanks."\n', ""), encoding="utf-8")
    normal = run("validate", str(scenario))
    assert normal.returncode == 0, normal.stdout
    assert "warning: beat `close` can be reached while the customer is calm" in normal.stdout
    strict = run("validate", str(scenario), "--strict")
    assert strict.returncode == 1


def test_new_writes_a_scaffold_that_validates_and_plays(tmp_path):
    result = run("new", "cold-soup", "--cause", "not_as_expected", "--dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "cold-soup.yaml"
    assert run("validate", str(path)).returncode == 0
    played = run("play", str(path), "--policy", "best", "--seed", "1", "--json", "-")
    assert json.loads(played.stdout)["ending"] == "resolved"
    again = run("new", "cold-soup", "--dir", str(tmp_path))
    assert again.returncode != 0 and "already exists" in again.stderr


def test_the_committed_schema_matches_the_models():
    from sim.scenario.schema import SCHEMA_FILE, schema_text

    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run `python main.py schema --out assets/scenario.schema.json`"
    )
    schema = json.loads(schema_text())
    for name, definition in [("Scenario", schema), *schema["$defs"].items()]:
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{key} has no description"
    assert "apologize" in schema["$defs"]["Option"]["properties"]["moves"]["items"]["enum"]


def test_shipped_scenarios_point_editors_at_the_schema():
    for path in (ROOT / "scenarios").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../assets/scenario.schema.json", path


def test_unwritable_output_and_bad_seeds_get_one_line(tmp_path):
    for args, words in (
        (("play", "surprise-charge", "--policy", "worst", "--json", str(tmp_path)), "could not"),
        (("play", "surprise-charge", "--seed", "-1", "--choices", "1"), "not a seed"),
        (("play", "surprise-charge", "--text", "--json", "-"), "no game to type into"),
    ):
        result = run(*args)
        assert result.returncode != 0, args
        no_traceback(result)
        assert words in result.stderr, (args, result.stderr)


def test_new_quotes_ids_yaml_would_misread(tmp_path):
    result = run("new", "no", "--dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert run("validate", str(tmp_path / "no.yaml")).returncode == 0
