"""Sign-in and password-reset abuse: wrong passwords lock, resets are limited, links work once."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accord.models import AuditEvent
from accord.security import client_ip
from tests import factories

PASSWORD = "a-long-correct-password"
ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.9"


@pytest.fixture
def member(world):
    user = world.users["editor"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def sign_in(client, email, password, address=ADDRESS):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sixth_wrong_password_locks_and_the_page_says_until_when(client, member):
    # Attempts 1-5: the ordinary "wrong email or password" form, status 200.
    for attempt in range(1, 6):
        response = sign_in(client, member.email, "wrong")
        assert response.status_code == 200, attempt
        assert 'name="password"' in response.text
    # Attempt 6: the lock-out page, 429, saying until when in local time.
    response = sign_in(client, member.email, "wrong")
    assert response.status_code == 429
    last_failure = AccessAttempt.objects.get(username=member.email).attempt_time
    until = timezone.localtime(last_failure + timedelta(minutes=15))
    assert f"до {until:%H:%M}" in response.text
    assert 'name="password"' not in response.text
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    # Attempt 7, with the right password: still refused, nobody signed in.
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)
    # Trying while locked does not move the end of the lock.
    assert AccessAttempt.objects.get(username=member.email).attempt_time == last_failure


def test_the_lock_is_for_one_account_from_one_address(client, member, world):
    for _ in range(6):
        sign_in(client, member.email, "wrong")
    assert sign_in(client, member.email, PASSWORD).status_code == 429
    # The member signs in from elsewhere; someone else signs in from the locked address.
    assert sign_in(client, member.email, PASSWORD, address=OTHER_ADDRESS).status_code == 302
    client.logout()
    other = world.users["observer"]
    other.set_password(PASSWORD)
    other.save(update_fields=["password"])
    assert sign_in(client, other.email, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, member):
    for _ in range(6):
        sign_in(client, member.email, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert sign_in(client, member.email, PASSWORD).status_code == 302


def test_the_email_counts_whatever_its_case(client, member):
    for variant in ["EDITOR@example.test", " Editor@Example.test", "editor@EXAMPLE.TEST"] * 2:
        response = sign_in(client, variant, "wrong")
    assert response.status_code == 429
    assert AccessAttempt.objects.values_list("username", flat=True).distinct().count() == 1


def test_a_correct_password_clears_the_count(client, member):
    for _ in range(5):
        sign_in(client, member.email, "wrong")
    assert sign_in(client, member.email, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(1, 6):
        assert sign_in(client, member.email, "wrong").status_code == 200, attempt


def test_one_address_trying_many_accounts_is_locked(client, member, settings):
    settings.ACCORD_LOGIN_IP_FAILURES_ALLOWED = 3
    for number in range(3):
        assert sign_in(client, f"nobody{number}@example.test", "guess").status_code == 200
    assert sign_in(client, "nobody9@example.test", "guess").status_code == 429
    # The whole address now waits, even for a right password; other addresses do not.
    assert sign_in(client, member.email, PASSWORD).status_code == 429
    assert sign_in(client, member.email, PASSWORD, address=OTHER_ADDRESS).status_code == 302


def test_a_lockout_is_recorded_once_in_the_audit_log_of_the_members_groups(client, member, world):
    second_group = factories.WorkingGroupFactory()
    factories.MembershipFactory(user=member, group=second_group)
    for _ in range(9):
        sign_in(client, member.email, "wrong")
    events = AuditEvent.objects.filter(action="account.locked_out")
    assert sorted(event.group_id for event in events) == sorted([world.group.pk, second_group.pk])
    event = events.first()
    assert event.actor is None
    assert member.email in event.summary
    assert event.details["ip_address"] == ADDRESS
    assert not world.audit_log().filter(group=world.other_group).exists()


def test_the_admin_sign_in_is_watched_too(client, member):
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": member.email, "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    response = client.post(
        url, {"username": member.email, "password": "wrong"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 429
    assert sign_in(client, member.email, PASSWORD).status_code == 429


def test_client_address_comes_from_the_trusted_proxy_only(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    settings.ACCORD_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.ACCORD_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"
    settings.ACCORD_TRUSTED_PROXIES = 2
    assert client_ip(request) == "1.2.3.4"


def reset(client, email, address=ADDRESS):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_answers_alike_whether_or_not_the_account_exists(client, member):
    known = reset(client, member.email)
    unknown = reset(client, "nobody@example.test")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1


def test_password_reset_mails_one_address_at_most_three_times_an_hour(client, member):
    for number in range(5):
        response = reset(client, member.email, address=f"192.0.2.{number}")
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_address_are_limited_with_a_time(client, member):
    for number in range(10):
        assert reset(client, f"person{number}@example.test").status_code == 302
    response = reset(client, member.email)
    assert response.status_code == 429
    assert re.search(r"после \d\d:\d\d", response.text)
    assert int(response["Retry-After"]) <= 3600
    assert not mail.outbox
    assert reset(client, member.email, address=OTHER_ADDRESS).status_code == 302


def test_a_password_reset_link_works_once(client, member):
    reset(client, member.email)
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "another-long-password-42"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    response = client.get(link, follow=True)
    assert 'name="new_password1"' not in response.text
    member.refresh_from_db()
    assert member.check_password(new_password)
