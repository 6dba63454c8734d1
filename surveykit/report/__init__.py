"""Thesis-ready reports: recipe -> tables and figures -> .docx / .xlsx / .html / .md.

>>> from surveykit.report import Formatter, Table, Column
>>> Formatter("zh").p_value(0.0004)
'<0.001'
"""

from .build import build_report
from .document import Figure, Heading, Paragraph, Report
from .format import Formatter
from .interpret import Thresholds
from .recipe import Recipe, RecipeError, load_recipe, loads_recipe
from .sections import FIGURES, TABLES
from .table import Cell, Column, Table

__all__ = ["build_report", "Report", "Heading", "Paragraph", "Figure", "Formatter", "Thresholds",
           "Recipe", "RecipeError", "load_recipe", "loads_recipe", "TABLES", "FIGURES",
           "Table", "Column", "Cell"]
