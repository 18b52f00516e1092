"""The customer on screen, animated: ``Face`` (drawn) and ``PortraitFace`` (a picture)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pygame

from sim.ui.face.expression import expression
from sim.ui.face.eyes import _brows_sprite, _eyes_sprite
from sim.ui.face.head import (
    _layers,
)
from sim.ui.face.look import (
    RGB,
    Look,
    _clamp,
    _mix,
    _smooth,
)
from sim.ui.face.mouth import _mouth_sprite
from sim.ui.face.pen import (
    _Layer,
    _Layers,
)

# --- the animated face -----------------------------------------------------------------------


_SPRITE_LIMIT = 240  # per part and person; a sprite is a few KB


def _sprite(layers: _Layers, key: tuple, build, may_build: bool, fallback: _Layer | None):
    """A feature sprite from the cache, drawn on a miss (oldest dropped first). When it
    may not be drawn now, the fallback stands in and a later frame draws it."""
    cache = layers.sprites
    hit = cache.get(key)
    if hit is not None:
        return hit, False
    if not may_build and fallback is not None:
        return fallback, False
    surface, dx, dy = build()
    hit = _Layer(surface, dx, dy)
    if len(cache) >= _SPRITE_LIMIT * 3:
        del cache[next(iter(cache))]
    cache[key] = hit
    return hit, True


class Face:
    """A drawn customer: ``update(dt, anger, speaking)`` each frame, ``draw(surface, rect)``."""

    SMOOTHING = 0.45  # seconds for the displayed anger to close most of a gap
    BLINK_TIME = 0.16

    def __init__(self, look: Look, backdrop: bool = True):
        self.look = look
        self.backdrop = backdrop
        self.rng = np.random.default_rng(look.blink_seed())
        self.shown_anger: float | None = None
        self.blink = 0.0  # 0 open .. 1 closed
        self.mouth_open = 0.0  # 0 closed .. 1 wide
        self.speaking = False
        self._blink_in = float(self.rng.uniform(1.0, 3.5))
        self._blink_t = -1.0  # time into the current blink, or -1
        self._double = False
        self._syllable_t = 0.0
        self._syllable_len = 0.2
        self._syllable_amp = 0.0
        self._last: dict[str, _Layer] = {}
        self._last_size: tuple[int, int] = (0, 0)

    @staticmethod
    def portrait(image: pygame.Surface) -> PortraitFace:
        """A face that shows a scenario's own picture instead of drawing one."""
        return PortraitFace(image)

    def prepare(self, size: tuple[int, int]) -> None:
        """Build the cached layers for this size now (say, when a screen is laid out), so
        the first frame does not pay for it (about 30 ms)."""
        if size[0] >= 40 and size[1] >= 40:
            _layers(self.look, int(size[0]), int(size[1]))

    # animation ----------------------------------------------------------------------------

    def update(self, dt: float, anger: float, speaking: bool) -> None:
        dt = max(0.0, min(float(dt), 0.25))
        target = _clamp(float(anger), 0.0, 100.0)
        if self.shown_anger is None:
            self.shown_anger = target
        else:
            self.shown_anger += (target - self.shown_anger) * (
                1.0 - math.exp(-dt * 2.5 / self.SMOOTHING)
            )
            if abs(target - self.shown_anger) < 0.05:
                self.shown_anger = target
        self._update_blink(dt)
        self.speaking = bool(speaking)
        if speaking:
            self._syllable_t += dt
            if self._syllable_t >= self._syllable_len:
                self._syllable_t = 0.0
                self._syllable_len = float(self.rng.uniform(0.11, 0.24))
                pause = self.rng.random() < 0.15
                self._syllable_amp = 0.12 if pause else float(self.rng.uniform(0.5, 1.0))
            target_open = self._syllable_amp * math.sin(
                math.pi * self._syllable_t / self._syllable_len
            )
            self.mouth_open += (target_open - self.mouth_open) * (1.0 - math.exp(-dt / 0.03))
        else:
            self._syllable_t = self._syllable_len
            self.mouth_open *= math.exp(-dt / 0.05)
            if self.mouth_open < 0.02:
                self.mouth_open = 0.0

    def _update_blink(self, dt: float) -> None:
        if self._blink_t >= 0:
            self._blink_t += dt
            if self._blink_t >= self.BLINK_TIME:
                self._blink_t, self.blink = -1.0, 0.0
                if not self._double and self.rng.random() < 0.18:
                    self._double, self._blink_in = True, 0.12
                else:
                    self._double, self._blink_in = False, float(self.rng.uniform(1.8, 5.0))
            else:
                self.blink = math.sin(math.pi * self._blink_t / self.BLINK_TIME) ** 0.6
            return
        self._blink_in -= dt
        if self._blink_in <= 0:
            self._blink_t = 0.0

    # drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, rect) -> None:
        rect = pygame.Rect(rect)
        if rect.w < 40 or rect.h < 40:
            return
        layers = _layers(self.look, rect.w, rect.h)
        g = layers.geom
        shown = self.shown_anger if self.shown_anger is not None else 0.0
        previous_clip = surface.get_clip()
        surface.set_clip(rect.clip(previous_clip))
        x0, y0 = rect.topleft
        if self.backdrop:
            surface.blit(layers.backdrop.surface, (x0, y0))
        # the expression of the anger band the meter shows (calm, upset, angry, furious)
        face = expression(shown)
        # posture: leaning back when calm; head forward and shoulders up when angry
        u = g.u
        head_dy = (-0.015 + 0.05 * face.lean) * u
        shoulder_dy = (0.006 - 0.04 * face.lean) * u
        hx = x0 + round(g.cx)
        hy = y0 + round(g.hcy + head_dy)
        for layer, ay in (
            (layers.back_hair, hy),
            (layers.torso, y0 + round(g.shoulder_y + shoulder_dy)),
            (layers.head, hy),
        ):
            surface.blit(layer.surface, (hx + layer.dx, ay + layer.dy))
        flush = face.flush * 0.7
        if flush > 0.004:
            layers.flush.surface.set_alpha(round(255 * flush))
            surface.blit(layers.flush.surface, (hx + layers.flush.dx, hy + layers.flush.dy))
        # the features: sprites cached by anger, blink and mouth opening
        # (steps well under a pixel at these sizes; the sprites are drawn at 2-3x)
        # (whole anger points: the band blends are two points wide)
        q = round(shown)
        feature = expression(q)
        bq = round(self.blink * 6)
        oq = round(self.mouth_open * 10)
        look = self.look
        parts = (
            (("eyes", q, bq), lambda: _eyes_sprite(layers, look, feature, bq / 6)),
            (("brows", q), lambda: _brows_sprite(layers, look, feature)),
            (("mouth", q, oq), lambda: _mouth_sprite(layers, look, feature, oq / 10)),
        )
        # at most one new sprite per frame once a part has something to show: when
        # anger moves, eyes, brows and mouth catch up over two or three frames
        built = False
        last = self._last if self._last_size == rect.size else {}
        for key, build in parts:
            layer, new = _sprite(layers, key, build, not built, last.get(key[0]))
            built = built or new
            last[key[0]] = layer
            surface.blit(layer.surface, (hx + layer.dx, hy + layer.dy))
        self._last, self._last_size = last, rect.size
        surface.blit(layers.front.surface, (hx + layers.front.dx, hy + layers.front.dy))
        surface.set_clip(previous_clip)


class PortraitFace:
    """A scenario's own picture with the ``Face`` API: fitted to the rect, a border that
    warms with anger, a red tint when furious, and a speaking indicator."""

    def __init__(self, image: pygame.Surface):
        self.image = image
        self.shown_anger: float | None = None
        self.speaking = False
        self._t = 0.0
        self._cache: tuple[tuple[int, int], pygame.Surface] | None = None

    def prepare(self, size: tuple[int, int]) -> None:
        self._scaled((max(1, int(size[0]) - 8), max(1, int(size[1]) - 8)))

    def update(self, dt: float, anger: float, speaking: bool) -> None:
        dt = max(0.0, min(float(dt), 0.25))
        target = _clamp(float(anger), 0.0, 100.0)
        if self.shown_anger is None:
            self.shown_anger = target
        else:
            self.shown_anger += (target - self.shown_anger) * (1.0 - math.exp(-dt / 0.18))
        self.speaking = bool(speaking)
        self._t += dt

    def _scaled(self, size: tuple[int, int]) -> pygame.Surface:
        if self._cache is None or self._cache[0] != size:
            iw, ih = self.image.get_size()
            k = min(size[0] / max(1, iw), size[1] / max(1, ih))
            scaled = pygame.transform.smoothscale(
                self.image, (max(1, round(iw * k)), max(1, round(ih * k)))
            )
            self._cache = (size, scaled)
        return self._cache[1]

    def draw(self, surface: pygame.Surface, rect) -> None:
        rect = pygame.Rect(rect)
        if rect.w < 20 or rect.h < 20:
            return
        a = (self.shown_anger or 0.0) / 100.0
        border = 4
        inner = rect.inflate(-2 * border, -2 * border)
        pygame.draw.rect(surface, (24, 28, 38), rect, border_radius=8)
        image = self._scaled(inner.size)
        spot = image.get_rect(center=inner.center)
        surface.blit(image, spot)
        tint = round(70 * _smooth(0.5, 1.0, a))  # take green and blue away: redder, not paler
        if tint:
            surface.fill((255, 255 - tint, 255 - tint), spot, special_flags=pygame.BLEND_RGB_MULT)
        colour = _anger_colour(a)
        pygame.draw.rect(surface, colour, rect, width=border + round(2 * a), border_radius=8)
        if self.speaking:  # three little bars, bouncing
            bw = max(3, rect.w // 60)
            for k in range(3):
                hgt = bw * (2 + 2.5 * abs(math.sin(self._t * 9 + k * 1.3)))
                x = rect.right - border - 6 - (3 - k) * (bw + 3)
                pygame.draw.rect(
                    surface,
                    (250, 250, 250),
                    (x, rect.bottom - border - 6 - hgt, bw, hgt),
                    border_radius=2,
                )


def _anger_colour(a: float) -> RGB:
    stops = (
        (0.0, (95, 208, 138)),
        (0.4, (244, 192, 78)),
        (0.7, (255, 146, 72)),
        (1.0, (255, 90, 90)),
    )
    for (a0, c0), (a1, c1) in itertools.pairwise(stops):
        if a <= a1:
            return _mix(c0, c1, (a - a0) / (a1 - a0))
    return stops[-1][1]
