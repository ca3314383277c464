"""Proposals from Word (.docx) and OpenDocument (.odt) files: their text as Markdown.

`document_import(name=..., data=...)` returns the Markdown (GFM tables, `[^n]` footnotes, as
`proposals.markdown` renders and the visual editor shows), a title and what was dropped (images,
comments). Both formats are zip packages: `archive` checks the package before any XML is read
(size of every member, total uncompressed size, encryption), and every part is parsed without
DTDs, entities or network access. A file that cannot be read raises `ImportRefused`, whose
message is shown to the user.
"""

from proposals.importing.archive import ImportRefused, ImportResult
from proposals.importing.docx import docx_markdown
from proposals.importing.odt import odt_markdown

__all__ = ["IMPORT_SUFFIXES", "ImportRefused", "ImportResult", "document_import"]

IMPORT_SUFFIXES = (".docx", ".odt")


def document_import(*, name: str, data: bytes) -> ImportResult:
    """The Markdown of a .docx or .odt file. Raises ImportRefused with a user-facing message."""
    from django.utils.translation import gettext as _

    lowered = name.lower()
    if lowered.endswith(".docx"):
        return docx_markdown(data)
    if lowered.endswith(".odt"):
        return odt_markdown(data)
    raise ImportRefused(_("Only .md, .docx and .odt files can be imported."))
