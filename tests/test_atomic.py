"""Atomic writing: complete files only, the usual permissions, inputs never overwritten."""

import os
import stat

import pytest

from surveykit._atomic import atomic_path, refuse_overwriting_inputs, write_text_atomic
from surveykit.exceptions import OptionError


def test_new_file_gets_the_umask_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_crash_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("crash")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["a.txt"]


def test_output_onto_an_input_is_refused(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("a\n1\n")
    with pytest.raises(OptionError, match="would overwrite an input file"):
        refuse_overwriting_inputs([tmp_path / "." / "d.csv"], [data])
