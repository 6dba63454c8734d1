"""Benchmark of surveykit cleaning: all seven quality checks on a large survey.

Run: ``python benchmarks/bench_clean.py [--rows N]`` (default 1,000,000)

A seeded simulation of N respondents x 60 Likert items (ten 6-item scales, two
reversed items each, loadings 0.7) plus an id, age (with a range), a phone
number (personal data), an attention item and the completion time; about 3%
careless respondents (straight-liners, random answers, fast), 1% resubmissions
(copies of an earlier row with one answer changed), 0.5% missing codes and a
few ages out of range. The data are written once as parquet in a temporary
folder. The script prints the time to read the file through the schema
(``read_survey``, the floor every command pays) beside the time of ``clean``
with every check on (duration, straightlining, attention, duplicates,
long_runs, near_duplicates with one difference allowed, contradictions), and
the ratio. Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from _timing import timed
from surveykit import loads_schema, read_survey
from surveykit.cleaning import clean

SCALES, PER_SCALE = 10, 6


def schema_text() -> str:
    items = [f"s{s}_{i}" for s in range(SCALES) for i in range(PER_SCALE)]
    lines = ["surveykit: 1", "id: bench", "respondent_id: rid", "missing_codes: [-9]",
             "choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}", "questions:",
             "  - {name: rid, type: text}", "  - {name: age, type: integer, range: [16, 100]}",
             "  - {name: phone, type: text, pii: true}", "  - {name: secs, type: number}",
             "  - {name: attn, type: likert, choices: a5}"]
    lines += [f"  - {{name: {i}, type: likert, choices: a5{', reverse: true' if i[-1] in '05' else ''}}}"
              for i in items]
    lines.append("scales:")
    lines += [f"  - {{name: s{s}, items: [{', '.join(items[s * PER_SCALE:(s + 1) * PER_SCALE])}]}}"
              for s in range(SCALES)]
    every = ", ".join(f"s{s}" for s in range(SCALES))
    lines += ["quality:",
              "  duration: {column: secs, min_seconds: 120, min_share_of_median: 0.33}",
              f"  straightlining: {{scales: [{every}]}}",
              "  attention: [{question: attn, expect: 4}]",
              "  duplicates: [phone]",
              f"  long_runs: {{scales: [{every}], min_run: 15, exclude: false}}",
              f"  near_duplicates: {{scales: [{every}], max_differences: 1}}",
              f"  contradictions: {{scales: [{every}], min_gap: 2.5, exclude: false}}"]
    return "\n".join(lines) + "\n"


def simulate(rows: int, rng) -> pd.DataFrame:
    factors = rng.standard_normal((rows, SCALES))
    cols = {}
    for s in range(SCALES):
        for i in range(PER_SCALE):
            latent = 0.7 * factors[:, s] + 0.71 * rng.standard_normal(rows)
            code = np.clip(np.round(3 + 1.1 * latent), 1, 5)
            cols[f"s{s}_{i}"] = (6 - code) if i in (0, 5) else code  # reversed items answered reversed
    items = np.column_stack(list(cols.values())).astype(np.int8)
    careless = rng.random(rows)
    items[careless < 0.01] = rng.integers(1, 6, (int(np.sum(careless < 0.01)), 1))          # straight-liners
    noisy = (careless >= 0.01) & (careless < 0.03)
    items[noisy] = rng.integers(1, 6, (int(noisy.sum()), items.shape[1]))                   # random answers
    copies = np.flatnonzero(rng.random(rows) < 0.01)
    copies = copies[copies > 0]
    source = rng.integers(0, copies)
    items[copies] = items[source]                                                           # resubmissions
    items[copies, rng.integers(0, items.shape[1], len(copies))] = rng.integers(1, 6, len(copies))
    values = items.astype(np.int16)
    values[rng.random(values.shape) < 0.005] = -9                                           # missing codes
    frame = pd.DataFrame(values, columns=list(cols))
    secs = rng.lognormal(np.log(600), 0.4, rows)
    secs[careless < 0.03] = rng.uniform(30, 150, int(np.sum(careless < 0.03)))
    age = rng.integers(16, 90, rows)
    age[rng.random(rows) < 0.001] = 150
    phone = 13_800_000_000 + (np.arange(rows, dtype=np.int64) * 7919) % 10**9             # all different
    phone[copies] = phone[source]
    front = pd.DataFrame({"rid": [f"R{i:07d}" for i in range(rows)], "age": age,
                          "phone": phone.astype(str),
                          "secs": np.round(secs, 1),
                          "attn": np.where(careless < 0.02, rng.integers(1, 6, rows), 4)})
    return pd.concat([front, frame], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(20240612)
    q = loads_schema(schema_text())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.parquet"
        simulate(args.rows, rng).to_parquet(path, index=False)
        read_time, survey = timed(lambda: read_survey(q, path), args.repeat)
        clean_time, result = timed(lambda: clean(survey), args.repeat)
    print(f"{args.rows:,} respondents x 60 items + 5 questions, all 7 quality checks on")
    print(f"  read_survey (parquet, floor)  {read_time:8.2f} s   1.00")
    print(f"  clean                         {clean_time:8.2f} s   {clean_time / read_time:.2f}")
    print(f"  kept {result.n_clean:,}, excluded {result.n_excluded:,}, {result.changes:,} cells logged")
    print(result.checks.to_string(index=False))


if __name__ == "__main__":
    main()
