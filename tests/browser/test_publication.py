"""Public accountability pages in Chromium: a coordinator publishes the demo bill, an anonymous
visitor opens its public page and the bodies table, and verifies the downloaded PDF."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from accord.models import User
from proposals.models import Proposal
from publication import services

pytestmark = pytest.mark.browser
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    proposal = Proposal.objects.get(
        approved_version__isnull=False, group__name="Альянс «Защита детства»"
    )
    # The demo publishes the bill; take it down so that the coordinator publishes it here.
    services.proposal_unpublish(
        proposal=proposal, actor=User.objects.get(email="coordinator@example.org")
    )
    return proposal


def test_coordinator_publishes_and_a_visitor_reads_and_verifies(
    demo, daphne, chromium, page, screenshot_dir, tmp_path
):
    from tests.browser.conftest import sign_in

    server = daphne()
    public_url = f"{server.url}/public/proposals/{demo.public_id}/"
    anonymous = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    visitor = anonymous.new_page()
    assert visitor.goto(public_url).status == 404

    sign_in(page, server.url, "coordinator@example.org")
    page.goto(f"{server.url}/groups/{demo.group_id}/")
    page.click(f"a[href='/groups/{demo.group_id}/publication/']")
    page.screenshot(path=screenshot_dir / "1-manage.png", full_page=True)
    page.locator("button", has_text="Опубликовать версию").first.click()
    page.wait_for_selector(".flash")
    assert "опубликовано" in page.inner_text("main")
    page.screenshot(path=screenshot_dir / "2-published.png", full_page=True)

    response = visitor.goto(public_url)
    assert response.status == 200
    main = visitor.inner_text("main")
    assert "ответ дан в срок" in main
    assert "просрочено на" in main
    assert demo.approved_version.sha256 in main
    visitor.screenshot(path=screenshot_dir / "3-public-proposal.png")
    shutil.copy(screenshot_dir / "3-public-proposal.png", IMAGES / "public-proposal.png")

    visitor.click("nav.topnav a[href='/public/bodies/']")
    visitor.wait_for_selector("table.public-bodies")
    assert "Министерство просвещения" in visitor.inner_text("main")
    visitor.screenshot(path=screenshot_dir / "4-public-bodies.png")
    shutil.copy(screenshot_dir / "4-public-bodies.png", IMAGES / "public-bodies.png")

    # The visitor downloads the PDF and checks it on the verify page.
    visitor.goto(public_url)
    with visitor.expect_download() as download:
        visitor.click(f"a[href='/public/proposals/{demo.public_id}/pdf']")
    saved = tmp_path / "version.pdf"
    download.value.save_as(saved)
    visitor.goto(f"{server.url}/public/verify/")
    visitor.set_input_files("input[name=file]", str(saved))
    visitor.click("main form button[type=submit]")
    visitor.wait_for_selector(".public-verdict")
    assert "Это одобренная версия" in visitor.inner_text("main")
    visitor.screenshot(path=screenshot_dir / "5-verified.png", full_page=True)
    shutil.copy(screenshot_dir / "5-verified.png", IMAGES / "public-verify.png")

    # Unpublishing asks first, then the page is gone at once.
    page.goto(f"{server.url}/groups/{demo.group_id}/publication/")
    page.click("a.btn--danger[href*='/unpublish/']")
    page.wait_for_selector("dialog[open]")
    page.screenshot(path=screenshot_dir / "6-confirm.png")
    page.locator("dialog button[type=submit]").click()
    page.wait_for_url(f"**/groups/{demo.group_id}/publication/")
    assert "снято с публикации" in page.inner_text("main")
    assert visitor.goto(public_url).status == 404
    anonymous.close()
