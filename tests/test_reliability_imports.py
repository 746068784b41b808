"""A worker that serves only the citizen form never imports the heavy libraries (DESIGN.md)."""

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("pandas", "numpy", "matplotlib", "docx", "reportlab", "openpyxl", "PIL")

# Runs in a fresh interpreter: this test process has imported them for other tests.
SCRIPT = """
import json, sys
from core import db
from app import create_app
from tests import factories

path = sys.argv[1]
app = create_app({"DATABASE": path, "SECRET_KEY": "imports-" + "k" * 32,
                  "WTF_CSRF_ENABLED": False})
db.init_db(path)
with app.app_context():
    factories.make_units()
client = app.test_client()
statuses = [
    client.get("/f/ngoc-ky/hai-long?counter=tu-phap").status_code,
    client.post("/f/ngoc-ky/hai-long?counter=tu-phap",
                data={"submission_id": "imports-0123456789", "muc-do": "hai-long"}).status_code,
    client.get("/f/ngoc-ky/hai-long/cam-on/imports-0123456789").status_code,
    client.get("/f/ngoc-ky/danh-gia-tthc").status_code,
    client.get("/f/ngoc-ky/sipas?lang=en").status_code,
    client.get("/healthz").status_code,
]
loaded = sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(","))
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""


def test_citizen_form_worker_does_not_import_heavy_libraries(tmp_path):
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "x.db"), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["statuses"] == [200, 303, 200, 200, 200, 200]
    assert found["loaded"] == [], "the citizen's path imported heavy libraries"
