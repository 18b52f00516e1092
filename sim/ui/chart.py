"""Anger, trust and patience over a conversation, with a mark per turn.

Drawn with plain pygame so the same code paints the debrief screen and the PNG saved with
a debrief. The three lines read apart without colour: anger is the thickest line with round
marks, trust a solid line with square marks, patience a dotted line with diamond marks. The
legend shows each line's swatch; the axes are titled; a "what if" replay shows the first try
dashed and a labelled line where it branched off.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame

from sim.ui.pngfile import save_png

ANGER_WIDTH, TRUST_WIDTH, PATIENCE_WIDTH = 5, 3, 2


def _points(values: list[float], plot: pygame.Rect, count: int) -> list[tuple[int, int]]:
    step = plot.w / max(1, count - 1)
    return [
        (round(plot.x + i * step), round(plot.bottom - max(0.0, min(100.0, v)) / 100 * plot.h))
        for i, v in enumerate(values)
    ]


def _dashed(surface, colour, points, width=2, dash=8, gap=None) -> None:
    """A dashed line (``gap`` shorter than ``dash`` makes it dotted-looking)."""
    gap = dash if gap is None else gap
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = max(1.0, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
        at = 0.0
        while at < length:
            a, b = at / length, min(1.0, (at + dash) / length)
            pygame.draw.line(
                surface,
                colour,
                (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),
                (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b),
                width,
            )
            at += dash + gap


def _mark(surface, colour, shape: str, x: int, y: int, r: int) -> None:
    if shape == "round":
        pygame.draw.circle(surface, colour, (x, y), r)
    elif shape == "square":
        pygame.draw.rect(surface, colour, (x - r, y - r, 2 * r + 1, 2 * r + 1))
    else:  # diamond
        pygame.draw.polygon(
            surface, colour, [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        )


def _series_line(surface, colour, points, width: int, style: str) -> None:
    if len(points) < 2:
        return
    if style == "solid":
        pygame.draw.lines(surface, colour, False, points, width)
    elif style == "dotted":
        _dashed(surface, colour, points, width, dash=3, gap=4)
    else:
        _dashed(surface, colour, points, width, dash=8, gap=7)


def legend_entries(palette, compare: bool) -> list[tuple[str, pygame.Color, int, str, str]]:
    """(label, colour, line width, line style, mark shape) for each line drawn."""
    entries = [
        ("anger", palette["furious"], ANGER_WIDTH, "solid", "round"),
        ("trust", palette["trust"], TRUST_WIDTH, "solid", "square"),
        ("patience", palette["patience"], PATIENCE_WIDTH, "dotted", "diamond"),
    ]
    if compare:
        entries.append(("anger, first try", palette["muted"], 2, "dashed", ""))
    return entries


def _legend(surface, font, palette, entries, x: int, y: int, right: int, px) -> int:
    """Swatches with labels, wrapping onto a second row if needed; returns the bottom."""
    h = font.get_linesize()
    cx, cy = x, y
    for label, colour, width, style, shape in entries:
        text = font.render(label, True, palette["text"])
        need = px(34) + text.get_width() + px(18)
        if cx + need > right and cx > x:
            cx, cy = x, cy + h + 2
        mid = cy + h // 2
        _series_line(surface, colour, [(cx, mid), (cx + px(26), mid)], px(width), style)
        if shape:
            _mark(surface, colour, shape, cx + px(13), mid, px(4))
        surface.blit(text, (cx + px(32), cy))
        cx += need
    return cy + h


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
    patience: list[float] | None = None,
    scale: float = 1.0,
) -> list[tuple[int, int]]:
    """Draw the chart; returns the screen position of each anger mark (for hit tests).
    Lines and marks are `scale` times their design width, to match the window's text."""

    def px(length: float) -> int:
        return max(1, round(length * scale))

    small = fonts["small"]
    line = small.get_linesize()
    pygame.draw.rect(surface, palette["panel"], rect, border_radius=8)
    previous_clip = surface.get_clip()
    surface.set_clip(rect.clip(previous_clip))
    legend_bottom = _legend(
        surface,
        small,
        palette,
        legend_entries(palette, bool(compare)),
        rect.x + 12,
        rect.y + 6,
        rect.right - 8,
        px,
    )
    # the y axis title runs up the left edge; the x axis title starts the turn numbers' row
    pad_l = 8 + line + small.size("100")[0] + 10
    x_title = small.render("turn", True, palette["muted"])
    pad_l = max(pad_l, x_title.get_width() + small.size("0")[0] + 24)
    count = max(len(anger), len(compare or []), 2)
    # room on the right for the last turn's number, centred on its mark, and the mark itself
    pad_r = max(px(16), small.size(str(count - 1))[0] // 2 + px(6))
    plot = pygame.Rect(
        rect.x + pad_l,
        legend_bottom + 10,
        rect.w - pad_l - pad_r,
        rect.bottom - legend_bottom - 10 - line - 12,
    )
    if plot.h < 20 or plot.w < 40:
        surface.set_clip(previous_clip)
        return []
    for words in ("level (0-100)", "level", ""):  # the longest title that fits the axis
        if words and small.size(words)[0] <= plot.h + line:
            y_title = pygame.transform.rotate(small.render(words, True, palette["muted"]), 90)
            surface.blit(y_title, (rect.x + 8, plot.centery - y_title.get_height() // 2))
            break
    for level in (0, 25, 50, 75, 100):
        y = plot.bottom - level / 100 * plot.h
        pygame.draw.line(surface, palette["chart_grid"], (plot.x, y), (plot.right, y), 1)
        label = small.render(str(level), True, palette["muted"])
        surface.blit(label, (plot.x - label.get_width() - 6, y - label.get_height() // 2))
    if compare:
        _series_line(surface, palette["muted"], _points(compare, plot, count), px(2), "dashed")
    if patience:
        pts = _points(patience, plot, count)
        _series_line(surface, palette["patience"], pts, px(PATIENCE_WIDTH), "dotted")
        for x, y in pts:
            _mark(surface, palette["patience"], "diamond", x, y, px(3))
    trust_pts = _points(trust, plot, count)
    _series_line(surface, palette["trust"], trust_pts, px(TRUST_WIDTH), "solid")
    for x, y in trust_pts:
        _mark(surface, palette["trust"], "square", x, y, px(3))
    anger_pts = _points(anger, plot, count)
    _series_line(surface, palette["furious"], anger_pts, px(ANGER_WIDTH), "solid")
    for i, (x, y) in enumerate(anger_pts):
        radius = px(8) if i == selected else px(5)
        colour = palette["text"] if i == selected else palette["furious"]
        _mark(surface, colour, "round", x, y, radius)
    if branch_at is not None and branch_at < len(anger_pts):
        x = anger_pts[branch_at][0]
        pygame.draw.line(surface, palette["focus"], (x, plot.y), (x, plot.bottom), px(2))
        note = small.render(f"what if: a new reply at turn {branch_at + 1}", True, palette["focus"])
        nx = x + 6 if x + 6 + note.get_width() <= plot.right else x - 6 - note.get_width()
        spot = note.get_rect(topleft=(max(plot.x + 4, nx), plot.y + 4))
        pygame.draw.rect(surface, palette["panel"], spot.inflate(8, 4), border_radius=4)
        surface.blit(note, spot)
    # turn numbers along the bottom (every few when crowded), then the axis title
    every = max(1, round(len(anger_pts) / 12))
    for i in range(0, len(anger_pts), every):
        label = small.render(str(i), True, palette["muted"])
        surface.blit(label, (anger_pts[i][0] - label.get_width() // 2, plot.bottom + 6))
    first_label = small.size("0")[0] // 2 + 8
    surface.blit(x_title, (plot.x - first_label - x_title.get_width(), plot.bottom + 6))
    surface.set_clip(previous_clip)
    return anger_pts


def save_chart_png(path: Path, record: dict, fonts, palette, size=(900, 460)) -> Path:
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
        patience=debrief.get("patience_curve"),
    )
    return save_png(surface, path)
