"""Inspection checklist definitions: the schema of inspections/checklists/*.yaml.

docs/CHECKLISTS.md describes the file format; every error names file, line and field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from core.definitions import Checker, Label, Source, display_name, load_folder, read

CHECKLISTS_DIR = Path(__file__).parent / "checklists"

# document: a plan or decision issued (evidence: number and date); check: an observation;
# figure: a number typed in; ratio: computed from two figures, as a percentage.
ITEM_KINDS = ("document", "check", "figure", "ratio")
RESULT_KINDS = ("document", "check")
NUMBER_TYPES = ("integer", "decimal")

TOP_KEYS = {"slug", "version", "title", "total_points", "areas"}
AREA_KEYS = {"key", "title", "points", "guidance", "items"}
ITEM_KEYS = {
    "key",
    "kind",
    "label",
    "guidance",
    "points",
    "evidence",
    "photo",
    "number",
    "min",
    "max",
    "unit",
    "numerator",
    "denominator",
    "target",
    "na_allowed",
}
# Items that may be marked not applicable: ticked items, and ratios (a zero denominator).
NA_KINDS = ("document", "check", "ratio")


@dataclass(frozen=True)
class Item:
    """One checklist item: what the inspector ticks, types or reads off."""

    key: str
    kind: str
    label: Label
    guidance: Label | None = None
    points: float = 0
    evidence: bool = False
    photo: bool = False
    number: str = "integer"
    min: float | None = None
    max: float | None = None
    unit: Label | None = None
    numerator: str | None = None
    denominator: str | None = None
    # A ratio at or above the target (percent) passes; below it fails.
    target: float | None = None
    # Whether "không áp dụng" (for a ratio: a zero denominator, "không phát sinh") is a
    # valid answer. Off unless the file says so: a plan not issued is not "not applicable".
    na_allowed: bool = False

    @property
    def takes_result(self) -> bool:
        """Whether the inspector ticks pass / fail / not applicable."""
        return self.kind in RESULT_KINDS

    @property
    def is_entered(self) -> bool:
        """Whether the inspector fills it (ratios are computed, not entered)."""
        return self.kind != "ratio"


@dataclass(frozen=True)
class Area:
    """An area of work (lĩnh vực) with its items and its share of the points."""

    key: str
    title: Label
    points: float
    items: tuple[Item, ...]
    guidance: Label | None = None


@dataclass(frozen=True)
class Checklist:
    """A whole checklist at one version."""

    slug: str
    version: int
    title: Label
    total_points: float
    areas: tuple[Area, ...]
    source: str = ""
    sha256: str = ""
    # The validated data as JSON: stored with each version so old inspections keep it.
    definition_json: str = ""

    def area(self, key: str) -> Area | None:
        """The area with this key."""
        return next((a for a in self.areas if a.key == key), None)

    def item(self, key: str) -> Item | None:
        """The item with this key, in any area."""
        return next((i for a in self.areas for i in a.items if i.key == key), None)

    def ratios_of(self, figure_key: str) -> list[Item]:
        """The ratio items that take this figure as numerator or denominator."""
        return [
            i
            for a in self.areas
            for i in a.items
            if i.kind == "ratio" and figure_key in (i.numerator, i.denominator)
        ]

    def area_of(self, item_key: str) -> Area | None:
        """The area an item belongs to."""
        return next((a for a in self.areas if any(i.key == item_key for i in a.items)), None)


def load_checklist(path: Path) -> Checklist:
    """Read and validate one checklist file."""
    source = read(path, display_name(path))
    checklist = parse(source)
    if checklist.slug != path.stem:
        raise source.error(
            "slug",
            _("'%(slug)s' phải trùng với tên tệp '%(file)s'", slug=checklist.slug, file=path.stem),
        )
    return checklist


def from_json(text: str, name: str = "(stored)") -> Checklist:
    """Rebuild a stored checklist version (validated again, without line numbers)."""
    return parse(Source(name, json.loads(text), {}))


def parse(source: Source) -> Checklist:
    """Validate parsed YAML (or stored JSON) as a checklist, reporting every problem at once."""
    c = Checker(source)
    data = c.keep(lambda: c.mapping(source.data, "", TOP_KEYS))
    if data is None:
        c.done()
    slug = c.keep(lambda: c.slug(c.require(data, "", "slug"), "slug"))
    version = c.keep(lambda: c.integer(c.require(data, "", "version"), "version", 1))
    title = c.keep(lambda: c.label(c.require(data, "", "title"), "title", 200))
    total = c.keep(lambda: c.number(data.get("total_points", 100), "total_points"), 100.0)
    if total <= 0:
        c.note("total_points", _("phải lớn hơn 0"))
    areas: list[Area] = []
    figures: dict[str, Item] = {}
    seen: set[str] = set()
    # A checklist that names na_allowed nowhere was written before the key existed,
    # when every ticked item could be marked not applicable and earn its points:
    # its stored versions keep scoring as they did (old inspections keep their totals).
    na_default = not _names_na_allowed(data)
    raws = c.keep(lambda: c.items(c.require(data, "", "areas"), "areas"), [])
    for i, raw in enumerate(raws):
        area = c.keep(
            lambda i=i, raw=raw: _area(c, raw, f"areas[{i}]", areas, figures, seen, na_default)
        )
        if area is not None:
            areas.append(area)
    if not c.problems:
        area_sum = sum(a.points for a in areas)
        if abs(area_sum - total) > 1e-9:
            c.note(
                "areas",
                _(
                    "điểm các lĩnh vực cộng lại là %(sum)s, không phải %(total)s",
                    sum=f"{area_sum:g}",
                    total=f"{total:g}",
                ),
            )
    c.done()
    digest = hashlib.sha256(
        json.dumps(source.data, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    return Checklist(
        slug=slug,
        version=version,
        title=title,
        total_points=total,
        areas=tuple(areas),
        source=source.file,
        sha256=digest,
        definition_json=json.dumps(source.data, ensure_ascii=False),
    )


def _area(
    c: Checker,
    raw: Any,
    f: str,
    earlier: list[Area],
    figures: dict[str, Item],
    seen: set[str],
    na_default: bool = False,
) -> Area:
    """One area: unique key, points, and items whose points add up to the area's."""
    before = len(c.problems)
    data = c.mapping(raw, f, AREA_KEYS)
    key = c.slug(c.require(data, f, "key"), f"{f}.key")
    if any(a.key == key for a in earlier):
        raise c.error(f"{f}.key", _("'%(key)s' đã được dùng cho một lĩnh vực trước", key=key))
    title = c.label(c.require(data, f, "title"), f"{f}.title", 300)
    points = c.number(c.require(data, f, "points"), f"{f}.points")
    if points < 0:
        raise c.error(f"{f}.points", _("không được là số âm"))
    guidance = c.label(data["guidance"], f"{f}.guidance") if "guidance" in data else None
    items: list[Item] = []
    for i, item_raw in enumerate(c.items(c.require(data, f, "items"), f"{f}.items")):
        item = c.keep(
            lambda i=i, item_raw=item_raw: _item(
                c, item_raw, f"{f}.items[{i}]", figures, seen, na_default
            )
        )
        if item is None:
            continue
        items.append(item)
        if item.kind == "figure":
            figures[item.key] = item
    item_sum = sum(item.points for item in items)
    # Sums are checked only over items that all loaded: one broken item is reported once.
    if len(c.problems) == before and abs(item_sum - points) > 1e-9:
        raise c.error(
            f"{f}.points",
            _(
                "là %(points)s nhưng điểm các tiêu chí trong lĩnh vực cộng lại là %(sum)s",
                points=f"{points:g}",
                sum=f"{item_sum:g}",
            ),
        )
    return Area(key, title, points, tuple(items), guidance)


def _names_na_allowed(data: dict) -> bool:
    """Whether any item of a (not yet validated) checklist says na_allowed."""
    areas = data.get("areas")
    return isinstance(areas, list) and any(
        isinstance(item, dict) and "na_allowed" in item
        for area in areas
        if isinstance(area, dict) and isinstance(area.get("items"), list)
        for item in area["items"]
    )


def _item(
    c: Checker,
    raw: Any,
    f: str,
    figures: dict[str, Item],
    seen: set[str],
    na_default: bool = False,
) -> Item:
    """One item, checked against its kind; ratios refer to earlier figures."""
    data = c.mapping(raw, f, ITEM_KEYS)
    key = c.slug(c.require(data, f, "key"), f"{f}.key")
    if key in seen:
        raise c.error(f"{f}.key", _("'%(key)s' đã được dùng cho một tiêu chí trước", key=key))
    seen.add(key)
    kind = c.choice(c.require(data, f, "kind"), f"{f}.kind", ITEM_KINDS)
    label = c.label(c.require(data, f, "label"), f"{f}.label", 500)
    guidance = c.label(data["guidance"], f"{f}.guidance", 1000) if "guidance" in data else None
    points = c.number(data.get("points", 0), f"{f}.points")
    if points < 0:
        raise c.error(f"{f}.points", _("không được là số âm"))
    if points and kind == "figure":
        raise c.error(
            f"{f}.points",
            _(
                "tiêu chí số liệu (figure) không có điểm; hãy chấm điểm bằng một tiêu chí"
                " tỷ lệ (ratio)"
            ),
        )
    evidence = c.boolean(data.get("evidence", kind == "document"), f"{f}.evidence")
    photo = c.boolean(data.get("photo", False), f"{f}.photo")
    ticked = kind in ("document", "check")
    na_allowed = c.boolean(data.get("na_allowed", na_default and ticked), f"{f}.na_allowed")
    if na_allowed and kind not in NA_KINDS:
        raise c.error(
            f"{f}.na_allowed",
            _(
                "tiêu chí kiểu '%(kind)s' không có kết quả để đánh dấu không áp dụng",
                kind=kind,
            ),
        )
    _only_for(c, data, f, "figure", kind, ("number", "min", "max", "unit"))
    _only_for(c, data, f, "ratio", kind, ("numerator", "denominator", "target"))
    if kind == "figure":
        number = c.choice(data.get("number", "integer"), f"{f}.number", NUMBER_TYPES)
        check = c.integer if number == "integer" else c.number
        low = check(data["min"], f"{f}.min") if "min" in data else 0
        high = check(data["max"], f"{f}.max") if "max" in data else None
        if high is not None and low > high:
            raise c.error(f"{f}.max", _("max (%(high)s) nhỏ hơn min (%(low)s)", high=high, low=low))
        # A label like the rest ('hồ sơ' or {vi: hồ sơ, en: dossiers}): an English
        # checklist must not show its units of count in Vietnamese.
        unit = c.label(data["unit"], f"{f}.unit", 40) if "unit" in data else None
        return Item(key, kind, label, guidance, 0, evidence, photo, number, low, high, unit)
    if kind == "ratio":
        parts = []
        for part in ("numerator", "denominator"):
            ref = c.slug(c.require(data, f, part), f"{f}.{part}")
            if ref not in figures:
                raise c.error(
                    f"{f}.{part}",
                    _("'%(key)s' không phải là tiêu chí số liệu (figure) đứng trước", key=ref),
                )
            if figures[ref].min is not None and figures[ref].min < 0:
                raise c.error(
                    f"{f}.{part}",
                    _(
                        "'%(key)s' là số đếm trong một tỷ lệ: min của nó phải từ 0 trở lên",
                        key=ref,
                    ),
                )
            parts.append(ref)
        if parts[0] == parts[1]:
            raise c.error(f"{f}.denominator", _("phải khác tử số (numerator)"))
        target = c.number(data["target"], f"{f}.target") if "target" in data else None
        if target is not None and not 0 <= target <= 100:
            raise c.error(f"{f}.target", _("phải là tỷ lệ phần trăm từ 0 đến 100"))
        if points and target is None:
            raise c.error(f"{f}.points", _("tiêu chí tỷ lệ cần có 'target' mới được tính điểm"))
        return Item(
            key, kind, label, guidance, points, evidence, photo,
            numerator=parts[0], denominator=parts[1], target=target, na_allowed=na_allowed,
        )  # fmt: skip
    return Item(key, kind, label, guidance, points, evidence, photo, na_allowed=na_allowed)


def _only_for(c: Checker, data: dict, f: str, wanted: str, kind: str, keys: tuple) -> None:
    """Refuse keys that belong to another kind of item."""
    for key in keys:
        if key in data and kind != wanted:
            raise c.error(
                f"{f}.{key}",
                _(
                    "chỉ dùng cho tiêu chí kiểu '%(wanted)s', không dùng cho '%(kind)s'",
                    wanted=wanted,
                    kind=kind,
                ),
            )


def load_checklists(directory: Path = CHECKLISTS_DIR) -> dict[str, Checklist]:
    """Every checklist in a folder, by slug; raises on the first bad file."""
    return load_folder(
        directory, load_checklist, lambda: _("không có danh mục kiểm tra nào (*.yaml)")
    )
