"""Interpretation sentences (zh/en) with configurable thresholds and a named convention.

Every sentence that judges a number against a cut-off says which convention it
used. The defaults are the conventions most cited in survey research; a
recipe overrides any of them under ``thresholds:``::

    thresholds:
      alpha: {acceptable: 0.6, convention: "Nunnally (1978)"}
      fit: {cfi: 0.90, tli: 0.90, rmsea: 0.08, convention: "Chinese thesis habit (CFI/TLI > .90)"}

Examples
--------
>>> from surveykit.report.format import Formatter
>>> th = Thresholds()
>>> th.band("alpha", 0.83), th.band("kmo", 0.64)
('good', 'mediocre')
>>> print(reliability_text([("Trust", 0.83), ("Identity", 0.64)], Formatter("en"), th))
Cronbach's α was .83 for Trust (good) and .64 for Identity (questionable); convention: George & Mallery (2003): α ≥ .90 excellent, ≥ .80 good, ≥ .70 acceptable, ≥ .60 questionable, below that poor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .format import Formatter

__all__ = ["Thresholds", "DEFAULTS", "check_thresholds", "reliability_text", "kmo_text",
           "fit_text", "validity_text", "correlation_text", "regression_text", "join"]

#: Default thresholds; bands are listed from the best down (value >= cut-off).
DEFAULTS: dict[str, dict[str, Any]] = {
    "alpha": {"excellent": 0.9, "good": 0.8, "acceptable": 0.7, "questionable": 0.6,
              "convention": "George & Mallery (2003)"},
    "kmo": {"marvelous": 0.9, "meritorious": 0.8, "middling": 0.7, "mediocre": 0.6,
            "miserable": 0.5, "convention": "Kaiser (1974)"},
    "fit": {"chi2_df": 3.0, "cfi": 0.95, "tli": 0.95, "rmsea": 0.06, "srmr": 0.08,
            "convention": "Hu & Bentler (1999); χ²/df after Carmines & McIver (1981)"},
    "validity": {"cr": 0.7, "ave": 0.5, "htmt": 0.85,
                 "convention": "Fornell & Larcker (1981); Henseler, Ringle & Sarstedt (2015)"},
    "items": {"r_drop": 0.3, "loading": 0.4, "convention": "r_drop ≥ .30, loadings ≥ .40"},
    "significance": {"level": 0.05, "convention": "two-sided tests"},
}
#: Chinese names of the default conventions (and of overridden cut-offs).
_CONVENTIONS_ZH = {
    "Hu & Bentler (1999); χ²/df after Carmines & McIver (1981)": "Hu & Bentler (1999)；χ²/df参照Carmines & McIver (1981)",
    "Fornell & Larcker (1981); Henseler, Ringle & Sarstedt (2015)": "Fornell & Larcker (1981)；Henseler, Ringle & Sarstedt (2015)",
    "r_drop ≥ .30, loadings ≥ .40": "CITC ≥ 0.30，因子载荷 ≥ 0.40",
    "two-sided tests": "双侧检验",
    "user-defined cut-offs": "用户自定义的标准",
}
#: Bands below the last cut-off.
_BOTTOM = {"alpha": "poor", "kmo": "unacceptable"}
WORDS = {
    "excellent": "很好", "good": "良好", "acceptable": "可接受", "questionable": "尚可",
    "poor": "较差", "marvelous": "极好", "meritorious": "很好", "middling": "中等",
    "mediocre": "一般", "miserable": "较差", "unacceptable": "不可接受",
}
_UPPER = {"rmsea", "srmr", "chi2_df", "htmt"}  # cut-offs that are maxima


def check_thresholds(values: Mapping) -> list[tuple[str, str]]:
    """Problems of a recipe's ``thresholds`` mapping as ``(key, message)`` pairs."""
    problems = []
    for group, entries in values.items():
        if group not in DEFAULTS:
            problems.append((group, f"unknown threshold group; use {', '.join(DEFAULTS)}"))
            continue
        if not isinstance(entries, Mapping):
            problems.append((group, "must be a mapping such as {acceptable: 0.7, convention: ...}"))
            continue
        for key, value in entries.items():
            if key not in DEFAULTS[group]:
                problems.append((f"{group}.{key}", f"unknown threshold; {group} has "
                                 f"{', '.join(DEFAULTS[group])}"))
            elif key == "convention":
                if not isinstance(value, str) or not value.strip():
                    problems.append((f"{group}.{key}", "name the convention as text"))
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append((f"{group}.{key}", f"a cut-off is a number, not {value!r}"))
    return problems


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs and convention names (defaults :data:`DEFAULTS`, overridden by ``values``).

    A group whose cut-offs are overridden without a ``convention`` is named
    "user-defined" so that a report never cites a source it does not follow.
    """

    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __post_init__(self):
        merged = {}
        for group, defaults in DEFAULTS.items():
            given = dict(self.values.get(group, {}))
            entry = {**defaults, **given}
            if any(k != "convention" for k in given) and "convention" not in given:
                entry["convention"] = "user-defined cut-offs"
            merged[group] = entry
        object.__setattr__(self, "values", merged)

    def __getitem__(self, key: str):
        group, _, name = key.partition(".")
        return self.values[group][name]

    def convention(self, group: str, fmt: Formatter | None = None) -> str:
        """The name of the group's convention (in Chinese for a Chinese ``fmt`` where
        the name is one of the defaults)."""
        name = self.values[group]["convention"]
        return _CONVENTIONS_ZH.get(name, name) if fmt is not None and fmt.zh else name

    def band(self, group: str, value: float) -> str:
        """The band of ``value`` (e.g. ``good``) under the group's cut-offs."""
        for name, cut in self.values[group].items():
            if name != "convention" and value >= cut:
                return name
        return _BOTTOM[group]

    def bands_text(self, group: str, fmt: Formatter, symbol: str) -> str:
        """The convention in words: ``George & Mallery (2003): α ≥ .90 excellent, ...``."""
        cuts = [(k, v) for k, v in self.values[group].items() if k != "convention"]
        if fmt.zh:
            parts = [f"{symbol if i == 0 else ''}≥{fmt.bounded(v)}为{WORDS[k]}" for i, (k, v) in enumerate(cuts)]
            return f"{self.convention(group, fmt)}：" + "，".join(parts) + f"，低于此为{WORDS[_BOTTOM[group]]}"
        parts = [f"{symbol + ' ' if i == 0 else ''}≥ {fmt.bounded(v)} {k}" for i, (k, v) in enumerate(cuts)]
        return f"{self.convention(group)}: " + ", ".join(parts) + f", below that {_BOTTOM[group]}"

    def passes(self, group: str, key: str, value: float) -> bool:
        cut = self.values[group][key]
        return value <= cut if key in _UPPER else value >= cut


def word(key: str, fmt: Formatter) -> str:
    return WORDS.get(key, key) if fmt.zh else key


def join(items, fmt: Formatter) -> str:
    """``a, b and c`` / ``a、b和c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if fmt.zh:
        return "、".join(items[:-1]) + "和" + items[-1]
    return (", ".join(items[:-1]) + (" and " if len(items) == 2 else ", and ") + items[-1])


def reliability_text(rows, fmt: Formatter, th: Thresholds) -> str:
    """One sentence on the alpha of each scale, against the alpha convention."""
    judged = [(label, a, th.band("alpha", a)) for label, a in rows]
    if fmt.zh:
        body = "、".join(f"{label}为{fmt.bounded(a)}（{word(b, fmt)}）" for label, a, b in judged)
        return f"各维度的Cronbach's α系数：{body}。判断标准采用{th.bands_text('alpha', fmt, 'α')}。"
    body = join([f"{fmt.bounded(a)} for {label} ({b})" for label, a, b in judged], fmt)
    return f"Cronbach's α was {body}; convention: {th.bands_text('alpha', fmt, 'α')}."


def kmo_text(kmo: float, chi2: float, df: int, p: float, fmt: Formatter, th: Thresholds) -> str:
    """KMO against Kaiser's bands and Bartlett's test."""
    band = th.band("kmo", kmo)
    level = th["significance.level"]
    sig = p < level
    bart = fmt.stat("χ²", chi2, df, p)
    if fmt.zh:
        verdict = "适合" if band not in ("miserable", "unacceptable") and sig else "不太适合"
        return (f"KMO值为{fmt.bounded(kmo)}，属于“{word(band, fmt)}”；Bartlett球形检验{bart}，"
                f"{'达到' if sig else '未达到'}显著水平，数据{verdict}进行因子分析。"
                f"判断标准采用{th.bands_text('kmo', fmt, 'KMO')}。")
    verdict = "suitable" if band not in ("miserable", "unacceptable") and sig else "hardly suitable"
    return (f"The KMO measure was {fmt.bounded(kmo)} ({band}) and Bartlett's test of sphericity gave "
            f"{bart}, so the data are {verdict} for factor analysis; convention: "
            f"{th.bands_text('kmo', fmt, 'KMO')}.")


_FIT_NAMES = {"chi2_df": "χ²/df", "cfi": "CFI", "tli": "TLI", "rmsea": "RMSEA", "srmr": "SRMR"}


def fit_text(fit: Mapping[str, float], fmt: Formatter, th: Thresholds) -> str:
    """Which fit indices meet their cut-offs."""
    met, missed = [], []
    for key, name in _FIT_NAMES.items():
        value = fit.get(key)
        if value is None or value != value:
            continue
        cut = th[f"fit.{key}"]
        rel = "≤" if key in _UPPER else "≥"
        text = f"{name} = {fmt.number(value, 2 if key == 'chi2_df' else fmt.decimals + 1)} ({rel} {fmt.number(cut, 2)})"
        (met if th.passes("fit", key, value) else missed).append(text)
    conv = th.convention("fit", fmt)
    if fmt.zh:
        out = f"模型拟合指标中，{'、'.join(met)}达到标准" if met else "模型拟合指标均未达到标准"
        if met and missed:
            out += f"，{'、'.join(missed)}未达到标准"
        return out + f"（判断标准：{conv}）。"
    out = f"Of the fit indices, {join(met, fmt)} met their cut-offs" if met else "No fit index met its cut-off"
    if met and missed:
        out += f", while {join(missed, fmt)} did not"
    return out + f" (convention: {conv})."


def validity_text(cr: Mapping[str, float], ave: Mapping[str, float], fl_ok: bool | None,
                  htmt_max: float | None, fmt: Formatter, th: Thresholds) -> str:
    """Convergent validity (CR, AVE) and discriminant validity (Fornell–Larcker, HTMT)."""
    v = th.values["validity"]
    low_cr = [k for k, x in cr.items() if x < v["cr"]]
    low_ave = [k for k, x in ave.items() if x < v["ave"]]
    rng = lambda d: f"{fmt.bounded(min(d.values()))}–{fmt.bounded(max(d.values()))}"  # noqa: E731
    if fmt.zh:
        parts = [f"各维度的组合信度（CR）介于{rng(cr)}，平均方差抽取量（AVE）介于{rng(ave)}"]
        parts.append("均达到标准，聚合效度良好" if not (low_cr or low_ave) else
                     f"其中{'、'.join(dict.fromkeys(low_cr + low_ave))}未达到标准")
        if fl_ok is not None:
            parts.append("各维度AVE的平方根均大于其与其他维度的相关系数" if fl_ok else
                         "部分维度AVE的平方根小于其与其他维度的相关系数")
        if htmt_max is not None:
            parts.append(f"HTMT最大值为{fmt.bounded(htmt_max)}，"
                         f"{'低于' if htmt_max < v['htmt'] else '高于'}{fmt.bounded(v['htmt'])}")
        return "，".join(parts) + f"（判断标准：CR≥{fmt.bounded(v['cr'])}，AVE≥{fmt.bounded(v['ave'])}，" \
               f"HTMT<{fmt.bounded(v['htmt'])}；{th.convention('validity', fmt)}）。"
    parts = [f"Composite reliability ranged over {rng(cr)} and AVE over {rng(ave)}"]
    parts.append("all meeting their cut-offs" if not (low_cr or low_ave) else
                 f"with {join(list(dict.fromkeys(low_cr + low_ave)), fmt)} below them")
    out = ", ".join(parts) + "."
    if fl_ok is not None:
        out += (" The square root of every AVE exceeded the dimension's correlations with the others"
                if fl_ok else " The square root of some AVEs fell below a correlation with another dimension")
        out += " (Fornell–Larcker criterion)."
    if htmt_max is not None:
        out += (f" The largest HTMT was {fmt.bounded(htmt_max)}, "
                f"{'below' if htmt_max < v['htmt'] else 'above'} {fmt.bounded(v['htmt'])}.")
    return out + (f" Cut-offs: CR ≥ {fmt.bounded(v['cr'])}, AVE ≥ {fmt.bounded(v['ave'])}, "
                  f"HTMT < {fmt.bounded(v['htmt'])} ({th.convention('validity', fmt)}).")


def correlation_text(pairs, fmt: Formatter, th: Thresholds, method: str = "pearson") -> str:
    """``pairs``: (label_a, label_b, r, p). Names the significant ones and their sign."""
    level = th["significance.level"]
    sig = [(a, b, r, p) for a, b, r, p in pairs if p == p and p < level]
    coef = "r" if method == "pearson" else "ρ"
    if fmt.zh:
        if not sig:
            return f"各变量之间的相关均未达到显著水平（p≥{fmt.bounded(level)}）。"
        pos = [f"{a}与{b}（{coef}={fmt.bounded(r)}）" for a, b, r, p in sig if r > 0]
        neg = [f"{a}与{b}（{coef}={fmt.bounded(r)}）" for a, b, r, p in sig if r < 0]
        out = []
        if pos:
            out.append(f"{'、'.join(pos)}显著正相关")
        if neg:
            out.append(f"{'、'.join(neg)}显著负相关")
        return "；".join(out) + f"（p<{fmt.bounded(level)}，{len(sig)}/{len(pairs)}对相关显著）。"
    if not sig:
        return f"No correlation was significant at the {fmt.bounded(level)} level."
    pos = [f"{a} and {b} ({coef} = {fmt.bounded(r)})" for a, b, r, p in sig if r > 0]
    neg = [f"{a} and {b} ({coef} = {fmt.bounded(r)})" for a, b, r, p in sig if r < 0]
    out = []
    if pos:
        out.append(f"positive correlations between {join(pos, fmt)}")
    if neg:
        out.append(f"negative correlations between {join(neg, fmt)}")
    return (f"There were significant {join(out, fmt)} (p < {fmt.bounded(level)}; "
            f"{len(sig)} of {len(pairs)} pairs).")


def regression_text(outcome: str, terms, fit_text_: str, fmt: Formatter, th: Thresholds) -> str:
    """``terms``: (label, b, p); names the significant predictors and their direction."""
    level = th["significance.level"]
    sig = [(t, b, p) for t, b, p in terms if p == p and p < level]
    if fmt.zh:
        if not sig:
            return f"{fit_text_}；各自变量对{outcome}的影响均不显著（p≥{fmt.bounded(level)}）。"
        pos = [f"{t}（B={fmt.number(b)}，{fmt.p_equals(p)}）" for t, b, p in sig if b > 0]
        neg = [f"{t}（B={fmt.number(b)}，{fmt.p_equals(p)}）" for t, b, p in sig if b < 0]
        out = []
        if pos:
            out.append(f"{'、'.join(pos)}对{outcome}有显著正向影响")
        if neg:
            out.append(f"{'、'.join(neg)}对{outcome}有显著负向影响")
        return f"{fit_text_}；" + "，".join(out) + "。"
    if not sig:
        return f"{fit_text_}; no predictor of {outcome} was significant at the {fmt.bounded(level)} level."
    pos = [f"{t} (B = {fmt.number(b)}, {fmt.p_equals(p)})" for t, b, p in sig if b > 0]
    neg = [f"{t} (B = {fmt.number(b)}, {fmt.p_equals(p)})" for t, b, p in sig if b < 0]
    out = []
    if pos:
        out.append(f"{join(pos, fmt)} {'was' if len(pos) == 1 else 'were'} positively associated with {outcome}")
    if neg:
        out.append(f"{join(neg, fmt)} {'was' if len(neg) == 1 else 'were'} negatively associated with {outcome}")
    return f"{fit_text_}; " + "; ".join(out) + "."

