"""Which kind of line the customer answers the reply with."""

from __future__ import annotations

from sim.model.arrays import first, where
from sim.model.rule.context import REACTION_CODE as _R
from sim.model.rule.reading import Reading
from sim.model.rule.working import WorkingTurn


def reaction(reading: Reading, turn: WorkingTurn, new_anger, defended):
    """Which kind of line the customer answers with (codes into REACTIONS)."""
    change = new_anger - reading.state.anger
    rushed, told, left = reading.rushed, turn.told, turn.story_left
    return first(
        [
            (reading.gone, where(reading.pressed, _R["pressing"], _R["dead_air"])),
            (reading.cut_in, _R["interrupted"]),
            (rushed & (reading.state.story_left > 0), _R["rushed"]),
            (rushed, _R["unheard"]),
            ((told >= 0) & (left > 0), _R["story"]),
            (defended, _R["defends_you"]),
            (change <= -3, _R["calmer"]),
            (change >= 3, _R["angrier"]),
        ],
        _R["steady"],
    )
