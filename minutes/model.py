"""The one minutes model: every text, tally and chart of a biên bản, ready to lay out.

Both renderers (docx.py and pdf.py) only lay out what is here, so no content logic
is written twice (issue #5). The document is official and Vietnamese (Nghị định
30/2020), so it is composed in Vietnamese whatever the reader's screen locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minutes import sections, survey
from minutes.blocks import Block, Image, Paragraph, Run, Signature, Table
from minutes.text import as_date, body_name, official_date, place_name


@dataclass
class Header:
    """The two-column header of Nghị định 30/2020, Appendix I."""

    parent_body: str
    issuing_body: str
    number: str
    country: str
    motto: str
    place_date: str


@dataclass
class Minutes:
    """Everything the biên bản shows, in order."""

    draft: bool
    header: Header
    title: str
    subject: str
    body: list[Block]
    signatures: list[Signature]
    recipients: list[str]
    filename: str
    draft_mark: str = "DỰ THẢO"
    recipients_heading: str = "Nơi nhận:"
    areas: list[Any] = field(default_factory=list)

    def text(self) -> str:
        """All paragraph and table texts, for search and tests."""
        parts: list[str] = []
        for block in self.body:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts.extend(" | ".join(row) for row in [block.columns, *block.rows])
            else:
                parts.append(block.caption)
        return "\n".join(parts)


# Functions (inspection) -> [Block] whose blocks join the KIẾN NGHỊ section: the
# corrective actions with their deadlines (issue #15), without minutes importing them.
RECOMMENDATION_SOURCES: list[Callable[[Any], list[Block]]] = []


def provide_recommendations(source: Callable[[Any], list[Block]]) -> None:
    """Register a source of blocks for the recommendations section (once)."""
    if source not in RECOMMENDATION_SOURCES:
        RECOMMENDATION_SOURCES.append(source)


COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def compose(
    inspection: Any,
    counts: survey.SurveyCounts | None,
    *,
    issuing_unit: Any,
    parent_unit: Any | None,
    copies: int = 2,
    charts: bool = True,
    recommendations: list[Block] | None = None,
) -> Minutes:
    """The minutes of an inspection (an inspections.model.Inspection) and its survey counts."""
    draft = inspection.status != "final"
    issuer = body_name(issuing_unit.name)
    day = as_date(inspection.date)
    header = Header(
        parent_body=body_name(parent_unit.name).upper() if parent_unit else "",
        issuing_body=issuer.upper(),
        number="Số:       /BB-" + _abbreviation(inspection),
        country=COUNTRY,
        motto=MOTTO,
        place_date=(
            f"{place_name(issuing_unit.name)}, {official_date(day)}"
            if day
            else f"{place_name(issuing_unit.name)}, ngày     tháng     năm     "
        ),
    )
    body: list[Block] = []
    body += sections.opening(inspection, issuer)
    body += sections.composition(inspection)
    body += sections.results(inspection, counts, charts=charts)
    body += sections.shortcomings(inspection)
    body += sections.conclusion(inspection, recommendations)
    body += sections.closing(inspection, copies)
    return Minutes(
        draft=draft,
        header=header,
        title="BIÊN BẢN",
        subject=inspection.title,
        body=body,
        signatures=sections.signatures(inspection),
        recipients=sections.recipients(inspection, issuer, parent_unit),
        filename=f"bien-ban-kiem-tra-{inspection.id}" + ("-du-thao" if draft else ""),
        areas=list(inspection.areas),
    )


def _abbreviation(inspection: Any) -> str:
    """The issuer's part of the document number: 'ĐKT' for a team, 'TKT' for a self-inspection."""
    return "TKT" if inspection.kind == "self" else "ĐKT"


def build_minutes(inspection_id: int, charts: bool = True) -> Minutes | None:
    """The minutes of a stored inspection, with its unit's survey for the period; None if absent."""
    from flask import current_app

    from core.units import get_unit
    from inspections.model import load_inspection

    inspection = load_inspection(inspection_id)
    if inspection is None:
        return None
    issuing_unit = _issuing_unit(inspection)
    parent_unit = get_unit(issuing_unit.parent_id) if issuing_unit.parent_id else None
    start, end = as_date(inspection.period_start), as_date(inspection.period_end)
    counts = survey.count_survey(inspection.unit, start, end) if start and end else None
    return compose(
        inspection,
        counts,
        issuing_unit=issuing_unit,
        parent_unit=parent_unit,
        copies=int(current_app.config["MINUTES_COPIES"]),
        charts=charts,
        recommendations=[b for source in RECOMMENDATION_SOURCES for b in source(inspection)],
    )


def _issuing_unit(inspection: Any) -> Any:
    """The unit whose team inspects: the unit itself for a self-inspection, else the owner."""
    from core.units import get_unit

    owner = getattr(inspection, "owner", None) or getattr(inspection, "owner_unit", None)
    if owner is not None:
        return owner
    if inspection.kind != "self" and inspection.unit.parent_id:
        return get_unit(inspection.unit.parent_id) or inspection.unit
    return inspection.unit


# The block types are part of the model's public face (tests build Minutes from them).
__all__ = ["Block", "Header", "Image", "Minutes", "Paragraph", "Run", "Signature", "Table"]
__all__ += ["build_minutes", "compose"]
