"""The eyes and brows for one anger expression and blink."""

from __future__ import annotations

import numpy as np

from sim.ui.face.expression import Expression
from sim.ui.face.head import (
    _eye_pos,
)
from sim.ui.face.look import (
    Look,
    _mix,
)
from sim.ui.face.pen import (
    _bezier,
    _feature_pen,
    _Layers,
    _mirror_right_half,
    _Pen,
)


def _clipped_disc(pen: _Pen, colour, dx, dy, r, cx, ew, top, bot, xs) -> None:
    """A disc clipped to the visible part of the eye, as one polygon."""
    px = np.clip(dx + r * _COS22, cx - ew, cx + ew)
    py = np.clip(dy + r * _SIN22, np.interp(px, xs, top), np.interp(px, xs, bot))
    if float(py.max() - py.min()) > 0.3:
        pen.poly(colour, np.stack([px, py], 1))


_T22 = np.linspace(0.0, 2 * np.pi, 22, endpoint=False)
_COS22, _SIN22 = np.cos(_T22), np.sin(_T22)
_Q15 = -np.cos(np.linspace(0.0, np.pi, 15))


def _eyes_sprite(layers: _Layers, look: Look, face: Expression, blink: float):
    g = layers.geom
    rx = g.rx
    ex, ey = _eye_pos(g)
    ew, eh = 0.17 * rx, 0.115 * rx
    pen = _feature_pen(ex + ew + 0.08 * rx, ey - 0.25 * rx, ey + 0.25 * rx, look.skin, 3)
    glare = face.glare
    # how far the upper lid is down: lowered in a glare, a little heavy when worried
    lid = max(blink, 0.08 + 0.3 * glare + 0.06 * face.worry)
    slant = 0.55 * glare - 0.25 * face.worry  # inner corner lower when angry, higher when worried
    lower_raise = 0.35 * face.cheer + 0.22 * glare  # smiling cheeks, or a tense glare
    q = _Q15
    cx, cy = ex, ey  # the right eye; the left one is its mirror image
    xs = cx + q * ew
    half = eh * np.sqrt(np.clip(1 - q**2, 0, 1))
    lid_y = cy - eh + 2 * eh * lid - slant * eh * q * (1 - blink)
    top = np.maximum(cy - half, lid_y)
    arc = (1 - q**2) ** (0.5 + 0.5 * glare)
    bot = np.maximum(np.minimum(cy + half, cy + eh - lower_raise * 2 * eh * arc), top)
    is_open = float((bot - top).max()) > 0.6
    edge = np.stack([xs, top], 1)
    widths = np.full(15, 0.045 * rx)
    widths[[0, -1]] = 0.015 * rx
    ir = 0.82 * eh
    icx, icy = cx - 0.06 * ew, cy + 0.05 * eh
    if is_open:
        sclera = _mix((250, 248, 243), (244, 214, 206), glare * 0.6)
        pen.poly(sclera, np.concatenate([edge, np.stack([xs, bot], 1)[::-1]]))
        _clipped_disc(pen, look.eyes, icx, icy, ir, cx, ew, top, bot, xs)
        _clipped_disc(pen, (16, 12, 12), icx, icy, ir * (0.5 - 0.12 * glare), cx, ew, top, bot, xs)
        skin_now = _mix(look.skin, layers.skin_flushed, face.flush)
        pen.stroke(
            _mix(skin_now, layers.lash, 0.3),
            np.stack([xs[2:-2], bot[2:-2] + 0.06 * eh], 1),
            0.018 * rx,
        )
    else:  # closed: a soft downward arc
        edge[:, 1] = cy + 0.3 * eh + 0.35 * eh * (1 - q**2)
    pen.stroke(layers.lash, edge, widths)  # the upper lid line
    _mirror_right_half(pen)
    if is_open:  # catch-lights, from one light source up and to the right
        hr = 0.26 * ir
        for s in (-1, 1):
            hl_x, hl_y = s * icx + 0.35 * ir, icy - 0.38 * ir
            i = int(np.abs(xs - s * hl_x).argmin())
            if top[i] + hr < hl_y < bot[i] - hr:
                pen.ellipse((255, 255, 255), hl_x, hl_y, hr, hr)
    return pen.done(crop=False)


def _brows_sprite(layers: _Layers, look: Look, face: Expression):
    g = layers.geom
    rx, ry = g.rx, g.ry
    _, ey = _eye_pos(g)
    pen = _feature_pen(0.75 * rx, ey - 0.66 * ry, ey + 0.02 * ry, look.skin, 2)
    glare = face.glare
    calm = face.cheer
    raise_ = (0.07 * calm - 0.04 * min(1.0, glare + face.press)) * ry
    inner_drop = face.brow_tilt * ry  # an angry V (+) or worried, raised inner ends (-)
    arch = (0.09 - 0.07 * glare) * ry
    base = ey - 0.27 * ry - raise_
    thick = 0.075 * ry * look.brow_weight
    xi, xo = (0.13 + 0.04 * glare) * rx, 0.66 * rx  # the right brow; the left is its mirror
    yi = base + inner_drop + 0.02 * ry * calm
    yo = base + (0.03 - 0.08 * glare) * ry
    mid = ((xi + xo) / 2, min(yi, yo) - arch - 0.03 * ry * glare)
    pen.stroke(
        layers.brow, _bezier((xi, yi), mid, (xo, yo), 12), np.linspace(thick, thick * 0.45, 12)
    )
    skin_now = _mix(look.skin, layers.skin_flushed, face.flush)
    furrow = face.furrow
    if furrow > 0.02:  # frown lines between the brows
        x, y1 = 0.07 * rx, base + inner_drop - 0.05 * ry
        pen.stroke(
            _mix(skin_now, (60, 20, 20), 0.35),
            [(x + 0.01 * rx, y1), (x, y1 + furrow * 0.13 * ry)],
            np.array([0.01, 0.025]) * rx,
        )
    _mirror_right_half(pen)
    vein = face.vein
    if vein > 0.02:  # a vein standing out on the forehead
        vx, vy = -0.52 * rx, base - 0.1 * ry
        colour = _mix(skin_now, (110, 30, 60), 0.3 + 0.25 * vein)
        k = (0.6 + 0.4 * vein) * 0.16 * ry
        t = np.linspace(0.0, 1.0, 9)
        trunk = np.stack([vx + 0.12 * k * np.sin(t * 7), vy + k * (0.5 - t)], 1)
        pen.stroke(colour, trunk, np.linspace(0.18, 0.08, 9) * k * vein)
        pen.stroke(
            colour, [trunk[5], (vx + 0.35 * k, vy - 0.35 * k)], np.array([0.1, 0.04]) * k * vein
        )
    return pen.done(crop=False)
