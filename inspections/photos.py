"""Inspection photos: checked by decoding, shrunk, stripped of metadata, stored by hash."""

from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
from dataclasses import dataclass

from core.audit import now_utc
from core.db import get_db, write_transaction
from inspections.model import photo_path

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
# A phone or tablet camera makes 12-50 M pixels, always as JPEG, which is decoded
# at 1/2, 1/4 or 1/8 scale (`draft`): 50 Mpx cost 30 MiB of peak growth, 156 MiB
# progressive. PNG and WebP decode whole, 4 bytes a pixel plus a premultiplied copy
# to shrink with alpha (WebP one more buffer): 25 Mpx of RGBA PNG cost 233 MiB,
# 12 Mpx of RGBA WebP 218 MiB. The caps keep a worker's peak growth under ~300 MiB
# (measured as tests/photo_probe.py does; issue #12, item 11).
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 25_000_000, "WEBP": 12_000_000}
FORMATS = tuple(MAX_PIXELS)


class PhotoError(ValueError):
    """A refused upload; code is the HTTP status, the message is for the user."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class StoredPhoto:
    sha256: str
    width: int
    height: int
    bytes: int


def clean_photo(data: bytes) -> tuple[bytes, int, int]:
    """Decode an upload and re-encode it as a JPEG of at most 1600 px, without metadata."""
    from flask_babel import gettext as _
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise PhotoError(413, _("Ảnh lớn hơn 10 MB. Hãy chụp lại với độ phân giải thấp hơn."))
    if not data:
        raise PhotoError(422, _("Chưa chọn ảnh."))
    bad = _("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise PhotoError(415, bad)
                # Checked from the header: Image.open has not decoded a pixel yet.
                if image.width * image.height > MAX_PIXELS[image.format]:
                    raise PhotoError(413, _("Ảnh có quá nhiều điểm ảnh."))
                # A JPEG decodes straight at the smallest scale still covering
                # MAX_SIDE; other formats ignore this.
                image.draft("RGB", _fitted(image.size))
                image.load()
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                # Turned after shrinking, on the small image (a copy when upright).
                image = _flatten(ImageOps.exif_transpose(image))
                # Nothing of the upload's metadata goes on: Pillow would copy a
                # JPEG comment from info, and no exif=, icc_profile= or xmp= is given.
                image.info = {}
                out = io.BytesIO()
                image.save(out, "JPEG", quality=85, optimize=True)
                return out.getvalue(), image.width, image.height
    except PhotoError:
        raise  # a ValueError too, and already says what is wrong
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(413, _("Ảnh có quá nhiều điểm ảnh.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoError(415, bad) from None


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The size an image shrinks to so that its long side is at most MAX_SIDE."""
    width, height = size
    scale = min(1.0, MAX_SIDE / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image):
    """RGB for JPEG: transparent areas become white."""
    from PIL import Image

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def save_photo_file(data: bytes) -> StoredPhoto:
    """Clean an upload and save it under its content hash; the caller links it to a record.

    Corrective actions' evidence (issue #15) goes through here as item photos do.
    """
    cleaned, width, height = clean_photo(data)
    sha = hashlib.sha256(cleaned).hexdigest()
    path = photo_path(sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half a file.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(cleaned)
        tmp.replace(path)
    return StoredPhoto(sha, width, height, len(cleaned))


def store_photo(
    inspection_id: int,
    item_key: str,
    data: bytes,
    user_id: int | None,
    change_id: str | None = None,
) -> StoredPhoto:
    """Clean and save a photo under its content hash and link it to an item."""
    photo = save_photo_file(data)
    db = get_db()
    now = now_utc()
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO inspection_photos (inspection_id, item_key, sha256, width,"
            " height, bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [inspection_id, item_key, photo.sha256, photo.width, photo.height, photo.bytes]
            + [user_id, now],
        )
        if change_id:
            # A photo queued on the tablet carries an idempotency key, as a tick does; a
            # replay (even concurrent) gets this answer and the photo is linked once (#15).
            answer = {
                "item": item_key,
                "sha256": photo.sha256,
                "width": photo.width,
                "height": photo.height,
            }
            db.execute(
                "INSERT OR IGNORE INTO inspection_changes (change_id, inspection_id, item_key,"
                " user_id, at, response) VALUES (?, ?, ?, ?, ?, ?)",
                [change_id, inspection_id, item_key, user_id, now, json.dumps(answer)],
            )
    return photo


def photo_belongs(inspection_id: int, sha256: str) -> bool:
    """Whether a photo hash is attached to this inspection."""
    row = (
        get_db()
        .execute(
            "SELECT 1 FROM inspection_photos WHERE inspection_id = ? AND sha256 = ?",
            [inspection_id, sha256],
        )
        .fetchone()
    )
    return row is not None
