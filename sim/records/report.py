"""The debrief as a Markdown document, for saving next to the chart and the JSON record."""

from __future__ import annotations

from typing import Any


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
    if chart_file:
        lines += [f"![Anger and trust over the call]({chart_file})", ""]
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
    lines += ["", "## Turn by turn", ""]
    for t in d["turns"]:
        lines.append(f'{t["turn"]}. "{t["said"]}"  ')
        lines.append(
            f"   moves: {', '.join(t['moves']) or '-'}; anger {t['anger_before']} to "
            f"{t['anger_after']} ({t['verdict']})  "
        )
        for why in t["why"][:3]:
            lines.append(f"   - {why}")
        for note in t["notes"]:
            lines.append(f"   - {note}")
        principles = sorted({p["principle"] for p in t["principles"]})
        if principles:
            lines.append(f"   - principle: {'; '.join(principles)}")
    lines += ["", "## The seven steps", ""]
    for step in d["seven_steps"]:
        when = f" (turn {step['turn']})" if step["turn"] else ""
        lines.append(
            f"- [{'x' if step['status'] == 'done' else ' '}] {step['step']}: {step['status']}{when}"
        )
    best, worst = d["best_moment"], d["worst_moment"]
    lines += ["", "## Best and worst moments", ""]
    if best:
        lines.append(f'Best: turn {best["turn"]}, "{best["said"]}" ({"; ".join(best["why"][:2])})')
    if worst and worst["impact"] >= 0:
        lines.append("No reply made things worse.")
    if worst and worst["impact"] < 0:
        lines.append(
            f'Worst: turn {worst["turn"]}, "{worst["said"]}" ({"; ".join(worst["why"][:2])})'
        )
        alt = worst["what_if"]["best"]
        if alt and alt["impact"] > worst["impact"]:
            lines.append(
                f'What if: "{alt["text"]}" ({", ".join(alt["moves"])}) would have left anger '
                f"at {alt['anger_after']} instead of {worst['anger_after']}, according to the "
                "customer model."
            )
    lines += ["", "## Afterwards", ""]
    lines += [f"- {line}" for line in d["epilogue"]]
    mouth = d["word_of_mouth"]
    lines.append(f"- Loyalty {d['loyalty']}/100; the customer {mouth['summary']}.")
    lines += ["", "## Try next time", ""]
    lines += [f"- {tip}" for tip in d["tips"]]
    return "\n".join(lines) + "\n"
