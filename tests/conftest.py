"""Shared fixtures: a working group with one member of every role, an outsider, services."""

import os
from pathlib import Path

import pytest

from accord.models import AuditEvent, Role
from tests import factories


def services_required() -> bool:
    """In CI a missing Redis, PostgreSQL or Chromium fails the run instead of skipping."""
    return bool(os.environ.get("CI") or os.environ.get("ACCORD_REQUIRE_SERVICES"))


def require_service(available: bool, reason: str) -> None:
    if available:
        return
    if services_required():
        pytest.fail(f"required in CI but missing: {reason}", pytrace=False)
    pytest.skip(reason)


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Browser tests and tests on live daphne servers are `slow` (`make test-fast` skips them);
    other slow tests (the export worker, PDFs that take seconds) carry the marker themselves."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS) or "daphne" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def redis_url():
    """The real Redis: REDIS_URL, or the local default."""
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        require_service(False, f"Redis at {url} does not answer ({error})")
    return url


@pytest.fixture(autouse=True)
def _fresh_channel_layers():
    """A new channel layer per test: channels-redis binds its locks to the first event loop that
    uses them, and every async test runs on a loop of its own."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


class World:
    """One group with a member of each role, a second group, an outsider and proposals."""

    def __init__(self):
        self.organization = factories.OrganizationFactory()
        self.group = factories.WorkingGroupFactory(organizations=[self.organization])
        self.other_group = factories.WorkingGroupFactory()
        self.users = {}
        for role in Role.values:
            user = factories.UserFactory(email=f"{role}@example.test")
            factories.MembershipFactory(
                user=user, group=self.group, role=role, organization=self.organization
            )
            self.users[role] = user
        self.users["outsider"] = factories.UserFactory(email="outsider@example.test")
        factories.MembershipFactory(
            user=self.users["outsider"], group=self.other_group, role=Role.COORDINATOR
        )
        self.proposal = factories.ProposalFactory(group=self.group, created_by=self.users["editor"])
        self.foreign_proposal = factories.ProposalFactory(group=self.other_group)
        # The setup's own records (the factories add members through `membership_add`).
        self.audit_mark = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    def audit_log(self):
        """The audit events written since the world was set up, oldest first."""
        return AuditEvent.objects.filter(pk__gt=self.audit_mark or 0).order_by("created_at", "pk")


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def daphne(transactional_db, tmp_path):
    """daphne(redis_url=None, port=0) starts a daphne on the test database; all stop after."""
    from tests.realtime.live import Daphne

    servers: list[Daphne] = []

    def start(*, redis_url=None, port=0, **env):
        server = Daphne(
            redis_url=redis_url,
            extra_env=env,
            log=tmp_path / f"daphne-{len(servers)}.log",
            port=port,
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters (API throttles, password resets) start from zero in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def in_memory_channel_layer(settings):
    """The in-memory channel layer, for tests that read what a page would receive from a
    synchronous test body: the Redis layer's receive buffers belong to the event loop that
    first used them, and every `async_to_sync` call runs a new loop. Redis itself is tested
    by the realtime and worker tests."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
