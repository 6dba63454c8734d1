"""``python -m surveykit``: the same as the ``surveykit`` command."""

from .cli.app import main

main()
