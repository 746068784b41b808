"""A child process that uploads one photo and reports the worker's peak memory growth.

Run as `python -m tests.photo_probe PHOTO_FILE WORK_DIR`; prints one JSON line. Pillow
decodes in C, so tracemalloc sees nothing: the peak resident size (ru_maxrss) of a
fresh process, read before and after the upload, is what a gunicorn worker would pay.
"""

import io
import json
import resource
import sys
import time
from pathlib import Path

from PIL import Image

from app import create_app
from auth.users import create_user
from core import db
from core.units import get_unit_by_code
from tests import factories
from tests.inspection_helpers import make_inspection


def peak_kib() -> int:
    """This process's peak resident size so far (KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(photo_file: str, work_dir: str) -> None:
    """Set up an app and an inspector, warm up with a small photo, then upload PHOTO_FILE."""
    work = Path(work_dir)
    path = work / "phieu.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE": str(path),
            "UPLOAD_DIR": str(work / "uploads"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            "WTF_CSRF_ENABLED": False,
        }
    )
    db.init_db(str(path))
    with app.app_context():
        factories.make_units()
        inspection = make_inspection()
        user = create_user(
            "probe", "correct horse battery", "Probe", "inspector", get_unit_by_code("ngoc-ky")
        )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True

    def upload(data: bytes):
        return client.post(
            f"/staff/inspections/{inspection}/items/niem-yet-tthc/photos",
            data={"photo": (io.BytesIO(data), "anh")},
            headers={"Accept": "application/json"},
            content_type="multipart/form-data",
        )

    # Warm up: every import, codec and buffer a first upload needs is paid before the baseline.
    small = io.BytesIO()
    Image.new("RGB", (64, 48), (1, 2, 3)).save(small, "JPEG")
    assert upload(small.getvalue()).status_code == 200
    data = Path(photo_file).read_bytes()
    before = peak_kib()
    started = time.perf_counter()
    response = upload(data)
    seconds = time.perf_counter() - started
    growth_mib = (peak_kib() - before) / 1024
    print(
        json.dumps(
            {
                "status": response.status_code,
                "answer": response.get_json(),
                "seconds": seconds,
                "growth_mib": growth_mib,
            }
        )
    )
    db.close_all()


if __name__ == "__main__":
    main(*sys.argv[1:3])
