"""Every write about submission packages but their build; recipients, tracking, letters and
the platform have their own modules.

A package is created in one transaction (rows only) and built afterwards by the export worker
(`submissions.jobs` runs `submissions.services.builds.package_build`), so the web process never
loads the renderers.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import Organization, User
from accord.services import audit_record
from proposals.models import Proposal, Version, VersionKind
from submissions import jobs
from submissions.models import (
    Package,
    PackageAuthor,
    PackageDocument,
    PackageLetterText,
    PackageSignatory,
    PackageStatus,
    Recipient,
)
from submissions.services.progress import build_is_stale

MAX_RECIPIENTS = 20
MAX_SIGNATORIES = 6
MAX_LETTER_CHARS = 20_000


def approved_versions(proposal: Proposal):
    """The versions a package may be built from: those frozen by an approval, newest first."""
    approved = Q(kind=VersionKind.APPROVAL)
    if proposal.approved_version_id:
        approved |= Q(pk=proposal.approved_version_id)
    return (
        Version.objects.filter(proposal=proposal)
        .filter(approved)
        .defer("text", "state_vector")
        .order_by("-number")
    )


@dataclass(frozen=True)
class Signer:
    position: str
    name: str


@transaction.atomic
def package_create(
    *,
    proposal: Proposal,
    version: Version,
    actor: User,
    recipients: list[Recipient],
    authors: list[tuple[Organization, str]],
    signatories: list[Signer],
    letter_date: date,
    heading: str,
    executor_name: str,
    executor_phone: str,
    executor_email: str = "",
    body: str = "",
    letter_texts: dict[str, str] | None = None,
    introduced_by: str = "",
    with_docx: bool = True,
) -> Package:
    """Record a package and queue its build (after commit). Locks nothing; audits.

    `letter_texts` gives the letter's text by recipient kind (submissions/letters.py); `body`
    is the text for recipients of any other kind."""
    errors = {}
    if proposal.archived:
        errors["version"] = _("An archived proposal cannot be packaged.")
    elif not approved_versions(proposal).filter(pk=version.pk).exists():
        errors["version"] = _("Only an approved version can be sent.")
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        errors["recipients"] = _("Choose at least one recipient.")
    elif len(recipients) > MAX_RECIPIENTS:
        errors["recipients"] = _("At most %(count)d recipients per package.") % {
            "count": MAX_RECIPIENTS
        }
    elif any(r.group_id != proposal.group_id or r.archived for r in recipients):
        errors["recipients"] = _("Choose recipients from this group's directory.")
    group_organizations = set(proposal.group.organizations.values_list("pk", flat=True))
    if not authors:
        errors["authors"] = _("Choose at least one organization sending the letter.")
    elif any(organization.pk not in group_organizations for organization, _n in authors):
        errors["authors"] = _("Only member organizations of the group can send the letter.")
    elif len({organization.pk for organization, _n in authors}) != len(authors):
        errors["authors"] = _("Each organization can be listed once.")
    elif not any(organization.postal_address.strip() for organization, _n in authors):
        # 59-FZ art. 7 and 11: an appeal without a postal address for the reply is not answered.
        errors["authors"] = _(
            "Officials answer to a postal address: add one to the details of at least one "
            "sending organization (on the group's page)."
        )
    kinds = {recipient.kind for recipient in recipients}
    letter_texts = {
        kind: text.strip()
        for kind, text in (letter_texts or {}).items()
        if kind in kinds and text.strip()
    }
    if any(kind not in letter_texts for kind in kinds) and not body.strip():
        errors["body"] = _("Write the letter's text for every kind of recipient chosen.")
    elif any(len(text) > MAX_LETTER_CHARS for text in [body, *letter_texts.values()]):
        errors["body"] = _("A letter's text is at most %(count)d characters.") % {
            "count": MAX_LETTER_CHARS
        }
    signatories = [s for s in signatories if s.position.strip() or s.name.strip()]
    if not signatories:
        errors["signatories"] = _("Name at least one person who signs the letter.")
    elif len(signatories) > MAX_SIGNATORIES:
        errors["signatories"] = _("At most %(count)d signatories.") % {"count": MAX_SIGNATORIES}
    elif any(not s.position.strip() or not s.name.strip() for s in signatories):
        errors["signatories"] = _("Each signatory needs a position and a name.")
    if errors:
        raise ValidationError(errors)

    package = Package(
        proposal=proposal,
        version=version,
        created_by=actor,
        letter_date=letter_date,
        heading=heading.strip(),
        body=body.strip(),
        introduced_by=introduced_by.strip(),
        executor_name=executor_name.strip(),
        executor_phone=executor_phone.strip(),
        executor_email=executor_email.strip(),
        with_docx=with_docx,
    )
    package.full_clean()
    package.save()
    for order, (organization, number) in enumerate(authors, start=1):
        PackageAuthor.objects.create(
            package=package, organization=organization, order=order, outgoing_number=number.strip()
        )
    PackageLetterText.objects.bulk_create(
        PackageLetterText(package=package, kind=kind, body=text)
        for kind, text in sorted(letter_texts.items())
    )
    for order, signer in enumerate(signatories, start=1):
        PackageSignatory.objects.create(
            package=package, order=order, position=signer.position.strip(), name=signer.name.strip()
        )
    for recipient in recipients:
        PackageDocument.objects.create(package=package, recipient=recipient)
    audit_record(
        group=proposal.group,
        actor=actor,
        action="package.created",
        summary=_("Package of version %(number)d for %(count)d recipient(s)")
        % {"number": version.number, "count": len(recipients)},
        proposal=proposal,
        details={"package": str(package.public_id), "recipients": [r.pk for r in recipients]},
    )
    transaction.on_commit(lambda: jobs.enqueue_build(package.pk))
    return package


def package_is_stale(package: Package, *, now=None) -> bool:
    """Queued or building for so long that its worker is presumed gone: it may start again."""
    return build_is_stale(package, now=now)


@transaction.atomic
def package_retry(*, package: Package, actor: User) -> Package:
    """Queue a failed (or stuck) package again. Locks the package row."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    if package.status != PackageStatus.FAILED and not package_is_stale(package):
        raise ValidationError(_("This package is being built or is ready."))
    package.status = PackageStatus.QUEUED
    package.progress = 0
    package.progress_message = ""
    package.error = ""
    package.created_at = timezone.now()
    package.save(update_fields=["status", "progress", "progress_message", "error", "created_at"])
    audit_record(
        group=package.proposal.group,
        actor=actor,
        action="package.retried",
        summary=_("Package built again"),
        proposal=package.proposal,
        details={"package": str(package.public_id)},
    )
    transaction.on_commit(lambda: jobs.enqueue_build(package.pk))
    return package


def package_oversized(document: PackageDocument) -> bool:
    """Larger than e-reception portals commonly accept (5 MB by default)."""
    return bool(document.pdf_id) and document.pdf.size > settings.ACCORD_PACKAGE_WARN_BYTES
