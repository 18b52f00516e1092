"""The facilitator's keys in a scenario and the workshop file: loaded, checked, located."""

from pathlib import Path

import pytest

from sim.classroom.workshop import WORKSHOPS_DIR, load_workshop, parse_workshop, workshop_files
from sim.cli import main
from sim.paths import SCENARIOS_DIR
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import parse_scenario

ROOT = Path(__file__).resolve().parent.parent


def _with_facilitator(block: str) -> bytes:
    text = (SCENARIOS_DIR / "late-sofa.yaml").read_text(encoding="utf-8")
    start = text.split("start:", 1)[1].split("\n", 1)[0].strip().strip("'\"")
    head = f"\n  {start}:\n"
    assert head in text
    return text.replace(head, head + block, 1).encode()


def test_a_beat_takes_facilitator_notes():
    raw = _with_facilitator(
        '    facilitator:\n      pause: true\n      prompt: "What first?"\n      note: "Listen"\n'
    )
    scenario = parse_scenario(raw, "late-sofa.yaml")
    notes = scenario.beats[scenario.start].facilitator
    assert notes is not None and notes.pause and notes.prompt == "What first?"


def test_a_misspelled_facilitator_key_is_one_located_line():
    raw = _with_facilitator("    facilitator:\n      promt: What first?\n")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(raw, "late-sofa.yaml")
    problem = caught.value.problems[0]
    assert "promt" in problem.message and "prompt" in problem.fix
    line = raw.decode().splitlines()[problem.line - 1]
    assert "promt" in line


def test_the_shipped_workshop_loads_its_scenarios_in_order():
    files = workshop_files()
    assert files and files[0].parent == WORKSHOPS_DIR
    workshop = load_workshop(files[0])
    assert [s.id for s in workshop.scenarios] == [i.scenario for i in workshop.workshop.scenarios]
    assert {workshop.mode_for(i) for i in range(len(workshop.scenarios))} <= {
        "vote",
        "teams",
        "hot_seat",
        "tally",
    }


@pytest.mark.parametrize(
    ("text", "word", "line"),
    [
        ("workshop: 1\ntitle: x\nmod: vote\nscenarios:\n  - scenario: late-sofa\n", "mod", 3),
        ("workshop: 1\ntitle: x\nteams: 9\nscenarios:\n  - scenario: late-sofa\n", "teams", 3),
        ("workshop: 1\ntitle: x\nscenarios:\n  - scenario: late-sofa\n    mode: vot\n", "mode", 5),
        ("workshop: 1\ntitle: x\nscenarios:\n  - scenario: no-such-thing\n", "no-such-thing", 4),
    ],
)
def test_a_bad_workshop_is_one_located_line_each(tmp_path, capsys, text, word, line):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    first = out[0]
    assert f":{line}:" in first and word in first and "Traceback" not in "\n".join(out)


def test_a_workshop_that_is_not_a_mapping_or_not_yaml_is_refused():
    for raw in (b"- just\n- a list\n", b"title: [\n", b"workshop: 1\n\ttitle: x\n"):
        with pytest.raises(ScenarioError):
            parse_workshop(raw, "w.yaml")


def test_validate_checks_shipped_workshops_with_the_scenarios(capsys):
    assert main(["validate"]) == 0
    assert "workshops/complaints-morning.yaml" in capsys.readouterr().out
