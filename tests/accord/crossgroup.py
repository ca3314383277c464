"""Two fully populated working groups for the cross-group isolation tests.

Every object a URL, a query string or a body can name exists in both groups: proposals at each
stage, versions, a comment thread with a reply, suggestions, a review with a vote, an approved
version with an endorsement, recipients, a ready package with its stored PDF, DOCX and preview,
a submission with an answer file, an invitation, memberships and notifications. Group B's names
and titles carry `MARK`, so any response that shows one of them leaks.
"""

import base64
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from accord import services as accord_services
from accord.models import ApprovalRule, Membership, Notification, Role
from legislation.services import act_create
from proposals.models import VersionKind
from proposals.services import comments, review
from proposals.services.versions import text_replace, version_checkpoint, version_create
from submissions.models import SubmissionChannel
from submissions.services.files import stored_file_create
from submissions.services.tracking import submission_answer, submission_record
from tests import factories
from tests.proposals.helpers import proposal_in_review, seed_anchors
from tests.submissions.helpers import approved_with_endorsements, make_package, make_recipient

MARK = "XBSECRETX"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 32
QUOTE = "«с кавычками»"


class Side:
    """One group and everything in it. `mark` goes into every name and title of the side."""

    def __init__(self, label: str, *, mark: str = "", versions: int = 2):
        self.label = label
        self.mark = mark
        self.organization = factories.OrganizationFactory(name=f"НКО {label} {mark}".strip())
        self.group = factories.WorkingGroupFactory(
            name=f"Рабочая группа {label} {mark}".strip(),
            organizations=[self.organization],
            approval_rule=ApprovalRule.MAJORITY,
        )
        self.users = {}
        for role in (Role.COORDINATOR, Role.EDITOR, Role.COMMENTER):
            user = factories.UserFactory(
                email=f"{role}-{label.lower()}@example.test",
                display_name=f"Участник {role} {label} {mark}".strip(),
            )
            factories.MembershipFactory(
                user=user, group=self.group, role=role, organization=self.organization
            )
            self.users[role] = user
        self.membership = Membership.objects.get(group=self.group, user=self.users[Role.EDITOR])
        self._proposals(versions)
        self.act = act_create(
            group_id=self.group.pk,
            author=self.users[Role.COORDINATOR],
            title=self.title("Об охране"),
            number=f"{label}-ФЗ",
            text=f"Статья 1. {self.title('Предмет')}\nТекст статьи.\n",
        )
        self._threads()
        self._submission()
        self.invitation = accord_services.invitation_create(
            group=self.group,
            invited_by=self.users[Role.COORDINATOR],
            email=f"invitee-{label.lower()}@example.test",
            role=Role.EDITOR,
            organization=self.organization,
            accept_url_builder=lambda token: f"http://testserver/invitations/{token}/",
        )
        self.notifications = list(
            Notification.objects.filter(user__in=self.users.values(), read_at=None)
        )
        assert self.notifications, "reviews notify members: the fixture needs unread ones"

    def title(self, what: str) -> str:
        return f"{what} {self.label} {self.mark}".strip()

    def _proposals(self, versions: int) -> None:
        editor = self.users[Role.EDITOR]
        self.draft = factories.ProposalFactory(
            group=self.group, created_by=editor, title=self.title("Черновик")
        )
        version_create(proposal=self.draft, kind=VersionKind.NAMED, label="Исходная")
        for number in range(2, versions + 1):
            text_replace(
                proposal=self.draft, author=editor, target=f"Текст {number} {self.mark}.\n"
            )
            version_checkpoint(proposal=self.draft)
        self.fresh = factories.ProposalFactory(group=self.group, title=self.title("Новое"))
        self.in_review = proposal_in_review(self, title=self.title("На рассмотрении"))
        review.vote_cast(
            review=review.open_review(self.in_review),
            user=self.users[Role.COORDINATOR],
            choice="approve",
        )
        self.approved = approved_with_endorsements(self, title=self.title("Одобрено"))
        self.discussed = factories.ProposalFactory(group=self.group, title=self.title("Обсуждение"))

    def _threads(self) -> None:
        start, end = seed_anchors(self.discussed, QUOTE)
        self.thread_body = {
            "anchor_start": base64.b64encode(start).decode(),
            "anchor_end": base64.b64encode(end).decode(),
            "quote": QUOTE,
            "body": "Новое замечание",
        }

        def thread(body, replacement=None):
            return comments.thread_create(
                proposal=self.discussed,
                author=self.users[Role.COMMENTER],
                anchor_start=start,
                anchor_end=end,
                quote=QUOTE,
                body=body,
                replacement=replacement,
            )

        self.thread = thread(self.title("Замечание"))
        self.reply = comments.comment_reply(
            thread=self.thread, author=self.users[Role.EDITOR], body=self.title("Ответ")
        )
        self.suggestion = thread(self.title("Предложение правки"), replacement="«иначе»")

    def _submission(self) -> None:
        self.recipient = make_recipient(
            self.group, surname=f"Иванов{self.mark}", surname_dative=f"Иванову{self.mark}"
        )
        self.spare_recipient = make_recipient(
            self.group, surname=f"Петров{self.mark}", surname_dative=f"Петрову{self.mark}"
        )
        self.package = make_package(self, self.approved, [self.recipient])
        self.document = self.package.documents.get()
        self.document.pdf = stored_file_create(
            name=f"packages/{self.label}.pdf", content_type="application/pdf", data=PDF
        )
        self.document.docx = stored_file_create(
            name=f"packages/{self.label}.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            data=DOCX,
        )
        preview = stored_file_create(
            name=f"packages/{self.label}-0.png", content_type="image/png", data=PNG
        )
        self.document.pages = 1
        self.document.parts = [
            {"key": "letter", "title": "Письмо", "pages": 1, "preview": preview.pk}
        ]
        self.document.save(update_fields=["pdf", "docx", "pages", "parts"])
        # The bill alone, as a legislative package stores it beside the documents.
        self.package.bill_pdf = stored_file_create(
            name=f"packages/{self.label}-bill.pdf", content_type="application/pdf", data=PDF
        )
        self.package.save(update_fields=["bill_pdf"])
        today = timezone.localdate()
        self.submission = submission_record(
            document=self.document,
            channel=SubmissionChannel.POST,
            sent_on=today - timedelta(days=2),
            actor=self.users[Role.EDITOR],
        )
        self.submission = submission_answer(
            submission=self.submission,
            answered_on=today,
            summary=self.title("Ответ ведомства"),
            file_name="answer.pdf",
            file_bytes=PDF,
            actor=self.users[Role.EDITOR],
        )

    def public_ids(self) -> list[str]:
        """Every uuid of the side, as text: none of them may appear in the other side's answers."""
        proposals = [self.draft, self.fresh, self.in_review, self.approved, self.discussed]
        return [str(p.public_id) for p in proposals] + [str(self.package.public_id)]


def database_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (sessions aside: signing in writes them), for equality checks."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.label_lower == "sessions.session" or meta.app_label == "axes":
            continue
        snapshot[meta.label_lower] = [
            tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
            for row in model._base_manager.order_by("pk").values_list()
        ]
    return snapshot


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]
