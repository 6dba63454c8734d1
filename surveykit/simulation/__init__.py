"""Simulated survey data: a generating model, the generator, population values and export layouts.

``surveykit simulate SCHEMA --model MODEL.yaml --n N --seed S -o FILE`` draws
respondents from a stated model (latent constructs with chosen loadings,
structural effects, fieldwork mess at stated rates) and writes them in the
layout a study really gets: a Wenjuanxing export, a Kobo CSV with its
XLSForm, an SPSS file, a coded workbook or a CSV. Researchers use it to try an
analysis plan and check power before fieldwork; the project's case studies in
``data/`` are made with it (``python -m surveykit.simulation.regenerate``).
"""

from .generate import Simulation, check_model, simulate
from .layouts import layout_for, write_simulation
from .model import LAYOUTS, ModelError, SimModel, load_model, loads_model
from .population import implied_correlation, population_alpha, population_effects

__all__ = ["simulate", "Simulation", "check_model", "load_model", "loads_model", "SimModel",
           "ModelError", "LAYOUTS", "write_simulation", "layout_for", "implied_correlation",
           "population_alpha", "population_effects"]
