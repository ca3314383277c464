"""Consensus cannot be skipped: the status is written only by the workflow's actions.

Every starting status × every kind of visitor × every entry point that takes a proposal's fields
(API PATCH and PUT, the settings and archive forms, the Django admin) leaves the status as it
was; the review, approval and tracking actions move it; the database refuses an agreed status
without an approved version.
"""

import json

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator

from accord.models import AuditEvent, Role
from proposals.api import STATUS_READ_ONLY
from proposals.models import (
    Endorsement,
    Proposal,
    ProposalStatus,
    Review,
    Version,
    VersionKind,
)
from proposals.services import review
from proposals.services.versions import text_replace, version_create
from proposals.workflow import TRANSITIONS, proposal_transition
from submissions.models import SubmissionChannel
from submissions.services.tracking import submission_answer, submission_record
from tests import factories
from tests.proposals.helpers import in_a_week, proposal_in_review
from tests.submissions.helpers import approved_with_endorsements, make_package, make_recipient

S = ProposalStatus
STATUSES = list(S.values)
VISITORS = ["anonymous", "outsider", Role.OBSERVER, Role.COMMENTER, Role.EDITOR, Role.COORDINATOR]
EDITORS = (Role.EDITOR, Role.COORDINATOR)

# What each visitor gets from the API when the body names `status`: refused by the access rules
# first (401 signed out, 404 outside the group, 403 a role that may not edit), else 400.
API_ANSWER = dict(zip(VISITORS, [401, 404, 403, 403, 400, 400], strict=True))
# And from the settings and archive forms: the page saves the title (302) and ignores `status`.
FORM_ANSWER = dict(zip(VISITORS, [302, 404, 403, 403, 302, 302], strict=True))


def at_status(world, status: str) -> Proposal:
    """A proposal brought to `status` by the workflow's own actions, as in real use."""
    coordinator, editor = world.users[Role.COORDINATOR], world.users[Role.EDITOR]
    if status == S.DRAFT:
        return world.proposal
    if status == S.IN_REVIEW:
        return proposal_in_review(world)
    if status == S.WITHDRAWN:
        proposal = factories.ProposalFactory(group=world.group, created_by=editor)
        return review.proposal_withdraw(proposal=proposal, actor=coordinator)
    proposal = approved_with_endorsements(world)
    if status != S.APPROVED:
        package = make_package(world, proposal, [make_recipient(world.group)])
        submission = submission_record(
            document=package.documents.get(),
            channel=SubmissionChannel.POST,
            sent_on=timezone.localdate(),
            actor=editor,
        )
        if status == S.ANSWERED:
            submission_answer(
                submission=submission,
                answered_on=timezone.localdate(),
                summary="Предложения приняты к сведению.",
                actor=editor,
            )
    proposal.refresh_from_db()
    assert proposal.status == status
    return proposal


def snapshot(proposal: Proposal) -> dict:
    """Everything a skipped consensus would change."""
    row = Proposal.objects.get(pk=proposal.pk)
    return {
        "status": row.status,
        "approved_version": row.approved_version_id,
        "versions": Version.objects.filter(proposal=proposal).count(),
        "reviews": Review.objects.filter(proposal=proposal).count(),
        "endorsements": Endorsement.objects.filter(version__proposal=proposal).count(),
        "status_audits": AuditEvent.objects.filter(
            proposal=proposal, action="proposal.status"
        ).count(),
    }


def read_only_message(response) -> str:
    with translation.override(response.headers.get("Content-Language", "ru")):
        return str(STATUS_READ_ONLY)


def sign_in(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world.users[visitor])


# The acceptance case -----------------------------------------------------------------------------


@pytest.mark.parametrize("target", [S.APPROVED, S.SUBMITTED])
def test_an_editor_cannot_patch_a_draft_to_approved_or_submitted(client, world, target):
    client.force_login(world.users[Role.EDITOR])
    before = snapshot(world.proposal)
    response = client.patch(
        f"/api/proposals/{world.proposal.public_id}/",
        {"status": target},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert response.json()["status"] == [read_only_message(response)]
    assert snapshot(world.proposal) == before == {**before, "status": S.DRAFT}


def test_a_refused_status_leaves_the_other_fields_of_the_request_unapplied(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    title = world.proposal.title
    response = client.patch(
        f"/api/proposals/{world.proposal.public_id}/",
        {"title": "Захвачено", "archived": True, "status": S.DRAFT},  # even its own status
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"status"}
    world.proposal.refresh_from_db()
    assert (world.proposal.title, world.proposal.archived) == (title, False)


def test_a_refused_status_is_named_beside_the_other_errors(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.patch(
        f"/api/proposals/{world.proposal.public_id}/",
        {"title": "", "status": S.APPROVED},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "status"}


def test_renaming_and_archiving_through_the_api_still_work(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.patch(
        f"/api/proposals/{world.proposal.public_id}/",
        {"title": "Новое имя", "archived": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["status"]) == ("Новое имя", S.DRAFT)


# Every status × visitor × entry point ------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("status", STATUSES)
def test_the_api_never_writes_the_status(client, world, status, visitor):
    proposal = at_status(world, status)
    sign_in(client, world, visitor)
    before = snapshot(proposal)
    url = f"/api/proposals/{proposal.public_id}/"
    for target in STATUSES:
        for method, body in [
            ("PATCH", {"status": target}),
            ("PUT", {"title": "Захвачено", "archived": False, "status": target}),
        ]:
            response = client.generic(
                method, url, json.dumps(body), content_type="application/json"
            )
            assert response.status_code == API_ANSWER[visitor], f"{method} {target} as {visitor}"
            if response.status_code == 400:
                assert set(response.json()) == {"status"}
    assert snapshot(proposal) == before
    assert Proposal.objects.get(pk=proposal.pk).title == proposal.title


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("status", STATUSES)
def test_the_settings_and_archive_forms_never_write_the_status(client, world, status, visitor):
    proposal = at_status(world, status)
    sign_in(client, world, visitor)
    before = snapshot(proposal)
    target = S.APPROVED if status != S.APPROVED else S.ANSWERED
    settings = client.post(
        reverse("proposal_settings", args=[proposal.public_id]),
        {"title": "Переименовано", "status": target, "approved_version": ""},
    )
    archive = client.post(
        reverse("proposal_archive", args=[proposal.public_id]),
        {"archived": "1", "status": target, "confirm": "1"},
    )
    assert (settings.status_code, archive.status_code) == (FORM_ANSWER[visitor],) * 2
    assert snapshot(proposal) == before
    renamed = Proposal.objects.get(pk=proposal.pk)
    if visitor in EDITORS:  # the forms did save what they may
        assert (renamed.title, renamed.archived) == ("Переименовано", True)
    else:
        assert (renamed.title, renamed.archived) == (proposal.title, False)


def test_a_new_proposal_starts_as_a_draft_whatever_the_form_says(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.post(
        reverse("proposal_create", args=[world.group.pk]),
        {"title": "С обходом", "kind": "policy_proposal", "start": "empty", "status": S.APPROVED},
    )
    assert response.status_code == 302
    assert Proposal.objects.get(title="С обходом").status == S.DRAFT
    response = client.post(
        "/api/proposals/",
        {
            "group": world.group.pk,
            "title": "Через API",
            "kind": "policy_proposal",
            "status": "approved",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Proposal.objects.get(title="Через API").status == S.DRAFT


@pytest.fixture
def superuser(db):
    return factories.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)


def test_the_admin_shows_the_status_and_approved_version_read_only(rf, superuser):
    model_admin = admin.site._registry[Proposal]
    request = rf.get("/")
    request.user = superuser
    assert {"status", "approved_version"} <= set(model_admin.get_readonly_fields(request))
    assert not {"status", "approved_version"} & set(model_admin.get_form(request)().fields)


@pytest.mark.parametrize("status", STATUSES)
def test_the_admin_change_form_never_writes_the_status(client, world, superuser, status):
    proposal = at_status(world, status)
    other_version = version_create(proposal=proposal, kind=VersionKind.NAMED, label="Другая")
    before = snapshot(proposal)
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    data = {
        "group": proposal.group_id,
        "title": "Исправлено администратором",
        "kind": proposal.kind,
        "text": proposal.text,
        "created_by": proposal.created_by_id or "",
        "archived": "",
        "endorsement_deadline": "",
        "status": S.ANSWERED if status != S.ANSWERED else S.DRAFT,
        "approved_version": other_version.pk,
        "_save": "1",
    }
    client.force_login(world.users[Role.COORDINATOR])  # a member, not staff
    assert client.post(url, data).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == proposal.title
    client.force_login(superuser)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Proposal.objects.get(pk=proposal.pk).title == "Исправлено администратором"
    assert snapshot(proposal) == before


def test_the_api_schema_documents_the_status_as_read_only(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert components["ProposalDetail"]["properties"]["status"]["readOnly"] is True
    for name in ("ProposalUpdateRequest", "PatchedProposalUpdateRequest"):
        assert "status" not in components[name]["properties"]
    patch = schema["paths"]["/api/proposals/{id}/"]["patch"]
    assert "read-only" in patch["description"]
    assert patch["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ProposalDetail"
    }


# The workflow's actions move it -------------------------------------------------------------------


def test_the_workflow_actions_move_the_status_and_audit_each_move(client, world):
    coordinator, editor = world.users[Role.COORDINATOR], world.users[Role.EDITOR]
    proposal = world.proposal
    client.force_login(coordinator)
    opened = client.post(
        f"/api/proposals/{proposal.public_id}/review/",
        {"deadline": in_a_week().isoformat()},
        content_type="application/json",
    )
    assert opened.status_code == 201
    assert Proposal.objects.get(pk=proposal.pk).status == S.IN_REVIEW
    closed = client.post(
        f"/api/proposals/{proposal.public_id}/review/close/",
        {"approve": True},
        content_type="application/json",
    )
    assert closed.status_code == 200, closed.content
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_version.kind) == (S.APPROVED, VersionKind.APPROVAL)
    package = make_package(world, proposal, [make_recipient(world.group)])
    submission = submission_record(
        document=package.documents.get(),
        channel=SubmissionChannel.EMAIL,
        sent_on=timezone.localdate(),
        actor=editor,
    )
    assert Proposal.objects.get(pk=proposal.pk).status == S.SUBMITTED
    submission_answer(
        submission=submission,
        answered_on=timezone.localdate(),
        summary="Ответ получен.",
        actor=editor,
    )
    assert Proposal.objects.get(pk=proposal.pk).status == S.ANSWERED
    review.proposal_withdraw(proposal=proposal, actor=coordinator)
    assert Proposal.objects.get(pk=proposal.pk).status == S.WITHDRAWN
    moves = AuditEvent.objects.filter(proposal=proposal, action="proposal.status").order_by("pk")
    assert [(event.details["from"], event.details["to"], event.actor) for event in moves] == [
        (S.DRAFT, S.IN_REVIEW, coordinator),
        (S.IN_REVIEW, S.APPROVED, coordinator),
        (S.APPROVED, S.SUBMITTED, editor),
        (S.SUBMITTED, S.ANSWERED, editor),
        (S.ANSWERED, S.WITHDRAWN, coordinator),
    ]


def test_a_review_not_approved_and_an_edit_after_approval_move_back_to_draft(world):
    coordinator = world.users[Role.COORDINATOR]
    proposal = proposal_in_review(world)
    review.review_close(review=review.open_review(proposal), actor=coordinator, approve=False)
    assert Proposal.objects.get(pk=proposal.pk).status == S.DRAFT
    current = review.review_open(proposal=proposal, actor=coordinator, deadline=in_a_week())
    review.review_close(review=current, actor=coordinator, approve=True)
    text_replace(proposal=proposal, author=world.users[Role.EDITOR], target="Другой текст.\n")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_version is not None) == (S.DRAFT, True)
    last = AuditEvent.objects.filter(proposal=proposal, action="proposal.status").first()
    assert (last.details["from"], last.details["to"], last.actor) == (S.APPROVED, S.DRAFT, None)


# The transitions, one by one ----------------------------------------------------------------------

# Written out by hand (not derived from TRANSITIONS) so that a change to the table shows here.
ALLOWED = {
    (S.DRAFT, S.IN_REVIEW),
    (S.DRAFT, S.WITHDRAWN),
    (S.IN_REVIEW, S.APPROVED),
    (S.IN_REVIEW, S.DRAFT),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.APPROVED, S.SUBMITTED),
    (S.APPROVED, S.IN_REVIEW),
    (S.APPROVED, S.DRAFT),
    (S.APPROVED, S.WITHDRAWN),
    (S.SUBMITTED, S.ANSWERED),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.ANSWERED, S.IN_REVIEW),
    (S.ANSWERED, S.WITHDRAWN),
}


def test_the_transition_table_is_the_one_documented():
    table = {(current, to) for current, targets in TRANSITIONS.items() for to in targets}
    assert table == ALLOWED
    assert set(TRANSITIONS) == set(STATUSES)


def _stored_at(world, status: str) -> Proposal:
    """A row stored at `status`, with an approved version (the constraint wants one)."""
    proposal = factories.ProposalFactory(group=world.group)
    version = version_create(proposal=proposal, kind=VersionKind.APPROVAL, label="Одобрено")
    Proposal.objects.filter(pk=proposal.pk).update(approved_version=version, status=status)
    return Proposal.objects.get(pk=proposal.pk)


@pytest.mark.parametrize("to", STATUSES)
@pytest.mark.parametrize("current", STATUSES)
def test_proposal_transition_allows_exactly_the_table(world, current, to):
    proposal = _stored_at(world, current)
    actor = world.users[Role.COORDINATOR]
    if (current, to) in ALLOWED:
        proposal_transition(proposal=proposal, to=to, actor=actor, reason="проверка")
        assert Proposal.objects.get(pk=proposal.pk).status == to
        event = AuditEvent.objects.get(proposal=proposal, action="proposal.status")
        assert event.details == {"from": current, "to": to, "reason": "проверка"}
    else:
        with pytest.raises(ValidationError):
            proposal_transition(proposal=proposal, to=to, actor=actor)
        assert Proposal.objects.get(pk=proposal.pk).status == current
        assert not AuditEvent.objects.filter(proposal=proposal).exists()


def test_a_transition_reads_the_stored_status_not_the_instance(world):
    proposal = world.proposal
    proposal.status = S.IN_REVIEW  # stale or forged in memory; the row says draft
    with pytest.raises(ValidationError):
        proposal_transition(proposal=proposal, to=S.APPROVED, actor=None)
    assert Proposal.objects.get(pk=proposal.pk).status == S.DRAFT


def test_an_unknown_status_is_refused(world):
    with pytest.raises(ValidationError):
        proposal_transition(proposal=world.proposal, to="published", actor=None)


def test_approval_needs_an_approved_version(world):
    proposal = factories.ProposalFactory(group=world.group)
    Proposal.objects.filter(pk=proposal.pk).update(status=S.IN_REVIEW)
    with pytest.raises(ValidationError):
        proposal_transition(proposal=proposal, to=S.APPROVED, actor=None)
    assert Proposal.objects.get(pk=proposal.pk).status == S.IN_REVIEW


# The database's own guard ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.APPROVED, S.SUBMITTED, S.ANSWERED])
def test_the_database_refuses_an_agreed_status_without_an_approved_version(world, status):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=world.proposal.pk).update(status=status)
    assert Proposal.objects.get(pk=world.proposal.pk).status == S.DRAFT
    with pytest.raises(IntegrityError), transaction.atomic():
        # Past the services on purpose (the factory refuses a status): the database's own guard.
        Proposal.objects.create(group=world.group, title="В обход", status=status)


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.WITHDRAWN])
def test_the_database_accepts_the_other_statuses_without_one(world, status):
    Proposal.objects.filter(pk=world.proposal.pk).update(status=status)
    assert Proposal.objects.get(pk=world.proposal.pk).status == status


def test_an_approved_version_cannot_be_removed_from_an_approved_proposal(world):
    proposal = at_status(world, S.APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(approved_version=None)


# Rows from before the constraint ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_statuses_set_without_the_workflow():
    """A draft PATCHed to «approved» (as the demo showed) goes back to draft, audited; a proposal
    approved by a review keeps its status."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = ("proposals", "0003_review_and_consensus")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps
        group = old.get_model("accord", "WorkingGroup").objects.create(name="Группа")
        OldProposal = old.get_model("proposals", "Proposal")
        OldProposal.objects.create(group=group, title="Пропущено", status="approved")
        OldProposal.objects.create(group=group, title="Без рассмотрения", status="in_review")
        agreed = OldProposal.objects.create(group=group, title="Одобрено", status="draft")
        version = old.get_model("proposals", "Version").objects.create(
            proposal=agreed, number=1, kind="approval", text="Текст", sha256="0" * 64
        )
        OldProposal.objects.filter(pk=agreed.pk).update(
            status="submitted", approved_version=version
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert ("proposals", "0005_proposal_approved_has_version") in applied
    statuses = dict(Proposal.objects.values_list("title", "status"))
    assert statuses == {"Пропущено": S.DRAFT, "Без рассмотрения": S.DRAFT, "Одобрено": S.SUBMITTED}
    repairs = AuditEvent.objects.filter(action="proposal.status").order_by("proposal__title")
    assert [
        (event.proposal.title, event.details["from"], event.details["to"]) for event in repairs
    ] == [
        ("Без рассмотрения", S.IN_REVIEW, S.DRAFT),
        ("Пропущено", S.APPROVED, S.DRAFT),
    ]
