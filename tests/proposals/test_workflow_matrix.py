"""Every workflow action × every starting status × every role, through the pages that perform it.

The table below is written out by hand: for each starting status, what each action does to the
proposal (moves it to a status, leaves the status as it is while doing its own work, or is refused).
A role that may not perform the action is refused by the access rules first (404 outside the group,
403 a role too low), whatever the status. A refusal of either kind leaves the status, the archive
flag, the audit log and the submissions exactly as they were.

And a grep: no code but proposals/workflow.py writes a proposal's status or archive flag.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.models import AuditEvent, Role
from proposals.models import Proposal, ProposalStatus
from proposals.services import review
from proposals.services.versions import text_replace
from proposals.workflow import TRANSITIONS, proposal_archive, proposal_new_draft_round
from submissions.models import Submission, SubmissionChannel
from submissions.services.tracking import submission_answer, submission_record
from tests.proposals.helpers import in_a_week, proposal_in_review
from tests.submissions.helpers import approved_with_endorsements, make_package, make_recipient

S = ProposalStatus
ROLES = [Role.OBSERVER, Role.COMMENTER, Role.EDITOR, Role.COORDINATOR, "outsider"]

SAME = "same"  # the action does its own work; the status does not move
REFUSED = "refused"  # the workflow refuses: nothing changes

# action → the permission it needs, as the roles have it (accord/access.py)
MANAGERS = {Role.COORDINATOR}
EDITORS = {Role.EDITOR, Role.COORDINATOR}
WHO_MAY = {
    "review_open": MANAGERS,
    "review_close_approving": MANAGERS,
    "review_close_not_approving": MANAGERS,
    "proposal_withdraw": MANAGERS,
    "submission_record": EDITORS,
    "submission_answer": EDITORS,
    "archive": EDITORS,
}
# And what a role that may not gets: a page of a group one is not in does not exist.
REFUSAL = {Role.OBSERVER: 403, Role.COMMENTER: 403, Role.EDITOR: 403, "outsider": 404}

# (starting status, action) → outcome. Absent pairs cannot be tried: the object the action works
# on does not exist then (no package is made before approval, no submission before a sending).
OUTCOME = {
    (S.DRAFT, "review_open"): S.IN_REVIEW,
    (S.DRAFT, "review_close_approving"): REFUSED,
    (S.DRAFT, "review_close_not_approving"): REFUSED,
    (S.DRAFT, "proposal_withdraw"): S.WITHDRAWN,
    (S.DRAFT, "archive"): SAME,
    (S.IN_REVIEW, "review_open"): REFUSED,
    (S.IN_REVIEW, "review_close_approving"): S.APPROVED,
    (S.IN_REVIEW, "review_close_not_approving"): S.DRAFT,
    (S.IN_REVIEW, "proposal_withdraw"): S.WITHDRAWN,
    (S.IN_REVIEW, "archive"): SAME,
    (S.APPROVED, "review_open"): S.IN_REVIEW,
    (S.APPROVED, "review_close_approving"): REFUSED,
    (S.APPROVED, "review_close_not_approving"): REFUSED,
    (S.APPROVED, "proposal_withdraw"): S.WITHDRAWN,
    (S.APPROVED, "submission_record"): S.SUBMITTED,
    (S.APPROVED, "archive"): SAME,
    (S.SUBMITTED, "review_open"): REFUSED,
    (S.SUBMITTED, "review_close_approving"): REFUSED,
    (S.SUBMITTED, "review_close_not_approving"): REFUSED,
    (S.SUBMITTED, "proposal_withdraw"): S.WITHDRAWN,
    (S.SUBMITTED, "submission_record"): SAME,  # to a second recipient
    (S.SUBMITTED, "submission_answer"): S.ANSWERED,
    (S.SUBMITTED, "archive"): SAME,
    (S.ANSWERED, "review_open"): S.IN_REVIEW,
    (S.ANSWERED, "review_close_approving"): REFUSED,
    (S.ANSWERED, "review_close_not_approving"): REFUSED,
    (S.ANSWERED, "proposal_withdraw"): S.WITHDRAWN,
    (S.ANSWERED, "submission_record"): SAME,
    (S.ANSWERED, "submission_answer"): SAME,  # the answer corrected
    (S.ANSWERED, "archive"): SAME,
    (S.WITHDRAWN, "review_open"): REFUSED,
    (S.WITHDRAWN, "review_close_approving"): REFUSED,
    (S.WITHDRAWN, "review_close_not_approving"): REFUSED,
    (S.WITHDRAWN, "proposal_withdraw"): REFUSED,
    (S.WITHDRAWN, "submission_record"): REFUSED,
    (S.WITHDRAWN, "submission_answer"): SAME,  # a letter sent before still gets its answer
    (S.WITHDRAWN, "archive"): SAME,
}
CASES = sorted(OUTCOME)


class State:
    """A proposal brought to a status by the workflow's own actions, with what the actions need:
    an unsent package document (from approval on) and a sent submission (from a sending on)."""

    def __init__(self, world, status: str):
        self.world = world
        coordinator, editor = world.users[Role.COORDINATOR], world.users[Role.EDITOR]
        self.document = self.submission = None
        if status == S.DRAFT:
            self.proposal = world.proposal
        elif status == S.IN_REVIEW:
            self.proposal = proposal_in_review(world)
        else:
            self.proposal = approved_with_endorsements(world)
            recipients = [make_recipient(self.proposal.group, surname=name) for name in "АБ"]
            documents = list(make_package(world, self.proposal, recipients).documents.all())
            self.document = documents[1]
            if status in (S.SUBMITTED, S.ANSWERED, S.WITHDRAWN):
                self.submission = submission_record(
                    document=documents[0],
                    channel=SubmissionChannel.POST,
                    sent_on=timezone.localdate(),
                    actor=editor,
                )
            if status == S.ANSWERED:
                submission_answer(
                    submission=self.submission,
                    answered_on=timezone.localdate(),
                    summary="Принято к сведению.",
                    actor=editor,
                )
            if status == S.WITHDRAWN:
                review.proposal_withdraw(proposal=self.proposal, actor=coordinator)
        self.proposal.refresh_from_db()
        assert self.proposal.status == status

    def snapshot(self) -> dict:
        row = Proposal.objects.get(pk=self.proposal.pk)
        return {
            "status": row.status,
            "archived": row.archived,
            "audit": list(
                AuditEvent.objects.filter(group=self.world.group).values_list("pk", flat=True)
            ),
            "submissions": list(Submission.objects.values_list("pk", "answer_summary")),
        }

    def perform(self, client, action: str):
        public_id = self.proposal.public_id
        today = timezone.localdate().isoformat()
        if action == "review_open":
            url = reverse("review_open", args=[public_id])
            return client.post(url, {"deadline": in_a_week().isoformat()})
        if action.startswith("review_close"):
            decision = "approve" if action == "review_close_approving" else "reject"
            return client.post(
                reverse("review_close", args=[public_id]), {"decision": decision, "confirm": "1"}
            )
        if action == "proposal_withdraw":
            return client.post(reverse("proposal_withdraw", args=[public_id]), {"confirm": "1"})
        if action == "archive":
            return client.post(
                reverse("proposal_archive", args=[public_id]), {"archived": "1", "confirm": "1"}
            )
        if action == "submission_record":
            url = reverse("submission_record", args=[self.document.pk])
            return client.post(url, {"channel": SubmissionChannel.EMAIL, "sent_on": today})
        assert action == "submission_answer"
        url = reverse("submission_detail", args=[self.submission.pk])
        return client.post(
            url,
            {
                "action": "answer",
                "answer-answered_on": today,
                "answer-summary": "Ответ уточнён.",
            },
        )


def test_the_matrix_covers_every_status_action_and_move():
    assert len(CASES) == 37
    assert {status for status, _action in CASES} == set(S.values)
    assert {action for _status, action in CASES} == set(WHO_MAY)
    moves = {(status, to) for (status, _action), to in OUTCOME.items() if to in S.values}
    table = {(current, to) for current, targets in TRANSITIONS.items() for to in targets}
    # Every move of the table is some action's, but one: approved → draft, the new draft round,
    # which editing the approved text makes (test below).
    assert table - moves == {(S.APPROVED, S.DRAFT)}
    assert moves <= table


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("status", "action"), CASES)
def test_each_action_moves_the_status_exactly_as_the_table_says(
    client, world, status, action, role
):
    state = State(world, status)
    before = state.snapshot()
    client.force_login(world.users[role])
    response = state.perform(client, action)
    after = state.snapshot()
    if role not in WHO_MAY[action]:
        assert response.status_code == REFUSAL[role]
        assert after == before
        return
    assert response.status_code in (200, 302)
    outcome = OUTCOME[(status, action)]
    new_audit = AuditEvent.objects.filter(pk__in=set(after["audit"]) - set(before["audit"]))
    moves = [
        (e.details["from"], e.details["to"]) for e in new_audit.filter(action="proposal.status")
    ]
    if outcome == REFUSED:
        assert after == before
    elif outcome == SAME:
        assert after["status"] == status
        assert moves == []
        assert after != before  # the action did its own work
        if action == "archive":
            assert after["archived"] is True
            assert new_audit.filter(action="proposal.archived", actor=world.users[role]).exists()
    else:
        assert after["status"] == outcome
        assert moves == [(status, outcome)]
        assert new_audit.get(action="proposal.status").actor == world.users[role]


# The new draft round and archiving, as services ---------------------------------------------------


def test_editing_the_approved_text_starts_a_new_draft_round_once(world):
    proposal = approved_with_endorsements(world)
    assert proposal_new_draft_round(proposal_id=proposal.pk, text=proposal.text) is False
    assert Proposal.objects.get(pk=proposal.pk).status == S.APPROVED
    text_replace(proposal=proposal, author=world.users[Role.EDITOR], target="Другой текст.\n")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_version is not None) == (S.DRAFT, True)
    assert proposal_new_draft_round(proposal_id=proposal.pk, text="Ещё другой.\n") is False
    moves = AuditEvent.objects.filter(proposal=proposal, action="proposal.status")
    assert [(e.details["from"], e.details["to"]) for e in moves.order_by("pk")][-1] == (
        S.APPROVED,
        S.DRAFT,
    )


def test_archiving_twice_is_audited_once_and_restoring_is_audited(world):
    editor = world.users[Role.EDITOR]
    for _ in range(2):
        proposal_archive(proposal=world.proposal, actor=editor, archived=True)
    proposal_archive(proposal=world.proposal, actor=editor, archived=False)
    assert Proposal.objects.get(pk=world.proposal.pk).archived is False
    actions = AuditEvent.objects.filter(proposal=world.proposal).order_by("pk")
    assert [(e.action, e.actor) for e in actions] == [
        ("proposal.archived", editor),
        ("proposal.unarchived", editor),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_restoring_from_the_archive_is_the_editors_as_archiving_is(client, world, role):
    proposal_archive(proposal=world.proposal, actor=world.users[Role.EDITOR], archived=True)
    state = State(world, S.DRAFT)
    before = state.snapshot()
    client.force_login(world.users[role])
    url = reverse("proposal_archive", args=[world.proposal.public_id])
    response = client.post(url, {"archived": "0"})
    after = state.snapshot()
    if role in WHO_MAY["archive"]:
        assert response.status_code == 302
        assert (after["archived"], after["status"]) == (False, S.DRAFT)
        assert AuditEvent.objects.get(action="proposal.unarchived").actor == world.users[role]
    else:
        assert response.status_code == REFUSAL[role]
        assert after == before


def test_the_admin_shows_the_archive_flag_read_only(rf, db):
    from django.contrib import admin

    from tests import factories

    superuser = factories.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[Proposal]
    assert {"status", "archived"} <= set(model_admin.get_readonly_fields(request))
    assert not {"status", "archived"} & set(model_admin.get_form(request)().fields)


# No other writer ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accord", "proposals", "realtime", "submissions"]
# A write of a proposal's status or archive flag: an attribute set on something named like a
# proposal, or an update() of a Proposal queryset that names one of them.
WRITE = re.compile(
    r"\b(?:\w*proposal\w*|approved|row)\.(?:status|archived)\s*=(?!=)"
    r"|Proposal\.objects\b[^\n]*(?:\n[^\n]*){0,4}?\.update\([^)]*\b(?:status|archived)\s*="
)


def writers(root: Path, skip: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "migrations" in path.relative_to(root).parts or relative in skip:
            continue
        text = path.read_text(encoding="utf-8")
        for match in WRITE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{relative}:{line}")
    return found


def test_nothing_but_the_workflow_writes_a_proposals_status_or_archive_flag():
    found = []
    for app in APPS:
        found += [f"{app}/{where}" for where in writers(ROOT / app, frozenset({"workflow.py"}))]
    assert found == []
    # The workflow itself is what the pattern finds (positive control on the real file).
    in_workflow = [
        where for where in writers(ROOT / "proposals") if where.startswith("workflow.py:")
    ]
    assert len(in_workflow) >= 3


@pytest.mark.parametrize(
    "line",
    [
        "proposal.status = ProposalStatus.APPROVED\n",
        "    self.proposal.archived = True\n",
        "Proposal.objects.filter(pk=pk).update(status='approved')\n",
        "Proposal.objects.filter(\n    pk=pk\n).update(text=t, archived=True)\n",
    ],
)
def test_the_grep_finds_a_planted_writer(tmp_path, line):
    (tmp_path / "planted.py").write_text(line, encoding="utf-8")
    assert writers(tmp_path) == ["planted.py:1"]


@pytest.mark.parametrize(
    "line",
    [
        "if proposal.status == ProposalStatus.APPROVED:\n",
        "Proposal.objects.filter(status='approved', archived=False).count()\n",
        "package.status = PackageStatus.READY\n",
        "recipient.archived = archived\n",
        "Package.objects.filter(pk=pk).update(status='ready')\n",
    ],
)
def test_the_grep_leaves_reads_and_other_models_alone(tmp_path, line):
    (tmp_path / "innocent.py").write_text(line, encoding="utf-8")
    assert writers(tmp_path) == []
