"""``python main.py analyze ID [--runs N] [--json] [--plot FILE] [--seed N]``: the text."""

from __future__ import annotations

import json
import sys
from typing import Any

from sim.analysis.conduct import checks, conduct, conduct_text
from sim.analysis.report import (
    DOMINATES_SHARE,
    DOMINATES_WITHIN,
    RARE_BEAT,
    Analysis,
    analyze,
)
from sim.scenario.catalog import catalog, resolve
from sim.scenario.loader import load_scenario
from sim.text.render import fancy


def cmd_analyze(ref: str, runs: int, as_json: bool, plot: str | None, seed: int) -> int:
    scenario = load_scenario(resolve(ref))
    analysis = analyze(scenario, runs=runs, seed=seed)
    data = analysis.to_dict()
    if plot:
        from sim.ui.plots import save_histogram_png  # pygame lives in the UI only

        marks = {"best": data["scores"]["best"], "worst": data["scores"]["worst"]}
        title = f"{scenario.title}: scores over {runs:,} playthroughs per player"
        data["plot"] = str(save_histogram_png(plot, data["histogram"], title, marks))
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        print(report_text(analysis, data, fancy(sys.stdout)))
        if plot:
            print(f"Histogram written to {data['plot']}")
    return 0


def cmd_conduct(ref: str | None, as_json: bool) -> int:
    """``analyze --conduct``: the score with breaches put in, for one or every scenario."""
    if ref:
        scenarios = [load_scenario(resolve(ref))]
    else:
        scenarios = [e.scenario for e in catalog() if e.scenario]
    results = [(s, conduct(s)) for s in scenarios]
    if as_json:
        data = {
            s.id: {
                "variants": [
                    {
                        "name": v.name,
                        "score": None if v.score is None else round(v.score, 2),
                        "ending": v.ending,
                        "picks": [str(p) for p in v.picks],
                    }
                    for v in rows
                ],
                "checks": [{"check": text, "holds": ok} for text, ok in checks(rows)],
            }
            for s, rows in results
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        print(conduct_text(results, fancy(sys.stdout)))
    failed = any(ok is False for _, rows in results for _, ok in checks(rows))
    return 1 if failed else 0


def _pct(share: float) -> str:
    return f"{share:.1%}" if share >= 0.001 or share == 0 else f"{share:.3%}"


def report_text(analysis: Analysis, data: dict[str, Any], unicode: bool = True) -> str:
    s = analysis.scenario
    players, best, worst = data["players"], data["players"]["best"], data["players"]["worst"]
    lines = [
        f"Scenario analysis: {s.id} ({s.title})",
        f"{data['runs']:,} playthroughs each by a random player and a nervous beginner; "
        "best and worst by beam search.",
        "",
    ]
    if data["winnable"]:
        lines.append(
            f"Winnable: yes. The best path ({best['score']:.1f}, grade {best['grade']}, "
            f"{best['ending']}):"
        )
    else:
        lines.append(
            f"Winnable: NO. The best player only reaches {best['ending']} "
            f"({best['score']:.1f}, grade {best['grade']}) by:"
        )
    for n, step in enumerate(best["path"], start=1):
        lines.append(f"  {n:>2}. [{step['beat']}] {step['choice']}. {step['text']}")
    scores = data["scores"]
    lines += [
        "",
        f"Scores: best {scores['best']:.1f}, worst {scores['worst']:.1f}, "
        f"median {scores['median']:.1f} (random player)",
    ]
    difficulty = data["difficulty"]
    verdict = (
        "as declared"
        if difficulty["estimated"] == difficulty["declared"]
        else "harder than declared"
        if difficulty["estimated"] > difficulty["declared"]
        else "easier than declared"
    )
    lines += [
        f"Difficulty: estimated {difficulty['estimated']}/5, declared {difficulty['declared']}/5"
        f" ({verdict}); wins: random {_pct(players['random']['won'])}, "
        f"beginner {_pct(players['beginner']['won'])}",
        "",
        f"{'Endings':<14}{'random':>10}{'beginner':>10}{'best':>8}{'worst':>8}",
    ]
    for ending in ("resolved", "unresolved", "handed_off", "parted_ways", "walked_out", "hung_up"):
        r = players["random"]["endings"].get(ending, 0.0)
        b = players["beginner"]["endings"].get(ending, 0.0)
        if not (r or b or best["ending"] == ending or worst["ending"] == ending):
            continue
        mark = "✔" if unicode else "x"
        lines.append(
            f"  {ending:<12}{_pct(r):>10}{_pct(b):>10}"
            f"{mark if best['ending'] == ending else '':>8}"
            f"{mark if worst['ending'] == ending else '':>8}"
        )
    lines += [
        "",
        f"Options that dominate (within {DOMINATES_WITHIN:g} of the best score in "
        f"{DOMINATES_SHARE:.0%} of situations; several may at one beat):",
    ]
    lines += _options(data["dominating_options"]) or ["  none"]
    lines += ["Options that are never good:"]
    lines += _options(data["never_good_options"]) or ["  none"]
    rare = data["rare_beats"]
    lines.append(f"Beats rarely reached (under {RARE_BEAT:.0%} of random playthroughs):")
    lines += [f"  {b['beat']}: {_pct(b['reached'])}" for b in rare] or ["  none"]
    marks = {"best": scores["best"], "worst": scores["worst"]}
    lines += ["", *histogram_text(data["histogram"], unicode, marks)]
    speed = data.get("speed")
    if speed:
        lines += [
            "",
            f"Speed: engine {speed['engine_playthroughs_per_s']:,.0f} playthroughs/s one at a "
            f"time; batch {speed['batch_playthroughs_per_s']:,.0f}/s"
            f"{_on_processes(speed.get('workers', 1))}; {speed['speedup']:,.0f}x faster",
        ]
    return "\n".join(lines)


def _on_processes(workers: int) -> str:
    return f" on {workers} processes" if workers > 1 else ""


def _options(options: list[dict]) -> list[str]:
    out = []
    for o in options:
        text = o["text"] if len(o["text"]) <= 70 else o["text"][:67] + "..."
        out.append(f"  [{o['beat']}] {o['choice']}. {text}")
    return out


def histogram_text(
    histogram: dict, unicode: bool = True, marks: dict[str, float] | None = None, width: int = 22
) -> list[str]:
    """A line per score band: each player's share of playthroughs, as a bar."""
    full, light = ("█", "░") if unicode else ("#", ".")
    players = [p for p in ("random", "beginner") if p in histogram]
    shares = {p: [c / max(1, sum(histogram[p])) for c in histogram[p]] for p in players}
    top = max(max(v) for v in shares.values()) or 1.0
    edges = histogram["edges"]
    lines = [f"Scores: share of playthroughs ({full} random player, {light} nervous beginner)"]
    for b in range(len(edges) - 1):
        row = f"  {edges[b]:>3.0f}-{edges[b + 1]:<3.0f}"
        for k, p in enumerate(players):
            bar = (full if k == 0 else light) * round(shares[p][b] / top * width)
            row += f" |{bar:<{width}} {_pct(shares[p][b]):>7}"
        last = b == len(edges) - 2
        for name, value in (marks or {}).items():
            if edges[b] <= value < edges[b + 1] or (last and value == edges[-1]):
                row += f"  <- {name} ({value:.0f})"
        lines.append(row)
    return lines
