"""The page both renderers share (A4, Nghị định 30/2020 margins) and what text may hold."""

from __future__ import annotations

import re

# Nghị định 30/2020, Appendix I: A4, margins top/bottom 20-25, left 30-35, right 15-20 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
# What XML 1.0 cannot hold (C0 controls but tab and newlines, U+FFFE/FFFF, lone
# surrogates): lxml refuses the whole document for one such character in a note,
# and ReportLab's Paragraph markup is XML too.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
