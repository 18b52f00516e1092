"""Scenario problems, each one line: ``FILE:LINE:COL: what is wrong; how to fix it``."""

from __future__ import annotations

from dataclasses import dataclass

from sim.printable import one_line, printable

__all__ = ["Problem", "ScenarioError", "printable", "shorten"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 1-based; 0: not about a place in a file (an id that names no scenario)
    column: int  # 1-based
    message: str
    fix: str = ""
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        """Always one line, whatever a message quotes from the file."""
        if self.line > 0:
            text = f"{_one_line(self.file)}:{self.line}:{self.column}: {_one_line(self.message)}"
        else:
            text = _one_line(self.message)
        return f"{text}; {_one_line(self.fix)}" if self.fix else text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
            "severity": self.severity,
        }


_one_line = one_line  # control characters (and newlines) escaped: see sim/printable.py


def shorten(text: object, limit: int = 40) -> str:
    """A value quoted in a message: on one line, and cut short when long."""
    text = _one_line(str(text))
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ScenarioError(Exception):
    """A scenario file could not be used. Holds every problem found, first one first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "scenario error")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
