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
import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ._results import Result
from ._variables import check_names, codes_and_labels, kind, language_of
from .exceptions import DataError, OptionError

__all__ = ["regress", "RegressionResult", "regression_table", "MODELS", "ROBUST"]

#: Model names of ``model=`` / ``--model``.
MODELS = ("ols", "logit", "ologit")
#: Heteroscedasticity-consistent kinds of ``robust=``; ``"cluster:VAR"`` clusters by VAR.
ROBUST = ("hc0", "hc1", "hc2", "hc3")

#: Kinds entered as dummies, and kinds entered as numbers.
CATEGORICAL_KINDS = frozenset({"single", "ordinal"})
NUMERIC_KINDS = frozenset({"likert", "integer", "number", "scale"})
#: Outcome kinds allowed by each model.
OUTCOME_KINDS = {"ols": NUMERIC_KINDS | {"ordinal"},
                 "logit": CATEGORICAL_KINDS | NUMERIC_KINDS - {"scale"},
                 "ologit": frozenset({"likert", "ordinal", "integer"})}
_CONST = {"zh": "(常量)", "en": "(Constant)"}
_NAMES = {"ols": "a linear regression", "logit": "a logit", "ologit": "an ordered logit"}


@dataclass(frozen=True, repr=False)
class RegressionResult(Result):
    """A regression on schema variables.

    ``coefficients``: term, label, then the columns of the model's primitive
    (OLS: b, se, t, p, ci_low, ci_high, beta, vif, tolerance; logit: b, se, z,
    p, ci_low, ci_high, odds_ratio, or_ci_low, or_ci_high, beta (NaN), vif;
    ordered logit: the same with thresholds ``CODE_a/CODE_b`` last).
    ``statistics``: the fit statistics of the model (n, r2, adj_r2, f, f_p,
    aic, bic, durbin_watson... for OLS; pseudo_r2, loglik, lr_chi2... for the
    logits). ``reference``: variable, code, label of the reference category of
    each categorical predictor. Optional tables: ``marginal_effects`` (logit), ``steps``
    (hierarchical blocks), ``slopes`` (moderation), ``paths`` and ``indirect``
    (mediation). ``fit`` holds the primitive's result object (for a
    hierarchical model, mediation or moderation: that result, whose final or
    outcome model is the one tabled in ``coefficients``).
    """

    title: ClassVar[str] = "Regression"
    coefficients: pd.DataFrame
    statistics: pd.Series
    model: str
    outcome: str
    outcome_label: str
    language: str
    n: int
    reference: pd.DataFrame | None = None
    marginal_effects: pd.DataFrame | None = None
    steps: pd.DataFrame | None = None
    slopes: pd.DataFrame | None = None
    paths: pd.DataFrame | None = None
    indirect: pd.DataFrame | None = None
    fit: Any = None
    step_models: tuple = ()
    mediation: dict | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The ``regress`` JSON document (``spec/cli.md``), with the optional parts present."""
        out = {"model": self.model, "outcome": self.outcome, "outcome_label": self.outcome_label,
               "language": self.language}
        out.update({k: _plain(v) for k, v in self.statistics.items()})
        out["coefficients"] = _records(self.coefficients)
        if self.reference is not None:
            out["reference"] = _records(self.reference)
        if self.marginal_effects is not None:
            out["marginal_effects"] = _records(self.marginal_effects)
        if self.steps is not None:
            out["steps"] = [{**{k: _plain(v) for k, v in row.items()},
                             "coefficients": _records(table)}
                            for row, table in zip(self.steps.to_dict("records"), self.step_models)]
        if self.slopes is not None:
            out["slopes"] = _records(self.slopes)
        if self.mediation is not None:
            out["mediation"] = {**{k: _plain(v) for k, v in self.mediation.items()},
                                "paths": _records(self.paths), "indirect": _records(self.indirect)}
        out["warnings"] = list(self.warnings)
        return out


def _plain(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return v


def _records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts; ``ci_low``/``ci_high`` become ``ci: [low, high]`` (likewise ``or_ci``)."""
    out = []
    for row in table.to_dict("records"):
        rec = {}
        for k, v in row.items():
            if k.endswith("ci_low"):
                rec[k[:-4]] = [_plain(v), _plain(row[k[:-3] + "high"])]
            elif not k.endswith("ci_high"):
                rec[k] = _plain(v)
        out.append(rec)
    return out


# -- the model frame: schema variables -> numeric columns -----------------------------------------
@dataclass
class _Frame:
    """Numeric columns of a model with the source variable and label of each term."""

    data: pd.DataFrame
    columns: dict[str, list[str]]          # variable -> its columns (terms) in the frame
    labels: dict[str, str]                 # term or variable -> label
    language: str
    reference: pd.DataFrame                # variable, code, label of each reference category

    def terms(self, names) -> list[str]:
        return [t for v in names for t in self.columns[v]]

    def variables(self, terms) -> tuple[str, ...]:
        owner = {t: v for v, ts in self.columns.items() for t in ts}
        return tuple(owner.get(t, "") for t in terms)

    def label(self, term: str) -> str:
        if term == "const":
            return _CONST.get(self.language, _CONST["en"])
        if ":" in term and term not in self.labels:
            return " × ".join(self.labels.get(p, p) for p in term.split(":"))
        return self.labels.get(term, term)


def _code_positions(values: pd.Series, codes: list) -> np.ndarray:
    """Position of each value in ``codes`` (-1 where missing or not a code)."""
    pos = np.full(len(values), -1)
    raw = values.to_numpy()
    for i, c in enumerate(codes):
        pos[raw == (float(c) if not isinstance(c, str) else c)] = i
    return pos


def _build_frame(survey, series: dict, keep: np.ndarray, *, outcome: str, predictors: list[str],
                 language: str, outcome_values: pd.Series, cluster: str | None) -> _Frame:
    """Numeric columns: dummies against the first schema code observed in the sample, labels."""
    q = survey.questionnaire
    data = {outcome: outcome_values.astype(np.float64)}
    columns: dict[str, list[str]] = {outcome: [outcome]}
    labels = {outcome: q.variable_label(outcome, language)}
    reference = []
    for v in predictors:
        labels[v] = q.variable_label(v, language)
        if kind(q, v) not in CATEGORICAL_KINDS:
            data[v] = series[v].astype(np.float64)
            columns[v] = [v]
            continue
        codes, code_labels = codes_and_labels(q, v, language)
        pos = _code_positions(series[v], codes)
        seen = np.unique(pos[keep & (pos >= 0)])
        if len(seen) < 2:
            only = (f"only code {codes[seen[0]]} ({code_labels[seen[0]]})" if len(seen)
                    else "no answers")
            raise DataError(f"predictor {v!r} is constant in the model's sample "
                            f"(n={int(keep.sum())}, {only}); a constant predictor cannot be "
                            "estimated: drop it")
        reference.append((v, codes[seen[0]], f"{labels[v]}={code_labels[seen[0]]}"))
        columns[v] = []
        missing = pos < 0
        for i in seen[1:]:
            term = f"{v}={codes[i]}"
            col = (pos == i).astype(np.float64)
            col[missing] = np.nan
            data[term] = col
            columns[v].append(term)
            labels[term] = f"{labels[v]}={code_labels[i]}"
    if cluster is not None:
        data[f"cluster:{cluster}"] = series[cluster]
    return _Frame(pd.DataFrame(data, index=survey.data.index), columns, labels, language,
                  pd.DataFrame(reference, columns=["variable", "code", "label"]))


def _outcome(survey, name: str, values: pd.Series, keep: np.ndarray, model: str, event,
             language: str):
    """The outcome as the model needs it: numbers, a 0/1 event, or ordered positions.

    Returns (values, event_info, threshold_names) where threshold_names maps the
    ordered logit's position pairs ``i/j`` to ``CODE_a/CODE_b`` and their labels.
    """
    q = survey.questionnaire
    k = kind(q, name)
    if k not in OUTCOME_KINDS[model]:
        hint = {"ols": "a categorical outcome needs --model logit (two codes) or ologit "
                       "(ordered codes)",
                "logit": "a logit outcome is 0/1 or has two codes",
                "ologit": "an ordered logit needs an outcome with ordered codes (likert, "
                          "ordinal or integer); for a scale score use ols, or cut it into "
                          "groups with a derived variable"}[model]
        raise OptionError(f"--outcome: {name!r} is {k}, which {_NAMES[model]} cannot "
                          f"take; {hint}")
    codes, code_labels = codes_and_labels(q, name, language)
    if model == "ols":
        return values, None, None
    if not codes:  # integer/number outcome: its distinct values are the codes
        observed = np.unique(values.dropna().to_numpy(dtype=np.float64))
        codes = [int(c) if float(c).is_integer() else float(c) for c in observed]
        code_labels = [str(c) for c in codes]
    pos = _code_positions(values, codes)
    keep = keep & (pos >= 0)
    present = np.unique(pos[keep])
    if len(present) < 2:
        found = (f"only {codes[present[0]]} ({code_labels[present[0]]})" if len(present)
                 else "no answers")
        raise DataError(f"the outcome {name!r} has one category in the model's sample "
                        f"(n={int(keep.sum())}, {found}); {_NAMES[model]} needs "
                        f"{'two' if model == 'logit' else 'three or more'}")
    missing = pos < 0
    if model == "logit":
        if event is None:
            if len(present) > 2:
                raise DataError(
                    f"the outcome {name!r} has {len(present)} categories "
                    f"({', '.join(str(codes[i]) for i in present)}); a logit needs two: "
                    "name the predicted code with --event CODE (it against all others), "
                    "or use --model ologit")
            target = present[-1] if isinstance(codes[0], str) else max(
                present, key=lambda i: codes[i])
        else:
            match = [i for i, c in enumerate(codes) if _same_code(c, event)]
            if not match:
                raise OptionError(f"--event: {event!r} is not a code of {name!r} "
                                  f"(its codes: {', '.join(map(str, codes))})")
            target = match[0]
        y = (pos == target).astype(np.float64)
        y[missing] = np.nan
        info = {"event": str(codes[target]), "event_label": code_labels[target]}
        return pd.Series(y, index=values.index), info, None
    if len(present) == 2:
        raise DataError(f"the outcome {name!r} has 2 categories in the model's sample; use --model "
                        "logit (an ordered logit needs 3 or more)")
    y = pos.astype(np.float64)
    y[missing] = np.nan
    names = {f"{i}/{j}": (f"{codes[i]}/{codes[j]}", f"{code_labels[i]}/{code_labels[j]}")
             for i in range(len(codes)) for j in range(i + 1, len(codes))}
    return pd.Series(y, index=values.index), None, names


def _same_code(code, given) -> bool:
    """A schema code and a code given by the user (``1``, ``1.0`` or ``"1"``) are the same."""
    try:
        return float(code) == float(given)
    except (TypeError, ValueError):
        return str(code) == str(given)


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
    y, event_info, thresholds = _outcome(survey, outcome, series[outcome], keep, model, event,
                                         language)
    frame = _build_frame(survey, series, keep, outcome=outcome, predictors=names,
                         language=language, outcome_values=y, cluster=cluster)
    cl = f"cluster:{cluster}" if cluster else None
    common = dict(model=model, outcome=outcome, outcome_label=frame.labels[outcome],
                  language=language, reference=frame.reference)

    if block_list:
        res = hierarchical(frame.data, outcome=outcome, blocks=[frame.terms(b) for b in all_blocks],
                           robust=cov_kind, cluster=cl, ci_level=ci_level)
        steps = res.steps.assign(added=[", ".join(b) for b in all_blocks])
        tables = tuple(_labelled(m.coefficients, frame) for m in res.models)
        final = res.models[-1]
        return RegressionResult(coefficients=tables[-1], statistics=_statistics(final),
                                n=final.n, steps=steps, step_models=tables, fit=res, **common)

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
        slopes.insert(1, "label", _slope_labels(frame, moderator, two_codes, at, len(slopes)))
        return RegressionResult(coefficients=_labelled(res.coefficients, frame),
                                statistics=_statistics(res.model, r2_change=res.r2_change,
                                                       f_change=res.f_change,
                                                       p_change=res.p_change),
                                n=res.n, slopes=slopes, fit=res, **common)

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
        return RegressionResult(coefficients=_labelled(outcome_model.coefficients, frame),
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
        me = _labelled(fit.marginal_effects, frame)
    return RegressionResult(coefficients=_labelled(table, frame),
                            statistics=_statistics(fit, **extra), n=fit.n,
                            marginal_effects=me, fit=fit, warnings=tuple(fit.warnings), **common)


def _without_const(design):
    """The design without its ``const`` column (the ordered logit has thresholds instead)."""
    return dataclasses.replace(design, X=design.X[:, 1:], terms=design.terms[1:],
                               variables=design.variables[1:], xtx=design.xtx[1:, 1:],
                               xty=design.xty[1:])


def _labelled(table: pd.DataFrame, frame: _Frame) -> pd.DataFrame:
    out = table.copy()
    out.insert(1, "label", [frame.label(t) for t in out["term"]])
    return out


def _statistics(fit, **more) -> pd.Series:
    """Scalars of a primitive's fit (its ``to_dict`` without the tables), plus ``more``."""
    skip = {"model", "outcome", "coefficients", "warnings"}
    stats = {k: v for k, v in fit.to_dict().items() if k not in skip}
    stats.update(more)
    return pd.Series(stats, dtype=object)


_SLOPE_AT = {"zh": ("均值-1标准差", "均值", "均值+1标准差"),
             "en": ("mean - 1 SD", "mean", "mean + 1 SD")}


def _slope_labels(frame: _Frame, moderator: str, two_codes: bool, at, k: int) -> list[str]:
    if two_codes and at is None:
        first = frame.reference.set_index("variable").loc[moderator, "label"]
        return [first, frame.labels[frame.columns[moderator][0]]]
    if at is None:
        return list(_SLOPE_AT.get(frame.language, _SLOPE_AT["en"]))
    return [f"{frame.labels[moderator]}={v:g}" for v in at][:k]


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
