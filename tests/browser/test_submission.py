"""The demo's approved proposal is packaged for a committee chair and a ministry, downloaded,
recorded as sent and registered, in Chromium against daphne and the export worker over Redis."""

import subprocess
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from proposals.models import Proposal
from submissions import formats, workdays
from submissions.models import Package, PackageStatus, Submission
from tests.browser.conftest import sign_in
from tests.submissions import pdftools
from tests.submissions.live import ExportWorker

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())
    # The demo's approved bill (already sent by the demo to two bodies: publication.demo).
    return Proposal.objects.get(
        approved_version__isnull=False, group__name="Альянс «Защита детства»"
    )


@pytest.fixture
def server(demo, daphne, redis_url, tmp_path):
    worker = ExportWorker(redis_url=redis_url, log=tmp_path / "worker.log")
    yield daphne(redis_url=redis_url)
    worker.stop()


def test_package_is_built_with_progress_downloaded_sent_and_registered(
    demo, server, page, screenshot_dir
):
    pdftools.need_poppler()
    sign_in(page, server.url, "coordinator@example.org")
    page.goto(f"{server.url}/proposals/{demo.public_id}/")
    page.click(f"a[href='/proposals/{demo.public_id}/packages/']")
    page.click(f"a[href='/proposals/{demo.public_id}/packages/new/']")

    page.locator("label", has_text="Председатель Комитета").locator("input").check()
    page.locator("label", has_text="Министр").first.locator("input").check()
    author = page.locator("input[name^=author_]").first
    author.check()
    organization_id = author.get_attribute("name").removeprefix("author_")
    page.fill(f"input[name=number_{organization_id}]", "27-и")
    page.fill("input[name=signer_position_0]", "Председатель правления")
    page.fill("input[name=signer_name_0]", "А.С. Петрова")
    page.fill("input[name=executor_phone]", "+7 (383) 200-00-01")
    page.fill("input[name=introduced_by]", "")
    page.screenshot(path=screenshot_dir / "1-builder.png", full_page=True)
    page.click("#package-form button[type=submit]")

    page.wait_for_selector(".package-progress")
    page.screenshot(path=screenshot_dir / "2-progress.png")
    seen = set()
    for _ in range(300):  # the bar moves as the worker reports; the page reloads when done
        status = page.get_attribute(".package-progress", "data-status")
        seen.add(status)
        if status == "ready":
            break
        page.wait_for_timeout(100)
    page.wait_for_selector(".package-document")
    assert "ready" in seen
    assert int(page.get_attribute(".progress", "aria-valuenow")) == 100
    page.screenshot(path=screenshot_dir / "3-ready.png", full_page=True)

    package = Package.objects.filter(proposal=demo).order_by("-pk").first()
    assert package.status == PackageStatus.READY
    documents = list(package.documents.select_related("recipient").order_by("pk"))
    assert len(documents) == 2
    previews = page.locator(".previews__item img")
    assert previews.count() == sum(len(d.parts) for d in documents)
    for i in range(previews.count()):  # previews load lazily: bring each into view first
        preview = previews.nth(i)
        preview.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
        )

    with page.expect_download() as download:
        page.locator("a[href*='/documents/'][href$='.pdf']").first.click()
    saved = screenshot_dir / "package.pdf"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    letter_pages = documents[0].parts[0]["pages"]
    letter = pdftools.flat(pdftools.text(data, first=1, last=letter_pages))
    assert "№ 27-и" in letter
    assert "Приложение:" in letter
    first_part = documents[0].parts[1]["first_page"]
    for name, number in (("letter", 1), ("proposal", first_part)):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "100", "-f", str(number), "-l", str(number),  # noqa: S607
             "-singlefile", str(saved), str(screenshot_dir / f"4-{name}")],
            check=True,
        )  # fmt: skip

    page.locator("a[href*='/send/']").first.click()
    page.select_option("select[name=channel]", "ereception")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/submissions/*/")
    today = timezone.localdate()
    page.fill("input[name=register-registration_number]", "П-1234/2026")
    page.fill("input[name=register-registered_on]", today.isoformat())
    page.locator("form:has(input[name=action][value=register]) button[type=submit]").click()
    page.wait_for_load_state()
    due = today + timedelta(days=30)
    shown = workdays.due_date(due)  # on a day off: «2 января 2027 г. (нерабочий день) → …»
    body = page.inner_text("main")
    assert "П-1234/2026" in body
    assert (formats.date_long(due) if shown.nonworking else due.strftime("%d.%m.%Y")) in body
    page.screenshot(path=screenshot_dir / "5-registered.png", full_page=True)

    submission = Submission.objects.get(registration_number="П-1234/2026")
    assert submission.answer_due == due
    assert submission.recipient == documents[0].recipient
    page.goto(f"{server.url}/groups/{demo.group_id}/submissions/")
    assert "П-1234/2026" in page.inner_text("main")
    page.screenshot(path=screenshot_dir / "6-register.png", full_page=True)
