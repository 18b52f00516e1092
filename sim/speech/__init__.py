"""Speech for the customer's lines and for reading menus aloud, with espeak-ng.

Pure Python (no pygame): the voice data (voices.yaml), what is spoken (``text``) and the
espeak-ng command line (``espeak``). Playing the sound is the window's job (sim/ui/voice.py).
"""
