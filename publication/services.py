"""Every write of publication: a group's profile, a proposal's publication, an answer's
reading. Coordinators only (the views ask accord.access); every change is audited and
invalidates the public pages' cache (publication.cache, through the models' signals)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import User, WorkingGroup
from accord.services import audit_record
from proposals.models import Proposal
from publication.models import AnswerReading, GroupPublication, ProposalPublication
from submissions.models import Submission

_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN.split(), strict=True))


def slug_suggestion(name: str) -> str:
    """«Защита детей» → «zashchita-detey»: a Latin address from the group's name."""
    letters = []
    for char in name.lower():
        mapped = _TRANSLIT.get(char)
        letters.append("" if mapped == "-" else mapped if mapped is not None else char)
    ascii_text = unicodedata.normalize("NFKD", "".join(letters)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")
    return slug or "group"


def _unique_slug(base: str, group: WorkingGroup) -> str:
    slug, n = base, 2
    while GroupPublication.objects.filter(slug=slug).exclude(group=group).exists():
        slug = f"{base[:55]}-{n}"
        n += 1
    return slug


def group_publication_of(group: WorkingGroup, *, save: bool = True) -> GroupPublication:
    """The group's publication row, made (unpublished) on first use; with `save` off a page
    that only shows it writes nothing."""
    found = GroupPublication.objects.filter(group=group).first()
    if found is not None:
        return found
    profile = GroupPublication(
        group=group,
        slug=_unique_slug(slug_suggestion(group.name), group),
        about=group.description[:2000],
    )
    if save:
        profile.save()
    return profile


@transaction.atomic
def group_profile_update(
    *,
    group: WorkingGroup,
    actor: User | None,
    slug: str,
    about: str,
    listed_organizations,
    allow_indexing: bool,
    published: bool,
) -> GroupPublication:
    publication = GroupPublication.objects.select_for_update().get(
        pk=group_publication_of(group).pk
    )
    slug = slug.strip().lower()
    if GroupPublication.objects.filter(slug=slug).exclude(pk=publication.pk).exists():
        raise ValidationError({"slug": _("This address is taken by another group.")})
    allowed = set(group.organizations.values_list("pk", flat=True))
    listed = [org for org in listed_organizations if org.pk in allowed]
    was_published = publication.published
    publication.slug = slug
    publication.about = about.strip()
    publication.allow_indexing = allow_indexing
    publication.published = published
    publication.updated_by = actor
    if published and not was_published:
        publication.published_at = timezone.now()
    publication.full_clean()
    publication.save()
    publication.listed_organizations.set(listed)
    if published != was_published:
        audit_record(
            group=group,
            actor=actor,
            action="publication.group_published" if published else "publication.group_unpublished",
            summary=_("public profile published at /public/groups/%(slug)s/") % {"slug": slug}
            if published
            else _("public profile unpublished"),
        )
    return publication


def publishable_version(proposal: Proposal):
    """The approved version, once sent to someone; None while there is nothing to publish."""
    if proposal.approved_version_id is None:
        return None
    sent = Submission.objects.filter(proposal=proposal, version_id=proposal.approved_version_id)
    return proposal.approved_version if sent.exists() else None


@transaction.atomic
def proposal_publish(*, proposal: Proposal, actor: User | None) -> ProposalPublication:
    version = publishable_version(proposal)
    if version is None:
        raise ValidationError(_("Only an approved version that was sent can be published."))
    group_publication_of(proposal.group)
    publication, _created = ProposalPublication.objects.select_for_update().get_or_create(
        proposal=proposal, defaults={"version": version}
    )
    publication.version = version
    publication.published = True
    publication.published_at = timezone.now()
    publication.updated_by = actor
    publication.save()
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="publication.proposal_published",
        summary=_("version %(number)d published") % {"number": version.number},
    )
    return publication


@transaction.atomic
def proposal_unpublish(*, proposal: Proposal, actor: User | None) -> None:
    updated = ProposalPublication.objects.filter(proposal=proposal, published=True).update(
        published=False, updated_by=actor
    )
    if updated:
        from publication import cache

        cache.invalidate()  # update() sends no signal
        audit_record(
            group=proposal.group,
            actor=actor,
            proposal=proposal,
            action="publication.proposal_unpublished",
            summary=_("public page removed"),
        )


def reading_of(submission: Submission) -> AnswerReading:
    found = AnswerReading.objects.filter(submission=submission).first()
    return found or AnswerReading(submission=submission)


@transaction.atomic
def answer_flags_set(
    *, submission: Submission, actor: User | None, formal_reply: bool, document_public: bool
) -> AnswerReading:
    reading = reading_of(submission)
    reading.formal_reply = formal_reply
    reading.document_public = document_public and submission.answer_file_id is not None
    reading.save()
    audit_record(
        group=submission.proposal.group,
        actor=actor,
        proposal=submission.proposal,
        action="publication.answer_flags",
        summary=_("answer marked: formal reply %(formal)s, document public %(public)s")
        % {
            "formal": _("yes") if reading.formal_reply else _("no"),
            "public": _("yes") if reading.document_public else _("no"),
        },
    )
    return reading
