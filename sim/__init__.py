"""Defuse: a role-play trainer for handling unhappy customers.

The core (everything here except ``sim.ui``) is pure Python and NumPy and deterministic
under a seed. Front ends (``sim.text``, ``sim.ui``) drive a :class:`sim.engine.Session`.
"""
