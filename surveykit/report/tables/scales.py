"""Measurement quality of the scales: reliability, factorability, EFA, CFA fit, validity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..document import Paragraph
from ..interpret import fit_text, join, kmo_text, reliability_text, validity_text
from ..table import Cell, Column, Table

__all__ = ["reliability", "kmo_bartlett", "efa_loadings", "cfa_fit", "validity"]


def _items(ctx, scales):
    chosen = ctx.scales(scales)
    return chosen, ctx.items(chosen)


def reliability(ctx, scales=None, items=True, missing="listwise", ci="feldt") -> list:
    """Alpha of each scale (with its CI) and, with ``items``, the item-total table."""
    from ...reliability import reliability_many

    t, fmt, th = ctx.t, ctx.fmt, ctx.thresholds
    chosen, data = _items(ctx, scales)
    res = reliability_many(data, scales={s.name: list(s.items) for s in chosen}, missing=missing,
                           ci=ci)
    sc = res.scales.set_index("scale")
    rows = []
    for s in chosen:
        r = sc.loc[s.name]
        rows.append({"scale": ctx.label(s.name), "k": r["k"], "n": r["n"], "alpha": r["alpha"],
                     "ci": Cell(fmt.ci(r["ci_low"], r["ci_high"], bounded=True)), "omega": r["omega_total"]})
    level = f"{sc['ci_level'].iloc[0] * 100:.0f}"
    columns = [Column("scale", t("Dimension", "维度")), Column("k", t("Items", "题项数"), "int"),
               Column("n", "n", "int"), Column("alpha", "Cronbach's α", "bounded")]
    if ci != "none":
        columns.append(Column("ci", f"{level}% CI"))
    columns.append(Column("omega", "McDonald's ω", "bounded"))
    ci_word = {"feldt": "Feldt", "duhachek": "Duhachek"}.get(ci, ci)
    table = Table.from_records(rows, columns, kind="reliability",
                               title=t("Reliability of the dimensions", "各维度的信度分析")).with_note(
        t(f"{'Listwise' if missing == 'listwise' else 'Pairwise'} deletion per dimension; "
          f"reverse-worded items reversed; CI by {ci_word}'s method; ω total from a one-factor solution.",
          f"各维度{'按列表删除' if missing == 'listwise' else '按成对删除'}缺失值，反向题已反向计分；"
          f"置信区间采用{ci_word}法；ω为单因子解的ω total。"))
    blocks = [table]
    if items:
        it = res.items
        irows = []
        for s in chosen:
            part = it[it["scale"] == s.name]
            for k, (item, rd, aid) in enumerate(part[["item", "r_drop", "alpha_if_deleted"]].itertuples(index=False)):
                rev = t(" (R)", "（R）") if ctx.q.question(item).reverse else ""
                irows.append({"scale": ctx.label(s.name) if k == 0 else "", "item": ctx.label(item) + rev,
                              "citc": rd, "aid": aid, "alpha": sc.loc[s.name, "alpha"] if k == 0 else None})
        icols = (Column("scale", t("Dimension", "维度")), Column("item", t("Item", "题项")),
                 Column("citc", t("Corrected item-total r", "CITC"), "bounded"),
                 Column("aid", t("α if item deleted", "项删除后的α"), "bounded"),
                 Column("alpha", "Cronbach's α", "bounded"))
        blocks.append(Table.from_records(irows, icols, kind="reliability_items",
                                         title=t("Item-total statistics", "题项的信度分析（项总计统计）")).with_note(
            t("(R) reversed item, analysed as scored.",
              "CITC为校正的项总计相关性（题项与其余题项之和的相关）；（R）为反向题，按反向计分后分析。")))
    text = reliability_text([(ctx.label(s.name), sc.loc[s.name, "alpha"]) for s in chosen], fmt, th)
    it = res.items
    alpha_of = it["scale"].map(sc["alpha"])
    raise_ = it[it["alpha_if_deleted"] > alpha_of]
    weak = it[it["r_drop"] < th["items.r_drop"]]
    if len(weak):
        names = [ctx.label(i) for i in weak["item"]]
        text += t(f" Items with a corrected item-total correlation below {fmt.bounded(th['items.r_drop'])}: "
                  f"{join(names, fmt)}.",
                  f"CITC低于{fmt.bounded(th['items.r_drop'])}的题项：{'、'.join(f'“{n}”' for n in names)}。")
    elif items:
        text += t(f" Every corrected item-total correlation was at least {fmt.bounded(th['items.r_drop'])}.",
                  f"各题项的CITC均不低于{fmt.bounded(th['items.r_drop'])}。")
    if len(raise_):
        names = [ctx.label(i) for i in raise_["item"]]
        text += t(f" Deleting {join([f'“{n}”' for n in names], fmt)} would raise the α of its dimension.",
                  f"删除{'、'.join(f'“{n}”' for n in names)}后所在维度的α系数会上升。")
    return blocks + [Paragraph(text, "interpretation")]


def _correlation(ctx, scales):
    from ...validity import item_correlation

    chosen, data = _items(ctx, scales)
    R, n = item_correlation(data)
    return chosen, data, R, n


def kmo_bartlett(ctx, scales=None) -> list:
    """KMO and Bartlett's test of sphericity of the items of the scales."""
    from ...validity import bartlett_from_corr, kmo_from_corr

    t, fmt = ctx.t, ctx.fmt
    chosen, data, R, n = _correlation(ctx, scales)
    k = kmo_from_corr(R, n)
    b = bartlett_from_corr(R, n).iloc[0]
    rows = [{"a": t("Kaiser-Meyer-Olkin measure of sampling adequacy", "KMO取样适切性量数"), "b": "",
             "v": Cell(k.overall, "bounded3")},
            {"a": t("Bartlett's test of sphericity", "Bartlett球形度检验"), "b": t("Approx. χ²", "近似卡方"),
             "v": Cell(b["chi2"], "num")},
            {"a": "", "b": t("df", "自由度"), "v": Cell(b["df"], "int")},
            {"a": "", "b": t("p", "显著性"), "v": Cell(b["p"], "p")}]
    columns = (Column("a", t("Test", "检验")), Column("b", t("Statistic", "统计量"), align="left"),
               Column("v", t("Value", "值"), align="right"))
    table = Table.from_records(rows, columns, kind="kmo_bartlett",
                               title=t("KMO and Bartlett's test", "KMO和Bartlett球形度检验")).with_note(
        t(f"{len(data.columns)} items of {len(chosen)} dimensions, reversed items reversed; n = {n} "
          "(listwise).", f"共{len(chosen)}个维度{len(data.columns)}个题项，反向题已反向计分；n = {n}（列表删除）。"))
    return [table, Paragraph(kmo_text(k.overall, b["chi2"], int(b["df"]), b["p"], fmt, ctx.thresholds),
                             "interpretation")]


def _factor_note(ctx, loadings: pd.DataFrame, chosen) -> str:
    """A note naming each factor after the dimension whose items load most on it
    (the headers stay short: F1, F2...)."""
    owner = {i: s.name for s in chosen for i in s.items}
    names = [f"{f}{ctx.t(': ', '：')}{ctx.label(dim)}" for f, dim in zip(loadings.columns, _owners(loadings, owner))]
    return ctx.t(f"Factors named after the dimension whose items load most on them: {'; '.join(names)}.",
                 f"各因子以载荷最高的题项所属维度命名：{'；'.join(names)}。")


def efa_loadings(ctx, scales=None, factors=None, method="minres", rotation="varimax",
                 hide_below=None) -> list:
    """Rotated loadings, communalities, eigenvalues and variance explained."""
    from ...validity import efa_from_corr

    t, fmt, th = ctx.t, ctx.fmt, ctx.thresholds
    chosen, data, R, n = _correlation(ctx, scales)
    k = factors or len(chosen)
    res = efa_from_corr(R, n, n_factors=k, method=method, rotation=rotation)
    hide = th["items.loading"] if hide_below is None else hide_below
    L = res.loadings
    h2 = res.communalities["communality"]
    fcols = list(L.columns)
    rows = []
    for item in L.index:
        rec = {"item": ctx.label(item), "h2": h2.loc[item]}
        rec.update({f: (L.loc[item, f] if abs(L.loc[item, f]) >= hide else None) for f in fcols})
        rows.append(rec)
    var = res.variance.set_index("factor")
    rows.append({"item": t("Sum of squared loadings", "特征根（旋转后）"),
                 **{f: Cell(var.loc[f, "ss_loadings"], "num") for f in fcols}})
    rows.append({"item": t("% of variance", "方差解释率（%）"),
                 **{f: Cell(var.loc[f, "proportion"] * 100, "pct2") for f in fcols}})
    rows.append({"item": t("Cumulative %", "累计方差解释率（%）"),
                 **{f: Cell(var.loc[f, "cumulative"] * 100, "pct2") for f in fcols}})
    columns = (Column("item", t("Item", "题项")),
               *[Column(f, f, "bounded", t("Factor loadings", "因子载荷")) for f in fcols],
               Column("h2", t("Communality", "共同度"), "bounded"))
    method_name = {"minres": t("minimum residual", "最小残差法"), "ml": t("maximum likelihood", "极大似然法"),
                   "pa": t("principal axis", "主轴因子法")}[method]
    rot_name = {"varimax": t("varimax", "方差最大正交旋转"), "promax": t("promax", "Promax斜交旋转"),
                "oblimin": t("oblimin", "直接斜交旋转"), "none": t("no rotation", "未旋转")}[rotation]
    notes = [t(f"Extraction: {method_name}; rotation: {rot_name}; n = {n}. Loadings below "
               f"{fmt.bounded(hide)} are not shown.",
               f"提取方法：{method_name}；旋转方法：{rot_name}；n = {n}。绝对值小于{fmt.bounded(hide)}的载荷未列出。"),
             _factor_note(ctx, L, chosen)]
    notes += list(res.warnings)
    table = Table.from_records(rows, columns, kind="efa_loadings",
                               title=t("Exploratory factor analysis: rotated loadings",
                                       "探索性因子分析：旋转后的因子载荷矩阵")).with_note(*notes)
    owner = {i: s.name for s in chosen for i in s.items}
    factor_owner = {f: name for f, name in zip(fcols, _owners(L, owner))}
    misplaced = [i for i in L.index if factor_owner[L.loc[i].abs().idxmax()] != owner[i]]
    cross = [i for i in L.index if (L.loc[i].abs() >= hide).sum() > 1]
    weak = [i for i in L.index if L.loc[i].abs().max() < hide]
    cum = var["cumulative"].iloc[-1] * 100
    text = t(f"{k} factors explained {fmt.percent(cum)}% of the total variance after rotation.",
             f"共提取{k}个因子，旋转后累计方差解释率为{fmt.percent(cum)}%。")
    if not (misplaced or cross or weak):
        text += t(f" Every item loaded at least {fmt.bounded(hide)} on the factor of its own dimension and "
                  "on no other, as the questionnaire intends.",
                  f"各题项均在其所属维度对应的因子上载荷不低于{fmt.bounded(hide)}，且无交叉载荷，因子结构与问卷设计一致。")
    else:
        if misplaced:
            text += t(f" Items loading most on another dimension's factor: {join([ctx.label(i) for i in misplaced], fmt)}.",
                      f"主要载荷落在其他维度因子上的题项：{'、'.join(ctx.label(i) for i in misplaced)}。")
        if cross:
            text += t(f" Cross-loading items: {join([ctx.label(i) for i in cross], fmt)}.",
                      f"存在交叉载荷的题项：{'、'.join(ctx.label(i) for i in cross)}。")
        if weak:
            text += t(f" Items loading below {fmt.bounded(hide)} everywhere: {join([ctx.label(i) for i in weak], fmt)}.",
                      f"在各因子上载荷均低于{fmt.bounded(hide)}的题项：{'、'.join(ctx.label(i) for i in weak)}。")
    return [table, Paragraph(text, "interpretation")]


def _owners(L: pd.DataFrame, owner: dict) -> list[str]:
    return [L[f].abs().groupby(L.index.map(owner)).sum().idxmax() for f in L.columns]


def _cfa(ctx, scales):
    from ...validity.cfa import cfa

    chosen, data = _items(ctx, scales)
    return chosen, data, cfa(data, factors={s.name: list(s.items) for s in chosen})


def cfa_fit(ctx, scales=None) -> list:
    """Fit of the confirmatory model (one factor per dimension) with the cut-offs used."""
    t, fmt, th = ctx.t, ctx.fmt, ctx.thresholds
    chosen, data, res = _cfa(ctx, scales)
    f = res.fit
    chi2_df = f["chi2"] / f["df"] if f["df"] else np.nan
    rows = [{"what": t("Model", "模型"), "chi2": f["chi2"], "df": Cell(f["df"], "int"), "ratio": chi2_df,
             "cfi": f["cfi"], "tli": f["tli"], "rmsea": f["rmsea"],
             "ci": Cell(fmt.ci(f["rmsea_ci_low"], f["rmsea_ci_high"], 3, bounded=True)), "srmr": f["srmr"]}]
    crit = th.values["fit"]
    rows.append({"what": t("Cut-off", "参考标准"), "chi2": Cell("—"), "df": Cell("—"),
                 "ratio": Cell(f"≤ {fmt.number(crit['chi2_df'], 0 if crit['chi2_df'] == int(crit['chi2_df']) else 1)}"),
                 "cfi": Cell(f"≥ {fmt.bounded(crit['cfi'])}"), "tli": Cell(f"≥ {fmt.bounded(crit['tli'])}"),
                 "rmsea": Cell(f"≤ {fmt.bounded(crit['rmsea'])}"), "ci": Cell("—"),
                 "srmr": Cell(f"≤ {fmt.bounded(crit['srmr'])}")})
    columns = (Column("what", ""), Column("chi2", "χ²", "num"), Column("df", "df", "int"),
               Column("ratio", "χ²/df", "num"), Column("cfi", "CFI", "bounded3"),
               Column("tli", "TLI", "bounded3"), Column("rmsea", "RMSEA", "bounded3"),
               Column("ci", t("RMSEA 90% CI", "RMSEA 90% CI")), Column("srmr", "SRMR", "bounded3"))
    notes = [t(f"Maximum likelihood, one factor per dimension ({len(chosen)} factors, {len(data.columns)} items), "
               f"n = {res.n}. Cut-offs: {th.convention('fit')}.",
               f"极大似然估计，每个维度一个因子（{len(chosen)}个因子，{len(data.columns)}个题项），n = {res.n}。"
               f"参考标准：{th.convention('fit', fmt)}。")] + list(res.warnings)
    table = Table.from_records(rows, columns, kind="cfa_fit",
                               title=t("Fit of the confirmatory factor model", "验证性因子分析模型拟合指标")).with_note(*notes)
    values = {"chi2_df": chi2_df, **{k: f[k] for k in ("cfi", "tli", "rmsea", "srmr")}}
    return [table, Paragraph(fit_text(values, fmt, th), "interpretation")]


def validity(ctx, scales=None, htmt=True) -> list:
    """Convergent (standardised loadings, CR, AVE) and discriminant validity
    (Fornell–Larcker, HTMT) from the confirmatory model."""
    from ...validity.cfa_measures import ave, composite_reliability, fornell_larcker
    from ...validity.cfa_measures import htmt as htmt_fn

    t, fmt, th = ctx.t, ctx.fmt, ctx.thresholds
    chosen, data, res = _cfa(ctx, scales)
    cr, av = composite_reliability(res), ave(res)
    rows = []
    for s in chosen:
        part = res.loadings[res.loadings["factor"] == s.name]
        for k, (item, std) in enumerate(part[["item", "std"]].itertuples(index=False)):
            rows.append({"scale": ctx.label(s.name) if k == 0 else "", "item": ctx.label(item), "std": std,
                         "cr": cr[s.name] if k == 0 else None, "ave": av[s.name] if k == 0 else None})
    columns = (Column("scale", t("Dimension", "维度")), Column("item", t("Item", "题项")),
               Column("std", t("Standardised loading", "标准化因子载荷"), "bounded3"),
               Column("cr", "CR", "bounded3"), Column("ave", "AVE", "bounded3"))
    blocks = [Table.from_records(rows, columns, kind="validity",
                                 title=t("Convergent validity", "聚合效度检验")).with_note(
        t(f"Standardised loadings of the confirmatory model (ML, n = {res.n}); CR: composite reliability; "
          "AVE: average variance extracted.",
          f"标准化载荷来自验证性因子分析（极大似然，n = {res.n}）；CR为组合信度，AVE为平均方差抽取量。"),
        *res.warnings)]
    fl = fornell_larcker(res)
    labels = [ctx.label(s.name) for s in chosen]
    frows = []
    for i, a in enumerate(fl.index):
        rec = {"dim": f"{i + 1}. {labels[i]}"}
        rec.update({f"d{j}": (Cell(fl.iloc[i, j], "bounded3") if j <= i else None) for j in range(len(labels))})
        frows.append(rec)
    # square matrices: rows "1. label", columns numbered (as the correlation table)
    fcols = (Column("dim", t("Dimension", "维度")),
             *[Column(f"d{j}", str(j + 1), "bounded3") for j in range(len(labels))])
    blocks.append(Table.from_records(frows, fcols, kind="validity_fornell_larcker",
                                     title=t("Discriminant validity: Fornell–Larcker criterion",
                                             "区分效度检验（Fornell–Larcker准则）")).with_note(
        t("Diagonal: square root of the AVE; below it: latent correlations.",
          "对角线为AVE的平方根，下三角为潜变量间的相关系数。")))
    root = np.sqrt(av.to_numpy())
    corr = fl.to_numpy(copy=True)
    np.fill_diagonal(corr, 0)
    fl_ok = bool(np.all(np.abs(corr) < root[:, None]) and np.all(np.abs(corr) < root[None, :]))
    htmt_max = None
    if htmt and len(chosen) > 1:
        h = htmt_fn(data, factors={s.name: list(s.items) for s in chosen})
        idx = {s.name: i for i, s in enumerate(chosen)}
        M = np.full((len(chosen), len(chosen)), np.nan)
        for a, b, v in h[["a", "b", "htmt"]].itertuples(index=False):
            M[max(idx[a], idx[b]), min(idx[a], idx[b])] = v
        hrows = [{"dim": f"{i + 1}. {labels[i]}",
                  **{f"d{j}": (M[i, j] if j < i else Cell("—") if j == i else None) for j in range(len(labels))}}
                 for i in range(len(labels))]
        blocks.append(Table.from_records(hrows, fcols, kind="validity_htmt",
                                         title=t("Discriminant validity: HTMT ratios",
                                                 "区分效度检验（HTMT）")).with_note(
            t(f"Heterotrait–monotrait ratios of item correlations; cut-off {fmt.bounded(th['validity.htmt'])}.",
              f"异质-单质比率（HTMT）；判断标准为小于{fmt.bounded(th['validity.htmt'])}。")))
        htmt_max = float(np.nanmax(M))
    text = validity_text({ctx.label(k): v for k, v in cr.items()}, {ctx.label(k): v for k, v in av.items()},
                         fl_ok, htmt_max, fmt, th)
    return blocks + [Paragraph(text, "interpretation")]
