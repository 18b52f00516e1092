"""Drawing tools for the face: geometry of one person at one size, an anti-aliased pen
drawn at 2-3x and scaled down, and the cached layers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pygame

from sim.ui.face.look import (
    RGB,
    Look,
)


@dataclass(frozen=True)
class _Geom:
    w: int
    h: int
    u: float  # the person's scale: the body is about u wide, u * 1.2 tall
    cx: float
    hcy: float  # head centre at rest
    rx: float  # head half-width
    ry: float  # head half-height
    shoulder_y: float  # neck base at rest


def _geom(look: Look, w: int, h: int) -> _Geom:
    u = min(w, h / 1.2)
    return _Geom(
        w=w,
        h=h,
        u=u,
        cx=w / 2,
        hcy=h - 0.70 * u,
        rx=0.25 * u * look.face_width,
        ry=0.31 * u * look.face_length,
        shoulder_y=h - 0.31 * u,
    )


def _head_outline(rx: float, ry: float, grow: float = 0.0, n: int = 72) -> np.ndarray:
    """The head shape: a full cranium, cheekbones at eye level, a tapered jaw, round chin."""
    t = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    s, c = np.sin(t), -np.cos(t)
    top = c < 0
    x = np.where(
        top,
        np.sign(s) * np.abs(s) ** (2 / 2.5),
        s * (1.0 - 0.26 * np.clip(c, 0, 1) ** 1.6),
    )
    y = np.where(top, -(np.abs(c) ** (2 / 2.2)), c)
    return np.stack([x * rx * (1 + grow), y * ry * (1 + grow)], axis=1)


def _stroke(points, widths) -> np.ndarray:
    """A tapered thick line as one polygon (left side out, right side back)."""
    p = np.asarray(points, dtype=float)
    d = np.empty_like(p)
    d[1:-1] = p[2:] - p[:-2]
    d[0] = p[1] - p[0]
    d[-1] = p[-1] - p[-2]
    length = np.maximum(np.sqrt((d * d).sum(1)), 1e-9)
    normal = d[:, ::-1] * (-1.0, 1.0) / length[:, None]
    half = np.asarray(widths, dtype=float) / 2
    off = normal * (half[:, None] if half.ndim else half)
    return np.concatenate([p + off, (p - off)[::-1]])


def _bezier(p0, p1, p2, n: int = 12) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) ** 2 * np.asarray(p0) + 2 * (1 - t) * t * np.asarray(p1) + t**2 * np.asarray(p2)


class _Pen:
    """Draws in local float coordinates onto a supersampled layer, then scales it down."""

    def __init__(
        self, size: tuple[int, int], origin: tuple[float, float], fill: RGB = (0, 0, 0), ss: int = 2
    ):
        self.SS = ss
        self.size = size
        self.ox, self.oy = origin
        self.surface = pygame.Surface((size[0] * self.SS, size[1] * self.SS), pygame.SRCALPHA)
        self.surface.fill((*fill, 0))

    def pts(self, points) -> list:
        p = (np.asarray(points, dtype=float) + np.array((self.ox, self.oy))) * self.SS
        return p.tolist()

    def poly(self, colour, points) -> None:
        pygame.draw.polygon(self.surface, colour, self.pts(points))

    def stroke(self, colour, points, widths) -> None:
        self.poly(colour, _stroke(points, widths))

    def ellipse(self, colour, cx: float, cy: float, ex: float, ey: float) -> None:
        s = self.SS
        rect = pygame.Rect(0, 0, max(1, round(2 * ex * s)), max(1, round(2 * ey * s)))
        rect.center = (round((cx + self.ox) * s), round((cy + self.oy) * s))
        pygame.draw.ellipse(self.surface, colour, rect)

    def done(self, crop: bool = True) -> tuple[pygame.Surface, int, int]:
        """The layer at 1x, cropped to what was drawn, and its offset from the origin."""
        small = pygame.transform.smoothscale(self.surface, self.size)
        if not crop:
            return small, -round(self.ox), -round(self.oy)
        box = small.get_bounding_rect()
        if box.w == 0 or box.h == 0:
            return pygame.Surface((1, 1), pygame.SRCALPHA), 0, 0
        return small.subsurface(box).copy(), box.x - round(self.ox), box.y - round(self.oy)


@dataclass
class _Layer:
    surface: pygame.Surface
    dx: int  # blit at anchor + (dx, dy)
    dy: int


@dataclass
class _Layers:
    geom: _Geom
    backdrop: _Layer
    torso: _Layer
    back_hair: _Layer
    head: _Layer
    flush: _Layer
    front: _Layer
    skin_flushed: RGB
    lash: RGB
    brow: RGB
    lip_line: RGB
    lip: RGB
    sprites: dict = field(default_factory=dict)


# --- hair ----------------------------------------------------------------------------------


def _feature_pen(x_half: float, y0: float, y1: float, fill: RGB, ss: int) -> _Pen:
    left = math.ceil(x_half)
    top = math.ceil(-y0)
    return _Pen((2 * left, top + math.ceil(y1)), (left, top), fill, ss=ss)


def _mirror_right_half(pen: _Pen) -> None:
    """Copy the right half of a layer, flipped, onto its left half (about local x = 0)."""
    mid = round(pen.ox * pen.SS)
    width, height = pen.surface.get_size()
    right = pen.surface.subsurface((mid, 0, width - mid, height))
    pen.surface.blit(pygame.transform.flip(right, True, False), (mid - (width - mid), 0))
