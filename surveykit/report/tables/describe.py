"""Describing answers: frequency tables, descriptive statistics, Likert
distributions, multiple-response tables and open answers."""

from __future__ import annotations

import pandas as pd

from ..document import Paragraph
from ..table import Column, Table

__all__ = ["frequencies", "descriptives", "likert_distribution", "multiple_response", "open_answers"]


def frequencies(ctx, vars) -> list:
    """One SPSS-style frequency table per variable: n, %, valid %, cumulative %."""
    from ...describe_stats import frequencies as freq

    t = ctx.t
    out = []
    for name in vars:
        codes, labels = ctx.codes(name)
        values = ctx.survey.variable(name)
        if not codes:
            codes = sorted(pd.unique(values.dropna()))
            labels = [ctx.fmt.cell(c, "num" if float(c) != int(c) else "int") for c in codes]
        f = freq(values, order=codes)
        tab = f.table
        rows = [{"cat": lab, "n": n, "pct": p, "valid": v, "cum": c}
                for lab, n, p, v, c in zip(labels, tab["n"], tab["percent"], tab["valid_percent"],
                                           tab["cumulative_percent"])]
        if f.n_missing:
            rows.append({"cat": t("Missing", "缺失"), "n": f.n_missing, "pct": f.missing_percent})
        rows.append({"cat": t("Total", "合计"), "n": f.n_valid + f.n_missing, "pct": 100.0})
        columns = (Column("cat", t("Category", "选项")), Column("n", t("n", "频数"), "int"),
                   Column("pct", t("%", "百分比（%）"), "pct"),
                   Column("valid", t("Valid %", "有效百分比（%）"), "pct"),
                   Column("cum", t("Cumulative %", "累计百分比（%）"), "pct"))
        out.append(Table.from_records(rows, columns, kind="frequencies",
                                      title=t(f"Frequencies: {ctx.label(name)}", f"{ctx.label(name)}的频数分布")))
    return out


def _midpoint(ctx, name) -> float | None:
    """The middle of the answer scale of a scale or Likert item (None otherwise)."""
    item = name
    if ctx.kind(name) == "scale":
        scale = ctx.q.scale(name)
        if scale.score != "mean":
            return None
        item = scale.items[0]
    if ctx.kind(item) != "likert":
        return None
    codes = [c for c in ctx.codes(item)[0] if not isinstance(c, str)]
    return (min(codes) + max(codes)) / 2 if codes else None


def descriptives(ctx, vars=None) -> list:
    """N, minimum, maximum, mean, SD, skewness and kurtosis (default: every scale)."""
    from ...describe_stats import descriptives as desc

    t, fmt = ctx.t, ctx.fmt
    names = list(vars) if vars is not None else [s.name for s in ctx.q.scales]
    d = desc(ctx.frame(names).astype(float))
    rows = [{"var": ctx.label(v), "n": n, "min": lo, "max": hi, "mean": m, "sd": s, "skew": sk, "kurt": k}
            for v, n, lo, hi, m, s, sk, k in d[["variable", "n", "min", "max", "mean", "sd",
                                              "skewness", "kurtosis"]].itertuples(index=False)]
    columns = (Column("var", t("Variable", "变量")), Column("n", "N", "int"),
               Column("min", t("Min", "最小值"), "num"), Column("max", t("Max", "最大值"), "num"),
               Column("mean", t("M", "均值"), "num"), Column("sd", t("SD", "标准差"), "num"),
               Column("skew", t("Skewness", "偏度"), "num"), Column("kurt", t("Kurtosis", "峰度"), "num"))
    table = Table.from_records(rows, columns, kind="descriptives",
                               title=t("Descriptive statistics", "各变量的描述性统计")).with_note(
        t("Skewness and kurtosis are SPSS's bias-corrected G1 and G2 (excess kurtosis); each variable "
          "over its own answers.", "偏度、峰度为SPSS的偏差校正值（G1、G2，峰度为超额峰度）；各变量按其有效作答计算。"))
    order = d.sort_values("mean", ascending=False)
    hi, lo = order.iloc[0], order.iloc[-1]
    mids = {v: _midpoint(ctx, v) for v in names}
    above = [ctx.label(v) for v, m in zip(d["variable"], d["mean"]) if mids[v] is not None and m > mids[v]]
    with_mid = [v for v in names if mids[v] is not None]
    if fmt.zh:
        text = (f"各变量均值介于{fmt.number(lo['mean'])}–{fmt.number(hi['mean'])}，其中{ctx.label(hi['variable'])}"
                f"最高（M={fmt.number(hi['mean'])}，SD={fmt.number(hi['sd'])}），{ctx.label(lo['variable'])}最低"
                f"（M={fmt.number(lo['mean'])}，SD={fmt.number(lo['sd'])}）。")
        if with_mid:
            mid = mids[with_mid[0]]
            text += (f"以量表中值{fmt.number(mid, 0 if mid == int(mid) else 1)}为参照，"
                     + (f"{'、'.join(above)}的均值高于中值。" if above else "各维度均值均未高于中值。"))
    else:
        text = (f"Means ranged from {fmt.number(lo['mean'])} ({ctx.label(lo['variable'])}, SD = "
                f"{fmt.number(lo['sd'])}) to {fmt.number(hi['mean'])} ({ctx.label(hi['variable'])}, SD = "
                f"{fmt.number(hi['sd'])}).")
        if with_mid:
            mid = mids[with_mid[0]]
            from ..interpret import join

            text += (f" Against the scale midpoint of {fmt.number(mid, 0 if mid == int(mid) else 1)}, "
                     + (f"{join(above, fmt)} lay above it." if above else "no dimension lay above it."))
    return [table, Paragraph(text, "interpretation")]


def likert_distribution(ctx, scale) -> list:
    """Percentage of each answer for each item of a scale (as answered), with M and SD."""
    from ...describe_stats import likert_distribution as likert

    t = ctx.t
    s = ctx.q.scale(scale)
    codes, labels = ctx.codes(s.items[0])
    data = ctx.survey.data[list(s.items)].astype(float)
    res = likert(data, codes=codes)
    wide = res.percent_table()
    stats = res.stats.set_index("item")
    reversed_ = [i for i in s.items if ctx.q.question(i).reverse]
    rows = []
    for item in s.items:
        rec = {"item": ctx.label(item) + (t(" (R)", "（R）") if item in reversed_ else ""),
               "n": stats.loc[item, "n"], "mean": stats.loc[item, "mean"], "sd": stats.loc[item, "sd"]}
        rec.update({f"c{j}": wide.loc[item, code] for j, code in enumerate(codes)})
        rows.append(rec)
    spanner = t("Answers (%)", "各选项百分比（%）")
    columns = (Column("item", t("Item", "题项")), Column("n", "n", "int"),
               *[Column(f"c{j}", lab, "pct", spanner) for j, lab in enumerate(labels)],
               Column("mean", t("M", "均值"), "num"), Column("sd", t("SD", "标准差"), "num"))
    table = Table.from_records(rows, columns, kind="likert_distribution",
                               title=t(f"Distribution of answers: {ctx.label(scale)}",
                                       f"{ctx.label(scale)}各题项的作答分布"))
    notes = [t("Percentages of each item's valid answers; means and SDs of the answers as given.",
               "百分比以各题有效作答为基数；均值、标准差按原始作答计算。")]
    if reversed_:
        notes.append(t("(R) reverse-worded item, reversed when the scale is scored.",
                       "（R）为反向题，计算维度得分时反向计分。"))
    agree = [j for j in range(len(codes)) if j >= len(codes) - (len(codes) // 2)]
    top = {item: sum(wide.loc[item, codes[j]] for j in agree) for item in s.items if item not in reversed_}
    fmt = ctx.fmt
    blocks = [table.with_note(*notes)]
    if top:
        best = max(top, key=top.get)
        worst = min(top, key=top.get)
        upper = "、".join(labels[j] for j in agree) if fmt.zh else " or ".join(labels[j] for j in agree)
        blocks.append(Paragraph(t(
            f"The share answering {upper} was highest for “{ctx.label(best)}” ({fmt.percent(top[best])}%) "
            f"and lowest for “{ctx.label(worst)}” ({fmt.percent(top[worst])}%).",
            f"选择“{upper}”的比例以“{ctx.label(best)}”最高（{fmt.percent(top[best])}%），"
            f"“{ctx.label(worst)}”最低（{fmt.percent(top[worst])}%）。"), "interpretation"))
    return blocks


def multiple_response(ctx, question) -> list:
    """n, % of responses and % of cases of each option of a multiple-choice question."""
    from ...describe_stats import multiple_response as mr

    t, fmt = ctx.t, ctx.fmt
    qn = ctx.q.question(question)
    cols = list(qn.columns)
    res = mr(ctx.survey.data[cols].astype(float))
    labels = dict(zip(cols, qn.choices.labels(ctx.lang).values()))
    table = res.table.sort_values("n", ascending=False, kind="stable")
    cases = res.cases.iloc[0]
    rows = [{"opt": labels[o], "n": n, "resp": pr, "cases": pc}
            for o, n, pr, pc in table[["option", "n", "pct_responses", "pct_cases"]].itertuples(index=False)]
    rows.append({"opt": t("Total", "合计"), "n": table["n"].sum(), "resp": 100.0,
                 "cases": table["pct_cases"].sum()})
    columns = (Column("opt", t("Option", "选项")), Column("n", t("Responses (n)", "响应次数"), "int"),
               Column("resp", t("% of responses", "响应百分比（%）"), "pct"),
               Column("cases", t("% of cases", "个案百分比（%）"), "pct"))
    out = Table.from_records(rows, columns, kind="multiple_response",
                             title=t(f"Multiple response: {ctx.label(question)}",
                                     f"{ctx.label(question)}（多选题）的响应情况")).with_note(
        t(f"Cases: the {fmt.integer(cases['n_cases'])} respondents who chose at least one option "
          f"({fmt.integer(cases['n_none'])} chose none, {fmt.integer(cases['n_missing'])} did not answer); "
          "% of cases may sum to more than 100.",
          f"个案为至少选择一项的{fmt.integer(cases['n_cases'])}名受访者（未选任何选项{fmt.integer(cases['n_none'])}人，"
          f"未作答{fmt.integer(cases['n_missing'])}人）；个案百分比之和可超过100%。"))
    first = table.iloc[0]
    text = t(f"The most chosen option was {labels[first['option']]}, chosen by "
             f"{fmt.percent(first['pct_cases'])}% of the cases.",
             f"选择最多的是“{labels[first['option']]}”，占个案的{fmt.percent(first['pct_cases'])}%。")
    return [out, Paragraph(text, "interpretation")]


def open_answers(ctx, question, max=50) -> list:
    """The distinct answers to an open question with their counts (most frequent first)."""
    t = ctx.t
    values = ctx.survey.data[question].dropna().astype(str).str.strip()
    values = values[values != ""]
    counts = values.value_counts(sort=False)
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = order[:max]
    rows = [{"answer": a, "n": n} for a, n in shown]
    columns = (Column("answer", t("Answer", "回答")), Column("n", t("n", "人数"), "int"))
    table = Table.from_records(rows, columns, kind="open_answers",
                               title=t(f"Open answers: {ctx.label(question)}", f"{ctx.label(question)}的开放回答"))
    notes = [t(f"{len(values)} answers, {len(counts)} distinct.", f"共{len(values)}条回答，{len(counts)}种不同内容。")]
    if len(order) > max:
        notes.append(t(f"The {max} most frequent are shown.", f"仅列出出现最多的{max}种。"))
    return [table.with_note(*notes)]
