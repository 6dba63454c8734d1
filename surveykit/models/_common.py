"""Pieces shared by the model modules: the coefficient table and the JSON form."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from scipy import stats

from surveykit.exceptions import OptionError

__all__ = ["coef_table", "check_level", "resolve_robust", "ModelDict", "warn_and_record", "xb",
           "xtv"]


def xb(X: np.ndarray, b: np.ndarray) -> np.ndarray:
    """X b. A single-threaded einsum: BLAS's threaded matrix-vector product stalls
    badly when the cores are busy, and this one is memory-bound anyway."""
    return np.einsum("ij,j->i", X, b)


def xtv(X: np.ndarray, v: np.ndarray) -> np.ndarray:
    """X'v (see :func:`xb`)."""
    return np.einsum("ij,i->j", X, v)


def check_level(ci_level: float) -> float:
    if not 0 < ci_level < 1:
        raise OptionError(f"ci_level must be between 0 and 1 (e.g. 0.95), not {ci_level!r}")
    return float(ci_level)


def resolve_robust(robust: str | None, cluster: str | None) -> str | None:
    """The covariance asked for: ``cluster`` alone implies ``robust="cluster"``.

    Raises OptionError when the two disagree or ``robust="cluster"`` lacks a column.
    """
    if cluster is not None:
        if robust not in (None, "cluster"):
            raise OptionError(f"cluster={cluster!r} asks for cluster-robust errors, but "
                              f"robust={robust!r}; give one of them")
        return "cluster"
    if robust == "cluster":
        raise OptionError("robust='cluster' needs cluster=<column of cluster labels>")
    return robust


def coef_table(terms, b, se, *, stat: str, ci_level: float,
               df: float | None = None) -> pd.DataFrame:
    """term, b, se, t (df given) or z, p, ci_low, ci_high (Wald intervals)."""
    b = np.asarray(b, float)
    se = np.asarray(se, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = b / se
    if stat == "t":
        p = 2 * stats.t.sf(np.abs(s), df)
        q = stats.t.ppf(0.5 + ci_level / 2, df)
    else:
        p = 2 * stats.norm.sf(np.abs(s))
        q = stats.norm.ppf(0.5 + ci_level / 2)
    return pd.DataFrame({"term": list(terms), "b": b, "se": se, stat: s, "p": p,
                         "ci_low": b - q * se, "ci_high": b + q * se})


def warn_and_record(messages: list[str], msg: str) -> None:
    import warnings

    from surveykit.exceptions import StatisticalWarning

    warnings.warn(msg, StatisticalWarning, stacklevel=3)
    messages.append(msg)


def _clean(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return v


class ModelDict:
    """Mixin: ``to_dict()`` in the shape of the ``regress`` JSON document of the CLI spec."""

    def to_dict(self) -> dict:
        """Scalars of the fit, then ``coefficients`` as records with ``ci: [low, high]``."""
        out = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, (int, float, str, bool, np.integer, np.floating)) or v is None:
                out[f.name] = _clean(v)
            elif isinstance(v, tuple) and f.name == "warnings":
                out[f.name] = list(v)
        records = []
        for row in self.coefficients.to_dict("records"):  # type: ignore[attr-defined]
            lo, hi = row.pop("ci_low"), row.pop("ci_high")
            rec = {k: _clean(v) for k, v in row.items()}
            rec["ci"] = [_clean(lo), _clean(hi)]
            records.append(rec)
        out["coefficients"] = records
        return out
