"""The public pages: what anonymous visitors see, and what they never see."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.urls import reverse

from accord.models import Role
from publication import services
from publication.models import GroupPublication
from tests.publication.helpers import sent_record

PRIVATE = [
    "ЧАСТНЫЙ-КОММЕНТАРИЙ",  # comment text
    "Предлагаю уточнить",  # a thread's opening comment
    "ПРАВКА-ПРЕДЛОЖЕНИЕ",  # a suggestion
    "НЕОПУБЛИКОВАННЫЙ-ЧЕРНОВИК",  # an unpublished title
    "СЕКРЕТНАЯ-ЗАМЕТКА-АЛЬЯНСА",  # an internal part of the text
    "Открытые вопросы",
    "petrova@example.org",  # the executor's email on the package
    "+7 (383) 000-00-00",  # the executor's phone
    "Петрова Анна",  # the executor
    "committee@duma.example",
    "minister@edu.example",
    "@example.test",  # members' emails
    "audit",
    "Иванову",  # addressee's name in the letter
]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def crawl(client, start="/public/"):
    """Every page and file reachable from `start` on this site, by its links."""
    seen, queue, pages = set(), [start], {}
    while queue:
        url = queue.pop()
        path = urlparse(url).path
        if path in seen or urlparse(url).netloc not in ("", "testserver"):
            continue
        seen.add(path)
        response = client.get(path)
        pages[path] = response
        if response.status_code != 200 or path.startswith("/static/"):
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        response.body = content
        if "html" in response["Content-Type"]:
            parser = Links()
            parser.feed(content.decode())
            queue.extend(urljoin(path, link) for link in parser.links if not link.startswith("#"))
    return pages


@pytest.fixture
def record(world):
    return sent_record(world)


def test_nothing_is_public_until_published(world, client):
    record = sent_record(world, publish=False)
    public_id = record.proposal.public_id
    assert b"zashchita" not in client.get("/public/").content
    assert client.get(f"/public/proposals/{public_id}/").status_code == 404
    sha256 = record.proposal.approved_version.sha256
    assert client.get(f"/public/verify/{sha256}/").status_code == 404


@pytest.mark.parametrize("group_published", [True, False])
@pytest.mark.parametrize("proposal_published", [True, False])
def test_publish_matrix(world, client, group_published, proposal_published):
    """Anonymous visitors see exactly what is published; every other address is 404, the same
    404 as an unknown one."""
    record = sent_record(world)
    coordinator = world.users[Role.COORDINATOR]
    if not proposal_published:
        services.proposal_unpublish(proposal=record.proposal, actor=coordinator)
    if not group_published:
        profile = GroupPublication.objects.get(group=world.group)
        services.group_profile_update(
            group=world.group,
            actor=coordinator,
            slug=profile.slug,
            about=profile.about,
            listed_organizations=[],
            allow_indexing=True,
            published=False,
        )
    visible = group_published and proposal_published
    version = record.proposal.approved_version
    proposal_urls = [
        f"/public/proposals/{record.proposal.public_id}/",
        f"/public/proposals/{record.proposal.public_id}/feed/",
        f"/public/verify/{version.sha256}/",
    ]
    for url in proposal_urls:
        assert client.get(url).status_code == (200 if visible else 404), url
    group_url = "/public/groups/zashchita-detey/"
    assert client.get(group_url).status_code == (200 if group_published else 404)
    index = client.get("/public/").content.decode()
    assert ("Закон о защите детей" in index) == visible
    bodies = client.get("/public/bodies/").content.decode()
    assert ("Министерство просвещения" in bodies) == visible
    # Unknown and unpublished look the same.
    assert client.get(f"/public/proposals/{record.draft.public_id}/").status_code == 404
    assert client.get("/public/proposals/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/public/groups/no-such-group/").status_code == 404


def test_unpublishing_removes_the_page_at_once_despite_the_cache(world, client, record):
    url = f"/public/proposals/{record.proposal.public_id}/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now served from the cache
    services.proposal_unpublish(proposal=record.proposal, actor=world.users[Role.COORDINATOR])
    assert client.get(url).status_code == 404


def test_proposal_page_shows_the_record(world, client, record):
    html = client.get(f"/public/proposals/{record.proposal.public_id}/").content.decode()
    version = record.proposal.approved_version
    assert version.sha256 in html
    assert "Статья 5" in html  # the approved text, rendered
    assert "1.1-23/456" in html
    assert "МП-789" in html
    assert "answered on time" in html or "ответ дан в срок" in html
    assert re.search(r"(overdue by|просрочен[^<]*на) \d+", html)
    assert "Комитет поддержал предложения" in html  # the answer's summary
    assert world.organization.name in html  # the endorsing organization, listed
    assert 'property="og:title"' in html


def test_crawler_finds_no_private_field(world, client, record):
    pages = crawl(client)
    paths = set(pages)
    assert f"/public/proposals/{record.proposal.public_id}/" in paths
    assert "/public/bodies/" in paths
    assert any(path.endswith("/pdf") for path in paths)
    assert len([p for p, r in pages.items() if r.status_code == 200]) >= 6
    for path, response in pages.items():
        if response.status_code != 200 or path.startswith("/static/"):
            continue
        body = response.body
        if body.startswith(b"%PDF"):
            text = subprocess.run(
                [shutil.which("pdftotext"), "-", "-"], input=body, capture_output=True, check=True
            ).stdout.decode()
        else:
            text = body.decode()
        for secret in PRIVATE:
            assert secret not in text, (path, secret)
        assert not EMAIL.findall(text), (path, EMAIL.findall(text))


def test_public_pages_are_rate_limited(client, settings, record):
    settings.ACCORD_PUBLIC_RATE_PER_MINUTE = 3
    codes = [client.get("/public/bodies/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429


def test_robots_follow_the_groups_choice(world, client, record):
    assert "noindex" not in client.get("/public/groups/zashchita-detey/").content.decode()
    profile = GroupPublication.objects.get(group=world.group)
    services.group_profile_update(
        group=world.group,
        actor=world.users[Role.COORDINATOR],
        slug=profile.slug,
        about="",
        listed_organizations=[],
        allow_indexing=False,
        published=True,
    )
    response = client.get("/public/groups/zashchita-detey/")
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /public/groups/zashchita-detey/" in robots
    assert f"Disallow: /public/proposals/{record.proposal.public_id}/" in robots
    assert "Disallow: /\n" in robots
    # Not listed any more: the endorser is counted, not named.
    html = client.get(f"/public/proposals/{record.proposal.public_id}/").content.decode()
    assert world.organization.name not in html


def test_feeds_list_sendings_answers_and_overdue(client, record):
    feed = client.get(f"/public/proposals/{record.proposal.public_id}/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert text.count("<entry>") == 4  # two sendings, one answer, one overdue
    group_feed = client.get("/public/groups/zashchita-detey/feed/").content.decode()
    assert group_feed.count("<entry>") == 4


def test_bodies_table(client, record):
    html = client.get("/public/bodies/").content.decode()
    assert "Министерство просвещения Российской Федерации" in html
    assert "Государственная Дума" in html


def test_only_coordinators_publish(world, client, record):
    url = reverse("publication_page", args=[world.group.pk])
    for role in (Role.EDITOR, Role.COMMENTER, Role.OBSERVER):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 403
        unpublish = reverse(
            "publication_proposal_unpublish", args=[world.group.pk, record.proposal.public_id]
        )
        assert client.post(unpublish).status_code == 403
    client.force_login(world.users["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(world.users[Role.COORDINATOR])
    assert client.get(url).status_code == 200
    confirm = client.get(
        reverse("publication_proposal_unpublish", args=[world.group.pk, record.proposal.public_id])
    )
    assert "<dialog open" in confirm.content.decode()
