"""Sound cues: synthesised, short, quiet, and never a reason to crash."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import subprocess
import sys

import numpy as np
import pytest

from sim.ui.sound import NAMES, Sounds, _encode


@pytest.mark.parametrize("rate", [22050, 44100, 48000])
@pytest.mark.parametrize("name", NAMES)
def test_cues_are_short_quiet_and_faded(name, rate):
    wave = Sounds.synth(name, rate)
    assert wave.dtype == np.float32 and wave.ndim == 1
    assert np.all(np.isfinite(wave))
    assert 0.1 * rate < len(wave) < 0.6 * rate
    peak = float(np.max(np.abs(wave)))
    assert 0.05 < peak < 0.5
    assert np.max(np.abs(wave[:8])) < 0.01 and np.max(np.abs(wave[-8:])) < 0.01


def test_cues_sound_different():
    waves = [Sounds.synth(name, 22050) for name in NAMES]
    for i in range(len(waves)):
        for j in range(i + 1, len(waves)):
            n = min(len(waves[i]), len(waves[j]))
            assert not np.allclose(waves[i][:n], waves[j][:n], atol=0.02)


def test_unknown_cue_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown sound"):
        Sounds.synth("fanfare", 22050)
    with pytest.raises(ValueError, match="unknown sound"):
        Sounds(enabled=False).play("fanfare")


@pytest.mark.parametrize(("fmt", "width"), [(-16, 2), (16, 2), (-8, 1), (8, 1), (-32, 4), (32, 4)])
@pytest.mark.parametrize("channels", [1, 2])
def test_encoding_matches_the_mixer_format(fmt, width, channels):
    wave = Sounds.synth("line", 22050)
    data = _encode(wave, fmt, channels)
    assert len(data) == len(wave) * width * channels
    if fmt == -16:
        samples = np.frombuffer(data, np.int16).reshape(-1, channels)
        assert np.array_equal(samples[:, 0], samples[:, -1])
        assert np.abs(samples).max() < 0.5 * 32767


def test_dummy_audio_plays_or_reports_unavailable():
    sounds = Sounds()
    assert isinstance(sounds.available, bool)
    for name in NAMES:
        sounds.play(name)
    sounds.set_enabled(False)
    assert not sounds.enabled
    sounds.play("line")  # off: silent
    sounds.set_enabled(True)
    sounds.play("ending_good")


def _run(code: str, driver: str) -> str:
    env = {**os.environ, "SDL_AUDIODRIVER": driver, "SDL_VIDEODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_no_audio_device_is_silent_not_fatal():
    code = (
        "from sim.ui.sound import Sounds, NAMES\n"
        "s = Sounds()\n"
        "[s.play(n) for n in NAMES]\n"
        "s.set_enabled(False); s.set_enabled(True); s.play('line')\n"
        "print(s.available)\n"
    )
    assert _run(code, "no-such-audio-driver") == "False"


def test_sound_off_does_not_open_the_audio_device():
    code = (
        "import pygame\n"
        "from sim.ui.sound import Sounds\n"
        "s = Sounds(enabled=False)\n"
        "s.play('spike')\n"
        "print(pygame.mixer.get_init(), s.available)\n"
    )
    assert _run(code, "dummy") == "None False"
