"""The debrief as a Markdown document, for saving next to the chart and the JSON record."""

from __future__ import annotations

from typing import Any

from sim.scoring.debrief_view import STATUS_DONE, debrief_view


def markdown_report(record: dict[str, Any], chart_file: str | None = None) -> str:
    """The core's view (debrief_view.py), laid out as Markdown."""
    v = debrief_view(record)
    lines = [f"# Debrief: {v.title}", "", f"**{v.headline}**", ""]
    lines += [f"Player: {v.player or 'anonymous'}. Seed {v.seed}.", "", v.wanted, ""]
    if v.coach:
        lines += ["## Coach's summary", ""] + [f"- {line}" for line in v.coach.takeaways]
        if v.coach.say_instead:
            lines += ["", f"**Say this instead.** {v.coach.say_instead}"]
        lines.append("")
    if chart_file:
        lines += [f"![Anger, trust and patience over the call]({chart_file})", ""]
    lines += ["## Score", "", "| part | points | of |", "|---|---:|---:|"]
    lines += [f"| {s.label} | {s.points:.1f} | {s.possible:.0f} |" for s in v.sections]
    lines.append(f"| **Total** | **{v.score}** | 100 |")
    missed = [c for s in v.sections for c in s.missed]
    if missed:
        lines += ["", "Points lost:"]
        lines += [f"- {c.label}: {c.points:.1f} of {c.possible:.1f}" for c in missed]
    if v.breaches:
        lines += ["", "Breaches of the don'ts (points off the total):"]
        lines += [f"- {b.label}, {b.when}: -{b.points:.1f}" for b in v.breaches]
    if v.not_counted:
        lines += ["", v.not_counted]
    lines += ["", "## Turn by turn", ""]
    for t in v.turns:
        lines.append(f'{t.number}. "{t.said}"  ')
        lines.append(
            f"   moves: {t.moves}; anger {t.anger_before} to {t.anger_after} ({t.verdict})  "
        )
        lines += [f"   - {line}" for line in (*t.reasons, *t.notes)]
        lines += [f"   - breach: {b}" for b in t.breaches]
        if t.principle:
            lines.append(f"   - principle: {t.principle}")
    lines += ["", "## The seven steps", ""]
    for step in v.steps:
        lines.append(f"- [{'x' if step.status == STATUS_DONE else ' '}] {step.words}")
    lines += ["", "## Best and worst moments", ""]
    if v.best:
        lines.append(f'Best: turn {v.best.turn}, "{v.best.said}" ({"; ".join(v.best.reasons)})')
    if v.worst:
        lines.append(f'Worst: turn {v.worst.turn}, "{v.worst.said}" ({"; ".join(v.worst.reasons)})')
        if v.what_if:
            lines.append(v.what_if)
    elif v.no_worse:
        lines.append(v.no_worse)
    lines += ["", "## Afterwards", ""] + [f"- {line}" for line in v.afterwards]
    lines += ["", "## Try next time", ""] + [f"- {tip}" for tip in v.tips]
    return "\n".join(lines) + "\n"
