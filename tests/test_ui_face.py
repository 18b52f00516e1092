"""The drawn customer and the gauges, headless: compare pixels, not pictures."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import itertools
import subprocess
import sys

import numpy as np
import pygame
import pytest

from sim.ui.face import HAIR_STYLES, Face, Look, PortraitFace, expression
from sim.ui.meter import anger_band, draw_anger_meter, draw_band_icon, draw_gauge

SIZE = (320, 400)
# rough regions of a face drawn into SIZE: the whole head, the eyes, the mouth
HEAD = (slice(100, 220), slice(110, 260))
EYES = (slice(110, 210), slice(150, 190))
MOUTH = (slice(120, 200), slice(205, 250))


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


def frame(face, size=SIZE) -> np.ndarray:
    surface = pygame.Surface(size)
    surface.fill((20, 24, 32))
    face.draw(surface, surface.get_rect())
    return pygame.surfarray.array3d(surface).astype(int)


def face_at(look, anger, speaking=False) -> Face:
    face = Face(look)
    face.update(0.016, anger, speaking)
    return face


def redness(pixels) -> float:
    region = pixels[HEAD]
    return float(np.mean(region[..., 0] - (region[..., 1] + region[..., 2]) / 2))


# --- Look ---------------------------------------------------------------------------------


def test_same_seed_same_look_and_different_seeds_vary():
    assert Look.from_seed("late-sofa") == Look.from_seed("late-sofa")
    assert Look.from_seed(7) == Look.from_seed(7)
    looks = [Look.from_seed(i) for i in range(60)]
    assert len({look.skin for look in looks}) >= 20
    assert len({look.hair_style for look in looks}) >= len(HAIR_STYLES) - 2
    assert len({look.clothing_style for look in looks}) >= 4
    assert any(look.glasses for look in looks) and not all(look.glasses for look in looks)
    brightness = [sum(look.skin) / 3 for look in looks]
    assert min(brightness) < 80 and max(brightness) > 200  # very dark to very light skin


def test_string_seeds_do_not_depend_on_python_hash_randomisation():
    code = "from sim.ui.face import Look; print(Look.from_seed('sea-view'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        for seed in ("1", "2")
    }
    assert outputs == {repr(Look.from_seed("sea-view"))}


# --- the face -----------------------------------------------------------------------------


def test_calm_and_furious_faces_differ_and_furious_is_redder():
    look = Look.from_seed("phantom-wine")
    calm, furious = frame(face_at(look, 10)), frame(face_at(look, 90))
    changed = np.any(np.abs(calm - furious) > 24, axis=2)
    assert changed.mean() > 0.04  # brows, eyes, mouth, flush and posture all moved
    assert changed[HEAD].mean() > 0.25
    assert redness(furious) > redness(calm) + 8


@pytest.mark.parametrize("seed", ["late-sofa", "sea-view", 3, 11])
def test_anger_reads_on_every_look(seed):
    look = Look.from_seed(seed)
    pixels = [frame(face_at(look, a)) for a in (0, 30, 60, 90)]
    for a, b in itertools.pairwise(pixels):
        assert np.any(np.abs(a - b) > 24, axis=2)[HEAD].mean() > 0.02
    assert redness(pixels[3]) > redness(pixels[0])


def test_same_seed_same_pixels_different_seeds_different_pixels():
    a1 = frame(face_at(Look.from_seed("sea-view"), 40))
    a2 = frame(face_at(Look.from_seed("sea-view"), 40))
    b = frame(face_at(Look.from_seed("late-sofa"), 40))
    assert np.array_equal(a1, a2)
    assert np.any(np.abs(a1 - b) > 24, axis=2).mean() > 0.1


def test_displayed_anger_moves_continuously():
    face = face_at(Look.from_seed(5), 10)
    seen = []
    for _ in range(120):
        face.update(1 / 60, 90, False)
        seen.append(face.shown_anger)
    steps = np.diff([10.0, *seen])
    assert np.all(steps >= 0) and steps.max() < 15  # no jump, always toward the target
    assert 10 < seen[0] < 30 and seen[-1] == pytest.approx(90, abs=0.5)


def test_blinks_while_idle_and_deterministically():
    look = Look.from_seed("late-sofa")
    faces = [face_at(look, 30), face_at(look, 30)]
    first = frame(faces[0])[EYES]
    eyes_changed, blinks = False, [[], []]
    for step in range(8 * 60):
        for face, record in zip(faces, blinks, strict=True):
            face.update(1 / 60, 30, False)
            record.append(face.blink)
        if step % 2 == 0 and not eyes_changed:
            eyes_changed = not np.array_equal(frame(faces[0])[EYES], first)
    assert eyes_changed
    assert max(blinks[0]) > 0.9
    assert blinks[0] == blinks[1]
    assert sum(1 for a, b in zip(blinks[0], blinks[0][1:], strict=False) if a == 0 and b > 0) >= 2


def test_mouth_moves_while_speaking_and_not_while_silent():
    look = Look.from_seed("phantom-wine")
    face = face_at(look, 50, speaking=True)
    mouths = []
    for step in range(90):
        face.update(1 / 60, 50, True)
        if step % 3 == 0:
            mouths.append(frame(face)[MOUTH].tobytes())
    assert len(set(mouths)) >= 4
    assert face.mouth_open >= 0.0
    for _ in range(30):  # stop talking: the mouth closes
        face.update(1 / 60, 50, False)
    assert face.mouth_open == 0.0
    still = None
    for step in range(240):
        face.update(1 / 60, 50, False)
        if step % 4 == 0 and face.blink == 0.0:
            pixels = frame(face)
            if still is None:
                still = pixels
            assert np.array_equal(pixels, still)  # only blinks move a silent face


def test_draws_only_inside_its_rect_and_survives_tiny_rects():
    surface = pygame.Surface((500, 500))
    surface.fill((1, 2, 3))
    face = face_at(Look.from_seed(9), 70)
    face.draw(surface, pygame.Rect(100, 50, 260, 330))
    face.draw(surface, pygame.Rect(0, 0, 10, 10))  # too small to draw: nothing, no error
    pixels = pygame.surfarray.array3d(surface)
    outside = np.ones(pixels.shape[:2], bool)
    outside[100:360, 50:380] = False
    assert np.all(pixels[outside] == (1, 2, 3))
    assert np.any(pixels[100:360, 50:380] != (1, 2, 3))


@pytest.mark.parametrize("size", [(240, 288), (318, 381), (400, 300), (200, 480)])
def test_whole_person_fits_the_rect(size):
    """Nothing clipped: hair and head stay inside, with a margin at the top."""
    for seed in range(12):
        face = face_at(Look.from_seed(seed), 0)
        face.backdrop = False
        pixels = frame(face, size)
        drawn_rows = np.where(np.any(np.any(pixels != (20, 24, 32), axis=2), axis=0))[0]
        assert drawn_rows.min() >= 1, (seed, size)


def test_portrait_face_has_the_same_api():
    image = pygame.Surface((60, 80))
    image.fill((0, 200, 0))
    face = Face.portrait(image)
    assert isinstance(face, PortraitFace)
    face.update(0.016, 10, True)
    calm = frame(face)
    assert np.any(np.all(calm == (0, 200, 0), axis=2))  # the picture is shown, scaled
    face.update(5.0, 95, False)
    angry = frame(face)
    assert np.any(np.abs(calm - angry) > 24)  # the border and wash follow anger


# --- the gauges -----------------------------------------------------------------------------

FILL = (200, 0, 0)
PALETTE = {
    "background": (0, 0, 0),
    "panel": (30, 30, 30),
    "border": (60, 60, 60),
    "text": (255, 255, 255),
    "muted": (128, 128, 128),
    "calm": FILL,
    "upset": FILL,
    "angry": FILL,
    "furious": FILL,
}


@pytest.fixture(scope="module")
def font():
    pygame.font.init()
    return pygame.font.Font(None, 22)


METER_RECT = pygame.Rect(0, 0, 300, 64)


def meter(anger, font, rect=METER_RECT, colours=PALETTE) -> np.ndarray:
    surface = pygame.Surface(rect.size)
    surface.fill((9, 9, 9))
    draw_anger_meter(surface, rect, anger, font, colours)
    return pygame.surfarray.array3d(surface)


def fill_columns(pixels, colour=FILL) -> int:
    lower = pixels[:, pixels.shape[1] // 2 :]
    return int(np.any(np.all(lower == colour, axis=2), axis=1).sum())


def test_meter_fill_grows_with_anger(font):
    widths = [fill_columns(meter(a, font)) for a in (0, 10, 30, 50, 70, 90, 100)]
    assert widths[0] == 0
    assert all(b > a for a, b in itertools.pairwise(widths))
    assert widths[-1] > 250


def test_meter_shows_the_number_and_the_band_word(font):
    a, b = meter(42, font), meter(47, font)
    header = slice(0, 26)
    right = a[200:, header], b[200:, header]
    assert np.any(np.all(right[0] == (255, 255, 255), axis=2))  # text was drawn
    assert not np.array_equal(*right)  # ... and it is the number
    assert np.array_equal(a[:150, header], b[:150, header])  # same band, same word and icon
    calm, furious = meter(10, font), meter(90, font)
    assert not np.array_equal(calm[:150, header], furious[:150, header])
    assert [anger_band(x) for x in (0, 24.9, 25, 49, 50, 74, 75, 100)] == [
        "calm",
        "calm",
        "upset",
        "upset",
        "angry",
        "angry",
        "furious",
        "furious",
    ]


def test_band_shapes_differ_without_colour():
    masks = []
    for band in ("calm", "upset", "angry", "furious"):
        surface = pygame.Surface((40, 40))
        draw_band_icon(surface, (20, 20), 16, band, (255, 255, 255), (255, 255, 255))
        masks.append(pygame.surfarray.array3d(surface)[..., 0] > 127)
    for i in range(4):
        for j in range(i + 1, 4):
            assert np.sum(masks[i] != masks[j]) > 20
    assert [m.sum() for m in masks] == sorted((m.sum() for m in masks), reverse=True)  # spikier


def test_meter_takes_theme_colours_or_none(font):
    theme = {k: pygame.Color(v) for k, v in PALETTE.items()}
    assert np.array_equal(meter(60, font, colours=theme), meter(60, font))
    default = meter(60, font, colours=None)
    assert fill_columns(default) == 0 and np.any(default != 9)


def test_gauge_fill_and_number(font):
    def gauge(value):
        surface = pygame.Surface((260, 24))
        surface.fill((9, 9, 9))
        draw_gauge(surface, surface.get_rect(), "Trust", value, font, (0, 0, 210), PALETTE)
        return pygame.surfarray.array3d(surface)

    widths = [
        int(np.any(np.all(gauge(v) == (0, 0, 210), axis=2), axis=1).sum()) for v in (0, 25, 60, 100)
    ]
    assert widths[0] == 0 and widths == sorted(widths) and len(set(widths)) == 4
    assert not np.array_equal(gauge(33)[220:], gauge(38)[220:])  # the number


# --- the face agrees with the meter ------------------------------------------------------

# values across each band, edges included (the blend sits just below an edge)
BAND_VALUES = {
    "calm": (0, 8, 16, 23),
    "upset": (25, 31, 37, 43, 48),
    "angry": (50, 56, 62, 68, 73),
    "furious": (75, 81, 87, 93, 100),
}


@pytest.mark.parametrize("band", list(BAND_VALUES))
def test_each_band_has_its_own_expression(band):
    """Calm smiles; upset is a flat mouth and worried brows (never a smile); angry turns the
    corners down and draws the brows into a V; furious bares its teeth."""
    for value in BAND_VALUES[band]:
        assert anger_band(value) == band
        face = expression(value)
        if band == "calm":
            assert face.curve > 0.04 and face.brow_tilt <= 0 and face.bared == 0, value
        elif band == "upset":
            assert -0.05 < face.curve < 0 and face.brow_tilt < -0.02, value
            assert face.bared == 0 and face.cheer == 0, value
        elif band == "angry":
            assert face.curve <= -0.055 and face.brow_tilt >= 0.08 and face.bared == 0, value
        else:
            assert face.bared >= 0.7 and face.brow_tilt >= 0.13, value
    # and the bands are ordered: corners lower, brows harder, flush deeper
    assert expression(12).curve > expression(37).curve > expression(62).curve
    assert expression(37).brow_tilt < expression(62).brow_tilt < expression(87).brow_tilt
    assert expression(12).flush < expression(37).flush < expression(62).flush


def test_expression_moves_continuously_between_bands():
    values = np.arange(0, 100.01, 0.25)
    curves = np.array([expression(v).curve for v in values])
    tilts = np.array([expression(v).brow_tilt for v in values])
    assert np.abs(np.diff(curves)).max() < 0.02 and np.abs(np.diff(tilts)).max() < 0.05


@pytest.mark.parametrize("seed", ["surprise-charge", "late-sofa", 4])
def test_rendered_face_reads_as_the_meters_band(seed):
    """Drawn at any value, the brows and mouth look most like the middle of their own band."""
    look = Look.from_seed(seed)
    features = (slice(100, 220), slice(120, 250))  # brows, eyes and mouth

    def pixels(value):
        face = face_at(look, value)
        face.backdrop = False
        return frame(face)[features]

    middles = {band: pixels(values[len(values) // 2]) for band, values in BAND_VALUES.items()}
    for band, values in BAND_VALUES.items():
        for value in values:
            seen = pixels(value)
            nearest = min(middles, key=lambda b: np.abs(seen - middles[b]).sum())
            assert nearest == band, (seed, value, nearest)
