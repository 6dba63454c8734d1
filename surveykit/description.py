"""Describing a sample from its schema: profiles, frequencies, descriptives, Likert and
multiple-response tables, missing data.

The drivers here sit on the primitives of :mod:`surveykit.describe_stats` and
add what the schema knows: variable and answer labels in the chosen language,
codes in the order of their choice list, respondents to whom a question did
not apply (skip logic) counted apart from missing answers, and the survey's
weight variable. Every table starts with the identifier columns ``variable``
and ``label``.

The drivers describe the survey they are given; to follow the rule of the
command line (analyses run on the respondents that the quality checks keep),
pass ``analysis_sample(survey)`` (:mod:`surveykit.sample`).

Weights are frequency weights (SPSS's WEIGHT BY): counts are sums of weights.
They come from ``weight=`` or, when it is not given, from the question whose
``role`` is ``weight``. Small-cell suppression (``min_cell``) is decided on
the unweighted counts of respondents (:mod:`surveykit._disclosure`).

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... languages: [en, zh]
... choice_lists: {sex: {1: {en: Male, zh: 男}, 2: {en: Female, zh: 女}}}
... questions:
...   - {name: sex, type: single, choices: sex, role: demographic, label: {en: Sex, zh: 性别}}
...   - {name: age, type: integer, role: demographic}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("sex,age\\n男,30\\n女,40\\n2,\\n", encoding="utf-8")
>>> d = describe(read_survey(q, path))
>>> d.categories[["variable", "label", "code", "category", "n", "valid_percent"]]
  variable label  code category  n  valid_percent
0      sex   Sex     1     Male  1      33.333333
1      sex   Sex     2   Female  2      66.666667
>>> d.variables[["variable", "type", "n_valid", "n_missing", "mean"]]
  variable     type  n_valid  n_missing  mean
0      sex   single        3          0   NaN
1      age  integer        2          1  35.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._disclosure import check_min_cell, small_cells, suppress
from ._results import Result
from ._variables import (CATEGORICAL, available, check_names, codes_and_labels, is_missing, kind, language_of,
                         not_applicable, weights_of)
from .describe_stats import descriptives, frequencies, likert_distribution, multiple_response
from .io.skip import not_applicable as skip_frame
from .schema.model import Question

__all__ = ["describe", "Description", "default_variables", "frequency_table", "sample_profile",
           "descriptives_table", "likert_table", "LikertTable", "multiple_response_table",
           "MultipleResponseTable", "missing_summary"]

#: Kinds with numeric descriptives (mean, sd, ...).
STATS_KINDS = frozenset({"integer", "number", "scale", "likert"})
#: Kinds whose values are whole numbers.
WHOLE = frozenset({"integer", "likert"})
DESCRIBABLE = CATEGORICAL | STATS_KINDS | {"multiple"}

VARIABLE_COLUMNS = ["variable", "label", "type", "n_valid", "n_missing", "n_not_applicable",
                    "missing_percent", "n_cases", "mean", "sd", "se", "median", "min", "max",
                    "skewness", "kurtosis"]
CATEGORY_COLUMNS = ["variable", "label", "code", "category", "n", "percent", "valid_percent",
                    "cumulative_percent", "suppressed", "small"]
OPTION_COLUMNS = ["variable", "label", "code", "category", "n", "pct_responses", "pct_cases", "suppressed",
                  "small"]
STATS = ["mean", "sd", "se", "median", "min", "max", "skewness", "kurtosis"]


@dataclass(frozen=True, repr=False)
class Description(Result):
    """Frequency tables and descriptive statistics of several variables.

    Attributes
    ----------
    variables : DataFrame
        One row per variable: ``variable, label, type, n_valid, n_missing,
        n_not_applicable, missing_percent, n_cases, mean, sd, se, median, min, max,
        skewness, kurtosis`` (``n_cases`` for multiple-response questions; the
        statistics for numbers, scales and Likert items; NaN where they do not apply).
    categories : DataFrame
        ``variable, label, code, category, n, percent, valid_percent,
        cumulative_percent, suppressed, small``: one row per code of each coded
        variable, in code order (``category`` is the answer's label). Suppressed
        cells have NaN counts and percentages; ``small`` marks those suppressed for
        holding fewer than ``min_cell`` respondents (the others are hidden with them).
    options : DataFrame
        ``variable, label, code, category, n, pct_responses, pct_cases, suppressed,
        small`` for multiple-response questions.
    n : int
        Respondents described.
    language, weight : str
    min_cell : int or None
    """

    title = "Description"
    variables: pd.DataFrame
    categories: pd.DataFrame
    options: pd.DataFrame
    n: int
    language: str
    weight: str | None = None
    min_cell: int | None = None

    def to_dict(self) -> dict:
        """The JSON document of ``surveykit describe`` (``spec/cli.md``): counts of respondents
        and the minimum and maximum of whole-number variables are integers."""
        out = []
        counts = ("n_valid", "n_missing", "n_not_applicable", "n_cases")
        for row in self.variables.to_dict("records"):
            var = {k: row[k] for k in ("variable", "label", "type", "n_valid", "n_missing", "n_not_applicable")}
            if row["type"] == "multiple":
                var["n_cases"] = row["n_cases"]
                var["options"] = _records(self.options, row["variable"])
            elif row["type"] in CATEGORICAL:
                var["categories"] = _records(self.categories, row["variable"])
            if row["type"] in STATS_KINDS:
                var |= {k: row[k] for k in STATS}
            whole = (counts if self.weight is None else ()) + (("min", "max") if row["type"] in WHOLE else ())
            var |= {k: _whole(var[k]) for k in whole if k in var}
            out.append(var)
        return {"n": self.n, "language": self.language, "weight": self.weight,
                "min_cell": self.min_cell, "variables": out}


def _records(frame: pd.DataFrame, variable: str) -> list[dict]:
    rows = frame[frame["variable"] == variable].drop(columns=["variable", "label"])
    records = rows.rename(columns={"category": "label"}).to_dict("records")
    for r in records:
        del r["small"]
        if not r.pop("suppressed"):
            continue
        r["suppressed"] = True
    return records


def _whole(value):
    """A whole float as an int (JSON counts); anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def default_variables(survey) -> list[str]:
    """Demographics (questions with ``role: demographic`` and variables derived from
    them, each after its source) and the scales; without demographics or scales,
    every describable question that is not paradata or personal data."""
    q = survey.questionnaire
    demo = [x.name for x in q.questions if x.role == "demographic" and not x.pii]
    names = []
    for name in demo:
        names += [name] + [d.name for d in q.derived if d.source == name]
    names += [s.name for s in q.scales]
    if not names:
        names = [x.name for x in q.questions if x.type in DESCRIBABLE and not x.pii
                 and x.role not in ("paradata", "id", "weight")]
    usable = set(available(survey, DESCRIBABLE))
    return [n for n in names if n in usable]


def _counts(values, w) -> float | int:
    total = w[values].sum()
    return total if isinstance(total, float) else int(total)


def describe(survey, vars=None, *, language: str | None = None, weight: str | None = None,
             min_cell: int | None = None) -> Description:
    """Frequency tables and descriptive statistics of variables, labelled from the schema.

    Parameters
    ----------
    survey : SurveyData
    vars : list of str, optional
        Questions, derived variables or scales (default: :func:`default_variables`).
    language : str, optional
        Label language (default: the schema's first language).
    weight : str, optional
        A numeric question holding respondent weights (default: the question whose
        ``role`` is ``weight``, if any).
    min_cell : int, optional
        Hide counts of fewer than ``min_cell`` respondents (and a complementary cell
        where needed); statistics use the true counts.

    Returns
    -------
    Description

    Notes
    -----
    ``percent`` is over the respondents to whom the question applied (answered
    or missing), ``valid_percent`` over those who answered; not-applicable
    respondents (skipped by the questionnaire's logic) are in neither
    (``describe_stats.frequencies``, SPSS FREQUENCIES). Multiple response:
    ``pct_responses`` sums to 100, ``pct_cases`` is over the respondents who
    chose at least one option (``describe_stats.multiple_response``).
    Descriptives: ``describe_stats.descriptives`` (skewness and kurtosis as
    SPSS's G1, G2).
    """
    q = survey.questionnaire
    language = language_of(q, language)
    check_min_cell(min_cell)
    names = check_names(survey, default_variables(survey) if vars is None else vars, allowed=DESCRIBABLE)
    weight, w = weights_of(survey, weight)
    weights = None if w is None else w.to_numpy()
    skipped = skip_frame(survey)
    rows, categories, options = [], [], []
    for name in names:
        k = kind(q, name)
        ident = {"variable": name, "label": q.variable_label(name, language)}
        na = not_applicable(survey, name, skipped)
        row = ident | {"type": k} | _missing_counts(survey, name, na, weights)
        if k == "multiple":
            table, cases = _options(survey, name, language, weights, min_cell)
            row["n_cases"] = cases["n_cases"].iloc[0]
            options.append(table.assign(**ident))
        elif k in CATEGORICAL:
            categories.append(_categories(survey, name, language, weights, na, min_cell).assign(**ident))
        if k in STATS_KINDS:
            stats = descriptives(survey.frame([name]), weights=weights).iloc[0]
            row |= {s: stats[s] for s in STATS}
        rows.append(row)
    return Description(
        variables=pd.DataFrame(rows, columns=VARIABLE_COLUMNS),
        categories=_stack(categories, CATEGORY_COLUMNS, weighted=weights is not None),
        options=_stack(options, OPTION_COLUMNS, weighted=weights is not None),
        n=survey.n, language=language, weight=weight, min_cell=min_cell)


def _missing_counts(survey, name, na, weights) -> dict:
    w = np.ones(survey.n, dtype=np.int64) if weights is None else weights
    missing = is_missing(survey, name)
    n_valid, n_na = _counts(~missing, w), _counts(na, w)
    n_missing = _counts(missing & ~na, w)
    applicable = n_valid + n_missing
    return {"n_valid": n_valid, "n_missing": n_missing, "n_not_applicable": n_na,
            "missing_percent": n_missing / applicable * 100 if applicable else np.nan}


def _stack(frames, columns, *, weighted) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("variable", "label", "code", "category")
                                          else float) for c in columns})
    out = pd.concat(frames, ignore_index=True)[columns]
    if not weighted:  # counts of respondents: whole numbers, missing where suppressed
        out["n"] = out["n"].round().astype("Int64")
    return out


def _categories(survey, name, language, weights, na, min_cell) -> pd.DataFrame:
    codes, labels = codes_and_labels(survey.questionnaire, name, language)
    values = survey.variable(name)
    table = frequencies(values, order=codes, weights=weights, not_applicable=na).table
    raw = table if weights is None else frequencies(values, order=codes, not_applicable=na).table
    hidden = suppress(raw["n"].to_numpy()[None, :], min_cell, axes=(1,))[0]
    table = table.assign(category=labels, suppressed=hidden,
                         small=small_cells(raw["n"].to_numpy(), min_cell))
    table.loc[hidden, ["n", "percent", "valid_percent"]] = np.nan
    if hidden.any():  # running totals would give the hidden counts away
        table["cumulative_percent"] = np.nan
    return table


def _options(survey, name, language, weights, min_cell, by=None, by_codes=None):
    """Multiple-response rows (``group, option, code, category, n, pct_responses,
    pct_cases, suppressed``) and the cases table of the primitive."""
    question = survey.questionnaire.question(name)
    columns = list(question.columns)
    res = multiple_response(survey.data[columns], by=by, by_codes=by_codes, weights=weights)
    codes, labels = codes_and_labels(survey.questionnaire, name, language)
    table = res.table.assign(code=codes * len(res.cases), category=labels * len(res.cases))
    raw = res if weights is None else multiple_response(survey.data[columns], by=by, by_codes=by_codes)
    counts = raw.table["n"].to_numpy().reshape(len(res.cases), len(codes))
    hidden = suppress(counts, min_cell, axes=(1,) if by is None else (0, 1)).ravel()
    table = table.assign(suppressed=hidden, small=small_cells(counts, min_cell).ravel())
    table.loc[hidden, ["n", "pct_responses", "pct_cases"]] = np.nan
    cases = res.cases
    if weights is None:  # respondents: whole numbers
        table["n"] = table["n"].round().astype("Int64")
        counts = ["n_cases", "n_responses", "n_none", "n_missing"]
        cases = cases.assign(**{c: cases[c].round().astype("int64") for c in counts})
    return table, cases


# ---- convenience tables ----

def frequency_table(survey, name: str, *, language=None, weight=None, min_cell=None) -> pd.DataFrame:
    """The frequency table of one coded variable (the ``categories`` of :func:`describe`).

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, frequency_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> frequency_table(survey, "gender", language="en")[["variable", "code", "category", "n", "valid_percent"]]
      variable  code category    n  valid_percent
    0   gender     1     Male  158      44.382022
    1   gender     2   Female  198      55.617978
    """
    check_names(survey, [name], option="variable", allowed=CATEGORICAL)
    return describe(survey, [name], language=language, weight=weight, min_cell=min_cell).categories


def sample_profile(survey, vars=None, *, language=None, weight=None, min_cell=None) -> pd.DataFrame:
    """Who answered: frequency tables of several coded demographics, one after another.

    Default: the coded demographics and the coded variables derived from
    demographics (e.g. age groups). Returns the ``categories`` table of
    :func:`describe`.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, sample_profile
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> sample_profile(survey, ["gender", "age_group"], language="en")[["variable", "category", "n"]]
        variable category    n
    0     gender     Male  158
    1     gender   Female  198
    2  age_group    16-29   56
    3  age_group    30-44  126
    4  age_group    45-59  126
    5  age_group      60+   46
    """
    if vars is None:
        vars = [n for n in default_variables(survey) if kind(survey.questionnaire, n) in CATEGORICAL]
    check_names(survey, vars, allowed=CATEGORICAL)
    return describe(survey, vars, language=language, weight=weight, min_cell=min_cell).categories


def descriptives_table(survey, vars=None, *, language=None, weight=None) -> pd.DataFrame:
    """Numeric descriptives (n, mean, sd, median, min, max, skewness, kurtosis) of
    numbers, Likert items and scales (default: the scales).

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, descriptives_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> descriptives_table(survey, ["participation", "belonging"])[["variable", "n_valid", "mean", "sd"]].round(3)
            variable  n_valid   mean     sd
    0  participation      355  3.639  0.769
    1      belonging      353  3.585  0.874
    """
    q = survey.questionnaire
    vars = [s.name for s in q.scales] if vars is None else vars
    check_names(survey, vars, allowed=STATS_KINDS)
    return describe(survey, vars, language=language, weight=weight).variables.drop(columns=["n_cases"])


@dataclass(frozen=True, repr=False)
class LikertTable(Result):
    """The answer distribution of the items of a scale.

    Attributes
    ----------
    distribution : DataFrame
        ``variable, label, code, category, n, percent`` (percent of the item's answers).
    stats : DataFrame
        ``variable, label, reversed, n, n_missing, mean, sd`` of each item as answered.
    scale : str
    """

    title = "Likert distribution"
    distribution: pd.DataFrame
    stats: pd.DataFrame
    scale: str

    def percent_table(self) -> pd.DataFrame:
        """Percentages as a wide table: one row per item (its label), one column per answer label."""
        wide = self.distribution.pivot(index="variable", columns="code", values="percent")
        wide = wide.loc[self.stats["variable"], list(dict.fromkeys(self.distribution["code"]))]
        wide.columns = list(dict.fromkeys(self.distribution["category"]))
        wide.index = self.stats["label"]
        return wide.assign(mean=self.stats["mean"].to_numpy(), sd=self.stats["sd"].to_numpy())


def likert_table(survey, scale: str, *, language=None, weight=None) -> LikertTable:
    """Percentage of each answer for each item of a scale, with n, mean and sd.

    Items are shown as answered (reversed items are not turned round; the
    ``reversed`` column says which they are), in the scale's order. Codes and
    labels are those of the first item's choice list.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, likert_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = likert_table(survey, "participation", language="en")
    >>> res.stats[["variable", "reversed", "n", "mean"]].round(2)
      variable  reversed    n  mean
    0   part_1     False  354  3.67
    1   part_2     False  354  3.59
    2   part_3     False  351  3.60
    3   part_4      True  355  2.32
    >>> res.distribution.query("variable == 'part_1'")[["code", "category", "n", "percent"]].round(1)
       code           category      n  percent
    0     1  Strongly disagree   11.0      3.1
    1     2           Disagree   39.0     11.0
    2     3            Neutral   87.0     24.6
    3     4              Agree  135.0     38.1
    4     5     Strongly agree   82.0     23.2
    """
    q = survey.questionnaire
    check_names(survey, [scale], option="scale", allowed={"scale"})
    language = language_of(q, language)
    items = list(q.scale(scale).items)
    codes, labels = codes_and_labels(q, items[0], language)
    _, w = weights_of(survey, weight)
    res = likert_distribution(survey.data[items], codes=codes, weights=None if w is None else w.to_numpy())
    item_labels = {i: q.variable_label(i, language) for i in items}
    dist = res.distribution.rename(columns={"item": "variable"})
    dist.insert(1, "label", dist["variable"].map(item_labels))
    dist.insert(3, "category", labels * len(items))
    stats = res.stats.rename(columns={"item": "variable"})
    stats.insert(1, "label", stats["variable"].map(item_labels))
    stats.insert(2, "reversed", [q.question(i).reverse for i in items])
    return LikertTable(dist, stats, scale)


@dataclass(frozen=True, repr=False)
class MultipleResponseTable(Result):
    """A multiple-response question, overall or by group.

    Attributes
    ----------
    table : DataFrame
        ``variable, label, group, group_label, code, category, n, pct_responses,
        pct_cases, suppressed, small`` (``group`` None without ``by``).
    cases : DataFrame
        ``group, group_label, n_cases, n_responses, n_none, n_missing``.
    """

    title = "Multiple response"
    table: pd.DataFrame
    cases: pd.DataFrame


def multiple_response_table(survey, question: str, by: str | None = None, *, language=None,
                            weight=None, min_cell=None) -> MultipleResponseTable:
    """Counts, % of responses and % of cases of a multiple-response question,
    optionally by the groups of a coded variable (percentages within each group).

    *Cases* are the respondents who chose at least one option; respondents who
    answered but chose none are ``n_none``; those who did not answer (every
    option missing, including respondents to whom the question did not apply)
    are ``n_missing``.

    Examples
    --------
    ``tasks`` is asked only of those who took part (skip logic), so the others
    count as missing here:

    >>> from surveykit import load_schema, read_survey, multiple_response_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = multiple_response_table(survey, "tasks", language="en")
    >>> res.table[["code", "n", "pct_responses", "pct_cases"]].round(1)
       code    n  pct_responses  pct_cases
    0     1  104           21.0       62.3
    1     2  101           20.4       60.5
    2     3   86           17.3       51.5
    3     4   64           12.9       38.3
    4     5   72           14.5       43.1
    5     6   69           13.9       41.3
    >>> res.cases
      group group_label  n_cases  n_responses  n_none  n_missing
    0  None        None      167          496       0        189
    """
    q = survey.questionnaire
    language = language_of(q, language)
    check_names(survey, [question], option="question", allowed={"multiple"})
    _, w = weights_of(survey, weight)
    weights = None if w is None else w.to_numpy()
    if by is None:
        group_codes, group_labels, values = [None], [None], None
    else:
        check_names(survey, [by], option="by", allowed=CATEGORICAL)
        group_codes, group_labels = codes_and_labels(q, by, language)
        values = survey.variable(by)
    table, cases = _options(survey, question, language, weights, min_cell, by=values,
                            by_codes=None if by is None else group_codes)
    label_of = dict(zip(group_codes, group_labels))
    table = table.assign(variable=question, label=q.variable_label(question, language),
                         group_label=table["group"].map(label_of))
    cases.insert(1, "group_label", cases["group"].map(label_of))
    columns = ["variable", "label", "group", "group_label", "code", "category", "n", "pct_responses",
               "pct_cases", "suppressed", "small"]
    return MultipleResponseTable(table[columns], cases)


def missing_summary(survey, vars=None, *, language=None) -> pd.DataFrame:
    """Missing data per variable, with the reasons the reader recorded.

    Returns
    -------
    DataFrame
        ``variable, label, type, n_valid, n_missing, n_not_applicable,
        missing_percent, n_missing_code, n_no_answer, n_invalid``: respondents with
        an answer, applicable but without one, not applicable (skip logic); the
        missing as a percentage of the applicable; and, for questions, missing
        because of a missing code, a "no answer" word, or an invalid value or one
        out of range (NaN for derived variables and scales). Default: every
        question that is not text or personal data, then derived variables and scales.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, missing_summary
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> cols = ["variable", "n_valid", "n_missing", "n_not_applicable", "n_invalid"]
    >>> missing_summary(survey, ["age", "part_4", "tasks"])[cols]
      variable  n_valid  n_missing  n_not_applicable  n_invalid
    0      age      356          0                 0          0
    1   part_4      355          1                 0          0
    2    tasks      167          0               189          0
    """
    q = survey.questionnaire
    language = language_of(q, language)
    if vars is None:
        vars = [x.name for x in q.questions if x.type not in ("text", "date") and not x.pii]
        vars += [d.name for d in q.derived] + [s.name for s in q.scales]
    names = check_names(survey, vars)
    events, problems, skipped = survey.events, survey.problems, skip_frame(survey)
    rows = []
    for name in names:
        item = q.find(name)
        na = not_applicable(survey, name, skipped)
        row = {"variable": name, "label": q.variable_label(name, language), "type": kind(q, name)}
        row |= _missing_counts(survey, name, na, None)
        if isinstance(item, Question):
            mine = events["variable"].isin([name, *item.columns])
            for status in ("missing_code", "no_answer"):
                row[f"n_{status}"] = events.loc[mine & (events["status"] == status), "row"].nunique()
            bad = problems[(problems["question"] == name)
                           & problems["check"].isin(["invalid_value", "out_of_range"])]["row"]
            missing_rows = survey.data.index[is_missing(survey, name)]
            row["n_invalid"] = int(np.isin(bad.unique(), missing_rows).sum())
        rows.append(row)
    columns = ["variable", "label", "type", "n_valid", "n_missing", "n_not_applicable", "missing_percent",
               "n_missing_code", "n_no_answer", "n_invalid"]
    return pd.DataFrame(rows, columns=columns)
