"""Text from a file made safe to print: nothing a file says can forge the terminal.

Control characters (escape sequences, carriage returns, bells, and newlines where one line is
promised) are shown as ``\\xNN`` instead of being obeyed, so a scenario cannot clear the
screen or fake a prompt, and a file name with a newline cannot forge a second error line.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """Every non-printable character escaped, newlines too: the result is one line."""
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """As one_line; with ``keep_newlines`` a plain ``\\n`` stays a line break. Unusual
    spaces (no-break, thin) become plain spaces rather than escapes."""
    if keep_newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return "".join(
        ch
        if ch.isprintable()
        else " "
        if ch.isspace() and ch not in "\r\n\v\f\x85\u2028\u2029"
        else _escaped(ch)
        for ch in text
    )


def _escaped(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
