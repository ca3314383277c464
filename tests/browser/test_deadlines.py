"""A due date inside the New Year holidays, as a member sees it in Chromium (register, page)."""

from datetime import date

import pytest

from accord.models import Role
from submissions.models import SubmissionChannel
from submissions.services.tracking import submission_record, submission_register
from tests.browser.conftest import sign_in
from tests.conftest import World
from tests.factories import PASSWORD
from tests.submissions.helpers import approved_with_endorsements, make_package, make_recipient

pytestmark = pytest.mark.browser


def test_an_answer_due_in_the_new_year_holidays_shows_the_working_day_it_moves_to(
    daphne, request, screenshot_dir
):
    # The world is made before the browser starts: Playwright's sync API runs an event loop in
    # this thread, and the services send their events through async_to_sync.
    world = World()
    recipient = make_recipient(world.group)
    proposal = approved_with_endorsements(world, title="О поддержке многодетных семей")
    document = make_package(world, proposal, [recipient]).documents.get()
    editor = world.users[Role.EDITOR]
    submission = submission_record(
        document=document, channel=SubmissionChannel.POST, sent_on=date(2026, 12, 2), actor=editor
    )
    submission_register(
        submission=submission,
        registration_number="А-1",
        registered_on=date(2026, 12, 3),
        actor=editor,
    )
    server = daphne()
    page = request.getfixturevalue("page")
    sign_in(page, server.url, world.users[Role.COORDINATOR].email, PASSWORD)

    page.goto(f"{server.url}/groups/{world.group.pk}/submissions/")
    cell = page.locator("td[data-label='Срок ответа']").first
    # (A Moscow reader sees the zone as «МСК»: 59-FZ deadlines are counted in Moscow.)
    assert cell.inner_text() == "2 января 2027 г. (нерабочий день) → 11 января 2027 г. МСК"
    page.screenshot(path=screenshot_dir / "register.png", full_page=True)

    page.goto(f"{server.url}/submissions/{submission.pk}/")
    answer = page.locator(".timeline__item").last
    assert "2 января 2027 г. (нерабочий день) → 11 января 2027 г." in answer.inner_text()
    page.screenshot(path=screenshot_dir / "submission.png", full_page=True)
