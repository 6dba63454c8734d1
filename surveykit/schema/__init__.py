"""The questionnaire schema: the frozen model, loading with checks, and writing back."""

from .dump import dump_schema, dumps_schema, schema_to_dict
from .load import load_schema, loads_schema
from .model import (
    Choice, ChoiceList, Derived, QualityCheck, Question, Questionnaire, Scale, text,
)

__all__ = [
    "load_schema", "loads_schema", "dump_schema", "dumps_schema", "schema_to_dict",
    "Questionnaire", "Question", "Choice", "ChoiceList", "Derived", "Scale", "QualityCheck",
    "text",
]
