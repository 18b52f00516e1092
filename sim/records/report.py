"""The debrief as a Markdown document, for saving next to the chart and the JSON record."""

from __future__ import annotations

from typing import Any

from sim.scoring.debrief import reason_line, what_if_words


def markdown_report(record: dict[str, Any], chart_file: str | None = None) -> str:
    d = record["debrief"]
    lines = [
        f"# Debrief: {record['title']}",
        "",
        f"**{d['headline']}**",
        "",
        f"Player: {record['player'] or 'anonymous'}. Seed {record['seed']}.",
        "",
        f"What the customer wanted: {d['customer_wanted']}",
        "",
    ]
    coach = d.get("coach")  # records saved before the coach's summary have none
    if coach:
        lines += ["## Coach's summary", ""]
        lines += [f"- {line}" for line in coach["takeaways"]]
        if coach["say_instead"]:
            lines += ["", f"**Say this instead.** {coach['say_instead']['words']}"]
        lines.append("")
    if chart_file:
        lines += [f"![Anger, trust and patience over the call]({chart_file})", ""]
    lines += ["## Score", "", "| part | points | of |", "|---|---:|---:|"]
    for section in record["breakdown"].values():
        lines.append(
            f"| {section['label']} | {section['points']:.1f} | {section['possible']:.0f} |"
        )
    lines.append(f"| **Total** | **{record['score']}** | 100 |")
    missed = [c for s in record["breakdown"].values() for c in s["criteria"] if c["value"] < 0.999]
    if missed:
        lines += ["", "Points lost:"]
        lines += [f"- {c['label']}: {c['points']:.1f} of {c['possible']:.1f}" for c in missed]
    if d["breaches"]:
        lines += ["", "Breaches of the don'ts (points off the total):"]
        for b in d["breaches"]:
            turns = ", ".join(map(str, b["turns"]))
            lines.append(f"- {b['label']}, turn(s) {turns}: -{b['points']:.1f}")
    if d["not_counted"]:
        lines += ["", "Not counted here: " + "; ".join(d["not_counted"]) + "."]
    lines += ["", "## Turn by turn", ""]
    for t in d["turns"]:
        lines.append(f'{t["turn"]}. "{t["said"]}"  ')
        lines.append(
            f"   moves: {', '.join(t['moves']) or '-'}; anger {t['anger_before']} to "
            f"{t['anger_after']} ({t['verdict']})  "
        )
        lines += [f"   - {reason_line(r)}" for r in t["reasons"]]
        lines += [f"   - {note}" for note in t["notes"]]
        lines += [f"   - breach: {b}" for b in t["breaches"]]
        if t["principles"]:
            lines.append(f"   - principle: {'; '.join(t['principles'])}")
    lines += ["", "## The seven steps", ""]
    for step in d["seven_steps"]:
        shown = step["turn"] and step["status"] != "not needed here"
        when = f" (turn {step['turn']})" if shown else ""
        detail = f": {step['detail']}" if step["detail"] else ""
        mark = "x" if step["status"] == "done" else " "
        lines.append(f"- [{mark}] {step['step']}: {step['status']}{when}{detail}")
    best, worst = d["best_moment"], d["worst_moment"]
    lines += ["", "## Best and worst moments", ""]
    if best:
        why = "; ".join(reason_line(r) for r in best["reasons"][:2])
        lines.append(f'Best: turn {best["turn"]}, "{best["said"]}" ({why})')
    if worst:
        why = "; ".join(reason_line(r) for r in worst["reasons"][:2])
        lines.append(f'Worst: turn {worst["turn"]}, "{worst["said"]}" ({why})')
        alt = worst["what_if"]["best"]
        if alt:
            lines.append(what_if_words(worst, alt))
    elif d["turns"]:
        lines.append("No reply made things worse.")
    lines += ["", "## Afterwards", ""]
    lines += [f"- {line}" for line in d["epilogue"]]
    mouth = d["word_of_mouth"]
    lines.append(f"- Loyalty {d['loyalty']}/100; the customer {mouth['summary']}.")
    lines += ["", "## Try next time", ""]
    lines += [f"- {tip}" for tip in d["tips"]]
    return "\n".join(lines) + "\n"
