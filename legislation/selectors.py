"""Reads of acts, under the group's access rules."""

from django.http import Http404

from accord.access import Permission, group_for_user
from legislation.models import Act


def acts_for_user(*, user, group_id) -> list[Act]:
    """The group's acts for a member (any role); non-members get Http404."""
    group = group_for_user(user=user, group_id=group_id, need=Permission.VIEW)
    return list(Act.objects.filter(group=group).defer("text"))


def act_for_user(*, user, act_id, need: Permission = Permission.VIEW) -> Act:
    """One act, for a member of its group; an unknown id and a non-member both get Http404."""
    try:
        act = Act.objects.select_related("group").get(pk=int(act_id))
    except (Act.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    group_for_user(user=user, group_id=act.group_id, need=need)
    return act
