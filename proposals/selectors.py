"""Reads about proposals, always through the access rules in `accord.access`."""

import uuid

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accord.access import Permission, Permissions, require, role_of
from proposals.models import Proposal, Version

VERSIONS_PAGE_SIZE = 50


def proposal_for_user(
    *, user, proposal_id, need: Permission = Permission.VIEW, with_text: bool = True
) -> Proposal:
    """The proposal if the user may `need` it, with the user's `.permissions` on it.

    `.permissions.writable` is false on an archived proposal.

    Non-members and unknown ids get Http404, members whose role falls short PermissionDenied.
    `with_text=False` leaves the (possibly long) Markdown text unloaded, for access checks.
    """
    try:
        public_id = (
            proposal_id if isinstance(proposal_id, uuid.UUID) else uuid.UUID(str(proposal_id))
        )
    except ValueError:
        raise Http404 from None
    proposals = Proposal.objects.select_related("group", "created_by").filter(public_id=public_id)
    if not with_text:
        proposals = proposals.defer("text")
    proposal = proposals.first()
    if proposal is None:
        raise Http404
    role = role_of(user=user, group_id=proposal.group_id)
    require(role=role, need=need)
    proposal.permissions = Permissions.of(role, archived=proposal.archived)
    return proposal


def proposals_visible_to(*, user, include_archived: bool = False) -> QuerySet[Proposal]:
    """Every proposal in the user's groups, newest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Proposal.objects.none()
    proposals = Proposal.objects.filter(group__memberships__user=user).select_related(
        "group", "created_by"
    )
    if not include_archived:
        proposals = proposals.filter(archived=False)
    return proposals.order_by("-updated_at")


def versions_page(*, proposal: Proposal, page_number) -> Page:
    """One page of the proposal's timeline, newest first, without the texts (fast at any length
    of history); a page number out of range gives the nearest page."""
    versions = (
        Version.objects.filter(proposal=proposal)
        .defer("text", "state_vector")
        .select_related("created_by")
        .prefetch_related("authors")
        .order_by("-number")
    )
    return Paginator(versions, VERSIONS_PAGE_SIZE).get_page(page_number)


def versions_changed_by_others(*, proposal: Proposal, user, after: int) -> QuerySet[Version]:
    """Versions newer than `after` that hold someone else's changes, for "since your last visit".

    A version counts unless it is only the member's own: all its authors are the member and it was
    made by the member or by the system. A version with neither authors nor maker counts (it is
    not known to be the member's).
    """
    return (
        Version.objects.filter(proposal=proposal, number__gt=after)
        .annotate(
            authors_total=Count("authors", distinct=True),
            authors_other=Count("authors", filter=~Q(authors=user), distinct=True),
        )
        .filter(
            Q(authors_other__gt=0)
            | (Q(created_by__isnull=False) & ~Q(created_by=user))
            | Q(authors_total=0, created_by__isnull=True)
        )
        .order_by("number")
    )


def version_choices(*, proposal: Proposal) -> list[Version]:
    """Every version, newest first, with what the version picker shows: number, label, kind,
    date and authors (no texts)."""
    return list(
        Version.objects.filter(proposal=proposal)
        .only("number", "label", "kind", "created_at", "proposal_id")
        .prefetch_related("authors")
        .order_by("-number")
    )
