"""The analyzer's score histogram as a PNG (``python main.py analyze ID --plot FILE``).

Plain pygame on an off-screen surface: no window, no display needed. The random player's
bars are solid, the nervous beginner's hatched, so the two read apart without colour; the
best and the worst player's scores are marked with labelled lines.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame

from sim.ui.pngfile import save_png

BACKGROUND = (250, 250, 247)
INK = (34, 34, 40)
MUTED = (120, 120, 128)
GRID = (222, 222, 218)
COLOURS = {"random": (52, 101, 164), "beginner": (204, 121, 32)}
LABELS = {"random": "random player", "beginner": "nervous beginner"}


def save_histogram_png(
    path: str | Path,
    histogram: dict,
    title: str,
    marks: dict[str, float] | None = None,
    size: tuple[int, int] = (960, 540),
) -> Path:
    """Draw the score histogram (shares of each player's playthroughs per score band) and
    save it as a PNG, atomically. ``histogram``: {"edges": [...], player: [counts...]}."""
    pygame.font.init()
    title_font, font = pygame.font.Font(None, 34), pygame.font.Font(None, 22)
    surface = pygame.Surface(size)
    surface.fill(BACKGROUND)
    surface.blit(title_font.render(title, True, INK), (24, 16))
    plot = pygame.Rect(76, 116, size[0] - 110, size[1] - 180)
    players = [p for p in ("random", "beginner") if p in histogram]
    shares = {p: [c / max(1, sum(histogram[p])) for c in histogram[p]] for p in players}
    highest = max([max(s) for s in shares.values()] + [0.01])
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25) if highest / s <= 6)
    lines = -int(-highest // step)  # the axis goes up to the next round step
    top = lines * step

    for line in range(lines + 1):  # horizontal grid, labelled in percent
        level = line * step
        y = plot.bottom - round(level / top * plot.h)
        pygame.draw.line(surface, GRID, (plot.x, y), (plot.right, y))
        label = font.render(f"{level:.0%}", True, MUTED)
        surface.blit(label, (plot.x - label.get_width() - 8, y - label.get_height() // 2))
    edges = histogram["edges"]
    bins = len(edges) - 1
    width = plot.w / bins
    for b in range(bins):
        for k, player in enumerate(players):
            h = round(shares[player][b] / top * plot.h)
            bar = pygame.Rect(
                round(plot.x + b * width + 2 + k * (width - 4) / len(players)),
                plot.bottom - h,
                max(1, round((width - 4) / len(players)) - 1),
                h,
            )
            colour = COLOURS[player]
            pygame.draw.rect(surface, colour, bar, 0 if k == 0 else 1)
            if k:  # hatched: tells the players apart without colour
                for y in range(bar.bottom - 4, bar.top, -5):
                    pygame.draw.line(surface, colour, (bar.x, y), (bar.right - 1, y))
    for value in edges[:: max(1, bins // 10)]:
        x = plot.x + round((value - edges[0]) / (edges[-1] - edges[0]) * plot.w)
        label = font.render(f"{value:.0f}", True, MUTED)
        surface.blit(label, (x - label.get_width() // 2, plot.bottom + 8))
    axis = font.render("score", True, MUTED)
    surface.blit(axis, (plot.centerx - axis.get_width() // 2, plot.bottom + 30))
    pygame.draw.line(surface, INK, plot.bottomleft, plot.bottomright, 2)

    for name, value in (marks or {}).items():  # the best and worst players' scores
        x = plot.x + round(max(0.0, min(100.0, value)) / 100 * plot.w)
        pygame.draw.line(surface, INK, (x, plot.y - 6), (x, plot.bottom), 2)
        label = font.render(f"{name} {value:.0f}", True, INK)
        surface.blit(label, (min(x + 4, size[0] - label.get_width() - 4), plot.y - 24))

    x = plot.x
    for k, player in enumerate(players):  # legend
        swatch = pygame.Rect(x, 62, 18, 14)
        pygame.draw.rect(surface, COLOURS[player], swatch, 0 if k == 0 else 1)
        label = font.render(LABELS.get(player, player), True, INK)
        surface.blit(label, (swatch.right + 6, 60))
        x = swatch.right + label.get_width() + 30

    return save_png(surface, path)
