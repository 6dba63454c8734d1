"""Quality checks: hand-built respondents that must and must not be flagged, for every
check; near_duplicates and long_runs against brute-force references; schema rules."""

import itertools

import numpy as np
import pytest

from surveykit import SchemaError, dumps_schema, loads_schema, read_survey
from surveykit.quality import flag_respondents

LIST = "choice_lists: {a5: {1: a, 2: b, 3: c, 4: d, 5: e}}\n"


def survey(tmp_path, schema: str, header: str, *rows: str):
    path = tmp_path / "raw.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_survey(loads_schema(schema), path)


def flagged(s, check: str) -> list[int]:
    flags = flag_respondents(s)
    return flags.index[flags[check]].tolist()


def items(names, reverse=()):
    return "".join(f"  - {{name: {n}, type: likert, choices: a5{', reverse: true' if n in reverse else ''}}}\n"
                   for n in names)


def test_duration_absolute_and_relative_to_median(tmp_path):
    schema = ("surveykit: 1\nid: t\nquestions: [{name: rid, type: text}, {name: secs, type: number}]\n"
              "quality: {duration: {column: secs, min_seconds: 120}}\n")
    s = survey(tmp_path, schema, "rid,secs", "a,119", "b,120", "c,", "d,600", "e,119.5")
    assert flagged(s, "duration") == [1, 5]        # 120 itself passes; a missing time is not flagged
    schema = ("surveykit: 1\nid: t\nquestions: [{name: secs, type: number}]\n"
              "quality: {duration: {column: secs, min_share_of_median: 0.5}}\n")
    s = survey(tmp_path, schema, "secs", "300", "300", "300", "149", "150")  # median 300
    assert flagged(s, "duration") == [4]


def test_straightlining_needs_three_answers_as_given(tmp_path):
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(["a1", "a2"], reverse=["a2"])
              + items(["b1", "b2"]) + "scales: [{name: A, items: [a1, a2]}, {name: B, items: [b1, b2]}]\n"
              "quality: {straightlining: {scales: [A, B]}}\n")
    s = survey(tmp_path, schema, "a1,a2,b1,b2",
               "3,3,3,3",      # same answer as given (a2 reversed does not matter): flagged
               "3,3,3,",       # three answered, all equal: flagged
               "3,3,,",        # two answered: not enough
               "3,3,3,4",      # one differs
               "5,5,5,5",
               ",,,")
    assert flagged(s, "straightlining") == [1, 2, 5]


def test_attention_missing_answer_fails(tmp_path):
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(["attn", "attn2"])
              + "quality: {attention: [{question: attn, expect: 4}, {question: attn2, expect: 2}]}\n")
    s = survey(tmp_path, schema, "attn,attn2", "4,2", "5,2", ",2", "4,1", "4,-9")
    assert flagged(s, "attention") == [2, 3, 4, 5]


def test_duplicates_keep_earliest_and_ignore_missing_keys(tmp_path):
    schema = ("surveykit: 1\nid: t\nquestions: [{name: phone, type: text, pii: true}, {name: nm, type: text}]\n"
              "quality: {duplicates: [phone, nm]}\n")
    s = survey(tmp_path, schema, "phone,nm", "139,li", "139,wang", "139,li", ",li", ",li", "138,li")
    assert flagged(s, "duplicates") == [3]


def test_long_runs_in_questionnaire_order_missing_breaks_run(tmp_path):
    names = ["x1", "x2", "x3", "x4", "x5", "x6"]
    # the scale lists its items out of order; runs follow the questionnaire
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + "scales: [{name: S, items: [x6, x5, x4, x3, x2, x1]}]\n"
              "quality: {long_runs: {scales: [S], min_run: 4, exclude: false}}\n")
    s = survey(tmp_path, schema, ",".join(names),
               "1,2,3,3,3,3",   # run of 4 at the end: flagged
               "3,3,3,,3,3",    # a missing answer breaks the run: 3 then 2
               "1,2,1,2,1,2",
               "5,5,5,5,5,5",   # flagged
               "2,4,4,4,4,1",   # run of 4 in the middle: flagged
               "4,4,4,1,1,1")
    assert flagged(s, "long_runs") == [1, 4, 5]
    assert not s.questionnaire.quality["long_runs"].exclude


def test_near_duplicates_hand_built(tmp_path):
    names = ["x1", "x2", "x3", "x4", "x5", "x6"]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + "scales: [{name: S, items: [x1, x2, x3, x4, x5, x6]}]\n"
              "quality: {near_duplicates: {scales: [S], max_differences: 1}}\n")
    s = survey(tmp_path, schema, ",".join(names),
               "1,2,3,4,5,1",   # 1: first of its kind, kept
               "1,2,3,4,5,2",   # 2: one difference from row 1: flagged
               "1,2,3,4,1,2",   # 3: two differences from row 1, one from row 2: flagged
               "5,4,3,2,1,5",   # 4: new pattern
               "5,4,3,2,1,5",   # 5: identical to row 4: flagged
               ",,,,,",         # 6: blank
               ",,,,,",         # 7: blank again: missing answers never match, not flagged
               "5,4,3,2,1,",    # 8: row 4 with one missing answer (one difference): flagged
               "3,1,2,,,5")     # 9: nothing near
    assert flagged(s, "near_duplicates") == [2, 3, 5, 8]


def test_near_duplicates_exact_when_zero_differences(tmp_path):
    names = ["x1", "x2", "x3"]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + "scales: [{name: S, items: [x1, x2, x3]}]\n"
              "quality: {near_duplicates: {scales: [S]}}\n")
    s = survey(tmp_path, schema, ",".join(names), "1,2,3", "1,2,4", "1,2,3", "1,2,", "1,2,")
    assert flagged(s, "near_duplicates") == [3]


def brute_near_duplicates(x: np.ndarray, most: int) -> list[bool]:
    """O(n^2) reference: a row is flagged when an earlier row differs in <= most items,
    counting a missing answer in either row as a difference."""
    out = []
    for j in range(len(x)):
        hit = False
        for i in range(j):
            same = np.sum((x[i] == x[j]) & ~np.isnan(x[i]))
            if x.shape[1] - same <= most:
                hit = True
                break
        out.append(hit)
    return out


@pytest.mark.parametrize("most,seed", [(0, 1), (1, 2), (2, 3), (3, 4)])
def test_near_duplicates_match_brute_force(tmp_path, most, seed):
    rng = np.random.default_rng(seed)
    base = rng.integers(1, 4, (25, 7)).astype(float)
    # copies of earlier rows with a few answers changed or removed
    copies = base[rng.integers(0, 25, 45)].copy()
    for row in copies:
        where = rng.choice(7, rng.integers(0, 4), replace=False)
        row[where] = rng.choice([1.0, 2.0, 3.0, np.nan], len(where))
    x = np.vstack([base, copies])[rng.permutation(70)]
    names = [f"x{i}" for i in range(7)]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + f"scales: [{{name: S, items: [{', '.join(names)}]}}]\n"
              f"quality: {{near_duplicates: {{scales: [S], max_differences: {most}}}}}\n")
    lines = [",".join("" if np.isnan(v) else str(int(v)) for v in row) for row in x]
    s = survey(tmp_path, schema, ",".join(names), *lines)
    flags = flag_respondents(s)["near_duplicates"].tolist()
    assert flags == brute_near_duplicates(x, most)
    assert any(flags) and not all(flags)


def test_near_duplicates_in_small_chunks(tmp_path, monkeypatch):
    """The candidate pairs are verified chunk by chunk: a tiny chunk gives the same flags."""
    import surveykit.quality as quality

    rng = np.random.default_rng(5)
    x = rng.integers(1, 3, (60, 6)).astype(float)
    names = [f"x{i}" for i in range(6)]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + f"scales: [{{name: S, items: [{', '.join(names)}]}}]\n"
              "quality: {near_duplicates: {scales: [S], max_differences: 2}}\n")
    s = survey(tmp_path, schema, ",".join(names), *[",".join(str(int(v)) for v in r) for r in x])
    monkeypatch.setattr(quality, "_CHUNK", 3)
    assert flag_respondents(s)["near_duplicates"].tolist() == brute_near_duplicates(x, 2)


def test_long_runs_match_brute_force(tmp_path):
    rng = np.random.default_rng(7)
    x = rng.choice([1.0, 2.0, np.nan], size=(80, 9), p=[0.45, 0.45, 0.1])
    names = [f"x{i}" for i in range(9)]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + f"scales: [{{name: S, items: [{', '.join(names)}]}}]\n"
              "quality: {long_runs: {scales: [S], min_run: 4}}\n")
    s = survey(tmp_path, schema, ",".join(names),
               *[",".join("" if np.isnan(v) else str(int(v)) for v in r) for r in x])

    def longest(row):
        return max((len(list(g)) for k, g in itertools.groupby(row) if not np.isnan(k)), default=0)

    assert flag_respondents(s)["long_runs"].tolist() == [longest(r) >= 4 for r in x]


def test_contradictions_between_reversed_and_forward_items(tmp_path):
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(["p1", "p2", "p3"], reverse=["p3"])
              + "scales: [{name: S, items: [p1, p2, p3]}]\n"
              "quality: {contradictions: {scales: [S]}}\n")
    rows = ["4,4,4",   # agrees with an item and with its reversal: 4 vs 6-4=2, gap 2: flagged
            "5,5,1",   # consistent
            "4,4,3",   # gap 1
            "2,2,2",   # disagrees with both: 2 vs 4: flagged
            "4,4,",    # no reversed answer: cannot contradict
            "5,4,5"]   # 4.5 vs 1: flagged
    s = survey(tmp_path, schema, "p1,p2,p3", *rows)
    assert flagged(s, "contradictions") == [1, 4, 6]
    strict = schema.replace("scales: [S]}", "scales: [S], min_gap: 3}")
    s = survey(tmp_path, strict, "p1,p2,p3", *rows)
    assert flagged(s, "contradictions") == [6]


def test_new_checks_run_only_when_named(tmp_path):
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(["p1", "p2", "p3"], reverse=["p3"])
              + "scales: [{name: S, items: [p1, p2, p3]}]\n")
    s = survey(tmp_path, schema, "p1,p2,p3", "4,4,4", "4,4,4")
    assert flag_respondents(s).columns.tolist() == []


@pytest.mark.parametrize("rule,message", [
    ("long_runs: {scales: [S]}", "min_run is a whole number"),
    ("long_runs: {scales: [S], min_run: 1}", "min_run is a whole number of at least 2"),
    ("long_runs: {scales: [Nope], min_run: 3}", "'Nope' is not a scale"),
    ("near_duplicates: {scales: [S], max_differences: 3}", "must be below the number of items"),
    ("near_duplicates: {scales: [S], max_differences: -1}", "max_differences is a whole number"),
    ("contradictions: {scales: [F]}", "needs both reversed and non-reversed items"),
    ("contradictions: {scales: [S], min_gap: 0}", "min_gap is a positive number"),
    ("contradiction: {scales: [S]}", "unknown quality check 'contradiction'"),
])
def test_schema_refuses_bad_rules_with_line(rule, message):
    text = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(["p1", "p2", "p3"], reverse=["p3"])
            + "scales: [{name: S, items: [p1, p2, p3]}, {name: F, items: [p1, p2]}]\n"
            "quality:\n  " + rule + "\n")
    with pytest.raises(SchemaError) as err:
        loads_schema(text)
    assert message in str(err.value)
    assert ":10:" in str(err.value)   # the line of the quality rule


def test_new_checks_round_trip_through_yaml():
    text = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(["p1", "p2", "p3"], reverse=["p3"])
            + "scales: [{name: S, items: [p1, p2, p3]}]\n"
            "quality:\n  long_runs: {scales: [S], min_run: 3, exclude: false}\n"
            "  near_duplicates: {scales: [S], max_differences: 1}\n"
            "  contradictions: {scales: [S], min_gap: 2.5}\n")
    q = loads_schema(text)
    again = loads_schema(dumps_schema(q))
    assert again.quality == q.quality
    assert q.quality["near_duplicates"].options == {"scales": ["S"], "max_differences": 1}
    assert q.quality["contradictions"].options == {"scales": ["S"], "min_gap": 2.5}
    assert not q.quality["long_runs"].exclude and q.quality["contradictions"].exclude


def test_near_duplicates_refuses_explosive_comparison(tmp_path, monkeypatch):
    import surveykit.quality as quality
    from surveykit import DataError

    names = ["x1", "x2", "x3", "x4"]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + "scales: [{name: S, items: [x1, x2, x3, x4]}]\n"
              "quality: {near_duplicates: {scales: [S], max_differences: 1}}\n")
    s = survey(tmp_path, schema, ",".join(names), *[f"1,1,{i % 5 + 1},{i // 5 % 5 + 1}" for i in range(25)])
    monkeypatch.setattr(quality, "MAX_PAIRS", 10)
    with pytest.raises(DataError, match="near_duplicates would compare"):
        flag_respondents(s)


def test_near_duplicates_survive_hash_collisions(tmp_path, monkeypatch):
    """Rows are grouped by a 64-bit hash and then compared: if every hash collides, the
    exact fallback gives the same flags."""
    import surveykit.quality as quality

    rng = np.random.default_rng(11)
    x = rng.integers(1, 3, (50, 5)).astype(float)
    names = [f"x{i}" for i in range(5)]
    schema = ("surveykit: 1\nid: t\n" + LIST + "questions:\n" + items(names)
              + f"scales: [{{name: S, items: [{', '.join(names)}]}}]\n"
              "quality: {near_duplicates: {scales: [S], max_differences: 1}}\n")
    s = survey(tmp_path, schema, ",".join(names), *[",".join(str(int(v)) for v in r) for r in x])
    monkeypatch.setattr(quality, "_row_hash", lambda codes: np.zeros(len(codes), dtype=np.uint64))
    assert flag_respondents(s)["near_duplicates"].tolist() == brute_near_duplicates(x, 1)


def test_near_duplicates_on_numbers_that_are_not_small_codes(tmp_path):
    rng = np.random.default_rng(12)
    x = rng.choice([0.5, 200.0, 7.0, np.nan], size=(40, 4), p=[0.3, 0.3, 0.3, 0.1])
    names = [f"x{i}" for i in range(4)]
    schema = ("surveykit: 1\nid: t\nquestions:\n"
              + "".join(f"  - {{name: {n}, type: number}}\n" for n in names)
              + f"scales: [{{name: S, items: [{', '.join(names)}]}}]\n"
              "quality: {near_duplicates: {scales: [S], max_differences: 1}}\n")
    s = survey(tmp_path, schema, ",".join(names),
               *[",".join("" if np.isnan(v) else str(float(v)) for v in r) for r in x])
    assert flag_respondents(s)["near_duplicates"].tolist() == brute_near_duplicates(x, 1)
