"""The customer on screen: a procedurally drawn cartoon person whose face follows anger.

``Look`` describes one person (skin, hair, clothes, glasses, age) and is derived from a
seed, so a scenario always shows the same customer. ``Face`` animates that person:
brows, eyes, mouth, skin flush and posture show the expression of the anger band the
meter names (``expression``), following the displayed anger, which eases toward the
real value so every change is continuous; it blinks on its own clock and moves its
mouth while speaking. ``PortraitFace`` has the same ``update``/``draw`` API for a
scenario that supplies its own picture.

The parts: ``look`` (who), ``pen`` (drawing tools and layers), ``head`` (what does not
move: backdrop, hair, head, torso, glasses), ``expression`` (what each band shows),
``eyes`` (eyes and brows), ``mouth``, and ``animated`` (the faces themselves).

Speed: everything that does not change from frame to frame is drawn once per size at 2x
and smooth-scaled down; a frame blits those layers and draws only the eyes, brows and
mouth as anti-aliased polygons, cached per anger point.
"""

from sim.ui.face.animated import Face, PortraitFace
from sim.ui.face.expression import Expression, expression
from sim.ui.face.look import CLOTHING_STYLES, FACIAL_HAIR, HAIR_STYLES, SKIN_TONES, Look

__all__ = [
    "CLOTHING_STYLES",
    "FACIAL_HAIR",
    "HAIR_STYLES",
    "SKIN_TONES",
    "Expression",
    "Face",
    "Look",
    "PortraitFace",
    "expression",
]
