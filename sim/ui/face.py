"""The customer on screen: a procedurally drawn cartoon person whose face follows anger.

``Look`` describes one person (skin, hair, clothes, glasses, age) and is derived from a
seed, so a scenario always shows the same customer. ``Face`` animates that person:
brows, eyes, mouth, skin flush and posture follow the displayed anger, which eases
toward the real value so every change is continuous; it blinks on its own clock and
moves its mouth while speaking. ``PortraitFace`` has the same ``update``/``draw`` API
for a scenario that supplies its own picture.

Speed: everything that does not change from frame to frame (backdrop, body and
clothes, hair, the head with its nose and lines, the flush mask, glasses) is drawn once
per size at 2x and smooth-scaled down; a frame blits those layers and draws only the
eyes, brows and mouth as anti-aliased polygons.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pygame

RGB = tuple[int, int, int]

HAIR_STYLES = (
    "short",
    "side_part",
    "long",
    "bob",
    "bun",
    "ponytail",
    "curly",
    "afro",
    "buzz",
    "bald",
)
FACIAL_HAIR = ("none", "stubble", "moustache", "beard")
CLOTHING_STYLES = ("tshirt", "collar", "jacket", "sweater", "hoodie")

# Skin tones from very light to very dark (sRGB), spread evenly so any seed is as
# likely to be dark-skinned as light-skinned.
SKIN_TONES: tuple[RGB, ...] = (
    (255, 226, 206),
    (246, 208, 180),
    (236, 190, 156),
    (226, 174, 134),
    (212, 156, 114),
    (196, 138, 98),
    (174, 116, 80),
    (150, 96, 64),
    (126, 80, 52),
    (104, 65, 44),
    (84, 53, 37),
    (66, 43, 31),
)
_HAIR_COLOURS: dict[str, RGB] = {
    "black": (28, 24, 24),
    "dark_brown": (58, 40, 30),
    "brown": (98, 66, 42),
    "light_brown": (142, 102, 66),
    "blonde": (214, 178, 112),
    "auburn": (128, 58, 34),
    "ginger": (186, 94, 46),
    "grey": (146, 146, 148),
    "white": (214, 212, 206),
}
_EYE_COLOURS: dict[str, RGB] = {
    "dark_brown": (58, 36, 24),
    "brown": (102, 64, 36),
    "hazel": (128, 100, 52),
    "green": (76, 124, 80),
    "blue": (70, 120, 176),
    "grey": (112, 128, 140),
}
_CLOTHING_COLOURS: tuple[RGB, ...] = (
    (44, 62, 104),  # navy
    (36, 112, 112),  # teal
    (124, 40, 56),  # burgundy
    (196, 148, 52),  # mustard
    (52, 96, 64),  # forest
    (84, 92, 110),  # slate
    (214, 110, 92),  # coral
    (140, 120, 178),  # lavender
    (58, 58, 64),  # charcoal
    (110, 112, 60),  # olive
    (70, 136, 196),  # sky
    (168, 72, 120),  # plum
)
_SHIRT_COLOURS: tuple[RGB, ...] = (
    (244, 244, 240),
    (206, 224, 244),
    (240, 218, 222),
    (222, 224, 226),
    (236, 232, 210),
)
_BACKDROPS: tuple[RGB, ...] = (
    (88, 104, 130),
    (98, 118, 108),
    (116, 100, 116),
    (90, 114, 126),
    (120, 110, 94),
    (104, 106, 132),
)
_FRAMES: tuple[RGB, ...] = ((30, 30, 34), (92, 56, 34), (150, 150, 156), (120, 36, 40))


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def _smooth(e0: float, e1: float, x: float) -> float:
    t = _clamp((x - e0) / (e1 - e0))
    return t * t * (3.0 - 2.0 * t)


def _mix(a, b, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _seed_int(seed: int | str) -> int:
    if isinstance(seed, str):
        return int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "little")
    return int(seed) % (1 << 64)


def _pick(rng: np.random.Generator, options: dict, weights) -> str:
    keys = list(options)
    w = np.asarray(weights, dtype=float)
    return keys[int(rng.choice(len(keys), p=w / w.sum()))]


@dataclass(frozen=True)
class Look:
    """One person's appearance. Colours are RGB tuples; sizes are relative (about 1.0)."""

    skin: RGB = SKIN_TONES[4]
    hair: RGB = _HAIR_COLOURS["dark_brown"]
    hair_style: str = "short"
    facial_hair: str = "none"
    clothing: RGB = _CLOTHING_COLOURS[0]
    clothing_style: str = "collar"
    shirt: RGB = _SHIRT_COLOURS[0]
    eyes: RGB = _EYE_COLOURS["brown"]
    glasses: bool = False
    frame: RGB = _FRAMES[0]
    age: float = 0.3  # 0 young adult .. 1 elderly: lines, grey hair
    face_width: float = 1.0
    face_length: float = 1.0
    brow_weight: float = 1.0
    backdrop: RGB = _BACKDROPS[0]

    @classmethod
    def from_seed(cls, seed: int | str) -> Look:
        """A deterministic, varied person for this seed (a scenario id, say)."""
        rng = np.random.default_rng(_seed_int(seed))
        tone = int(rng.integers(len(SKIN_TONES)))
        darkness = tone / (len(SKIN_TONES) - 1)
        jitter = float(rng.uniform(0.96, 1.04))
        skin = tuple(min(255, round(c * jitter)) for c in SKIN_TONES[tone])
        age = float(rng.beta(1.6, 2.2))
        style = HAIR_STYLES[int(rng.integers(len(HAIR_STYLES)))]
        if style == "bald" and age < 0.35 and rng.random() < 0.5:
            style = "buzz"
        light = (1.0 - darkness) ** 2
        hair_name = _pick(
            rng,
            _HAIR_COLOURS,
            [
                0.15 + 0.9 * darkness,  # black
                0.35,  # dark brown
                0.30 * (1 - darkness),  # brown
                0.18 * light,  # light brown
                0.22 * light,  # blonde
                0.08 * light,  # auburn
                0.06 * light,  # ginger
                0.0,
                0.0,
            ],
        )
        if rng.random() < _smooth(0.45, 0.9, age):
            hair_name = "white" if rng.random() < 0.4 else "grey"
        long_hair = style in ("long", "bob", "bun", "ponytail")
        facial_weights = [0.9, 0.04, 0.03, 0.03] if long_hair else [0.56, 0.14, 0.12, 0.18]
        facial = FACIAL_HAIR[int(rng.choice(4, p=np.array(facial_weights) / sum(facial_weights)))]
        eye_name = _pick(
            rng,
            _EYE_COLOURS,
            [0.3 + darkness, 0.3 + 0.3 * darkness, 0.15, 0.12 * light, 0.2 * light, 0.08 * light],
        )
        return cls(
            skin=skin,
            hair=_HAIR_COLOURS[hair_name],
            hair_style=style,
            facial_hair=facial,
            clothing=_CLOTHING_COLOURS[int(rng.integers(len(_CLOTHING_COLOURS)))],
            clothing_style=CLOTHING_STYLES[int(rng.integers(len(CLOTHING_STYLES)))],
            shirt=_SHIRT_COLOURS[int(rng.integers(len(_SHIRT_COLOURS)))],
            eyes=_EYE_COLOURS[eye_name],
            glasses=bool(rng.random() < 0.25 + 0.35 * age),
            frame=_FRAMES[int(rng.integers(len(_FRAMES)))],
            age=round(age, 3),
            face_width=round(float(rng.uniform(0.93, 1.07)), 3),
            face_length=round(float(rng.uniform(0.95, 1.05)), 3),
            brow_weight=round(float(rng.uniform(0.8, 1.25)), 3),
            backdrop=_BACKDROPS[int(rng.integers(len(_BACKDROPS)))],
        )

    def blink_seed(self) -> int:
        return int.from_bytes(hashlib.sha256(repr(self).encode("utf-8")).digest()[:8], "little")


# --- geometry ---------------------------------------------------------------------------


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


@lru_cache(maxsize=16)
def _layers(look: Look, w: int, h: int) -> _Layers:
    g = _geom(look, w, h)
    u = g.u
    # the head layers share one box around the head centre
    left, top, bottom = math.ceil(0.62 * u), math.ceil(0.62 * u), math.ceil(0.62 * u)
    box = (2 * left, top + bottom)

    skin_pen = _Pen(box, (left, top), look.skin)
    _draw_head(skin_pen, look, g)
    skin = pygame.transform.smoothscale(skin_pen.surface, box)
    _shade_cheeks(skin, look, g, left, top)

    detail = _Pen(box, (left, top), look.skin)
    _draw_details(detail, look, g)
    hair_pen = _Pen(box, (left, top), look.hair)
    back_pen = _Pen(box, (left, top), look.hair)
    front_pen = _Pen(box, (left, top), look.hair)
    _draw_facial_hair(hair_pen, front_pen, look, g)
    _draw_hair(hair_pen, back_pen, look, g)
    if look.glasses:
        _draw_glasses(front_pen, look, g, *_eye_pos(g))
    hair = pygame.transform.smoothscale(hair_pen.surface, box)

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

    detail_layer = pygame.transform.smoothscale(detail.surface, box)
    skin.blit(detail_layer, (0, 0))
    skin.blit(hair, (0, 0))

    def crop(surface: pygame.Surface) -> _Layer:
        r = surface.get_bounding_rect()
        if r.w == 0:
            return _Layer(pygame.Surface((1, 1), pygame.SRCALPHA), 0, 0)
        return _Layer(surface.subsurface(r).copy(), r.x - left, r.y - top)

    back_s, bdx, bdy = back_pen.done()
    front_s, fdx, fdy = front_pen.done()

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


def _feature_pen(x_half: float, y0: float, y1: float, fill: RGB, ss: int) -> _Pen:
    left = math.ceil(x_half)
    top = math.ceil(-y0)
    return _Pen((2 * left, top + math.ceil(y1)), (left, top), fill, ss=ss)


def _clipped_disc(pen: _Pen, colour, dx, dy, r, cx, ew, top, bot, xs) -> None:
    """A disc clipped to the visible part of the eye, as one polygon."""
    px = np.clip(dx + r * _COS22, cx - ew, cx + ew)
    py = np.clip(dy + r * _SIN22, np.interp(px, xs, top), np.interp(px, xs, bot))
    if float(py.max() - py.min()) > 0.3:
        pen.poly(colour, np.stack([px, py], 1))


_T22 = np.linspace(0.0, 2 * np.pi, 22, endpoint=False)
_COS22, _SIN22 = np.cos(_T22), np.sin(_T22)
_Q15 = -np.cos(np.linspace(0.0, np.pi, 15))
_S17 = -np.cos(np.linspace(0.0, np.pi, 17))


def _mirror_right_half(pen: _Pen) -> None:
    """Copy the right half of a layer, flipped, onto its left half (about local x = 0)."""
    mid = round(pen.ox * pen.SS)
    width, height = pen.surface.get_size()
    right = pen.surface.subsurface((mid, 0, width - mid, height))
    pen.surface.blit(pygame.transform.flip(right, True, False), (mid - (width - mid), 0))


def _eyes_sprite(layers: _Layers, look: Look, a: float, blink: float):
    g = layers.geom
    rx = g.rx
    ex, ey = _eye_pos(g)
    ew, eh = 0.17 * rx, 0.115 * rx
    pen = _feature_pen(ex + ew + 0.08 * rx, ey - 0.25 * rx, ey + 0.25 * rx, look.skin, 3)
    glare = _smooth(0.35, 0.95, a)
    calm = 1.0 - _smooth(0.0, 0.35, a)
    lid = max(blink, 0.08 + 0.3 * glare)  # how far the upper lid is down
    slant = 0.55 * glare  # the inner corner lower when angry
    lower_raise = 0.35 * calm + 0.22 * glare  # smiling cheeks, or a tense glare
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
        skin_now = _mix(look.skin, layers.skin_flushed, _smooth(0.25, 0.95, a) * 0.9)
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


def _brows_sprite(layers: _Layers, look: Look, a: float):
    g = layers.geom
    rx, ry = g.rx, g.ry
    _, ey = _eye_pos(g)
    pen = _feature_pen(0.75 * rx, ey - 0.66 * ry, ey + 0.02 * ry, look.skin, 2)
    glare = _smooth(0.35, 0.95, a)
    calm = 1.0 - _smooth(0.0, 0.35, a)
    raise_ = (0.07 * calm - 0.04 * _smooth(0.3, 0.8, a)) * ry
    inner_drop = 0.15 * glare * ry
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
    skin_now = _mix(look.skin, layers.skin_flushed, _smooth(0.25, 0.95, a) * 0.9)
    furrow = _smooth(0.55, 0.95, a)
    if furrow > 0.02:  # frown lines between the brows
        x, y1 = 0.07 * rx, base + inner_drop - 0.05 * ry
        pen.stroke(
            _mix(skin_now, (60, 20, 20), 0.35),
            [(x + 0.01 * rx, y1), (x, y1 + furrow * 0.13 * ry)],
            np.array([0.01, 0.025]) * rx,
        )
    _mirror_right_half(pen)
    vein = _smooth(0.72, 1.0, a)
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


def _mouth_sprite(layers: _Layers, look: Look, a: float, talk: float):
    g = layers.geom
    rx, ry = g.rx, g.ry
    pen = _feature_pen(0.6 * rx, 0.3 * ry, 0.95 * ry, look.skin, 2)
    calm = 1.0 - _smooth(0.0, 0.35, a)
    fury = _smooth(0.75, 1.0, a)
    grin = _smooth(0.15, 0.0, a)  # a little open smile when very calm
    curve = 0.09 * calm - 0.08 * _smooth(0.3, 0.9, a)  # corners up (+) or down (-)
    width = (0.28 + 0.07 * calm - 0.05 * _smooth(0.4, 0.8, a) + 0.09 * fury) * rx
    width += (0.03 + 0.06 * a) * rx * talk
    opening = 0.22 * grin + 0.18 * fury + talk * (0.55 + 0.45 * a)
    up = (0.03 + 0.05 * fury) * ry * opening
    down = (0.16 + 0.06 * a) * ry * opening
    y0 = 0.58 * ry
    s = _S17
    s2 = 1 - s**2
    xs = s * width
    bend = -curve * ry * s**2
    upper = y0 + bend - up * s2
    lower = y0 + bend + down * s2**0.8
    lip = 0.022 * ry
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
        a = shown / 100.0
        previous_clip = surface.get_clip()
        surface.set_clip(rect.clip(previous_clip))
        x0, y0 = rect.topleft
        if self.backdrop:
            surface.blit(layers.backdrop.surface, (x0, y0))
        # posture: leaning back when calm; head forward and shoulders up when angry
        u = g.u
        head_dy = (-0.015 + 0.05 * _smooth(0.15, 1.0, a)) * u
        shoulder_dy = (0.006 - 0.04 * _smooth(0.3, 1.0, a)) * u
        hx = x0 + round(g.cx)
        hy = y0 + round(g.hcy + head_dy)
        for layer, ay in (
            (layers.back_hair, hy),
            (layers.torso, y0 + round(g.shoulder_y + shoulder_dy)),
            (layers.head, hy),
        ):
            surface.blit(layer.surface, (hx + layer.dx, ay + layer.dy))
        flush = _smooth(0.25, 0.95, a) * 0.62
        if flush > 0.004:
            layers.flush.surface.set_alpha(round(255 * flush))
            surface.blit(layers.flush.surface, (hx + layers.flush.dx, hy + layers.flush.dy))
        # the features: sprites cached by anger, blink and mouth opening
        # (steps well under a pixel at these sizes; the sprites are drawn at 2-3x)
        eq = 2 * round(shown / 2)
        mq = 3 * round(shown / 3)
        bq = round(self.blink * 6)
        oq = round(self.mouth_open * 10)
        look = self.look
        parts = (
            (("eyes", eq, bq), lambda: _eyes_sprite(layers, look, eq / 100, bq / 6)),
            (("brows", eq), lambda: _brows_sprite(layers, look, eq / 100)),
            (("mouth", mq, oq), lambda: _mouth_sprite(layers, look, mq / 100, oq / 10)),
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
