"""Gauges readable without colour: the anger meter and small trust/patience bars.

Colour is never the only cue. The anger meter shows the number, a fill whose length is
the anger, tick marks at 25/50/75, the band's word (calm, upset, angry, furious) and two
shape cues that get spikier as anger rises: the icon (a circle, then a soft, a sharp and
a very sharp star) and the fill, whose leading edge goes round, wavy, zigzag, spiked,
and which is hatched in the two angry bands.
"""

from __future__ import annotations

import math

import pygame

from sim.model.explain import anger_word

DEFAULT_COLOURS: dict[str, tuple[int, int, int]] = {
    "background": (27, 33, 48),
    "panel": (37, 45, 63),
    "border": (74, 86, 115),
    "text": (238, 242, 247),
    "muted": (169, 180, 198),
    "calm": (95, 208, 138),
    "upset": (244, 192, 78),
    "angry": (255, 146, 72),
    "furious": (255, 90, 90),
    "accent": (90, 169, 255),
}

BANDS: tuple[tuple[str, float], ...] = (
    ("calm", 25),
    ("upset", 50),
    ("angry", 75),
    ("furious", math.inf),
)
TICKS = (25, 50, 75)
_SHAPES = {  # star points and inner radius: more and sharper points as anger rises
    "calm": (0, 1.0),
    "upset": (6, 0.74),
    "angry": (8, 0.55),
    "furious": (12, 0.36),
}

_text_cache: dict[tuple, pygame.Surface] = {}


def anger_band(anger: float) -> str:
    """The core's band for this anger (the same one that picks the customer's lines)."""
    return anger_word(anger)


def _palette(colours) -> dict:
    merged = dict(DEFAULT_COLOURS)
    if colours:
        merged.update({k: v for k, v in colours.items() if v is not None})
    return merged


def _text(font: pygame.font.Font, text: str, colour) -> pygame.Surface:
    key = (font, text, tuple(pygame.Color(colour)))
    surface = _text_cache.get(key)
    if surface is None:
        if len(_text_cache) > 512:
            _text_cache.clear()
        surface = _text_cache[key] = font.render(text, True, colour)
    return surface


def _dark(colour, k: float = 0.45) -> pygame.Color:
    c = pygame.Color(colour)
    return pygame.Color(round(c.r * (1 - k)), round(c.g * (1 - k)), round(c.b * (1 - k)))


def _star(centre, radius: float, band: str) -> list[tuple[float, float]]:
    points, inner = _SHAPES[band]
    cx, cy = centre
    if points == 0:
        n = 28
        return [
            (
                cx + radius * math.cos(2 * math.pi * k / n),
                cy + radius * math.sin(2 * math.pi * k / n),
            )
            for k in range(n)
        ]
    out = []
    for k in range(points * 2):
        r = radius if k % 2 == 0 else radius * inner
        a = math.pi * k / points - math.pi / 2
        out.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return out


def draw_band_icon(
    surface: pygame.Surface, centre, radius: float, band: str, fill, outline
) -> None:
    """The band's shape: a circle (calm) to a many-pointed sharp star (furious)."""
    pts = _star(centre, radius, band)
    pygame.draw.polygon(surface, fill, pts)
    pygame.draw.aalines(surface, outline, True, pts)
    pygame.draw.polygon(surface, outline, pts, 1)


def _edge(band: str, x: float, top: float, height: float, amp: float) -> list[tuple[float, float]]:
    """The fill's leading edge, top to bottom: round, wavy, zigzag or spiked."""
    if band == "calm":
        n = 10
        return [(x + amp * math.sin(math.pi * k / n), top + height * k / n) for k in range(n + 1)]
    if band == "upset":
        n = 16
        return [
            (x + amp * 0.5 * (1 - math.cos(4 * math.pi * k / n)), top + height * k / n)
            for k in range(n + 1)
        ]
    teeth = 3 if band == "angry" else 5
    depth = amp if band == "angry" else amp * 1.6
    pts = []
    for k in range(teeth * 2 + 1):
        pts.append((x + (depth if k % 2 else 0.0), top + height * k / (teeth * 2)))
    return pts


def _hatch(surface, rect: pygame.Rect, colour, band: str) -> None:
    if band not in ("angry", "furious") or rect.w <= 0:
        return
    previous = surface.get_clip()
    surface.set_clip(rect.clip(previous))
    step = 9 if band == "angry" else 7
    h = rect.h
    for x in range(rect.x - h, rect.right + step, step):
        pygame.draw.line(surface, colour, (x, rect.bottom), (x + h, rect.y), 2)
        if band == "furious":
            pygame.draw.line(surface, colour, (x, rect.y), (x + h, rect.bottom), 2)
    surface.set_clip(previous)


def _ticks(surface, bar: pygame.Rect, on_fill, on_empty, fill_right: float, below) -> None:
    for value in TICKS:
        x = bar.x + round(bar.w * value / 100)
        colour = on_fill if x < fill_right else on_empty
        pygame.draw.line(
            surface, colour, (x, bar.y + 2), (x, bar.bottom - 3), 2 if value == 50 else 1
        )
        pygame.draw.line(
            surface, below, (x, bar.bottom + 1), (x, bar.bottom + (4 if value == 50 else 3)), 2
        )


def draw_anger_meter(
    surface: pygame.Surface, rect, anger: float, font: pygame.font.Font, colours: dict | None = None
) -> None:
    """The anger gauge: icon and band word, the number, a shaped, hatched fill, ticks."""
    rect = pygame.Rect(rect)
    pal = _palette(colours)
    anger = max(0.0, min(100.0, float(anger)))
    value = round(anger)
    band = anger_band(anger)
    band_colour = pal[band]
    text_colour = pal["text"]
    pygame.draw.rect(surface, pal["panel"], rect, border_radius=8)
    pygame.draw.rect(surface, pal["border"], rect, width=1, border_radius=8)

    pad = max(4, min(10, rect.h // 8))
    line = font.get_linesize()
    header_h = min(line, max(10, rect.h - 2 * pad - 12))
    number = _text(font, str(value), text_colour)
    word = _text(font, band.capitalize(), text_colour)
    top = rect.y + pad
    icon_r = max(4, header_h // 2 - 1)
    icon_centre = (rect.x + pad + icon_r, top + header_h / 2)
    draw_band_icon(surface, icon_centre, icon_r, band, band_colour, text_colour)
    label_x = rect.x + pad + 2 * icon_r + 6
    surface.blit(word, (label_x, top + (header_h - word.get_height()) // 2))
    surface.blit(
        number, (rect.right - pad - number.get_width(), top + (header_h - number.get_height()) // 2)
    )

    bar_top = top + header_h + 3
    bar = pygame.Rect(
        rect.x + pad, bar_top, rect.w - 2 * pad, max(6, rect.bottom - pad - 5 - bar_top)
    )
    pygame.draw.rect(surface, pal["background"], bar, border_radius=4)
    fill_w = bar.w * anger / 100
    amp = min(bar.h * 0.45, 9.0)
    if fill_w >= 1:
        edge_x = bar.x + max(0.0, fill_w - amp)
        body = pygame.Rect(bar.x, bar.y, max(0, round(edge_x - bar.x)), bar.h)
        pts = [
            (bar.x, bar.y),
            *_edge(band, edge_x, bar.y, bar.h, min(amp, fill_w)),
            (bar.x, bar.bottom),
        ]
        pts = [(min(x, bar.right), y) for x, y in pts]
        pygame.draw.polygon(surface, band_colour, pts)
        pygame.draw.aalines(surface, band_colour, True, pts)
        _hatch(surface, body, _dark(band_colour, 0.4), band)
    pygame.draw.rect(surface, text_colour, bar, width=1, border_radius=4)
    _ticks(surface, bar, _dark(band_colour, 0.55), pal["border"], bar.x + fill_w, pal["muted"])


def draw_gauge(
    surface: pygame.Surface,
    rect,
    label: str,
    value: float,
    font: pygame.font.Font,
    colour=None,
    colours: dict | None = None,
    label_width: int | None = None,
) -> None:
    """A small labelled bar for trust or patience: label, bar with ticks, number."""
    rect = pygame.Rect(rect)
    pal = _palette(colours)
    colour = colour if colour is not None else pal["accent"]
    value = max(0.0, min(100.0, float(value)))
    text = _text(font, label, pal["text"])
    number = _text(font, str(round(value)), pal["text"])
    number_w = font.size("100")[0]
    lw = label_width if label_width is not None else max(text.get_width() + 8, round(rect.w * 0.3))
    cy = rect.centery
    surface.blit(text, (rect.x, cy - text.get_height() // 2))
    surface.blit(number, (rect.right - number.get_width(), cy - number.get_height() // 2))
    bar_h = max(6, min(rect.h - 8, 16))
    bar = pygame.Rect(rect.x + lw, cy - bar_h // 2, max(10, rect.w - lw - number_w - 10), bar_h)
    pygame.draw.rect(surface, pal["background"], bar, border_radius=3)
    fill_w = round(bar.w * value / 100)
    if fill_w > 0:
        pygame.draw.rect(surface, colour, (bar.x, bar.y, fill_w, bar.h), border_radius=3)
    pygame.draw.rect(surface, pal["text"], bar, width=1, border_radius=3)
    _ticks(surface, bar, _dark(colour, 0.55), pal["border"], bar.x + fill_w, pal["muted"])
