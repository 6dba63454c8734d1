"""Regression on the variables of a questionnaire: the schema-aware layer over the models.

``regress(survey, outcome=..., predictors=[...])`` names variables as the
schema does (questions, derived variables, scale scores) and returns one
:class:`RegressionResult` whose coefficient table has the columns of the
``regress`` JSON contract plus a ``label`` column in the chosen language.
The numbers are those of the primitives in :mod:`surveykit.models` (checked
against R there); this module decides how each variable enters a model:

* ``single`` and ``ordinal`` predictors (and derived ``cut``/``any_of``
  variables) enter as 0/1 dummies ``VAR=CODE`` against the *first code of the
  schema's choice list* that occurs in the model's sample (not the smallest
  code); each dummy is labelled ``variable label=answer label`` (``性别=女``);
* ``likert``, ``integer``, ``number`` questions and scale scores enter as numbers;
* a ``logit`` outcome is 0/1 or has two codes and the model predicts the
  higher one (the later one in the choice list for text codes), or the code
  named by ``event`` against all others;
* an ``ologit`` outcome has three or more ordered codes, in choice-list order;
  thresholds are named ``CODE_a/CODE_b`` and labelled with the answer labels.

Missing data are handled listwise over the model's variables (and the cluster
variable), and ``n`` is that sample. Like the other schema-aware drivers this
one analyses the survey it is given; the command line passes it
``analysis_sample(survey)`` (:mod:`surveykit.sample`), the respondents that
the schema's quality checks keep.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit import loads_schema, read_survey
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... languages: [zh, en]
... choice_lists: {sex: {1: {zh: 男, en: Male}, 2: {zh: 女, en: Female}}}
... questions:
...   - {name: sex, type: single, choices: sex, label: {zh: 性别, en: Sex}}
...   - {name: x, type: number, label: {zh: 信任, en: Trust}}
...   - {name: y, type: number, label: {zh: 参与, en: Participation}}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "raw.csv"
>>> _ = path.write_text("sex,x,y\\n1,1,2\\n2,2,3.5\\n1,3,3.9\\n2,4,6.1\\n1,5,5.8\\n2,,7\\n",
...                     encoding="utf-8")
>>> r = regress(read_survey(q, path), outcome="y", predictors=["x", "sex"])
>>> r.coefficients[["term", "label", "b"]].round(3)
    term label     b
0  const  (常量)  0.84
1      x    信任  1.02
2  sex=2  性别=女  0.90
>>> r.n
5
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ._regression_frame import (
    CATEGORICAL_KINDS, NUMERIC_KINDS, build_frame, labelled, model_outcome, slope_labels,
)
from ._regression_result import RegressionResult
from ._variables import check_names, kind, language_of
from .exceptions import OptionError

__all__ = ["regress", "RegressionResult", "regression_table", "MODELS", "ROBUST"]

#: Model names of ``model=`` / ``--model``.
MODELS = ("ols", "logit", "ologit")
#: Heteroscedasticity-consistent kinds of ``robust=``; ``"cluster:VAR"`` clusters by VAR.
ROBUST = ("hc0", "hc1", "hc2", "hc3")


def _parse_robust(robust: str | None) -> tuple[str | None, str | None]:
    if robust is None:
        return None, None
    text = str(robust).strip()
    if text.lower().startswith("cluster:"):
        var = text.split(":", 1)[1].strip()
        if not var:
            raise OptionError("--robust cluster:VAR needs the name of the cluster variable "
                              "(e.g. cluster:building)")
        return "cluster", var
    if text.lower() not in ROBUST:
        raise OptionError(f"--robust must be one of {', '.join(ROBUST)} or cluster:VAR, "
                          f"not {robust!r}")
    return text.lower(), None


def _as_names(x) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


# -- fitting --------------------------------------------------------------------------------------
def regress(survey, /, *, outcome: str, predictors=(), model: str = "ols",
            robust: str | None = None, blocks=None, focal: str | None = None,
            moderator: str | None = None, at=None, center: bool = True,
            mediator: str | None = None, n_boot: int = 5000, seed: int | None = None,
            event=None, ci_level: float = 0.95, language: str | None = None,
            progress=None) -> RegressionResult:
    """Regress a schema variable on others (OLS, logit, ordered logit, blocks, moderation, mediation).

    Parameters
    ----------
    survey : SurveyData
        The data with its questionnaire (pass ``analysis_sample(survey)`` to
        analyse the respondents the quality checks keep).
    outcome : str
        Outcome variable (question, derived variable or scale).
    predictors : list of str
        Predictors, in the order of their terms. With ``blocks`` they form the
        first block; with ``moderator`` or ``mediator`` the ones other than
        ``focal`` are covariates.
    model : {"ols", "logit", "ologit"}
        Linear, binary logistic or ordered logistic regression.
    robust : {None, "hc0", "hc1", "hc2", "hc3", "cluster:VAR"}
        Robust covariance of the coefficients; ``cluster:VAR`` clusters
        respondents by the variable VAR (building, grid...). Not for ``ologit``
        or mediation.
    blocks : list of lists of str, optional
        Hierarchical OLS: predictors entered one block at a time (after
        ``predictors``), with R-squared change tests; all steps use one sample.
    focal, moderator : str, optional
        Moderation (OLS): the focal predictor's slope as a function of the
        moderator (numeric, or a question with two codes, coded 0/1 for its
        second code).
    at : list of float, optional
        Moderator values of the simple slopes (default mean - SD, mean, mean + SD,
        or the two codes of a two-code moderator).
    center : bool
        Mean-centre focal and moderator before forming their product.
    mediator : str, optional
        Simple mediation (OLS): ``focal`` (or the single predictor) -> mediator
        -> outcome, with the other predictors as covariates.
    n_boot : int
        Bootstrap resamples of the mediation's indirect effect.
    seed : int, optional
        Seed of the bootstrap (reproducible intervals).
    progress : callable, optional
        ``progress(done, total)`` during the mediation bootstrap (for a progress bar).
    event : code, optional
        Logit: the code predicted, against all other codes (default the higher
        of two codes).
    ci_level : float
        Level of the confidence intervals.
    language : str, optional
        Language of the labels (default the schema's first language).

    Returns
    -------
    RegressionResult

    Raises
    ------
    OptionError
        Unknown variables, a variable of a kind the model cannot take,
        incompatible options.
    DataError
        A constant predictor, collinear predictors, an outcome with one category,
        separation in a logit, too few complete cases: one message naming the
        variables.

    Notes
    -----
    Matches R with factors whose levels are in choice-list order:
    ``lm(y ~ x + factor(g, levels=codes))``, ``glm(..., binomial)`` on
    ``y == event``, ``MASS::polr`` on ``factor(y, levels=codes, ordered=TRUE)``;
    see the primitives of :mod:`surveykit.models` for the formulas. ``beta`` is
    b sd(x) / sd(y) over the model's sample (OLS only; NaN for the logits);
    ``vif`` is that of the predictor columns (as ``car::vif`` on the linear model
    with the same predictors), reported for the logits too.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, regress
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = regress(survey, outcome="participation", predictors=["grid", "belonging", "gender"])
    >>> res.coefficients[["term", "b", "se", "p", "beta"]].round(3)
            term      b     se      p   beta
    0      const  2.096  0.217  0.000    NaN
    1       grid  0.250  0.050  0.000  0.258
    2  belonging  0.165  0.046  0.000  0.187
    3   gender=2  0.086  0.078  0.267  0.056
    >>> round(float(res.statistics["r2"]), 3), int(res.statistics["n"])
    (0.131, 352)

    A logit of having taken part (code 1, "Yes"):

    >>> res = regress(survey, outcome="took_part", predictors=["participation", "party"],
    ...               model="logit", event=1)
    >>> res.coefficients[["term", "b", "se", "p"]].round(3)
                term      b     se      p
    0          const -4.035  0.764  0.000
    1  participation  1.267  0.183  0.000
    2        party=2 -0.891  0.335  0.008
    """
    from .models import hierarchical, mediation, moderation, ols
    from .models.design import design_matrix
    from .models.logit import fit_logit
    from .models.ols import fit_ols, vif_table
    from .models.ordinal import fit_ordered_logit

    q = survey.questionnaire
    language = language_of(q, language)
    model = str(model).lower()
    if model not in MODELS:
        raise OptionError(f"--model must be one of {', '.join(MODELS)}, not {model!r}")
    predictors = _as_names(predictors)
    block_list = [_as_names(b) for b in blocks] if blocks else []
    if blocks is not None and (not block_list or any(not b for b in block_list)):
        raise OptionError("--block: every block needs at least one predictor (e.g. --block age,"
                          "gender --block trust)")
    special = [w for w, v in (("blocks", block_list), ("moderator", moderator),
                              ("mediator", mediator)) if v]
    if len(special) > 1:
        raise OptionError(f"give one of blocks, moderator or mediator per model, not "
                          f"{' and '.join(special)}")
    if special and model != "ols":
        raise OptionError(f"{special[0]} models are linear (OLS); --model {model} cannot "
                          "take them")
    if focal is not None and not (moderator or mediator):
        raise OptionError("--focal names the focal predictor of a moderation (--moderator) "
                          "or mediation (--mediator)")
    all_blocks = ([predictors] if predictors else []) + block_list
    names = [v for b in all_blocks for v in b]
    if moderator or mediator:
        role, third = ("moderator", moderator) if moderator else ("mediator", mediator)
        if focal is None:
            rest = [v for v in names if v != third]
            if len(rest) != 1:
                raise OptionError(f"--focal: name the focal predictor of the {role} model "
                                  f"(one of {', '.join(rest) or 'the predictors'})")
            focal = rest[0]
        names = [focal, third, *[v for v in names if v not in (focal, third)]]
    if not names:
        raise OptionError("--predictors: no predictors named")
    check_names(survey, [outcome], option="--outcome")
    check_names(survey, names, option="--predictors", allowed=CATEGORICAL_KINDS | NUMERIC_KINDS)
    dup = sorted({v for v in names if names.count(v) > 1})
    if dup:
        raise OptionError(f"--predictors: {', '.join(dup)} listed more than once")
    if outcome in names:
        raise OptionError(f"--outcome {outcome!r} is also listed as a predictor")
    cov_kind, cluster = _parse_robust(robust)
    if cluster is not None:
        check_names(survey, [cluster], option="--robust cluster:VAR")
    if cov_kind is not None and (model == "ologit" or mediator):
        raise OptionError("robust standard errors are available for ols and logit models "
                          f"(not for {'the ordered logit' if model == 'ologit' else 'mediation'})")
    for role, v in (("focal", focal), ("mediator", mediator)):
        if v is not None and kind(q, v) in CATEGORICAL_KINDS:
            raise OptionError(f"the {role} variable {v!r} is {kind(q, v)}; it must be numeric "
                              "(a scale score, a likert, integer or number question)")

    # listwise over the model's variables (and the cluster variable)
    series = {v: survey.variable(v) for v in dict.fromkeys([outcome, *names, *_as_names(cluster)])}
    keep = np.logical_and.reduce([s.notna().to_numpy() for s in series.values()])
    y, event_info, thresholds = model_outcome(survey, outcome, series[outcome], keep, model, event,
                                         language)
    frame = build_frame(survey, series, keep, outcome=outcome, predictors=names,
                         language=language, outcome_values=y, cluster=cluster)
    cl = f"cluster:{cluster}" if cluster else None
    common = dict(model=model, outcome=outcome, outcome_label=frame.labels[outcome],
                  language=language, reference=frame.reference)

    if block_list:
        res = hierarchical(frame.data, outcome=outcome, blocks=[frame.terms(b) for b in all_blocks],
                           robust=cov_kind, cluster=cl, ci_level=ci_level)
        steps = res.steps.assign(added=[", ".join(b) for b in all_blocks])
        tables = tuple(labelled(m.coefficients, frame) for m in res.models)
        final = res.models[-1]
        return RegressionResult(coefficients=tables[-1], statistics=_statistics(final),
                                n=final.n, steps=steps, step_models=tables, fit=res,
                                warnings=tuple(final.warnings), **common)

    if moderator:
        mod_terms = frame.columns[moderator]
        if len(mod_terms) > 1:
            raise OptionError(f"the moderator {moderator!r} has {len(mod_terms) + 1} categories "
                              "in the model's sample; a categorical moderator must have two "
                              "(or use a numeric moderator)")
        two_codes = mod_terms[0] != moderator
        values = at if at is not None else ([0.0, 1.0] if two_codes else None)
        res = moderation(frame.data, outcome=outcome, focal=focal, moderator=mod_terms[0],
                         covariates=frame.terms(names[2:]), center=center, at=values,
                         robust=cov_kind, cluster=cl, ci_level=ci_level)
        slopes = res.slopes.copy()
        slopes.insert(1, "label", slope_labels(frame, moderator, two_codes, at, len(slopes)))
        return RegressionResult(coefficients=labelled(res.coefficients, frame),
                                statistics=_statistics(res.model, r2_change=res.r2_change,
                                                       f_change=res.f_change,
                                                       p_change=res.p_change),
                                n=res.n, slopes=slopes, fit=res,
                                warnings=tuple(res.model.warnings), **common)

    if mediator:
        covs = frame.terms(names[2:])
        res = mediation(frame.data, x=focal, m=mediator, y=outcome, covariates=covs,
                        n_boot=n_boot, ci_level=ci_level, seed=seed, progress=progress)
        outcome_model = ols(frame.data, outcome=outcome, predictors=[focal, mediator, *covs],
                            ci_level=ci_level)
        paths = res.paths.copy()
        lx, lm, ly = frame.labels[focal], frame.labels[mediator], frame.labels[outcome]
        paths.insert(1, "label", [f"{lx} → {lm}", f"{lm} → {ly}", f"{lx} → {ly}",
                                  f"{lx} → {ly} | {lm}"])
        info = {"x": focal, "m": mediator, "y": outcome, "n": res.n, "n_boot": res.n_boot,
                "seed": res.seed, "ci_level": res.ci_level, "prop_mediated": res.prop_mediated}
        return RegressionResult(coefficients=labelled(outcome_model.coefficients, frame),
                                statistics=_statistics(outcome_model), n=res.n, paths=paths,
                                indirect=res.indirect, fit=res, mediation=info,
                                warnings=tuple(res.warnings), **common)

    terms = frame.terms(names)
    design = design_matrix(frame.data, outcome=outcome, predictors=terms,
                           extra=[cl] if cl else [])
    design = dataclasses.replace(design, variables=frame.variables(design.terms))
    clusters = design.extra[cl] if cl else None
    if model == "ols":
        fit = fit_ols(design, robust=cov_kind, clusters=clusters, ci_level=ci_level)
        table = fit.coefficients
    else:
        vif = np.r_[np.nan, vif_table(design)[0]]
        if model == "logit":
            fit = fit_logit(design, robust=cov_kind, clusters=clusters, ci_level=ci_level)
            table = fit.coefficients.assign(beta=np.nan, vif=vif)
        else:
            fit = fit_ordered_logit(_without_const(design), ci_level=ci_level)
            k = fit.n_categories - 1
            table = fit.coefficients.assign(beta=np.nan, vif=np.r_[vif[1:], np.full(k, np.nan)])
            renamed = [thresholds[t] for t in table["term"].iloc[-k:]]
            table["term"] = [*table["term"].iloc[:-k], *(t for t, _ in renamed)]
            frame.labels.update(dict(renamed))
    extra = {}
    me = None
    if model == "logit":
        extra = event_info
        me = labelled(fit.marginal_effects, frame)
    return RegressionResult(coefficients=labelled(table, frame),
                            statistics=_statistics(fit, **extra), n=fit.n,
                            marginal_effects=me, fit=fit, warnings=tuple(fit.warnings), **common)


def _without_const(design):
    """The design without its ``const`` column (the ordered logit has thresholds instead)."""
    return dataclasses.replace(design, X=design.X[:, 1:], terms=design.terms[1:],
                               variables=design.variables[1:], xtx=design.xtx[1:, 1:],
                               xty=design.xty[1:])


def _statistics(fit, **more) -> pd.Series:
    """Scalars of a primitive's fit (its ``to_dict`` without the tables), plus ``more``."""
    skip = {"model", "outcome", "coefficients", "warnings"}
    stats = {k: v for k, v in fit.to_dict().items() if k not in skip}
    stats.update(more)
    return pd.Series(stats, dtype=object)


def regression_table(results, names=None) -> pd.DataFrame:
    """Several regressions side by side: terms as rows (with labels), models as columns.

    Parameters
    ----------
    results : list of RegressionResult
    names : list of str, optional
        Column names of the models; default ``(1)``, ``(2)``...

    Returns
    -------
    DataFrame
        As :func:`surveykit.models.model_table` (columns (model, stat) with stat
        in b, se, p; fit rows n, r2, adj_r2, pseudo_r2, aic, bic at the
        bottom), with a ``label`` column first.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, regress, regression_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> m1 = regress(survey, outcome="participation", predictors=["grid"], language="en")
    >>> m2 = regress(survey, outcome="participation", predictors=["grid", "belonging"], language="en")
    >>> table = regression_table([m1, m2])
    >>> table.xs("b", axis=1, level="stat").round(3)
    model          (1)      (2)
    term
    const        2.586    2.133
    grid         0.293    0.248
    belonging      NaN    0.170
    n          355.000  352.000
    r2           0.092    0.127
    adj_r2       0.089    0.122
    aic        791.528  774.381
    bic        803.144  789.835
    >>> table.loc["grid", ("label", "")]
    "Grid workers' competence"
    """
    from types import SimpleNamespace

    from .models import model_table

    results = list(results)
    shown = [SimpleNamespace(coefficients=r.coefficients, **r.statistics.to_dict())
             for r in results]
    table = model_table(shown, names=names)
    labels = {}
    for r in results:
        labels.update(zip(r.coefficients["term"], r.coefficients["label"]))
    table.insert(0, ("label", ""), [labels.get(t, t) for t in table.index])
    return table
