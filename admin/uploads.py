"""An uploaded definition file checked before it is parsed: its size, its kind, its text."""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from core.definitions import DefinitionError, Source

# A definition is a few kilobytes; the shipped ones are under 10 KB.
MAX_UPLOAD = 256 * 1024
# What an .xlsx (a zip) starts with; YAML must be UTF-8 text.
ZIP_MAGIC = b"PK\x03\x04"


class UploadRefused(Exception):
    """A file refused before it is read; str() is the reason to show the admin."""


@dataclass(frozen=True)
class Upload:
    """A file that passed the checks: its own name, its suffix and its bytes."""

    name: str
    suffix: str
    content: bytes


def checked_upload(
    file: FileStorage | None, suffixes: tuple[str, ...], missing: str, wrong_suffix: str
) -> Upload:
    """The upload if its suffix is allowed, it is small enough and its content fits its suffix.

    The content is checked, not the name alone: a renamed spreadsheet, or a zip named
    .yaml, would otherwise reach the YAML or XLSForm reader (issue #16).
    """
    if file is None or not file.filename:
        raise UploadRefused(missing)
    name = Path(file.filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise UploadRefused(wrong_suffix)
    # One byte more than allowed is enough to know it is too big, without reading it all.
    content = file.stream.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise UploadRefused(_("Tệp lớn hơn %(kb)s KB.", kb=MAX_UPLOAD // 1024))
    if (suffix == ".xlsx") != content.startswith(ZIP_MAGIC):
        raise UploadRefused(_("Nội dung tệp không khớp với đuôi tệp %(suffix)s.", suffix=suffix))
    if suffix != ".xlsx":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused(
                _("Tệp YAML phải là văn bản UTF-8: hãy lưu lại tệp với bảng mã UTF-8.")
            ) from None
    return Upload(name, suffix, content)


def read_upload(upload: Upload, reader: Callable[[Path, str], Source]) -> Source:
    """The upload read by a file reader, from a temporary copy under its own suffix."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{upload.suffix}"
        path.write_bytes(upload.content)
        return reader(path, upload.name)


def problem_lines(error: DefinitionError | UploadRefused) -> list[tuple[str, str]]:
    """(place, problem) of each problem, for the page to set the place apart from the words.

    A refused upload has no place in the file. The place (file, line, field or cell)
    is shown as code; the problem as text, which monospace faces lack Vietnamese for.
    """
    if isinstance(error, UploadRefused):
        return [("", str(error))]
    return [(p.place, p.problem) for p in error.problems]
