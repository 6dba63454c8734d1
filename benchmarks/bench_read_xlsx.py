"""Reading a 100,000 x 35 xlsx through a schema, beside pandas.read_excel.

Target (issue 2): `read_survey` (and `surveykit validate`) at most 0.6x of
`pandas.read_excel(engine="calamine")` alone on the same file. The file is
made once (seeded) in a cache folder. Run: python benchmarks/bench_read_xlsx.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from _timing import best_of, row

N, K = 100_000, 32
CACHE = Path(tempfile.gettempdir()) / "surveykit-bench"
SCHEMA = """surveykit: 1
id: bench
choice_lists:
  sex: {1: 男, 2: 女}
  agree5: {1: 非常不同意, 2: 不同意, 3: 一般, 4: 同意, 5: 非常同意}
questions:
  - {name: rid, type: integer}
  - {name: sex, type: single, choices: sex}
  - {name: age, type: integer, range: [16, 100]}
""" + "".join(f"  - {{name: q{i}, type: likert, choices: agree5}}\n" for i in range(1, K + 1))


def make_file() -> tuple[Path, Path]:
    CACHE.mkdir(exist_ok=True)
    data, schema = CACHE / f"survey_{N}x{K + 3}.xlsx", CACHE / "bench.yaml"
    schema.write_text(SCHEMA, encoding="utf-8")
    if not data.exists():
        import openpyxl

        rng = np.random.default_rng(2026)
        answers = rng.integers(1, 6, size=(N, K)).tolist()
        ages = rng.integers(16, 90, size=N).tolist()
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Sheet1")
        sheet.append(["rid", "sex", "age"] + [f"q{i}" for i in range(1, K + 1)])
        for i in range(N):
            sheet.append([i + 1, ("男", "女")[i % 2], ages[i]] + answers[i])
        book.save(data)
    return data, schema


def main() -> None:
    import pandas as pd

    from surveykit import load_schema, read_survey

    data, schema = make_file()
    q = load_schema(schema)
    floor = best_of(lambda: pd.read_excel(data, engine="calamine"))
    ours = best_of(lambda: read_survey(q, data))
    openpyxl_time = best_of(lambda: pd.read_excel(data, engine="openpyxl"), repeat=1)
    cli = best_of(lambda: subprocess.run([sys.executable, "-m", "surveykit", "validate", str(schema),
                                          str(data)], capture_output=True))
    print(f"{N:,} rows x {K + 3} columns xlsx")
    print(row('pandas.read_excel(engine="calamine") (floor)', floor))
    print(row('pandas.read_excel(engine="openpyxl") (peer)', openpyxl_time, floor))
    print(row("surveykit read_survey (coded, checked)", ours, floor))
    print(row("surveykit validate (whole command, new process)", cli, floor))


if __name__ == "__main__":
    main()
