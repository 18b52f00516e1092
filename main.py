"""Defuse: start the game (see README.md for every command)."""

import sys

try:
    from sim.cli import main
except KeyboardInterrupt:  # Ctrl-C while the modules load: one line, the usual exit code
    sys.stderr.write("\nStopped.\n")
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())
