"""Class mode: a facilitator runs a workshop for a room (votes, teams, hot seat, tally).

Pure Python: the class session, the vote server and the debrief never import pygame; the
terminal and the window only lay them out.
"""
