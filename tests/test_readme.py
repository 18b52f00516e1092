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
