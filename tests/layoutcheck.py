"""Checks a laid-out screen the way a user would see it: every element inside the window and
inside the panel that holds it, none on top of another (a panel may hold elements it
contains), and no label pygame_gui had to cut."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from sim.ui.richtext import RichText
from sim.ui.widgets import DrawnRows


def layout_problems(app) -> list[str]:
    window = pygame.Rect((0, 0), app.size)
    shown = [e for e in app.screen.elements if e.alive() and e.visible]
    root = app.manager.get_root_container()
    problems = []
    for e in shown:
        if not window.contains(e.rect):
            problems.append(f"{_name(e)} {tuple(e.rect)} leaves the {window.size} window")
        if isinstance(e, UIButton | UILabel) and e.text:
            wide = e.font.size(e.text)[0]
            if wide > e.rect.w - 4:  # pygame_gui cuts a button's words without a warning
                problems.append(f"{_name(e)} needs {wide} px but has {e.rect.w}")
        holder = e.ui_container
        if holder is not None and holder is not root and not holder.rect.contains(e.rect):
            problems.append(f"{_name(e)} {tuple(e.rect)} leaves its panel {tuple(holder.rect)}")
    # Rows the screen draws itself (the menu, the picker, the debrief's buttons): whole words,
    # inside the window, clear of the pygame_gui elements.
    for rows in (v for v in vars(app.screen).values() if isinstance(v, DrawnRows)):
        for row in rows.rows:
            if not rows.fits(row.text, row.rect.w):
                problems.append(f"row {row.text[:30]!r} is cut at {row.rect.w} px")
            if not window.contains(row.rect):
                problems.append(f"row {row.text[:30]!r} {tuple(row.rect)} leaves the window")
            problems += [
                f"row {row.text[:30]!r} {tuple(row.rect)} overlaps {_name(e)} {tuple(e.rect)}"
                for e in shown
                if e.rect.colliderect(row.rect) and not isinstance(e, UIPanel)
            ]
    # Text panels the screen draws itself (richtext.RichText): inside the window, clear of
    # every element, with room for words.
    for text in (v for v in vars(app.screen).values() if isinstance(v, RichText)):
        name = f"text panel {text.html_text[:30]!r}"
        if not window.contains(text.rect):
            problems.append(f"{name} {tuple(text.rect)} leaves the {window.size} window")
        if text.inner.w < 120 or text.inner.h < 40:
            problems.append(f"{name} has only {text.inner.size} px for its words")
        problems += [
            f"{name} {tuple(text.rect)} overlaps {_name(e)} {tuple(e.rect)}"
            for e in shown
            if e.rect.colliderect(text.rect)
        ]
    # A panel is a dialog over the screen (the pause menu): it may cover what is beneath it.
    dialogs = [e for e in shown if isinstance(e, UIPanel)]

    def dialog_of(e):
        return next((d for d in dialogs if e is d or e.ui_container is d.get_container()), None)

    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if not a.rect.colliderect(b.rect) or dialog_of(a) is not dialog_of(b):
                continue
            if isinstance(a, UIPanel) and a.rect.contains(b.rect):
                continue
            if isinstance(b, UIPanel) and b.rect.contains(a.rect):
                continue
            problems.append(f"{_name(a)} {tuple(a.rect)} overlaps {_name(b)} {tuple(b.rect)}")
    return problems


@contextmanager
def cut_labels() -> Iterator[list[str]]:
    """Collects pygame_gui's warnings that a label's rectangle is too small for its text."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield found
        finally:
            found += [str(w.message) for w in caught if "too small" in str(w.message)]


def _name(element) -> str:
    text = getattr(element, "text", "") or getattr(element, "html_text", "") or ""
    return f"{type(element).__name__}({str(text)[:30]!r})"
