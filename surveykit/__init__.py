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
    "SurveyData": ".data",
    "Questionnaire": ".schema",
    "load_schema": ".schema",
    "loads_schema": ".schema",
    "dump_schema": ".schema",
    "dumps_schema": ".schema",
    "read_survey": ".io",
    "read_raw": ".io",
    "validate": ".validate",
    "SurveykitError": ".exceptions",
    "SchemaError": ".exceptions",
    "DataError": ".exceptions",
    "InputFileError": ".exceptions",
    "OptionError": ".exceptions",
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
