"""59-FZ due dates on weekends and public holidays: the production calendar and where they move."""

import logging
from datetime import date

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accord.models import Role
from submissions import formats, workdays
from submissions.deadlines import submission_state
from submissions.models import Submission, SubmissionChannel
from submissions.services.tracking import (
    submission_record,
    submission_register,
    submission_warnings_send,
)
from tests.submissions.helpers import approved_with_endorsements, make_package, make_recipient

# Registered on Thursday 3 December 2026: the 30th day is Saturday 2 January 2027, inside the
# New Year holidays (31 December 2026 – 10 January 2027).
REGISTERED = date(2026, 12, 3)
LEGAL_DUE = date(2027, 1, 2)


@pytest.fixture
def calendar_file(tmp_path, monkeypatch):
    """Point the calendar at a file of the test's own; caches are cleared before and after."""

    def use(text: str):
        path = tmp_path / "production_calendar_ru.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(workdays, "CALENDAR_FILE", path)
        workdays.transfers.cache_clear()
        workdays._calendar.cache_clear()

    yield use
    workdays.transfers.cache_clear()
    workdays._calendar.cache_clear()


def _registered(**dates) -> Submission:
    return Submission(
        sent_on=dates.pop("sent_on", date(2026, 12, 2)),
        registered_on=REGISTERED,
        answer_due=LEGAL_DUE,
        **dates,
    )


# The calendar.


@pytest.mark.parametrize(
    ("rule", "effective"),
    [
        ("next", date(2027, 1, 11)),  # Monday after the holidays
        ("previous", date(2026, 12, 30)),  # 31 December 2026 is a transferred day off
        ("none", LEGAL_DUE),
    ],
)
def test_an_answer_due_in_the_new_year_holidays_moves_as_the_setting_says(
    settings, rule, effective
):
    settings.ACCORD_DEADLINE_NONWORKING = rule
    due = workdays.due_date(LEGAL_DUE)
    assert (due.legal, due.effective, due.nonworking) == (LEGAL_DUE, effective, True)
    assert due.moved == (rule != "none")
    assert submission_state(_registered(), date(2026, 12, 20)).answer_due == effective


def test_a_working_day_stays_under_every_setting(settings):
    for rule in workdays.RULES:
        settings.ACCORD_DEADLINE_NONWORKING = rule
        due = workdays.due_date(date(2027, 1, 11))
        assert (due.effective, due.nonworking, due.moved) == (date(2027, 1, 11), False, False)


def test_a_transferred_working_saturday_counts_as_working():
    assert workdays.is_working_day(date(2025, 11, 1))  # Saturday, worked for 3 November
    assert workdays.is_working_day(date(2027, 2, 20))
    assert not workdays.is_working_day(date(2026, 11, 7))  # an ordinary Saturday
    assert workdays.due_date(date(2025, 11, 1)).effective == date(2025, 11, 1)


def test_a_transferred_day_off_counts_as_non_working(settings):
    assert not workdays.is_working_day(date(2026, 1, 9))  # Friday, from Saturday 3 January
    assert not workdays.is_working_day(date(2026, 12, 31))  # Thursday, from Sunday 4 January
    assert not workdays.is_working_day(date(2025, 11, 3))
    assert workdays.due_date(date(2026, 1, 9)).effective == date(2026, 1, 12)
    settings.ACCORD_DEADLINE_NONWORKING = "previous"
    assert workdays.due_date(date(2026, 1, 9)).effective == date(2025, 12, 30)


def test_public_holidays_and_their_weekend_moves_come_from_the_package():
    assert not workdays.is_working_day(date(2026, 11, 4))  # Unity Day, a Wednesday
    assert not workdays.is_working_day(date(2026, 3, 9))  # 8 March fell on a Sunday
    assert workdays.is_working_day(date(2026, 3, 10))


def test_the_data_file_wins_over_the_package(calendar_file):
    calendar_file(
        '[2026]\ndecree = "test"\nstatus = "verified"\n'
        "days_off = [2026-03-10]\nworking_days = [2026-01-09, 2026-03-14]\n"
    )
    assert not workdays.is_working_day(date(2026, 3, 10))
    assert workdays.is_working_day(date(2026, 1, 9))
    assert workdays.is_working_day(date(2026, 3, 14))


def test_the_data_file_names_a_decree_for_2025_to_2027():
    listed = workdays.transfers()
    assert {2025, 2026, 2027} <= set(listed)
    for year in (2025, 2026, 2027):
        assert "О переносе выходных дней" in listed[year].decree
        assert all(day.year == year for day in listed[year].days_off | listed[year].working_days)
    assert listed[2025].verified
    assert not listed[2027].verified


def test_a_year_missing_from_the_data_file_is_warned(calendar_file, caplog, settings):
    calendar_file('[2026]\ndecree = "test"\nstatus = "verified"\ndays_off = [2026-01-09]\n')
    assert workdays.missing_years([2026, 2027, 2027]) == [2027]
    with caplog.at_level(logging.WARNING, logger="submissions.workdays"):
        # still computed from the package, which knows the 2027 New Year holidays
        assert workdays.due_date(LEGAL_DUE).effective == date(2027, 1, 11)
        workdays.due_date(date(2027, 3, 1))
    warnings = [record for record in caplog.records if "2027" in record.getMessage()]
    assert len(warnings) == 1  # once per process and year


def test_system_check_warns_of_a_missing_current_year_and_refuses_an_unknown_rule(
    calendar_file, settings
):
    from submissions.checks import production_calendar_check

    assert production_calendar_check() == []
    calendar_file('[2000]\ndecree = "test"\nstatus = "verified"\n')
    (warning,) = production_calendar_check()
    assert (warning.level, warning.id) == (checks.WARNING, "submissions.W001")
    settings.ACCORD_DEADLINE_NONWORKING = "later"
    (error,) = production_calendar_check()
    assert error.id == "submissions.E001"
    with pytest.raises(ImproperlyConfigured):
        workdays.due_date(LEGAL_DUE)


# Status boundaries count from the moved date.


@pytest.mark.parametrize(
    ("today", "days_left", "due_soon", "overdue"),
    [
        (date(2027, 1, 5), 6, False, False),
        (date(2027, 1, 6), 5, True, False),
        (date(2027, 1, 2), 9, False, False),  # the day the law's count ends: not overdue
        (date(2027, 1, 11), 0, True, False),
        (date(2027, 1, 12), -1, False, True),
    ],
)
def test_due_soon_and_overdue_count_from_the_moved_date(today, days_left, due_soon, overdue):
    state = submission_state(_registered(), today)
    assert state.answer_due_date.legal == LEGAL_DUE
    assert (state.days_left, state.due_soon, state.overdue) == (days_left, due_soon, overdue)


def test_under_previous_the_answer_is_overdue_before_the_holidays_end(settings):
    settings.ACCORD_DEADLINE_NONWORKING = "previous"
    assert not submission_state(_registered(), date(2026, 12, 30)).overdue
    assert submission_state(_registered(), date(2026, 12, 31)).overdue


def test_registration_due_on_a_saturday_is_overdue_from_the_tuesday():
    unregistered = Submission(sent_on=date(2026, 12, 2))  # 3 days on: Saturday 5 December
    state = submission_state(unregistered, date(2026, 12, 7))
    assert state.registration_due_date.legal == date(2026, 12, 5)
    assert state.registration_due == date(2026, 12, 7)
    assert not state.registration_overdue
    assert submission_state(unregistered, date(2026, 12, 8)).registration_overdue


# The pages, the register filters and the warnings.


@pytest.fixture
def holiday_submission(world):
    recipient = make_recipient(world.group)
    proposal = approved_with_endorsements(world, title="О поддержке семей")
    document = make_package(world, proposal, [recipient]).documents.get()
    editor = world.users[Role.EDITOR]
    submission = submission_record(
        document=document, channel=SubmissionChannel.POST, sent_on=date(2026, 12, 2), actor=editor
    )
    return submission_register(
        submission=submission,
        registration_number="А-1",
        registered_on=REGISTERED,
        actor=editor,
    )


def test_the_stored_due_date_stays_the_thirtieth_day(holiday_submission):
    assert holiday_submission.answer_due == LEGAL_DUE


def test_the_submission_page_and_register_show_the_moved_date(client, world, holiday_submission):
    client.force_login(world.users[Role.OBSERVER])
    moved = "2 января 2027 г.</time> (нерабочий день) → "
    detail = client.get(reverse("submission_detail", args=[holiday_submission.pk]))
    page = detail.content.decode()
    assert moved in page
    assert "11 января 2027 г." in page
    register = client.get(reverse("submission_register_page", args=[world.group.pk]))
    assert moved in register.content.decode()

    csv_text = client.get(reverse("submissions_csv", args=[world.group.pk])).content.decode()
    assert '"2027-01-11","2027-01-02"' in csv_text  # every cell is quoted


def test_under_none_the_page_still_says_it_is_a_day_off(
    client, world, holiday_submission, settings
):
    settings.ACCORD_DEADLINE_NONWORKING = "none"
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(reverse("submission_detail", args=[holiday_submission.pk])).content.decode()
    assert "2 января 2027 г.</time> (нерабочий день)" in page
    assert "→" not in page.split("timeline")[1]


def test_register_filters_use_the_moved_date(client, world, holiday_submission, monkeypatch):
    client.force_login(world.users[Role.OBSERVER])
    link = reverse("submission_detail", args=[holiday_submission.pk])
    url = reverse("submission_register_page", args=[world.group.pk])

    def listed(day: date, status: str) -> bool:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: day)
        page = client.get(url, {"status": status}).content.decode()
        return link in page.split('id="versions-title"')[0]

    assert not listed(date(2027, 1, 4), "due_soon")
    assert listed(date(2027, 1, 6), "due_soon")
    assert not listed(date(2027, 1, 11), "overdue")
    assert listed(date(2027, 1, 12), "overdue")
    assert not listed(date(2027, 1, 12), "due_soon")


def test_warnings_follow_the_moved_date(holiday_submission):
    # the registration came in time; the answer is due soon from 6 January, overdue from the 12th
    assert submission_warnings_send(today=date(2027, 1, 2)) == 0
    assert submission_warnings_send(today=date(2027, 1, 6)) == 1
    assert submission_warnings_send(today=date(2027, 1, 11)) == 0
    assert submission_warnings_send(today=date(2027, 1, 12)) == 1
    holiday_submission.refresh_from_db()
    assert holiday_submission.warned_on == date(2027, 1, 12)


def test_coordinators_are_told_of_a_missing_year_on_the_register(client, world, calendar_file):
    calendar_file('[2000]\ndecree = "test"\nstatus = "verified"\n')
    url = reverse("submission_register_page", args=[world.group.pk])
    client.force_login(world.users[Role.COORDINATOR])
    assert "не содержит переносов выходных дней" in client.get(url).content.decode()
    client.force_login(world.users[Role.EDITOR])
    assert "не содержит переносов выходных дней" not in client.get(url).content.decode()


def test_the_dashboard_shows_the_moved_date(client, world, holiday_submission, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2027, 1, 8))
    client.force_login(world.users[Role.EDITOR])
    page = client.get(reverse("dashboard")).content.decode()
    assert "срок ответа — <span" in page
    assert "2 января 2027 г.</time> (нерабочий день) → " in page


def test_an_extension_counts_from_the_thirtieth_day_and_moves_again():
    registered_on = date(2026, 11, 3)
    legal = formats.answer_due(registered_on=registered_on, extended=True)
    assert legal == LEGAL_DUE
    extended = Submission(
        sent_on=date(2026, 11, 2),
        registered_on=registered_on,
        extended_on=date(2026, 11, 20),
        answer_due=legal,
    )
    assert submission_state(extended, date(2026, 12, 20)).answer_due == date(2027, 1, 11)
