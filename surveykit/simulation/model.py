"""The generating model of a simulated survey: loading a model file with line-numbered checks.

A model file (``data/*.model.yaml``) states how respondents are drawn: how each
question that is not a scale item is generated (``variables``), the latent
constructs with their items' loadings and structural effects
(``constructs``, ``correlations``), the fieldwork mess injected (``mess``), and
the estimands whose true values are reported (``truth``). Checks are lazy, as
for schemas: every problem is listed with its line and key in one
:class:`ModelError`. Checks against the questionnaire live in
:mod:`surveykit.simulation.generate`.

Examples
--------
>>> m = loads_model('''
... surveykit_model: 1
... n: 300
... variables:
...   gender: {probs: [0.48, 0.52]}
... constructs:
...   trust: {items: {tr_1: 0.8, tr_2: 0.7, tr_3: 0.6}}
... ''')
>>> m.n, m.construct("trust").loadings["tr_2"]
(300, 0.7)
>>> try:
...     loads_model("surveykit_model: 1\\nvariables:\\n  age: {normal: [40, -3]}\\n", path="m.yaml")
... except ModelError as err:
...     print(err)
model error: m.yaml:3: variables.age.normal: normal is [mean, sd] with sd > 0; found [40, -3]
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .._yaml import Checker, line, parse, read_text
from ..exceptions import SchemaError, SchemaProblem
from ._spec import Construct, Fieldwork, Mess, Rule, SimModel, freeze

__all__ = ["SimModel", "Construct", "Rule", "Mess", "Fieldwork", "ModelError", "load_model",
           "loads_model", "LAYOUTS", "RULE_KINDS", "PARADATA_KINDS"]

#: Output layouts of the generator.
LAYOUTS = ("wjx-text", "wjx-codes", "kobo", "sav", "xlsx", "csv", "csv-gbk")
#: Rules that copy a piece of paradata into a question.
PARADATA_KINDS = ("serial", "submitted", "duration", "ip", "uuid", "channel")
#: Rules written as a map ``{kind: parameters}``.
RULE_KINDS = ("probs", "normal", "logit", "options", "id", "phone", "text")
_TOP = ("surveykit_model", "study", "schema", "output", "layout", "n", "seed", "fieldwork",
        "cuts", "variables", "constructs", "correlations", "mess", "truth")
_RULE_EXTRA = ("range", "digits", "yes", "no", "at_least", "skip_if", "share")
_MESS_RATES = ("item_missing", "speeders", "straightliners", "attention_failures", "duplicates")
_MESS_KEYS = _MESS_RATES + ("out_of_range", "invalid_values", "missing_as", "skip_as",
                            "duplicate_ids")


class ModelError(SchemaError):
    """A model file that cannot be used; lists every problem with its line and key."""

    def _message(self) -> str:
        return super()._message().replace("schema error", "model error", 1)


def load_model(path: str | Path) -> SimModel:
    """Read and check a model file.

    Parameters
    ----------
    path : str or Path
        A YAML model file (see ``data/README.md`` for the format).

    Raises
    ------
    InputFileError
        The file is missing or not UTF-8 text.
    ModelError
        The model has problems; all are listed with line and key.

    Examples
    --------
    >>> model = load_model("data/j_community_epidemic.model.yaml")
    >>> model.n, model.seed, [c.name for c in model.constructs][:3]
    (356, 20220410, ['grid', 'volunteers', 'property'])
    >>> dict(model.construct("participation").effects)
    {'belonging': 0.35, 'grid': 0.2, 'volunteers': 0.15, 'age': -0.15, 'party=1': 0.25}
    """
    path = Path(path)
    return loads_model(read_text(path, "model"), path=str(path))


def loads_model(source: str, path: str = "<string>") -> SimModel:
    """Check and build a model from YAML text (see :func:`load_model`)."""
    return _Builder(path).build(parse(source, path, ModelError))


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _plain(value):
    """A ruamel node as plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {(str(k) if not isinstance(k, int) else k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Builder(Checker):
    """Walks the YAML tree of a model file, collecting problems and building the model."""

    def build(self, tree) -> SimModel:
        if not isinstance(tree, dict):
            raise ModelError([SchemaProblem(self.path, 1, "", "a model file is a YAML mapping "
                                            "starting with 'surveykit_model: 1'")])
        self.unknown_keys(tree, _TOP, "")
        if tree.get("surveykit_model") != 1:
            self.fail(tree, "surveykit_model" if "surveykit_model" in tree else None,
                      "surveykit_model", "write 'surveykit_model: 1' (the model format version)")
        out: dict[str, Any] = {}
        for key in ("n", "seed"):
            if key in tree:
                value = tree[key]
                if not (isinstance(value, int) and not isinstance(value, bool) and value >= (1 if key == "n" else 0)):
                    self.fail(tree, key, key, f"{key} is a whole number{' >= 1' if key == 'n' else ' >= 0'}; found {value!r}")
                else:
                    out[key] = int(value)
        for key in ("schema", "output"):
            if key in tree:
                if not isinstance(tree[key], str):
                    self.fail(tree, key, key, f"{key} is a file path; found {tree[key]!r}")
                else:
                    out[key] = tree[key]
        if "layout" in tree:
            if tree["layout"] not in LAYOUTS:
                self.fail(tree, "layout", "layout", f"layout is one of {', '.join(LAYOUTS)}; found {tree['layout']!r}")
            else:
                out["layout"] = tree["layout"]
        if "study" in tree:
            out["study"] = _plain(tree["study"])
        if "cuts" in tree:
            cuts = self.cuts(tree, "cuts", "cuts")
            if cuts:
                out["cuts"] = cuts
        out["rules"] = MappingProxyType(self.rules(tree.get("variables") or {}, tree))
        out["constructs"] = self.constructs(tree.get("constructs") or {}, tree)
        out["correlations"] = MappingProxyType(self.correlations(tree.get("correlations") or {}, tree))
        if "mess" in tree:
            out["mess"] = self.mess(tree["mess"], tree)
        if "fieldwork" in tree:
            out["fieldwork"] = self.fieldwork(tree["fieldwork"], tree)
        if "truth" in tree:
            out["truth"] = self.truth(tree["truth"], tree)
        if self.problems:
            raise ModelError(self.problems)
        return SimModel(path=self.path, **out)

    def cuts(self, node, key, where) -> tuple | None:
        value = node.get(key)
        if not (isinstance(value, list) and value and all(_num(v) for v in value)
                and all(b > a for a, b in zip(value, value[1:]))):
            self.fail(node, key, where, f"cuts are increasing thresholds on the standard normal "
                      f"scale, one fewer than the answer codes (e.g. [-1.8, -0.9, 0, 0.9]); found {value!r}")
            return None
        return tuple(float(v) for v in value)

    # -- variables -----------------------------------------------------------------
    def rules(self, node, tree) -> dict[str, Rule]:
        if not isinstance(node, dict):
            self.fail(tree, "variables", "variables", "variables maps question names to rules")
            return {}
        out = {}
        for name, spec in node.items():
            where = f"variables.{name}"
            if isinstance(spec, str):
                if spec not in PARADATA_KINDS:
                    self.fail(node, name, where, f"a rule is one of {', '.join(PARADATA_KINDS)} or a map "
                              f"with one of {', '.join(RULE_KINDS)}; found {spec!r}")
                    continue
                out[str(name)] = Rule(str(name), spec, line=line(node, name))
                continue
            if not isinstance(spec, dict):
                self.fail(node, name, where, f"a rule is a text or a map; found {spec!r}")
                continue
            kinds = [k for k in spec if k in RULE_KINDS]
            self.unknown_keys(spec, RULE_KINDS + _RULE_EXTRA, where)
            if len(kinds) != 1:
                self.fail(node, name, where, f"a rule names exactly one of {', '.join(RULE_KINDS)}; found {list(spec)}")
                continue
            kind = kinds[0]
            params = getattr(self, f"rule_{kind}")(spec, kind, f"{where}.{kind}")
            options = {k: _plain(v) for k, v in spec.items() if k in _RULE_EXTRA}
            if "skip_if" in options:
                skip = options["skip_if"]
                if not (isinstance(skip, dict) and skip):
                    self.fail(spec, "skip_if", f"{where}.skip_if", f"skip_if is {{question: [codes]}}; found {skip!r}")
                else:
                    options["skip_if"] = {k: (v if isinstance(v, list) else [v]) for k, v in skip.items()}
            out[str(name)] = Rule(str(name), kind, freeze(params), freeze(options), line=line(node, name))
        return out

    def rule_probs(self, spec, kind, where):
        value = spec[kind]
        if not (isinstance(value, list) and value and all(_num(v) and v >= 0 for v in value)
                and abs(sum(value) - 1) < 1e-6):
            self.fail(spec, kind, where, f"probs is a list of probabilities summing to 1, one per answer code; found {value!r}")
        return _plain(value)

    def rule_normal(self, spec, kind, where):
        value = spec[kind]
        if not (isinstance(value, list) and len(value) == 2 and all(_num(v) for v in value) and value[1] > 0):
            self.fail(spec, kind, where, f"normal is [mean, sd] with sd > 0; found {value!r}")
        rng = spec.get("range")
        if rng is not None and not (isinstance(rng, list) and len(rng) == 2 and all(_num(v) for v in rng) and rng[0] < rng[1]):
            self.fail(spec, "range", where.rsplit(".", 1)[0] + ".range", f"range is [min, max]; found {rng!r}")
        return _plain(value)

    def linear(self, node, where) -> dict:
        if not (isinstance(node, dict) and all(_num(v) for v in node.values())):
            self.fail(node, None, where, f"a linear predictor is {{const: a, predictor: b, ...}}; found {node!r}")
            return {}
        return {str(k): float(v) for k, v in node.items()}

    def rule_logit(self, spec, kind, where):
        if "yes" not in spec or "no" not in spec:
            self.fail(spec, kind, where, "a logit rule needs 'yes: CODE' and 'no: CODE'")
        return self.linear(spec[kind], where)

    def rule_options(self, spec, kind, where):
        value = spec[kind]
        if not isinstance(value, dict) or not value:
            self.fail(spec, kind, where, "options maps each option code to a linear predictor {const: a, ...}")
            return {}
        return {code: self.linear(lin, f"{where}.{code}") for code, lin in value.items()}

    def rule_id(self, spec, kind, where):
        value = spec[kind]
        if not (isinstance(value, str) and "{" in value):
            self.fail(spec, kind, where, f"id is a format such as 'HK{{:04d}}'; found {value!r}")
        return value

    def rule_phone(self, spec, kind, where):
        value = spec[kind]
        if not (_num(value) and 0 <= value <= 1):
            self.fail(spec, kind, where, f"phone is the share of respondents who give a number (0-1); found {value!r}")
        return value

    def rule_text(self, spec, kind, where):
        value = spec[kind]
        if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            self.fail(spec, kind, where, f"text is a list of answers to draw from; found {value!r}")
        return _plain(value)

    # -- constructs ----------------------------------------------------------------
    def constructs(self, node, tree) -> tuple[Construct, ...]:
        if not isinstance(node, dict):
            self.fail(tree, "constructs", "constructs", "constructs maps names to {items: {item: loading}}")
            return ()
        out = []
        for name, spec in node.items():
            where = f"constructs.{name}"
            if not isinstance(spec, dict) or not isinstance(spec.get("items"), dict) or not spec["items"]:
                self.fail(node, name, where, "a construct is {items: {item: loading, ...}, effects: {...}}")
                continue
            self.unknown_keys(spec, ("items", "effects", "cuts"), where)
            items = spec["items"]
            for item, loading in items.items():
                if not (_num(loading) and 0 < loading < 1):
                    self.fail(items, item, f"{where}.items.{item}",
                              f"a loading is a standardised loading between 0 and 1; found {loading!r}")
            effects = self.linear(spec["effects"], f"{where}.effects") if "effects" in spec else {}
            cuts = self.cuts(spec, "cuts", f"{where}.cuts") if "cuts" in spec else None
            out.append(Construct(str(name), MappingProxyType({str(k): float(v) for k, v in items.items()}),
                                 MappingProxyType(effects), cuts, line=line(node, name)))
        return tuple(out)

    def correlations(self, node, tree) -> dict:
        out = {}
        for key, value in (node.items() if isinstance(node, dict) else []):
            parts = str(key).split("~")
            if len(parts) != 2 or not (_num(value) and -1 < value < 1):
                self.fail(node, key, f"correlations.{key}", f"write 'a~b: r' with -1 < r < 1; found {key}: {value!r}")
                continue
            out[(parts[0].strip(), parts[1].strip())] = float(value)
        return out

    # -- mess, fieldwork, truth ------------------------------------------------------
    def mess(self, node, tree) -> Mess:
        if not isinstance(node, dict):
            self.fail(tree, "mess", "mess", "mess is a map of rates and counts")
            return Mess()
        self.unknown_keys(node, _MESS_KEYS, "mess")
        out = {}
        for key in _MESS_RATES:
            if key in node:
                value = node[key]
                if not (_num(value) and 0 <= value < 0.5):
                    self.fail(node, key, f"mess.{key}", f"{key} is a share between 0 and 0.5; found {value!r}")
                else:
                    out[key] = float(value)
        for key in ("out_of_range", "invalid_values"):
            if key in node:
                value = node[key]
                if not (isinstance(value, dict) and all(isinstance(v, int) and v >= 0 for v in value.values())):
                    self.fail(node, key, f"mess.{key}", f"{key} maps question names to counts; found {value!r}")
                else:
                    out[key] = MappingProxyType({str(k): int(v) for k, v in value.items()})
        for key in ("missing_as", "skip_as"):
            if key in node and node[key] is not None:
                if not _num(node[key]):
                    self.fail(node, key, f"mess.{key}", f"{key} is a numeric code (e.g. -9); found {node[key]!r}")
                else:
                    out[key] = float(node[key])
        if "duplicate_ids" in node:
            out["duplicate_ids"] = bool(node["duplicate_ids"])
        return Mess(**out)

    def fieldwork(self, node, tree) -> Fieldwork:
        if not isinstance(node, dict):
            self.fail(tree, "fieldwork", "fieldwork", "fieldwork is a map")
            return Fieldwork()
        self.unknown_keys(node, ("start", "days", "duration", "region", "channels"), "fieldwork")
        out = {}
        if "start" in node:
            start = node["start"]
            try:
                out["start"] = start if isinstance(start, _dt.datetime) else _dt.datetime.fromisoformat(str(start))
            except ValueError:
                self.fail(node, "start", "fieldwork.start", f"start is a time like '2021-03-15 08:00:00'; found {start!r}")
        if "days" in node:
            if not (_num(node["days"]) and node["days"] > 0):
                self.fail(node, "days", "fieldwork.days", f"days is a positive number; found {node['days']!r}")
            else:
                out["days"] = float(node["days"])
        if "duration" in node:
            d = node["duration"]
            if not (isinstance(d, dict) and _num(d.get("median")) and d["median"] > 0
                    and _num(d.get("sdlog", 0.4)) and d.get("sdlog", 0.4) > 0):
                self.fail(node, "duration", "fieldwork.duration",
                          f"duration is {{median: SECONDS, sdlog: S}}; found {d!r}")
            else:
                out["median_seconds"] = float(d["median"])
                out["sdlog"] = float(d.get("sdlog", 0.4))
        if "region" in node:
            out["region"] = str(node["region"])
        if "channels" in node:
            ch = node["channels"]
            if not (isinstance(ch, dict) and all(_num(v) and v >= 0 for v in ch.values())
                    and abs(sum(ch.values()) - 1) < 1e-6):
                self.fail(node, "channels", "fieldwork.channels", f"channels maps names to shares summing to 1; found {ch!r}")
            else:
                out["channels"] = MappingProxyType({str(k): float(v) for k, v in ch.items()})
        return Fieldwork(**out)

    def truth(self, node, tree) -> Mapping:
        if not isinstance(node, dict):
            self.fail(tree, "truth", "truth", "truth is {regression: {...}, mediation: {...}}")
            return MappingProxyType({})
        self.unknown_keys(node, ("regression", "mediation"), "truth")
        reg, med = node.get("regression"), node.get("mediation")
        if reg is not None and not (isinstance(reg, dict) and isinstance(reg.get("outcome"), str)
                                    and isinstance(reg.get("predictors"), list)):
            self.fail(node, "regression", "truth.regression", "regression is {outcome: Y, predictors: [a, b]}")
        if med is not None and not (isinstance(med, dict) and all(isinstance(med.get(k), str) for k in "xmy")):
            self.fail(node, "mediation", "truth.mediation", "mediation is {x: X, m: M, y: Y, covariates: [...]}")
        return freeze(_plain(node))
