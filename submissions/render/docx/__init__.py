"""DOCX packages with python-docx: the PDF's content in a form an official's office can edit.

The same `content.Document` as the PDF, laid out per GOST R 7.0.97-2025: the cover letter in its
own section, then every part in a section of its own whose pages are numbered from 1, the number
shown from the second page on, centred at the top; the version and its SHA-256 in every footer.
Word styles do the formatting (Heading 1-6, List Bullet/List Number with real numbering, Quote,
Table Grid), so the text can be restyled and reused.

Markdown parts arrive as sanitized HTML (proposals.markdown): a small tree from the standard
library's HTMLParser is walked into paragraphs, runs and tables. Nothing is written but the
Document: the blank template's thumbnail, bibliography part and application properties are
dropped, and links keep only the http, https, mailto and tel schemes.

Every length and size is a field of `Layout`; settings.ACCORD_DOCX_LAYOUT (a dict) overrides them.

The package: `layout` (the sizes), `ooxml` (WordprocessingML helpers), `styles` (the template
and its styles), `html` (the HTML tree and its inline runs), `blocks` (HTML blocks into
paragraphs, lists and tables), `parts` (the letter and the parts) and `writer` (the document).
"""

from submissions import content, formats
from submissions.render.docx.html import SAFE_SCHEMES
from submissions.render.docx.layout import Layout, layout_from_settings
from submissions.render.docx.parts import (
    BILL_BLANK,
    BILL_INTRODUCED,
    BILL_LAW,
    BILL_PROJECT,
    COMPARISON_HEADER,
    ENDORSEMENTS_HEADER,
    NO_ENDORSEMENTS,
)
from submissions.render.docx.writer import _Writer

__all__ = [
    "BILL_BLANK",
    "BILL_INTRODUCED",
    "BILL_LAW",
    "BILL_PROJECT",
    "COMPARISON_HEADER",
    "ENDORSEMENTS_HEADER",
    "NO_ENDORSEMENTS",
    "SAFE_SCHEMES",
    "Layout",
    "document_docx",
    "layout_from_settings",
]


def document_docx(
    document: content.Document, *, attachments: list[formats.AttachmentItem]
) -> bytes:
    """The package as an editable Word document: the letter (if any), then every part in its own
    section. `attachments` gives the parts' real page counts (from the PDF) for the letter."""
    return _Writer(document, layout_from_settings()).render(attachments)
