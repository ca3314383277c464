"""Every write about proposals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import User, WorkingGroup
from proposals.models import Proposal, ProposalStatus
from proposals.starters import starter_text
from proposals.workflow import proposal_archive


def markdown_from_upload(*, upload) -> str:
    """Decode an uploaded .md file. Raises ValidationError for a file too large or not UTF-8.

    The declared size is checked before anything is read, and never more than the limit and one
    byte is read, so a large file costs no memory."""
    limit = settings.ACCORD_MAX_MARKDOWN_UPLOAD_BYTES
    data = b"" if upload.size > limit else upload.read(limit + 1)
    if upload.size > limit or len(data) > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)d KB.")
            % {"size": settings.ACCORD_MAX_MARKDOWN_UPLOAD_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file must be UTF-8 encoded Markdown text.")) from None
    if "\x00" in text:
        raise ValidationError(_("The file must be UTF-8 encoded Markdown text."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_from_upload(*, upload):
    """A proposal's start from an uploaded .md, .docx or .odt file: an `ImportResult` (Markdown,
    title, what was dropped). Raises ValidationError with the reason for the user."""
    from proposals.importing import ImportRefused, ImportResult, document_import

    name = (upload.name or "").lower()
    if name.endswith((".md", ".markdown", ".txt")):
        return ImportResult(markdown=markdown_from_upload(upload=upload))
    if not name.endswith((".docx", ".odt")):
        raise ValidationError(_("Only .md, .docx and .odt files can be imported."))
    limit = settings.ACCORD_MAX_IMPORT_UPLOAD_BYTES
    data = b"" if upload.size > limit else upload.read(limit + 1)
    if upload.size > limit or len(data) > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)d MB.") % {"size": limit // (1024 * 1024)}
        )
    try:
        return document_import(name=name, data=data)
    except ImportRefused as error:
        raise ValidationError(str(error)) from None


def dropped_notice(dropped: dict[str, int]) -> str:
    """«Not imported: 2 images, 1 comment.» — or "" when nothing was dropped."""
    from django.utils.translation import ngettext

    parts = []
    if dropped.get("images"):
        count = dropped["images"]
        parts.append(ngettext("%(count)d image", "%(count)d images", count) % {"count": count})
    if dropped.get("comments"):
        count = dropped["comments"]
        parts.append(ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count})
    if not parts:
        return ""
    return _("Not imported (Accord keeps text only): %(what)s.") % {"what": ", ".join(parts)}


def _check_text(text: str) -> None:
    if len(text) > settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS:
        raise ValidationError(
            _("The text is too long: at most %(count)d characters.")
            % {"count": settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS}
        )


@transaction.atomic
def proposal_create(
    *,
    group: WorkingGroup,
    author: User | None,
    title: str,
    kind: str,
    text: str | None = None,
    from_template: bool = False,
    language: str = "ru",
) -> Proposal:
    """Create a draft: empty, from the kind's starter template, or with the given text."""
    title = (title or "").strip()
    if from_template:
        text = starter_text(kind=kind, title=title or "…", language=language)
    text = text or ""
    _check_text(text)
    now = timezone.now()
    proposal = Proposal(
        group=group,
        title=title,
        kind=kind,
        status=ProposalStatus.DRAFT,
        text=text,
        created_by=author,
        created_at=now,
        updated_at=now,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    title: str | None = None,
    archived: bool | None = None,
    actor: User | None = None,
) -> Proposal:
    """Rename or (un)archive. The text is written only by live editing; the status and the archive
    flag only by the workflow (`proposals.workflow`), which audits (un)archiving."""
    if title is not None:
        proposal.title = title.strip()
        proposal.updated_at = timezone.now()
        proposal.full_clean()
        proposal.save(update_fields=["title", "updated_at"])
    if archived is not None:
        proposal_archive(proposal=proposal, actor=actor, archived=archived)
    return proposal
