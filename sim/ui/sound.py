"""Short, quiet sound cues synthesised with NumPy at start: no sound files.

``line``         a soft two-note chime as the customer starts a line
``spike``        a low thud and a rising tone when anger jumps
``ending_good``  a gentle, resolved major chord
``ending_bad``   a flat tone sliding down

Every cue is under 0.6 s, peaks well below full scale and fades in and out. Without an
audio device (or with sound turned off) ``Sounds`` stays silent and never raises.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pygame

NAMES = ("line", "spike", "ending_good", "ending_bad")
PEAK = 0.3  # of full scale


def _envelope(n: int, rate: int, attack: float, release: float) -> np.ndarray:
    """Raised-cosine fade in and out, exactly zero at both ends."""
    env = np.ones(n)
    a = max(2, int(attack * rate))
    r = max(2, int(release * rate))
    env[:a] = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, a))
    env[-r:] *= 0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, r))
    return env


def _bell(freq: float, t: np.ndarray, decay: float) -> np.ndarray:
    """A soft struck tone: a few partials, dying away."""
    tone = (
        np.sin(2 * np.pi * freq * t)
        + 0.25 * np.sin(2 * np.pi * 2 * freq * t)
        + 0.08 * np.sin(2 * np.pi * 3 * freq * t)
    )
    return tone * np.exp(-t / decay)


def _glide(f0: float, f1: float, n: int, rate: int) -> np.ndarray:
    """The phase of a tone sliding from f0 to f1 (Hz) over n samples."""
    freq = np.geomspace(f0, f1, n)
    return 2 * np.pi * np.cumsum(freq) / rate


def _notes(notes, rate: int, length: float, decay: float) -> np.ndarray:
    n = int(length * rate)
    out = np.zeros(n)
    for start, freq, gain in notes:
        i = int(start * rate)
        t = np.arange(n - i) / rate
        out[i:] += gain * _bell(freq, t, decay)
    return out


def synth(name: str, rate: int) -> np.ndarray:
    """One cue as mono float32 samples in [-1, 1] at this sample rate."""
    if name == "line":  # E5 then A5, soft
        wave = _notes([(0.0, 659.25, 1.0), (0.09, 880.0, 0.8)], rate, 0.36, 0.09)
        length, attack, release = 0.36, 0.006, 0.06
    elif name == "spike":  # a low thud under a short rising tone
        length = 0.34
        n = int(length * rate)
        t = np.arange(n) / rate
        thud = np.sin(_glide(120.0, 60.0, n, rate)) * np.exp(-t / 0.06)
        rise = np.sin(_glide(230.0, 420.0, n, rate)) * np.clip(t / 0.05, 0, 1) * np.exp(-t / 0.16)
        rise += 0.2 * np.sin(2 * _glide(230.0, 420.0, n, rate)) * np.exp(-t / 0.12)
        wave = thud + 0.55 * rise
        attack, release = 0.004, 0.06
    elif name == "ending_good":  # C major, rolled, resolving on the octave
        notes = [(0.0, 523.25, 0.8), (0.06, 659.25, 0.7), (0.12, 783.99, 0.65), (0.2, 1046.5, 0.5)]
        wave = _notes(notes, rate, 0.58, 0.22)
        length, attack, release = 0.58, 0.008, 0.12
    elif name == "ending_bad":  # a flat, hollow tone sliding down a fifth
        length = 0.55
        n = int(length * rate)
        t = np.arange(n) / rate
        phase = _glide(392.0, 261.6, n, rate)
        wave = (np.sin(phase) + 0.3 * np.sin(3 * phase) + 0.12 * np.sin(5 * phase)) * np.exp(
            -t / 0.4
        )
        attack, release = 0.015, 0.12
    else:
        raise ValueError(f"unknown sound {name!r}; expected one of {', '.join(NAMES)}")
    wave = wave[: int(length * rate)] * _envelope(int(length * rate), rate, attack, release)
    peak = float(np.max(np.abs(wave))) or 1.0
    return (wave * (PEAK / peak)).astype(np.float32)


def _encode(samples: np.ndarray, fmt: int, channels: int) -> bytes:
    """Samples in [-1, 1] as raw bytes in the mixer's own format and channel count."""
    if fmt == -16:
        data = np.round(samples * 32767).astype(np.int16)
    elif fmt == 16:
        data = np.round((samples + 1.0) * 32767.5).astype(np.uint16)
    elif fmt == -8:
        data = np.round(samples * 127).astype(np.int8)
    elif fmt == 8:
        data = np.round(samples * 127 + 128).astype(np.uint8)
    elif abs(fmt) == 32:  # pygame-ce opens 32-bit audio as float
        data = samples.astype(np.float32)
    else:
        raise ValueError(f"unsupported mixer format {fmt}")
    if channels > 1:
        data = np.repeat(data[:, None], channels, axis=1)
    return np.ascontiguousarray(data).tobytes()


class Sounds:
    """The game's cues. ``play(name)`` is silent when off or when there is no audio."""

    NAMES = NAMES
    synth = staticmethod(synth)

    def __init__(self, enabled: bool = True):
        self.enabled = bool(enabled)
        self.available = False
        self.error: str | None = None
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        self._tried = False
        if self.enabled:
            self._open()

    def _open(self) -> None:
        """Open the mixer (once) and make the cues in its format. Never raises."""
        if self._tried:
            return
        self._tried = True
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=512)
            init = pygame.mixer.get_init()
            if not init:
                raise pygame.error("the mixer did not start")
            rate, fmt, channels = init
            self.sounds = {
                name: pygame.mixer.Sound(buffer=_encode(synth(name, rate), fmt, channels))
                for name in NAMES
            }
            self.available = True
        except (pygame.error, OSError, ValueError, TypeError, NotImplementedError) as exc:
            self.available, self.sounds, self.error = False, {}, str(exc) or type(exc).__name__

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = bool(enabled)
        if self.enabled:
            self._open()
        elif self.available:
            with contextlib.suppress(pygame.error):
                pygame.mixer.stop()

    def play(self, name: str) -> None:
        if name not in NAMES:
            raise ValueError(f"unknown sound {name!r}; expected one of {', '.join(NAMES)}")
        if not (self.enabled and self.available):
            return
        with contextlib.suppress(pygame.error):
            self.sounds[name].play()
