"""Checklist definitions: the default checklist, and errors naming file, line and field."""

from pathlib import Path

import pytest

from core.definitions import DefinitionError
from inspections.checklist import from_json, load_checklist, load_checklists

GOOD = """\
slug: mini
version: 1
title: Kiểm tra thử
total_points: 10
areas:
  - key: mot
    title: Lĩnh vực một
    points: 10
    items:
      - key: ke-hoach
        kind: document
        points: 4
        label: Kế hoạch
      - key: nhan
        kind: figure
        label: Hồ sơ tiếp nhận
      - key: dung-han
        kind: figure
        label: Hồ sơ đúng hạn
      - key: ty-le
        kind: ratio
        numerator: dung-han
        denominator: nhan
        target: 90
        points: 6
        label: Tỷ lệ đúng hạn
"""


def write(tmp_path: Path, text: str, name: str = "mini") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_checklist_has_ten_areas_worth_100_points():
    checklist = load_checklists()["cchc-cong-vu"]
    assert str(checklist.title.vi) == "Kiểm tra công tác CCHC, hoạt động công vụ"
    assert len(checklist.areas) == 10
    assert sum(a.points for a in checklist.areas) == 100
    for area in checklist.areas:
        assert sum(i.points for i in area.items) == area.points
    kinds = {i.kind for a in checklist.areas for i in a.items}
    assert kinds == {"document", "check", "figure", "ratio"}
    on_time = checklist.item("ty-le-dung-han")
    assert (on_time.numerator, on_time.denominator) == ("ho-so-dung-han", "ho-so-tiep-nhan")
    conduct = checklist.area("hoat-dong-cong-vu")
    assert {"deo-the", "trang-phuc", "gio-lam-viec", "phieu-xin-loi-tu-choi"} <= {
        i.key for i in conduct.items
    }


def test_stored_json_rebuilds_the_same_checklist():
    checklist = load_checklists()["cchc-cong-vu"]
    assert from_json(checklist.definition_json).areas == checklist.areas


def test_good_file_loads(tmp_path):
    checklist = load_checklist(write(tmp_path, GOOD))
    assert checklist.total_points == 10
    assert checklist.item("ty-le").target == 90


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "problem"),
    [
        ("slug: mini", "slug: other", 1, "slug", "phải trùng với tên tệp"),
        ("version: 1", "version: 0", 2, "version", "từ 1 trở lên"),
        ("total_points: 10", "total_points: 12", 6, "areas", "cộng lại là 10, không phải 12"),
        (
            "    points: 10",
            "    points: 9",
            8,
            "areas[0].points",
            "điểm các tiêu chí trong lĩnh vực cộng lại là 10",
        ),
        (
            "kind: document",
            "kind: checkbox",
            11,
            "areas[0].items[0].kind",
            "phải là một trong các giá trị",
        ),
        (
            "        points: 4\n",
            "        points: 4\n        colour: red\n",
            13,
            "areas[0].items[0].colour",
            "khóa không hợp lệ",
        ),
        ("key: nhan", "key: ke-hoach", 14, "areas[0].items[1].key", "một tiêu chí trước"),
        (
            "numerator: dung-han",
            "numerator: missing",
            22,
            "areas[0].items[3].numerator",
            "không phải là tiêu chí số liệu (figure) đứng trước",
        ),
        (
            "denominator: nhan",
            "denominator: dung-han",
            23,
            "areas[0].items[3].denominator",
            "phải khác tử số",
        ),
        ("target: 90", "target: 190", 24, "areas[0].items[3].target", "phần trăm"),
        (
            "        label: Hồ sơ tiếp nhận",
            "        label: Hồ sơ tiếp nhận\n        target: 5",
            17,
            "areas[0].items[1].target",
            "chỉ dùng cho tiêu chí kiểu 'ratio'",
        ),
        (
            "        label: Kế hoạch",
            "        label: ''",
            13,
            "areas[0].items[0].label",
            "không được để trống",
        ),
        ("key: mot", "key: Một", 6, "areas[0].key", "chữ thường không dấu"),
        (
            "        label: Hồ sơ đúng hạn",
            "        label: Hồ sơ đúng hạn\n        points: 2",
            20,
            "areas[0].items[2].points",
            "tiêu chí số liệu (figure) không có điểm",
        ),
    ],
)
def test_malformed_file_names_line_and_field(tmp_path, old, new, line, field, problem):
    assert old in GOOD, old
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DefinitionError) as caught:
        load_checklist(path)
    error = caught.value
    assert error.field == field, str(error)
    assert problem in error.problem, str(error)
    assert error.line == line, str(error)
    assert str(error).startswith(f"{path}:{error.line}: {field}: ")


def test_invalid_yaml_and_empty_file(tmp_path):
    with pytest.raises(DefinitionError, match="YAML không hợp lệ"):
        load_checklist(write(tmp_path, "slug: [mini\n"))
    with pytest.raises(DefinitionError, match="tệp trống"):
        load_checklist(write(tmp_path, ""))


def test_folder_without_checklists(tmp_path):
    with pytest.raises(DefinitionError, match="không có danh mục kiểm tra nào"):
        load_checklists(tmp_path)
