"""The live draft of a proposal as a Word document, through the packages' DOCX writer.

The draft is the member's own working text, but it leaves Accord as a file: its internal parts
are left out, as in every export (docs/editor.md says so), and no version or hash is claimed.
"""

import hashlib
from types import SimpleNamespace

from proposals.models import Proposal
from submissions import content


def draft_document(*, proposal: Proposal) -> content.Document:
    """The proposal's current text laid out as the version PDF/DOCX would be."""
    draft = SimpleNamespace(text=proposal.text, proposal=proposal)
    exported = content.exported_text(text=proposal.text, kind=proposal.kind)
    parts = content.proposal_parts(version=draft, title=proposal.title, kind=proposal.kind)
    return content.Document(
        title=proposal.title,
        language="ru",
        group_name=proposal.group.name,
        authors=(proposal.group.name,),
        version_number=0,
        sha256=hashlib.sha256(proposal.text.encode()).hexdigest(),
        source_markdown=exported.text,
        introduced_by="",
        letter=None,
        parts=tuple(parts),
        left_out=exported.left_out,
    )


def draft_docx(*, proposal: Proposal) -> bytes:
    """The draft as .docx, made on each request (the text changes while members write)."""
    # python-docx is imported when a file is made, not when a web process starts.
    from submissions.render.docx import document_docx

    return document_docx(draft_document(proposal=proposal), attachments=[])
