"""The scenario file format: models, safe YAML loading with line marks, structure checks."""

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.loader import load_scenario, parse_scenario
from sim.scenario.models import Beat, Option, Scenario, line_text

__all__ = [
    "Beat",
    "Option",
    "Problem",
    "Scenario",
    "ScenarioError",
    "line_text",
    "load_scenario",
    "parse_scenario",
]
