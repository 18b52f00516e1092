"""Run records, the player's own files, and writing them safely.

Import the submodules directly (sim.records.record, .store, .userdata): the game window's
start-up needs only the settings, not the whole scoring stack.
"""
