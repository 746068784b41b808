"""Inspection photos: decoded, size-capped, bomb-safe, shrunk, stripped, served to the team."""

import hashlib
import io

import pytest
from PIL import Image

from core.db import get_db
from tests.inspection_helpers import make_inspection


@pytest.fixture
def inspection(app):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        return make_inspection()


def upload(client, inspection_id, data, name="anh.jpg", item="niem-yet-tthc"):
    return client.post(
        f"/staff/inspections/{inspection_id}/items/{item}/photos",
        data={"photo": (io.BytesIO(data), name)},
        headers={"Accept": "application/json"},
        content_type="multipart/form-data",
    )


def jpeg_with_exif(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (21.0, 0.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def test_photo_is_shrunk_stripped_and_stored_by_hash(app, login, inspection):
    client = login("inspector", "ngoc-ky")
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()
    response = upload(client, inspection, original)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert (answer["width"], answer["height"]) == (1600, 1067)
    served = client.get(answer["url"])
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    stored = Image.open(io.BytesIO(served.data))
    assert max(stored.size) == 1600
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert hashlib.sha256(served.data).hexdigest() == answer["sha256"]
    # The same photo twice is one file and one row.
    upload(client, inspection, original)
    with app.app_context():
        assert get_db().execute("SELECT COUNT(*) FROM inspection_photos").fetchone()[0] == 1


def test_png_and_webp_are_accepted(login, inspection):
    client = login("inspector", "ngoc-ky")
    for fmt, mode in (("PNG", "RGBA"), ("WEBP", "RGB")):
        out = io.BytesIO()
        Image.new(mode, (40, 30), (10, 20, 30)).save(out, fmt)
        response = upload(client, inspection, out.getvalue(), f"a.{fmt.lower()}")
        assert response.status_code == 200, fmt


def test_text_file_named_jpg_is_refused(app, login, inspection):
    response = upload(login("inspector", "ngoc-ky"), inspection, b"not a picture\n" * 50)
    assert response.status_code == 415
    assert "JPEG, PNG hoặc WebP" in response.get_json()["error"]
    with app.app_context():
        assert get_db().execute("SELECT COUNT(*) FROM inspection_photos").fetchone()[0] == 0


def test_gif_is_refused(login, inspection):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    assert upload(login("inspector", "ngoc-ky"), inspection, out.getvalue()).status_code == 415


def test_truncated_jpeg_is_refused(login, inspection):
    data = jpeg_with_exif((400, 300))[:600]
    assert upload(login("inspector", "ngoc-ky"), inspection, data).status_code == 415


def test_twelve_megabyte_upload_is_refused(app, login, inspection):
    response = upload(login("inspector", "ngoc-ky"), inspection, b"\xff" * (12 * 1024 * 1024))
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_just_over_ten_megabytes_is_refused_by_our_own_check(app, login, inspection):
    response = upload(login("inspector", "ngoc-ky"), inspection, b"\xff" * (10 * 1024 * 1024 + 5))
    assert response.status_code == 413
    assert "10 MB" in response.get_json()["error"]


def test_decompression_bomb_is_refused_before_decoding(login, inspection):
    out = io.BytesIO()
    # 12000 x 12000 one-bit pixels compress to a few KB but would need 144 M pixels.
    Image.new("1", (12000, 12000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 2 * 1024 * 1024
    response = upload(login("inspector", "ngoc-ky"), inspection, out.getvalue(), "bom.png")
    assert response.status_code == 413
    assert "điểm ảnh" in response.get_json()["error"]


def test_photos_are_served_only_to_staff_who_see_the_inspection(login, inspection):
    answer = upload(login("inspector", "ngoc-ky"), inspection, jpeg_with_exif((50, 40))).get_json()
    assert login("secretary", "ngoc-ky").get(answer["url"]).status_code == 200
    assert login("inspector", "tan-ky").get(answer["url"]).status_code == 403
    assert login("staff", "ngoc-ky").get(answer["url"]).status_code == 403
    other = answer["url"].replace(f"/{inspection}/", "/999/")
    assert login("admin", "hai-duong").get(other).status_code == 404


def test_no_photo_and_unknown_item(login, inspection):
    client = login("inspector", "ngoc-ky")
    empty = client.post(
        f"/staff/inspections/{inspection}/items/niem-yet-tthc/photos",
        data={},
        headers={"Accept": "application/json"},
    )
    assert empty.status_code == 422
    assert upload(client, inspection, jpeg_with_exif((5, 5)), item="khong-co").status_code == 404


def served_photo(client, response) -> bytes:
    assert response.status_code == 200, response.get_data(as_text=True)
    return client.get(response.get_json()["url"]).data


def test_jpeg_comment_icc_and_xmp_are_stripped(login, inspection):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (9, 99, 199)).save(
        out, "JPEG", comment=b"toa-do 21.0N nha ong A", icc_profile=icc, xmp=b"<x:xmpmeta/>"
    )
    original = Image.open(io.BytesIO(out.getvalue()))
    assert {"comment", "icc_profile", "xmp"} <= set(original.info)
    client = login("inspector", "ngoc-ky")
    data = served_photo(client, upload(client, inspection, out.getvalue()))
    stored = Image.open(io.BytesIO(data))
    assert not {"comment", "icc_profile", "xmp"} & set(stored.info), stored.info
    assert b"nha ong A" not in data and b"xmpmeta" not in data


def test_png_text_chunks_are_stripped(login, inspection):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "tEXt nha ong A")
    text.add_itxt("Author", "iTXt Nguyễn Văn A")
    text.add_text("Location", "zTXt 21.0N 106.4E", zip=True)
    out = io.BytesIO()
    Image.new("RGBA", (80, 60), (9, 99, 199, 255)).save(out, "PNG", pnginfo=text)
    assert {"Comment", "Author", "Location"} <= set(Image.open(io.BytesIO(out.getvalue())).info)
    client = login("inspector", "ngoc-ky")
    data = served_photo(client, upload(client, inspection, out.getvalue(), "a.png"))
    stored = Image.open(io.BytesIO(data))
    assert not {"Comment", "Author", "Location"} & set(stored.info), stored.info
    assert b"nha ong A" not in data and "Nguyễn".encode() not in data and b"21.0N" not in data


def test_camera_photo_bigger_than_a_form_field_is_accepted(login, inspection):
    # Werkzeug reads multipart bodies 64 KiB at a time and checked what it held
    # back of a file part against MAX_FORM_MEMORY_SIZE: at exactly 64 KiB, most
    # real photos were refused with a 413 before our code saw them.
    noise = Image.effect_noise((1200, 900), 80).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=92)
    assert len(out.getvalue()) > 256 * 1024
    response = upload(login("inspector", "ngoc-ky"), inspection, out.getvalue())
    assert response.status_code == 200, response.get_data(as_text=True)


def test_too_many_pixels_for_a_png_gives_the_pixel_message(login, inspection):
    # Caught as a ValueError, our own 413 used to come out as "not a picture" (415).
    out = io.BytesIO()
    Image.new("L", (6000, 5000)).save(out, "PNG", optimize=True)
    response = upload(login("inspector", "ngoc-ky"), inspection, out.getvalue(), "a.png")
    assert response.status_code == 413
    assert "điểm ảnh" in response.get_json()["error"]
