"""The minutes say which earlier wording of the quick rating some counted slips answered (#16)."""

from datetime import date

import yaml

from core.db import get_db
from core.units import get_unit_by_code
from forms.definition import DEFINITIONS_DIR
from forms.publishing import publish_form
from forms.registry import get_form
from forms.store import store_response
from minutes import satisfaction
from minutes.survey import count_survey

OLD = "Ông/bà hài lòng thế nào với việc giải quyết thủ tục hôm nay?"
NEW = "Ông/bà đánh giá thế nào về việc giải quyết hồ sơ hôm nay?"


def text_of(blocks) -> str:
    return "\n".join(
        "".join(run.text for run in block.runs) for block in blocks if hasattr(block, "runs")
    )


def test_old_wording_is_noted_in_the_survey_part(app):
    with app.test_request_context():
        db, unit = get_db(), get_unit_by_code("ngoc-ky")
        store_response(
            db, get_form("hai-long", unit), unit, {"muc-do": "hai-long"}, submission_id="cu-1"
        )
        data = yaml.safe_load((DEFINITIONS_DIR / "hai-long.yaml").read_text(encoding="utf-8"))
        data["questions"][0]["label"]["vi"] = NEW
        publish_form(db, data, [unit])
        current = get_form("hai-long", unit)
        assert current.version == 2
        store_response(db, current, unit, {"muc-do": "rat-hai-long"}, submission_id="moi-1")
        counts = count_survey(unit, date(2000, 1, 1), date(2100, 12, 31))
        assert counts.total == 2
        assert [(v, label) for v, _since, label in counts.versions] == [(1, OLD)]
        text = text_of(satisfaction.blocks(counts, charts=False))
        assert "một số phiếu trả lời phiên bản 1 của mẫu phiếu" in text
        assert f"câu hỏi khi đó là: “{OLD}”" in text


def test_one_wording_adds_no_note(app):
    with app.test_request_context():
        db, unit = get_db(), get_unit_by_code("ngoc-ky")
        store_response(
            db, get_form("hai-long", unit), unit, {"muc-do": "hai-long"}, submission_id="mot-1"
        )
        counts = count_survey(unit, date(2000, 1, 1), date(2100, 12, 31))
        assert counts.total == 1 and counts.versions == []
        assert "phiên bản" not in text_of(satisfaction.blocks(counts, charts=False))
