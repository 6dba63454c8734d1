"""The sample: how cleaning produced it, and who the respondents are."""

from __future__ import annotations

import numpy as np

from ..document import Paragraph
from ..table import Cell, Column, Table

__all__ = ["cleaning_summary", "sample_profile", "default_profile_vars"]


def cleaning_summary(ctx) -> list:
    """Questionnaires returned, excluded by each check, valid; and the thesis sentence."""
    r = ctx.cleaning
    t = ctx.t
    rows = []
    if r.distributed:
        rows.append({"what": t("Questionnaires distributed", "发放问卷"), "n": r.distributed, "pct": None})
        rows.append({"what": t("Returned", "回收问卷"), "n": r.n_raw, "pct": r.response_rate})
    else:
        rows.append({"what": t("Questionnaires returned", "回收问卷"), "n": r.n_raw, "pct": 100.0})
    from ...cleaning import CHECK_NAMES

    for check, action, flagged in r.checks[["check", "action", "flagged"]].itertuples(index=False):
        name = CHECK_NAMES.get(check, {}).get(ctx.lang, check)
        what = (t("  excluded: ", "  剔除：") if action == "exclude" else t("  flagged only: ", "  仅标记：")) + name
        rows.append({"what": what, "n": int(flagged), "pct": 100.0 * flagged / r.n_raw if r.n_raw else None})
    rows.append({"what": t("Excluded (any check)", "剔除合计"), "n": r.n_excluded,
                 "pct": 100.0 * r.n_excluded / r.n_raw if r.n_raw else None})
    rows.append({"what": t("Valid questionnaires", "有效问卷"), "n": r.n_clean, "pct": r.valid_rate})
    columns = (Column("what", t("Item", "项目")), Column("n", t("n", "份数"), "int"),
               Column("pct", t("%", "百分比（%）"), "pct"))
    table = Table.from_records(rows, columns, title=t("Questionnaires returned and valid", "问卷回收与有效情况"),
                               kind="cleaning_summary")
    notes = [t("Percentages of the questionnaires returned; response rate of those distributed.",
               "百分比以回收问卷为基数；回收率以发放问卷为基数。") if r.distributed else
             t("Percentages of the questionnaires returned.", "百分比以回收问卷为基数。")]
    several = sum(int(x) for x in r.checks.loc[r.checks["action"] == "exclude", "flagged"]) > r.n_excluded
    if several:
        notes.append(t("A questionnaire may fail several checks.", "部分问卷同时未通过多项检查。"))
    return [table.with_note(*notes), Paragraph(r.sentence(ctx.lang), "interpretation")]


def default_profile_vars(q) -> list[str]:
    """The demographic questions, a numeric one replaced by its ``cut`` variable when there is one."""
    cuts = {d.source: d.name for d in q.derived if d.cut is not None}
    return [cuts.get(x.name, x.name) for x in q.questions if x.role == "demographic"]


def sample_profile(ctx, vars=None) -> list:
    """Variable, category, n and % of each demographic variable (missing shown)."""
    from ...describe_stats import descriptives, frequencies

    t, fmt = ctx.t, ctx.fmt
    names = list(vars) if vars is not None else default_profile_vars(ctx.q)
    if not names:
        raise_empty = t("no demographic variables: give vars: [...] or mark questions role: demographic",
                        "没有人口学变量：请在配方中给出 vars，或在问卷中把题目标为 role: demographic")
        from ...exceptions import OptionError

        raise OptionError(raise_empty)
    rows, leaders = [], []
    n_total = ctx.survey.n
    for name in names:
        label = ctx.label(name)
        codes, labels = ctx.codes(name)
        values = ctx.survey.variable(name)
        if codes:
            f = frequencies(values, order=codes)
            table = f.table
            first = True
            for lab, n, pct in zip(labels, table["n"], table["percent"]):
                rows.append({"var": label if first else "", "cat": lab, "n": n, "pct": pct})
                first = False
            if f.n_missing:
                rows.append({"var": "", "cat": t("Missing", "缺失"), "n": f.n_missing, "pct": f.missing_percent})
            top = int(np.argmax(table["n"].to_numpy()))
            leaders.append((label, labels[top], table["percent"].iloc[top]))
        else:
            d = descriptives(values.to_frame(name).astype(float)).iloc[0]
            text = f"{fmt.number(d['mean'], 1)} ({fmt.number(d['sd'], 1)})"
            rows.append({"var": label, "cat": t("M (SD)", "均值（标准差）"), "n": d["n"], "pct": Cell(text)})
            rows.append({"var": "", "cat": t("Range", "范围"),
                         "n": None, "pct": Cell(f"{fmt.integer(d['min'])}–{fmt.integer(d['max'])}")})
    columns = (Column("var", t("Variable", "变量")), Column("cat", t("Category", "类别")),
               Column("n", t("n", "频数"), "int"), Column("pct", t("%", "百分比（%）"), "pct"))
    table = Table.from_records(rows, columns, title=t("Profile of the respondents", "样本基本特征"),
                               kind="sample_profile").with_note(
        t(f"N = {n_total}. Percentages of all respondents; missing answers shown where there are any.",
          f"N = {n_total}。百分比以全部有效样本为基数，有缺失的变量列出缺失人数。"))
    if ctx.fmt.zh:
        text = "样本中，" + "；".join(f"{v}以“{c}”居多（{fmt.percent(p)}%）" for v, c, p in leaders) + "。"
    else:
        text = "In the sample, " + "; ".join(f"the most frequent {v.lower() if v.isascii() else v} was "
                                              f"{c} ({fmt.percent(p)}%)" for v, c, p in leaders) + "."
    return [table] + ([Paragraph(text, "interpretation")] if leaders else [])
