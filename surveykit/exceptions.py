"""Errors and warnings raised by surveykit.

Every error a user can cause derives from :class:`SurveykitError`, so the
command line can turn it into one clear message and exit status 2. Errors in
how a questionnaire is *written* (:class:`SchemaError`) are kept apart from
errors in the *data* or the *input files* (:class:`DataError`,
:class:`InputFileError`). Each subclass also inherits the builtin it refines,
so ``except ValueError`` keeps working for callers who do not know surveykit.

Statistical caveats (a negative alpha, a Heywood case, a singular matrix, small
expected counts) are not errors: they are warnings of the project's own
classes, which reports collect and print.

Examples
--------
>>> from surveykit.exceptions import SurveykitError, OptionError
>>> try:
...     raise OptionError("--missing must be 'listwise' or 'pairwise', not 'both'")
... except SurveykitError as err:
...     print(err)
--missing must be 'listwise' or 'pairwise', not 'both'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "SurveykitError",
    "SchemaError",
    "SchemaProblem",
    "DataError",
    "InputFileError",
    "OptionError",
    "StatisticalWarning",
]


class SurveykitError(Exception):
    """Base class of every error caused by input that surveykit refuses.

    Examples
    --------
    >>> from surveykit import read_raw
    >>> try:
    ...     read_raw("no_such_file.csv")
    ... except SurveykitError as err:
    ...     print(type(err).__name__, "-", err)
    InputFileError - no_such_file.csv: data file not found
    """


@dataclass(frozen=True)
class SchemaProblem:
    """One problem found in a questionnaire schema.

    Attributes
    ----------
    file : str
        The schema file (or ``"<string>"`` when loaded from text).
    line : int or None
        1-based line of the offending key or value, when known.
    key : str
        Dotted path of the key, e.g. ``questions[3].choices``.
    message : str
        What is wrong, what was found and how to fix it.
    """

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class SchemaError(SurveykitError, ValueError):
    """A questionnaire schema that cannot be used; lists every problem found.

    Parameters
    ----------
    problems : list of SchemaProblem
        All problems found (schema checks are lazy: they do not stop at the first).

    Examples
    --------
    >>> from surveykit import loads_schema
    >>> try:
    ...     loads_schema("surveykit: 1\\nid: demo\\nquestions: [{name: age, type: integr}]")
    ... except SchemaError as err:
    ...     print(err)
    ...     print(err.problems[0].line, err.problems[0].key, isinstance(err, ValueError))
    schema error: <string>:3: questions[0].type: unknown type 'integr' (did you mean 'integer'?); types: single, ordinal, likert, multiple, integer, number, text, date, rank
    3 questions[0].type True
    """

    def __init__(self, problems: list[SchemaProblem]):
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return f"schema error: {self.problems[0]}"
        lines = [f"{len(self.problems)} schema errors:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class DataError(SurveykitError, ValueError):
    """Data that cannot be analysed as asked (a missing column, an empty sample...).

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit import cronbach_alpha
    >>> try:
    ...     cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]}))
    ... except DataError as err:
    ...     print(type(err).__name__, isinstance(err, ValueError))
    DataError True
    """


class InputFileError(SurveykitError, OSError):
    """An input file that is missing, unreadable, empty or of an unknown format.

    Examples
    --------
    >>> from surveykit import read_raw
    >>> try:
    ...     read_raw("no_such_file.csv")
    ... except InputFileError as err:
    ...     print(err, "|", isinstance(err, OSError))
    no_such_file.csv: data file not found | True
    """


class OptionError(SurveykitError, ValueError):
    """An option or argument with a value that is not allowed.

    Examples
    --------
    >>> import pandas as pd
    >>> from surveykit import cronbach_alpha
    >>> try:
    ...     cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 3]}), missing="both")
    ... except OptionError as err:
    ...     print(type(err).__name__, isinstance(err, ValueError))
    OptionError True
    """


class StatisticalWarning(UserWarning):
    """A statistical caveat: the result exists but must be read with care.

    The caveat is also recorded in the result's ``warnings``.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from surveykit import cronbach_alpha
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     res = cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 2, 2]}), ci="none")
    >>> [w.category.__name__ for w in caught]
    ['StatisticalWarning', 'StatisticalWarning']
    >>> res.warnings[0]
    "alpha = -18.667 is negative or near zero: the items do not measure one thing; ..."
    """
