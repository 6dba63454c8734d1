"""SPSS/Stata files written by the tests: labels, user-missing values, legacy GBK text.

pyreadstat writes only UTF-8 .sav files, so the legacy files are made by
writing ASCII placeholders of the right byte length and patching the bytes:
the labels become GBK, the file's character code 936 (or 1252, as old Chinese
files often wrongly declare), and the encoding record either says CP936 or is
made unknown to readers, as in files from SPSS versions before 16.
"""

import struct

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from surveykit.io import read_survey
from surveykit.io.spss import read_stat
from surveykit.schema.infer import infer_file

TEXTS = ["性别", "邻里互相信任", "男性", "女性", "拒绝回答", "非常不同意", "不同意", "一般", "同意",
         "非常同意", "不适用"]


def _sav(path, legacy=False):
    """Write the test file; with ``legacy``, ASCII placeholders as long as the GBK text."""
    text = {t: (chr(ord("A") + i) * len(t.encode("gbk")) if legacy else t) for i, t in enumerate(TEXTS)}
    frame = pd.DataFrame({"sex": [1.0, 2.0, 1.0, 9.0], "trust": [1.0, 5.0, 4.0, -9.0]})
    agree = {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意", -9: "不适用"}
    pyreadstat.write_sav(frame, str(path),
                         column_labels={"sex": text["性别"], "trust": text["邻里互相信任"]},
                         variable_value_labels={
                             "sex": {1: text["男性"], 2: text["女性"], 9: text["拒绝回答"]},
                             "trust": {k: text[v] for k, v in agree.items()}},
                         missing_ranges={"sex": [9], "trust": [-9]})
    return path, text


def _legacy(path, code_page, keep_encoding_record):
    _, text = _sav(path, legacy=True)
    data = bytearray(path.read_bytes())
    for original, placeholder in sorted(text.items(), key=lambda kv: -len(kv[1])):
        encoded, placeholder = original.encode("gbk"), placeholder.encode("ascii")
        at = data.find(placeholder)
        assert at > 0 and len(encoded) == len(placeholder)
        data[at:at + len(placeholder)] = encoded
    info = data.find(struct.pack("<ii", 7, 3))  # machine integer info: character code at +44
    struct.pack_into("<i", data, info + 44, code_page)
    record = data.find(struct.pack("<ii", 7, 20))  # character encoding record
    if keep_encoding_record:
        at = data.find(b"UTF-8")
        data[at:at + 5] = b"CP936"
    else:
        struct.pack_into("<i", data, record + 4, 99)  # an unknown subtype: ignored by readers
    path.write_bytes(bytes(data))
    return path


def test_labels_and_user_missing(tmp_path):
    raw = read_stat(_sav(tmp_path / "s.sav")[0])
    assert raw.column_labels == {"sex": "性别", "trust": "邻里互相信任"}
    assert raw.value_labels["sex"] == {1.0: "男性", 2.0: "女性", 9.0: "拒绝回答"}
    assert raw.user_missing == {"sex": [9.0], "trust": [-9.0]}
    assert raw.frame["sex"].tolist() == [1.0, 2.0, 1.0, 9.0]  # user-missing kept as the value


@pytest.mark.parametrize("code_page, record", [(936, True), (936, False), (1252, False)])
def test_legacy_gbk(tmp_path, code_page, record):
    raw = read_stat(_legacy(tmp_path / "g.sav", code_page, record))
    assert raw.column_labels == {"sex": "性别", "trust": "邻里互相信任"}
    assert raw.value_labels["sex"] == {1.0: "男性", 2.0: "女性", 9.0: "拒绝回答"}


def test_mislabelled_file_without_detection_is_mojibake(tmp_path):
    """The case the detection exists for: read as declared (1252), labels are garbled."""
    path = _legacy(tmp_path / "g.sav", 1252, False)
    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    assert meta.column_labels[0] == "性别".encode("gbk").decode("cp1252")


def test_drafted_schema_reads_the_file(tmp_path):
    path = _legacy(tmp_path / "g.sav", 1252, False)
    draft = infer_file(path)
    sex, trust = draft.question("sex"), draft.question("trust")
    assert (sex.type, sex.label, sex.choices.labels(), sex.missing_codes) == (
        "single", "性别", {1: "男性", 2: "女性"}, (9,))
    assert trust.type == "likert" and trust.choices.name == "agree5"
    assert trust.missing_codes == (-9,)
    survey = read_survey(draft, path)
    np.testing.assert_array_equal(survey.data["sex"], [1, 2, 1, np.nan])
    np.testing.assert_array_equal(survey.data["trust"], [1, 5, 4, np.nan])
    events = survey.events.sort_values("variable")[["row", "variable", "status", "value"]]
    assert events.values.tolist() == [[4, "sex", "missing_code", "9"], [4, "trust", "missing_code", "-9"]]
    assert survey.problems.empty


def test_stata(tmp_path):
    path = tmp_path / "s.dta"
    pyreadstat.write_dta(pd.DataFrame({"q1": [1, 2, 2]}), str(path), column_labels=["满意度"],
                         variable_value_labels={"q1": {1: "很不满意", 2: "不满意", 3: "一般",
                                                       4: "满意", 5: "很满意"}})
    draft = infer_file(path)
    q1 = draft.question("q1")
    assert (q1.type, q1.label, q1.choices.name) == ("likert", "满意度", "satisfaction5")
    assert read_survey(draft, path).data["q1"].tolist() == [1.0, 2.0, 2.0]
