"""Figures of survey results with seaborn; every function returns a matplotlib Figure.

Nothing is shown or saved here (no ``pyplot`` state): callers save the
figure (``fig.savefig(...)``) or let Jupyter display it. Chinese labels use
the CJK font that surveykit installs with itself (Noto Sans SC, from the
``pylopdf-fonts-zh-cn`` package), registered with matplotlib on first use,
so figures never show empty boxes for Chinese characters.

Examples
--------
>>> import pandas as pd
>>> pct = pd.DataFrame({"不同意": [10.0, 20.0], "一般": [30.0, 30.0], "同意": [60.0, 50.0]},
...                    index=["我信任居委会", "我信任邻居"])
>>> fig = likert_bars(pct, title="社区信任")
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

__all__ = ["likert_bars", "means_with_ci", "correlation_heatmap", "scree_plot",
           "multiple_response_bars", "cjk_font", "figure_png"]

#: Font families tried in order; matplotlib falls back glyph by glyph.
_FAMILIES = ["Noto Sans SC", "DejaVu Sans"]


@functools.cache
def cjk_font() -> str | None:
    """Register the shipped CJK font with matplotlib; return its family name (None if absent)."""
    from matplotlib import font_manager

    try:
        import pylopdf_fonts_zh_cn as fonts
    except ImportError:  # pragma: no cover - a dependency of surveykit
        return None
    path = str(fonts.sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _style() -> dict:
    cjk_font()
    return {"font.family": "sans-serif", "font.sans-serif": _FAMILIES, "axes.unicode_minus": False,
            "svg.hashsalt": "surveykit", "font.size": 10}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _rc(function):
    """Run a plotting function inside the surveykit style (fonts resolved at creation)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(_style()):
            return function(*args, **kwargs)
    return wrapper


def figure_png(fig, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, without time or version metadata (same figure, same bytes)."""
    import io

    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_style()):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _wrap(label: str, width: int = 18) -> str:
    """Break a long label into lines (CJK characters count double)."""
    import textwrap
    import unicodedata

    if all(unicodedata.east_asian_width(c) not in "WF" for c in label):
        return "\n".join(textwrap.wrap(label, width * 1.6)) or label
    lines, line, size = [], "", 0
    for ch in label:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if size + w > width * 1.4:
            lines.append(line)
            line, size = "", 0
        line, size = line + ch, size + w
    return "\n".join(lines + [line])


@_rc
def likert_bars(percent: pd.DataFrame, *, title: str | None = None, xlabel: str = "%"):
    """Stacked horizontal bars of the answer distribution of each item.

    Parameters
    ----------
    percent : DataFrame
        Items in rows (index: item labels), answer options in columns (labels,
        in scale order), percentages that sum to 100 per row.
    title, xlabel : str, optional
    """
    import seaborn as sns

    k = percent.shape[1]
    colors = sns.color_palette("RdBu", n_colors=max(k, 3))[:k] if k > 2 else sns.color_palette("RdBu", 2)
    fig = _figure(6.3, 0.5 * len(percent) + 1.4)
    ax = fig.add_subplot()
    left = np.zeros(len(percent))
    labels = [_wrap(str(i)) for i in percent.index]
    y = np.arange(len(percent))
    for j, col in enumerate(percent.columns):
        values = percent[col].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=colors[j], label=str(col), edgecolor="white", linewidth=0.5)
        for yi, (x0, v) in enumerate(zip(left, values)):
            if v >= 7:
                ax.text(x0 + v / 2, yi, f"{v:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if j in (0, k - 1) else "black")
        left += values
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    fig.legend(*ax.get_legend_handles_labels(), ncols=min(k, 5), loc="outside upper center",
               frameon=False, fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


@_rc
def means_with_ci(frame: pd.DataFrame, *, title: str | None = None, xlabel: str = "",
                  limits: tuple[float, float] | None = None, midpoint: float | None = None):
    """Means with confidence intervals, one row per variable.

    ``frame`` has the columns ``label, mean, ci_low, ci_high``.
    """
    import seaborn as sns

    fig = _figure(6.3, 0.4 * len(frame) + 1.2)
    ax = fig.add_subplot()
    y = np.arange(len(frame))
    color = sns.color_palette("deep")[0]
    ax.errorbar(frame["mean"], y, xerr=[frame["mean"] - frame["ci_low"], frame["ci_high"] - frame["mean"]],
                fmt="o", color=color, capsize=4, markersize=6)
    for yi, m in zip(y, frame["mean"]):
        ax.annotate(f"{m:.2f}", (m, yi), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=8)
    ax.set_yticks(y, [_wrap(str(x)) for x in frame["label"]])
    ax.invert_yaxis()
    ax.set_ylim(len(frame) - 0.4, -0.7)
    if limits:
        ax.set_xlim(*limits)
    if midpoint is not None:
        ax.axvline(midpoint, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", linewidth=0.4, alpha=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


@_rc
def correlation_heatmap(r: pd.DataFrame, p: pd.DataFrame | None = None, *, title: str | None = None,
                        stars=((0.001, "***"), (0.01, "**"), (0.05, "*"))):
    """Lower triangle of a correlation matrix, annotated with r and significance stars."""
    import seaborn as sns

    k = len(r)
    mask = np.triu(np.ones((k, k), dtype=bool), 1)
    annot = np.empty((k, k), dtype=object)
    for i in range(k):
        for j in range(k):
            mark = ""
            if p is not None and i != j:
                mark = next((m for level, m in stars if p.iloc[i, j] < level), "")
            annot[i, j] = f"{r.iloc[i, j]:.2f}{mark}"
    fig = _figure(6.3, 0.55 * k + 2.2)
    ax = fig.add_subplot()
    labels = [_wrap(str(x), 10) for x in r.index]
    sns.heatmap(r.astype(float), mask=mask, annot=annot, fmt="", cmap="RdBu_r", vmin=-1, vmax=1,
                square=True, linewidths=0.5, cbar_kws={"shrink": 0.7}, ax=ax,
                xticklabels=labels, yticklabels=labels, annot_kws={"fontsize": 8})
    ax.tick_params(axis="x", rotation=45)
    ax.tick_params(axis="y", rotation=0)
    if title:
        fig.suptitle(title)
    return fig


@_rc
def scree_plot(table: pd.DataFrame, *, title: str | None = None, observed_label: str = "Observed",
               simulated_label: str = "Parallel analysis (95th percentile)",
               xlabel: str = "Factor", ylabel: str = "Eigenvalue"):
    """Eigenvalues of the data against those of random data (parallel analysis).

    ``table`` has the columns ``number``, ``observed`` and ``simulated``.
    """
    import seaborn as sns

    fig = _figure(6.0, 3.8)
    ax = fig.add_subplot()
    deep = sns.color_palette("deep")
    ax.plot(table["number"], table["observed"], "o-", color=deep[0], label=observed_label)
    ax.plot(table["number"], table["simulated"], "s--", color=deep[3], label=simulated_label, markersize=4)
    ax.axhline(1.0, color="grey", linewidth=0.6, linestyle=":")
    ax.set_xticks(table["number"])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


@_rc
def multiple_response_bars(labels, percent, *, title: str | None = None, xlabel: str = "% of cases"):
    """Horizontal bars of the % of cases choosing each option (most chosen first)."""
    import seaborn as sns

    order = np.argsort(-np.asarray(percent, dtype=float), kind="stable")
    labels = [_wrap(str(labels[i])) for i in order]
    values = np.asarray(percent, dtype=float)[order]
    fig = _figure(6.3, 0.4 * len(labels) + 1.2)
    ax = fig.add_subplot()
    ax.barh(np.arange(len(values)), values, color=sns.color_palette("deep")[0])
    for yi, v in enumerate(values):
        ax.text(v + 0.8, yi, f"{v:.1f}", va="center", fontsize=8)
    ax.set_yticks(np.arange(len(values)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(100.0, values.max() * 1.1) if len(values) else 100)
    ax.set_xlabel(xlabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        fig.suptitle(title)
    return fig
