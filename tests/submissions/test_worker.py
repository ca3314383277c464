"""Packages are built in the background: by `runworker accord-export` over Redis in production,
in a thread with the in-memory layer; progress reaches the proposal's open pages."""

import time
from datetime import date

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.test import override_settings

from accord.models import Role
from realtime.events import events_group
from submissions.models import Package, PackageStatus
from submissions.services import builds, packages
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient
from tests.submissions.live import ExportWorker

TEXT = "# Предложение\n\n## Суть\n\nПоддержать семьи с детьми — «сейчас».\n"


@pytest.fixture(autouse=True)
def _poppler():
    pdftools.need_poppler()


def _create(world, recipients=None):
    proposal = approved_with_endorsements(world, text=TEXT)
    return packages.package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.COORDINATOR],
        recipients=recipients or [make_recipient(world.group)],
        authors=[(world.organization, "1")],
        signatories=[packages.Signer("Председатель", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О предложениях",
        body="Направляем предложения.",
        executor_name="Петрова А.С.",
        executor_phone="+7 000 000-00-00",
        with_docx=False,
    )


def _wait_until_done(package: Package, timeout: float = 90) -> Package:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        package.refresh_from_db()
        if package.status in (PackageStatus.READY, PackageStatus.FAILED):
            return package
        time.sleep(0.2)
    raise AssertionError(f"package still {package.status} after {timeout} s")


@pytest.fixture
def export_worker(redis_url, tmp_path):
    worker = ExportWorker(redis_url=redis_url, log=tmp_path / "worker.log")
    yield worker
    worker.stop()


def _redis_layer(url):
    return {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [url]}}
    }


@pytest.mark.redis
@pytest.mark.slow  # a live `runworker` process
def test_runworker_builds_packages_sent_over_redis(transactional_db, redis_url, export_worker):
    from tests.conftest import World

    world = World()
    with override_settings(CHANNEL_LAYERS=_redis_layer(redis_url), ACCORD_EXPORT_IN_PROCESS=False):
        package = _create(world, [make_recipient(world.group), make_recipient(
            world.group, surname="Петрова", given_name="Мария", patronymic="Сергеевна",
            surname_dative="Петровой", gender="f", kind="ministry",
            position="Министр просвещения Российской Федерации",
            position_dative="Министру просвещения Российской Федерации", body="")])  # fmt: skip
        package = _wait_until_done(package)
    assert package.status == PackageStatus.READY, package.error
    assert package.progress == 100
    documents = list(package.documents.select_related("pdf"))
    assert len(documents) == 2
    assert all(bytes(d.pdf.data).startswith(b"%PDF-") for d in documents)
    letters = [pdftools.flat(pdftools.text(bytes(d.pdf.data), first=1, last=1)) for d in documents]
    assert "Уважаемый Иван Иванович!" in letters[0]
    assert "Уважаемая Мария Сергеевна!" in letters[1]
    assert "Министру просвещения Российской Федерации М.С. Петровой" in letters[1]


@override_settings(ACCORD_EXPORT_IN_PROCESS=True)
def test_in_memory_setup_builds_in_a_background_thread(transactional_db):
    from tests.conftest import World

    package = _wait_until_done(_create(World()))
    assert package.status == PackageStatus.READY, package.error


def test_progress_reaches_the_proposals_open_pages(world, django_capture_on_commit_callbacks):
    package = _create(world)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(events_group(package.proposal.public_id), channel)
    with django_capture_on_commit_callbacks(execute=True):
        builds.package_build(package_id=package.pk)
    progress = []
    while True:
        try:
            message = async_to_sync(_receive)(layer, channel)
        except TimeoutError:
            break
        if message["kind"] == "package.progress":
            progress.append((message["data"]["status"], message["data"]["progress"]))
    assert progress[-1] == (PackageStatus.READY, 100)
    percents = [percent for _status, percent in progress]
    assert percents == sorted(percents)
    assert len(progress) >= 5


async def _receive(layer, channel):
    import asyncio

    return await asyncio.wait_for(layer.receive(channel), 0.5)


def test_a_package_is_built_once(world):
    package = _create(world)
    assert builds.package_build(package_id=package.pk) is not None
    assert builds.package_build(package_id=package.pk) is None
    assert package.documents.get().pdf is not None


def test_a_failed_build_says_so_without_internals_and_can_be_retried(world, monkeypatch):
    from submissions.render import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(pdf, "package_pdf", broken)
    package = _create(world)
    builds.package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.FAILED
    assert "/srv/secret" not in package.error
    assert package.error
    monkeypatch.undo()
    packages.package_retry(package=package, actor=world.users[Role.EDITOR])
    package.refresh_from_db()
    assert package.status == PackageStatus.QUEUED
    builds.package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY


def test_a_ready_package_is_not_rebuilt(world):
    package = _create(world)
    builds.package_build(package_id=package.pk)
    package.refresh_from_db()
    with pytest.raises(ValidationError):
        packages.package_retry(package=package, actor=world.users[Role.EDITOR])


@override_settings(ACCORD_EXPORT_IN_PROCESS=False)
def test_an_unreachable_worker_channel_leaves_the_package_queued(world, monkeypatch):
    from channels.exceptions import ChannelFull

    layer = get_channel_layer()

    async def full(*args, **kwargs):
        raise ChannelFull

    monkeypatch.setattr(layer, "send", full)
    from submissions import jobs

    jobs.enqueue_build(12345)  # logs, does not raise
    package = _create(world)
    assert package.status == PackageStatus.QUEUED
