"""Figures: Chinese labels render with the shipped CJK font (no missing glyph), PNGs are reproducible."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from surveykit import plots

LABELS = ["非常不同意", "不同意", "一般", "同意", "非常同意"]


@pytest.fixture
def no_missing_glyphs():
    """Turn matplotlib's 'Glyph ... missing from font(s)' warning into an error."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=".*findfont.*")
        yield


def test_cjk_font_is_installed_and_registered():
    assert plots.cjk_font() == "Noto Sans SC"


def test_chinese_figures_have_every_glyph(no_missing_glyphs):
    pct = pd.DataFrame([[5.0, 10, 20, 40, 25], [10, 20, 30, 25, 15]], columns=LABELS,
                       index=["我信任社区居委会（反向题）", "邻里之间可以相互信任：χ² −1"])
    r = pd.DataFrame([[1, 0.42], [0.42, 1]], index=["社区信任", "居民参与"], columns=["社区信任", "居民参与"])
    p = pd.DataFrame([[0, 0.001], [0.001, 0]], index=r.index, columns=r.columns)
    scree = pd.DataFrame({"number": [1, 2, 3], "observed": [2.1, 0.6, 0.3], "simulated": [1.2, 1.0, 0.8]})
    means = pd.DataFrame({"label": ["社区信任", "居民参与"], "mean": [3.4, 3.1], "ci_low": [3.3, 3.0],
                          "ci_high": [3.5, 3.2]})
    figures = [plots.likert_bars(pct, title="社区信任", xlabel="百分比（%）"),
               plots.correlation_heatmap(r, p, title="相关系数"),
               plots.scree_plot(scree, observed_label="实际数据", simulated_label="随机数据", xlabel="成分",
                                ylabel="特征根"),
               plots.means_with_ci(means, xlabel="均值（95%置信区间）", limits=(1, 5), midpoint=3),
               plots.multiple_response_bars(["志愿服务", "文体活动"], [55.0, 30.0], xlabel="个案百分比")]
    for fig in figures:
        png = plots.figure_png(fig, dpi=60)
        assert png.startswith(b"\x89PNG")


def test_png_is_reproducible():
    pct = pd.DataFrame([[50.0, 50.0]], columns=["否", "是"], index=["题目"])
    a = plots.figure_png(plots.likert_bars(pct), dpi=50)
    b = plots.figure_png(plots.likert_bars(pct), dpi=50)
    assert a == b and b"Software" not in a


def test_plots_return_figures_without_pyplot_state():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plots.multiple_response_bars(["a", "b"], np.array([10.0, 20.0]))
    assert plt.get_fignums() == before
