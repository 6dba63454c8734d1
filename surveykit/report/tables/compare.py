"""Relations between variables: crosstabs, group comparisons and correlations."""

from __future__ import annotations

import numpy as np

from ..document import Paragraph
from ..interpret import correlation_text, join
from ..table import Cell, Column, Table

__all__ = ["crosstab", "group_comparison", "correlations"]


def crosstab(ctx, row, col, percent="row") -> list:
    """Counts and row (or column) percentages, chi-square and Cramér's V."""
    from ...compare import crosstab as xtab

    t, fmt, th = ctx.t, ctx.fmt, ctx.thresholds
    rcodes, rlabels = ctx.codes(row)
    ccodes, clabels = ctx.codes(col)
    res = xtab(ctx.survey.variable(row), ctx.survey.variable(col), row_codes=rcodes, col_codes=ccodes)
    counts = res.table.to_numpy()
    pct = (res.row_pct if percent == "row" else res.col_pct).to_numpy()
    rows = []
    for i, lab in enumerate(rlabels):
        rec = {"row": lab, "total": counts[i].sum()}
        for j in range(len(ccodes)):
            rec[f"n{j}"], rec[f"p{j}"] = counts[i, j], pct[i, j]
        rows.append(rec)
    total = {"row": t("Total", "合计"), "total": counts.sum()}
    colsum = counts.sum(axis=0)
    for j in range(len(ccodes)):
        total[f"n{j}"] = colsum[j]
        total[f"p{j}"] = 100.0 * colsum[j] / counts.sum() if percent == "row" else 100.0
    rows.append(total)
    pword = t("Row %", "行%") if percent == "row" else t("Col %", "列%")
    columns = [Column("row", ctx.label(row))]
    for j, lab in enumerate(clabels):
        columns += [Column(f"n{j}", "n", "int", lab), Column(f"p{j}", pword, "pct", lab)]
    columns.append(Column("total", t("Total", "合计"), "int"))
    stat = fmt.stat("χ²", res.chi2, res.df, res.p)
    notes = [t(f"{stat}; Cramér's V = {fmt.bounded(res.cramers_v)}; n = {fmt.integer(res.n)} "
               f"({fmt.integer(res.n_missing)} with a missing answer left out).",
               f"{stat}；Cramér's V = {fmt.bounded(res.cramers_v)}；n = {fmt.integer(res.n)}"
               f"（{fmt.integer(res.n_missing)}人因缺失未纳入）。")]
    if res.chi2_yates is not None:
        notes.append(t(f"With Yates' continuity correction: {fmt.stat('χ²', res.chi2_yates, 1, res.p_yates)}"
                       + (f"; Fisher's exact test {fmt.p_equals(res.fisher_p)}" if res.fisher_p is not None else "")
                       + ".", f"Yates连续性校正：{fmt.stat('χ²', res.chi2_yates, 1, res.p_yates)}"
                       + (f"；Fisher精确检验{fmt.p_equals(res.fisher_p)}" if res.fisher_p is not None else "")
                       + "。"))
    notes += list(res.warnings)
    table = Table.from_records(rows, columns, kind="crosstab",
                               title=t(f"{ctx.label(row)} by {ctx.label(col)}",
                                       f"{ctx.label(row)}与{ctx.label(col)}的交叉分析")).with_note(*notes)
    sig = res.p == res.p and res.p < th["significance.level"]
    text = t(f"The association between {ctx.label(row)} and {ctx.label(col)} was "
             f"{'' if sig else 'not '}significant ({stat}, Cramér's V = {fmt.bounded(res.cramers_v)}).",
             f"{ctx.label(row)}与{ctx.label(col)}之间的关联{'显著' if sig else '不显著'}"
             f"（{stat}，Cramér's V = {fmt.bounded(res.cramers_v)}）。")
    return [table, Paragraph(text, "interpretation")]


def group_comparison(ctx, by, vars, welch=None) -> list:
    """Means and SDs by group with Student's or Welch's t test / ANOVA and the effect size.

    ``welch``: True always uses Welch's test, False never; by default Welch's
    test is used for a variable whose Levene test is significant.
    """
    from ...compare import compare_groups

    t, fmt, th = ctx.t, ctx.fmt, ctx.thresholds
    codes, labels = ctx.codes(by)
    frame = ctx.frame(list(vars)).astype(float)
    group = ctx.survey.variable(by)
    frame["__by__"] = group.astype(float)
    res = compare_groups(frame, by="__by__", items=list(vars), codes=codes)
    level = th["significance.level"]
    two = len(codes) == 2
    sizes = group.value_counts()
    rows, used_welch, sig = [], [], []
    for v in vars:
        tests = res.tests[res.tests["var"] == v].set_index("test")
        lev_p = tests.loc["levene", "p"] if "levene" in tests.index else np.nan
        use_welch = bool(welch) if welch is not None else bool(lev_p == lev_p and lev_p < level)
        name = ("welch_t" if use_welch else "student_t") if two else ("welch_anova" if use_welch else "anova")
        test = tests.loc[name]
        effect = tests.loc["student_t" if two else "anova"]
        g = res.groups[res.groups["var"] == v].set_index("code")
        rec = {"var": ctx.label(v) + ("ᵃ" if use_welch else ""), "stat": test["statistic"],
               "p": test["p"], "effect": effect["effect_size"]}
        for j, c in enumerate(codes):
            rec[f"m{j}"], rec[f"s{j}"] = g.loc[c, "mean"], g.loc[c, "sd"]
        rows.append(rec)
        if use_welch:
            used_welch.append(v)
        if test["p"] < level:
            sig.append((v, test, g))
    columns = [Column("var", t("Variable", "变量"))]
    for j, (c, lab) in enumerate(zip(codes, labels)):
        head = f"{lab} (n = {int(sizes.get(c, 0))})" if not fmt.zh else f"{lab}（n = {int(sizes.get(c, 0))}）"
        columns += [Column(f"m{j}", "M", "num", head), Column(f"s{j}", "SD", "num", head)]
    columns += [Column("stat", "t" if two else "F", "num"), Column("p", "p", "p"),
                Column("effect", "Cohen's d" if two else "η²", "bounded" if not two else "num")]
    notes = [t(f"{'Independent-samples t test' if two else 'One-way ANOVA'} by {ctx.label(by)}; "
               f"{'d: first group minus second, pooled SD' if two else 'η² = SS between / SS total'}.",
               f"按{ctx.label(by)}分组的{'独立样本t检验' if two else '单因素方差分析'}；"
               f"{'d为第一组减第二组，采用合并标准差' if two else 'η²为组间平方和占总平方和的比例'}。")]
    if used_welch:
        notes.append(t(f"ᵃ Welch's {'t test' if two else 'ANOVA'} (unequal variances"
                       + (f", Levene p < {fmt.bounded(level)}" if welch is None else "") + ").",
                       f"ᵃ 采用Welch{'t检验' if two else '方差分析'}（方差不齐"
                       + (f"，Levene检验p<{fmt.bounded(level)}" if welch is None else "") + "）。"))
    notes += list(res.warnings)
    table = Table.from_records(rows, columns, kind="group_comparison",
                               title=t(f"Differences by {ctx.label(by)}", f"不同{ctx.label(by)}在各变量上的差异")
                               ).with_note(*notes)
    if not sig:
        text = t(f"No variable differed significantly by {ctx.label(by)} (p ≥ {fmt.bounded(level)}).",
                 f"不同{ctx.label(by)}在各变量上均无显著差异（p≥{fmt.bounded(level)}）。")
    else:
        parts = []
        for v, test, g in sig:
            top = g["mean"].idxmax()
            top_label = labels[codes.index(top)] if top in codes else str(top)
            s = fmt.stat("t" if two else "F", test["statistic"],
                         test["df"] if two else (test["df"], test["df2"]), test["p"])
            parts.append(t(f"{ctx.label(v)} ({s}; highest: {top_label})",
                           f"{ctx.label(v)}（{s}，{top_label}最高）"))
        text = t(f"{ctx.label(by)} made a significant difference to {join(parts, fmt)}.",
                 f"不同{ctx.label(by)}在{'、'.join(parts)}上存在显著差异。")
    return [table, Paragraph(text, "interpretation")]


def correlations(ctx, vars=None, method="pearson") -> list:
    """Means, SDs and the lower triangle of correlations with stars."""
    from ...compare import correlate

    t, fmt = ctx.t, ctx.fmt
    names = list(vars) if vars is not None else [s.name for s in ctx.q.scales]
    res = correlate(ctx.frame(names).astype(float), method=method)
    desc = res.descriptives.set_index("variable")
    rows, pairs = [], []
    for i, v in enumerate(names):
        rec = {"var": f"{i + 1}. {ctx.label(v)}", "mean": desc.loc[v, "mean"], "sd": desc.loc[v, "sd"]}
        for j, w in enumerate(names):
            if j < i:
                rec[f"c{j}"] = Cell(res.r.loc[v, w], p=res.p.loc[v, w])
                pairs.append((ctx.label(w), ctx.label(v), res.r.loc[v, w], res.p.loc[v, w]))
            elif j == i:
                rec[f"c{j}"] = Cell("—" if not fmt.zh else "1")
        rows.append(rec)
    columns = (Column("var", t("Variable", "变量")), Column("mean", t("M", "均值"), "num"),
               Column("sd", t("SD", "标准差"), "num"),
               *[Column(f"c{j}", str(j + 1), "bounded") for j in range(len(names))])
    n = res.n.to_numpy()
    n_text = (fmt.integer(n.min()) if n.min() == n.max()
              else f"{fmt.integer(n.min())}–{fmt.integer(n.max())}")
    coef = t("Pearson", "Pearson") if method == "pearson" else "Spearman"
    table = Table.from_records(rows, columns, kind="correlations", title=t(
        "Means, standard deviations and correlations", "各变量的均值、标准差与相关系数")).with_note(
        t(f"{coef} correlations, pairwise n = {n_text}.", f"{coef}相关系数，成对样本量n = {n_text}。"))
    table = Table(table.title, table.columns, table.rows, table.notes, stars=True, kind=table.kind)
    return [table, Paragraph(correlation_text(pairs, fmt, ctx.thresholds, method), "interpretation")]
