"""The customer's picture: a scenario's own portrait image, or a face drawn from its id."""

from __future__ import annotations

from pathlib import Path

import pygame

from sim.scenario.catalog import resolve
from sim.scenario.errors import ScenarioError
from sim.scenario.models import Scenario
from sim.ui.face import Face, Look, PortraitFace


def as_rgba(image: pygame.Surface) -> pygame.Surface:
    """A palette or grayscale image as 32-bit colour: smoothscale takes only 24 and 32 bit.
    Blitting works without a display (convert_alpha needs one)."""
    if image.get_bitsize() in (24, 32):
        return image
    rgba = pygame.Surface(image.get_size(), pygame.SRCALPHA, 32)
    rgba.fill((0, 0, 0, 0))
    rgba.blit(image, (0, 0))
    return rgba


def customer_face(scenario: Scenario, folder: Path | None = None):
    """A face with update(dt, anger, speaking) and draw(surface, rect)."""
    portrait = scenario.customer.portrait
    if portrait:
        try:
            source = scenario.source
            base = folder or (source.parent if source else resolve(scenario.id).parent)
            image = pygame.image.load(str(base / portrait))
            return PortraitFace(as_rgba(image))
        except (pygame.error, OSError, ScenarioError):
            pass  # fall back to a drawn face; the loader already checked the path exists
    return Face(Look.from_seed(scenario.id))
