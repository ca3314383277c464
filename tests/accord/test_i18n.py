"""Russian by default, with no untranslated string on any page; English by switch."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from accord.models import Membership, Role

CATALOGUE = Path(__file__).resolve().parents[2] / "accord" / "locale" / "ru" / "LC_MESSAGES"
# Latin words that are right in a Russian page: the brand, language codes, formats, emails,
# programs' names, and the names printed on keyboard keys (Ctrl, Alt, Shift, Tab, Enter).
ALLOWED_LATIN = {
    "accord", "ru", "en", "markdown", "md", "utf", "sha", "pdf", "docx", "odt", "word",
    "libreoffice", "ctrl", "alt", "shift", "tab", "enter", "esc", "cmd",
}  # fmt: skip
ATTRIBUTES_READ = {"title", "aria-label", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """Text a person reads: content and labelling attributes, without scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        for name, value in attrs:
            if name in ATTRIBUTES_READ and value:
                self.parts.append(value)
        if tag == "input":
            kinds = dict(attrs)
            if kinds.get("type") in {"submit", "button"} and kinds.get("value"):
                self.parts.append(kinds["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def latin_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    text = re.sub(r"[\w.+-]+@[\w.-]+", " ", text)  # email addresses
    text = re.sub(r"\b[0-9a-f]{12,64}\b", " ", text)  # hashes
    return {word for word in re.findall(r"[A-Za-z]{2,}", text) if word.lower() not in ALLOWED_LATIN}


def pages(world):
    group, proposal = world.group, world.proposal
    return [
        reverse("dashboard"),
        reverse("group_detail", args=[group.pk]),
        reverse("group_members", args=[group.pk]),
        reverse("proposal_create", args=[group.pk]),
        reverse("proposal_detail", args=[proposal.public_id]),
        reverse("proposal_edit", args=[proposal.public_id]),
        reverse("proposal_settings", args=[proposal.public_id]),
        reverse("password_change"),
    ]


def test_pages_are_russian_by_default_with_no_untranslated_strings(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="ru">' in html
        assert latin_words(html) == set(), url


def test_review_history_and_log_pages_are_russian(client, world):
    from proposals.services import review, versions

    coordinator = world.users[Role.COORDINATOR]
    proposal = world.proposal
    versions.version_checkpoint(proposal=proposal)
    versions.text_replace(proposal=proposal, author=coordinator, target=proposal.text + "\nЕщё.\n")
    opened = review.review_open(
        proposal=proposal, actor=coordinator, deadline=__import__("datetime").date(2999, 1, 1)
    )
    client.force_login(coordinator)
    urls = [
        reverse("proposal_detail", args=[proposal.public_id]),
        reverse("proposal_history", args=[proposal.public_id]),
        reverse("proposal_compare", args=[proposal.public_id]) + "?from=1&to=2",
        reverse("proposal_compare", args=[proposal.public_id]) + "?from=1&to=2&view=side",
        reverse("version_detail", args=[proposal.public_id, 1]),
        reverse("proposal_authorship", args=[proposal.public_id]),
        reverse("proposal_threads", args=[proposal.public_id]),
        reverse("notifications"),
    ]
    review.review_close(review=opened, actor=coordinator, approve=True)
    review.endorsement_give(proposal=proposal, user=coordinator)
    urls += [
        reverse("proposal_detail", args=[proposal.public_id]),
        reverse("group_audit", args=[world.group.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert latin_words(response.content.decode()) == set(), url


def test_signed_out_pages_are_russian(client, db):
    for url in [reverse("login"), reverse("password_reset"), reverse("password_reset_done")]:
        html = client.get(url).content.decode()
        assert latin_words(html) == set(), url


def test_error_pages_are_russian(client, world):
    client.force_login(world.users[Role.OBSERVER])
    not_found = client.get("/proposals/00000000-0000-0000-0000-000000000000/")
    forbidden = client.get(reverse("group_members", args=[world.group.pk]))
    assert (not_found.status_code, forbidden.status_code) == (404, 403)
    assert latin_words(not_found.content.decode()) == set()
    assert latin_words(forbidden.content.decode()) == set()


def test_invitation_pages_are_russian(client, world):
    from accord import services

    invitation = services.invitation_create(
        group=world.group,
        invited_by=world.users[Role.COORDINATOR],
        email="x@example.test",
        role=Role.EDITOR,
    )
    html = client.get(
        reverse("invitation_accept", args=[services.invitation_token(invitation)])
    ).content
    assert latin_words(html.decode()) == set()
    assert (
        latin_words(client.get(reverse("invitation_accept", args=["bad"])).content.decode())
        == set()
    )


def test_language_switch_to_english_is_remembered(client, world):
    user = world.users[Role.EDITOR]
    client.force_login(user)
    response = client.post(reverse("language_switch"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in html
    assert "My working groups" in html
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_preferred_language_applies_without_a_cookie(client, world):
    user = world.users[Role.EDITOR]
    user.preferred_language = "en"
    user.save()
    client.force_login(user)
    assert '<html lang="en">' in client.get(reverse("dashboard")).content.decode()


def test_language_switch_refuses_foreign_redirects(client, db):
    response = client.post(
        reverse("language_switch"), {"language": "ru", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_catalogue_is_complete_and_compiled(tmp_path):
    po = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    entries = po.split("\n\n")[1:]
    for entry in entries:
        if "msgid" not in entry or entry.lstrip().startswith("#~"):
            continue
        strings = re.findall(r'msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', entry)
        assert strings, entry
        for first, rest in strings:
            assert first or rest.strip(), f"untranslated: {entry}"
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [msgfmt, "--check", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True
    )
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), "run `make messages`"


def test_roles_have_russian_names(world):
    membership = Membership.objects.filter(group=world.group).first()
    assert membership.get_role_display() in {
        "Координатор",
        "Редактор",
        "Комментатор",
        "Наблюдатель",
    }
