"""The serif font the PDF embeds: the first installed one that covers Vietnamese.

Debian's fonts-liberation (1.07) has Times metrics but lacks most Vietnamese letters
(ạ, ế, ư...): an embedded font draws a missing letter as an empty box, with no
other family to fall back on. So each candidate's regular face is checked for every
Vietnamese letter before it is used; DejaVu Serif (installed on stock Debian/Ubuntu)
is the last resort.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STYLES = ("regular", "bold", "italic", "bolditalic")
# family name, then the four files (regular, bold, italic, bold italic), by preference.
CANDIDATES = (
    (
        "Times New Roman",
        "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman{}.ttf",
        ("", "_Bold", "_Italic", "_Bold_Italic"),
    ),
    (
        "Liberation Serif",
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
        ("Regular", "Bold", "Italic", "BoldItalic"),
    ),
    (
        "Liberation Serif",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-{}.ttf",
        ("Regular", "Bold", "Italic", "BoldItalic"),
    ),
    (
        "DejaVu Serif",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf",
        ("", "-Bold", "-Italic", "-BoldItalic"),
    ),
)
# Every letter Vietnamese adds to ASCII, both cases.
VIETNAMESE = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯàáâãèéêìíòóôõùúýăđĩũơư" + "".join(
    chr(c) for c in range(0x1EA0, 0x1EFA)
)


def covers_vietnamese(path: str) -> bool:
    """Whether a font file maps every Vietnamese letter."""
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(path, lazy=True).getBestCmap()
    except Exception:  # an unreadable font is simply not a candidate
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE)


@cache
def serif_faces() -> tuple[str, tuple[str, ...]]:
    """(family name, four font files) of the first complete candidate."""
    for name, pattern, suffixes in CANDIDATES:
        files = tuple(pattern.format(s) for s in suffixes)
        if all(Path(f).exists() for f in files) and covers_vietnamese(files[0]):
            return name, files
    raise RuntimeError("Không tìm thấy phông chữ có đủ dấu tiếng Việt (cần DejaVu Serif).")
