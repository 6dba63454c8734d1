"""Regression tables: one model in detail, or several side by side."""

from __future__ import annotations

from ..document import Paragraph
from ..interpret import regression_text
from ..table import Cell, Column, Table

__all__ = ["regression", "fit_model", "term_label"]

_CATEGORICAL = ("single", "ordinal")


def fit_model(ctx, outcome, predictors, model="ols", robust=None):
    """Fit one model on the analysis sample: single/ordinal predictors enter as dummies."""
    from ...models import logit, ols, ordered_logit

    predictors = list(predictors)
    frame = ctx.frame([outcome, *predictors]).astype(float)
    categorical = [p for p in predictors if ctx.kind(p) in _CATEGORICAL]
    if model == "ols":
        return ols(frame, outcome=outcome, predictors=predictors, categorical=categorical, robust=robust)
    if model == "logit":
        return logit(frame, outcome=outcome, predictors=predictors, categorical=categorical, robust=robust)
    return ordered_logit(frame, outcome=outcome, predictors=predictors, categorical=categorical)


def term_label(ctx, term: str) -> str:
    """``const`` -> Constant; ``edu=3`` -> Education: college; ``1/2`` -> threshold 1|2."""
    if term == "const":
        return ctx.t("Constant", "常数项")
    if "=" in term:
        var, _, code = term.partition("=")
        codes, labels = ctx.codes(var)
        names = {str(c): lab for c, lab in zip(codes, labels)}
        return f"{ctx.label(var)}{ctx.t(': ', '：')}{names.get(code, code)}"
    if "/" in term and term not in ctx.q.names:
        return ctx.t(f"Threshold {term.replace('/', '|')}", f"阈值 {term.replace('/', '|')}")
    return ctx.label(term)


def _fit_line(ctx, m) -> str:
    fmt, t = ctx.fmt, ctx.t
    if m.model == "ols":
        f = fmt.stat("F", m.f, (m.df_model, m.df_resid), m.f_p)
        return t(f"R² = {fmt.bounded(m.r2, 3)}, adjusted R² = {fmt.bounded(m.adj_r2, 3)}, {f}, n = {m.n}",
                 f"R² = {fmt.bounded(m.r2, 3)}，调整后R² = {fmt.bounded(m.adj_r2, 3)}，{f}，n = {m.n}")
    lr = fmt.stat("LR χ²", m.lr_chi2, m.lr_df, m.lr_p) if m.model == "logit" else ""
    pr = f"McFadden R² = {fmt.bounded(m.pseudo_r2, 3)}"
    return t(f"{pr}{', ' + lr if lr else ''}, n = {m.n}", f"{pr}{'，' + lr if lr else ''}，n = {m.n}")


def _reference_note(ctx, predictors) -> str | None:
    refs = []
    for p in predictors:
        if ctx.kind(p) in _CATEGORICAL:
            codes, labels = ctx.codes(p)
            refs.append(f"{ctx.label(p)}{ctx.t(': ', '：')}{labels[0]}")
    if not refs:
        return None
    return ctx.t("Reference categories: " + "; ".join(refs) + ".", "参照组：" + "；".join(refs) + "。")


def regression(ctx, outcome=None, predictors=None, model="ols", robust=None, name=None, models=None,
               standardized=True) -> list:
    """A regression table: one model in detail (B, SE, β, t, p, VIF) or several side by side."""
    t, fmt = ctx.t, ctx.fmt
    specs = models or [{"outcome": outcome, "predictors": predictors, "model": model, "robust": robust,
                        "name": name}]
    if any(s.get("outcome") is None or not s.get("predictors") for s in specs):
        from ...exceptions import OptionError

        raise OptionError("a regression needs outcome and predictors (or models: [...])")
    fitted = [fit_model(ctx, s["outcome"], s["predictors"], s.get("model") or "ols", s.get("robust"))
              for s in specs]
    all_predictors = [p for s in specs for p in s["predictors"]]
    notes = [n for n in [_reference_note(ctx, dict.fromkeys(all_predictors))] if n]
    if any(s.get("robust") for s in specs):
        notes.append(t("Standard errors robust to heteroscedasticity (" +
                       ", ".join(sorted({s['robust'].upper() for s in specs if s.get('robust')})) + ").",
                       "标准误为异方差稳健标准误（" +
                       "、".join(sorted({s['robust'].upper() for s in specs if s.get('robust')})) + "）。"))
    for m in fitted:
        if m.model == "logit":
            codes, labels = ctx.codes(m.outcome)
            names = {str(c): lab for c, lab in zip(codes, labels)}
            event = names.get(str(m.event).removesuffix(".0"), m.event)
            notes.append(t(f"Logit of the probability that {ctx.label(m.outcome)} is “{event}”.",
                           f"Logistic回归预测“{ctx.label(m.outcome)}”为“{event}”的概率。"))
        notes += list(m.warnings)
    blocks = []
    if len(fitted) == 1:
        m = fitted[0]
        table = _single(ctx, m, standardized).with_note(
            t(f"Outcome: {ctx.label(m.outcome)}. ", f"因变量：{ctx.label(m.outcome)}。") + _fit_line(ctx, m)
            + t(".", "。"), *notes)
    else:
        table = _side_by_side(ctx, fitted, specs).with_note(*notes)
    blocks.append(table)
    for i, (m, s) in enumerate(zip(fitted, specs), 1):
        terms = [(term_label(ctx, r.term), r.b, r.p) for r in m.coefficients.itertuples(index=False)
                 if r.term != "const" and not ("/" in r.term and r.term not in ctx.q.names)]
        text = regression_text(ctx.label(m.outcome), terms, _fit_line(ctx, m), fmt, ctx.thresholds)
        if len(fitted) > 1:
            text = (ctx.text(s.get("name")) or t(f"Model {i}", f"模型{i}")) + t(": ", "：") + text
        blocks.append(Paragraph(text, "interpretation"))
    return blocks


def _single(ctx, m, standardized) -> Table:
    t = ctx.t
    c = m.coefficients
    stat = "t" if "t" in c.columns else "z"
    rows = []
    for r in c.to_dict("records"):
        rec = {"term": term_label(ctx, r["term"]), "b": r["b"], "se": r["se"], "stat": r[stat], "p": r["p"]}
        if m.model == "ols":
            rec["beta"], rec["vif"] = r.get("beta"), r.get("vif")
        else:
            rec["or"] = r.get("odds_ratio")
        rows.append(rec)
    columns = [Column("term", t("Predictor", "变量")), Column("b", "B", "num3"), Column("se", "SE", "num3")]
    if m.model == "ols" and standardized:
        columns.append(Column("beta", "β", "bounded"))
    columns += [Column("stat", stat, "num"), Column("p", "p", "p")]
    columns.append(Column("vif", "VIF", "num") if m.model == "ols" else Column("or", "OR", "num"))
    kind = {"ols": t("Linear regression", "线性回归分析"), "logit": t("Binary logistic regression", "二元Logistic回归分析"),
            "ologit": t("Ordered logistic regression", "有序Logistic回归分析")}[m.model]
    return Table.from_records(rows, columns, kind="regression",
                              title=t(f"{kind}: {ctx.label(m.outcome)}", f"{ctx.label(m.outcome)}的{kind}"))


def _side_by_side(ctx, fitted, specs) -> Table:
    t = ctx.t
    names = [ctx.text(s.get("name")) or t(f"Model {i}", f"模型{i}") for i, s in enumerate(specs, 1)]
    terms = list(dict.fromkeys(term for m in fitted for term in m.coefficients["term"]))
    rows = []
    for term in terms:
        rec = {"term": term_label(ctx, term)}
        for j, m in enumerate(fitted):
            c = m.coefficients.set_index("term")
            if term in c.index:
                rec[f"b{j}"] = Cell(c.loc[term, "b"], p=c.loc[term, "p"])
                rec[f"se{j}"] = c.loc[term, "se"]
        rows.append(rec)
    fit = {"n": ("n", "int"), "r2": ("R²", "bounded3"), "adj_r2": (t("Adjusted R²", "调整后R²"), "bounded3"),
           "pseudo_r2": ("McFadden R²", "bounded3"), "f": ("F", "num")}
    for key, (label, code) in fit.items():
        values = [getattr(m, key, None) for m in fitted]
        if all(v is None for v in values):
            continue
        rec = {"term": label}
        for j, (m, v) in enumerate(zip(fitted, values)):
            if v is not None:
                rec[f"b{j}"] = Cell(v, code, p=m.f_p if key == "f" else None)
        rows.append(rec)
    columns = [Column("term", t("Predictor", "变量"))]
    for j, (name, m) in enumerate(zip(names, fitted)):
        head = f"{name}{t(': ', '：')}{ctx.label(m.outcome)}" if len({x.outcome for x in fitted}) > 1 else name
        columns += [Column(f"b{j}", "B", "num3", head), Column(f"se{j}", "SE", "num3", head)]
    outcomes = dict.fromkeys(ctx.label(m.outcome) for m in fitted)
    return Table.from_records(rows, columns, kind="regression", title=t(
        f"Regression models of {' and '.join(outcomes)}", f"{'、'.join(outcomes)}的回归模型比较"))
