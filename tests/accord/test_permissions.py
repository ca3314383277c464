"""`accord.access.Permissions`: what each role may do, computed once and carried by the object."""

import dataclasses

import pytest

from accord.access import Permission, Permissions, group_for_user, role_manages, roles_with
from accord.models import Role
from proposals.selectors import proposal_for_user
from proposals.services import proposal_update

# role: (view, comment, edit, manage)
TABLE = {
    Role.OBSERVER: (True, False, False, False),
    Role.COMMENTER: (True, True, False, False),
    Role.EDITOR: (True, True, True, False),
    Role.COORDINATOR: (True, True, True, True),
    None: (False, False, False, False),
}


@pytest.mark.parametrize("archived", [False, True])
@pytest.mark.parametrize("role", list(TABLE))
def test_each_role_gets_its_row_of_the_table(role, archived):
    view, comment, edit, manage = TABLE[role]
    assert Permissions.of(role, archived=archived) == Permissions(
        view=view, comment=comment, edit=edit, manage=manage, writable=edit and not archived
    )


def test_permissions_cannot_be_changed_once_computed():
    permissions = Permissions.of(Role.OBSERVER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        permissions.edit = True


def test_roles_with_a_permission_are_those_the_table_grants_it():
    assert set(roles_with(Permission.VIEW)) == set(Role.values)
    assert set(roles_with(Permission.COMMENT)) == {Role.COMMENTER, Role.EDITOR, Role.COORDINATOR}
    assert set(roles_with(Permission.EDIT)) == {Role.EDITOR, Role.COORDINATOR}
    assert roles_with(Permission.MANAGE) == (Role.COORDINATOR,)
    assert [role for role in Role.values if role_manages(role)] == [Role.COORDINATOR]
    assert not role_manages(None)


@pytest.mark.parametrize("role", Role.values)
def test_the_doors_hand_out_the_permissions_of_the_users_role(world, role):
    user = world.users[role]
    view, comment, edit, manage = TABLE[role]
    expected = Permissions(view=view, comment=comment, edit=edit, manage=manage, writable=edit)
    assert group_for_user(user=user, group_id=world.group.pk).permissions == expected
    proposal = proposal_for_user(user=user, proposal_id=world.proposal.public_id)
    assert proposal.permissions == expected


def test_an_archived_proposal_is_writable_by_nobody(world):
    proposal_update(proposal=world.proposal, archived=True)
    for role in Role.values:
        permissions = proposal_for_user(
            user=world.users[role], proposal_id=world.proposal.public_id
        ).permissions
        assert not permissions.writable, role
        assert permissions.edit is TABLE[role][2], role
