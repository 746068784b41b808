"""YAML definition files read with line numbers, so every error names file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml

from core import fastpath


def _as_written(message: str, **values: Any) -> str:
    """A problem as the source writes it, in Vietnamese: before core.i18n sets a translator."""
    return message % values if values else message


_translate: Callable[..., str] = _as_written


def word_problems_with(translate: Callable[..., str]) -> None:
    """Word problems with `translate`, gettext's signature (core.i18n sets Flask-Babel's).

    The model does not ask Babel for the request's language (tests/test_layout.py):
    whoever serves the request says how its texts are translated, as for labels.
    """
    global _translate
    _translate = translate


def _(message: str, **values: Any) -> str:
    """A problem's wording in the current language; pybabel extracts the calls."""
    return _translate(message, **values)


class DefinitionError(Exception):
    """A definition file that cannot be used; str() is 'file:line: field: problem'.

    A workbook's problems have a cell for a place and no line (line 0): 'file: field: problem'.

    One error may list every problem of a file (issue #16: all at once, not one
    per run): then str() has one such line per problem, in the file's order.
    """

    def __init__(self, file: str, line: int, field: str, problem: str):
        self.file, self.line, self.field, self.problem = file, line, field, problem
        self.problems: list[DefinitionError] = [self]
        super().__init__(self.text)

    @property
    def place(self) -> str:
        """Where this one problem is: 'file:line: field' (a workbook's cell has no line)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}"

    @property
    def text(self) -> str:
        """This one problem as a line: 'file:line: field: problem'."""
        return f"{self.place}: {self.problem}"

    @classmethod
    def listing(cls, problems: list[DefinitionError]) -> DefinitionError:
        """One error listing several problems, each once, ordered by line."""
        unique = list({str(p): p for problem in problems for p in problem.problems}.values())
        unique.sort(key=lambda p: p.line)
        first = unique[0]
        error = cls(first.file, first.line, first.field, first.problem)
        error.problems = unique
        error.args = ("\n".join(p.text for p in unique),)
        return error

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class Source:
    """Parsed YAML plus the line of every value, keyed by its field path."""

    file: str
    data: Any
    lines: dict[str, int]
    # Problems found while reading (a key given twice), reported with the rest.
    problems: list[DefinitionError] = dataclass_field(default_factory=list)

    def line(self, field: str) -> int:
        """The line of a field, or of its nearest enclosing field that has one."""
        while field:
            if field in self.lines:
                return self.lines[field]
            field = _parent(field)
        return self.lines.get("", 1)

    def error(self, field: str, problem: str) -> DefinitionError:
        """An error pointing at a field of this file."""
        return DefinitionError(self.file, self.line(field), field or "(file)", problem)


REPOSITORY = Path(__file__).parent.parent.resolve()
T = TypeVar("T")


def display_name(path: Path) -> str:
    """The path as a reader of the repository would type it."""
    try:
        return str(path.resolve().relative_to(REPOSITORY))
    except ValueError:
        return str(path)


def load_folder(
    directory: Path, load: Callable[[Path], T], none_found: Callable[[], str]
) -> dict[str, T]:
    """Every definition (*.yaml) in a folder, by slug; raises on the first bad file.

    none_found() words the problem of a folder with no file, in the current language.

    Parsed once per process while no file of the folder changes (core.fastpath).
    """
    paths = sorted(directory.glob("*.yaml"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)

    def parse() -> dict[str, T]:
        found = {}
        for path in paths:
            definition = load(path)
            found[definition.slug] = definition
        return found

    found = dict(fastpath.parsed_folders.get((directory.resolve(), load), stamp, parse))
    if not found:
        raise DefinitionError(display_name(directory), 1, "(folder)", none_found())
    return found


def _parent(field: str) -> str:
    """'questions[2].label.vi' -> 'questions[2].label' -> 'questions[2]' -> 'questions'."""
    if field.endswith("]"):
        return field[: field.rindex("[")]
    return field.rpartition(".")[0]


def read(path: Path, display_name: str | None = None) -> Source:
    """Parse a YAML file keeping the line of every node."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        problem = _("tệp không phải văn bản UTF-8 (%(reason)s)", reason=err.reason)
        raise DefinitionError(name, 1, "(file)", problem) from err
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 1
        # PyYAML's own wording (err.problem) stays English; the hint says it in the page's language.
        problem = _(
            "YAML không hợp lệ: %(problem)s%(hint)s",
            problem=err.problem,
            hint=_yaml_hint(err.problem or ""),
        )
        raise DefinitionError(name, line, "(file)", problem) from err
    lines: dict[str, int] = {}
    if node is None:
        raise DefinitionError(name, 1, "(file)", _("tệp trống"))
    problems: list[DefinitionError] = []
    data = _build(node, "", lines, name, problems)
    return Source(name, data, lines, problems)


def read_yaml_or_workbook(path: Path, name: str, read_workbook: Callable[[Path, str], Source]):
    """A Phiếu YAML or XLSForm file, parsed but not yet validated; read_workbook reads an .xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_workbook(path, name)
    if suffix not in (".yaml", ".yml"):
        problem = _("phải là tệp Phiếu YAML (.yaml) hoặc XLSForm (.xlsx)")
        raise DefinitionError(name, 1, "(file)", problem)
    return read(path, name)


def _yaml_hint(problem: str) -> str:
    """What an official most likely typed, for the YAML slips seen (issue #16)."""
    if "mapping values are not allowed" in problem:
        return _(
            "; văn bản có ': ' phải đặt trong dấu ngoặc kép, ví dụ label: \"Ông/bà: hài lòng\""
        )
    if problem.startswith("expected ',' or"):
        return _(
            "; có dấu ngoặc chưa đóng, hoặc một văn bản có dấu phẩy hay dấu ngoặc"
            " cần đặt trong dấu ngoặc kép"
        )
    return ""


def _build(node: yaml.Node, field: str, lines: dict[str, int], name: str, problems: list) -> Any:
    """Turn a composed YAML node into Python values, recording each line and problem."""
    lines[field] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{field}.{key}" if field else key
            if key in result:
                # The first value is kept, so the rest of the file is still checked.
                line = key_node.start_mark.line + 1
                problems.append(DefinitionError(name, line, child, _("khóa này được ghi hai lần")))
                continue
            result[key] = _build(value_node, child, lines, name, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, f"{field}[{i}]", lines, name, problems)
            for i, item in enumerate(node.value)
        ]
    return _scalars.construct_object(node, deep=True)


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree: libyaml's parser, and the pure-Python one's wording for errors.

    libyaml keeps the same line marks and is 16 times faster; composing was most
    of the cost of building the app (0.05 s of 0.09 s, in every test).
    """
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


# Builds scalars with YAML's safe tags (int, float, bool, date), nothing else.
_scalars = yaml.constructor.SafeConstructor()


class Checker:
    """Small typed accessors over a Source that raise DefinitionError on misuse.

    A loader runs each independent check through keep(), which records its
    problem and goes on, then calls done(): one error lists every problem.
    """

    def __init__(self, source: Source):
        self.source = source
        # Shared by every label of the definition (issue #14, item 11).
        self.translation = Translation()
        self.problems: list[DefinitionError] = list(source.problems)

    def error(self, field: str, problem: str) -> DefinitionError:
        return self.source.error(field, problem)

    def keep(self, check: Callable[[], T], default: T | None = None) -> T | None:
        """The result of one check; its problem is recorded and `default` returned."""
        try:
            return check()
        except DefinitionError as problem:
            self.problems.append(problem)
            return default

    def note(self, field: str, problem: str) -> None:
        """Record a problem without stopping."""
        self.problems.append(self.error(field, problem))

    def done(self) -> None:
        """Raise one DefinitionError listing every problem recorded, if there is any."""
        if self.problems:
            raise DefinitionError.listing(self.problems)

    def mapping(self, value: Any, field: str, allowed: set[str]) -> dict[str, Any]:
        """A mapping; each unknown key is recorded as a problem and left out."""
        if not isinstance(value, dict):
            raise self.error(field, _("phải là các cặp khóa: giá trị"))
        known = ", ".join(sorted(allowed))
        for key, given in value.items():
            if key not in allowed:
                child = f"{field}.{key}" if field else key
                hint = ""
                if given is None:
                    # `label: Có, không` inside { } reads as label 'Có' and a key 'không'.
                    hint = _(
                        "; nếu đây là phần cuối của một văn bản có dấu phẩy,"
                        " hãy đặt cả văn bản trong dấu ngoặc kép"
                    )
                self.note(
                    child,
                    _(
                        "khóa không hợp lệ (các khóa hợp lệ: %(known)s)%(hint)s",
                        known=known,
                        hint=hint,
                    ),
                )
        return {key: given for key, given in value.items() if key in allowed}

    def require(self, data: dict[str, Any], field: str, key: str) -> Any:
        """A key that must be present."""
        if key not in data:
            raise self.error(field, _("thiếu khóa bắt buộc '%(key)s'", key=key))
        return data[key]

    def text(self, value: Any, field: str, max_length: int = 2000) -> str:
        """A non-empty string."""
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, _("phải là văn bản, không được để trống"))
        if len(value) > max_length:
            raise self.error(field, _("dài quá %(max)s ký tự", max=max_length))
        return value.strip()

    def slug(self, value: Any, field: str) -> str:
        """A short lowercase ASCII key: letters, digits and hyphens."""
        text = self.text(value, field, 64)
        if not all(c.isascii() and (c.isalnum() or c == "-") for c in text) or (
            text != text.lower()
        ):
            raise self.error(
                field,
                _(
                    "'%(text)s' chỉ được gồm chữ thường không dấu (a-z), chữ số và '-'",
                    text=text,
                ),
            )
        return text

    def integer(
        self, value: Any, field: str, low: int | None = None, high: int | None = None
    ) -> int:
        """A whole number within bounds."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, _("phải là số nguyên"))
        if low is not None and value < low:
            raise self.error(field, _("phải từ %(low)s trở lên", low=low))
        if high is not None and value > high:
            raise self.error(field, _("không được lớn hơn %(high)s", high=high))
        return value

    def number(self, value: Any, field: str) -> float:
        """An integer or decimal number."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(field, _("phải là một số"))
        return float(value)

    def boolean(self, value: Any, field: str) -> bool:
        """true or false."""
        if not isinstance(value, bool):
            raise self.error(field, _("phải là true hoặc false"))
        return value

    def choice(self, value: Any, field: str, allowed: tuple[str, ...]) -> str:
        """One of a fixed set of words."""
        if value not in allowed:
            raise self.error(
                field, _("phải là một trong các giá trị: %(allowed)s", allowed=", ".join(allowed))
            )
        return value

    def label(self, value: Any, field: str, max_length: int = 2000) -> Label:
        """A Vietnamese text with an optional English one: 'text' or {vi:, en:}."""
        if isinstance(value, str):
            return self.bind(Label(self.text(value, field, max_length), None))
        data = self.mapping(value, field, {"vi", "en"})
        vi = self.text(self.require(data, field, "vi"), f"{field}.vi", max_length)
        en = data.get("en")
        en = self.text(en, f"{field}.en", max_length) if en is not None else None
        return self.bind(Label(vi, en))

    def bind(self, label: Label) -> Label:
        """The label as a text of this definition: English only if all of it has English."""
        if label.en is None:
            self.translation.complete = False
        return Label(label.vi, label.en, self.translation)

    def items(self, value: Any, field: str) -> list[Any]:
        """A non-empty list."""
        if not isinstance(value, list) or not value:
            raise self.error(field, _("phải là một danh sách, không được để trống"))
        return value


def _no_language() -> str | None:
    """Before core.i18n is set up: Vietnamese."""
    return None


_language_source: Callable[[], str | None] = _no_language


def read_labels_in(source: Callable[[], str | None]) -> None:
    """Make str(label) give the text of the language `source` names (core.i18n sets it)."""
    global _language_source
    _language_source = source


@dataclass
class Translation:
    """Whether every text of one definition has its English (set while it is read)."""

    complete: bool = True


@dataclass(frozen=True)
class Label:
    """A text in Vietnamese, and in English where the definition gives one."""

    vi: str
    en: str | None = None
    # The definition the text belongs to: a form or checklist is shown in English
    # only as a whole, never with some questions or items left in Vietnamese.
    whole: Translation | None = dataclass_field(default=None, compare=False, repr=False)

    def get(self, locale: str | None) -> str:
        """The text for a locale, falling back to Vietnamese (with the whole definition)."""
        return self.en if self.language(locale) == "en" else self.vi

    def language(self, locale: str | None) -> str:
        """The language get(locale) answers in: 'en' or 'vi'."""
        if locale == "en" and self.en and (self.whole is None or self.whole.complete):
            return "en"
        return "vi"

    def __str__(self) -> str:
        # The language comes from whoever renders (core.i18n sets the source):
        # a definition knows its texts, not the request it is shown in.
        return self.get(_language_source())


def plain_data(data: Any) -> Any:
    """Parsed YAML as JSON keeps it: keys and dates as text (YAML reads 2025-07-01 as a date)."""
    if isinstance(data, dict):
        return {str(k): plain_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain_data(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data
