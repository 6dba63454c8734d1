"""The result of cleaning: clean data, the log, the exclusions and the thesis sentence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .._results import Result
from ..data import SurveyData

__all__ = ["CleanResult", "CHECK_NAMES"]

#: How each quality check is named in the thesis sentence.
CHECK_NAMES = {
    "duration": {"zh": "作答时间过短", "en": "completion time too short"},
    "straightlining": {"zh": "所有题目选择同一选项", "en": "the same answer to every item"},
    "attention": {"zh": "未通过注意力检测题", "en": "failed attention check"},
    "duplicates": {"zh": "重复提交", "en": "duplicate submission"},
    "long_runs": {"zh": "连续多题选择同一选项", "en": "long runs of identical answers"},
    "near_duplicates": {"zh": "作答模式与他人高度雷同", "en": "near-identical answer pattern"},
    "contradictions": {"zh": "正反向题作答矛盾", "en": "contradictory answers to reversed items"},
}


@dataclass(frozen=True, repr=False)
class CleanResult(Result):
    """What :func:`surveykit.clean` did.

    Attributes
    ----------
    log : DataFrame
        Every changed cell: ``row, respondent, column, old, new, rule`` (the main table).
    excluded : DataFrame
        ``row, respondent, reasons`` (a tuple of the excluding checks that flagged the row).
    checks : DataFrame
        ``check, action, flagged``: each quality check, ``exclude`` or ``flag``, and
        how many of the rows read it flagged.
    flags : DataFrame
        One boolean column per check, one row per row read (index ``row``).
    pii : DataFrame
        ``column, action``: each personal-data column ``kept``, ``dropped`` or ``pseudonymized``.
    survey : SurveyData
        The clean data: kept respondents, derived variables and scale scores added,
        personal data handled; its questionnaire has no ``quality`` section any more
        (the checks have been applied).
    n_raw : int
        Rows read (questionnaires returned).
    distributed : int, optional
        Questionnaires distributed, when known.
    notes : tuple of str
        Things the user must know (e.g. a random salt was used).

    Examples
    --------
    >>> from surveykit import load_schema, read_survey, clean
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> res = clean(read_survey(q, "data/j_community_epidemic.csv"))
    >>> res.excluded.head(3)[["row", "reasons"]]
       row        reasons
    0   11    (duration,)
    1   17  (duplicates,)
    2   24  (duplicates,)
    >>> int(res.flags["attention"].sum()), res.survey.questionnaire.quality
    (11, mappingproxy({}))
    """

    title = "Cleaning"
    log: pd.DataFrame
    excluded: pd.DataFrame
    checks: pd.DataFrame
    flags: pd.DataFrame
    pii: pd.DataFrame
    survey: SurveyData
    n_raw: int
    distributed: int | None = None
    notes: tuple = ()

    @property
    def n_clean(self) -> int:
        """Respondents kept (valid questionnaires)."""
        return self.survey.n

    @property
    def n_excluded(self) -> int:
        """Respondents excluded."""
        return len(self.excluded)

    @property
    def changes(self) -> int:
        """Number of changed cells (lines of the log)."""
        return len(self.log)

    @property
    def counts(self) -> dict[str, int]:
        """Changed cells by rule, and excluded respondents by check (a row may count for several)."""
        rules = {str(k): int(v) for k, v in self.log["rule"].value_counts(sort=False).items()}
        excluding = self.checks[self.checks["action"] == "exclude"]
        return {"changes": rules,
                "excluded": {c: int(n) for c, n in zip(excluding["check"], excluding["flagged"]) if n}}

    @property
    def valid_rate(self) -> float:
        """Valid questionnaires in percent of those returned."""
        return 100.0 * self.n_clean / self.n_raw if self.n_raw else float("nan")

    @property
    def response_rate(self) -> float | None:
        """Questionnaires returned in percent of those distributed (None when unknown)."""
        return 100.0 * self.n_raw / self.distributed if self.distributed else None

    @property
    def effective_rate(self) -> float | None:
        """Valid questionnaires in percent of those distributed (None when unknown)."""
        return 100.0 * self.n_clean / self.distributed if self.distributed else None

    def flag_columns(self) -> pd.DataFrame:
        """0/1 columns ``flag_CHECK`` of the flag-only checks, for the kept respondents."""
        flag_only = self.checks.loc[self.checks["action"] == "flag", "check"]
        return pd.DataFrame({f"flag_{c}": self.flags[c].reindex(self.survey.data.index).astype("int8")
                             for c in flag_only}, index=self.survey.data.index)

    def sentence(self, language: str = "en", decimals: int = 1) -> str:
        """The sentence a thesis writes about its sample, in ``zh`` or ``en``.

        It gives the questionnaires distributed (when known), returned, excluded
        with the number flagged by each excluding check, valid, and the rates.
        """
        reasons = self.counts["excluded"]
        several = sum(reasons.values()) > self.n_excluded
        pct = (lambda x: f"{x:.{decimals}f}%")
        if language == "zh":
            return _sentence_zh(self, reasons, several, pct)
        return _sentence_en(self, reasons, several, pct)

    @property
    def sentences(self) -> dict[str, str]:
        """The thesis sentence in Chinese and English."""
        return {"zh": self.sentence("zh"), "en": self.sentence("en")}

    def to_dict(self, outputs=()) -> dict:
        """The JSON document of ``surveykit clean --format json``."""
        excluded = [{"row": int(r.row), "respondent": r.respondent, "reasons": list(r.reasons)}
                    for r in self.excluded.itertuples(index=False)]
        return {
            "n_raw": self.n_raw, "n_clean": self.n_clean, "n_excluded": self.n_excluded,
            "excluded": excluded, "changes": self.changes, "outputs": [str(o) for o in outputs],
            "distributed": self.distributed, "valid_rate": self.valid_rate,
            "response_rate": self.response_rate, "effective_rate": self.effective_rate,
            "counts": self.counts,
            "checks": self.checks.to_dict("records"),
            "pii": self.pii.to_dict("records"),
            "sentence": self.sentences, "notes": list(self.notes),
        }


def _sentence_en(r: CleanResult, reasons, several, pct) -> str:
    head = (f"Of {r.distributed} questionnaires distributed, {r.n_raw} were returned "
            f"(response rate {pct(r.response_rate)}). " if r.distributed else
            f"{r.n_raw} questionnaires were returned. ")
    if not r.n_excluded:
        body = f"None was excluded: all {r.n_clean} are valid"
    else:
        why = "; ".join(f"{CHECK_NAMES.get(k, {}).get('en', k)}: {n}" for k, n in reasons.items())
        why += "; a questionnaire may fail several checks" if several else ""
        body = (f"After excluding {r.n_excluded} invalid questionnaires ({why}), "
                f"{r.n_clean} valid questionnaires remained")
    rates = (f"a valid rate of {pct(r.valid_rate)} of those returned and "
             f"{pct(r.effective_rate)} of those distributed" if r.distributed else
             f"a valid rate of {pct(r.valid_rate)}")
    return f"{head}{body}, {rates}."


def _sentence_zh(r: CleanResult, reasons, several, pct) -> str:
    head = (f"本次调查共发放问卷{r.distributed}份，回收{r.n_raw}份，回收率为{pct(r.response_rate)}；"
            if r.distributed else f"本次调查共回收问卷{r.n_raw}份，")
    if not r.n_excluded:
        body = f"经检查无无效问卷，有效问卷{r.n_clean}份"
    else:
        why = "、".join(f"{CHECK_NAMES.get(k, {}).get('zh', k)}{n}份" for k, n in reasons.items())
        why += "，部分问卷同时存在多种问题" if several else ""
        body = f"剔除无效问卷{r.n_excluded}份（{why}），最终获得有效问卷{r.n_clean}份"
    rates = (f"有效率为{pct(r.valid_rate)}，有效回收率为{pct(r.effective_rate)}" if r.distributed
             else f"有效率为{pct(r.valid_rate)}")
    return f"{head}{body}，{rates}。"
