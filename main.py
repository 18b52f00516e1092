"""Defuse: start the game (see README.md for every command)."""

import sys

from sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
