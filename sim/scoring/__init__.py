"""Rubric, score, debrief and counterfactuals (pure)."""
