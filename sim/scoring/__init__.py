"""Rubric, score, debrief and counterfactuals (pure)."""

from sim.scoring.debrief import build_debrief
from sim.scoring.score import Score, load_rubric, score_session

__all__ = ["Score", "build_debrief", "load_rubric", "score_session"]
