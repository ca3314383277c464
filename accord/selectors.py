"""Reads about people and groups that span relations."""

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord import registry
from accord.models import Invitation, Membership, Role, WorkingGroup


def _count(queryset) -> Coalesce:
    """A correlated COUNT(*) subquery: no join, so other annotations are not multiplied."""
    counted = queryset.order_by().values("group").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def groups_for_user(*, user) -> QuerySet[WorkingGroup]:
    """The user's groups with the user's role, the member count and the counts the apps register
    (`accord.registry.group_counts`: `proposal_count`, the live proposals)."""
    if not getattr(user, "is_authenticated", False):
        return WorkingGroup.objects.none()
    role = Membership.objects.filter(group=OuterRef("pk"), user=user).values("role")[:1]
    return (
        WorkingGroup.objects.filter(pk__in=Membership.objects.filter(user=user).values("group"))
        .annotate(
            user_role=Subquery(role),
            member_count=_count(Membership.objects.filter(group=OuterRef("pk"))),
            **{
                count.name: _count(count.rows().filter(group=OuterRef("pk")))
                for count in registry.group_counts
            },
        )
        .order_by("name")
    )


def group_memberships(*, group: WorkingGroup) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group=group)
        .select_related("user", "organization")
        .annotate(
            role_rank=Case(
                *[When(role=role, then=Value(rank)) for rank, role in enumerate(Role.values)],
                output_field=IntegerField(),
            )
        )
        .order_by("role_rank", "user__display_name")
    )


def group_pending_invitations(*, group: WorkingGroup) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            group=group, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        )
        .select_related("organization", "invited_by")
        .order_by("-created_at")
    )
