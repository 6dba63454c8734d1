"""surveykit: survey analysis for community-governance fieldwork.

One questionnaire schema (YAML) drives the whole path: reading the raw export,
cleaning, reliability and validity, descriptives and comparisons, regression,
and thesis-ready reports.

The public names below are imported on first use (PEP 562), so that the
command line starts without loading pandas; ``from surveykit import X`` and
``surveykit.X`` work as usual.

Examples
--------
>>> import surveykit as sk
>>> q = sk.loads_schema("surveykit: 1\\nid: demo\\nquestions: [{name: age, type: integer}]")
>>> q.id
'demo'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Public name -> module that defines it.
_PUBLIC = {
    # schema and reading
    "Questionnaire": ".schema", "load_schema": ".schema", "loads_schema": ".schema",
    "dump_schema": ".schema", "dumps_schema": ".schema", "infer_schema": ".schema.infer",
    "read_xlsform": ".schema.xlsform",
    "SurveyData": ".data", "read_survey": ".io", "read_raw": ".io", "read_wjx_pair": ".io.wjx",
    "not_applicable": ".io.skip", "write_survey": ".io.writers",
    # checking and cleaning
    "validate": ".validation", "clean": ".cleaning", "CleanResult": ".cleaning",
    "analysis_sample": ".sample",
    # describing and comparing
    "sample_profile": ".description", "frequency_table": ".description",
    "descriptives_table": ".description", "likert_table": ".description",
    "multiple_response_table": ".description", "missing_summary": ".description",
    "crosstab_table": ".compare_tables", "compare_table": ".compare_tables",
    "correlation_table": ".compare_tables", "rake": ".weights",
    # reliability and validity
    "cronbach_alpha": ".reliability", "reliability_many": ".reliability",
    "reliability_table": ".scale_reliability", "validity_table": ".construct_validity",
    "scale_validity": ".construct_validity",
    "kmo": ".validity", "bartlett": ".validity", "efa": ".validity",
    "parallel_analysis": ".validity", "cfa": ".validity", "htmt": ".validity",
    # models
    "regress": ".regression", "regression_table": ".regression",
    # simulation and reports
    "simulate": ".simulation", "load_model": ".simulation", "population_alpha": ".simulation",
    "build_report": ".report", "load_recipe": ".report",
    # errors
    "SurveykitError": ".exceptions", "SchemaError": ".exceptions", "DataError": ".exceptions",
    "InputFileError": ".exceptions", "OptionError": ".exceptions",
    "StatisticalWarning": ".exceptions",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'surveykit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
