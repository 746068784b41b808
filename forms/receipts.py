"""Receipt codes (mã hồ sơ): what a citizen may type, and the one form they are compared in.

A code is copied by hand from a paper receipt on a phone keyboard, so the same
dossier arrives as `HS-2026-0001`, `hs 2026 0001.` or `HS/2026/0001`. Each is
kept as typed (tidied) for display; uniqueness, one rating per dossier, is
checked on the canonical form (docs/FORMS.md, "Receipt codes"):

1. Vietnamese diacritics are folded (`Đ` to `D`, `Ô` to `O`...), and
   compatibility forms (full-width digits) to their plain form;
2. letters are upper-cased;
3. spaces and the separators `- . / _` are dropped, wherever they are;
4. look-alikes become digits: `O` to `0`, `I` and `L` to `1`.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 40
# What may be left once diacritics are folded and letters upper-cased.
TYPED = re.compile(r"[A-Z0-9][A-Z0-9 ./_-]*")
# Trailing punctuation a sentence habit adds: "HS-2026-0001." or "HS-1,".
TRAILING = ".,;:!?"
SEPARATORS = str.maketrans("", "", " -./_")
LOOK_ALIKES = str.maketrans("OIL", "011")


def fold(text: str) -> str:
    """Upper-case ASCII where it can be: diacritics and full-width forms folded."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def tidy(text: str) -> str:
    """The code as the citizen typed it, for display: trimmed, one space between parts."""
    return " ".join(text.split()).rstrip(TRAILING).strip().upper()


def valid(text: str) -> bool:
    """Whether tidy(text) is a code: letters, digits, spaces and - . / _ only."""
    folded = fold(tidy(text))
    return len(folded) <= MAX_LENGTH and bool(TYPED.fullmatch(folded))


def canonical(code: str) -> str:
    """The form two codes of one dossier share; compare and index only this."""
    return fold(tidy(code)).translate(SEPARATORS).translate(LOOK_ALIKES)
