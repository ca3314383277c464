"""Reads for packages and the platform compilation."""

from legislation.problems import shown
from proposals.models import Proposal, ProposalKind, ProposalStatus, Version
from submissions.content import Document, exported_text, proposal_parts, version_document
from submissions.generated import checklist, generated_documents
from submissions.models import PackageStatus, PlatformBuild

PLATFORM_STATUSES = (ProposalStatus.APPROVED, ProposalStatus.SUBMITTED, ProposalStatus.ANSWERED)


def group_platform_documents(group) -> list[Document]:
    """The group's approved proposals (their approved versions), by title: the policy platform."""
    proposals = (
        Proposal.objects.filter(
            group=group,
            archived=False,
            status__in=PLATFORM_STATUSES,
            approved_version__isnull=False,
        )
        .defer("text")
        .select_related("group")
        .order_by("title")
    )
    versions = Version.objects.in_bulk([p.approved_version_id for p in proposals])
    documents = []
    for proposal in proposals:
        version = versions[proposal.approved_version_id]
        version.proposal = proposal
        documents.append(version_document(version=version))
    return documents


def versions_left_out(*, proposal, versions) -> list[tuple[int, tuple]]:
    """For each version (newest first): its number and the internal parts a package of it
    leaves out (proposals.internal.LeftOut), as the package page lists them before building."""
    texts = Version.objects.filter(pk__in=[version.pk for version in versions]).order_by("-number")
    return [
        (version.number, exported_text(text=version.text, kind=proposal.kind).left_out)
        for version in texts.only("number", "text")
    ]


def bill_checklist(*, proposal, version, introduced_by: str = "") -> list:
    """The art. 105 checklist of a bill package of `version` (empty for other kinds)."""
    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT or version is None:
        return []
    version = Version.objects.select_related("proposal").get(pk=version.pk)
    parts = proposal_parts(version=version, title=proposal.title, kind=proposal.kind)
    return checklist(parts=parts, introduced_by=introduced_by)


def bill_problems(*, proposal, version) -> list[dict]:
    """The problems of the generated bill of `version` (its act sections), labelled for a page."""
    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT or version is None:
        return []
    made = generated_documents(text=version.text, group=proposal.group_id)
    return shown(made.problems) if made else []


def platform_latest(group) -> PlatformBuild | None:
    """The group's newest compilation of its platform, whatever its state (its file unloaded)."""
    return (
        PlatformBuild.objects.filter(group=group)
        .select_related("pdf")
        .defer("pdf__data")
        .order_by("-created_at")
        .first()
    )


def platform_latest_ready(group) -> PlatformBuild | None:
    """The newest compilation of the group's platform that has a file."""

    return (
        PlatformBuild.objects.filter(group=group, status=PackageStatus.READY, pdf__isnull=False)
        .order_by("-finished_at")
        .first()
    )
