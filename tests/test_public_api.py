"""The public API: every exported name resolves to what it names (never to a
submodule of the same name), and importing surveykit stays light."""

import importlib
import pkgutil
import subprocess
import sys

import surveykit


def test_every_public_name_is_a_function_or_class_even_after_all_imports():
    for module in pkgutil.walk_packages(surveykit.__path__, "surveykit."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    for name in surveykit.__all__:
        value = getattr(surveykit, name)
        assert callable(value), f"surveykit.{name} is {value!r}"


def test_cli_start_up_imports_no_heavy_library():
    code = ("import sys\nfrom surveykit.cli.app import app\n"
            "print(','.join(m for m in ('pandas', 'scipy', 'statsmodels', 'seaborn', 'matplotlib')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
