"""What the schema-aware tables need to know about a variable: its kind, codes and labels.

Shared by :mod:`surveykit.description` and :mod:`surveykit.compare_tables`, so
that every table names, orders and labels variables in the same way and
refuses unknown names with the same message.

A variable is a question, a derived variable or a scale. Its *kind* is the
question type (``single``, ``ordinal``, ``likert``, ``multiple``, ``integer``,
``number``...), ``ordinal`` for a ``cut`` derived variable, ``single`` for an
``any_of`` indicator (codes 0 = no, 1 = yes), and ``scale`` for a scale score.

Examples
--------
>>> from surveykit.schema import loads_schema
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... languages: [en, zh]
... choice_lists: {sex: {1: {en: Male, zh: 男}, 2: {en: Female, zh: 女}}}
... questions:
...   - {name: sex, type: single, choices: sex, role: demographic}
...   - {name: age, type: integer}
... derived: [{name: age_group, from: age, cut: [16, 40, 101], labels: [young, old]}]
... ''')
>>> kind(q, "age_group"), codes_and_labels(q, "sex", "zh")
('ordinal', ([1, 2], ['男', '女']))
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .exceptions import DataError, OptionError
from .schema.model import CODED_TYPES, Derived, Question, Questionnaire, Scale, text

__all__ = ["kind", "language_of", "codes_and_labels", "available", "check_names", "UnknownVariables",
           "personal_data", "is_missing", "not_applicable", "weights_of", "CATEGORICAL", "NUMERIC", "WEIGHT_ROLE"]

#: Kinds described by a frequency table.
CATEGORICAL = frozenset(CODED_TYPES)
#: Kinds described by means and standard deviations.
NUMERIC = frozenset({"integer", "number", "scale", "likert", "ordinal"})
#: The ``role`` of a question that holds respondent weights (used when no weight is named).
WEIGHT_ROLE = "weight"

_NO_YES = ({"en": "No", "zh": "否"}, {"en": "Yes", "zh": "是"})


def kind(questionnaire: Questionnaire, name: str) -> str:
    """The kind of a variable (see the module notes)."""
    item = questionnaire.find(name)
    if isinstance(item, Scale):
        return "scale"
    if isinstance(item, Derived):
        return "ordinal" if item.cut is not None else "single"
    return item.type


def language_of(questionnaire: Questionnaire, language: str | None) -> str:
    """``language`` if the schema has labels in it; the schema's first language when None."""
    if language is None:
        return questionnaire.language
    if language not in questionnaire.languages:
        raise OptionError(f"--lang: '{language}' is not a language of '{questionnaire.id}' "
                          f"(its languages: {', '.join(questionnaire.languages)})")
    return language


def codes_and_labels(questionnaire: Questionnaire, name: str,
                     language: str | None = None) -> tuple[list, list[str]]:
    """The codes of a coded variable in schema order, and their labels in ``language``.

    For an ``any_of`` derived variable: ``[0, 1]`` labelled no/yes. A variable
    without codes (numeric, text) gives two empty lists.
    """
    language = language or questionnaire.language
    item = questionnaire.find(name)
    if isinstance(item, Derived) and item.any_of is not None:
        return [0, 1], [text(label, language) for label in _NO_YES]
    choices = None if isinstance(item, Scale) else item.choices
    if choices is None:
        return [], []
    labels = choices.labels(language)
    return list(labels), list(labels.values())


def available(survey, allowed=None) -> list[str]:
    """Names of the variables of ``survey`` (of a kind in ``allowed``), in schema order.

    Personal data (questions marked ``pii``) and questions whose columns are not
    in the data are not available.
    """
    q, columns = survey.questionnaire, set(survey.data.columns)
    return [n for n in q.names if (allowed is None or kind(q, n) in allowed)
            and (not isinstance(item := q.find(n), Question) or (set(item.columns) <= columns
                                                                 and not item.pii))]


def check_names(survey, names, *, option: str = "--vars", allowed=None) -> list[str]:
    """Return ``names`` as a list, refusing names not :func:`available` (or of a kind
    not ``allowed``).

    Raises
    ------
    OptionError
        Naming every unknown variable and listing the known ones (of an allowed kind).
    """
    questionnaire = survey.questionnaire
    names = list(names)
    known = available(survey, allowed)
    unknown = [n for n in names if n not in known]
    personal = [n for n in unknown if n in questionnaire.names
                and isinstance(item := questionnaire.find(n), Question) and item.pii]
    if personal:
        raise personal_data(option, personal)
    if unknown:
        which = "variables" if allowed is None else f"variables of kind {'/'.join(sorted(allowed))}"
        bad = [n for n in unknown if n in questionnaire.names]
        why = (f" ({', '.join(f'{n!r} is {kind(questionnaire, n)}' for n in bad)})" if bad else "")
        raise UnknownVariables(f"{option}: unknown variable(s) {', '.join(map(repr, unknown))}{why}; "
                               f"the {which} of '{questionnaire.id}' are: {', '.join(known) or 'none'}",
                               option=option, names=unknown)
    if not names:
        raise OptionError(f"{option}: no variables named")
    return names


class UnknownVariables(OptionError):
    """Names that are not variables of the survey; ``option`` and ``names`` say which.

    The command line turns it into :func:`personal_data` for questions that cleaning
    left out of the data and the schema because they hold personal data.
    """

    def __init__(self, message: str, *, option: str, names):
        super().__init__(message)
        self.option, self.names = option, tuple(names)


def personal_data(option: str, names) -> OptionError:
    """The error for questions that hold personal data (``pii``), named in ``option``."""
    one = len(names) == 1
    return OptionError(f"{option}: {', '.join(map(repr, names))} {'holds' if one else 'hold'} personal data "
                       f"(marked pii in the schema) and {'is' if one else 'are'} left out of analyses")


def not_applicable(survey, name: str, skipped: pd.DataFrame | None = None) -> np.ndarray:
    """True for respondents to whom a variable did not apply (skip logic).

    A question is not applicable where it has no answer and
    :func:`surveykit.io.skip.not_applicable` says it was not asked (the export
    marked it skipped, or its ``relevant`` condition is false); a derived
    variable inherits this from its source; a scale score is not applicable
    where every item is. Pass ``skipped`` (that function's frame) to compute it
    once for many variables.
    """
    if skipped is None:
        from .io.skip import not_applicable as skip_frame

        skipped = skip_frame(survey)
    item = survey.questionnaire.find(name)
    if isinstance(item, Scale):
        return np.array([not_applicable(survey, i, skipped) for i in item.items]).all(axis=0)
    if isinstance(item, Derived):
        mask = not_applicable(survey, item.source, skipped)
    else:
        columns = [c for c in item.columns if c in skipped.columns]
        mask = skipped[columns].to_numpy(dtype=bool).any(axis=1) if columns else np.zeros(survey.n, bool)
    return mask & is_missing(survey, name)


def is_missing(survey, name: str) -> np.ndarray:
    """True where a variable has no answer (every option missing, for a multiple question)."""
    q = survey.questionnaire
    item = q.find(name)
    if not isinstance(item, (Scale, Derived)) and len(item.columns) > 1:
        return survey.data[list(item.columns)].isna().all(axis=1).to_numpy()
    return survey.variable(name).isna().to_numpy()


def weights_of(survey, weight: str | None = None) -> tuple[str | None, pd.Series | None]:
    """The weight variable's name and values: ``weight``, else the question whose
    ``role`` is ``weight``, else none (unweighted)."""
    q = survey.questionnaire
    if weight is None:
        weight = next((x.name for x in q.questions if x.role == WEIGHT_ROLE), None)
        if weight is None:
            return None, None
    check_names(survey, [weight], option="--weight", allowed={"integer", "number"})
    values = survey.variable(weight).astype(np.float64)
    bad = ~np.isfinite(values.to_numpy()) | (values.to_numpy() < 0)
    if bad.any():
        where = f" of {survey.source}" if survey.source else ""
        raise DataError(f"--weight {weight}: {int(bad.sum())} respondent(s) have a missing, infinite or "
                        f"negative weight (the first in data row {values.index[bad][0]}{where}); give "
                        "every respondent a weight (0 leaves one out) or choose another --weight")
    return weight, values
