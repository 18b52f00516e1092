"""Text renderings shared by the terminal game and saved reports: meters, ticket, debrief."""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import Any

from sim.model.explain import anger_word
from sim.scenario.models import CAUSE_LABELS, Scenario
from sim.scoring.debrief import reason_line, what_if_words

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
        lines.append("Only a supervisor can:")
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
# The terminal lists every reason of a turn that moved a gauge by at least this much.
SHOWN_CHANGE = 2.0


def debrief_text(record: dict[str, Any], *, unicode: bool = True) -> str:
    d = record["debrief"]
    out: list[str] = [
        "",
        "=" * text_width(),
        " DEBRIEF",
        "=" * text_width(),
        wrap(d["headline"], ""),
    ]
    out.append(wrap(f"What they wanted: {d['customer_wanted']}", ""))
    out.append("")
    coach = d.get("coach")  # records saved before the coach's summary have none
    if coach:
        out.append("Coach's summary")
        for line in coach["takeaways"]:
            out.append(wrap(f"- {line}", "  "))
        if coach["say_instead"]:
            out.append(wrap(f"Say this instead: {coach['say_instead']['words']}", "  "))
        out.append("")
    out.append(
        f"Anger over the call  {sparkline(d['anger_curve'], unicode=unicode)}  "
        f"{d['anger_curve'][0]:.0f} -> {d['anger_curve'][-1]:.0f}"
    )
    out.append(
        f"Trust over the call  {sparkline(d['trust_curve'], unicode=unicode)}  "
        f"{d['trust_curve'][0]:.0f} -> {d['trust_curve'][-1]:.0f}"
    )
    out.append("")
    out.append("Score breakdown")
    for section in record["breakdown"].values():
        out.append(f"  {section['label']:<22} {section['points']:5.1f} / {section['possible']:.0f}")
        for c in section["criteria"]:
            if c["value"] < 0.999:
                out.append(f"      - {c['label']}: {c['points']:.1f} of {c['possible']:.1f}")
    if d["breaches"]:
        total = sum(b["points"] for b in d["breaches"])
        out.append(f"  {'Breaches':<22} {-total:5.1f}")
        for b in d["breaches"]:
            times = f"{b['count']} times" if b["count"] > 1 else "once"
            out.append(f"      - {b['label']}, {times} ({_turns(b['turns'])}): -{b['points']:.1f}")
    if d["not_counted"]:
        out.append(wrap("Not counted here: " + "; ".join(d["not_counted"]) + ".", "  "))
    out.append("")
    out.append("Turn by turn")
    for t in d["turns"]:
        moves = ", ".join(t["moves"]) or "-"
        out.append(
            textwrap.fill(
                f'{t["turn"]:>2}. "{t["said"]}"',
                text_width(),
                initial_indent=" ",
                subsequent_indent="      ",
                break_long_words=False,
            )
        )
        out.append(
            wrap(
                f"[{moves}]  anger {t['anger_before']} -> {t['anger_after']}  ({t['verdict']})",
                "      ",
            )
        )
        for reason in t["reasons"]:
            if max(abs(v) for v in reason["changes"].values()) >= SHOWN_CHANGE:
                out.append(wrap(reason_line(reason, SHOWN_CHANGE), "      "))
        for note in t["notes"]:
            out.append(wrap(note, "      "))
        for breach in t["breaches"]:
            out.append(wrap(f"breach: {breach}", "      "))
    out.append("")
    out.append("The seven steps")
    marks = STATUS_MARKS[unicode]
    for step in d["seven_steps"]:
        when = (
            f" (turn {step['turn']})"
            if step["turn"] and step["status"] != "not needed here"
            else ""
        )
        detail = f": {step['detail']}" if step["detail"] else ""
        out.append(
            wrap(f"{marks[step['status']]} {step['step']}: {step['status']}{when}{detail}", "  ")
        )
    best, worst = d["best_moment"], d["worst_moment"]
    if best:
        out.append("")
        out.append(wrap(f'Best moment: turn {best["turn"]}, "{best["said"]}"', ""))
        for reason in best["reasons"][:2]:
            out.append(wrap(reason_line(reason), "  "))
    if worst:
        out.append(wrap(f'Worst moment: turn {worst["turn"]}, "{worst["said"]}"', ""))
        for reason in worst["reasons"][:3]:
            if max(abs(v) for v in reason["changes"].values()) >= SHOWN_CHANGE:
                out.append(wrap(reason_line(reason, SHOWN_CHANGE), "  "))
        alt = worst["what_if"]["best"]
        if alt:
            out.append(wrap(what_if_words(worst, alt), "  "))
    elif d["turns"]:
        out.append("No turn made things worse.")
    out.append("")
    out.append("Afterwards")
    for line in d["epilogue"]:
        out.append(wrap(line, "  "))
    mouth = d["word_of_mouth"]
    out.append(f"  Loyalty {d['loyalty']}/100. The customer {mouth['summary']}.")
    out.append("")
    out.append("Try next time")
    for tip in d["tips"]:
        out.append(wrap(f"- {tip}", "  "))
    return "\n".join(out)


def _turns(numbers: list[int]) -> str:
    return ("turn " if len(numbers) == 1 else "turns ") + ", ".join(map(str, numbers))
