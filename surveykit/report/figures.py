"""Figure builders of the report: data from the analysis sample, drawing by :mod:`surveykit.plots`.

Each builder returns one :class:`~surveykit.report.document.Figure` block (PNG
bytes and a caption) and, where useful, an interpretation paragraph.
"""

from __future__ import annotations

import pandas as pd

from .document import Figure, Paragraph

__all__ = ["likert_bars", "dimension_means", "correlation_heatmap", "scree", "multiple_response_bars"]


def _block(fig, title, kind, notes=()) -> Figure:
    from .. import plots

    png = plots.figure_png(fig)
    return Figure(title=title, png=png, kind=kind, notes=tuple(notes))


def likert_bars(ctx, scale) -> list:
    """Stacked bars of the answers to each item of a scale."""
    from .. import plots
    from ..describe_stats import likert_distribution

    t = ctx.t
    s = ctx.q.scale(scale)
    codes, labels = ctx.codes(s.items[0])
    res = likert_distribution(ctx.survey.data[list(s.items)].astype(float), codes=codes)
    pct = res.percent_table()
    pct.index = [ctx.label(i) for i in pct.index]
    pct.columns = labels
    fig = plots.likert_bars(pct, xlabel=t("% of valid answers", "占有效作答的百分比（%）"))
    return [_block(fig, t(f"Answers to the items of {ctx.label(scale)}", f"{ctx.label(scale)}各题项的作答分布"),
                   "likert_bars")]


def dimension_means(ctx, vars=None) -> list:
    """Means of the dimensions with 95% confidence intervals."""
    from scipy import stats

    from .. import plots
    from ..describe_stats import descriptives

    t = ctx.t
    names = list(vars) if vars is not None else [s.name for s in ctx.q.scales]
    d = descriptives(ctx.frame(names).astype(float))
    half = stats.t.ppf(0.975, d["n"] - 1) * d["se"]
    frame = pd.DataFrame({"label": [ctx.label(v) for v in d["variable"]], "mean": d["mean"],
                          "ci_low": d["mean"] - half, "ci_high": d["mean"] + half})
    limits = midpoint = None
    from .tables.describe import _midpoint

    mids = {_midpoint(ctx, v) for v in names}
    if len(mids) == 1 and None not in mids:
        first = ctx.q.scale(names[0]).items[0] if ctx.kind(names[0]) == "scale" else names[0]
        codes = [c for c in ctx.codes(first)[0] if not isinstance(c, str)]
        limits, midpoint = (min(codes), max(codes)), mids.pop()
    fig = plots.means_with_ci(frame, xlabel=t("Mean (95% CI)", "均值（95%置信区间）"), limits=limits,
                              midpoint=midpoint)
    notes = [t("Dashed line: the midpoint of the answer scale.", "虚线为量表中值。")] if midpoint is not None else []
    return [_block(fig, t("Means of the dimensions with 95% confidence intervals",
                          "各维度均值及其95%置信区间"), "dimension_means", notes)]


def correlation_heatmap(ctx, vars=None, method="pearson") -> list:
    """Heat map of the correlations (lower triangle) with significance stars."""
    from .. import plots
    from ..compare import correlate

    t = ctx.t
    names = list(vars) if vars is not None else [s.name for s in ctx.q.scales]
    res = correlate(ctx.frame(names).astype(float), method=method)
    labels = [ctx.label(v) for v in names]
    r = pd.DataFrame(res.r.to_numpy(), index=labels, columns=labels)
    p = pd.DataFrame(res.p.to_numpy(), index=labels, columns=labels)
    fig = plots.correlation_heatmap(r, p, stars=ctx.fmt.stars)
    return [_block(fig, t("Correlations between the variables", "变量间相关系数热力图"), "correlation_heatmap",
                   [ctx.fmt.star_legend()])]


def scree(ctx, scales=None, iterations=100, seed=1) -> list:
    """Scree plot of the item correlation matrix with Horn's parallel analysis."""
    from .. import plots
    from ..validity import item_correlation, parallel_analysis_from_corr

    t = ctx.t
    chosen = ctx.scales(scales)
    R, n = item_correlation(ctx.items(chosen))
    res = parallel_analysis_from_corr(R, n, n_iter=iterations, kind="pc", seed=seed)
    table = pd.DataFrame({"number": res.table["number"], "observed": res.table["pc_observed"],
                          "simulated": res.table["pc_sim_quantile"]})
    fig = plots.scree_plot(table, observed_label=t("Observed eigenvalues", "实际数据特征根"),
                           simulated_label=t("Random data, 95th percentile", "随机数据特征根（第95百分位）"),
                           xlabel=t("Component", "成分"), ylabel=t("Eigenvalue", "特征根"))
    k = res.n_components
    note = t(f"Parallel analysis ({iterations} random data sets of n = {n}, seed {seed}) retains {k} "
             f"component{'s' if k != 1 else ''}; the questionnaire has {len(chosen)} dimensions.",
             f"平行分析（{iterations}组n = {n}的随机数据，随机种子{seed}）建议保留{k}个成分；问卷设计为{len(chosen)}个维度。")
    return [_block(fig, t("Scree plot with parallel analysis", "碎石图与平行分析"), "scree"),
            Paragraph(note, "interpretation")]


def multiple_response_bars(ctx, question) -> list:
    """Bars of the % of cases choosing each option of a multiple-choice question."""
    from .. import plots
    from ..describe_stats import multiple_response

    t = ctx.t
    qn = ctx.q.question(question)
    res = multiple_response(ctx.survey.data[list(qn.columns)].astype(float))
    labels = dict(zip(qn.columns, qn.choices.labels(ctx.lang).values()))
    fig = plots.multiple_response_bars([labels[o] for o in res.table["option"]],
                                       res.table["pct_cases"].to_numpy(),
                                       xlabel=t("% of cases", "个案百分比（%）"))
    return [_block(fig, t(f"{ctx.label(question)} (multiple response)", f"{ctx.label(question)}（多选）"),
                   "multiple_response_bars")]
