"""The scenario analyzer: many simulated playthroughs at once, with NumPy (pure).

``batch``: a scenario walked by a whole batch of conversations in lockstep, through the
same update rule as the game. ``chunks``: many runs as chunks of such batches, shared
between forked workers. ``players``: the random player and the nervous beginner.
``report``: what a trainer wants to know about a scenario (``python main.py analyze``).
"""
