"""The package page's progress bar in Zulip's manner: the `package.progress` events of a build,
checked against their schema and applied as package.js applies them, end where a fresh load of
the page's status.json is; a failed build too. Nothing leaves before commit."""

from datetime import date

import pytest
from django.urls import reverse

from accord.models import Role
from submissions.models import PackageStatus
from submissions.services import builds, packages
from tests.event_schemas import EventStream
from tests.submissions.helpers import approved_with_endorsements, make_recipient

pytestmark = pytest.mark.usefixtures("in_memory_channel_layer")

TEXT = "# Предложение\n\n## Суть\n\nПоддержать семьи с детьми — «сейчас».\n"


def _create(world):
    proposal = approved_with_endorsements(world, text=TEXT)
    return packages.package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.COORDINATOR],
        recipients=[make_recipient(world.group)],
        authors=[(world.organization, "1")],
        signatories=[packages.Signer("Председатель", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О предложениях",
        body="Направляем предложения.",
        executor_name="Петрова А.С.",
        executor_phone="+7 000 000-00-00",
        with_docx=False,
    )


def fresh_bar(client, package) -> dict:
    """What the page's bar shows when loaded now: its status.json, as package.js reads it."""
    url = reverse("package_status", args=[package.proposal.public_id, package.public_id])
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    return {key: data[key] for key in ("status", "progress", "message")}


def apply_progress(bar: dict, event: dict, package) -> None:
    """package.js's show(): an event of this package replaces the bar's state; others pass by."""
    if event["kind"] == "package.progress" and event["data"]["package"] == str(package.public_id):
        bar.update({key: event["data"][key] for key in ("status", "progress", "message")})


@pytest.mark.parametrize("outcome", [PackageStatus.READY, PackageStatus.FAILED])
def test_a_builds_progress_events_bring_the_bar_to_the_fresh_state(
    client, world, monkeypatch, django_capture_on_commit_callbacks, outcome
):
    if outcome == PackageStatus.FAILED:
        from submissions.render import pdf

        def broken(*args, **kwargs):
            raise RuntimeError("the renderer broke")

        monkeypatch.setattr(pdf, "package_pdf", broken)
    client.force_login(world.users[Role.OBSERVER])
    package = _create(world)
    stream = EventStream(package.proposal)
    bar = fresh_bar(client, package)
    assert bar["status"] == PackageStatus.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        builds.package_build(package_id=package.pk)
    events = stream.received()
    progress = [event for event in events if event["kind"] == "package.progress"]
    assert len(progress) >= (5 if outcome == PackageStatus.READY else 1)
    percents = [event["data"]["progress"] for event in progress]
    assert percents == sorted(percents)
    for event in events:
        apply_progress(bar, event, package)
    assert bar == fresh_bar(client, package)
    assert bar["status"] == outcome


def test_progress_of_another_package_leaves_the_bar_alone(world, client):
    client.force_login(world.users[Role.OBSERVER])
    package = _create(world)
    bar = fresh_bar(client, package)
    other = {
        "kind": "package.progress",
        "data": {
            "package": "9f1c8a6e-5d8b-4a3e-9a57-2b1f0e4f7a11",
            "status": "ready",
            "progress": 100,
            "message": "",
        },
    }
    apply_progress(bar, other, package)
    assert bar == fresh_bar(client, package)
