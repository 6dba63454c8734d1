"""Construct validity of the schema's scales from one covariance matrix.

:func:`scale_validity` runs the whole measurement check of a set of scales on
a DataFrame of their items as scored: factorability (KMO, Bartlett,
eigenvalues), Horn's parallel analysis, an exploratory factor analysis,
Harman's single-factor test and, on request, the confirmatory model with one
factor per scale (fit, standardised loadings, composite reliability, AVE,
Fornell–Larcker, HTMT). :func:`validity_table` does the same for the scales
of a questionnaire, with the items reversed as the schema says, and labels.

Everything is derived from ONE pass over the data: the items' cross-products
(exact in float32 for integer codes, :mod:`surveykit._reliability_stats`)
give the covariance matrix C of the complete rows (listwise over all the
items; nothing is imputed), and R = cov2cor(C). KMO, Bartlett, eigenvalues,
parallel analysis, EFA and Harman use R; the CFA uses C (rescaled to the ML
divisor n, as lavaan); HTMT uses R.

The analysis is of the survey it is given; pass ``analysis_sample(survey)``
(:mod:`surveykit.sample`) for the respondents the quality checks keep.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(3)
>>> f = rng.normal(size=(400, 2))
>>> x = np.clip(np.round(3 + f[:, [0, 0, 0, 1, 1, 1]] + rng.normal(size=(400, 6))), 1, 5)
>>> df = pd.DataFrame(x.astype(np.int8), columns=["a1", "a2", "a3", "b1", "b2", "b3"])
>>> res = scale_validity(df, scales={"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]}, cfa=True)
>>> res.n, res.n_factors, res.suggested_factors
(400, 2, 2)
>>> res.htmt.round(2)
   a  b  htmt
0  a  b  0.04
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np
import pandas as pd

from ._reliability_stats import (crossproducts, item_array, moments_from_crossproducts,
                                 single_threaded_blas)
from ._results import Result
from ._scored import chosen_scales, reversed_items, scored_items_frame
from ._variables import language_of
from .exceptions import DataError, OptionError
from .validity import (CFAResult, EfaResult, ParallelResult, ave, bartlett_from_corr,
                       cfa_from_cov, composite_reliability, efa_from_corr,
                       eigenvalues_from_corr, fornell_larcker, harman_single_factor_from_corr,
                       htmt_from_cov, kmo_from_corr, parallel_analysis_from_corr)

__all__ = ["scale_validity", "validity_table", "ScaleValidity"]

#: Iterations of the parallel analysis (simulated correlation matrices).
PARALLEL_ITER = 100


@dataclass(frozen=True, repr=False)
class ScaleValidity(Result):
    """Measurement validity of a set of scales (see the module notes).

    Attributes
    ----------
    items : DataFrame
        One row per item: ``item, scale`` (and ``label, reversed`` from
        :func:`validity_table`), ``msa`` (KMO of the item), ``communality``
        and ``uniqueness`` (EFA), ``std_loading`` (CFA, NaN without it).
    eigenvalues : DataFrame
        ``component, eigenvalue, proportion, cumulative`` of R, then the
        parallel analysis: ``pc_sim_quantile``, ``fa_observed``,
        ``fa_sim_quantile`` (95% quantiles of the simulated eigenvalues).
    loadings : DataFrame
        EFA loadings grouped by main factor (``psych::fa.sort``): ``item,
        F1..Fk, communality, uniqueness``.
    variance : DataFrame
        Variance explained by each EFA factor (:class:`EfaResult`).
    bartlett : DataFrame
        ``chi2, df, p, n, determinant``.
    harman : DataFrame
        Harman's single-factor test (``pca`` and ``efa`` rows).
    cfa_fit : Series or None
        Fit measures of the CFA (:class:`~surveykit.validity.cfa.CFAResult`).
    cfa_loadings : DataFrame or None
        ``factor, item, est, se, z, p, ci_low, ci_high, std``.
    constructs : DataFrame or None
        ``factor, cr, ave, sqrt_ave``: composite reliability and AVE.
    fornell_larcker : DataFrame or None
        sqrt(AVE) on the diagonal, latent correlations off it.
    htmt : DataFrame or None
        ``a, b, htmt`` for every pair of scales (needs two scales or more).
    n : int
        Respondents analysed (complete on every item).
    kmo : float
        Overall KMO.
    n_factors : int
        Factors extracted in the EFA.
    suggested_factors, suggested_components : int
        Parallel analysis suggestions (factor and component eigenvalues).
    method, rotation : str
        Of the EFA.
    efa : EfaResult
    cfa : CFAResult or None
    parallel : ParallelResult
    warnings : tuple of str
        Statistical caveats of every part (also issued as warnings).
    """

    title: ClassVar[str] = "Validity"
    items: pd.DataFrame
    eigenvalues: pd.DataFrame
    loadings: pd.DataFrame
    variance: pd.DataFrame
    bartlett: pd.DataFrame
    harman: pd.DataFrame
    cfa_fit: pd.Series | None
    cfa_loadings: pd.DataFrame | None
    constructs: pd.DataFrame | None
    fornell_larcker: pd.DataFrame | None
    htmt: pd.DataFrame | None
    n: int
    kmo: float
    n_factors: int
    suggested_factors: int
    suggested_components: int
    method: str
    rotation: str
    efa: EfaResult
    cfa: CFAResult | None
    parallel: ParallelResult
    language: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON document of ``surveykit validity`` (``spec/cli.md``)."""
        items = self.items["item"].tolist()
        efa = self.efa
        doc = {
            "n": self.n, "items": items,
            "scales": {s: list(g["item"]) for s, g in self.items.groupby("scale", sort=False)},
            "kmo": {"overall": self.kmo, "items": dict(zip(items, self.items["msa"]))},
            "bartlett": self.bartlett.iloc[0][["chi2", "df", "p", "determinant"]].to_dict(),
            "eigenvalues": self.eigenvalues["eigenvalue"].tolist(),
            "parallel": {"n_factors": self.suggested_factors,
                         "n_components": self.suggested_components,
                         "n_iter": self.parallel.n_iter, "seed": self.parallel.seed,
                         "fa_sim_quantile": self.eigenvalues["fa_sim_quantile"].tolist(),
                         "pc_sim_quantile": self.eigenvalues["pc_sim_quantile"].tolist()},
            "efa": {"factors": self.n_factors, "method": self.method, "rotation": self.rotation,
                    "loadings": {i: row.tolist() for i, row in efa.loadings.iterrows()},
                    "communalities": efa.communalities["communality"].to_dict(),
                    "variance": self.variance.to_dict("records"),
                    "phi": None if efa.phi is None else efa.phi.to_numpy().tolist()},
            "harman": self.harman.to_dict("records"),
            "warnings": list(self.warnings)}
        if "label" in self.items:
            doc["labels"] = dict(zip(items, self.items["label"]))
            doc["reversed"] = dict(zip(items, self.items["reversed"]))
        if self.cfa is not None:
            cfa = self.cfa
            doc["cfa"] = {
                "fit": self.cfa_fit.to_dict(),
                "loadings": self.cfa_loadings.to_dict("records"),
                "cr": self.constructs.set_index("factor")["cr"].to_dict(),
                "ave": self.constructs.set_index("factor")["ave"].to_dict(),
                "htmt": [] if self.htmt is None else self.htmt.to_dict("records"),
                "fornell_larcker": self.fornell_larcker.to_numpy().tolist(),
                "factor_correlations": cfa.factor_cov.loc[
                    cfa.factor_cov["a"] != cfa.factor_cov["b"], ["a", "b", "std"]]
                    .rename(columns={"std": "r"}).to_dict("records"),
                "converged": cfa.converged}
        return doc


def scale_validity(data: pd.DataFrame, /, *, scales: Mapping[str, Sequence[str]],
                   n_factors: int | None = None, method: str = "minres",
                   rotation: str = "varimax", cfa: bool = False, seed=0) -> ScaleValidity:
    """KMO, Bartlett, parallel analysis, EFA, Harman and optionally the CFA of scales.

    Parameters
    ----------
    data : DataFrame
        Item columns, already reverse-scored (integer codes are best: int8
        keeps the cross-products exact and fast). Rows missing any item of
        any scale are left out (listwise).
    scales : mapping of str to list of str
        Scale name -> its items. In the CFA each scale is a factor measured
        by its items (the first one the marker).
    n_factors : int, optional
        Factors of the EFA; default: the number of scales (the dimensions
        the questionnaire was designed to measure). Parallel analysis's
        suggestion is reported beside it (``suggested_factors``).
    method : {"minres", "ml", "pa"}
        EFA extraction.
    rotation : {"varimax", "promax", "oblimin", "none"}
        EFA rotation.
    cfa : bool
        Also fit the confirmatory model and its convergent and discriminant
        validity measures.
    seed : int or None
        Seed of the parallel analysis (fixed by default, so reports are
        reproducible).

    Returns
    -------
    ScaleValidity

    Notes
    -----
    The statistics are those of :mod:`surveykit.validity`, which match
    ``psych::KMO``, ``psych::cortest.bartlett``, ``eigen(cor(x))``,
    ``psych::fa.parallel`` (within simulation error), ``psych::fa``,
    ``lavaan::cfa`` with its defaults and ``semTools::htmt``; CR and AVE are
    Fornell & Larcker's from lavaan's std.all loadings. Here they all come
    from one covariance matrix C of the complete rows (unbiased, divisor
    n - 1): R = cov2cor(C) for the exploratory part, C (n - 1)/n for the
    CFA, as ``lavaan::cfa(sample.cov = C, sample.nobs = n)``. The default
    number of factors is the number of scales, as thesis reports expect;
    psych users would take the parallel analysis's ``suggested_factors``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(500, 1))
    >>> df = pd.DataFrame(f * .8 + rng.normal(scale=.6, size=(500, 4)), columns=list("abcd"))
    >>> res = scale_validity(df, scales={"s": list("abcd")})
    >>> res.n_factors, round(res.kmo, 2), res.loadings["item"].tolist()
    (1, 0.84, ['c', 'b', 'a', 'd'])
    """
    scales = _check_scales(scales)
    with single_threaded_blas():  # small matrices and tall products: threads only spin
        return _validity(data, scales, len(scales) if n_factors is None else n_factors,
                         method, rotation, cfa, seed)


def _validity(data, scales, n_factors, method, rotation, cfa, seed) -> ScaleValidity:
    items = list(dict.fromkeys(i for its in scales.values() for i in its))
    C, n = _covariance(data, items)
    sd = np.sqrt(np.diag(C))
    corr = C / np.outer(sd, sd)
    np.fill_diagonal(corr, 1.0)
    R = pd.DataFrame(corr, index=items, columns=items)
    if n <= len(items):
        raise DataError(f"only {n} complete rows for {len(items)} items; the factor analysis "
                        "needs more respondents than items (listwise over the items)")
    kmo = kmo_from_corr(R, n)
    efa = efa_from_corr(R, n, n_factors=n_factors, method=method, rotation=rotation)
    parallel = parallel_analysis_from_corr(R, n, n_iter=PARALLEL_ITER, kind="both",
                                           method=method, seed=seed)
    eig = eigenvalues_from_corr(R).assign(
        pc_sim_quantile=parallel.table["pc_sim_quantile"].to_numpy(),
        fa_observed=parallel.table["fa_observed"].to_numpy(),
        fa_sim_quantile=parallel.table["fa_sim_quantile"].to_numpy())
    scale_of = {i: s for s, its in scales.items() for i in its}
    table = pd.DataFrame({"item": items, "scale": [scale_of[i] for i in items],
                          "msa": kmo.items["msa"].to_numpy(),
                          "communality": efa.communalities["communality"].to_numpy(),
                          "uniqueness": efa.communalities["uniqueness"].to_numpy(),
                          "std_loading": np.nan})
    fit = {"cfa_fit": None, "cfa_loadings": None, "constructs": None,
           "fornell_larcker": None, "htmt": None, "cfa": None}
    if cfa:
        fit = _confirmatory(pd.DataFrame(C, index=items, columns=items), n, scales)
        table["std_loading"] = fit["cfa_loadings"].set_index("item")["std"].reindex(items).to_numpy()
    notes = list(efa.warnings) + (list(fit["cfa"].warnings) if cfa else [])
    return ScaleValidity(
        items=table, eigenvalues=eig, loadings=efa.sorted_loadings(), variance=efa.variance,
        bartlett=bartlett_from_corr(R, n), harman=harman_single_factor_from_corr(R, n),
        n=n, kmo=kmo.overall, n_factors=int(n_factors),
        suggested_factors=int(parallel.n_factors), suggested_components=int(parallel.n_components),
        method=method, rotation=rotation, efa=efa, parallel=parallel,
        warnings=tuple(notes), **fit)


def validity_table(survey, /, *, scales: Sequence[str] | None = None,
                   n_factors: int | None = None, method: str = "minres",
                   rotation: str = "varimax", cfa: bool = False, seed=0,
                   language: str | None = None) -> ScaleValidity:
    """:func:`scale_validity` of the scales of a questionnaire, items as scored, labelled.

    Parameters
    ----------
    survey : SurveyData
        The data with its questionnaire (analysed as given; see the module notes).
    scales : list of str, optional
        Scale names (default: every scale of the schema).
    n_factors, method, rotation, cfa, seed
        As in :func:`scale_validity` (default factors: the number of scales).
    language : str, optional
        Language of the labels (default: the schema's first).

    Returns
    -------
    ScaleValidity
        With ``label`` and ``reversed`` columns in ``items``.

    Notes
    -----
    Items with ``reverse: true`` are ``(min + max) - x`` over their codes
    before anything is computed, so the CFA, CR/AVE and signed loadings are
    those of the keyed items (as ``lavaan::cfa`` on ``7 - x`` for bfi's
    reverse-keyed 1..6 items). KMO, Bartlett and eigenvalues do not depend on
    reversal.

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, validity_table
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> survey = read_survey(q, "data/j_community_epidemic.csv")
    >>> res = validity_table(survey, scales=["participation", "grid", "belonging"], cfa=True)
    >>> round(res.kmo, 3), res.n_factors, res.suggested_factors
    (0.778, 3, 3)
    >>> res.items[["item", "scale", "reversed", "msa", "communality"]].head(4).round(3)
         item          scale  reversed    msa  communality
    0  part_1  participation     False  0.858        0.297
    1  part_2  participation     False  0.754        0.698
    2  part_3  participation     False  0.765        0.546
    3  part_4  participation      True  0.710        0.168
    >>> res.constructs.round(3)
              factor     cr    ave  sqrt_ave
    0  participation  0.731  0.421     0.649
    1           grid  0.778  0.479     0.692
    2      belonging  0.795  0.564     0.751
    >>> res.cfa_fit[["chi2", "df", "cfi", "rmsea", "srmr"]].round(3)
    chi2     53.626
    df       41.000
    cfi       0.987
    rmsea     0.031
    srmr      0.039
    Name: fit, dtype: float64
    """
    q = survey.questionnaire
    language = language_of(q, language)
    chosen = chosen_scales(q, scales)
    items = list(dict.fromkeys(i for its in chosen.values() for i in its))
    result = scale_validity(scored_items_frame(survey, items), scales=chosen,
                            n_factors=n_factors, method=method, rotation=rotation, cfa=cfa,
                            seed=seed)
    table = result.items.copy()
    table.insert(2, "label", [q.variable_label(i, language) for i in table["item"]])
    table.insert(3, "reversed", reversed_items(q, table["item"]))
    loadings = result.loadings.copy()
    loadings.insert(1, "label", [q.variable_label(i, language) for i in loadings["item"]])
    return replace(result, items=table, loadings=loadings, language=language)


def _check_scales(scales) -> dict[str, list[str]]:
    if not isinstance(scales, Mapping) or not scales:
        raise OptionError("scales must map each scale name to its items, e.g. "
                          f"{{'trust': ['t1', 't2', 't3']}}; got {scales!r}")
    out = {str(s): ([its] if isinstance(its, str) else [str(i) for i in its])
           for s, its in scales.items()}
    items = [i for its in out.values() for i in its]
    if len(items) < 3:
        raise OptionError(f"a factor analysis needs at least 3 items; the scales have {items}")
    return out


def _covariance(data: pd.DataFrame, items: list[str]) -> tuple[np.ndarray, int]:
    """Covariance matrix (divisor n - 1) of the complete rows, from one pass."""
    names, a = item_array(data, items)
    if a.dtype.kind == "f":
        complete = ~np.isnan(a).any(axis=1)
        if not complete.all():
            a = a[complete]
    n = len(a)
    if n < 3:
        raise DataError(f"only {n} respondents answered every item of {items}; the "
                        "factor analysis needs complete rows (listwise)")
    n, shift, sums, xtx = crossproducts(a)
    _, C = moments_from_crossproducts(n, shift, sums, xtx)
    flat = [i for i, v in zip(names, np.diag(C)) if v <= 0]
    if flat:
        raise DataError(f"items without variance (every respondent gave the same answer): "
                        f"{flat}; drop them from the analysis")
    return C, n


def _confirmatory(C: pd.DataFrame, n: int, scales: dict[str, list[str]]) -> dict:
    """CFA with one factor per scale, and its validity measures, from C."""
    small = {s: its for s, its in scales.items() if len(its) < 2}
    if small:
        raise OptionError(f"scales {list(small)} have fewer than 2 items and cannot be factors "
                          "of the CFA; leave them out (--scale)")
    res = cfa_from_cov(C, n, factors=scales)
    cr, av = composite_reliability(res), ave(res)
    constructs = pd.DataFrame({"factor": cr.index, "cr": cr.to_numpy(), "ave": av.to_numpy(),
                               "sqrt_ave": np.sqrt(av.to_numpy())})
    return {"cfa_fit": res.fit, "cfa_loadings": res.loadings, "constructs": constructs,
            "fornell_larcker": fornell_larcker(res),
            "htmt": htmt_from_cov(C, factors=scales) if len(scales) > 1 else None, "cfa": res}
