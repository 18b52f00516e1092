"""The class report: one self-contained HTML page a trainer opens in any browser.

Per scenario, per principle, per learner, and the class's anger curves. The charts are SVG
drawn here, inline; the page loads nothing from anywhere (no scripts, fonts or images).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from html import escape
from typing import Any

from sim.records.results import Run

CURVES_PER_SCENARIO = 400  # the newest; more only darkens the chart

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;margin:0;
background:#f6f7f9}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid
#d5dae2;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#5b6575}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e6eb;vertical-align:middle}
th{background:#eef1f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:
tabular-nums}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #e3e6eb;
padding:10px 14px;min-width:130px}.card b{display:block;font-size:24px}
svg{background:#fff;border:1px solid #e3e6eb;max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#1d2430}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:12px}
@media print{body{background:#fff}}
"""


def build_report(runs: list[Run], title: str = "Defuse: the class's results") -> str:
    done = [r for r in runs if r.score is not None]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{_span(runs)}</p>',
    ]
    if not runs:
        parts.append("<p>No runs match. Play a scenario, or widen the filters.</p>")
    else:
        parts += _summary(runs, done)
        parts += _per_scenario(runs)
        parts += _per_principle(done)
        parts += _per_learner(runs)
        parts += _curves(runs)
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


# sections --------------------------------------------------------------------------------


def _summary(runs: list[Run], done: list[Run]) -> list[str]:
    learners = {r.learner or "anonymous" for r in runs}
    cards = [
        ("runs", str(len(runs))),
        ("learners", str(len(learners))),
        ("scenarios", str(len({r.scenario for r in runs}))),
        ("mean score", _mean([r.score for r in done])),
        ("left midway", str(sum(r.outcome == "abandoned" for r in runs))),
    ]
    inner = "".join(f'<div class="card"><b>{v}</b>{escape(k)}</div>' for k, v in cards)
    return [f'<div class="cards">{inner}</div>']


def _per_scenario(runs: list[Run]) -> list[str]:
    by = _group(runs, lambda r: r.scenario)
    rows = []
    bars = []
    for scenario, mine in by.items():
        scores = [r.score for r in mine if r.score is not None]
        outcomes = defaultdict(int)
        for r in mine:
            outcomes[r.outcome.replace("_", " ")] += 1
        common = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda x: -x[1]))
        rows.append(
            f"<tr><td>{escape(scenario)}</td><td class=n>{len(mine)}</td>"
            f"<td class=n>{len({r.learner for r in mine})}</td>"
            f"<td class=n>{_mean(scores)}</td><td class=n>{_median(scores)}</td>"
            f"<td class=n>{max(scores) if scores else '-'}</td><td>{escape(common)}</td></tr>"
        )
        bars.append((scenario, statistics.fmean(scores) if scores else 0.0))
    return [
        "<h2>Per scenario</h2>",
        _bars(bars, 100, "mean score"),
        "<table><tr><th>scenario</th><th class=n>runs</th><th class=n>learners</th>"
        "<th class=n>mean</th><th class=n>median</th><th class=n>best</th><th>endings</th></tr>",
        *rows,
        "</table>",
    ]


def _per_principle(done: list[Run]) -> list[str]:
    values: dict[str, list[float]] = defaultdict(list)
    labels: dict[str, str] = {}
    for run in done:
        for name, value in run.principles.items():
            values[name].append(value)
    for run in done[-50:]:  # labels from recent records (the rubric may have changed)
        for section in (run.record.get("breakdown") or {}).values():
            for c in section.get("criteria", []):
                labels[f"{c['section']}.{c['criterion']}"] = c.get("label", "")
    if not values:
        return ["<h2>Per principle</h2>", "<p>No finished runs with a score yet.</p>"]
    # Weakest first: what the class most needs to practise.
    ranked = sorted(values.items(), key=lambda kv: statistics.fmean(kv[1]))
    bars = [(name, 100 * statistics.fmean(v)) for name, v in ranked]
    rows = [
        f"<tr><td>{escape(name)}</td><td>{escape(labels.get(name, ''))}</td>"
        f"<td class=n>{100 * statistics.fmean(v):.0f}%</td>"
        f"<td class=n>{100 * sum(x >= 0.999 for x in v) / len(v):.0f}%</td></tr>"
        for name, v in ranked
    ]
    return [
        "<h2>Per principle</h2>",
        '<p class="meta">The share of each rubric criterion the class earned, weakest first.</p>',
        _bars(bars, 100, "% earned", suffix="%"),
        "<table><tr><th>principle</th><th>what it asks</th><th class=n>mean earned</th>"
        "<th class=n>runs in full</th></tr>",
        *rows,
        "</table>",
    ]


def _per_learner(runs: list[Run]) -> list[str]:
    rows = []
    for learner, mine in sorted(_group(runs, lambda r: r.learner or "anonymous").items()):
        scores = [r.score for r in mine if r.score is not None]
        last = next((r for r in reversed(mine) if r.score is not None), None)
        rows.append(
            f"<tr><td>{escape(learner)}</td><td class=n>{len(mine)}</td>"
            f"<td class=n>{len({r.scenario for r in mine})}</td>"
            f"<td class=n>{_mean(scores)}</td><td class=n>{max(scores) if scores else '-'}</td>"
            f"<td>{escape(last.grade or '-') if last else '-'}</td>"
            f"<td>{_sparkline(scores)}</td></tr>"
        )
    return [
        "<h2>Per learner</h2>",
        "<table><tr><th>learner</th><th class=n>runs</th><th class=n>scenarios</th>"
        "<th class=n>mean</th><th class=n>best</th><th>last grade</th>"
        "<th>scores over time</th></tr>",
        *rows,
        "</table>",
    ]


def _curves(runs: list[Run]) -> list[str]:
    charts = []
    for scenario, mine in _group(runs, lambda r: r.scenario).items():
        curves = [c for c in (anger_curve(r) for r in mine[-CURVES_PER_SCENARIO:]) if c]
        if curves:
            charts.append(f"<div><h3>{escape(scenario)}</h3>{_curve_chart(curves)}</div>")
    return [
        "<h2>The class's anger curves</h2>",
        '<p class="meta">Each thin line is one run (anger after each reply); the thick line '
        "is the class's mean at each turn, drawn while at least half the calls were still "
        "going.</p>",
        f'<div class="grid">{"".join(charts)}</div>',
    ]


# charts ----------------------------------------------------------------------------------


def _bars(items: list[tuple[str, float]], top: float, unit: str, suffix: str = "") -> str:
    row, left, width = 24, 210, 640
    height = row * len(items) + 30
    out = [
        f'<svg role="img" aria-label="{escape(unit)}" viewBox="0 0 {left + width + 60} '
        f'{height}" width="{left + width + 60}" height="{height}">'
    ]
    for i, (name, value) in enumerate(items):
        y = 10 + i * row
        w = max(0.0, min(1.0, value / top)) * width
        out.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(_short(name))}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="#3b6fb6"/>'
            f'<text x="{left + w + 6:.1f}" y="{y + 15}">{value:.0f}{suffix}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _curve_chart(curves: list[list[float]]) -> str:
    w, h, pad = 500, 220, 34
    longest = max(len(c) for c in curves)
    span = max(1, longest - 1)

    def point(i: int, v: float) -> str:
        x = pad + (w - pad - 10) * i / span
        y = 10 + (h - pad - 10) * (1 - max(0.0, min(100.0, v)) / 100)
        return f"{x:.1f},{y:.1f}"

    opacity = max(0.06, min(0.5, 6 / len(curves)))
    out = [f'<svg role="img" aria-label="anger per turn" viewBox="0 0 {w} {h}" width="{w}">']
    for level in (0, 50, 100):
        y = 10 + (h - pad - 10) * (1 - level / 100)
        out.append(
            f'<line x1="{pad}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dae2"/>'
            f'<text x="{pad - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    for curve in curves:
        pts = " ".join(point(i, v) for i, v in enumerate(curve))
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="#c0392b" '
            f'stroke-opacity="{opacity:.2f}" stroke-width="1.2"/>'
        )
    mean = [
        statistics.fmean(c[i] for c in curves if len(c) > i)
        for i in range(longest)
        if 2 * sum(len(c) > i for c in curves) >= len(curves)
    ]
    pts = " ".join(point(i, v) for i, v in enumerate(mean))
    out.append(f'<polyline points="{pts}" fill="none" stroke="#7b1d12" stroke-width="3"/>')
    out.append(
        f'<text x="{pad}" y="{h - 8}">start</text>'
        f'<text x="{w - 10}" y="{h - 8}" text-anchor="end">turn {longest - 1}</text>'
        f'<text x="{w / 2:.0f}" y="{h - 8}" text-anchor="middle">{len(curves)} run(s)</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _sparkline(scores: list[int]) -> str:
    if not scores:
        return "-"
    w, h = 120, 24
    span = max(1, len(scores) - 1)
    pts = " ".join(
        f"{2 + (w - 4) * i / span:.1f},{2 + (h - 4) * (1 - s / 100):.1f}"
        for i, s in enumerate(scores)
    )
    return (
        f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" style="border:0">'
        f'<polyline points="{pts}" fill="none" stroke="#3b6fb6" stroke-width="1.5"/></svg>'
    )


# helpers ---------------------------------------------------------------------------------


def anger_curve(run: Run) -> list[float]:
    """Anger at the start and after each reply."""
    record = run.record
    curve = (record.get("debrief") or {}).get("anger_curve")
    if isinstance(curve, list) and all(isinstance(v, int | float) for v in curve):
        return [float(v) for v in curve]
    start = (record.get("start") or {}).get("anger")
    after = [(t.get("state") or {}).get("anger") for t in record.get("turns") or []]
    points = ([start] if start is not None else []) + after
    return [float(v) for v in points if isinstance(v, int | float)]


def _group(runs: list[Run], key) -> dict[str, list[Run]]:
    groups: dict[str, list[Run]] = defaultdict(list)
    for run in runs:
        groups[key(run)].append(run)
    return dict(groups)


def _mean(values: list[Any]) -> str:
    return f"{statistics.fmean(values):.0f}" if values else "-"


def _median(values: list[Any]) -> str:
    return f"{statistics.median(values):.0f}" if values else "-"


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _span(runs: list[Run]) -> str:
    stamps = sorted(s for r in runs for s in [r.started_at or r.completed_at] if s)
    when = f"from {stamps[0][:10]} to {stamps[-1][:10]}" if stamps else "no dates"
    return escape(f"{len(runs)} run(s), {when}.")
