"""Crosstabs, group comparisons and correlations of survey variables, labelled from the schema.

Drivers over the primitives of :mod:`surveykit.compare`: they take variable
names (questions, derived variables, scales), put codes in the order of their
choice list, label rows, columns and groups in the chosen language, and give
each result the ``to_dict()`` of its JSON document in ``spec/cli.md``. The
statistics are the primitives' (checked against R in ``tests/test_compare.py``).

Like :mod:`surveykit.description`, the drivers analyse the survey they are given;
pass ``analysis_sample(survey)`` to analyse the respondents the quality checks keep.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists: {yn: {1: Yes, 2: No}, sex: {1: Male, 2: Female}}
... questions:
...   - {name: sex, type: single, choices: sex}
...   - {name: voted, type: single, choices: yn}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("sex,voted\\n" + "1,1\\n1,1\\n1,2\\n2,2\\n2,2\\n2,1\\n" * 5, encoding="utf-8")
>>> x = crosstab_table(read_survey(q, path), "sex", "voted")
>>> x.table  # doctest: +NORMALIZE_WHITESPACE
voted   Yes  No
sex
Male     10   5
Female    5  10
>>> round(x.stats.chi2, 4), x.stats.df
(3.3333, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._disclosure import check_min_cell, small_cells, suppress
from ._results import Result
from ._variables import CATEGORICAL, NUMERIC, check_names, codes_and_labels, language_of, weights_of
from .compare import Correlation, Crosstab, compare_groups, correlate, crosstab, posthoc
from .describe_stats import _encode
from .exceptions import OptionError

__all__ = ["crosstab_table", "CrosstabTable", "compare_table", "GroupTable", "correlation_table",
           "CorrelationTable", "POSTHOC_METHODS"]

#: Post-hoc methods by their command-line names.
POSTHOC_METHODS = {"tukey": "tukey", "games-howell": "games_howell", "games_howell": "games_howell"}


# ---- crosstabs ----

@dataclass(frozen=True, repr=False)
class CrosstabTable(Result):
    """A labelled crosstab as published, with the primitive's result behind it.

    Attributes
    ----------
    table : DataFrame
        Counts, rows and columns labelled and in code order; NaN where a count is
        suppressed (``min_cell``).
    row_pct, col_pct, residuals : DataFrame
        Row and column percentages and adjusted standardised residuals, labelled;
        NaN where the count is suppressed.
    tests : DataFrame
        ``test, statistic, df, p``: ``pearson``, ``yates`` (2x2), ``likelihood_ratio``,
        ``fisher`` (2x2; no statistic).
    row, col, row_label, col_label : str
    row_codes, col_codes, row_labels, col_labels : tuple
    suppressed : DataFrame of bool
        Cells hidden in the published tables (primary and complementary).
    small : DataFrame of bool
        The hidden cells that hold fewer than ``min_cell`` respondents (primary).
    stats : Crosstab
        The primitive's result: true counts, expected counts and every statistic
        (not for publication when cells are hidden).
    weight : str or None
        The weight variable used, if any.
    min_cell : int or None
    warnings : tuple of str
    """

    title = "Crosstab"
    table: pd.DataFrame
    row_pct: pd.DataFrame
    col_pct: pd.DataFrame
    residuals: pd.DataFrame
    tests: pd.DataFrame
    row: str
    col: str
    row_label: str
    col_label: str
    row_codes: tuple
    col_codes: tuple
    row_labels: tuple
    col_labels: tuple
    suppressed: pd.DataFrame
    small: pd.DataFrame
    stats: Crosstab
    weight: str | None = None
    min_cell: int | None = None
    warnings: tuple = field(default=())

    def to_dict(self) -> dict:
        """The JSON document of ``surveykit crosstab`` (``spec/cli.md``).

        With ``min_cell``, ``expected`` is null (expected counts give the row and
        column totals away) and ``note`` says that the tests use every count.
        """
        s = self.stats
        unweighted = self.weight is None

        def matrix(frame, counts=False):
            values = frame.astype(float).to_numpy()
            if counts and unweighted:  # respondents: whole numbers, None where suppressed
                return [[None if np.isnan(v) else int(v) for v in line] for line in values]
            return values.tolist()

        def count(x):
            return int(round(x)) if unweighted else x

        return {
            "row": self.row, "col": self.col, "row_label": self.row_label, "col_label": self.col_label,
            "row_codes": list(self.row_codes), "col_codes": list(self.col_codes),
            "row_labels": list(self.row_labels), "col_labels": list(self.col_labels),
            "table": matrix(self.table, counts=True), "n": count(s.n), "weight": self.weight,
            "n_missing": count(s.n_missing),
            "chi2": s.chi2, "df": s.df, "p": s.p, "chi2_yates": s.chi2_yates, "p_yates": s.p_yates,
            "g2": s.g2, "g2_p": s.g2_p, "fisher_p": s.fisher_p, "cramers_v": s.cramers_v,
            "min_expected": s.min_expected, "row_pct": matrix(self.row_pct), "col_pct": matrix(self.col_pct),
            "expected": None if self.min_cell else matrix(s.expected), "residuals": matrix(self.residuals),
            "min_cell": self.min_cell, "suppressed": self.suppressed.to_numpy().tolist(),
            "note": self.note, "warnings": list(self.warnings),
        }

    @property
    def note(self) -> str | None:
        """What a reader of a table with hidden cells needs to know about its tests."""
        if not self.min_cell:
            return None
        return (f"Counts of fewer than {self.min_cell} respondents are hidden, with the cells that would "
                "give them away, and so are their percentages and residuals; the expected counts are not "
                "published. The tests (chi-square, df, p, Cramér's V) are computed on all counts.")


def crosstab_table(survey, row: str, col: str, *, language: str | None = None, weight: str | None = None,
                   min_cell: int | None = None) -> CrosstabTable:
    """Crosstab of two coded variables with chi-square tests, labelled from the schema.

    Parameters
    ----------
    survey : SurveyData
    row, col : str
        Coded variables (questions, ``cut`` or ``any_of`` derived variables).
    language : str, optional
        Label language (default: the schema's first).
    weight : str, optional
        Weight variable (default: the question with ``role: weight``, if any):
        counts are sums of weights and the tests treat them as counts.
    min_cell : int, optional
        Hide counts of fewer than ``min_cell`` respondents in the published tables,
        with complementary cells so that no hidden count can be recovered from the
        row and column totals. Statistics use the true counts.

    Notes
    -----
    Statistics of :func:`surveykit.compare.crosstab` (R ``chisq.test``,
    ``fisher.test``, ``MASS::loglm``); the suppression decision uses the
    unweighted counts of respondents.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, crosstab_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> x = crosstab_table(survey, "party", "took_part", language="en")
    >>> x.table
    Took part in prevention work during the epidemic  Yes   No
    Party membership
    CPC member                                         41   18
    Not a party member                                126  171
    >>> x.tests.round(4)
                   test  statistic   df       p
    0           pearson    14.4800  1.0  0.0001
    1             yates    13.4136  1.0  0.0002
    2  likelihood_ratio    14.6923  1.0  0.0001
    3            fisher        NaN  NaN  0.0002
    """
    q = survey.questionnaire
    language = language_of(q, language)
    check_names(survey, [row], option="ROW", allowed=CATEGORICAL)
    check_names(survey, [col], option="COL", allowed=CATEGORICAL)
    if row == col:
        raise OptionError(f"ROW and COL are both {row!r}: a crosstab needs two different variables "
                          "(for the frequencies of one, use surveykit describe --vars)")
    check_min_cell(min_cell)
    (r_codes, r_labels), (c_codes, c_labels) = codes_and_labels(q, row, language), codes_and_labels(q, col, language)
    r_values, c_values = survey.variable(row), survey.variable(col)
    weight, w = weights_of(survey, weight)
    s = crosstab(r_values, c_values, row_codes=r_codes, col_codes=c_codes,
                 weights=None if w is None else w.to_numpy())
    respondents = _unweighted(r_values, r_codes, c_values, c_codes)
    hidden = suppress(respondents, min_cell)
    row_label, col_label = q.variable_label(row, language), q.variable_label(col, language)

    def labelled(values):
        return pd.DataFrame(np.asarray(values), index=pd.Index(r_labels, name=row_label),
                            columns=pd.Index(c_labels, name=col_label))

    def published(frame):
        return labelled(frame.astype(float).where(~hidden) if hidden.any() else frame)

    tests = pd.DataFrame({
        "test": ["pearson", "yates", "likelihood_ratio", "fisher"],
        "statistic": [s.chi2, s.chi2_yates, s.g2, None], "df": [s.df, 1 if s.chi2_yates is not None else None,
                                                               s.df, None],
        "p": [s.p, s.p_yates, s.g2_p, s.fisher_p]}).astype({"statistic": float, "df": float, "p": float})
    tests = tests[tests["p"].notna()].reset_index(drop=True)
    return CrosstabTable(
        table=published(s.table), row_pct=published(s.row_pct), col_pct=published(s.col_pct),
        residuals=published(s.residuals), tests=tests, row=row, col=col, row_label=row_label,
        col_label=col_label, row_codes=tuple(r_codes), col_codes=tuple(c_codes), row_labels=tuple(r_labels),
        col_labels=tuple(c_labels), suppressed=labelled(hidden),
        small=labelled(small_cells(respondents, min_cell)), stats=s,
        weight=weight, min_cell=min_cell, warnings=s.warnings)


def _unweighted(r_values, r_codes, c_values, c_codes) -> np.ndarray:
    """Respondents per cell (the basis of disclosure control, whatever the weights)."""
    ri, _ = _encode(r_values, r_codes, what="the row variable")
    ci, _ = _encode(c_values, c_codes, what="the column variable")
    ok = (ri >= 0) & (ci >= 0)
    return np.bincount(ri[ok] * len(c_codes) + ci[ok], minlength=len(r_codes) * len(c_codes)
                       ).reshape(len(r_codes), len(c_codes))


# ---- group comparisons ----

@dataclass(frozen=True, repr=False)
class GroupTable(Result):
    """Numeric variables compared across the groups of a coded variable.

    Attributes
    ----------
    tests : DataFrame
        ``var, label, test, statistic, df, df2, p, effect, effect_size, ci_low, ci_high``
        (:func:`surveykit.compare.compare_groups`).
    groups : DataFrame
        ``var, label, code, category, n, mean, sd``, groups in code order.
    posthoc : DataFrame
        ``var, label, group1, group1_label, group2, group2_label, diff, se, statistic,
        df, p, ci_low, ci_high`` for variables compared across more than two groups
        (empty without ``posthoc``).
    by, by_label : str
    posthoc_method : str or None
    warnings : tuple of str
    """

    title = "Group comparison"
    tests: pd.DataFrame
    groups: pd.DataFrame
    posthoc: pd.DataFrame
    by: str
    by_label: str
    posthoc_method: str | None = None
    warnings: tuple = field(default=())

    def to_dict(self) -> dict:
        """The JSON document of ``surveykit compare`` (``spec/cli.md``): F tests give
        ``df`` as ``[df1, df2]``."""
        results = []
        for var, label in dict(zip(self.groups["var"], self.groups["label"])).items():
            groups = self.groups[self.groups["var"] == var]
            tests = []
            for t in self.tests[self.tests["var"] == var].to_dict("records"):
                df = [t["df"], t["df2"]] if np.isfinite(t["df2"]) else t["df"]
                tests.append({"test": t["test"], "statistic": t["statistic"], "df": df, "p": t["p"],
                              "effect": t["effect"], "effect_size": t["effect_size"],
                              "ci_low": t["ci_low"], "ci_high": t["ci_high"]})
            result = {"var": var, "label": label,
                      "groups": groups[["code", "category", "n", "mean", "sd"]]
                      .rename(columns={"category": "label"}).to_dict("records"),
                      "tests": tests}
            if self.posthoc_method is not None:
                result["posthoc"] = self.posthoc[self.posthoc["var"] == var].drop(
                    columns=["var", "label"]).to_dict("records")
            results.append(result)
        return {"by": self.by, "by_label": self.by_label, "posthoc_method": self.posthoc_method,
                "results": results, "warnings": list(self.warnings)}


POSTHOC_COLUMNS = ["var", "label", "group1", "group1_label", "group2", "group2_label", "diff", "se",
                   "statistic", "df", "p", "ci_low", "ci_high"]


def compare_table(survey, by: str, vars, *, posthoc_method: str | None = None, language: str | None = None,
                  levene_center: str = "mean") -> GroupTable:
    """Compare numeric variables (scales, Likert items, numbers) across groups.

    Parameters
    ----------
    survey : SurveyData
    by : str
        A coded variable; its codes in schema order define the groups (with two
        groups, t statistics and d are first group minus second).
    vars : list of str
        Numeric variables: scales, ``likert``/``ordinal``/``integer``/``number`` questions.
    posthoc_method : {"tukey", "games-howell"}, optional
        Pairwise comparisons for variables compared across more than two groups.
    language : str, optional
    levene_center : {"mean", "median"}

    Notes
    -----
    Tests of :func:`surveykit.compare.compare_groups` (R ``t.test``,
    ``car::leveneTest``, ``wilcox.test``, ``aov``, ``oneway.test``,
    ``kruskal.test``) and :func:`surveykit.compare.posthoc` (``TukeyHSD``,
    Games–Howell). Two groups: Welch's ``t = (m1 - m2) / sqrt(s1^2/n1 + s2^2/n2)``,
    Cohen's ``d = (m1 - m2) / s_pooled``; more groups: ``F = (SS_between / (k - 1))
    / (SS_within / (n - k))`` and ``eta_sq = SS_between / SS_total``.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, compare_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = compare_table(survey, "gender", ["participation", "belonging"], language="en")
    >>> res.groups[["var", "category", "n", "mean", "sd"]].round(3)
                 var category    n   mean     sd
    0  participation     Male  157  3.581  0.790
    1  participation   Female  198  3.686  0.751
    2      belonging     Male  156  3.494  0.874
    3      belonging   Female  197  3.657  0.870
    >>> res.tests.query("test == 'welch_t'")[["var", "statistic", "df", "p"]].round(3)
                 var  statistic       df      p
    1  participation     -1.276  326.730  0.203
    5      belonging     -1.744  331.987  0.082

    Four age groups, with Tukey's pairwise comparisons:

    >>> res = compare_table(survey, "age_group", ["participation"], posthoc_method="tukey")
    >>> res.tests[["test", "statistic", "p", "effect", "effect_size"]].round(3)
              test  statistic      p      effect  effect_size
    0        anova      3.662  0.013      eta_sq        0.031
    1  welch_anova      3.605  0.015         NaN          NaN
    2      kruskal     12.024  0.007  epsilon_sq        0.034
    3       levene      0.246  0.864         NaN          NaN
    >>> res.posthoc[["group1", "group2", "diff", "p"]].round(3)
       group1  group2   diff      p
    0       1       2 -0.191  0.403
    1       1       3  0.107  0.819
    2       1       4  0.092  0.931
    3       2       3  0.298  0.010
    4       2       4  0.283  0.135
    5       3       4 -0.015  0.999
    """
    q = survey.questionnaire
    language = language_of(q, language)
    check_names(survey, [by], option="--by", allowed=CATEGORICAL)
    names = check_names(survey, vars, allowed=NUMERIC)
    if posthoc_method is not None and posthoc_method not in POSTHOC_METHODS:
        raise OptionError(f"--posthoc must be 'tukey' or 'games-howell', not {posthoc_method!r}")
    codes, labels = codes_and_labels(q, by, language)
    frame = survey.frame(names)
    group = survey.variable(by)
    res = compare_groups(frame, by=group, items=names, codes=codes, levene_center=levene_center)
    var_labels = {n: q.variable_label(n, language) for n in names}
    label_of = dict(zip(codes, labels))
    tests = res.tests.copy()
    tests.insert(1, "label", tests["var"].map(var_labels))
    groups = res.groups.copy()
    groups.insert(1, "label", groups["var"].map(var_labels))
    groups.insert(3, "category", groups["code"].map(label_of))
    pairs = []
    if posthoc_method is not None:
        method = POSTHOC_METHODS[posthoc_method]
        for name in names:
            if (tests["var"] == name).any() and (tests.loc[tests["var"] == name, "test"] == "anova").any():
                ph = posthoc(frame, by=group, item=name, codes=codes, method=method)
                pairs.append(ph.assign(var=name, label=var_labels[name],
                                       group1_label=ph["group1"].map(label_of),
                                       group2_label=ph["group2"].map(label_of)))
    ph_frame = (pd.concat(pairs, ignore_index=True)[POSTHOC_COLUMNS] if pairs
                else pd.DataFrame({c: pd.Series(dtype=object) for c in POSTHOC_COLUMNS}))
    return GroupTable(tests, groups, ph_frame, by, q.variable_label(by, language),
                      posthoc_method=None if posthoc_method is None else POSTHOC_METHODS[posthoc_method],
                      warnings=res.warnings)


# ---- correlations ----

@dataclass(frozen=True)
class CorrelationTable(Correlation):
    """A correlation matrix of survey variables; ``descriptives`` has a ``label`` column."""

    def to_dict(self) -> dict:
        """The JSON document of ``surveykit correlate`` (``spec/cli.md``)."""
        d = self.descriptives
        return {"method": self.method, "vars": list(self.r.index), "labels": d["label"].tolist(),
                "r": self.r.to_numpy().tolist(), "p": self.p.to_numpy().tolist(),
                "n": self.n.to_numpy().tolist(), "means": d["mean"].tolist(), "sds": d["sd"].tolist()}


def correlation_table(survey, vars=None, *, method: str = "pearson",
                      language: str | None = None) -> CorrelationTable:
    """Pairwise correlation matrix with p-values, n, means and sds (default: the scales).

    Notes
    -----
    Statistics of :func:`surveykit.compare.correlate`: each pair uses the
    respondents who answered both; ``t = r sqrt((n - 2) / (1 - r^2))`` on
    ``n - 2`` df, two-sided, as R ``cor.test`` per pair (Spearman: Pearson's r
    of the mid-ranks, ``cor.test(method = "spearman", exact = FALSE)``).

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, correlation_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = correlation_table(survey, ["participation", "grid", "belonging"])
    >>> res.r.round(3)
                   participation   grid  belonging
    participation          1.000  0.303      0.256
    grid                   0.303  1.000      0.247
    belonging              0.256  0.247      1.000
    >>> int(res.n.loc["grid", "belonging"]), float(res.p.loc["grid", "belonging"]) < .001
    (353, True)
    """
    q = survey.questionnaire
    language = language_of(q, language)
    names = check_names(survey, [s.name for s in q.scales] if vars is None else vars, allowed=NUMERIC)
    res = correlate(survey.frame(names), method=method)
    desc = res.descriptives.copy()
    desc.insert(1, "label", [q.variable_label(n, language) for n in desc["variable"]])
    return CorrelationTable(res.r, res.p, res.n, desc, res.method)
