"""The scenario file format: models, safe YAML loading with line marks, structure checks.

Import the submodules directly (sim.scenario.loader, .models, .errors): the command line
needs the error type at every start, not the models, the engine's tables and NumPy.
"""
