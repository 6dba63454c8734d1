"""``python -m surveykit.cli``: the same as the ``surveykit`` command."""

from .app import main

main()
