"""The demo coordinator signs in, opens a group and a proposal, in a real Chromium."""

from io import StringIO

import pytest
from django.core.management import call_command

from proposals.models import Proposal
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


def test_coordinator_signs_in_and_reads_a_proposal(demo, live_server, page, screenshot_dir):
    sign_in(page, live_server.url, "coordinator@example.org")
    page.wait_for_selector("text=Мои рабочие группы")
    page.screenshot(path=screenshot_dir / "dashboard.png", full_page=True)

    page.click("#groups-title ~ .cards .card__cover:has-text('Альянс «Защита детства»')")
    page.wait_for_selector("h1:has-text('Защита детства')")
    page.screenshot(path=screenshot_dir / "group.png", full_page=True)

    proposal = Proposal.objects.get(group__name="Альянс «Защита детства»")
    page.click(f"a:has-text('{proposal.title[:40]}')")
    page.wait_for_selector("article.document h2")
    assert page.locator("article.document table").count() >= 1
    page.screenshot(path=screenshot_dir / "proposal.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshot_dir / "proposal-phone.png", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_outsider_sees_no_group_and_gets_404(demo, live_server, page, screenshot_dir):
    sign_in(page, live_server.url, "outsider@example.org")
    page.wait_for_selector("text=Вы пока не состоите ни в одной рабочей группе")
    proposal = Proposal.objects.first()
    response = page.goto(f"{live_server.url}/proposals/{proposal.public_id}/")
    assert response.status == 404
    page.screenshot(path=screenshot_dir / "outsider-404.png")
