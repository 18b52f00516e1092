"""Checks a laid-out screen the way a user would see it: every element inside the window,
none on top of another (a panel may hold elements it contains)."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIPanel


def layout_problems(app) -> list[str]:
    window = pygame.Rect((0, 0), app.size)
    shown = [e for e in app.screen.elements if e.alive() and e.visible]
    problems = []
    for e in shown:
        if not window.contains(e.rect):
            problems.append(f"{_name(e)} {tuple(e.rect)} leaves the {window.size} window")
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if not a.rect.colliderect(b.rect):
                continue
            if isinstance(a, UIPanel) and a.rect.contains(b.rect):
                continue
            if isinstance(b, UIPanel) and b.rect.contains(a.rect):
                continue
            problems.append(f"{_name(a)} {tuple(a.rect)} overlaps {_name(b)} {tuple(b.rect)}")
    return problems


def _name(element) -> str:
    text = getattr(element, "text", "") or getattr(element, "html_text", "") or ""
    return f"{type(element).__name__}({str(text)[:30]!r})"
