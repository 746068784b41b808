"""Receipt codes (mã hồ sơ): one dossier however its code is typed, one rating each."""

import dataclasses
import re
import sqlite3

import pytest

from core import db as core_db
from core.db import get_db
from forms.views import form_pages

URL = "/f/ngoc-ky/danh-gia-tthc"


def receipt_form(client, code: str, url: str = URL) -> dict:
    html = client.get(url).get_data(as_text=True)
    fields = {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("csrf_token", "submission_id")
    }
    answers = {"tong-thoi-gian": "2", "thoi-gian-tung-co-quan": "2", "so-lan-lien-he": "1"}
    answers |= dict.fromkeys(("so-co-quan", "tiep-nhan-tra-ket-qua", "cong-khai"), "2")
    answers |= dict.fromkeys(("thai-do", "phan-anh-kien-nghi", "truc-tuyen"), "0")
    return {**fields, **answers, "receipt_code": code}


def stored_codes(app) -> list[tuple]:
    with app.app_context():
        return get_db().execute("SELECT receipt_code FROM responses ORDER BY id").fetchall()


@pytest.mark.parametrize(
    "again",
    [
        "hs 2026 0001.",
        "HS/2026/0001",
        "HS_2026_0001",
        "  hs-2026-0001  ",
        "HS2026 0001,",
        "HS-2O26-OOO1",
        "hs.2026.000l",
        "HS–2026–0001".replace("–", "-"),
        "ＨＳ-２０２６-０００１",
    ],
)
def test_one_dossier_however_its_code_is_typed(app, client, again):
    assert client.post(URL, data=receipt_form(client, "HS-2026-0001")).status_code == 303
    second = client.post(URL, data=receipt_form(client, again))
    assert second.status_code == 409
    assert "Hồ sơ này đã được đánh giá" in second.get_data(as_text=True)
    # What the citizen typed is kept for display.
    assert stored_codes(app) == [("HS-2026-0001",)]


def test_codes_of_other_dossiers_are_still_apart(app, client):
    for code in ("HS-2026-0001", "HS-2026-0002", "HS-2026-00001", "hồ sơ 1"):
        assert client.post(URL, data=receipt_form(client, code)).status_code == 303
    assert stored_codes(app) == [
        ("HS-2026-0001",),
        ("HS-2026-0002",),
        ("HS-2026-00001",),
        ("HỒ SƠ 1",),
    ]


@pytest.mark.parametrize("bad", ["<script>", "HS#1", "-", "x" * 41])
def test_what_cannot_be_a_code_is_refused_in_vietnamese(app, client, bad):
    response = client.post(URL, data=receipt_form(client, bad))
    assert response.status_code == 422
    assert "Mã hồ sơ chỉ gồm" in response.get_data(as_text=True)
    assert stored_codes(app) == []


def test_an_optional_code_that_is_given_is_unique_an_absent_one_is_not(app, client):
    forms = app.extensions["phieu_forms"]
    forms["danh-gia-tthc"] = dataclasses.replace(forms["danh-gia-tthc"], receipt_code="optional")
    form_pages.clear()
    assert "(không bắt buộc)" in client.get(URL).get_data(as_text=True)
    for _ in range(2):
        assert client.post(URL, data=receipt_form(client, "")).status_code == 303
    assert client.post(URL, data=receipt_form(client, "HS-7")).status_code == 303
    again = client.post(URL, data=receipt_form(client, "hs 7"))
    assert again.status_code == 409
    assert stored_codes(app) == [(None,), (None,), ("HS-7",)]


def test_the_migration_canonicalises_stored_codes(tmp_path):
    """Codes stored before the rule get their canonical form; of two stored for one
    dossier both stay counted, the first holds the claim."""
    path = str(tmp_path / "old.db")
    db = core_db.connect(path)
    for migrations in core_db.migration_sets():
        if migrations.name == "forms":
            migrations.apply(db, stop_before="005_receipt_code_canonical")
        else:
            migrations.apply(db)
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO units (id, code, name, level) VALUES (1, 'x', 'X', 'xa')")
    raw.execute(
        "INSERT INTO form_versions VALUES ('danh-gia-tthc', 1, 'form', '', '{}', '2026-01-01')"
    )
    for n, code in enumerate(["HS-1", "HS/1", "HS-2", None]):
        raw.execute(
            "INSERT INTO responses (submission_id, unit_id, form_slug, form_version, channel,"
            " receipt_code, submitted_at, day) VALUES (?, 1, 'danh-gia-tthc', 1, 'qr', ?,"
            " '2026-01-01T00:00:00+00:00', '2026-01-01')",
            [f"s{n}", code],
        )
    raw.commit()
    raw.close()
    for migrations in core_db.migration_sets():
        migrations.apply(db)
    rows = db.execute("SELECT receipt_code, receipt_canonical FROM responses ORDER BY id")
    assert rows.fetchall() == [("HS-1", "HS1"), ("HS/1", None), ("HS-2", "HS2"), (None, None)]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO responses (submission_id, unit_id, form_slug, form_version, channel,"
            " receipt_code, receipt_canonical, submitted_at, day) VALUES ('s9', 1,"
            " 'danh-gia-tthc', 1, 'qr', 'hs 1', 'HS1', '2026-01-01', '2026-01-01')"
        )
    db.close()
