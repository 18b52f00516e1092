"""Speaking in the window: espeak-ng renders on a worker thread, the frame only plays.

``Speaker.say(text, voice)`` returns at once. A worker thread runs espeak-ng (sim/speech)
for each piece of the line and turns the WAV into a pygame Sound; ``poll()``, called once a
frame, starts whatever is ready on the voice's own mixer channel. A new line, or ``stop()``,
cuts the current one: the espeak-ng process is killed and stale pieces are dropped.

Without espeak-ng or an audio device the speaker stays silent and says why in ``error``;
it never raises into the frame.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
import time
import wave
from collections import deque
from dataclasses import dataclass

import numpy as np
import pygame

from sim.speech.espeak import SpeechError, find_espeak, how_to_get, render
from sim.speech.text import sentences
from sim.speech.voices import Voice
from sim.ui.sound import _encode

VOICE_CHANNEL = 0  # reserved for speech, so the sound cues never cut a line short


@dataclass(frozen=True)
class Utterance:
    text: str
    voice: Voice


def to_sound(wav: bytes) -> pygame.mixer.Sound:
    """espeak-ng's WAV as a Sound in the mixer's own format.

    Built from a buffer rather than ``Sound(file=...)``: pygame's loader holds the
    interpreter lock for the whole decode (about 30 ms for a long line), and the frame
    would wait for it. In the usual case (22050 Hz mono speech, a 16-bit mixer at a
    multiple of that rate) each sample is simply repeated: one short NumPy call.
    """
    with wave.open(io.BytesIO(wav)) as reader:
        rate, width, channels = reader.getframerate(), reader.getsampwidth(), reader.getnchannels()
        frames = reader.readframes(reader.getnframes())
    if width != 2:
        raise ValueError(f"{8 * width}-bit speech is not supported")
    pcm = np.frombuffer(frames, "<i2")[::channels]  # the first channel
    mixer_rate, fmt, mixer_channels = pygame.mixer.get_init()
    if fmt == -16 and mixer_rate % rate == 0:
        repeat = (mixer_rate // rate) * mixer_channels
        return pygame.mixer.Sound(buffer=np.repeat(pcm, repeat).astype("=i2").tobytes())
    samples = pcm / 32768.0
    if rate != mixer_rate and len(samples) > 1:
        count = int(len(samples) * mixer_rate / rate)
        samples = np.interp(
            np.arange(count) * (rate / mixer_rate), np.arange(len(samples)), samples
        )
    return pygame.mixer.Sound(buffer=_encode(samples.astype(np.float32), fmt, mixer_channels))


class Speaker:
    def __init__(self, volume: int = 80, program: str | None = None):
        self.program = program if program is not None else find_espeak()
        self.volume = volume
        self.error: str | None = None if self.program else how_to_get()
        self.said: deque[Utterance] = deque(maxlen=50)  # what was asked, newest last
        self.latencies: deque[float] = deque(maxlen=200)  # say() to first sound, seconds
        self._generation = 0
        self._jobs: queue.Queue = queue.Queue()
        self._ready: queue.Queue = queue.Queue()
        self._pending: list[pygame.mixer.Sound] = []
        self._asked_at: float | None = None
        self._lock = threading.Lock()
        self._proc = None
        self._thread: threading.Thread | None = None
        self._channel: pygame.mixer.Channel | None = None
        if self.program:
            self._open_mixer()

    @property
    def available(self) -> bool:
        return self._channel is not None

    def _open_mixer(self) -> None:
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=512)
            if not pygame.mixer.get_init():
                raise pygame.error("the mixer did not start")
            pygame.mixer.set_reserved(VOICE_CHANNEL + 1)
            self._channel = pygame.mixer.Channel(VOICE_CHANNEL)
            self._channel.set_volume(self.volume / 100)
        except (pygame.error, OSError, NotImplementedError) as exc:
            self._channel = None
            self.error = f"no audio device for the voice ({exc or type(exc).__name__})"

    # asked by the screens --------------------------------------------------------------

    def say(self, text: str, voice: Voice) -> None:
        """Speak this instead of whatever is being spoken. Never waits."""
        self.stop()
        if not text.strip():
            return
        self.said.append(Utterance(text, voice))
        if not self.available:
            return
        self._asked_at = time.perf_counter()
        for piece in sentences(text):
            self._jobs.put((self._generation, piece, voice))
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="defuse-voice", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Cut the current line: stale pieces are dropped, espeak-ng is stopped."""
        with self._lock:
            self._generation += 1
            proc = self._proc
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
        self._pending.clear()
        self._asked_at = None
        if self._channel is not None:
            with contextlib.suppress(pygame.error):
                self._channel.stop()

    def set_volume(self, volume: int) -> None:
        self.volume = volume
        if self._channel is not None:
            with contextlib.suppress(pygame.error):
                self._channel.set_volume(volume / 100)

    def poll(self) -> None:
        """Once a frame: play what the worker has ready. Cheap when there is nothing."""
        while True:
            try:
                generation, sound = self._ready.get_nowait()
            except queue.Empty:
                break
            if generation == self._generation and sound is not None:
                self._pending.append(sound)
        if not self._pending or self._channel is None:
            return
        try:
            if not self._channel.get_busy():
                self._channel.play(self._pending.pop(0))
                if self._asked_at is not None:
                    self.latencies.append(time.perf_counter() - self._asked_at)
                    self._asked_at = None
            elif self._channel.get_queue() is None:
                self._channel.queue(self._pending.pop(0))
        except pygame.error as exc:
            self.error = f"the voice could not play ({exc})"
            self._pending.clear()

    def close(self) -> None:
        self.stop()
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=2.0)
            self._thread = None

    # the worker thread ------------------------------------------------------------------

    def _started(self, generation: int):
        def keep(proc) -> None:
            with self._lock:
                if generation == self._generation:
                    self._proc = proc
                    return
            proc.kill()  # cut before it began

        return keep

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            generation, text, voice = job
            if generation != self._generation:
                continue
            sound = None
            try:
                wav = render(self.program, text, voice, started=self._started(generation))
                if generation == self._generation:
                    sound = to_sound(wav)
            except SpeechError as exc:
                if generation == self._generation:
                    self.error = str(exc)
            except (pygame.error, OSError, ValueError, EOFError, wave.Error) as exc:
                self.error = f"the voice could not play ({exc})"
            finally:
                with self._lock:
                    self._proc = None
            self._ready.put((generation, sound))
