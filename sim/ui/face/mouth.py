"""The mouth for one anger expression and mouth opening (speaking)."""

from __future__ import annotations

import numpy as np
import pygame

from sim.ui.face.expression import Expression
from sim.ui.face.look import (
    Look,
    _mix,
)
from sim.ui.face.pen import (
    _bezier,
    _feature_pen,
    _Layers,
)

_S17 = -np.cos(np.linspace(0.0, np.pi, 17))


def _mouth_sprite(layers: _Layers, look: Look, face: Expression, talk: float):
    g = layers.geom
    rx, ry = g.rx, g.ry
    pen = _feature_pen(0.6 * rx, 0.3 * ry, 0.95 * ry, look.skin, 2)
    a = face.tension
    calm = face.cheer
    fury = face.bared
    curve = face.curve  # corners up (+) or down (-)
    width = (0.28 + 0.07 * calm - 0.06 * face.press + 0.09 * fury) * rx
    width += (0.03 + 0.06 * a) * rx * talk
    opening = face.grin + 0.18 * fury + talk * (0.55 + 0.45 * a)
    up = (0.03 + 0.05 * fury) * ry * opening
    down = (0.16 + 0.06 * a) * ry * opening
    y0 = 0.58 * ry
    s = _S17
    s2 = 1 - s**2
    xs = s * width
    bend = -curve * ry * s**2
    upper = y0 + bend - up * s2
    lower = y0 + bend + down * s2**0.8
    lip = (0.022 - 0.008 * face.press * (1 - talk)) * ry  # pressed lips look thinner
    ox = s * (width + lip)
    pen.poly(
        layers.lip_line,
        np.concatenate([np.stack([ox, upper - lip], 1), np.stack([ox, lower + lip], 1)[::-1]]),
    )
    # a soft shadow under the lower lip
    pen.stroke(
        _mix(look.skin, layers.lip_line, 0.3),
        _bezier(
            (-0.35 * width, lower[8] + 0.07 * ry),
            (0, lower[8] + 0.095 * ry),
            (0.35 * width, lower[8] + 0.07 * ry),
            7,
        ),
        0.02 * ry,
    )
    gap = lower - upper
    if float(gap.max()) > 1.0:
        pen.poly(
            (74, 22, 30), np.concatenate([np.stack([xs, upper], 1), np.stack([xs, lower], 1)[::-1]])
        )
        if talk > 0.3:
            m = slice(4, 13)
            tongue_top = np.maximum(lower - 0.45 * gap, upper)[m]
            pen.poly(
                (196, 92, 100),
                np.concatenate(
                    [np.stack([xs[m], tongue_top], 1), np.stack([xs[m], lower[m]], 1)[::-1]]
                ),
            )
        teeth = (246, 244, 236)
        tooth = np.minimum(gap, (0.06 + 0.03 * fury) * ry)
        if fury > 0.3 and talk < 0.3:  # clenched, bared teeth
            tooth = gap * 0.5
        m = slice(2, 15)
        pen.poly(
            teeth,
            np.concatenate(
                [np.stack([xs[m], upper[m]], 1), np.stack([xs[m], (upper + tooth)[m]], 1)[::-1]]
            ),
        )
        if fury > 0.3:
            pen.poly(
                teeth,
                np.concatenate(
                    [np.stack([xs[m], (lower - tooth)[m]], 1), np.stack([xs[m], lower[m]], 1)[::-1]]
                ),
            )
            gaps = pen.pts(
                np.stack([xs[4:13:2], upper[4:13:2], xs[4:13:2], lower[4:13:2]], 1).reshape(-1, 2)
            )
            width = max(1, round(0.012 * rx * pen.SS))
            for top, bottom in zip(gaps[::2], gaps[1::2], strict=True):
                pygame.draw.line(pen.surface, (196, 192, 186), top, bottom, width)
    if calm > 0.4:  # dimples at the corners of a smile
        for side, sgn in ((0, -1), (-1, 1)):
            cx, cy = xs[side], upper[side]
            pen.stroke(
                layers.lip_line,
                [(cx + sgn * 0.02 * rx, cy - 0.05 * ry), (cx + sgn * 0.06 * rx, cy + 0.01 * ry)],
                np.array([0.012, 0.025]) * rx * calm,
            )
    return pen.done(crop=False)
