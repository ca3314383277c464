"""The platform compilation is built by the export worker (a thread with the in-memory layer,
`runworker accord-export` over Redis in production), with its progress on a page members poll;
`/groups/<id>/platform.pdf` serves the newest build. Members compile and download; others 404."""

import time

import pytest
from django.test import override_settings
from django.urls import reverse

from accord.models import Role
from submissions.models import PackageStatus, PlatformBuild
from submissions.services import builds
from submissions.services import platform as services
from submissions.services.builds import platform_build
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements
from tests.submissions.live import ExportWorker

TEXT = "# Платформа\n\n## Суть\n\nПоддержать семьи с детьми — «сейчас».\n"
VISITORS = ["anonymous", "outsider", "observer", "commenter", "editor", "coordinator"]


@pytest.fixture(autouse=True)
def _poppler():
    pdftools.need_poppler()


def _wait_until_done(build: PlatformBuild, timeout: float = 90) -> PlatformBuild:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        build.refresh_from_db()
        if build.status in (PackageStatus.READY, PackageStatus.FAILED):
            return build
        time.sleep(0.2)
    raise AssertionError(f"platform build still {build.status} after {timeout} s")


def _assert_platform_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF-")
    assert "Платформа" in pdftools.flat(pdftools.text(data))


@override_settings(ACCORD_EXPORT_IN_PROCESS=True)
def test_a_member_compiles_the_platform_in_a_background_thread_and_downloads_it(
    transactional_db, client
):
    from tests.conftest import World

    world = World()
    approved_with_endorsements(world, text=TEXT, title="Платформа")
    client.force_login(world.users[Role.OBSERVER])
    download = reverse("platform_pdf", args=[world.group.pk])
    page = reverse("platform_page", args=[world.group.pk])
    assert client.get(download)["Location"] == page  # nothing built yet: the build page
    response = client.post(reverse("platform_build", args=[world.group.pk]))
    assert response.status_code == 302
    build = _wait_until_done(PlatformBuild.objects.get(group=world.group))
    assert build.status == PackageStatus.READY, build.error
    assert (build.progress, build.proposals) == (100, 1)
    status = client.get(reverse("platform_status", args=[world.group.pk])).json()
    assert (status["build"], status["status"], status["progress"]) == (build.pk, "ready", 100)
    assert status["error"] == ""
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    _assert_platform_pdf(data)
    assert build.pages == pdftools.pages(data)
    assert f'href="{download}"' in client.get(page).content.decode()


@pytest.fixture
def export_worker(redis_url, tmp_path):
    worker = ExportWorker(redis_url=redis_url, log=tmp_path / "worker.log")
    yield worker
    worker.stop()


@pytest.mark.redis
@pytest.mark.slow  # a live `runworker` process
def test_runworker_compiles_the_platform_sent_over_redis(
    transactional_db, redis_url, export_worker
):
    from tests.conftest import World

    world = World()
    approved_with_endorsements(world, text=TEXT, title="Платформа")
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers, ACCORD_EXPORT_IN_PROCESS=False):
        build = services.platform_build_request(group=world.group, actor=world.users[Role.EDITOR])
        build = _wait_until_done(build)
    assert build.status == PackageStatus.READY, (build.error, export_worker.log.read_text()[-2000:])
    _assert_platform_pdf(bytes(build.pdf.data))


def test_the_build_reports_rising_progress_up_to_ready(world, monkeypatch):
    approved_with_endorsements(world, text=TEXT, title="Платформа")
    build = services.platform_build_request(group=world.group, actor=world.users[Role.OBSERVER])
    reported = []
    original = builds._platform_report

    def recording(build, **kwargs):
        original(build, **kwargs)
        reported.append((kwargs["progress"], kwargs.get("message", "")))

    monkeypatch.setattr(builds, "_platform_report", recording)
    platform_build(build_id=build.pk)
    percents = [percent for percent, _message in reported]
    assert percents == sorted(percents)
    assert len(percents) >= 4
    assert percents[-1] == 100
    build.refresh_from_db()
    assert build.status == PackageStatus.READY
    assert platform_build(build_id=build.pk) is None  # built once


def test_one_compilation_at_a_time_per_group(world):
    approved_with_endorsements(world, text=TEXT)
    first = services.platform_build_request(group=world.group, actor=world.users[Role.OBSERVER])
    again = services.platform_build_request(group=world.group, actor=world.users[Role.EDITOR])
    assert again.pk == first.pk
    assert PlatformBuild.objects.filter(group=world.group).count() == 1


def test_a_group_without_approved_proposals_has_nothing_to_compile(world, client):
    client.force_login(world.users[Role.EDITOR])
    response = client.post(reverse("platform_build", args=[world.group.pk]), follow=True)
    assert response.status_code == 200
    assert not PlatformBuild.objects.exists()


def test_a_failed_compilation_says_so_without_internals(world, monkeypatch, client):
    from submissions.render import pdf

    def broken(**kwargs):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(pdf, "platform_pdf", broken)
    approved_with_endorsements(world, text=TEXT)
    build = services.platform_build_request(group=world.group, actor=world.users[Role.OBSERVER])
    platform_build(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == PackageStatus.FAILED
    assert build.error
    assert "/srv/secret" not in build.error
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(reverse("platform_page", args=[world.group.pk])).content.decode()
    assert "/srv/secret" not in page
    # A failed build may be asked for again.
    assert (
        services.platform_build_request(group=world.group, actor=world.users[Role.OBSERVER]).pk
        != build.pk
    )


@pytest.mark.parametrize("visitor", VISITORS)
def test_members_compile_and_download_the_platform_others_get_404(client, world, visitor):
    approved_with_endorsements(world, text=TEXT, title="Платформа")
    build = services.platform_build_request(group=world.group, actor=world.users[Role.EDITOR])
    platform_build(build_id=build.pk)
    if visitor != "anonymous":
        client.force_login(world.users[visitor])
    group = world.group.pk
    expected = {"anonymous": 302, "outsider": 404}.get(visitor, 200)
    for name in ("platform_pdf", "platform_page", "platform_status"):
        response = client.get(reverse(name, args=[group]))
        assert response.status_code == expected, name
        if visitor == "anonymous":
            assert "login" in response["Location"]
    response = client.post(reverse("platform_build", args=[group]))
    assert response.status_code == {"anonymous": 302, "outsider": 404}.get(visitor, 302)
    builds = PlatformBuild.objects.filter(group=world.group).count()
    assert builds == (1 if visitor in ("anonymous", "outsider") else 2)
    assert client.get(reverse("platform_build", args=[group])).status_code in (302, 404, 405)


def test_another_groups_platform_is_404(client, world):
    approved_with_endorsements(world, text=TEXT)
    build = services.platform_build_request(group=world.group, actor=world.users[Role.EDITOR])
    platform_build(build_id=build.pk)
    client.force_login(world.users[Role.COORDINATOR])
    other = world.other_group.pk
    for name in ("platform_pdf", "platform_page", "platform_status"):
        assert client.get(reverse(name, args=[other])).status_code == 404, name
    assert client.post(reverse("platform_build", args=[other])).status_code == 404


def test_the_platform_page_is_russian_before_during_and_after_a_build(client, world):
    from tests.accord.test_i18n import latin_words

    client.force_login(world.users[Role.OBSERVER])
    page = reverse("platform_page", args=[world.group.pk])
    assert latin_words(client.get(page).content.decode()) == set()  # nothing to compile
    approved_with_endorsements(world, text=TEXT, title="Платформа")
    assert latin_words(client.get(page).content.decode()) == set()  # the button
    build = services.platform_build_request(group=world.group, actor=world.users[Role.OBSERVER])
    queued = client.get(page).content.decode()
    assert latin_words(queued) == set()
    assert 'data-status="queued"' in queued
    platform_build(build_id=build.pk)
    ready = client.get(page).content.decode()
    assert latin_words(ready) == set()
    assert "Собрано" in ready
