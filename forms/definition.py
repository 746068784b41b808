"""Citizen form definitions: the schema of forms/definitions/*.yaml (docs/FORMS.md)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from core.definitions import Checker, Label, Source, display_name, load_folder, read
from forms.types import QUESTION_TYPES, QuestionType
from forms.types.choice import Option

DEFINITIONS_DIR = Path(__file__).parent / "definitions"

# style.css reveals show_if questions with CSS :has() rules numbered 1..12.
MAX_CONDITIONS = 12


@dataclass(frozen=True)
class ShowIf:
    """Show a question only when an earlier answer is one of some values."""

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One question of a form; its `type` names its class in forms/types/."""

    key: str
    type: str
    label: Label
    hint: Label | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    # Numbers for integer and decimal, ISO dates (2025-07-01) for date.
    min: float | str | None = None
    max: float | str | None = None
    max_length: int | None = None
    show_if: ShowIf | None = None
    # Wording for a required question left empty, an answer out of bounds or too long.
    required_message: Label | None = None
    constraint_message: Label | None = None

    @property
    def kind(self) -> QuestionType:
        """The question's type: how it is defined, parsed, stored, exported, counted, shown."""
        return QUESTION_TYPES[self.type]

    @property
    def is_choice(self) -> bool:
        """Whether its answers are option keys (counted per option; show_if may name it)."""
        return self.kind.choice

    def option(self, key: str) -> Option | None:
        """The option with this key, if the question offers it."""
        for option in self.options:
            if option.key == key:
                return option
        return None


@dataclass(frozen=True)
class Grade:
    """A named band of total points, e.g. Tốt for 12 < total <= 15."""

    key: str
    label: Label
    above: float | None
    up_to: float | None

    def contains(self, total: float) -> bool:
        return (self.above is None or total > self.above) and (
            self.up_to is None or total <= self.up_to
        )


@dataclass(frozen=True)
class FormDef:
    """A whole citizen form, at one version."""

    slug: str
    version: int
    title: Label
    intro: Label | None
    questions: tuple[Question, ...]
    # none: no dossier code; optional: asked; required: one rating per dossier.
    receipt_code: str = "none"
    # The question whose levels make the official summary on the results page.
    summary: str | None = None
    # Answers that count as satisfied for the satisfaction index (SIPAS).
    satisfied: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = ()
    source: str = ""
    sha256: str = ""
    definition_json: str = field(default="", repr=False)

    def question(self, key: str) -> Question | None:
        """The question with this key."""
        return next((q for q in self.questions if q.key == key), None)

    @property
    def max_points(self) -> float:
        """The highest total a response can score (0 for forms without points)."""
        return sum(max((o.points or 0) for o in q.options) for q in self.questions if q.options)

    def grade(self, total: float) -> Grade | None:
        """The grade band a total falls in."""
        return next((g for g in self.grades if g.contains(total)), None)


TOP_KEYS = {
    "slug",
    "version",
    "title",
    "intro",
    "questions",
    "receipt_code",
    "summary",
    "satisfied",
    "grades",
}
# The keys of every question; each type adds its own (options, min, max, max_length).
COMMON_KEYS = {"key", "type", "label", "hint", "required", "show_if"}
# The messages XLSForm names required_message and constraint_message (issue #16).
MESSAGE_KEYS = ("required_message", "constraint_message")
COMMON_KEYS |= set(MESSAGE_KEYS)
QUESTION_KEYS = COMMON_KEYS.union(*(kind.keys for kind in QUESTION_TYPES.values()))


def load_form(path: Path) -> FormDef:
    """Read and validate one form definition file; its slug must be its file name."""
    return form_from(read(path, display_name(path)), file_slug=path.stem)


def form_from_data(data: Any, name: str) -> FormDef:
    """Validate a definition parsed elsewhere (an imported XLSForm) as load_form does a file.

    `name` stands for the file in errors; there are no lines, so errors say line 1.
    """
    return form_from(Source(name, data, {}))


def form_from(source: Source, file_slug: str | None = None) -> FormDef:
    """Validate parsed YAML (or an XLSForm's plain dict) as a form.

    Every problem is reported at once, one line each (issue #16): each check
    records its problem and the next runs; checks that need a broken part
    (a show_if naming a broken question, grades over broken options) wait.
    """
    c = Checker(source)
    data = c.keep(lambda: c.mapping(source.data, "", TOP_KEYS))
    if data is None:
        c.done()
    slug = c.keep(lambda: c.slug(c.require(data, "", "slug"), "slug"))
    if slug is not None and file_slug is not None and slug != file_slug:
        c.note("slug", _("'%(slug)s' phải trùng với tên tệp '%(file)s'", slug=slug, file=file_slug))
    version = c.keep(lambda: c.integer(c.require(data, "", "version"), "version", 1))
    title = c.keep(lambda: c.label(c.require(data, "", "title"), "title", 200))
    intro = c.keep(lambda: c.label(data["intro"], "intro")) if "intro" in data else None
    receipt = c.keep(
        lambda: c.choice(
            data.get("receipt_code", "none"), "receipt_code", ("none", "optional", "required")
        )
    )
    questions: list[Question] = []
    # Keys of questions that could not be read: what names them is not checked again.
    broken: set[str] = set()
    for i, raw in enumerate(
        c.keep(lambda: c.items(c.require(data, "", "questions"), "questions"), [])
    ):
        before = len(c.problems)
        question = c.keep(
            lambda i=i, raw=raw: _question(c, raw, f"questions[{i}]", questions, broken)
        )
        if question is not None and len(c.problems) == before:
            questions.append(question)
        elif isinstance(raw, dict) and isinstance(raw.get("key"), str):
            broken.add(raw["key"])
    c.keep(lambda: _check_page_ids(c, questions))
    keys = {q.key: q for q in questions}
    conditions = {(q.show_if.question, q.show_if.values) for q in questions if q.show_if}
    if len(conditions) > MAX_CONDITIONS:
        c.note(
            "questions",
            _("có hơn %(max)s điều kiện show_if khác nhau", max=MAX_CONDITIONS),
        )
    summary = data.get("summary")
    if (
        summary is not None
        and summary not in broken
        and (summary not in keys or not keys[summary].is_choice or keys[summary].kind.multiple)
    ):
        c.note(
            "summary",
            _("phải là khóa của một câu hỏi đánh giá (rating3, rating5) hoặc chọn một (single)"),
        )
    satisfied = ()
    if "satisfied" in data and not broken:
        satisfied = c.keep(lambda: _satisfied(c, data["satisfied"], questions), ())
    grades: tuple[Grade, ...] = ()
    if "grades" in data:
        before = len(c.problems)
        raws = c.keep(lambda: c.items(data["grades"], "grades"), [])
        grades = tuple(
            g
            for g in (
                c.keep(lambda i=i, raw=raw: _grade(c, raw, f"grades[{i}]"))
                for i, raw in enumerate(raws)
            )
            if g is not None
        )
        if len(c.problems) > before:
            broken.add("(grades)")
    if grades and not broken:
        max_points = sum(max((o.points or 0) for o in q.options) for q in questions if q.options)
        if not max_points:
            c.note("grades", _("xếp loại (grades) cần có câu hỏi mà các lựa chọn có điểm (points)"))
        else:
            c.keep(lambda: _check_bands(c, grades, max_points))
    c.done()
    form = FormDef(
        slug=slug,
        version=version,
        title=title,
        intro=intro,
        questions=tuple(questions),
        receipt_code=receipt,
        summary=summary,
        satisfied=satisfied,
        grades=grades,
        source=source.file,
    )
    canonical = canonical_json(asdict(form))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return FormDef(**{**form.__dict__, "sha256": digest, "definition_json": canonical})


def canonical_json(definition: dict[str, Any]) -> str:
    """The text a form's sha256 is taken of: everything but the file it was read from.

    The file's path is left out so that the same definition read from another
    folder (FORMS_DIR) or uploaded is the same version (issue #16).
    """
    kept = {k: v for k, v in definition.items() if k not in ("source", "sha256", "definition_json")}
    for question in kept.get("questions") or ():
        # Keys added later are left out while unused, so that a form that does not use
        # them keeps the digest databases recorded for it (core/versions.py refuses a
        # changed digest under the same version).
        for key in MESSAGE_KEYS:
            if question.get(key, 0) is None:
                del question[key]
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)


def _question(
    c: Checker, raw: Any, f: str, earlier: list[Question], broken: set[str]
) -> Question | None:
    """Validate one question against the ones before it; None when a part is wrong."""
    data = c.mapping(raw, f, QUESTION_KEYS)

    def key_of() -> str:
        key = c.slug(c.require(data, f, "key"), f"{f}.key")
        if any(q.key == key for q in earlier):
            raise c.error(f"{f}.key", _("'%(key)s' đã được dùng cho một câu hỏi trước", key=key))
        return key

    key = c.keep(key_of)
    qtype = c.keep(lambda: c.choice(c.require(data, f, "type"), f"{f}.type", tuple(QUESTION_TYPES)))
    label = c.keep(lambda: c.label(c.require(data, f, "label"), f"{f}.label", 500))
    hint = c.keep(lambda: c.label(data["hint"], f"{f}.hint", 500)) if "hint" in data else None
    required = c.keep(lambda: c.boolean(data.get("required", False), f"{f}.required"))
    own = None
    if qtype is not None:
        kind = QUESTION_TYPES[qtype]
        for name in data:
            if name not in COMMON_KEYS and name not in kind.keys and name in QUESTION_KEYS:
                c.note(f"{f}.{name}", kind.refuse(name))
        own = c.keep(lambda: kind.define(c, data, f))
    show_if = None
    if "show_if" in data:
        show_if = c.keep(lambda: _show_if(c, data["show_if"], f"{f}.show_if", earlier, broken))
    # Checked before giving up on the question, so that their problems are listed too.
    messages = {
        k: m
        for k in MESSAGE_KEYS
        if k in data and (m := c.keep(lambda k=k: c.label(data[k], f"{f}.{k}", 500))) is not None
    }
    if None in (key, qtype, label, required, own):
        return None
    return Question(key, qtype, label, hint, required, show_if=show_if, **own, **messages)


def _check_page_ids(c: Checker, questions: list[Question]) -> None:
    """No question key may equal a choice question's key, '-', an option key.

    Both would be the page id q-<key> (the option's radio or checkbox, the other
    question's input), and a label would then toggle the wrong one: Kobo forms
    often name a follow-up ly_do_khac after ly_do's option khac.
    """
    options = {f"{q.key}-{o.key}": (q, o) for q in questions if q.is_choice for o in q.options}
    for i, question in enumerate(questions):
        if question.key in options:
            owner, option = options[question.key]
            raise c.error(
                f"questions[{i}].key",
                _(
                    "'%(key)s' trùng với mã trên trang của lựa chọn '%(option)s' thuộc câu hỏi"
                    " '%(owner)s'; hãy chọn khóa khác",
                    key=question.key,
                    option=option.key,
                    owner=owner.key,
                ),
            )


def _show_if(
    c: Checker, raw: Any, f: str, earlier: list[Question], broken: set[str]
) -> ShowIf | None:
    """A condition on an earlier choice question's answer (None: it names a broken one)."""
    data = c.mapping(raw, f, {"question", "in"})
    target_key = c.slug(c.require(data, f, "question"), f"{f}.question")
    target = next((q for q in earlier if q.key == target_key), None)
    if target is None and target_key in broken:
        return None  # that question's own problem is reported
    if target is None:
        raise c.error(
            f"{f}.question", _("'%(key)s' không phải là câu hỏi đứng trước", key=target_key)
        )
    if not target.is_choice:
        raise c.error(
            f"{f}.question", _("'%(key)s' không phải là câu hỏi có lựa chọn", key=target_key)
        )
    values = c.require(data, f, "in")
    if isinstance(values, str):
        values = [values]
    values = c.items(values, f"{f}.in")
    for i, value in enumerate(values):
        if target.option(value) is None:
            raise c.error(
                f"{f}.in[{i}]",
                _("'%(value)s' không phải là lựa chọn của '%(key)s'", value=value, key=target_key),
            )
    return ShowIf(target_key, tuple(values))


def _grade(c: Checker, raw: Any, f: str) -> Grade:
    """A grade band: key, label, and bounds 'above' (exclusive) and 'up_to' (inclusive)."""
    data = c.mapping(raw, f, {"key", "label", "above", "up_to"})
    above = c.number(data["above"], f"{f}.above") if "above" in data else None
    up_to = c.number(data["up_to"], f"{f}.up_to") if "up_to" in data else None
    if above is not None and up_to is not None and up_to <= above:
        raise c.error(f"{f}.up_to", _("phải lớn hơn 'above'"))
    return Grade(
        c.slug(c.require(data, f, "key"), f"{f}.key"),
        c.label(c.require(data, f, "label"), f"{f}.label", 100),
        above,
        up_to,
    )


def _satisfied(c: Checker, raw: Any, questions: list[Question]) -> tuple[str, ...]:
    """Option keys that count as satisfied: each must be an option of a choice question."""
    offered = {o.key for q in questions if q.is_choice for o in q.options}
    keys = []
    for i, value in enumerate(c.items(raw, "satisfied")):
        key = c.slug(value, f"satisfied[{i}]")
        if key not in offered:
            # A typo here would silently count nobody as satisfied (issue #16).
            c.note(
                f"satisfied[{i}]",
                _("'%(key)s' không phải là lựa chọn của câu hỏi nào", key=key),
            )
        keys.append(key)
    return tuple(keys)


def _check_bands(c: Checker, grades: tuple[Grade, ...], max_points: float) -> None:
    """Grade bands must not repeat a key, overlap, or leave a total from 0 to max in none."""
    if not grades:
        return
    seen: set[str] = set()
    for i, grade in enumerate(grades):
        if grade.key in seen:
            raise c.error(
                f"grades[{i}].key",
                _("'%(key)s' đã được dùng cho một mức xếp loại trước", key=grade.key),
            )
        seen.add(grade.key)
    low = float("-inf")
    order = sorted(
        range(len(grades)),
        key=lambda i: low if grades[i].above is None else grades[i].above,
    )
    reached: float | None = low  # the highest total covered so far; None: no upper end
    for i in order:
        grade, f = grades[i], f"grades[{i}]"
        above = low if grade.above is None else grade.above
        if reached is None or above < reached:
            raise c.error(f, _("'%(key)s' chồng lên một mức xếp loại khác", key=grade.key))
        if above > reached and (reached != low or above >= 0):
            raise c.error(f, _uncovered(None if reached == low else reached, above))
        reached = grade.up_to
    if reached is not None and reached < max_points:
        raise c.error("grades", _uncovered(reached, max_points))


def _uncovered(low: float | None, high: float) -> str:
    """Totals above `low` (from 0 when None) up to `high` that no grade takes."""
    if low is None:
        return _("tổng điểm từ 0 đến %(high)s không thuộc mức xếp loại nào", high=f"{high:g}")
    return _(
        "tổng điểm trên %(low)s đến %(high)s không thuộc mức xếp loại nào",
        low=f"{low:g}",
        high=f"{high:g}",
    )


def load_forms(directory: Path = DEFINITIONS_DIR) -> dict[str, FormDef]:
    """Every form definition in a folder, by slug; raises on the first bad file."""
    return load_folder(directory, load_form, lambda: _("không có mẫu phiếu nào (*.yaml)"))
