"""The reply clock: turns real time on screen into the Timing the core understands.

No pygame here and no rules: the clock only measures (is the customer still speaking? how
long since they finished?). What an interruption or a silence *does* is decided by the
core (sim.model.rules); the thresholds are read from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.timing import Timing

# Speaking pace: about 14 characters a second is an ordinary conversational speed.
CHARS_PER_SECOND = 14.0
# A beat after the last word before the customer counts as finished.
TRAILING_BEAT = 0.35


@dataclass
class ReplyClock:
    real_time: bool = True
    speed: float = 1.0  # text speed setting; 2.0 = twice as fast
    speaking_left: float = 0.0  # seconds of speech still to come
    silence: float = 0.0  # seconds since the customer finished
    paused: bool = False

    def speech_seconds(self, text: str) -> float:
        return len(text) / (CHARS_PER_SECOND * self.speed) + TRAILING_BEAT

    def customer_says(self, text: str) -> float:
        """The customer starts (or goes on) speaking; returns how long it will take."""
        seconds = self.speech_seconds(text)
        self.speaking_left += seconds
        self.silence = 0.0
        return seconds

    def tick(self, dt: float) -> float:
        """Time passes; returns the seconds of silence it added (the core's ``wait``)."""
        if self.paused:
            return 0.0
        before = self.silence
        if self.speaking_left > 0.0:
            spill = dt - self.speaking_left
            self.speaking_left = max(0.0, self.speaking_left - dt)
            if spill > 0.0:
                self.silence += spill
        else:
            self.silence += dt
        return self.silence - before if self.real_time else 0.0

    def finish_speaking(self) -> None:
        """Skip the rest of the line (turn-based play, or a player who reads fast)."""
        self.speaking_left = 0.0

    def letters_out(self, text: str) -> int:
        """How much of ``text``, the line being spoken now, is out so far (the screen types it
        out at this same pace)."""
        spoken = self.speech_seconds(text) - self.speaking_left
        return max(0, min(len(text), int(spoken * CHARS_PER_SECOND * self.speed)))

    @property
    def speaking(self) -> bool:
        return self.speaking_left > 0.0

    def timing_for_pick(self) -> Timing:
        """The Timing of a reply picked now."""
        if not self.real_time:
            return Timing()
        if self.speaking:
            return Timing(interrupted=True)
        return Timing(delay=round(self.silence, 3))
