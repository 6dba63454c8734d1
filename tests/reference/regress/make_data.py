"""Draws the small hand-built survey used by tests/test_regress.py (run once; output committed).

A coded CSV for the schema survey.yaml: sex (choice list in the order 2, 1, so that
the first code is 2), education (ordinal 1-3), trust (number), age (integer), building
(cluster), part (number outcome), took (yes=1/no=2), sat (likert 1-5). A few answers are
missing so that listwise deletion matters.
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(20240607)
n = 240
sex = rng.choice([1, 2], n)
edu = rng.choice([1, 2, 3], n, p=[0.3, 0.4, 0.3]).astype(float)
trust = np.round(rng.normal(3, 1, n), 2)
age = rng.integers(18, 81, n)
building = rng.integers(1, 13, n)
beff = rng.normal(0, 0.4, 13)[building]
part = np.round(1 + 0.4 * trust + 0.3 * (sex == 1) + 0.2 * (edu == 3) + 0.01 * age + beff
                + rng.normal(0, 0.8, n), 3)
eta = -2 + 0.6 * trust + 0.5 * (sex == 1)
took = np.where(rng.random(n) < 1 / (1 + np.exp(-eta)), 2, 1)
lat = 0.7 * (trust - 3) + 0.02 * (age - 50) + rng.logistic(0, 1, n)
sat = np.searchsorted([-2.0, -0.7, 0.6, 1.9], lat) + 1
df = pd.DataFrame({"id": np.arange(1, n + 1), "sex": sex, "edu": edu, "trust": trust, "age": age,
                   "building": building, "part": part, "took": took, "sat": sat})
df.loc[rng.choice(n, 7, replace=False), "part"] = np.nan
df.loc[rng.choice(n, 5, replace=False), "trust"] = np.nan
df.loc[rng.choice(n, 6, replace=False), "edu"] = np.nan
df["edu"] = df["edu"].astype("Int64")
df.to_csv("survey.csv", index=False)
