"""What the face shows at an anger value: one readable expression per anger band.

The meter names four bands (calm < 25, upset 25-49, angry 50-74, furious 75+, from the
core's ``anger_word``). Each band has its own expression, set here as two keyframes (the
start and the end of the band), so "Upset 25" never smiles and "Angry 54" is never neutral:

- calm: a smile, raised cheeks and relaxed, lifted brows;
- upset: a flat, pressed mouth turned a little down and worried brows (inner ends up);
- angry: corners down, brows drawn into a V, narrowed eyes, a furrow, a flush;
- furious: teeth bared, a hard V and glare, a vein, a deep flush, head forward.

Between two bands the face blends over the last ``BLEND`` points below the edge, so it
is fully in the new band exactly where the meter's word changes, and still moves
continuously as the shown anger eases.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sim.model.explain import anger_word

BLEND = 2.0  # anger points below a band edge over which the face changes band


@dataclass(frozen=True)
class Expression:
    """Feature parameters, each about 0..1 unless noted; the drawing code reads only these."""

    curve: float = 0.0  # mouth corners, in head heights: up (+, smile) or down (-, frown)
    grin: float = 0.0  # a small open smile
    cheer: float = 0.0  # smiling cheeks (lower lids up), lifted brows, dimples
    press: float = 0.0  # lips pressed thin and narrow
    worry: float = 0.0  # inner ends of the brows raised
    glare: float = 0.0  # brows drawn into a V, lids lowered, eyes narrowed
    furrow: float = 0.0  # frown lines between the brows
    bared: float = 0.0  # mouth open, teeth clenched and shown
    vein: float = 0.0  # a vein standing out on the forehead
    flush: float = 0.0  # the red in the skin
    lean: float = 0.0  # head forward, shoulders up
    tension: float = 0.0  # how hard the mouth works while speaking (the anger, 0..1)

    @property
    def brow_tilt(self) -> float:
        """Inner brow ends down (+, an angry V) or up (-, worried), in head heights."""
        return 0.15 * self.glare - 0.07 * self.worry

    def blend(self, other: Expression, t: float) -> Expression:
        return Expression(
            **{
                f.name: getattr(self, f.name) + (getattr(other, f.name) - getattr(self, f.name)) * t
                for f in fields(self)
            }
        )


# (anger at the band's start, expression there), (anger at its end, expression there)
BAND_KEYS: dict[str, tuple[tuple[float, Expression], tuple[float, Expression]]] = {
    "calm": (
        (0.0, Expression(curve=0.09, grin=0.22, cheer=1.0)),
        (25.0 - BLEND, Expression(curve=0.06, grin=0.0, cheer=0.7)),
    ),
    "upset": (
        (25.0, Expression(curve=-0.02, press=0.7, worry=1.0, glare=0.1, flush=0.15, lean=0.15)),
        (
            50.0 - BLEND,
            Expression(curve=-0.035, press=0.8, worry=0.8, glare=0.2, flush=0.3, lean=0.25),
        ),
    ),
    "angry": (
        (50.0, Expression(curve=-0.06, press=0.3, glare=0.6, furrow=0.55, flush=0.45, lean=0.45)),
        (
            75.0 - BLEND,
            Expression(
                curve=-0.075, press=0.2, glare=0.78, furrow=0.8, vein=0.2, flush=0.6, lean=0.65
            ),
        ),
    ),
    "furious": (
        (
            75.0,
            Expression(
                curve=-0.085, glare=0.9, furrow=1.0, bared=0.75, vein=0.6, flush=0.75, lean=0.8
            ),
        ),
        (
            100.0,
            Expression(
                curve=-0.09, glare=1.0, furrow=1.0, bared=1.0, vein=1.0, flush=0.9, lean=1.0
            ),
        ),
    ),
}
_ORDER = ("calm", "upset", "angry", "furious")


def _smoothstep(t: float) -> float:
    t = 0.0 if t < 0 else 1.0 if t > 1 else t
    return t * t * (3.0 - 2.0 * t)


def expression(anger: float) -> Expression:
    """The face for this anger (0..100): its band's expression, blended near the edges."""
    anger = min(100.0, max(0.0, float(anger)))
    band = anger_word(anger)
    (a0, start), (a1, end) = BAND_KEYS[band]
    if anger <= a1:
        face = start.blend(end, (anger - a0) / (a1 - a0) if a1 > a0 else 0.0)
    else:  # in the blend zone just below the next band's edge
        following = BAND_KEYS[_ORDER[_ORDER.index(band) + 1]][0]
        face = end.blend(following[1], _smoothstep((anger - a1) / (following[0] - a1)))
    return Expression(**{**face.__dict__, "tension": anger / 100.0})
