"""A demo proposal goes from draft through review to approval and endorsement, in Chromium."""

from io import StringIO

import pytest
from django.core.management import call_command

from accord.models import AuditEvent
from proposals.models import Endorsement, Proposal
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

GROUP = "Коалиция «Равные права»"  # its members decide by a majority of organizations


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    return Proposal.objects.get(group__name=GROUP)


def as_member(chromium, base_url, email):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base_url, email)
    return page


def test_draft_to_review_to_approval_and_endorsement(demo, live_server, chromium, screenshot_dir):
    url = f"{live_server.url}/proposals/{demo.public_id}/"
    coordinator = as_member(chromium, live_server.url, "coordinator@example.org")
    coordinator.goto(url)
    coordinator.click("form[action$='/review/open/'] button")
    coordinator.wait_for_selector(".review__vote")
    coordinator.screenshot(path=screenshot_dir / "review-open.png", full_page=True)

    for email in ("coordinator@example.org", "editor@example.org", "commenter@example.org"):
        page = (
            coordinator
            if email.startswith("coordinator")
            else as_member(chromium, live_server.url, email)
        )
        page.goto(url)
        page.click(".review__vote button[value=approve]")
        page.wait_for_selector(".flash__item--success")
    coordinator.goto(url)
    assert "3" in coordinator.inner_text(".review")
    # Closing the review asks first: Cancel leaves it open, the dialog's button closes it.
    coordinator.click(".review__close button")
    dialog = coordinator.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    assert "подсчитать голоса" in coordinator.inner_text("#confirm-dialog-title")
    coordinator.screenshot(path=screenshot_dir / "approve-dialog.png")
    dialog.get_by_role("button", name="Отмена").click()
    coordinator.wait_for_timeout(300)
    demo.refresh_from_db()
    assert demo.status == "in_review"
    coordinator.click(".review__close button")
    dialog.get_by_role("button", name="Закрыть и подсчитать").click()
    coordinator.wait_for_selector(".review__subtitle")
    demo.refresh_from_db()
    assert demo.status == "approved"
    assert demo.approved_version.kind == "approval"

    for email in ("coordinator@example.org", "editor@example.org", "commenter@example.org"):
        page = as_member(chromium, live_server.url, email)
        page.goto(url)
        page.click("form[action$='/endorse/'] button")
        page.wait_for_selector(".flash__item--success")
    assert Endorsement.objects.filter(version=demo.approved_version).count() == 3
    endorsed = Endorsement.objects.filter(version__proposal=demo)
    assert set(endorsed.values_list("sha256", flat=True)) == {demo.approved_version.sha256}

    coordinator.goto(url)
    coordinator.wait_for_selector(".endorsements li")
    coordinator.screenshot(path=screenshot_dir / "approved-endorsed.png", full_page=True)

    coordinator.goto(f"{live_server.url}/groups/{demo.group_id}/audit/")
    coordinator.wait_for_selector("table")
    actions = set(AuditEvent.objects.filter(proposal=demo).values_list("action", flat=True))
    assert {"review.opened", "review.vote", "review.closed", "endorsement.given"} <= actions
    assert coordinator.locator("tbody tr").count() >= 8
    coordinator.screenshot(path=screenshot_dir / "audit-log.png", full_page=True)
