"""Bad scenario files: each gives one clear located line, never a traceback, never runs code.

The corpus is tests/broken/: small files, most of them one change away from
tests/broken/_valid_minimal.yaml, with tests/broken/expected.yaml saying where each one's
first problem must be reported. Files that would be ugly to commit (binary, oversized,
thousands of brackets deep) are made here, in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from sim.scenario import yaml_source
from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.loader import load_scenario, parse_scenario
from tests.pngs import png

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "broken"
VALID = BROKEN / "_valid_minimal.yaml"
EXPECTED = yaml.safe_load((BROKEN / "expected.yaml").read_text(encoding="utf-8"))
CORPUS = sorted(
    p.name
    for p in BROKEN.glob("*.yaml")
    if not p.name.startswith("_") and p.name != "expected.yaml"
)
# FILE:LINE:COL: what is wrong; how to fix it
PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: .+; .+")


def valid_text() -> str:
    return VALID.read_text(encoding="utf-8")


def load_problems(path: Path) -> list[Problem]:
    """Load a file that must be refused: its problems (timings are `main.py bench`'s job)."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value.problems


def check_problems(problems: list[Problem], shown: str, expect: dict) -> None:
    assert problems, "a ScenarioError must hold at least one problem"
    for problem in problems:
        text = str(problem)
        assert PROBLEM_LINE.match(text), text
        assert "\n" not in text, text
        assert problem.file == shown
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and problem.fix, text
        for jargon in ("Input should be", "Traceback", "pydantic", "validation error"):
            assert jargon not in text, text
    first = problems[0]
    assert first.line == expect["line"], str(first)
    if "column" in expect:
        assert first.column == expect["column"], str(first)
    assert expect["message"] in first.message, str(first)
    assert expect["fix"] in first.fix, str(first)
    if "count" in expect:
        assert len(problems) == expect["count"], [str(p) for p in problems]


def armed_copy(name: str, folder: Path) -> tuple[Path, Path]:
    """A corpus file copied to ``folder``, its @PWNED@ marker pointing at a fresh path there."""
    canary = folder / f"pwned-{uuid.uuid4().hex}"
    target = folder / name
    target.write_text(
        (BROKEN / name).read_text(encoding="utf-8").replace("@PWNED@", str(canary)),
        encoding="utf-8",
    )
    return target, canary


# --- the corpus ---------------------------------------------------------------------------


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    assert len(CORPUS) >= 45
    assert set(CORPUS) == set(EXPECTED), set(CORPUS) ^ set(EXPECTED)


def test_the_minimal_valid_file_loads_and_is_minimal():
    # Loading only: whether its self-test passes depends on the customer model's tuning.
    scenario = load_scenario(VALID)
    assert 1 <= len(scenario.beats) <= 2 and len(scenario.tests) == 1


@pytest.mark.parametrize("name", CORPUS)
def test_a_broken_file_is_refused_with_a_located_line(name, tmp_path, monkeypatch):
    expect = EXPECTED[name]
    monkeypatch.chdir(ROOT)
    if expect.get("exec"):
        path, canary = armed_copy(name, tmp_path)
        shown = str(path)
    else:
        path, canary = BROKEN / name, None
        shown = str(Path("tests", "broken", name))
    problems = load_problems(path)
    check_problems(problems, shown, expect)
    if canary is not None:
        time.sleep(0.05)  # a process started by the file would have had time to act
        assert not canary.exists(), "the scenario file ran a command"


def test_the_reported_line_is_the_one_the_mistake_is_on():
    """Spot checks against the file's own text, so the table cannot drift from the corpus."""
    for name, words in {
        "unknown-move-apologise.yaml": "apologise",
        "yaml11-say-no.yaml": "say: no",
        "next-missing-beat.yaml": "next: clsoe",
        "unknown-key-optins.yaml": "optins:",
        "yaml-tab-indent.yaml": "\tpersona",
        "anger-over-100.yaml": "anger: 120",
        "portrait-parent-path.yaml": "../../etc/passwd",
    }.items():
        lines = (BROKEN / name).read_text(encoding="utf-8").splitlines()
        assert words in lines[EXPECTED[name]["line"] - 1], name


# --- files made at test time ------------------------------------------------------------------


def _deep_brackets() -> bytes:
    return b"title: " + b"[" * 5000 + b"]" * 5000 + b"\n"


def _wide_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for parent, child in zip("abcdefghijklmnop", "bcdefghijklmnopq", strict=True):
        lines.append(f"{child}: &{child} [" + ",".join([f"*{parent}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


GENERATED = {
    # name: (bytes, line, message words, fix words)
    "oversize.yaml": (
        lambda: valid_text().encode() + b"# " + b"x" * (300 * 1024) + b"\n",
        1,
        "over the 256 KiB limit",
        "split it",
    ),
    "png.yaml": (
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        3,
        "binary file",
        "plain text",
    ),
    "nul-bytes.yaml": (
        lambda: valid_text().replace("Sam Lee", "Sam\x00Lee").encode(),
        9,
        "binary file",
        "plain text",
    ),
    "latin-1.yaml": (
        lambda: valid_text().replace("Sam Lee", "Sám Lee").encode("latin-1"),
        9,
        "not valid UTF-8",
        "UTF-8",
    ),
    "utf-16.yaml": (lambda: valid_text().encode("utf-16"), 1, "UTF-16", "UTF-8"),
    "control-character.yaml": (
        lambda: valid_text().replace("Sam Lee", "Sam\x07Lee").encode(),
        9,
        "#x0007 is not allowed",
        "delete it",
    ),
    "deep-brackets.yaml": (_deep_brackets, 1, "nested more than 40 deep", "flatten"),
    "deep-dashes.yaml": (
        lambda: b"title:\n  " + b"- " * 100_000 + b"x\n",
        2,
        "nested more than 40 deep",
        "flatten",
    ),
    "wide-alias-bomb.yaml": (_wide_bomb, 5, "more than 20000 values", "aliases"),
    "windows-line-ends.yaml": (
        lambda: valid_text().replace("anger: 40", "anger: 400").replace("\n", "\r\n").encode(),
        11,
        "anger: 400 is over the maximum",
        "0 to 100",
    ),
    "backslash-in-quotes.yaml": (
        lambda: valid_text().replace('"[Let him go on.]"', '"See C:\\Users\\sam"').encode(),
        21,
        "backslash",
        "single quotes",
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_generated_bad_file_is_refused_quickly(name, tmp_path):
    make, line, message, fix = GENERATED[name]
    path = tmp_path / name
    path.write_bytes(make())
    problems = load_problems(path)
    check_problems(problems, str(path), {"line": line, "message": message, "fix": fix})


def test_the_oversize_check_comes_before_reading_the_yaml(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"- [" * 200_000)  # would be slow and deep if it were parsed

    def never(*_args, **_kwargs):
        raise AssertionError("the YAML parser was reached")

    monkeypatch.setattr(yaml_source.yaml, "parse", never)
    problems = load_problems(path)
    assert "over the 256 KiB limit" in problems[0].message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_portrait_linked_to_a_file_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"not an image")
    try:
        (folder / "sam.png").symlink_to(outside)
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    path = folder / "linked.yaml"
    path.write_text(
        valid_text().replace("  wants:", "  portrait: sam.png\n  wants:"), encoding="utf-8"
    )
    problems = load_problems(path)
    check_problems(
        problems, str(path), {"line": 12, "message": "outside the scenario's folder", "fix": "copy"}
    )


def test_a_portrait_beside_the_scenario_is_accepted(tmp_path):
    (tmp_path / "sam.png").write_bytes(png(64, 80, "palette"))
    path = tmp_path / "ok.yaml"
    path.write_text(
        valid_text().replace("  wants:", "  portrait: sam.png\n  wants:"), encoding="utf-8"
    )
    assert load_scenario(path).customer.portrait == "sam.png"


def test_a_folder_or_a_missing_file_is_one_line(tmp_path):
    for path, words in ((tmp_path, "folder"), (tmp_path / "nope.yaml", "no such file")):
        problems = load_problems(path)
        assert len(problems) == 1 and words in problems[0].message
        assert PROBLEM_LINE.match(str(problems[0]))


def test_many_mistakes_are_capped_with_a_count(tmp_path):
    text = valid_text().replace("moves: [listen]", "moves: [lisen]")
    extra = "".join(
        f"  b{i}:\n    say: x\n    options:\n      - text: x\n        moves: [lisen]\n"
        f"        end: resolved\n"
        for i in range(40)
    )
    path = tmp_path / "many.yaml"
    path.write_text(text.replace("tests:\n", extra + "tests:\n"), encoding="utf-8")
    problems = load_problems(path)
    assert len(problems) == 21
    assert "more problem(s) not shown" in problems[-1].message


def test_a_value_quoted_in_a_message_stays_on_one_line():
    raw = valid_text().replace("cause: billing", 'cause: billing\n"bad\\nkey": 1').encode()
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(raw, "x.yaml")
    (problem,) = caught.value.problems
    assert "\n" not in str(problem) and "unknown key" in problem.message


# --- the command line -----------------------------------------------------------------------

# One of each kind: YAML syntax, type, unknown key, YAML 1.1, graph, hostile input.
CLI_SAMPLE = [
    "yaml-unclosed-quote.yaml",
    "yaml-tab-indent.yaml",
    "unknown-key-optins.yaml",
    "yaml11-say-no.yaml",
    "loop-no-exit.yaml",
    "alias-bomb.yaml",
    "exec-python-apply.yaml",
    "exec-python-new.yaml",
]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    lines = (result.stdout + result.stderr).splitlines()
    # Indented lines are the excerpt of the file with a caret under each problem.
    return [
        line
        for line in lines
        if not re.match(r"^\d+ of \d+ scenario file", line) and not line.startswith(" ")
    ]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """`validate FILE` for each sampled file, run side by side (each start-up takes a while)."""
    folder = tmp_path_factory.mktemp("cli")
    jobs = {}
    for name in CLI_SAMPLE:
        if EXPECTED[name].get("exec"):
            path, canary = armed_copy(name, folder)
            jobs[name] = (str(path), canary)
        else:
            jobs[name] = (str(Path("tests", "broken", name)), None)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(jobs, pool.map(run_cli, (arg for arg, _ in jobs.values())), strict=True))
    return {name: (*jobs[name], results[name]) for name in jobs}


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_validate_on_a_broken_file_exits_1_with_located_lines(name, cli_runs):
    expect = EXPECTED[name]
    arg, canary, result = cli_runs[name]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = problem_lines(result)
    assert lines, result.stdout
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    assert lines[0].startswith(f"{arg}:{expect['line']}:"), lines[0]
    assert expect["message"] in lines[0]
    if canary is not None:
        assert not canary.exists(), "the scenario file ran a command"


def test_validate_reports_every_broken_file_given_at_once(tmp_path):
    names = ["yaml-bad-indent.yaml", "type-text-for-number.yaml", "missing-say.yaml",
             "unknown-move-apologise.yaml", "duplicate-beat-id.yaml", "empty.yaml"]  # fmt: skip
    result = run_cli(*(str(Path("tests", "broken", n)) for n in names))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    firsts = {}
    for line in problem_lines(result):
        assert PROBLEM_LINE.match(line), line
        firsts.setdefault(line.split(":")[0], line)
    for name in names:
        shown = str(Path("tests", "broken", name))
        assert firsts[shown].startswith(f"{shown}:{EXPECTED[name]['line']}:")
    assert f"0 of {len(names)} scenario file(s) valid" in result.stdout


def test_validate_on_generated_binary_and_oversize_files(tmp_path):
    for name in ("oversize.yaml", "deep-dashes.yaml"):
        make, line, message, _fix = GENERATED[name]
        path = tmp_path / name
        path.write_bytes(make())
        result = run_cli(str(path))
        assert result.returncode == 1
        assert "Traceback" not in result.stdout + result.stderr
        (first, *_) = problem_lines(result)
        assert first.startswith(f"{path}:{line}:") and message in first, first


def test_a_shipped_scenario_still_loads(tmp_path):
    # The loader's strictness must not reject the files the game ships with.
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        assert load_scenario(copy).id == path.stem
