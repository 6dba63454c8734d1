"""Start-up time of `surveykit --help` beside `python -c "import typer"` (the floor).

Target (issue 2): under 1.5x of the floor; pandas, scipy, statsmodels, seaborn and
matplotlib must not be imported at start-up. Run: python benchmarks/bench_startup.py
"""

from __future__ import annotations

import subprocess
import sys

from _timing import best_of, row


def python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def main() -> None:
    floor = best_of(lambda: python("import typer"), repeat=7)
    helps = best_of(lambda: python("import sys; sys.argv=['surveykit','--help'];"
                                   "from surveykit.cli.app import main; main()"), repeat=7)
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['surveykit','--help']\n"
         "try:\n from surveykit.cli.app import main; main()\nexcept SystemExit: pass\n"
         "mods=[m for m in ('pandas','scipy','statsmodels','seaborn','matplotlib','numpy') if m in sys.modules]\n"
         "sys.stderr.write(','.join(mods))"], capture_output=True, text=True).stderr.strip()
    print(row("python -c 'import typer' (floor)", floor))
    print(row("surveykit --help", helps, floor))
    print(f"heavy modules imported at start-up: {heavy or 'none'}")


if __name__ == "__main__":
    main()
