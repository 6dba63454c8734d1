"""Drafting a questionnaire schema from an export (``surveykit schema infer``).

The draft is a starting point that validates as it is: every column of the
export becomes a question (or, for per-option columns, part of one), with a
type guessed from its cells, its label from the header (Wenjuanxing's
``N、text``), the variable label (SPSS/Stata) or the path (Kobo), and its
choices from the labels found. The user then renames, reorders and completes it.

Rules, in order, for one column:

1. Export columns with a known meaning (Wenjuanxing's 序号, 提交答卷时间,
   所用时间, 来源, 来源详情, 来自IP; Kobo's ``_id``, ``_uuid``,
   ``_submission_time``, ``start``, ``end``...) become id / paradata
   questions; IP addresses and device ids are marked ``pii``.
   Personal data become ``text`` questions marked ``pii`` (never numbers: a
   phone number is not a quantity): a column whose cells are mostly mainland
   mobile numbers (11 digits starting with 1), IPv4 addresses or e-mail
   addresses, or whose header names personal data (电话, 手机号, 联系方式,
   姓名, 身份证, 邮箱, 微信, 住址, IP, phone, mobile, tel, email, name,
   address..., see :func:`personal_name`) while its answers are mostly distinct.
2. Per-option columns (Wenjuanxing code export ``第6题(运动)``; Kobo
   ``q/option`` beside the summary column ``q``) become one ``multiple``
   question (``rank`` when a cell holds a number above 1).
3. SPSS/Stata value labels give the choices; user-missing values become the
   question's ``missing_codes``.
4. Cells joined by ``┋`` make a ``multiple`` question whose options are the
   labels found ("other, please specify" texts ``〖...〗`` removed).
5. Numbers make an ``integer`` or ``number`` question, also when a few cells
   (at most 5%) are stray texts such as ``13多``, which reading then reports as
   invalid values (in a Wenjuanxing code export, a numbered question's small
   whole numbers are codes: ``single``, each number its own code).
6. Few distinct texts make a ``single`` question; when the labels are those
   of a known rating scale (非常不同意…非常同意, 很不满意…很满意, 从不…总是,
   完全不符合…完全符合, Strongly disagree…Strongly agree...) a ``likert``
   question on a shared list in the scale's order (``agree5``,
   ``satisfaction5``...), its missing points filled in.
7. Dates make a ``date`` question; anything else is ``text``.

Options of other lists are ordered by the first number in their labels
(``800-999元`` before ``1000-1499元``), then in order of appearance, with
"other" and "don't know" options last. A label that is a whole number is its
own code (a label never reads as a number other than its code); the other
labels are numbered after them; a column with a fractional number among
few texts gets no list (it becomes ``text``). Identical choice lists are
shared.
With a Wenjuanxing text export and its code export (``codes=``), each label
takes the code the code export gives it, so the draft reads both exports.

Examples
--------
>>> import tempfile, pathlib
>>> from surveykit.io import read_raw
>>> path = pathlib.Path(tempfile.mkdtemp()) / "wjx.csv"
>>> _ = path.write_text("序号,提交答卷时间,所用时间,1、您对社区服务满意吗？\\n"
...                     "1,2024/5/1 10:00:00,120秒,满意\\n2,2024/5/1 11:00:00,98秒,很不满意\\n"
...                     "3,2024/5/2 9:30:00,301秒,一般\\n", encoding="utf-8")
>>> draft = infer_schema(read_raw(path))
>>> [(x.name, x.type) for x in draft.questions]
[('resp_id', 'integer'), ('submitted', 'date'), ('duration_s', 'number'), ('q1', 'likert')]
>>> draft.question("q1").choices.labels()
{1: '很不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '很满意'}
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..io.cells import (
    NO_ANSWER_WORDS,
    SKIPPED_WORDS,
    as_number,
    is_other_label,
    normalize,
    split_other,
)
from ..io.files import RawTable, read_raw
from ..io.flavors import Flavor, detect_flavor, get_flavor, parse_wjx_header
from .dump import dumps_schema
from .load import loads_schema
from .model import Choice, ChoiceList, Question, Questionnaire

__all__ = ["infer_schema", "infer_file", "personal_name", "LIKERT_SCALES"]

#: Known rating scales: name -> points, each point a tuple of spellings (first = canonical).
LIKERT_SCALES = {
    "agree": [("非常不同意", "完全不同意", "Strongly disagree"), ("不同意", "比较不同意", "Disagree"),
              ("一般", "中立", "不确定", "说不清", "Neutral", "Neither agree nor disagree"),
              ("同意", "比较同意", "Agree"), ("非常同意", "完全同意", "Strongly agree")],
    "satisfaction": [("很不满意", "非常不满意", "Very dissatisfied"),
                     ("不满意", "不太满意", "比较不满意", "Dissatisfied"),
                     ("一般", "Neutral", "Neither satisfied nor dissatisfied"),
                     ("满意", "比较满意", "Satisfied"), ("很满意", "非常满意", "Very satisfied")],
    "conformity": [("完全不符合", "非常不符合"), ("不太符合", "比较不符合", "不符合"), ("一般", "不确定"),
                   ("比较符合", "符合"), ("完全符合", "非常符合")],
    "frequency": [("从不", "从来没有", "Never"), ("很少", "偶尔", "Rarely"), ("有时", "Sometimes"),
                  ("经常", "Often"), ("总是", "Always")],
    "importance": [("非常不重要", "Not at all important"), ("不重要", "Slightly important"),
                   ("一般", "Moderately important"), ("重要", "比较重要", "Very important"),
                   ("非常重要", "Extremely important")],
    "trust": [("非常不信任", "完全不信任"), ("不信任", "不太信任", "比较不信任"), ("一般",),
              ("信任", "比较信任"), ("非常信任", "完全信任")],
}
_KOBO_META = {"_id": ("integer", "id", False), "_uuid": ("text", "paradata", False),
              "_submission_time": ("date", "paradata", False), "start": ("date", "paradata", False),
              "end": ("date", "paradata", False), "today": ("date", "paradata", False),
              "deviceid": ("text", "paradata", True), "phonenumber": ("text", "paradata", True),
              "_submitted_by": ("text", "paradata", True), "username": ("text", "paradata", True)}
_LAST = re.compile(r"(不知道|拒绝|说不清|don'?t know|refus)", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_CHOICES = 30
#: Share of answered cells that must be numbers for a numeric question.
_NUMERIC_SHARE = 0.95
#: Cells of personal data: mainland mobile number, IPv4 address (Wenjuanxing adds the
#: place: ``1.2.3.4(山东-济南)``), e-mail address.
_PERSONAL_CELL = re.compile(r"(?:\+?86[- ]?)?1\d{10}|(?:\d{1,3}\.){3}\d{1,3}(?:\s*[(（].*)?"
                            r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Header words naming personal data: anywhere, or only at the end (手机 in 手机部数 is not).
_PERSONAL_ZH = re.compile(r"电话|手机号|联系方式|姓名|身份证|邮箱|电子邮件|微信号|住址|家庭地址")
_PERSONAL_ZH_END = re.compile(r"(手机|微信|地址)$")
_PERSONAL_EN = frozenset({"phone", "phonenumber", "telephone", "tel", "mobile",
                          "cellphone", "ip", "email", "address", "wechat", "idcard", "passport"})
_NAME_WORDS = frozenset({"name", "full", "first", "last", "given", "family", "your", "respondent",
                         "real", "what", "is", "s"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def infer_file(path, *, flavor: str = "auto", sheet=None, codes=None, id: str | None = None,
               encoding: str | None = None) -> Questionnaire:
    """Draft a questionnaire from a data file (see :func:`infer_schema`).

    ``codes`` is the Wenjuanxing code export of the same survey when ``path``
    is its text export; ``encoding`` applies to SPSS files.
    """
    path = Path(path)
    if path.suffix.lower() in (".sav", ".zsav", ".dta"):
        from ..io.spss import read_stat

        raw = read_stat(path, encoding=encoding)
    else:
        raw = read_raw(path, sheet=sheet)
    chosen = detect_flavor(raw.headers, path.suffix) if flavor == "auto" else get_flavor(flavor)
    code_raw = read_raw(codes, sheet=sheet) if codes is not None else None
    return infer_schema(raw, chosen, codes=code_raw, id=id)


def infer_schema(raw: RawTable, flavor: Flavor | None = None, *, codes: RawTable | None = None,
                 id: str | None = None) -> Questionnaire:
    """Draft a questionnaire from a raw export.

    Parameters
    ----------
    raw : RawTable
        The export (:func:`surveykit.io.read_raw`).
    flavor : Flavor, optional
        Export flavour (detected when None).
    codes : RawTable, optional
        The Wenjuanxing code export of the same survey, when ``raw`` is the text
        export: labels then take their real codes.
    id : str, optional
        Identifier of the questionnaire (default: from the file name).

    Returns
    -------
    Questionnaire
        A draft that loads without error (it is written and read back once).

    Examples
    --------
    The Wenjuanxing export of the Haikou case study (leading columns named from
    :data:`surveykit.io.wjx.LEADING_COLUMNS`, questions by their number):

    >>> from surveykit import read_raw
    >>> draft = infer_schema(read_raw("data/haikou_liushuipo.xlsx"))
    >>> [(x.name, x.type) for x in draft.questions][:8]
    [('resp_id', 'integer'), ('submitted', 'date'), ('duration_s', 'number'),
     ('channel', 'text'), ('channel_detail', 'text'), ('ip', 'text'), ('q1', 'single'),
     ('q2', 'integer')]
    >>> draft.id, draft.respondent_id
    ('haikou_liushuipo', 'resp_id')
    """
    flavor = flavor or detect_flavor(raw.headers, Path(raw.path).suffix)
    drafter = _Drafter(raw, flavor, codes)
    questions = drafter.questions()
    texts = " ".join(raw.headers) + " ".join(str(q.label or "") for q in questions)
    language = "zh" if _CJK.search(texts) else "en"
    qid = id or re.sub(r"[^a-z0-9_-]+", "-", Path(raw.path).stem.lower()).strip("-") or "draft"
    respondent = next((q.name for q in questions if q.role == "id"), None)
    draft = Questionnaire(id=qid, questions=tuple(questions), title=Path(raw.path).stem,
                          languages=(language,), respondent_id=respondent,
                          choice_lists=drafter.lists)
    return loads_schema(dumps_schema(draft), path=f"<draft of {raw.path}>")


class _Drafter:
    def __init__(self, raw: RawTable, flavor: Flavor, codes: RawTable | None):
        self.raw, self.flavor, self.codes = raw, flavor, codes
        self.lists: dict[str, ChoiceList] = {}
        self.names: set[str] = set()
        self.code_pairs = _code_pairs(raw, codes) if codes is not None else {}

    # -- naming ------------------------------------------------------------------------
    def name(self, wanted: str, fallback: str) -> str:
        base = re.sub(r"\W+", "_", wanted).strip("_")
        base = re.sub(r"_{2,}", "_", base)
        if not base or not base.isidentifier() or base[0].isdigit():
            base = fallback
        name, i = base, 2
        while name in self.names:
            name, i = f"{base}_{i}", i + 1
        self.names.add(name)
        return name

    def share(self, choices: tuple[Choice, ...], wanted: str) -> ChoiceList:
        for existing in self.lists.values():
            if existing.choices == choices:
                return existing
        name, i = wanted, 2
        while name in self.lists:
            name, i = f"{wanted}_{i}", i + 1
        self.lists[name] = ChoiceList(name, choices)
        return self.lists[name]

    # -- columns -----------------------------------------------------------------------
    def questions(self) -> list[Question]:
        from ..io.wjx import LEADING_COLUMNS

        headers = self.raw.headers
        groups = self.option_groups(headers)
        grouped = {h for members in groups.values() for _, h in members}
        out, done = [], set()
        for i, header in enumerate(headers, start=1):
            key = normalize(header)
            if header in done:
                continue
            if header in grouped or key in groups:
                anchor = key if key in groups else next(k for k, m in groups.items()
                                                        if header in [h for _, h in m])
                if anchor in done:
                    continue
                done.add(anchor)
                done.update(h for _, h in groups[anchor])
                done.add(header)
                out.append(self.option_question(anchor, groups[anchor], i))
                continue
            if self.flavor.name == "wjx" and key in LEADING_COLUMNS:
                name, qtype, role, pii = LEADING_COLUMNS[key]
                out.append(Question(self.name(name, f"v{i}"), qtype, source=header, role=role, pii=pii))
            elif self.flavor.name == "kobo" and key in _KOBO_META:
                qtype, role, pii = _KOBO_META[key]
                out.append(Question(self.name(key.strip("_"), f"v{i}"), qtype, source=header,
                                    role=role, pii=pii))
            else:
                out.append(self.column_question(header, i))
        return out

    def option_groups(self, headers) -> dict[str, list[tuple[str, str]]]:
        """Per-option columns grouped under their question: ``{anchor: [(option, header)]}``."""
        groups: dict[str, list[tuple[str, str]]] = {}
        keys = {normalize(h) for h in headers}
        for header in headers:
            if self.flavor.name == "wjx":
                number, _, option = parse_wjx_header(header)
                if number is not None and option is not None:
                    groups.setdefault(str(number), []).append((option, header))
            elif self.flavor.name == "kobo":
                parent, sep, option = normalize(header).rpartition("/")
                if sep and parent in keys:
                    groups.setdefault(parent, []).append((option, header))
        if self.flavor.name == "wjx":  # a matrix question's rows are separate single questions
            groups = {k: m for k, m in groups.items() if self.indicator_like(m)}
        return groups

    def indicator_like(self, members) -> bool:
        values = pd.concat([self.raw.frame[h] for _, h in members]).dropna()
        numbers = {as_number(v) for v in pd.unique(values)} - {-2.0, -3.0}
        return numbers <= {0.0, 1.0} or (None not in numbers and all(
            n == int(n) and n >= 0 for n in numbers) and len(members) > 1 and 0.0 not in numbers)

    def option_question(self, anchor: str, members, position: int) -> Question:
        values = pd.concat([self.raw.frame[h] for _, h in members]).dropna()
        numbers = {as_number(v) for v in pd.unique(values)} - {None}
        rank = any(n > 1 for n in numbers)
        if self.flavor.name == "wjx":
            choices = _coded([option for option, _ in members], self.code_pairs.get(f"#{anchor}") or {})
            name, source, label = self.name(f"q{anchor}", f"q{position}"), anchor, None
        else:
            codes = [_code(option) for option, _ in members]
            codes = codes if all(isinstance(c, int) for c in codes) else [o for o, _ in members]
            choices = tuple(Choice(c, str(o)) for c, (o, _) in zip(codes, members))
            name = self.name(anchor.rsplit("/", 1)[-1], f"v{position}")
            source, label = anchor, None
            if anchor not in {normalize(h) for h in self.raw.headers}:
                source = {c: h for c, (_, h) in zip(codes, members)}
        cl = self.share(choices, f"{name}_list")
        return Question(name, "rank" if rank else "multiple", label=label, choices=cl, source=source)

    def column_question(self, header: str, position: int) -> Question:
        number, text, _ = parse_wjx_header(header) if self.flavor.name == "wjx" else (None, None, None)
        if number is not None:
            name, label = self.name(f"q{number}", f"q{position}"), text
        else:
            base = normalize(header).rsplit("/", 1)[-1]
            name = self.name(base, f"v{position}")
            label = self.raw.column_labels.get(header)
        source = header.strip() if header.strip() != name else None
        cells = self.raw.frame[header]
        kwargs = dict(label=label, source=source)
        counts = cells.value_counts(sort=False)  # in order of appearance
        counts = counts[[_answer(v) for v in counts.index]]
        values = counts.index.tolist()
        if _personal(header, label, counts):
            return Question(name, "text", pii=True, **kwargs)
        if header in self.raw.value_labels:
            return self.labelled(name, header, kwargs)
        if not values:
            return Question(name, "text", **kwargs)
        parsed = [self.flavor.parse_number(v) for v in values]
        numbers = [n for n in parsed if n is not None]
        if counts[[n is not None for n in parsed]].sum() >= _NUMERIC_SHARE * counts.sum():
            if self.flavor.name == "wjx" and number is not None and len(numbers) <= _MAX_CHOICES and \
                    all(n == int(n) and n > 0 for n in numbers if n not in (-2.0, -3.0)):
                codes = sorted({int(n) for n in numbers if n not in (-2.0, -3.0)})
                cl = self.share(tuple(Choice(c, str(c)) for c in codes), f"{name}_list")
                return Question(name, "single", choices=cl, **kwargs)
            whole = all(n == int(n) for n in numbers)
            return Question(name, "integer" if whole else "number", **kwargs)
        texts = [str(v) for v in values]
        if any("┋" in t for t in texts):
            labels = _ordered_labels([split_other(normalize(t))[0] for v in texts for t in v.split("┋")])
            cl = self.share(self.choices(f"#{number}", labels), f"{name}_list")
            return Question(name, "multiple", choices=cl, **kwargs)
        labels = _ordered_labels([split_other(normalize(t))[0] for t in texts])
        scale = _likert(labels)
        fractional = any(n != int(n) for n in numbers)
        if scale is not None or (len(labels) <= _MAX_CHOICES and not fractional
                                 and len(labels) <= max(2, 0.5 * cells.notna().sum())):
            if scale is not None and not self.code_pairs.get(header):
                family, points = scale
                cl = self.share(tuple(Choice(i, lab) for i, lab in enumerate(points, start=1)),
                                f"{family}{len(points)}")
                return Question(name, "likert", choices=cl, **kwargs)
            cl = self.share(self.choices(header, labels), f"{name}_list")
            return Question(name, "likert" if scale else "single", choices=cl, **kwargs)
        parsed = pd.to_datetime(pd.Series(texts), errors="coerce", format="mixed")
        if parsed.notna().mean() >= 0.9:
            return Question(name, "date", **kwargs)
        return Question(name, "text", **kwargs)

    def choices(self, header: str, labels: list[str]) -> tuple[Choice, ...]:
        return _coded(labels, self.code_pairs.get(header) or {})

    def labelled(self, name: str, header: str, kwargs) -> Question:
        file_labels = self.raw.value_labels[header]
        missing = {float(m) for m in self.raw.user_missing.get(header, ()) if not isinstance(m, str)}
        codes = [(_code(c), str(lab)) for c, lab in file_labels.items() if float(c) not in missing]
        if not codes:
            return Question(name, "integer", **kwargs)
        labels = [lab for _, lab in codes]
        scale = _likert(labels)
        cl = self.share(tuple(Choice(c, lab) for c, lab in codes),
                        f"{scale[0]}{len(codes)}" if scale else f"{name}_list")
        qmissing = tuple(_code(m) for m in sorted(missing)) or None
        return Question(name, "likert" if scale else "single", choices=cl, missing_codes=qmissing,
                        **kwargs)


def _answer(value) -> bool:
    key = normalize(str(value))
    return key != "" and key not in NO_ANSWER_WORDS and key not in SKIPPED_WORDS


def _coded(labels: list[str], pairs: dict[str, int]) -> tuple[Choice, ...]:
    """Choices in code order: a whole-number label is its own code, then a label takes the
    code of the code export (``pairs``) when free, the others the next codes in label order."""
    codes = {lab: int(lab) if re.fullmatch(r"-?\d+", lab.strip()) else None for lab in labels}
    taken = {c for c in codes.values() if c is not None}
    for lab in labels:
        if codes[lab] is None and lab in pairs and pairs[lab] not in taken:
            codes[lab] = pairs[lab]
            taken.add(pairs[lab])
    top = max(taken, default=0)
    for lab in labels:
        if codes[lab] is None:
            top += 1
            codes[lab] = top
    return tuple(Choice(codes[lab], lab) for lab in sorted(labels, key=codes.__getitem__))


def personal_name(text: str | None) -> bool:
    """True when a header, name or label names personal data (phone, IP, e-mail, name...).

    Examples
    --------
    >>> [personal_name(h) for h in ["联系电话", "16、请留下您的手机号码（选填）", "IP地址",
    ...                             "contact/phone", "ipAddress", "full_name"]]
    [True, True, True, True, True, True]
    >>> [personal_name(h) for h in ["1、手机部数", "telling", "community_name", "社区微信群方便我获取信息"]]
    [False, False, False, False]
    """
    if not text:
        return False
    stripped = _TRAILING_NOTE.sub("", text).rstrip(" ：:？?。")
    if _PERSONAL_ZH.search(text) or _PERSONAL_ZH_END.search(stripped):
        return True
    words = [w.lower() for w in _WORDS.findall(re.sub(r"e-mail", "email", text, flags=re.IGNORECASE))]
    joined = "".join(words)
    return bool(_PERSONAL_EN.intersection(words) or joined in _PERSONAL_EN or
                ("name" in words and set(words) <= _NAME_WORDS))


def _personal(header: str, label, counts: pd.Series) -> bool:
    """Personal data: cells that look like phone numbers / IPs / e-mails, or a header naming
    personal data over answers that are mostly distinct and not small numbers (``手机`` in
    您有几部手机 is not)."""
    if counts.empty:
        return personal_name(header)
    cells = [str(int(v)) if isinstance(v, float) and v.is_integer() else normalize(str(v))
             for v in counts.index]
    looks = np.array([bool(_PERSONAL_CELL.fullmatch(c)) for c in cells])
    if counts[looks].sum() >= 0.8 * counts.sum():
        return True
    if not (personal_name(header) or personal_name(label if isinstance(label, str) else None)):
        return False
    numbers = [as_number(v) for v in counts.index]
    quantity = None not in numbers and max(abs(n) for n in numbers) < 1e5
    return not quantity and len(counts) >= 0.8 * counts.sum()


def _code(value):
    number = as_number(value)
    if number is not None and number == int(number):
        return int(number)
    return str(value)


def _ordered_labels(labels: list[str]) -> list[str]:
    """Distinct labels: those holding numbers by their first number, others in order of
    appearance, "other" and "don't know" last."""
    seen = list(dict.fromkeys(lab for lab in labels if lab and _answer(lab)))

    def key(item):
        i, lab = item
        if is_other_label(lab) or _LAST.search(lab):
            return (2, 0.0, i)
        number = _NUMBER.search(lab)
        return (0, float(number.group()), i) if number else (1, 0.0, i)

    return [lab for _, lab in sorted(enumerate(seen), key=key)]


def _likert(labels: list[str]):
    """``(family, points)`` when every label is a distinct point of one known scale."""
    wanted = [normalize(lab).casefold() for lab in labels]
    if len(set(wanted)) < 3:
        return None
    for family, points in LIKERT_SCALES.items():
        spellings = {s.casefold(): i for i, point in enumerate(points) for s in point}
        positions = [spellings.get(w) for w in wanted]
        if None not in positions and len(set(positions)) == len(positions):
            by_position = dict(zip(positions, labels))
            return family, [by_position.get(i, point[0]) for i, point in enumerate(points)]
    return None


def _code_pairs(text: RawTable, codes: RawTable) -> dict[str, dict[str, int]]:
    """For each text-export column, the code that the code export gives each label (by 序号)."""
    from ..io.flavors import FLAVORS

    wjx = FLAVORS["wjx"]
    def ids(raw):
        header = wjx.find_column("序号", {normalize(h): h for h in raw.headers})
        return None if header is None else raw.frame[header].astype(str).str.strip()
    ti, ci = ids(text), ids(codes)
    if ti is None or ci is None:
        return {}
    position = pd.Index(ci.to_numpy()).get_indexer(ti.to_numpy())
    keep = position >= 0
    code_headers = {normalize(h): h for h in codes.headers}
    out: dict[str, dict[str, int]] = {}
    for header in codes.headers:  # per-option columns: the option's position is its code
        number, _, option = parse_wjx_header(header)
        if number is not None and option is not None:
            group = out.setdefault(f"#{number}", {})
            group[option] = len(group) + 1
    for header in text.headers:
        match = code_headers.get(normalize(header))
        if match is None:
            continue
        labels = text.frame[header].to_numpy()[keep]
        values = codes.frame[match].to_numpy()[position[keep]]
        pairs = pd.DataFrame({"label": [split_other(normalize(str(v)))[0] for v in labels],
                              "code": [as_number(v) for v in values]}).dropna()
        pairs = pairs[pairs["code"] > 0]
        if len(pairs) and pairs["label"].map(_answer).all():
            best = pairs.groupby("label")["code"].agg(lambda s: s.mode().iloc[0])
            out[header] = {lab: int(c) for lab, c in best.items() if c == int(c)}
    return out
