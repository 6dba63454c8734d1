"""The note that stands in a report where a section could not be computed on the data.

The analysis modules raise their errors in English. A Chinese report gives the
note in Chinese: for the causes met in fieldwork data (an outcome with a single
category, a singular matrix, too few respondents, too few groups) the cause is
restated in Chinese; any other message is kept as it is, introduced as the
program's message.

Examples
--------
>>> from surveykit.report.format import Formatter
>>> from surveykit.report.problems import problem_note
>>> err = ValueError("the outcome 'used' has a single category (1) in the model's sample; a logit needs two")
>>> problem_note("table", "regression", err, Formatter("zh"))
'【回归分析】该表无法根据本数据计算：结果变量“used”在模型样本中只有一个类别（1），无法估计该模型。'
>>> problem_note("table", "regression", err, Formatter("en"))[:60]
'[regression] This table could not be computed on these data:'
"""

from __future__ import annotations

import re
from typing import Callable

__all__ = ["problem_note"]

#: Chinese names of the section kinds (the English note uses the kind itself).
SECTION_NAMES_ZH = {
    "cleaning_summary": "数据清理", "sample_profile": "样本概况", "frequencies": "频数分析",
    "descriptives": "描述性统计", "likert_distribution": "量表题选项分布", "multiple_response": "多选题分析",
    "open_answers": "开放题", "reliability": "信度分析", "kmo_bartlett": "KMO和Bartlett检验",
    "efa_loadings": "探索性因子分析", "cfa_fit": "验证性因子分析", "validity": "效度检验",
    "crosstab": "交叉分析", "group_comparison": "差异分析", "correlations": "相关分析",
    "regression": "回归分析", "likert_bars": "量表题选项分布图", "dimension_means": "各维度均值图",
    "correlation_heatmap": "相关系数热图", "scree": "碎石图", "multiple_response_bars": "多选题条形图",
}

#: Known causes: a pattern of the (English) error message and its Chinese restatement.
_KNOWN_ZH: tuple[tuple[re.Pattern, Callable[[re.Match], str]], ...] = (
    (re.compile(r"the outcome '(?P<var>[^']+)' has a single category \((?P<code>[^)]*)\)"),
     lambda m: f"结果变量“{m['var']}”在模型样本中只有一个类别（{m['code']}），无法估计该模型。"),
    (re.compile(r"the outcome '(?P<var>[^']+)' has (?P<k>\d+) categories"),
     lambda m: f"结果变量“{m['var']}”有{m['k']}个类别，与所选模型不符（二元logit需要2个类别，"
               "有序logit需要3个及以上）：请重新编码结果变量或改用其他模型。"),
    (re.compile(r"too few complete cases: (?P<n>\d+) respondent"),
     lambda m: f"有效样本过少：同时回答了结果变量和全部自变量的受访者只有{m['n']}人，"
               "不足以估计模型的全部系数；请减少自变量或检查缺失值。"),
    (re.compile(r"fewer than two groups have at least 2 answers"),
     lambda m: "有效回答不少于2人的组不足两个，无法进行组间比较。"),
    (re.compile(r"fewer than 2 items"),
     lambda m: "有维度的题项少于2个，无法计算其信度。"),
    (re.compile(r"singular", re.IGNORECASE),
     lambda m: "题项的相关（协方差）矩阵奇异：可能有题项取值恒定、某题项是其他题项的线性组合，"
               "或受访者人数过少；请删除或修正相关题项。"),
)


def problem_note(kind: str, name: str, err: BaseException, fmt, label=None) -> str:
    """The note replacing section ``name`` (``kind`` "table" or "figure") that failed with ``err``.

    ``label`` maps a variable name to its label in the report's language (names
    are kept when it is None or does not know them).
    """
    message = str(err)
    if not fmt.zh:
        return f"[{name.replace('_', ' ')}] This {kind} could not be computed on these data: {message}"
    head = f"【{SECTION_NAMES_ZH.get(name, name)}】该{'表' if kind == 'table' else '图'}无法根据本数据计算："
    for pattern, say in _KNOWN_ZH:
        found = pattern.search(message)
        if found:
            text = say(found)
            var = found.groupdict().get("var")
            if var and label is not None:
                text = text.replace(f"“{var}”", f"“{label(var)}”")
            return head + text
    return head + f"程序给出的原因（英文）如下：{message}"
