"""Table builders of the report, one function per table kind (see :mod:`..sections`).

Each builder takes the :class:`~surveykit.report.sections.Context` and the
section's options and returns blocks: one or more :class:`Table` objects and
an interpretation :class:`Paragraph`. Builders compute with the analysis
primitives on the analysis sample; they never format numbers themselves
except through the context's :class:`Formatter`.
"""
