"""Notifications: in the app always, by email at once or in one daily digest as each member
chose; reminders of reviews and endorsements that are due."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accord.models import Delivery, Notification, NotificationKind, Role
from accord.notifications import digest_pending, preference_set, preferences_for, unread_count
from proposals.services import comments, review
from tests import factories
from tests.proposals.helpers import approved_proposal, in_a_week, seed_anchors

MIXED = {
    NotificationKind.MENTION: Delivery.IMMEDIATE,
    NotificationKind.REPLY: Delivery.DIGEST,
    NotificationKind.REVIEW: Delivery.OFF,
    NotificationKind.APPROVAL: Delivery.DIGEST,
}


def mail_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def texts(user, kind) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=kind)
        .order_by("created_at", "pk")
        .values_list("text", flat=True)
    )


@pytest.fixture
def member(world):
    """The editor, with mixed preferences: mentions at once, replies and approvals daily,
    reviews only in Accord (endorsement requests keep the default: at once)."""
    editor = world.users[Role.EDITOR]
    for kind, delivery in MIXED.items():
        preference_set(user=editor, kind=kind, delivery=delivery)
    return editor


@pytest.fixture
def busy_day(world, member, django_capture_on_commit_callbacks):
    """Others mention the member, reply to the member, review and approve a proposal."""
    coordinator, commenter = world.users[Role.COORDINATOR], world.users[Role.COMMENTER]
    start, end = seed_anchors(world.proposal, "«с кавычками»")
    with django_capture_on_commit_callbacks(execute=True):
        thread = comments.thread_create(
            proposal=world.proposal,
            author=commenter,
            anchor_start=start,
            anchor_end=end,
            quote="«с кавычками»",
            body=f"@[{member.display_name}], посмотрите, пожалуйста",
        )
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_reply(thread=thread, author=member, body="Посмотрю вечером")
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_reply(thread=thread, author=commenter, body="Спасибо!")
    with django_capture_on_commit_callbacks(execute=True):
        current = review.review_open(
            proposal=world.proposal, actor=coordinator, deadline=in_a_week()
        )
    with django_capture_on_commit_callbacks(execute=True):
        review.review_close(review=current, actor=coordinator, approve=True)
    return thread


def test_immediate_notifications_are_emailed_at_once_and_only_those(world, member, busy_day):
    immediate = texts(member, NotificationKind.MENTION) + texts(
        member, NotificationKind.ENDORSEMENT
    )
    assert len(immediate) == 2
    emails = mail_to(member)
    assert len(emails) == 2
    for message, text in zip(emails, immediate, strict=True):
        assert text in message.body
        assert text[:60] in message.subject
    assert Notification.objects.filter(user=member, emailed_at=None).count() == 2  # the digest


def test_the_digest_carries_exactly_the_digest_kinds_in_one_email(world, member, busy_day):
    already = len(mail.outbox)
    out = StringIO()
    call_command("send_digests", stdout=out)

    (digest,) = mail.outbox[already:]  # one email, to the one member who chose digests
    assert digest.to == [member.email]
    daily = texts(member, NotificationKind.REPLY) + texts(member, NotificationKind.APPROVAL)
    assert len(daily) == 2
    for text in daily:
        assert text in digest.body
    not_daily = (
        texts(member, NotificationKind.MENTION)
        + texts(member, NotificationKind.REVIEW)
        + texts(member, NotificationKind.ENDORSEMENT)
    )
    assert len(not_daily) == 3
    for text in not_daily:
        assert text not in digest.body
    assert "(2)" in digest.subject
    assert "Digests emailed: 1." in out.getvalue()
    assert digest_pending(user=member) == []

    call_command("send_digests", stdout=StringIO())
    assert len(mail.outbox) == already + 1


def test_notifications_switched_off_are_never_emailed_but_listed_in_the_app(
    client, world, member, busy_day
):
    call_command("send_digests", stdout=StringIO())
    (review_note,) = texts(member, NotificationKind.REVIEW)
    assert not any(
        review_note in message.body for message in mail.outbox if member.email in message.to
    )
    client.force_login(member)
    page = client.get(reverse("notifications")).content.decode()
    api = client.get("/api/notifications/").json()
    assert review_note in page
    kinds = sorted(item["kind"] for item in api)
    assert kinds == sorted(
        [
            NotificationKind.MENTION,
            NotificationKind.REPLY,
            NotificationKind.REVIEW,
            NotificationKind.APPROVAL,
            NotificationKind.ENDORSEMENT,
        ]
    )


def test_the_top_bar_counts_unread_notifications_until_they_are_read(
    client, world, member, busy_day
):
    client.force_login(member)
    response = client.get(reverse("dashboard"))
    assert response.context["unread_notifications"] == 5
    assert '<span class="counter"' in response.content.decode()

    first = Notification.objects.filter(user=member).order_by("created_at", "pk").first()
    marked = client.post(
        "/api/notifications/", {"ids": [first.pk]}, content_type="application/json"
    )
    assert marked.json() == {"marked": 1}
    assert unread_count(user=member) == 4

    client.post(reverse("notifications"), {"action": "read"})
    response = client.get(reverse("dashboard"))
    assert response.context["unread_notifications"] == 0
    assert '<span class="counter"' not in response.content.decode()
    assert not Notification.objects.filter(user=member, read_at=None).exists()
    # Others' notifications are untouched.
    assert Notification.objects.filter(read_at=None).exclude(user=member).exists()


def test_marking_read_through_the_api_touches_only_ones_own(client, world, member, busy_day):
    others = Notification.objects.exclude(user=member).values_list("pk", flat=True)
    client.force_login(member)
    response = client.post(
        "/api/notifications/", {"ids": list(others)}, content_type="application/json"
    )
    assert response.json() == {"marked": 0}
    assert not Notification.objects.exclude(read_at=None).exists()


def test_preferences_are_saved_from_the_notifications_page(client, world):
    editor = world.users[Role.EDITOR]
    client.force_login(editor)
    client.post(
        reverse("notifications"),
        {"action": "preferences", "delivery-reply": "digest", "delivery-review": "off"},
    )
    chosen = preferences_for(user=editor)
    assert chosen[NotificationKind.REPLY] == Delivery.DIGEST
    assert chosen[NotificationKind.REVIEW] == Delivery.OFF
    assert chosen[NotificationKind.MENTION] == Delivery.IMMEDIATE


def test_mentions_by_name_or_email_reach_group_members_only(
    world, django_capture_on_commit_callbacks
):
    observer, outsider = world.users[Role.OBSERVER], world.users["outsider"]
    coordinator = world.users[Role.COORDINATOR]
    start, end = seed_anchors(world.proposal, "«с кавычками»")
    with django_capture_on_commit_callbacks(execute=True):
        comments.thread_create(
            proposal=world.proposal,
            author=world.users[Role.COMMENTER],
            anchor_start=start,
            anchor_end=end,
            quote="«с кавычками»",
            body=(
                f"@{observer.email.upper()} и @[{coordinator.display_name.lower()}], "
                f"а также @{outsider.email} и @[{world.users[Role.COMMENTER].display_name}]"
            ),
        )
    mentioned = set(
        Notification.objects.filter(kind=NotificationKind.MENTION).values_list("user", flat=True)
    )
    assert mentioned == {observer.pk, coordinator.pk}  # not the outsider, not the author
    assert {tuple(message.to) for message in mail.outbox} == {
        (observer.email,),
        (coordinator.email,),
    }


# Reminders ----------------------------------------------------------------------------------------


def test_a_review_closing_tomorrow_is_reminded_of_once(world):
    today = timezone.localdate()
    coordinator = world.users[Role.COORDINATOR]
    closing = review.review_open(
        proposal=world.proposal, actor=coordinator, deadline=today + timedelta(days=1)
    )
    later = factories.ProposalFactory(group=world.group, title="Не скоро")
    review.review_open(proposal=later, actor=coordinator, deadline=today + timedelta(days=5))
    opened = Notification.objects.filter(kind=NotificationKind.REVIEW).count()

    assert review.reminders_send(today=today) == 1
    reminders = Notification.objects.filter(kind=NotificationKind.REVIEW).count() - opened
    assert reminders == len(world.users) - 1  # every member of the group, the outsider not
    reminded = set(
        Notification.objects.filter(kind=NotificationKind.REVIEW)
        .order_by("-pk")[:reminders]
        .values_list("user", flat=True)
    )
    assert reminded == {user.pk for key, user in world.users.items() if key != "outsider"}
    closing.refresh_from_db()
    assert closing.reminded_at is not None

    assert review.reminders_send(today=today) == 0
    assert Notification.objects.filter(kind=NotificationKind.REVIEW).count() == opened + reminders


def test_endorsements_due_in_two_days_remind_the_organizations_not_yet_endorsed(world):
    today = timezone.localdate()
    late = factories.OrganizationFactory(name="НКО «Опоздавшие»")
    world.group.organizations.add(late)
    late_speaker = factories.MembershipFactory(
        group=world.group, role=Role.COMMENTER, organization=late
    ).user
    late_observer = factories.MembershipFactory(
        group=world.group, role=Role.OBSERVER, organization=late
    ).user
    proposal = approved_proposal(world)
    review.endorsement_give(proposal=proposal, user=world.users[Role.EDITOR])
    coordinator = world.users[Role.COORDINATOR]
    Notification.objects.all().delete()

    review.endorsement_deadline_set(
        proposal=proposal, actor=coordinator, deadline=today + timedelta(days=3)
    )
    assert review.reminders_send(today=today) == 0

    review.endorsement_deadline_set(
        proposal=proposal, actor=coordinator, deadline=today + timedelta(days=2)
    )
    assert review.reminders_send(today=today) == 1
    reminded = Notification.objects.filter(kind=NotificationKind.ENDORSEMENT)
    assert [note.user for note in reminded] == [late_speaker]
    assert late_observer not in {note.user for note in reminded}

    review.endorsement_give(proposal=proposal, user=late_speaker)
    assert review.reminders_send(today=today) == 0

    review.endorsement_deadline_set(
        proposal=proposal, actor=coordinator, deadline=today - timedelta(days=1)
    )
    assert review.reminders_send(today=today) == 0


def test_send_digests_also_sends_the_reminders_and_says_how_many(
    world, django_capture_on_commit_callbacks
):
    observer = world.users[Role.OBSERVER]
    preference_set(user=observer, kind=NotificationKind.REVIEW, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        review.review_open(
            proposal=world.proposal,
            actor=world.users[Role.COORDINATOR],
            deadline=timezone.localdate() + timedelta(days=1),
        )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=out)
    assert out.getvalue().strip() == "Reminders sent: 1. Digests emailed: 1."
    (digest,) = mail_to(observer)  # the review opened, and the reminder that it closes
    assert "(2)" in digest.subject
    assert len(mail_to(world.users[Role.EDITOR])) == 2  # at once: opened, then the reminder


def test_send_digests_is_documented():
    from accord.management.commands.send_digests import Command

    assert "digest" in Command.help
    assert "remind" in Command.help
