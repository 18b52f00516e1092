"""The parts of a person that do not move with anger: backdrop, hair, head, torso, glasses;
drawn once per size into layers."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pygame

from sim.ui.face.look import (
    Look,
    _clamp,
    _mix,
    _smooth,
)
from sim.ui.face.pen import (
    _bezier,
    _Geom,
    _geom,
    _head_outline,
    _Layer,
    _Layers,
    _Pen,
    _stroke,
)


def _cap(rx, ry, volume, hairline, side_y, lift=0.0) -> np.ndarray:
    """The hair over the crown: the head's top arc grown by volume, then the hairline back."""
    t0 = math.acos(_clamp(-side_y / (ry * (1 + volume)), -1, 1))
    t = np.linspace(-t0, t0, 40)
    outer = np.stack(
        [
            np.sign(np.sin(t)) * np.abs(np.sin(t)) ** (2 / 2.5) * rx * (1 + volume),
            -(np.abs(np.cos(t)) ** (2 / 2.2)) * ry * (1 + volume) * np.sign(np.cos(t)) - lift,
        ],
        axis=1,
    )
    return np.concatenate([outer, np.asarray(hairline, dtype=float)])


def _hairline(rx, ry, centre, temple, side_y, part=0.0, swoop=0.0) -> list:
    """Right side (down at the ear) across the forehead to the left side."""
    pts = [(0.99 * rx, side_y), (0.90 * rx, -temple * ry)]
    for x in np.linspace(0.78, -0.78, 13):
        dy = (centre - (centre - temple) * abs(x) ** 2) * ry
        dy -= swoop * (x - part) * ry  # a side fringe sweeps down to one side
        pts.append((x * rx, -dy))
    pts += [(-0.90 * rx, -temple * ry), (-0.99 * rx, side_y)]
    return pts


def _bumps(pen: _Pen, colour, points: np.ndarray, radius: float, every: float) -> None:
    """Circles along a path: curls."""
    seg = np.diff(points, axis=0)
    for (x, y), (ddx, ddy) in zip(points[:-1], seg, strict=True):
        n = max(1, int(math.hypot(ddx, ddy) / every))
        for k in range(n):
            pen.ellipse(colour, x + ddx * k / n, y + ddy * k / n, radius, radius)


def _draw_hair(pen: _Pen, back: _Pen, look: Look, g: _Geom) -> None:
    rx, ry = g.rx, g.ry
    hair = look.hair
    dark = _mix(hair, (0, 0, 0), 0.3)
    shine = _mix(hair, (255, 255, 255), 0.2)
    style = look.hair_style
    if style == "bald":
        if look.age > 0.45:  # a fringe of hair left above the ears
            for side in (-1, 1):
                pen.poly(
                    hair,
                    _stroke(
                        _bezier(
                            (side * 0.99 * rx, 0.1 * ry),
                            (side * 1.08 * rx, -0.45 * ry),
                            (side * 0.72 * rx, -0.62 * ry),
                        ),
                        np.linspace(0.16 * rx, 0.04 * rx, 12),
                    ),
                )
        pen.ellipse(
            _mix(look.skin, (255, 255, 255), 0.22), -0.32 * rx, -0.72 * ry, 0.22 * rx, 0.1 * ry
        )
        return
    if style == "afro":
        ring = _head_outline(1.55 * rx, 1.08 * ry, n=40) + np.array((0.0, -0.32 * ry))
        back.poly(hair, ring)
        _bumps(back, hair, np.vstack([ring, ring[:1]]), 0.2 * rx, 0.22 * rx)
    if style in ("long", "bob"):
        bottom = 1.6 if style == "long" else 1.0
        width = 1.3 if style == "long" else 1.34
        crown = _head_outline(1.14 * rx, 1.1 * ry, n=48)[[*range(36, 48), *range(0, 13)]]
        ends = [
            (x * rx, (bottom + 0.06 * math.sin(7 * x)) * ry) for x in np.linspace(width, -width, 9)
        ]
        shape = [*ends[1:], (-1.2 * rx, 0.2 * ry), *crown.tolist(), (1.2 * rx, 0.2 * ry), ends[0]]
        back.poly(_mix(hair, (0, 0, 0), 0.15), shape)
    if style == "bun":
        back.ellipse(hair, 0, -1.08 * ry, 0.42 * rx, 0.36 * rx)
        back.stroke(
            dark,
            _bezier((-0.3 * rx, -1.02 * ry), (0, -1.25 * ry), (0.3 * rx, -1.1 * ry)),
            0.04 * rx,
        )
    if style == "ponytail":
        back.poly(
            hair,
            _stroke(
                _bezier((0.5 * rx, -0.85 * ry), (1.6 * rx, -0.1 * ry), (1.15 * rx, 1.4 * ry), 16),
                np.linspace(0.55, 0.25, 16) * rx,
            ),
        )
    if style == "curly":
        shape = _head_outline(1.2 * rx, 1.12 * ry, n=40)
        shape = shape[np.abs(shape[:, 1] - 0.1 * ry) < 1.0 * ry]
        back.poly(hair, shape)
        _bumps(back, hair, shape, 0.17 * rx, 0.2 * rx)

    params = {  # volume, hairline centre, temple, side y, part, swoop
        "short": (0.10, 0.60, 0.30, -0.02, 0.0, 0.0),
        "side_part": (0.11, 0.62, 0.30, -0.02, -0.38, 0.20),
        "long": (0.12, 0.64, 0.40, 0.10, 0.0, 0.0),
        "bob": (0.14, 0.46, 0.36, 0.05, 0.0, 0.0),
        "bun": (0.05, 0.62, 0.30, -0.08, 0.0, 0.0),
        "ponytail": (0.05, 0.62, 0.30, -0.08, 0.0, 0.0),
        "curly": (0.16, 0.56, 0.34, 0.0, 0.0, 0.0),
        "afro": (0.14, 0.58, 0.32, -0.02, 0.0, 0.0),
        "buzz": (0.015, 0.64, 0.32, -0.05, 0.0, 0.0),
    }[style]
    volume, centre, temple, side_y, part, swoop = params
    side = side_y * ry
    line = _hairline(rx, ry, centre, temple, side, part, swoop)
    colour = _mix(look.skin, hair, 0.7) if style == "buzz" else hair
    cap = _cap(rx, ry, volume, line, side)
    pen.poly(colour, cap)
    if style in ("curly", "afro"):
        _bumps(pen, colour, np.asarray(line[1:-1]), 0.075 * rx, 0.1 * rx)
        _bumps(pen, colour, cap[:40], 0.12 * rx, 0.18 * rx)
        for k in range(14):
            a = -1.3 + 2.6 * k / 13
            x, y = math.sin(a) * 0.78 * rx, -math.cos(a) * 0.9 * ry - 0.05 * ry
            pen.stroke(
                dark,
                _bezier((x - 0.05 * rx, y), (x, y - 0.07 * rx), (x + 0.05 * rx, y), 5),
                0.03 * rx,
            )
    if style in ("long", "bob"):  # locks framing the face, over the ears, beside the jaw
        end = 1.5 if style == "long" else 0.98
        out = 1.26 if style == "long" else 1.3
        for s in (-1, 1):
            inner = _bezier(
                (s * 0.7 * rx, -0.62 * ry), (s * 0.9 * rx, 0.0), (s * 0.9 * rx, end * ry), 12
            )
            outer = _bezier(
                (s * out * rx, (end + 0.04) * ry),
                (s * (out + 0.02) * rx, -0.2 * ry),
                (s * 0.95 * rx, -0.8 * ry),
                12,
            )
            pen.poly(hair, np.concatenate([inner, outer]))
            pen.stroke(
                dark,
                _bezier(
                    (s * 0.98 * rx, -0.4 * ry),
                    (s * 1.04 * rx, 0.3 * ry),
                    (s * 1.08 * rx, (end - 0.1) * ry),
                ),
                np.linspace(0.04, 0.01, 12) * rx,
            )
        pen.stroke(dark, [(0, -0.66 * ry), (0, -1.0 * ry)], 0.03 * rx)  # the parting
    if style != "buzz":
        # a highlight across the crown and a few strands
        pen.stroke(
            shine,
            _bezier((-0.62 * rx, -0.78 * ry), (-0.3 * rx, -1.08 * ry), (0.15 * rx, -1.06 * ry)),
            np.linspace(0.02, 0.07, 12) * rx,
        )
        for x0 in (-0.35, 0.05, 0.42):
            x1 = x0 + (0.25 if swoop else 0.08)
            pen.stroke(
                dark,
                _bezier(
                    (x0 * rx, -0.98 * ry), ((x0 + x1) / 2 * rx, -0.85 * ry), (x1 * rx, -0.66 * ry)
                ),
                np.linspace(0.04, 0.01, 12) * rx,
            )
    if style in ("bun", "ponytail"):
        for x0 in (-0.5, 0.0, 0.5):
            pen.stroke(
                dark,
                _bezier((x0 * rx, -0.6 * ry), (x0 * 0.6 * rx, -0.9 * ry), (0, -1.08 * ry)),
                0.025 * rx,
            )


def _draw_facial_hair(pen: _Pen, front: _Pen, look: Look, g: _Geom) -> None:
    rx, ry = g.rx, g.ry
    kind = look.facial_hair
    if kind in ("beard", "stubble"):
        jaw = _head_outline(rx, ry, grow=0.03, n=72)
        jaw = jaw[(jaw[:, 1] > 0.02 * ry)]
        jaw = jaw[np.argsort(np.arctan2(jaw[:, 0], jaw[:, 1]))]  # right side round the chin to left
        inner = [
            (-0.86 * rx, 0.05 * ry),
            (-0.62 * rx, 0.42 * ry),
            (-0.3 * rx, 0.36 * ry),
            (0.3 * rx, 0.36 * ry),
            (0.62 * rx, 0.42 * ry),
            (0.86 * rx, 0.05 * ry),
        ]
        shape = np.concatenate([jaw[::-1], np.asarray(inner)])
        if kind == "stubble":
            pen.poly(_mix(look.skin, look.hair, 0.28), shape)
        else:
            pen.poly(look.hair, shape)
            pen.ellipse(look.skin, 0, 0.6 * ry, 0.42 * rx, 0.16 * ry)  # room for the mouth
    if kind in ("moustache", "beard"):
        top = _bezier((-0.4 * rx, 0.56 * ry), (0, 0.30 * ry), (0.4 * rx, 0.56 * ry), 14)
        bottom = _bezier((0.4 * rx, 0.56 * ry), (0.2 * rx, 0.46 * ry), (0, 0.5 * ry), 8)
        bottom = np.concatenate([bottom, bottom[::-1][1:] * (-1, 1)])
        front.poly(look.hair, np.concatenate([top, bottom]))


def _draw_glasses(front: _Pen, look: Look, g: _Geom, eye_x: float, eye_y: float) -> None:
    rx = g.rx
    frame = look.frame
    w, h, t = 0.27 * rx, 0.2 * rx, 0.045 * rx
    a = np.linspace(0.0, 2 * np.pi, 41)
    ring = np.stack(
        [
            w * np.sign(np.cos(a)) * np.abs(np.cos(a)) ** 0.6,
            h * np.sign(np.sin(a)) * np.abs(np.sin(a)) ** 0.6,
        ],
        axis=1,
    )
    for s in (-1, 1):
        centre = np.array([s * eye_x, eye_y])
        outer = ring * (1 + t / w) + centre
        inner = ring * (1 - t / w) + centre
        front.poly((255, 255, 255, 30), inner)
        front.poly(frame, np.concatenate([outer, inner[::-1]]))
        cx = centre[0]
        front.stroke(
            (255, 255, 255, 120),
            [(cx + 0.1 * w, eye_y - 0.6 * h), (cx + 0.5 * w, eye_y - 0.1 * h)],
            0.05 * rx,
        )
        front.stroke(frame, [(cx + s * w, eye_y - 0.3 * h), (s * 0.99 * g.rx, eye_y - 0.2 * h)], t)
    front.stroke(
        frame,
        _bezier(
            (-eye_x + w * 0.95, eye_y - 0.25 * h),
            (0, eye_y - 0.7 * h),
            (eye_x - w * 0.95, eye_y - 0.25 * h),
            8,
        ),
        t,
    )


# --- body ----------------------------------------------------------------------------------


def _draw_torso(pen: _Pen, look: Look, g: _Geom) -> None:
    """Neck, shoulders and clothes, in coordinates from the neck base."""
    u, rx = g.u, g.rx
    cloth = look.clothing
    shade = _mix(cloth, (0, 0, 0), 0.25)
    light = _mix(cloth, (255, 255, 255), 0.1)
    neck_w = 0.36 * rx
    neck = _mix(look.skin, (40, 20, 20), 0.16)
    pen.poly(
        neck,
        [
            (-neck_w, -0.36 * u),
            (neck_w, -0.36 * u),
            (neck_w * 1.08, 0.05 * u),
            (-neck_w * 1.08, 0.05 * u),
        ],
    )
    # chin shadow on the neck
    pen.ellipse(_mix(look.skin, (40, 20, 20), 0.28), 0, -0.08 * u, neck_w, 0.05 * u)
    right = np.concatenate(
        [
            _bezier((neck_w * 0.9, -0.005 * u), (0.3 * u, 0.0), (0.42 * u, 0.05 * u), 10),
            _bezier((0.42 * u, 0.05 * u), (0.5 * u, 0.08 * u), (0.51 * u, 0.2 * u), 8)[1:],
            [(0.53 * u, 0.5 * u)],
        ]
    )
    body = np.concatenate([right, (right * (-1, 1))[::-1]])
    pen.poly(shade, body)
    inner = right * (0.9, 1) + (0, 0.012 * u)
    pen.poly(cloth, np.concatenate([inner, (inner * (-1, 1))[::-1]]))
    # folds at the armpits
    for s in (-1, 1):
        pen.stroke(
            shade,
            _bezier((s * 0.36 * u, 0.2 * u), (s * 0.35 * u, 0.28 * u), (s * 0.37 * u, 0.36 * u)),
            0.008 * u,
        )
    style = look.clothing_style
    if style == "tshirt":
        pen.ellipse(neck, 0, 0.0, neck_w * 1.25, 0.06 * u)
        pen.stroke(
            shade,
            _bezier((-neck_w * 1.3, -0.01 * u), (0, 0.13 * u), (neck_w * 1.3, -0.01 * u), 16),
            0.02 * u,
        )
    elif style == "hoodie":
        pen.stroke(
            shade, _bezier((-0.3 * u, 0.02 * u), (0, 0.2 * u), (0.3 * u, 0.02 * u), 20), 0.07 * u
        )
        pen.stroke(light, _bezier((-0.3 * u, 0.0), (0, 0.16 * u), (0.3 * u, 0.0), 20), 0.02 * u)
        for s in (-1, 1):
            pen.stroke(
                (236, 236, 230), [(s * 0.07 * u, 0.1 * u), (s * 0.08 * u, 0.25 * u)], 0.008 * u
            )
            pen.ellipse((236, 236, 230), s * 0.08 * u, 0.255 * u, 0.01 * u, 0.016 * u)
    else:
        depth = {"collar": 0.1, "jacket": 0.3, "sweater": 0.2}[style]
        vee = [(-neck_w * 1.1, -0.01 * u), (neck_w * 1.1, -0.01 * u), (0, depth * u)]
        pen.poly(look.shirt if style != "collar" else cloth, vee)
        if style in ("jacket", "sweater"):
            # a shirt under it: skin at the open collar, the shirt's collar points
            pen.poly(neck, [(-neck_w * 0.8, -0.01 * u), (neck_w * 0.8, -0.01 * u), (0, 0.08 * u)])
            shirt_dark = _mix(look.shirt, (0, 0, 0), 0.18)
            for s in (-1, 1):
                pen.poly(
                    shirt_dark,
                    [
                        (s * neck_w * 1.15, -0.03 * u),
                        (s * 0.02 * u, 0.1 * u),
                        (s * neck_w * 0.2, 0.1 * u),
                    ],
                )
                pen.poly(
                    look.shirt,
                    [
                        (s * neck_w * 1.1, -0.035 * u),
                        (s * 0.015 * u, 0.09 * u),
                        (s * neck_w * 0.2, 0.09 * u),
                    ],
                )
        if style == "jacket":
            for s in (-1, 1):
                lapel = [
                    (s * neck_w * 1.2, -0.02 * u),
                    (s * 0.2 * u, 0.12 * u),
                    (s * 0.11 * u, 0.16 * u),
                    (s * 0.012 * u, 0.32 * u),
                    (s * 0.005 * u, 0.3 * u),
                ]
                pen.poly(shade, lapel)
                pen.stroke(light, [lapel[0], lapel[1]], 0.006 * u)
            pen.ellipse(shade, 0.0, 0.36 * u, 0.01 * u, 0.01 * u)
        elif style == "sweater":
            for s in (-1, 1):
                pen.stroke(shade, [(s * neck_w * 1.15, -0.01 * u), (0, depth * u)], 0.022 * u)
        else:  # collared shirt, top button open
            pen.poly(neck, [(-neck_w * 0.9, -0.01 * u), (neck_w * 0.9, -0.01 * u), (0, 0.09 * u)])
            for s in (-1, 1):
                pen.poly(
                    shade,
                    [
                        (s * neck_w * 1.25, -0.035 * u),
                        (s * 0.02 * u, 0.11 * u),
                        (s * neck_w * 0.15, 0.115 * u),
                    ],
                )
                pen.poly(
                    light,
                    [
                        (s * neck_w * 1.2, -0.04 * u),
                        (s * 0.015 * u, 0.1 * u),
                        (s * neck_w * 0.15, 0.105 * u),
                    ],
                )
            pen.stroke(shade, [(0.0, 0.1 * u), (0.0, 0.5 * u)], 0.006 * u)
            for k in range(3):
                pen.ellipse(light, 0.012 * u, (0.16 + 0.1 * k) * u, 0.008 * u, 0.008 * u)


# --- the head --------------------------------------------------------------------------------


def _eye_pos(g: _Geom) -> tuple[float, float]:
    return 0.40 * g.rx, 0.02 * g.ry


def _draw_head(pen: _Pen, look: Look, g: _Geom) -> None:
    rx, ry = g.rx, g.ry
    skin = look.skin
    line = _mix(skin, (60, 28, 22), 0.35)
    inner_ear = _mix(skin, (120, 50, 40), 0.25)
    for s in (-1, 1):
        pen.ellipse(line, s * 0.98 * rx, 0.1 * ry, 0.17 * rx, 0.25 * ry)
        pen.ellipse(skin, s * 0.98 * rx, 0.1 * ry, 0.15 * rx, 0.23 * ry)
        pen.ellipse(inner_ear, s * 1.02 * rx, 0.12 * ry, 0.07 * rx, 0.14 * ry)
    pen.poly(line, _head_outline(rx, ry, grow=0.02))
    pen.poly(skin, _head_outline(rx, ry))


def _draw_details(pen: _Pen, look: Look, g: _Geom) -> None:
    """Nose and the lines that age brings; drawn under the hair."""
    rx, ry = g.rx, g.ry
    skin = look.skin
    shadow = _mix(skin, (70, 30, 25), 0.32)
    faint = _mix(skin, (70, 30, 25), 0.18)
    ex, ey = _eye_pos(g)
    # nose: a bridge shadow on one side, a rounded tip, nostrils
    pen.stroke(
        faint,
        _bezier((0.07 * rx, -0.02 * ry), (0.1 * rx, 0.12 * ry), (0.12 * rx, 0.24 * ry), 8),
        np.linspace(0.01, 0.04, 8) * rx,
    )
    pen.stroke(
        shadow,
        _bezier((-0.13 * rx, 0.27 * ry), (0, 0.38 * ry), (0.13 * rx, 0.27 * ry), 12),
        np.array([0.02, 0.03, 0.04, 0.05, 0.055, 0.055, 0.055, 0.055, 0.05, 0.04, 0.03, 0.02]) * rx,
    )
    for s in (-1, 1):
        pen.ellipse(
            _mix(skin, (40, 15, 15), 0.45), s * 0.07 * rx, 0.305 * ry, 0.035 * rx, 0.02 * ry
        )
    pen.ellipse(_mix(skin, (255, 255, 255), 0.16), 0.0, 0.25 * ry, 0.05 * rx, 0.03 * ry)
    if look.age > 0.35:
        k = _smooth(0.35, 0.9, look.age)
        wr = _mix(skin, (70, 30, 25), 0.12 + 0.15 * k)
        for s in (-1, 1):
            pen.stroke(
                wr,
                _bezier(
                    (s * 0.2 * rx, 0.3 * ry), (s * 0.36 * rx, 0.38 * ry), (s * 0.4 * rx, 0.62 * ry)
                ),
                np.linspace(0.035, 0.01, 12) * rx,
            )
            pen.stroke(
                wr,
                _bezier(
                    (s * (ex - 0.14 * rx), ey + 0.19 * rx),
                    (s * ex, ey + 0.25 * rx),
                    (s * (ex + 0.14 * rx), ey + 0.17 * rx),
                ),
                0.022 * rx,
            )
            if look.age > 0.55:
                for d in (-0.06, 0.0, 0.06):
                    pen.stroke(
                        wr,
                        [
                            (s * (ex + 0.23 * rx), ey + d * rx),
                            (s * (ex + 0.33 * rx), ey + 2 * d * rx),
                        ],
                        np.array([0.02, 0.008]) * rx,
                    )
        for yy in (-0.45, -0.55):
            pen.stroke(
                wr,
                _bezier((-0.4 * rx, yy * ry), (0, (yy - 0.04) * ry), (0.4 * rx, yy * ry)),
                0.022 * rx * np.sin(np.linspace(0.3, 2.84, 12)),
            )


# One customer at a time is on screen, at two sizes (briefing and call): a few more are kept
# for going back, no more, because each holds full-size images and hundreds of sprites.
@lru_cache(maxsize=4)
def _layers(look: Look, w: int, h: int) -> _Layers:
    g = _geom(look, w, h)
    u = g.u
    # the head layers share one box around the head centre
    left, top, bottom = math.ceil(0.62 * u), math.ceil(0.62 * u), math.ceil(0.62 * u)
    box = (2 * left, top + bottom)

    # Each pen holds a layer at twice the size: it is scaled down and let go as soon as it is
    # drawn, so a big portrait never has them all at once (60 MB for a moment at 1920x1080).
    skin_pen = _Pen(box, (left, top), look.skin)
    _draw_head(skin_pen, look, g)
    skin = pygame.transform.smoothscale(skin_pen.surface, box)
    del skin_pen
    _shade_cheeks(skin, look, g, left, top)

    detail = _Pen(box, (left, top), look.skin)
    _draw_details(detail, look, g)
    detail_layer = pygame.transform.smoothscale(detail.surface, box)
    del detail
    hair_pen = _Pen(box, (left, top), look.hair)
    back_pen = _Pen(box, (left, top), look.hair)
    front_pen = _Pen(box, (left, top), look.hair)
    _draw_facial_hair(hair_pen, front_pen, look, g)
    _draw_hair(hair_pen, back_pen, look, g)
    if look.glasses:
        _draw_glasses(front_pen, look, g, *_eye_pos(g))
    hair = pygame.transform.smoothscale(hair_pen.surface, box)
    del hair_pen
    back_s, bdx, bdy = back_pen.done()
    front_s, fdx, fdy = front_pen.done()
    del back_pen, front_pen

    # flush: strongest on the cheeks and nose, none where hair covers the skin
    window, xs, ys = _head_window(g, box, left, top)
    alpha = pygame.surfarray.pixels_alpha(skin)[window].astype(np.float32) / 255.0
    covered = pygame.surfarray.pixels_alpha(hair)[window].astype(np.float32) / 255.0
    field = 0.5 + 0.5 * (
        np.exp(-((np.abs(xs) - 0.5) ** 2 / 0.09 + (ys - 0.3) ** 2 / 0.06))
        + 0.7 * np.exp(-(xs**2 / 0.02 + (ys - 0.27) ** 2 / 0.02))
        + 0.3 * np.exp(-(xs**2 / 0.3 + (ys + 0.45) ** 2 / 0.05))
    )
    flush_alpha = np.clip(alpha * (1.0 - covered) * np.minimum(field, 1.0), 0, 1)
    fr, fg, fb = look.skin
    flush_rgb = (min(255, round(fr * 0.92 + 48)), round(fg * 0.42), round(fb * 0.42))
    flush = pygame.Surface(box, pygame.SRCALPHA)
    flush.fill((*flush_rgb, 0))
    pygame.surfarray.pixels_alpha(flush)[window] = (flush_alpha * 255).astype(np.uint8)

    skin.blit(detail_layer, (0, 0))
    skin.blit(hair, (0, 0))

    def crop(surface: pygame.Surface) -> _Layer:
        r = surface.get_bounding_rect()
        if r.w == 0:
            return _Layer(pygame.Surface((1, 1), pygame.SRCALPHA), 0, 0)
        return _Layer(surface.subsurface(r).copy(), r.x - left, r.y - top)

    torso_top = math.ceil(0.4 * u)
    torso_pen = _Pen((w, torso_top + math.ceil(0.4 * u)), (g.cx, torso_top), look.clothing)
    _draw_torso(torso_pen, look, g)
    torso_s, tdx, tdy = torso_pen.done()

    skin_flushed = _mix(look.skin, flush_rgb, 0.5)
    lash = _mix(look.hair, (20, 14, 14), 0.6) if sum(look.hair) > 300 else (30, 22, 22)
    brow = _mix(look.hair, (0, 0, 0), 0.15) if look.hair_style != "buzz" else look.hair
    if sum(look.hair) > 520:  # light grey or blonde brows still need to read on light skin
        brow = _mix(brow, (90, 80, 70), 0.35)
    return _Layers(
        geom=g,
        backdrop=_Layer(_backdrop(look, g), 0, 0),
        torso=_Layer(torso_s, tdx, tdy),
        back_hair=_Layer(back_s, bdx, bdy),
        head=crop(skin),
        flush=crop(flush),
        front=_Layer(front_s, fdx, fdy),
        skin_flushed=skin_flushed,
        lash=lash,
        brow=brow,
        lip_line=(round(fr * 0.42 + 22), round(fg * 0.26), round(fb * 0.28)),
        lip=(round(fr * 0.7 + 30), round(fg * 0.48), round(fb * 0.5)),
    )


def _head_window(g: _Geom, size: tuple[int, int], left: int, top: int):
    """Slices of a head layer around the head, and x, y there in head units."""
    x0, x1 = max(0, math.floor(left - 1.25 * g.rx)), min(size[0], math.ceil(left + 1.25 * g.rx))
    y0, y1 = max(0, math.floor(top - 1.1 * g.ry)), min(size[1], math.ceil(top + 1.1 * g.ry))
    xs = (np.arange(x0, x1, dtype=np.float32) - left)[:, None] / np.float32(g.rx)
    ys = (np.arange(y0, y1, dtype=np.float32) - top)[None, :] / np.float32(g.ry)
    return (slice(x0, x1), slice(y0, y1)), xs, ys


def _shade_cheeks(surface: pygame.Surface, look: Look, g: _Geom, left: int, top: int) -> None:
    """Soft rosy cheeks and a little light from above, painted with NumPy once."""
    window, xs, ys = _head_window(g, surface.get_size(), left, top)
    rgb = pygame.surfarray.pixels3d(surface)
    blush = 0.16 * np.exp(-((np.abs(xs) - 0.52) ** 2 / 0.03 + (ys - 0.32) ** 2 / 0.025))
    light = np.clip(-0.06 * ys, -0.05, 0.05) - 0.15 * np.clip(np.abs(xs) - 0.7, 0, 1)
    r, g_, b = look.skin
    rose = np.array([min(255, r * 1.08 + 16), g_ * 0.78, b * 0.8], dtype=np.float32)
    base = rgb[window].astype(np.float32)
    out = (base + (rose - base) * blush[..., None]) * (1.0 + light[..., None])
    rgb[window] = np.clip(out, 0, 255).astype(np.uint8)
    del rgb


def _backdrop(look: Look, g: _Geom) -> pygame.Surface:
    """A soft portrait backdrop with rounded corners, lighter behind the head."""
    w, h = g.w, g.h
    xs = np.arange(w, dtype=np.float32)[:, None]
    ys = np.arange(h, dtype=np.float32)[None, :]
    d = np.hypot((xs - g.cx) / g.u, (ys - g.hcy) / g.u * 0.9)
    k = 1.18 - 0.35 * np.clip(d, 0, 1.2)
    base = np.array(look.backdrop, dtype=np.float32)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    rgb = pygame.surfarray.pixels3d(surface)
    rgb[:] = np.clip(base[None, None, :] * k[..., None], 0, 255).astype(np.uint8)
    del rgb
    r = max(4.0, min(w, h) * 0.04)
    qx = np.maximum(np.maximum(r - xs - 0.5, xs + 0.5 - (w - r)), 0)
    qy = np.maximum(np.maximum(r - ys - 0.5, ys + 0.5 - (h - r)), 0)
    a = np.clip(r - np.hypot(qx, qy) + 0.5, 0, 1)
    pygame.surfarray.pixels_alpha(surface)[:] = (a * 255).astype(np.uint8)
    return surface
