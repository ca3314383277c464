"""Time zones (issue 15, point 3): each user's zone for every time the site shows, adopted from the
browser once at sign-in, chosen in the settings; legal dates stay Moscow's."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accord.timezones import (
    legal_today,
    time_zone_choices,
    user_adopt_browser_time_zone,
    user_update_time_zone,
    utc_offset,
    zone_label,
)
from proposals.models import Version
from tests import factories

# 18:00 in Moscow on 5 January; 01:00 on 6 January in Vladivostok.
EVENT = datetime(2027, 1, 5, 15, 0, tzinfo=UTC)


def test_the_field_accepts_known_zones_and_blank_only(db):
    user = factories.UserFactory()
    assert user.time_zone == ""
    user.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError) as raised:
        user.full_clean(exclude=["password"])
    assert "time_zone" in raised.value.message_dict
    user.time_zone = "Asia/Vladivostok"
    user.full_clean(exclude=["password"])


def test_the_browser_zone_is_adopted_once_and_never_over_a_chosen_one(db):
    user = factories.UserFactory()
    assert user_adopt_browser_time_zone(user=user, time_zone="Mars/Olympus") is False
    assert user_adopt_browser_time_zone(user=user, time_zone="") is False
    assert user_adopt_browser_time_zone(user=user, time_zone="Asia/Vladivostok") is True
    assert user_adopt_browser_time_zone(user=user, time_zone="Europe/Berlin") is False
    user.refresh_from_db()
    assert user.time_zone == "Asia/Vladivostok"


def test_a_chosen_zone_is_kept_against_a_stale_copy(db):
    user = factories.UserFactory()
    stale = type(user).objects.get(pk=user.pk)
    user_update_time_zone(user=user, time_zone="Asia/Omsk")
    assert user_adopt_browser_time_zone(user=stale, time_zone="Europe/Berlin") is False
    user.refresh_from_db()
    assert user.time_zone == "Asia/Omsk"


def test_updating_refuses_an_unknown_zone(db):
    user = factories.UserFactory()
    with pytest.raises(ValidationError):
        user_update_time_zone(user=user, time_zone="Europe/Nowhere")
    with pytest.raises(ValidationError):
        user_update_time_zone(user=user, time_zone="")


def test_sign_in_adopts_the_browser_zone_of_a_user_without_one(client, db):
    user = factories.UserFactory(email="anna@example.test")
    user.set_password("a-long-password-1")
    user.save()
    form = {
        "username": "anna@example.test",
        "password": "a-long-password-1",
        "browser_time_zone": "Asia/Vladivostok",
    }
    page = client.get(reverse("login"))
    assert b'name="browser_time_zone"' in page.content
    assert b"sign-in.js" in page.content
    assert client.post(reverse("login"), form).status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Asia/Vladivostok"
    # Signing in again from elsewhere does not move a zone already set.
    client.logout()
    client.post(reverse("login"), {**form, "browser_time_zone": "Europe/Kaliningrad"})
    user.refresh_from_db()
    assert user.time_zone == "Asia/Vladivostok"


def test_the_settings_page_lists_russia_first_and_saves_the_choice(client, db):
    user = factories.UserFactory()
    client.force_login(user)
    page = client.get(reverse("account_settings"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Asia/Vladivostok") < html.index("Africa/Abidjan")
    assert 'value="Europe/Moscow" selected' in html  # nothing chosen yet: Moscow
    assert "Владивосток, UTC+10" in html
    response = client.post(reverse("account_settings"), {"time_zone": "Asia/Vladivostok"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Asia/Vladivostok"
    refused = client.post(reverse("account_settings"), {"time_zone": "Mars/Olympus"})
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.time_zone == "Asia/Vladivostok"


def test_the_settings_page_needs_a_signed_in_user(client, db):
    response = client.get(reverse("account_settings"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_two_users_in_different_zones_see_one_event_at_their_own_clock_times(client, world):
    moscow, vladivostok = world.users["coordinator"], world.users["editor"]
    user_update_time_zone(user=moscow, time_zone="Europe/Moscow")
    user_update_time_zone(user=vladivostok, time_zone="Asia/Vladivostok")
    version = factories.make_version(proposal=world.proposal, author=moscow)
    Version.objects.filter(pk=version.pk).update(created_at=EVENT)
    url = reverse("version_detail", args=[world.proposal.public_id, version.number])

    client.force_login(moscow)
    seen_in_moscow = client.get(url).content.decode()
    client.force_login(vladivostok)
    seen_in_vladivostok = client.get(url).content.decode()

    assert "5 января 2027, 18:00" in seen_in_moscow
    assert "6 января 2027, 01:00" in seen_in_vladivostok
    assert "18:00" not in seen_in_vladivostok


def test_a_user_without_a_zone_sees_moscow_time(client, world):
    version = factories.make_version(proposal=world.proposal)
    Version.objects.filter(pk=version.pk).update(created_at=EVENT)
    client.force_login(world.users["editor"])
    page = client.get(reverse("version_detail", args=[world.proposal.public_id, version.number]))
    assert "5 января 2027, 18:00" in page.content.decode()


def test_the_editor_page_passes_the_users_zone(client, world):
    editor = world.users["editor"]
    user_update_time_zone(user=editor, time_zone="Asia/Vladivostok")
    client.force_login(editor)
    page = client.get(reverse("proposal_edit", args=[world.proposal.public_id]))
    assert 'data-time-zone="Asia/Vladivostok"' in page.content.decode()


def test_legal_today_stays_moscows_whatever_zone_is_active(monkeypatch):
    # 22:30 UTC on 5 January: 01:30 on the 6th in Moscow, 07:30 on the 6th in Vladivostok,
    # 17:30 on the 5th in New York.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2027, 1, 5, 22, 30, tzinfo=UTC))
    with timezone.override(ZoneInfo("America/New_York")):
        assert timezone.localdate() == date(2027, 1, 5)
        assert legal_today() == date(2027, 1, 6)


@translation.override("en")
def test_zone_labels():
    assert utc_offset("Asia/Vladivostok", EVENT) == "UTC+10"
    assert utc_offset("Asia/Kolkata", EVENT) == "UTC+5:30"
    assert utc_offset("America/New_York", EVENT) == "UTC−5"
    assert utc_offset("UTC", EVENT) == "UTC"
    assert zone_label("Europe/Berlin", EVENT) == "Europe/Berlin, UTC+1"
    russia, others = time_zone_choices()
    assert russia[1][0] == ("Europe/Kaliningrad", "Kaliningrad, UTC+2")
    assert all("/" in name or name == "UTC" for name, _ in others[1])
    assert not {name for name, _ in russia[1]} & {name for name, _ in others[1]}
