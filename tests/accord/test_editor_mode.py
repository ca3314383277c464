"""The editor mode (visual or Markdown) is kept on the member's account: visual for new members,
changed by a small authenticated endpoint that checks its input and the CSRF token, and handed
to the editor in its configuration."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

URL = "/api/me/editor-mode/"


def editor_config(client, proposal) -> dict:
    page = client.get(reverse("proposal_edit", args=[proposal.public_id]))
    assert page.status_code == 200
    raw = page.content.decode().split('id="editor-config"', 1)[1].split(">", 1)[1]
    return json.loads(raw.split("</script>", 1)[0])


@pytest.mark.django_db
def test_new_members_get_the_visual_editor():
    assert factories.UserFactory().editor_mode == "visual"


def test_the_choice_is_kept_and_reaches_the_editor(world, client):
    editor = world.users["editor"]
    client.force_login(editor)
    assert editor_config(client, world.proposal)["user"]["editorMode"] == "visual"
    assert editor_config(client, world.proposal)["editorModeUrl"] == URL

    answer = client.post(URL, {"mode": "markdown"}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json() == {"mode": "markdown"}
    editor.refresh_from_db()
    assert editor.editor_mode == "markdown"
    assert client.get(URL).json() == {"mode": "markdown"}
    assert editor_config(client, world.proposal)["user"]["editorMode"] == "markdown"
    # The others keep theirs.
    world.users["coordinator"].refresh_from_db()
    assert world.users["coordinator"].editor_mode == "visual"


@pytest.mark.parametrize(
    "body",
    [{"mode": "wysiwyg"}, {"mode": ""}, {"mode": None}, {"mode": ["visual"]}, {}, ["markdown"]],
)
def test_anything_but_a_mode_is_refused(world, client, body):
    client.force_login(world.users["observer"])
    answer = client.post(URL, body, content_type="application/json")
    assert answer.status_code == 400
    assert "Traceback" not in answer.content.decode()
    world.users["observer"].refresh_from_db()
    assert world.users["observer"].editor_mode == "visual"


def test_form_posts_are_not_json(world, client):
    client.force_login(world.users["observer"])
    assert client.post(URL, {"mode": "markdown"}).status_code == 415


def test_anonymous_calls_and_missing_csrf_are_refused(world):
    anonymous = Client(enforce_csrf_checks=True)
    assert (
        anonymous.post(URL, {"mode": "markdown"}, content_type="application/json").status_code
        == 401
    )
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(world.users["editor"])
    answer = signed_in.post(URL, {"mode": "markdown"}, content_type="application/json")
    assert answer.status_code == 403
    world.users["editor"].refresh_from_db()
    assert world.users["editor"].editor_mode == "visual"
    # With the page's token, it goes through.
    signed_in.get(reverse("proposal_edit", args=[world.proposal.public_id]))
    token = signed_in.cookies["csrftoken"].value
    answer = signed_in.post(
        URL, {"mode": "markdown"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert answer.status_code == 200
