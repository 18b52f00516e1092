"""Who the customer is: a ``Look`` (skin, hair, clothes, glasses, age) from a seed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

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
