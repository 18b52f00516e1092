"""The game window: pygame-ce + pygame_gui. The only package that imports pygame."""

import os

# pygame prints a greeting on import; the game's own output should be the only output.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
