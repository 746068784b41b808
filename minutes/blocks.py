"""The building blocks of a document body, laid out alike by the Word and PDF renderers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass
class Run:
    """A piece of a paragraph with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """A paragraph: 'body' (justified, indented), 'heading', 'subheading' or 'note'."""

    runs: list[Run]
    kind: str = "body"
    block_type: ClassVar[str] = "paragraph"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Table:
    """A table whose rows never split across pages; the first row repeats as a header."""

    columns: list[str]
    rows: list[list[str]]
    # Relative column widths in percent, and 'l', 'c' or 'r' per column.
    widths: list[int]
    align: list[str]
    # The last row is a total, set in bold.
    total_row: bool = False
    block_type: ClassVar[str] = "table"


@dataclass
class Image:
    """A chart: PNG at 200 dpi, with a caption below it."""

    caption: str
    png: bytes
    width_mm: int = 150
    block_type: ClassVar[str] = "image"

    def data_uri(self) -> str:
        """The PNG inline, for the HTML the PDF is printed from."""
        import base64

        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


Block = Paragraph | Table | Image


@dataclass
class Signature:
    """A signature block: the capacity in capitals and the name in bold."""

    capacity: str
    name: str
    hint: str = "(Ký, ghi rõ họ tên)"
