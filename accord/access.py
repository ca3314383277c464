"""Who may do what: the one place where roles become permissions.

Every HTTP view, API view and websocket consumer asks here. A user outside a group gets
`Http404` for anything in it (its existence is not revealed); a member whose role is too low
gets `PermissionDenied` (403).
"""

import enum
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accord.models import Membership, Role, WorkingGroup


class Permission(enum.Enum):
    VIEW = "view"
    COMMENT = "comment"
    EDIT = "edit"
    MANAGE = "manage"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OBSERVER: frozenset({Permission.VIEW}),
    Role.COMMENTER: frozenset({Permission.VIEW, Permission.COMMENT}),
    Role.EDITOR: frozenset({Permission.VIEW, Permission.COMMENT, Permission.EDIT}),
    Role.COORDINATOR: frozenset(Permission),
}


def role_allows(role: str | None, need: Permission) -> bool:
    return role is not None and need in ROLE_PERMISSIONS.get(role, frozenset())


def role_manages(role: str | None) -> bool:
    """Whether the role runs the group (members, recipients, workflow): its coordinators."""
    return role_allows(role, Permission.MANAGE)


def roles_with(need: Permission) -> tuple[str, ...]:
    """Every role that grants `need`, for queries over members (`role__in=roles_with(…)`)."""
    return tuple(role for role, granted in ROLE_PERMISSIONS.items() if need in granted)


@dataclass(frozen=True)
class Permissions:
    """What one user may do with one object, computed once here and read everywhere else.

    `writable` is `edit` on something that may still change: an archived proposal is read-only
    for everyone, whatever their role.
    """

    view: bool = False
    comment: bool = False
    edit: bool = False
    manage: bool = False
    writable: bool = False

    @classmethod
    def of(cls, role: str | None, *, archived: bool = False) -> "Permissions":
        edit = role_allows(role, Permission.EDIT)
        return cls(
            view=role_allows(role, Permission.VIEW),
            comment=role_allows(role, Permission.COMMENT),
            edit=edit,
            manage=role_allows(role, Permission.MANAGE),
            writable=edit and not archived,
        )

    def allows(self, need: Permission) -> bool:
        return bool(getattr(self, need.value))

    def as_dict(self) -> dict[str, bool]:
        """For the browser's JSON config."""
        return asdict(self)


def role_of(*, user, group_id: int) -> str | None:
    """The user's role in the group, or None for anonymous users and non-members."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        Membership.objects.filter(user=user, group_id=group_id)
        .values_list("role", flat=True)
        .first()
    )


def require(*, role: str | None, need: Permission) -> None:
    """Raise Http404 for non-members and PermissionDenied for a role that falls short."""
    if role is None:
        raise Http404
    if not role_allows(role, need):
        raise PermissionDenied


def group_for_user(*, user, group_id, need: Permission = Permission.VIEW) -> WorkingGroup:
    """The working group if the user may `need` it.

    Sets `.permissions` (a `Permissions`) and `.user_role`, the role's name, which only the API
    shows; decisions read `.permissions`.
    """
    try:
        group = WorkingGroup.objects.get(pk=int(group_id))
    except (WorkingGroup.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    role = role_of(user=user, group_id=group.pk)
    require(role=role, need=need)
    group.user_role = role
    group.permissions = Permissions.of(role)
    return group
