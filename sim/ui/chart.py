"""The anger and trust curves over a conversation, with a mark per turn.

Drawn with plain pygame so the same code paints the debrief screen and the PNG saved with
a debrief. Anger is a thick line with round marks; trust a thin line with square marks,
so the two read apart without colour.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame

from sim.ui.pngfile import save_png


def _points(values: list[float], plot: pygame.Rect, count: int) -> list[tuple[int, int]]:
    step = plot.w / max(1, count - 1)
    return [
        (round(plot.x + i * step), round(plot.bottom - max(0.0, min(100.0, v)) / 100 * plot.h))
        for i, v in enumerate(values)
    ]


def _dashed(surface, colour, points, width=2, dash=8) -> None:
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = max(1.0, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
        steps = int(length // dash)
        for k in range(0, steps, 2):
            a, b = k / max(1, steps), min(1.0, (k + 1) / max(1, steps))
            pygame.draw.line(
                surface,
                colour,
                (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),
                (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b),
                width,
            )


def draw_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    anger: list[float],
    trust: list[float],
    fonts: dict[str, pygame.font.Font],
    palette: dict[str, pygame.Color],
    selected: int | None = None,
    compare: list[float] | None = None,
    branch_at: int | None = None,
) -> list[tuple[int, int]]:
    """Draw the chart; returns the screen position of each anger mark (for hit tests)."""
    small = fonts["small"]
    pygame.draw.rect(surface, palette["panel"], rect, border_radius=8)
    pad_l, pad_b = small.size("100")[0] + 14, small.get_linesize() + 12
    plot = pygame.Rect(
        rect.x + pad_l,
        rect.y + 12 + small.get_linesize(),
        rect.w - pad_l - 16,
        rect.h - pad_b - 24 - small.get_linesize(),
    )
    for level in (0, 25, 50, 75, 100):
        y = plot.bottom - level / 100 * plot.h
        pygame.draw.line(surface, palette["chart_grid"], (plot.x, y), (plot.right, y), 1)
        label = small.render(str(level), True, palette["muted"])
        surface.blit(label, (plot.x - label.get_width() - 6, y - label.get_height() // 2))
    count = max(len(anger), len(compare or []), 2)
    if compare:
        _dashed(surface, palette["muted"], _points(compare, plot, count), 2)
    trust_pts = _points(trust, plot, count)
    if len(trust_pts) > 1:
        pygame.draw.lines(surface, palette["trust"], False, trust_pts, 2)
    for x, y in trust_pts:
        pygame.draw.rect(surface, palette["trust"], (x - 3, y - 3, 7, 7))
    anger_pts = _points(anger, plot, count)
    if len(anger_pts) > 1:
        pygame.draw.lines(surface, palette["furious"], False, anger_pts, 4)
    for i, (x, y) in enumerate(anger_pts):
        radius = 8 if i == selected else 5
        pygame.draw.circle(
            surface, palette["text"] if i == selected else palette["furious"], (x, y), radius
        )
    if branch_at is not None and branch_at < len(anger_pts):
        x = anger_pts[branch_at][0]
        pygame.draw.line(surface, palette["focus"], (x, plot.y), (x, plot.bottom), 2)
    # turn numbers along the bottom (every few when crowded)
    every = max(1, round(len(anger_pts) / 12))
    for i in range(0, len(anger_pts), every):
        label = small.render(str(i), True, palette["muted"])
        surface.blit(label, (anger_pts[i][0] - label.get_width() // 2, plot.bottom + 6))
    legend = "anger (thick, round marks)   trust (thin, square marks)"
    if compare:
        legend += "   first try (dashed)"
    surface.blit(small.render(legend, True, palette["muted"]), (plot.x, rect.y + 6))
    return anger_pts


def save_chart_png(path: Path, record: dict, fonts, palette, size=(900, 420)) -> Path:
    surface = pygame.Surface(size)
    surface.fill(palette["background"])
    debrief = record["debrief"]
    draw_chart(
        surface,
        surface.get_rect().inflate(-20, -20),
        debrief["anger_curve"],
        debrief["trust_curve"],
        fonts,
        palette,
    )
    return save_png(surface, path)
