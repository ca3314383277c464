"""Factories for every model of Accord's apps, built through the services that create them.

A factory calls the service a view or a worker would call, so it cannot make a state the app
cannot: a membership for an organization outside the group, an approved proposal without its
approved version, a package for a version nobody approved. The five people-and-proposal
factories are factory_boy classes (their `_create` calls the service); the rest are plain
`make_<model>(*, ...)` functions, each building what it needs when it is not given.

`MODEL_FACTORIES` maps every model to a zero-argument builder; tests/test_factories.py checks
that no model is missing and that every object built passes `full_clean()`.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from pycrdt import Doc, StickyIndex, Text

from accord import notifications
from accord import services as accord_services
from accord.models import (
    ApprovalRule,
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    NotificationPreference,
    Organization,
    Role,
    Theme,
    User,
    WorkingGroup,
)
from proposals import services as proposal_services
from proposals.models import (
    Comment,
    CommentThread,
    Endorsement,
    Proposal,
    ProposalKind,
    ProposalVisit,
    Review,
    Version,
    VersionKind,
    Vote,
)
from proposals.services import comments, review, versions
from proposals.workflow import proposal_archive
from realtime import store
from realtime.models import ClientIdentity, DocumentSnapshot, DocumentUpdate
from realtime.protocol import TEXT_NAME
from submissions.models import (
    LetterTemplate,
    Package,
    PackageAuthor,
    PackageDocument,
    PackageLetterText,
    PackageSignatory,
    PlatformBuild,
    Recipient,
    RecipientKind,
    StoredFile,
    Submission,
    SubmissionChannel,
)
from submissions.services import builds, files, letters, packages, platform, recipients, tracking

PASSWORD = "test-password-1234"


# People and groups --------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """`user_create` (an existing email gives back that user, as tests expect); staff and
    superusers through the manager, as `createsuperuser` makes them."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Sequence(lambda n: f"Участник {n}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *, email, display_name, password, **fields):
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            return existing
        if fields.pop("is_superuser", False):
            fields.pop("is_staff", None)
            return User.objects.create_superuser(
                email=email, password=password, display_name=display_name, **fields
            )
        staff = fields.pop("is_staff", False)
        user = accord_services.user_create(
            email=email, password=password, display_name=display_name, **fields
        )
        if staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return user


class OrganizationFactory(DjangoModelFactory):
    """`organization_create`, then `organization_update` for the letter's sender details."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"НКО № {n}")
    city = "Новосибирск"
    postal_address = "ул. Ленина, д. 1, Новосибирск, 630000"

    @classmethod
    def _create(cls, model_class, **fields):
        basics = {
            name: fields.pop(name)
            for name in ("name", "city", "region", "website", "description")
            if name in fields
        }
        organization = accord_services.organization_create(**basics)
        if fields:
            accord_services.organization_update(organization=organization, **fields)
        return organization


class WorkingGroupFactory(DjangoModelFactory):
    """`working_group_create`; `organizations=[...]` become its member organizations."""

    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Рабочая группа {n}")
    theme = Theme.OTHER

    @classmethod
    def _create(cls, model_class, *, organizations=(), **fields):
        return accord_services.working_group_create(organizations=organizations or (), **fields)


class MembershipFactory(DjangoModelFactory):
    """`membership_add`: the organization, if any, must belong to the group."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    role = Role.EDITOR

    @classmethod
    def _create(cls, model_class, **fields):
        return accord_services.membership_add(**fields)


class ProposalFactory(DjangoModelFactory):
    """`proposal_create` (a draft); `archived=True` through `proposal_update`. A status is not
    a field to set: bring a proposal to it through the workflow (tests/proposals/helpers.py)."""

    class Meta:
        model = Proposal

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Предложение {n}")
    kind = ProposalKind.POLICY_PROPOSAL
    text = "# Заголовок\n\nТекст предложения — «с кавычками» и ё.\n"

    @classmethod
    def _create(cls, model_class, *, created_by=None, archived=False, **fields):
        if "status" in fields:
            raise TypeError("a status is reached through the workflow, not set by a factory")
        proposal = proposal_services.proposal_create(author=created_by, **fields)
        if archived:
            proposal = proposal_archive(proposal=proposal, actor=created_by, archived=True)
        return proposal


def make_group_with_coordinator(*, approval_rule: str = ApprovalRule.COORDINATOR):
    """A group with one member organization and its coordinator, who represents it."""
    organization = OrganizationFactory()
    group = WorkingGroupFactory(organizations=[organization], approval_rule=approval_rule)
    coordinator = UserFactory()
    MembershipFactory(
        user=coordinator, group=group, role=Role.COORDINATOR, organization=organization
    )
    return group, coordinator


def make_invitation(*, group=None, invited_by=None, email=None, role=Role.EDITOR) -> Invitation:
    if group is None:
        group, invited_by = make_group_with_coordinator()
    email = email or f"invited-{Invitation.objects.count() + 1}@example.test"
    return accord_services.invitation_create(
        group=group, invited_by=invited_by, email=email, role=role
    )


def make_audit_event(*, group=None, actor=None, action="test.action") -> AuditEvent:
    group = group or WorkingGroupFactory()
    return accord_services.audit_record(
        group=group, actor=actor, action=action, summary="Запись журнала"
    )


def make_notification(*, user=None, kind="mention", text="Вас упомянули") -> Notification:
    user = user or UserFactory()
    (notification,) = notifications.notify(users=[user], kind=kind, text=text, email=False)
    return notification


def make_notification_preference(
    *, user=None, kind="mention", delivery="digest"
) -> NotificationPreference:
    user = user or UserFactory()
    notifications.preference_set(user=user, kind=kind, delivery=delivery)
    return NotificationPreference.objects.get(user=user, kind=kind)


# Proposals ----------------------------------------------------------------------------------------


def passage_anchors(proposal: Proposal, quote: str) -> tuple[bytes, bytes]:
    """Yjs anchors around the first `quote` in a freshly seeded live document.

    Seeding writes the whole text as one item of the seed client, whose clocks count UTF-16
    units, so the anchors are exactly what Yjs in the browser would make for that selection:
    the start sticks to the quote's first unit (assoc 0), the end to its last (assoc -1).
    """
    updates = store.document_load(proposal_id=proposal.pk)
    text = store.document_text(updates)
    assert len(updates) == 1, "the live text has been edited; anchor it with Yjs instead"

    def units(part: str) -> int:
        return len(part.encode("utf-16-le")) // 2

    start = units(text[: text.index(quote)])
    end = start + units(quote)

    def encoded(clock: int, assoc: int) -> bytes:
        item = {"client": store.SEED_CLIENT_ID, "clock": clock}
        return StickyIndex.from_json({"item": item, "assoc": assoc}).encode()

    return encoded(start, 0), encoded(end - 1, -1)


def make_version(*, proposal=None, author=None, label="Первая редакция") -> Version:
    proposal = proposal or ProposalFactory()
    return versions.version_create(
        proposal=proposal, kind=VersionKind.NAMED, author=author, label=label
    )


def make_proposal_visit(*, proposal=None, user=None) -> ProposalVisit:
    proposal = proposal or ProposalFactory()
    user = user or UserFactory()
    versions.proposal_visit_record(proposal=proposal, user=user)
    return ProposalVisit.objects.get(proposal=proposal, user=user)


def make_thread(*, proposal=None, author=None, quote="Текст", replacement=None) -> CommentThread:
    """A comment (or, with `replacement`, a suggestion) on `quote` in a fresh proposal's text."""
    proposal = proposal or ProposalFactory()
    author = author or UserFactory()
    start, end = passage_anchors(proposal, quote)
    return comments.thread_create(
        proposal=proposal,
        author=author,
        anchor_start=start,
        anchor_end=end,
        quote=quote,
        body="Предлагаю уточнить.",
        replacement=replacement,
    )


def make_comment(*, thread=None, author=None, body="Согласен.") -> Comment:
    thread = thread or make_thread()
    return comments.comment_reply(thread=thread, author=author or UserFactory(), body=body)


def in_a_week() -> date:
    return timezone.localdate() + timedelta(days=7)


def make_review(*, proposal=None, coordinator=None) -> Review:
    """An open review of a proposal, opened by its group's coordinator."""
    if proposal is None:
        group, coordinator = make_group_with_coordinator()
        proposal = ProposalFactory(group=group, created_by=coordinator)
    return review.review_open(proposal=proposal, actor=coordinator, deadline=in_a_week())


def make_vote(*, choice="approve") -> Vote:
    """A vote of the coordinator's organization in a review under the majority rule."""
    group, coordinator = make_group_with_coordinator(approval_rule=ApprovalRule.MAJORITY)
    proposal = ProposalFactory(group=group, created_by=coordinator)
    current = make_review(proposal=proposal, coordinator=coordinator)
    return review.vote_cast(review=current, user=coordinator, choice=choice)


def make_approved_proposal(*, group=None, coordinator=None, **fields) -> Proposal:
    """A proposal its coordinator approved (voting first when the group decides by majority)."""
    if group is None:
        group, coordinator = make_group_with_coordinator()
    proposal = ProposalFactory(group=group, created_by=coordinator, **fields)
    current = make_review(proposal=proposal, coordinator=coordinator)
    if current.rule == ApprovalRule.MAJORITY:
        review.vote_cast(review=current, user=coordinator, choice="approve")
    review.review_close(review=current, actor=coordinator, approve=True)
    proposal.refresh_from_db()
    return proposal


def make_endorsement() -> Endorsement:
    group, coordinator = make_group_with_coordinator()
    proposal = make_approved_proposal(group=group, coordinator=coordinator)
    return review.endorsement_give(proposal=proposal, user=coordinator)


# Realtime -----------------------------------------------------------------------------------------


def make_document_update(*, proposal=None, user=None, insert=" Дополнение.") -> DocumentUpdate:
    """An edit appended to the live log by an editor's client, as the room appends it."""
    proposal = proposal or ProposalFactory()
    user = user or UserFactory()
    doc = Doc()
    shared = doc.get(TEXT_NAME, type=Text)
    for blob in store.document_load(proposal_id=proposal.pk):
        doc.apply_update(blob)
    before = doc.get_state()
    shared += insert
    update = doc.get_update(before)
    sequence = store.update_append(
        proposal_id=proposal.pk,
        data=update,
        user_id=user.pk,
        new_clients=store.client_ids(update),
    )
    return DocumentUpdate.objects.get(pk=sequence)


def make_client_identity() -> ClientIdentity:
    update = make_document_update()
    return ClientIdentity.objects.get(proposal=update.proposal_id, user=update.user_id)


def make_document_snapshot(*, proposal=None) -> DocumentSnapshot:
    proposal = proposal or make_document_update().proposal
    store.document_compact(proposal_id=proposal.pk)
    return DocumentSnapshot.objects.get(proposal=proposal)


# Submissions --------------------------------------------------------------------------------------


def make_stored_file(*, name="ответ.pdf", data=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") -> StoredFile:
    return files.stored_file_create(name=name, content_type="application/pdf", data=data)


RECIPIENT_FIELDS = {
    "kind": RecipientKind.COMMITTEE,
    "surname": "Иванов",
    "given_name": "Иван",
    "patronymic": "Иванович",
    "surname_dative": "Иванову",
    "position": "Председатель Комитета Государственной Думы по защите семьи",
    "position_dative": "Председателю Комитета Государственной Думы по защите семьи",
    "body": "Государственная Дума Федерального Собрания Российской Федерации",
    "postal_address": "ул. Охотный Ряд, д. 1, Москва, 103265",
    "email": "committee@duma.example",
}


def make_recipient(*, group=None, actor=None, archived=False, **fields) -> Recipient:
    """A recipient in the group's directory (a Duma committee's chair unless told otherwise)."""
    group = group or WorkingGroupFactory()
    recipient = recipients.recipient_create(
        group=group, actor=actor, **{**RECIPIENT_FIELDS, **fields}
    )
    if archived:
        recipient = recipients.recipient_archive(recipient=recipient, actor=actor)
    return recipient


def make_letter_template(*, group=None, actor=None, kind=RecipientKind.COMMITTEE) -> LetterTemplate:
    if group is None:
        group, actor = make_group_with_coordinator()
    return letters.letter_template_set(
        group=group,
        kind=kind,
        bill_text="Направляем проект федерального закона рабочей группы.",
        proposals_text="Направляем предложения рабочей группы.",
        actor=actor,
    )


def make_package(*, proposal=None, coordinator=None, recipient_list=None, **fields) -> Package:
    """A package queued by `package_create` for an approved proposal (not built: no files)."""
    if proposal is None:
        group, coordinator = make_group_with_coordinator()
        proposal = make_approved_proposal(group=group, coordinator=coordinator)
    organizations = list(proposal.group.organizations.order_by("pk"))
    values = {
        "version": proposal.approved_version,
        "actor": coordinator,
        "recipients": recipient_list or [make_recipient(group=proposal.group)],
        "authors": [
            (organization, f"{order}-23")
            for order, organization in enumerate(organizations, start=1)
        ],
        "signatories": [packages.Signer("Председатель правления", "А.С. Петрова")],
        "letter_date": timezone.localdate(),
        "heading": "О предложениях по совершенствованию законодательства",
        "body": "Направляем предложения рабочей группы.\n\nПросим рассмотреть.",
        "executor_name": "Петрова Анна Сергеевна",
        "executor_phone": "+7 (383) 000-00-00",
        "executor_email": "petrova@example.org",
        "with_docx": False,
        **fields,
    }
    return packages.package_create(proposal=proposal, **values)


def make_package_author() -> PackageAuthor:
    return make_package().authors.get()


def make_package_signatory() -> PackageSignatory:
    return make_package().signatories.get()


def make_package_document() -> PackageDocument:
    return make_package().documents.get()


def make_package_letter_text() -> PackageLetterText:
    package = make_package(letter_texts={RecipientKind.COMMITTEE: "Направляем предложения."})
    return package.letter_texts.get()


def make_ready_package(**fields) -> Package:
    """A package built by the export worker's `package_build` (renders PDFs: slow)."""
    package = make_package(**fields)
    return builds.package_build(package_id=package.pk)


def make_submission(*, document=None, actor=None, sent_on=None) -> Submission:
    """A submission recorded for a built package's document (builds one when not given)."""
    if document is None:
        package = make_ready_package()
        document, actor = package.documents.get(), package.created_by
    return tracking.submission_record(
        document=document,
        channel=SubmissionChannel.EMAIL,
        sent_on=sent_on or timezone.localdate(),
        actor=actor,
    )


def make_platform_build(*, group=None, actor=None) -> PlatformBuild:
    """A compilation of a group's platform, queued (the group needs an approved proposal)."""
    if group is None:
        group, actor = make_group_with_coordinator()
        make_approved_proposal(group=group, coordinator=actor)
    return platform.platform_build_request(group=group, actor=actor)


# Every model of Accord's apps and a builder of a valid one (checked by tests/test_factories.py).
MODEL_FACTORIES = {
    User: UserFactory,
    Organization: OrganizationFactory,
    WorkingGroup: WorkingGroupFactory,
    Membership: MembershipFactory,
    Invitation: make_invitation,
    AuditEvent: make_audit_event,
    Notification: make_notification,
    NotificationPreference: make_notification_preference,
    Proposal: ProposalFactory,
    Version: make_version,
    ProposalVisit: make_proposal_visit,
    CommentThread: make_thread,
    Comment: make_comment,
    Review: make_review,
    Vote: make_vote,
    Endorsement: make_endorsement,
    DocumentUpdate: make_document_update,
    DocumentSnapshot: make_document_snapshot,
    ClientIdentity: make_client_identity,
    StoredFile: make_stored_file,
    Recipient: make_recipient,
    Package: make_package,
    PackageAuthor: make_package_author,
    PackageLetterText: make_package_letter_text,
    LetterTemplate: make_letter_template,
    PackageSignatory: make_package_signatory,
    PackageDocument: make_package_document,
    Submission: make_submission,
    PlatformBuild: make_platform_build,
}
