"""The frozen model of a questionnaire (format version 1).

Every object here is immutable and knows nothing of files: :mod:`.load`
builds it from YAML (with line numbers for error messages) and :mod:`.dump`
writes it back. The semantics are those of ``spec/questionnaire.md``.

Examples
--------
>>> from surveykit.schema import loads_schema
>>> q = loads_schema('''
... surveykit: 1
... id: demo
... choice_lists:
...   agree3: {1: Disagree, 2: Neutral, 3: Agree}
... questions:
...   - {name: a, type: likert, choices: agree3}
...   - {name: b, type: likert, choices: agree3, reverse: true}
... scales:
...   - {name: s, items: [a, b]}
... ''')
>>> q.question("b").reverse, q.scale("s").items
(True, ('a', 'b'))
>>> q.question("a").choices.codes
(1, 2, 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Union

__all__ = [
    "Label",
    "text",
    "Choice",
    "ChoiceList",
    "Question",
    "Derived",
    "Scale",
    "QualityCheck",
    "Questionnaire",
    "QUESTION_TYPES",
    "CODED_TYPES",
    "NUMERIC_TYPES",
    "ORDERED_TYPES",
    "OPTION_TYPES",
]

Code = Union[int, str]
#: A label: a plain string, or a map from language code to text.
Label = Union[str, Mapping[str, str], None]

QUESTION_TYPES = ("single", "ordinal", "likert", "multiple", "integer", "number",
                  "text", "date", "rank")
#: Types whose answer is one code of a choice list.
CODED_TYPES = frozenset({"single", "ordinal", "likert"})
#: Types whose values are numbers on which means make sense.
NUMERIC_TYPES = frozenset({"likert", "integer", "number", "ordinal"})
#: Types whose codes are ordered, so that reverse-scoring means something.
ORDERED_TYPES = frozenset({"likert", "ordinal"})
#: Types imported as one column per option (``NAME__CODE``).
OPTION_TYPES = frozenset({"multiple", "rank"})


def text(label: Label, language: str | None = None, default: str = "") -> str:
    """Return the text of a label in a language, falling back sensibly.

    Parameters
    ----------
    label : str, mapping or None
        A plain string or a ``{language: text}`` map.
    language : str, optional
        Wanted language; the first language of the map when missing or absent.
    default : str
        Returned when the label is empty.

    Examples
    --------
    >>> text({"zh": "性别", "en": "Gender"}, "en")
    'Gender'
    >>> text({"zh": "性别"}, "en")
    '性别'
    >>> text(None, "en", default="gender")
    'gender'
    """
    if label is None:
        return default
    if isinstance(label, str):
        return label
    if language is not None and language in label:
        return label[language]
    return next(iter(label.values()), default)


def _freeze(mapping: Mapping | None) -> Mapping | None:
    return None if mapping is None else MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Choice:
    """One answer option: its code and label."""

    code: Code
    label: Label


@dataclass(frozen=True)
class ChoiceList:
    """An ordered list of answer options.

    ``name`` is the list's name under ``choice_lists``, or ``None`` for a
    list written inline in a question.
    """

    name: str | None
    choices: tuple[Choice, ...]

    @property
    def codes(self) -> tuple[Code, ...]:
        """The codes, in the order of the file."""
        return tuple(c.code for c in self.choices)

    @property
    def numeric(self) -> bool:
        """True when every code is an integer."""
        return all(isinstance(c, int) for c in self.codes)

    def label_of(self, code: Code, language: str | None = None) -> str:
        """Return the label of ``code`` in ``language`` (the code itself if unlabelled)."""
        for c in self.choices:
            if c.code == code:
                return text(c.label, language, default=str(code))
        raise KeyError(code)

    def labels(self, language: str | None = None) -> dict[Code, str]:
        """Return ``{code: label}`` in ``language``, in list order."""
        return {c.code: text(c.label, language, default=str(c.code)) for c in self.choices}


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire, as the schema declares it."""

    name: str
    type: str
    label: Label = None
    choices: ChoiceList | None = None
    source: str | Mapping[Code, str] | None = None
    reverse: bool = False
    range: tuple[float, float] | None = None
    missing_codes: tuple | None = None
    role: str | None = None
    pii: bool = False
    required: bool = False
    relevant: str | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the imported columns: ``NAME`` or ``NAME__CODE`` per option."""
        if self.type in OPTION_TYPES:
            return tuple(f"{self.name}__{code}" for code in self.choices.codes)
        return (self.name,)


@dataclass(frozen=True)
class Derived:
    """A variable computed from a question or a scale (``cut`` or ``any_of``)."""

    name: str
    source: str
    label: Label = None
    cut: tuple[float, ...] | None = None
    labels: tuple[str, ...] | None = None
    any_of: tuple[Code, ...] | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def choices(self) -> ChoiceList | None:
        """The codes 1..k of a ``cut`` variable with their labels; None otherwise."""
        if self.cut is None:
            return None
        return ChoiceList(None, tuple(Choice(i + 1, lab) for i, lab in enumerate(self.labels)))


@dataclass(frozen=True)
class Scale:
    """A multi-item construct scored as the mean or sum of its items."""

    name: str
    items: tuple[str, ...]
    label: Label = None
    score: str = "mean"
    min_items: int | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def required_items(self) -> int:
        """Fewest answered items for a score (``min_items``, default all items)."""
        return len(self.items) if self.min_items is None else self.min_items


@dataclass(frozen=True)
class QualityCheck:
    """One named quality check: its options as written and whether it excludes."""

    name: str
    options: Any
    exclude: bool = True
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Questionnaire:
    """A whole questionnaire: the single description of a survey.

    Build one with :func:`surveykit.load_schema`; look things up with
    :meth:`question`, :meth:`scale`, :meth:`variable_label`.

    Examples
    --------
    >>> from surveykit import load_schema
    >>> q = load_schema("questionnaires/j_community_epidemic.yaml")
    >>> q.id, q.languages, q.respondent_id
    ('j-community-epidemic', ('zh', 'en'), 'uuid')
    >>> q.question("part_4").reverse, q.scale("participation").items
    (True, ('part_1', 'part_2', 'part_3', 'part_4'))
    >>> q.variable_label("belonging", "en"), [d.name for d in q.derived]
    ('Sense of belonging', ['age_group', 'any_task'])
    """

    id: str
    questions: tuple[Question, ...]
    title: Label = None
    languages: tuple[str, ...] = ("en",)
    respondent_id: str | None = None
    missing_codes: tuple = ()
    choice_lists: Mapping[str, ChoiceList] = field(default_factory=lambda: MappingProxyType({}))
    derived: tuple[Derived, ...] = ()
    scales: tuple[Scale, ...] = ()
    quality: Mapping[str, QualityCheck] = field(default_factory=lambda: MappingProxyType({}))
    path: str | None = field(default=None, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "choice_lists", _freeze(self.choice_lists))
        object.__setattr__(self, "quality", _freeze(self.quality))

    @property
    def language(self) -> str:
        """The default label language (the first of ``languages``)."""
        return self.languages[0]

    def question(self, name: str) -> Question:
        """Return the question called ``name`` (KeyError if there is none)."""
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    def scale(self, name: str) -> Scale:
        """Return the scale called ``name`` (KeyError if there is none)."""
        for s in self.scales:
            if s.name == name:
                return s
        raise KeyError(name)

    def derived_variable(self, name: str) -> Derived:
        """Return the derived variable called ``name`` (KeyError if there is none)."""
        for d in self.derived:
            if d.name == name:
                return d
        raise KeyError(name)

    def find(self, name: str) -> Question | Derived | Scale:
        """Return the question, derived variable or scale called ``name``."""
        for group in (self.questions, self.derived, self.scales):
            for item in group:
                if item.name == name:
                    return item
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every variable name: questions, then derived variables, then scales."""
        return tuple(x.name for x in (*self.questions, *self.derived, *self.scales))

    def missing_codes_of(self, question: Question) -> tuple:
        """The missing codes that apply to ``question`` (its own, else the survey's)."""
        return question.missing_codes if question.missing_codes is not None else self.missing_codes

    def variable_label(self, name: str, language: str | None = None) -> str:
        """Label of a variable (question, derived, scale or ``NAME__CODE`` option column)."""
        language = language or self.language
        base, _, code = name.partition("__")
        try:
            item = self.find(base)
        except KeyError:
            return name
        label = text(item.label, language, default=base)
        if code and isinstance(item, Question) and item.choices is not None:
            option = next((c for c in item.choices.choices if str(c.code) == code), None)
            if option is not None:
                return f"{label}: {text(option.label, language, default=code)}"
        return label

    def choices_of(self, name: str) -> ChoiceList | None:
        """The choice list of a question or ``cut`` variable, else None."""
        item = self.find(name)
        return item.choices if isinstance(item, (Question, Derived)) else None

    @property
    def pii_columns(self) -> tuple[str, ...]:
        """Imported columns holding personal data (questions marked ``pii``)."""
        return tuple(col for q in self.questions if q.pii for col in q.columns)
