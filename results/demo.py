"""Demo satisfaction data: the seed's 695 paper slips, and some QR responses after them.

The seed report: "Tính đến ngày 30/9/2022 đã lấy 695 phiếu đánh giá mức độ hài lòng ...
Kết quả có 695/695 phiếu rất hài lòng". So every paper slip of Jan-Sep 2022 is 'rất hài
lòng', and the QR responses (added so the charts are not trivial) start in October, after
the report's date: the paper channel, and any period up to 30/9/2022, still read 695/695.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from core.db import get_db
from core.units import counters, get_unit_by_code
from forms.registry import get_form
from forms.store import VIETNAM, store_response
from results.paper import enter_batch, slips_from_counts

PAPER_SLIPS = 695
MONTHS = range(1, 10)  # January to September 2022


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """total as parts positive integers, uneven like real piles of slips."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def seed() -> None:
    """Add the demo's paper batches and QR responses for Xã Ngọc Kỳ."""
    db = get_db()
    rng = random.Random(2022)
    unit = get_unit_by_code("ngoc-ky")
    staff_id = db.execute("SELECT id FROM users WHERE username = 'motcua'").fetchone()[0]
    desks = counters(unit)
    form = get_form("hai-long")
    piles = split(PAPER_SLIPS, len(MONTHS) * len(desks), rng)
    for n, (month, desk) in enumerate((m, d) for m in MONTHS for d in desks):
        enter_batch(
            db,
            form,
            unit,
            desk,
            date(2022, month, rng.randint(20, 28)),
            slips_from_counts(form, {"rat-hai-long": piles[n]}),
            user_id=staff_id,
            key=f"demo-2022-{month:02d}-{desk.code}",
            note="Phiếu khảo sát trực tiếp tại Bộ phận một cửa",
        )
    _qr_responses(db, rng, unit, desks)


def _when(rng: random.Random) -> datetime:
    """A working-hours instant between October and December 2022."""
    day = date(2022, rng.randint(10, 12), rng.randint(1, 28))
    return datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59)), VIETNAM)


def _qr_responses(db, rng: random.Random, unit, desks) -> None:
    """Quick ratings, SIPAS questionnaires and dossier evaluations sent by QR code."""
    quick = get_form("hai-long")
    for n in range(180):
        level = rng.choices(["rat-hai-long", "hai-long", "khong-hai-long"], [70, 24, 6])[0]
        answers: dict = {"muc-do": level}
        if level == "khong-hai-long":
            answers["chua-hai-long"] = rng.sample(["thai-do", "thoi-gian-cho", "thu-tuc"], 2)
            answers["gop-y"] = "Chờ lâu, cần thêm ghế ngồi chờ."
        store_response(
            db,
            quick,
            unit,
            answers,
            submission_id=f"demo-qr-hai-long-{n}",
            counter=rng.choice(desks),
            submitted_at=_when(rng),
        )
    sipas = get_form("sipas")
    scale = ["rat-hai-long", "hai-long", "binh-thuong", "khong-hai-long", "rat-khong-hai-long"]
    factors = [q.key for q in sipas.questions if q.type == "rating5"]
    for n in range(60):
        answers = {key: rng.choices(scale, [45, 38, 12, 4, 1])[0] for key in factors}
        store_response(
            db,
            sipas,
            unit,
            answers,
            submission_id=f"demo-qr-sipas-{n}",
            counter=rng.choice(desks),
            submitted_at=_when(rng),
        )
    dossier = get_form("danh-gia-tthc")
    indicators = [q.key for q in dossier.questions if q.options]
    for n in range(40):
        answers = {key: rng.choices(["2", "1", "0"], [80, 16, 4])[0] for key in indicators}
        store_response(
            db,
            dossier,
            unit,
            answers,
            submission_id=f"demo-qr-tthc-{n}",
            counter=rng.choice(desks),
            receipt_code=f"000.25.30.H23-2210{n:02d}-{1000 + n}",
            submitted_at=_when(rng),
        )
