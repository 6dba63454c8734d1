"""Export the analysed samples of the five case studies for make_reference.R.

Run from the repository root:  python tests/reference/case_studies/make_items.py

For each study the data file is read through its schema and cleaned
(``sk.clean(s).survey``: the sample the reports analyse). Written here:

* ``<study>_items.csv``: ``row`` (the respondent's row number), every scale item
  as scored (reversed as the schema says, ``c.scale_items(scale)``), then the
  demographic columns the regressions need, as coded (blank = missing);
* ``studies.json``: per study the scales (items, ``min_items``, ``score``), the
  categorical predictors with their codes in choice-list order (R factor
  levels) and the two participation regressions: ``scales`` (participation on
  every other scale score and age) and ``report`` (the fullest OLS of
  participation in ``reports/<study>.yaml``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML

import surveykit as sk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
STUDIES = {"governance_units": "governance_units.csv", "haikou_liushuipo": "haikou_liushuipo.xlsx",
           "j_community_epidemic": "j_community_epidemic.csv",
           "qingdao_linkage": "qingdao_linkage.xlsx", "yongchang_micro": "yongchang_micro.sav"}


def report_model(study: str) -> list[str]:
    """Predictors of the fullest OLS of participation in the study's report."""
    doc = YAML(typ="safe").load((ROOT / "reports" / f"{study}.yaml").read_text(encoding="utf-8"))
    specs = []
    for block in doc.get("sections", doc.get("content", [])) if isinstance(doc, dict) else doc:
        if isinstance(block, dict) and block.get("table") == "regression":
            specs += block.get("models") or [block]
    specs = [s for s in specs if s.get("outcome") == "participation" and s.get("model", "ols") == "ols"]
    return max((s["predictors"] for s in specs), key=len)


def export(study: str, data: str) -> dict:
    q = sk.load_schema(ROOT / "questionnaires" / f"{study}.yaml")
    c = sk.clean(sk.read_survey(q, ROOT / "data" / data)).survey
    scales = [s.name for s in q.scales]
    items = pd.concat([c.scale_items(s) for s in scales], axis=1)
    items = items.loc[:, ~items.columns.duplicated()]
    others = [s for s in scales if s != "participation"]
    report = report_model(study)
    demo = list(dict.fromkeys(["age", *[p for p in report if p not in scales]]))
    out = pd.concat([items, c.data[demo]], axis=1)
    out.index.name = "row"
    out.to_csv(HERE / f"{study}_items.csv", na_rep="", float_format="%.10g")
    factors = {d: [int(x) for x in q.question(d).choices.codes] for d in demo
               if q.question(d).type in ("single", "ordinal")}
    return {"data": data, "n": int(c.n),
            "scales": {s.name: {"items": list(s.items), "min_items": s.required_items,
                                "score": s.score} for s in q.scales},
            "factors": factors,
            "regressions": {"scales": [*others, "age"], "report": report}}


def main() -> None:
    meta = {study: export(study, data) for study, data in STUDIES.items()}
    (HERE / "studies.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")


if __name__ == "__main__":
    main()
