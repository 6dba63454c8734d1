"""Benchmark: ``surveykit reliability`` on a 1,000,000 x 30 CSV as a whole process.

The CSV (ten 3-item Likert scales, codes 1..5, the second item of each scale
worded the other way round; seeded) and its schema (``reverse: true`` on those
items) are written once into a cache folder (``--cache``, default
``$TMPDIR/surveykit-bench``). Timed, each as a fresh Python process (start-up,
imports, reading, analysis, output):

- ours: ``python -m surveykit reliability SCHEMA DATA --format json`` (reads
  through the schema and its checks, reverses, alpha with Feldt interval,
  omega, item statistics of every scale);
- peer: a pandas + pingouin script doing less: ``pandas.read_csv``, reversing
  the worded-the-other-way items, ``pingouin.cronbach_alpha`` per scale.

Prints both wall times (best of ``--repeat``), the CPU time of each process,
the ratio ours / peer (target: at most 0.5), and where our process spends
its time (the same steps run in this process).

Run: ``python benchmarks/bench_end_to_end.py [--n 1000000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SCALES, PER_SCALE = 10, 3

PEER = """
import pandas as pd, pingouin as pg
df = pd.read_csv({data!r})
for s in range(1, {scales} + 1):
    items = df[[f"s{{s}}_{{i}}" for i in range(1, {per} + 1)]].copy()
    items[f"s{{s}}_2"] = 6 - items[f"s{{s}}_2"]
    print(s, pg.cronbach_alpha(items))
"""


def write_inputs(folder: Path, n: int, seed: int = 20240611) -> tuple[Path, Path]:
    """The schema and the CSV (written only if absent)."""
    folder.mkdir(parents=True, exist_ok=True)
    schema, data = folder / "bench.yaml", folder / f"bench_{n}.csv"
    lines = ["surveykit: 1", "id: bench", "choice_lists:",
             "  a5: {1: disagree, 2: rather disagree, 3: neutral, 4: rather agree, 5: agree}",
             "questions:"]
    for s in range(1, SCALES + 1):
        for i in range(1, PER_SCALE + 1):
            rev = ", reverse: true" if i == 2 else ""
            lines.append(f"  - {{name: s{s}_{i}, type: likert, choices: a5{rev}}}")
    lines.append("scales:")
    lines += [f"  - {{name: s{s}, items: [{', '.join(f's{s}_{i}' for i in range(1, PER_SCALE + 1))}]}}"
              for s in range(1, SCALES + 1)]
    schema.write_text("\n".join(lines) + "\n")
    if not data.exists():
        rng = np.random.default_rng(seed)
        cols = [f"s{s}_{i}" for s in range(1, SCALES + 1) for i in range(1, PER_SCALE + 1)]
        tmp = data.with_suffix(".part")
        with open(tmp, "w") as out:
            out.write(",".join(cols) + "\n")
            for a in range(0, n, 100_000):
                m = min(n, a + 100_000) - a
                f = rng.standard_normal((m, SCALES)).repeat(PER_SCALE, axis=1)
                x = np.clip(np.round(3 + 1.1 * (0.7 * f + 0.71 * rng.standard_normal(f.shape))), 1, 5)
                x[:, 1::PER_SCALE] = 6 - x[:, 1::PER_SCALE]   # worded the other way round
                np.savetxt(out, x.astype(np.int8), fmt="%d", delimiter=",")
        tmp.rename(data)
    return schema, data


def timed(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time and the CPU time (user + system) of that run."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, (wall, cpu))
    return best


def stages(schema: Path, data: Path) -> None:
    """Where the time of our process goes (the same steps, in this process)."""
    marks = []

    def mark(label):
        marks.append((label, time.perf_counter()))

    mark("start")
    from surveykit.cli import app  # noqa: F401  (the command's imports)
    from surveykit.io import read_survey
    from surveykit.scale_reliability import reliability_table
    from surveykit.sample import analysis_sample
    from surveykit.schema import load_schema
    mark("imports")
    survey = read_survey(load_schema(schema), data)
    mark("read_survey (CSV through the schema)")
    sample = analysis_sample(survey)
    mark("analysis_sample (quality checks, scores)")
    reliability_table(sample).to_dict()
    mark("reliability_table + JSON document")
    for (_, t0), (label, t1) in zip(marks, marks[1:]):
        print(f"    {label:<45} {t1 - t0:7.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "surveykit-bench")
    args = ap.parse_args()
    schema, data = write_inputs(args.cache, args.n)
    print(f"{data} ({data.stat().st_size / 1e6:.0f} MB, {args.n:,} x {SCALES * PER_SCALE}); best of "
          f"{args.repeat}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ours = timed([sys.executable, "-m", "surveykit", "reliability", str(schema), str(data),
                  "--format", "json"], args.repeat)
    peer_script = PEER.format(data=str(data), scales=SCALES, per=PER_SCALE)
    peer = timed([sys.executable, "-c", peer_script], args.repeat)
    print(f"  ours  surveykit reliability --format json    {ours[0]:7.3f} s  (cpu {ours[1]:.3f} s)")
    print(f"  peer  pandas.read_csv + pingouin x {SCALES}        {peer[0]:7.3f} s  (cpu {peer[1]:.3f} s)")
    print(f"  ratio ours / peer: {ours[0] / peer[0]:.2f} wall, {ours[1] / peer[1]:.2f} cpu "
          "(target <= 0.5)")
    print("  our process, step by step:")
    stages(schema, data)


if __name__ == "__main__":
    main()
