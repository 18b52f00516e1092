"""The README stays true: its commands are the ones CI runs and the CLI offers."""

import re
from pathlib import Path

from sim.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks_after(heading: str) -> list[str]:
    part = README.split(heading, 1)[1]
    return re.findall(r"```\n(.*?)\n```", part, flags=re.S)


def test_ci_runs_the_readme_test_command_word_for_word():
    test_command = _code_blocks_after("**Test**")[0].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_and_every_readme_command_exists():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        assert f"python main.py {name}" in README, name
    for name in re.findall(r"`python main\.py (\w+)", README):
        assert name in sub.choices, name


def test_the_lowest_bounds_file_matches_pyproject():
    """CI's second pass installs constraints-lowest.txt: each pin is a lower bound in
    pyproject.toml, and every lower bound is pinned, so the pass tests what we promise."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    bounds = {}
    for spec in wanted:
        found = re.match(r"([A-Za-z0-9_.-]+)(?:\[[a-z,]+\])?\s*>=\s*([0-9][0-9.]*)", spec)
        assert found, f"{spec} has no lower bound"
        bounds[found[1].lower().replace("_", "-")] = _version(found[2])
    pins = {}
    for line in (ROOT / "constraints-lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = _version(version.strip())
    assert pins == bounds
    assert "-c constraints-lowest.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _version(text: str) -> tuple[int, ...]:
    """1.26 and 1.26.0 are the same version."""
    parts = [int(p) for p in text.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)
