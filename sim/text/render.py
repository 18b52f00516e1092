"""Text renderings shared by the terminal game and saved reports: meters, ticket, debrief."""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import Any

from sim.model.explain import anger_word
from sim.scenario.models import CAUSE_LABELS, Scenario
from sim.scoring.debrief_view import debrief_view

WIDTH = 78  # when the output is not a terminal (a file, a pipe, a test)
MIN_WIDTH, MAX_WIDTH = 40, 100


def text_width() -> int:
    """Columns to wrap to: the terminal's real width, 40 at the least, 100 at the most (longer
    lines are hard to read); WIDTH when the output is not a terminal."""
    columns = shutil.get_terminal_size((WIDTH + 1, 24)).columns - 1
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def fancy(stream=None) -> bool:
    """Whether the stream can show block characters (falls back to ASCII)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        "█░▲▼✔✘".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def meter(label: str, value: float, *, unicode: bool = True, width: int = 20) -> str:
    """A bar readable without colour: filled cells, the number, and a word."""
    filled = round(max(0.0, min(100.0, value)) / 100 * width)
    full, empty = ("█", "░") if unicode else ("#", ".")
    word = f"  {anger_word(value)}" if label == "Anger" else ""
    return f"{label:<8}[{full * filled}{empty * (width - filled)}] {value:3.0f}{word}"


def change_mark(delta: float, *, unicode: bool = True) -> str:
    if abs(delta) < 0.5:
        return ""
    up, down = ("▲", "▼") if unicode else ("+", "-")
    return f" {up if delta > 0 else down}{abs(delta):.0f}"


def wrap(text: str, indent: str = "  ") -> str:
    """Wrapped at spaces only: a word longer than the line is left whole, never cut."""
    return textwrap.fill(
        text,
        text_width(),
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def ticket(scenario: Scenario) -> str:
    c = scenario.customer
    lines = [
        "=" * text_width(),
        wrap(scenario.title, " "),
        wrap(
            f"{scenario.setting or 'customer service'} | {CAUSE_LABELS[scenario.cause]} | "
            f"difficulty {scenario.difficulty}/5",
            " ",
        ),
        "=" * text_width(),
        f"Customer: {c.name}",
    ]
    if c.about:
        lines.append(wrap(c.about))
    lines.append("What happened:")
    lines.append(wrap(scenario.summary))
    if scenario.authority.may:
        lines.append("You may, without asking anyone:")
        lines += [wrap(f"- {item}", "    ") for item in scenario.authority.may]
    if scenario.authority.needs_supervisor:
        lines.append("Needs a supervisor:")
        lines += [wrap(f"- {item}", "    ") for item in scenario.authority.needs_supervisor]
    if scenario.learning_goals:
        lines.append("Practise:")
        lines += [wrap(f"- {goal}", "    ") for goal in scenario.learning_goals]
    return "\n".join(lines)


def sparkline(values: list[float], *, unicode: bool = True) -> str:
    blocks = "▁▂▃▄▅▆▇█" if unicode else "_.-=+*#@"
    return "".join(blocks[min(7, int(v / 100 * 8))] for v in values)


STATUS_MARKS = {
    True: {"done": "✔", "missed": "✘", "out of order": "↺", "spoiled": "✘", "not needed here": "·"},
    False: {
        "done": "+",
        "missed": "x",
        "out of order": "~",
        "spoiled": "x",
        "not needed here": ".",
    },
}


def debrief_text(record: dict[str, Any], *, unicode: bool = True) -> str:
    """The debrief for the terminal: the core's view (debrief_view.py), laid out as text."""
    v = debrief_view(record)
    rule = "=" * text_width()
    out: list[str] = ["", rule, " DEBRIEF", rule, wrap(v.headline, ""), wrap(v.wanted, ""), ""]
    if v.coach:
        out.append("Coach's summary")
        out += [wrap(f"- {line}", "  ") for line in v.coach.takeaways]
        if v.coach.say_instead:
            out.append(wrap(f"Say this instead: {v.coach.say_instead}", "  "))
        out.append("")
    for name, curve in (("Anger", v.anger_curve), ("Trust", v.trust_curve)):
        out.append(
            f"{name} over the call  {sparkline(list(curve), unicode=unicode)}  "
            f"{curve[0]:.0f} -> {curve[-1]:.0f}"
        )
    out += ["", "Score breakdown"]
    for section in v.sections:
        out.append(f"  {section.label:<22} {section.points:5.1f} / {section.possible:.0f}")
        out += [f"      - {c.label}: {c.points:.1f} of {c.possible:.1f}" for c in section.missed]
    if v.breaches:
        out.append(f"  {'Breaches':<22} {-v.breach_points:5.1f}")
        out += [f"      - {b.label}, {b.when}: -{b.points:.1f}" for b in v.breaches]
    if v.not_counted:
        out.append(wrap(v.not_counted, "  "))
    out += ["", "Turn by turn"]
    for t in v.turns:
        out.append(
            textwrap.fill(
                f'{t.number:>2}. "{t.said}"',
                text_width(),
                initial_indent=" ",
                subsequent_indent="      ",
                break_long_words=False,
            )
        )
        out.append(
            wrap(f"[{t.moves}]  anger {t.anger_before} -> {t.anger_after}  ({t.verdict})", "      ")
        )
        out += [wrap(line, "      ") for line in (*t.reasons, *t.notes)]
        out += [wrap(f"breach: {breach}", "      ") for breach in t.breaches]
    out += ["", "The seven steps"]
    marks = STATUS_MARKS[unicode]
    out += [wrap(f"{marks[step.status]} {step.words}", "  ") for step in v.steps]
    if v.best:
        out += ["", wrap(f'Best moment: turn {v.best.turn}, "{v.best.said}"', "")]
        out += [wrap(line, "  ") for line in v.best.reasons]
    if v.worst:
        out.append(wrap(f'Worst moment: turn {v.worst.turn}, "{v.worst.said}"', ""))
        out += [wrap(line, "  ") for line in v.worst.reasons]
        if v.what_if:
            out.append(wrap(v.what_if, "  "))
    elif v.no_worse:
        out.append(v.no_worse)
    out += ["", "Afterwards"] + [wrap(line, "  ") for line in v.afterwards]
    out += ["", "Try next time"] + [wrap(f"- {tip}", "  ") for tip in v.tips]
    return "\n".join(out)
