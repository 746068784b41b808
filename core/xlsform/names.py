"""XLSForm names and languages as Phiếu spells them: muc_do is the key muc-do."""

from __future__ import annotations

import re

# The survey rows Kobo and ODK add to every form: recorded by the phone, not asked.
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "username",
    "email",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "start-geopoint",
}
# Kobo adds `calculate __version__` to deployed forms: bookkeeping, not a calculation.
KOBO_VERSION = {"__version__", "_version_"}
# The sheet that carries what XLSForm has no place for (English title, intro, grades...).
PHIEU_SHEET = "phieu"
VIETNAMESE, ENGLISH = "Vietnamese (vi)", "English (en)"

SLUG = re.compile(r"[a-z0-9-]{1,64}")


def key(name: str) -> str:
    """The Phiếu key of an XLSForm name: lower case, '_' as '-'."""
    return name.strip().lower().replace("_", "-")


def name(key: str) -> str:
    """The XLSForm name of a Phiếu key: '-' as '_' (XLSForm names are XML names)."""
    return key.replace("-", "_")


def language(label: str) -> str | None:
    """'vi' or 'en' for an XLSForm language ('Vietnamese (vi)', 'English', 'default')."""
    text = label.strip().lower()
    code = re.search(r"\((\w+)\)\s*$", text)
    if code:
        return {"vi": "vi", "en": "en"}.get(code.group(1))
    if text in ("default", "") or text.startswith(("vietnam", "tiếng việt")):
        return "vi"
    if text.startswith("english"):
        return "en"
    return None
