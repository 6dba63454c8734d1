"""Checks of a simulation model against the questionnaire it simulates."""

from __future__ import annotations

from ..exceptions import SchemaProblem
from ..schema.model import Questionnaire
from .model import ModelError, SimModel

__all__ = ["check_model"]


def _predictor_names(q: Questionnaire, model: SimModel) -> set[str]:
    names = {r.question for r in model.rules.values() if r.kind == "normal"}
    for r in model.rules.values():
        if r.kind == "probs":
            names |= {f"{r.question}={c}" for c in q.question(r.question).choices.codes}
    return names


def check_model(q: Questionnaire, model: SimModel) -> None:
    """Check a model against the questionnaire it simulates; raise :class:`ModelError`."""
    path = model.path or "<model>"
    problems = []

    def fail(line, where, message):
        problems.append(SchemaProblem(path, line, where, message))

    questions = {x.name: x for x in q.questions}
    attention = {c["question"] for c in q.quality["attention"].options["checks"]} \
        if "attention" in q.quality else set()
    items = model.item_construct
    for name, rule in model.rules.items():
        qn = questions.get(name)
        where = f"variables.{name}"
        if qn is None:
            fail(rule.line, where, f"'{name}' is not a question of {q.id}")
            continue
        codes = qn.choices.codes if qn.choices is not None else ()
        if codes and not all(isinstance(c, int) for c in codes):
            fail(rule.line, where, f"'{name}' has letter codes; the generator draws numeric codes")
        if rule.kind == "probs" and len(rule.params) != len(codes):
            fail(rule.line, where, f"probs has {len(rule.params)} values; '{name}' has {len(codes)} codes {list(codes)}")
        if rule.kind == "normal" and qn.type not in ("integer", "number"):
            fail(rule.line, where, f"normal draws numbers; '{name}' is {qn.type}")
        if rule.kind == "logit" and not all(rule.options.get(k) in codes for k in ("yes", "no")):
            fail(rule.line, where, f"yes/no must be codes of '{name}' {list(codes)}")
        if rule.kind == "options" and (qn.type != "multiple" or not set(rule.params) <= set(codes)):
            fail(rule.line, where, f"options needs a multiple question and its codes {list(codes)}")
        for other, skip_codes in (rule.skip_if or {}).items():
            if other not in questions or other == name:
                fail(rule.line, f"{where}.skip_if", f"skip_if names '{other}', which is not another question")
        if name in items:
            fail(rule.line, where, f"'{name}' is an item of construct '{items[name].name}'; give it one rule only")
    for name in questions:
        if name not in model.rules and name not in items and name not in attention:
            fail(None, "variables", f"question '{name}' (line {questions[name].line} of the schema) has no "
                 "rule; add it under variables or as an item of a construct")
    predictors = _predictor_names(q, model)
    seen_endogenous = False
    known = set(predictors)
    for c in model.constructs:
        for item, _ in c.loadings.items():
            qi = questions.get(item)
            if qi is None or qi.type not in ("likert", "ordinal"):
                fail(c.line, f"constructs.{c.name}.items.{item}", f"'{item}' is not a likert or ordinal question")
                continue
            cuts = c.cuts or model.cuts
            if len(cuts) != len(qi.choices.codes) - 1:
                fail(c.line, f"constructs.{c.name}.cuts", f"'{item}' has {len(qi.choices.codes)} codes, "
                     f"so it needs {len(qi.choices.codes) - 1} cuts; found {len(cuts)}")
        if c.effects:
            seen_endogenous = True
            for pred in c.effects:
                if pred not in known:
                    fail(c.line, f"constructs.{c.name}.effects.{pred}",
                         f"'{pred}' is not an earlier construct or a demographic predictor "
                         f"(a normal variable, or 'name=CODE' of a probs variable)")
        elif seen_endogenous:
            fail(c.line, f"constructs.{c.name}", "list the constructs without effects first")
        known.add(c.name)
    for (a, b) in model.correlations:
        for x in (a, b):
            if x not in known or model.construct(x).effects:
                fail(None, f"correlations.{a}~{b}", f"'{x}' is not a construct without effects")
    for rule in model.rules.values():
        if rule.kind in ("logit", "options"):
            lins = [rule.params] if rule.kind == "logit" else list(rule.params.values())
            for lin in lins:
                for pred in lin:
                    if pred != "const" and pred not in known:
                        fail(rule.line, f"variables.{rule.question}", f"predictor '{pred}' is unknown")
    for kind in ("out_of_range", "invalid_values"):
        for name in getattr(model.mess, kind):
            qn = questions.get(name)
            if qn is None or (kind == "out_of_range" and qn.range is None):
                fail(None, f"mess.{kind}.{name}", f"'{name}' is not a question"
                     + (" with a range" if kind == "out_of_range" else ""))
    if problems:
        raise ModelError(problems)
