"""Photo bombs: a worker refuses or shrinks a huge photo fast and within ~300 MiB (issue #12, 11).

Each upload runs in a fresh child process (tests/photo_probe.py) so that its peak resident
size is the worker's, not the test runner's; Pillow allocates in C where tracemalloc is blind.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PEAK_GROWTH_MIB = 300


def probe(tmp_path: Path, data: bytes) -> dict:
    """Upload data as a photo in a child process; its status, answer, seconds and growth."""
    photo = tmp_path / "photo.bin"
    photo.write_bytes(data)
    work = tmp_path / "probe"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "tests.photo_probe", str(photo), str(work)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_transparent_png_of_64_megapixels_is_refused_fast_and_cheaply(tmp_path):
    out = io.BytesIO()
    Image.new("RGBA", (8000, 7999), (0, 0, 0, 0)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 300 * 1024
    result = probe(tmp_path, out.getvalue())
    assert result["status"] == 413, result
    assert "điểm ảnh" in result["answer"]["error"]
    assert result["seconds"] < 0.5, result
    assert result["growth_mib"] < PEAK_GROWTH_MIB, result


def test_phone_jpeg_of_48_megapixels_is_stored_downscaled_within_memory(tmp_path):
    # A noisy-ish picture so the decoder does real work; 8000 x 6000 is a 48 Mpx camera.
    image = Image.radial_gradient("L").resize((8000, 6000)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    del image
    result = probe(tmp_path, out.getvalue())
    assert result["status"] == 200, result
    answer = result["answer"]
    assert max(answer["width"], answer["height"]) <= 2560
    assert answer["width"] / answer["height"] == 4 / 3
    assert result["growth_mib"] < PEAK_GROWTH_MIB, result
