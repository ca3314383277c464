"""Every length and size of the DOCX layout; settings.ACCORD_DOCX_LAYOUT (a dict) overrides them."""

from dataclasses import dataclass, replace

from django.conf import settings
from docx.shared import Mm


@dataclass(frozen=True)
class Layout:
    page_mm: tuple[float, float] = (210, 297)  # A4
    margins_mm: tuple[float, float, float, float] = (20, 10, 20, 30)  # top, right, bottom, left
    header_mm: float = 10  # the page number at least 10 mm from the top edge
    footer_mm: float = 10
    font: str = "Times New Roman"  # LibreOffice maps it to the metric-compatible Liberation Serif
    mono_font: str = "Courier New"
    letter_pt: float = 14
    text_pt: float = 13
    table_pt: float = 11
    code_pt: float = 10
    small_pt: float = 10  # executor lines, footnotes, the note under the endorsements
    footer_pt: float = 8
    page_number_pt: float = 12
    hash_pt: float = 7
    sender_name_pt: float = 11.5
    sender_details_pt: float = 9
    dated_pt: float = 12
    part_heading_pt: float = 14
    attachment_mark_pt: float = 12
    first_line_mm: float = 12.5
    line_spacing: float = 1.0  # Word's single spacing is about CSS line-height 1.15
    paragraph_after_pt: float = 6
    corner_mm: float = 80  # sender and addressee blocks: up to 8 cm wide
    letter_heading_mm: float = 95  # the heading box, as wide as the PDF's
    letter_heading_pt: float = 13  # as in the PDF: 13 pt bold in a 95 mm box
    indent_step_mm: float = 10  # lists, quotes, definitions
    list_hanging_mm: float = 6
    attachment_hanging_mm: float = 33
    attachment_mark_indent_mm: float = 95
    bill_introduced_indent_mm: float = 80
    signature_line_mm: float = 35
    signature_gap_mm: float = 6  # after the line, before the name
    signature_position_share: float = 50  # percent of the text width for the position
    signature_row_gap_mm: float = 8  # between two signers' rows
    comparison_widths: tuple[float, float, float] = (38, 38, 24)  # percent
    endorsement_widths_mm: tuple[float, ...] = (9, 55, 30, 24, 52)

    @property
    def text_width(self) -> Mm:
        return Mm(self.page_mm[0] - self.margins_mm[1] - self.margins_mm[3])


def layout_from_settings() -> Layout:
    return replace(Layout(), **getattr(settings, "ACCORD_DOCX_LAYOUT", {}))
