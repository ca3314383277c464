"""The public pages' cache: each page is kept per URL under the current generation; any change
to what they show (publishing, unpublishing, a sending, an answer, an endorsement) starts a new
generation, so no page outlives the change. Entries also expire after
ACCORD_PUBLIC_CACHE_SECONDS (the "overdue by N days" counts move with the calendar)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.crypto import get_random_string

GENERATION_KEY = "public:generation"


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = get_random_string(12)
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY) or value
    return value


def invalidate() -> None:
    """Every cached public page is gone from now on."""
    cache.set(GENERATION_KEY, get_random_string(12), timeout=None)


def page_key(path: str) -> str:
    # The language too: a page is the same for everyone who reads it in one language.
    return f"public:page:{generation()}:{translation.get_language()}:{path}"


def get(path: str):
    return cache.get(page_key(path))


def put(path: str, value) -> None:
    cache.set(page_key(path), value, timeout=settings.ACCORD_PUBLIC_CACHE_SECONDS)


def _changed(**_kwargs) -> None:
    invalidate()


def connect() -> None:
    """Models whose rows the public pages show; saving or deleting one invalidates."""
    from accord.models import Organization, WorkingGroup
    from proposals.models import Endorsement
    from publication.models import AnswerReading, GroupPublication, ProposalPublication
    from submissions.models import Recipient, Submission

    for model in (
        GroupPublication,
        ProposalPublication,
        AnswerReading,
        Submission,
        Recipient,
        Endorsement,
        Organization,
        WorkingGroup,
    ):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-cache-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-del-{model.__name__}")
    from django.db.models.signals import m2m_changed

    m2m_changed.connect(
        _changed,
        sender=GroupPublication.listed_organizations.through,
        dispatch_uid="public-cache-listed",
    )
