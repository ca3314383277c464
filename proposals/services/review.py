"""Review and consensus: open a review, vote, approve (freezing a version), endorse, withdraw."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import registry
from accord.access import Permission, roles_with
from accord.models import ApprovalRule, Membership, NotificationKind, User
from accord.notifications import notify
from accord.services import audit_record
from accord.timezones import legal_today
from proposals.models import (
    Endorsement,
    Proposal,
    ProposalStatus,
    Review,
    ReviewOutcome,
    Version,
    VersionKind,
    Vote,
    VoteChoice,
)
from proposals.services.versions import version_checkpoint, version_create
from proposals.workflow import proposal_transition
from realtime.events import proposal_event

# Members who may speak for their organization (vote, endorse): those who may comment.
SPEAKS_FOR_ORGANIZATION = Permission.COMMENT


def _members(proposal: Proposal, roles=None):
    # One filter() so that the role is the one held in this group, not in another.
    memberships = {"memberships__group": proposal.group_id}
    if roles:
        memberships["memberships__role__in"] = roles
    return User.objects.filter(is_active=True, **memberships).distinct()


def _representatives(proposal: Proposal, organizations=None):
    memberships = Membership.objects.filter(
        group_id=proposal.group_id,
        role__in=roles_with(SPEAKS_FOR_ORGANIZATION),
        organization__isnull=False,
    )
    if organizations is not None:
        memberships = memberships.filter(organization__in=organizations)
    return User.objects.filter(pk__in=memberships.values("user_id"), is_active=True)


def _url(proposal: Proposal) -> str:
    return reverse("proposal_detail", args=[proposal.public_id])


def representation(*, proposal: Proposal, user: User):
    """The organization the user speaks for in the proposal's group, or None."""
    membership = (
        Membership.objects.filter(
            group_id=proposal.group_id, user=user, role__in=roles_with(SPEAKS_FOR_ORGANIZATION)
        )
        .select_related("organization")
        .first()
    )
    return membership.organization if membership and membership.organization_id else None


def open_review(proposal: Proposal) -> Review | None:
    return Review.objects.filter(proposal=proposal, closed_at=None).first()


@transaction.atomic
def review_open(*, proposal: Proposal, actor: User, deadline: date) -> Review:
    """A coordinator opens a review of the current text; members are notified. Checkpoints."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.archived or proposal.status in (ProposalStatus.WITHDRAWN, ProposalStatus.SUBMITTED):
        raise ValidationError(_("This proposal cannot be reviewed now."))
    if open_review(proposal) is not None:
        raise ValidationError(_("A review is already open."))
    if deadline < legal_today():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    version = version_checkpoint(proposal=proposal, author=actor) or (
        Version.objects.filter(proposal=proposal).order_by("-number").first()
    )
    if version is None:
        raise ValidationError(_("The proposal is empty: there is nothing to review."))
    review = Review.objects.create(
        proposal=proposal,
        version=version,
        rule=proposal.group.approval_rule,
        deadline=deadline,
        opened_by=actor,
    )
    proposal_transition(proposal=proposal, to=ProposalStatus.IN_REVIEW, actor=actor)
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="review.opened",
        summary=_("Review opened on version %(number)d, until %(deadline)s")
        % {"number": version.number, "deadline": deadline.strftime("%d.%m.%Y")},
        details={"review": review.pk, "version": version.number},
    )
    notify(
        users=_members(proposal),
        kind=NotificationKind.REVIEW,
        text=_("Review of “%(title)s” is open until %(deadline)s")
        % {"title": proposal.title, "deadline": deadline.strftime("%d.%m.%Y")},
        url=_url(proposal),
        exclude=actor,
    )
    proposal_event(proposal=proposal, kind="review.opened", data={"review": review.pk})
    return review


def tally(review: Review) -> dict:
    """Votes per choice, the number of member organizations and whether a majority approves."""
    organizations = review.proposal.group.organizations.count()
    votes = list(review.votes.values_list("choice", flat=True))
    approve = votes.count(VoteChoice.APPROVE)
    return {
        "organizations": organizations,
        "approve": approve,
        "object": votes.count(VoteChoice.OBJECT),
        "majority": organizations > 0 and approve * 2 > organizations,
    }


@transaction.atomic
def vote_cast(*, review: Review, user: User, choice: str) -> Vote:
    """One vote per member organization, cast (or changed) by a member who represents it."""
    review = Review.objects.select_for_update().select_related("proposal__group").get(pk=review.pk)
    if review.closed_at is not None:
        raise ValidationError(_("This review is closed."))
    if review.rule != ApprovalRule.MAJORITY:
        raise ValidationError(_("In this group the coordinator decides; there is no vote."))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose approve or object.")})
    organization = representation(proposal=review.proposal, user=user)
    if organization is None:
        raise ValidationError(_("Only a member who represents a member organization can vote."))
    vote, _created = Vote.objects.update_or_create(
        review=review,
        organization=organization,
        defaults={"choice": choice, "cast_by": user, "cast_at": timezone.now()},
    )
    audit_record(
        group=review.proposal.group,
        actor=user,
        proposal=review.proposal,
        action="review.vote",
        summary=f"{organization.name}: {vote.get_choice_display()}",
        details={"review": review.pk, "organization": organization.pk, "choice": choice},
    )
    proposal_event(proposal=review.proposal, kind="review.vote", data={"review": review.pk})
    return vote


@transaction.atomic
def review_close(
    *,
    review: Review,
    actor: User,
    approve: bool | None = None,
    confirm_broken_references: bool = False,
) -> Review:
    """Close a review. By the group's rule the coordinator decides (`approve`), or the votes do.

    Approval records an approval version — the frozen, approved text — and asks every member
    organization to endorse it. An approval the registered checks object to (a bill's unresolved
    cross-references, `accord.registry.approval_checks`) is refused unless
    `confirm_broken_references`; the confirmation and the problems go to the audit log.
    """
    review = Review.objects.select_for_update().select_related("proposal__group").get(pk=review.pk)
    if review.closed_at is not None:
        raise ValidationError(_("This review is already closed."))
    proposal = Proposal.objects.select_for_update().get(pk=review.proposal_id)
    if review.rule == ApprovalRule.MAJORITY:
        approved = tally(review)["majority"]
    else:
        if approve is None:
            raise ValidationError(_("Decide: approve or not."))
        approved = bool(approve)
    problems = _approval_problems(proposal) if approved else []
    if problems and not confirm_broken_references:
        raise ValidationError(
            _(
                "The proposed wording has unresolved cross-references: %(problems)s. "
                "Correct them, or confirm that the proposal is approved with them."
            )
            % {"problems": "; ".join(problems)}
        )
    review.closed_at = timezone.now()
    review.closed_by = actor
    review.outcome = ReviewOutcome.APPROVED if approved else ReviewOutcome.NOT_APPROVED
    review.save(update_fields=["closed_at", "closed_by", "outcome"])
    if approved:
        version = version_create(
            proposal=proposal,
            kind=VersionKind.APPROVAL,
            author=actor,
            label=_("Approved"),
        )
        proposal.approved_version = version
        proposal.save(update_fields=["approved_version"])
        proposal_transition(proposal=proposal, to=ProposalStatus.APPROVED, actor=actor)
        if problems:
            audit_record(
                group=proposal.group,
                actor=actor,
                proposal=proposal,
                action="review.broken_references_confirmed",
                summary=_("Approved with unresolved cross-references, confirmed"),
                details={"review": review.pk, "problems": problems},
            )
        summary = _("Approved: version %(number)d, SHA-256 %(sha)s") % {
            "number": version.number,
            "sha": version.sha256[:12],
        }
        notify(
            users=_members(proposal),
            kind=NotificationKind.APPROVAL,
            text=_("“%(title)s” is approved (version %(number)d)")
            % {"title": proposal.title, "number": version.number},
            url=_url(proposal),
            exclude=actor,
        )
        notify(
            users=_representatives(proposal),
            kind=NotificationKind.ENDORSEMENT,
            text=_("Your organization is asked to endorse “%(title)s”, version %(number)d")
            % {"title": proposal.title, "number": version.number},
            url=_url(proposal),
        )
    else:
        proposal_transition(proposal=proposal, to=ProposalStatus.DRAFT, actor=actor)
        summary = _("Not approved; back to draft")
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="review.closed",
        summary=summary,
        details={"review": review.pk, "outcome": review.outcome, **tally(review)},
    )
    proposal_event(proposal=proposal, kind="review.closed", data={"review": review.pk})
    return review


def _approval_problems(proposal: Proposal) -> list[str]:
    return [
        problem for check in registry.approval_checks for problem in check.run(proposal=proposal)
    ]


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    review = open_review(proposal)
    if review is not None:
        review.closed_at = timezone.now()
        review.closed_by = actor
        review.outcome = ReviewOutcome.NOT_APPROVED
        review.save(update_fields=["closed_at", "closed_by", "outcome"])
    proposal_transition(proposal=proposal, to=ProposalStatus.WITHDRAWN, actor=actor)
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="proposal.withdrawn",
        summary=_("Withdrawn"),
    )
    proposal_event(proposal=proposal, kind="proposal.withdrawn")
    return proposal


@transaction.atomic
def endorsement_give(*, proposal: Proposal, user: User) -> Endorsement:
    """The user's organization signs on to the approved version, exactly (its hash).

    Locks the proposal, so a button clicked twice at once records one endorsement.
    """
    Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal = Proposal.objects.select_related("approved_version", "group").get(pk=proposal.pk)
    version = proposal.approved_version
    if version is None:
        raise ValidationError(_("Only an approved version can be endorsed."))
    organization = representation(proposal=proposal, user=user)
    if organization is None:
        raise ValidationError(_("Only a member who represents a member organization can endorse."))
    if Endorsement.objects.filter(version=version, organization=organization).exists():
        raise ValidationError(
            _("%(organization)s has already endorsed this version.")
            % {"organization": organization.name}
        )
    endorsement = Endorsement.objects.create(
        version=version, organization=organization, endorsed_by=user, sha256=version.sha256
    )
    audit_record(
        group=proposal.group,
        actor=user,
        proposal=proposal,
        action="endorsement.given",
        summary=_("%(organization)s endorsed version %(number)d (SHA-256 %(sha)s)")
        % {"organization": organization.name, "number": version.number, "sha": version.sha256[:12]},
        details={
            "organization": organization.pk,
            "version": version.number,
            "sha256": version.sha256,
        },
    )
    proposal_event(proposal=proposal, kind="endorsement.given")
    return endorsement


@transaction.atomic
def endorsement_deadline_set(*, proposal: Proposal, actor: User, deadline: date | None) -> Proposal:
    proposal.endorsement_deadline = deadline
    proposal.save(update_fields=["endorsement_deadline"])
    when = deadline.strftime("%d.%m.%Y") if deadline else "—"
    audit_record(
        group=proposal.group,
        actor=actor,
        proposal=proposal,
        action="endorsement.deadline",
        summary=_("Endorsement deadline: %(date)s") % {"date": when},
    )
    return proposal


def endorsements_for(proposal: Proposal) -> list[dict]:
    """Every endorsement, marked current (of the approved version) or outdated."""
    current = proposal.approved_version_id
    rows = (
        Endorsement.objects.filter(version__proposal=proposal)
        .select_related("organization", "endorsed_by", "version")
        .order_by("-version__number", "endorsed_at")
    )
    return [{"endorsement": row, "current": row.version_id == current} for row in rows]


def reminders_send(*, today: date | None = None) -> int:
    """Remind members of reviews closing tomorrow and organizations of endorsements due soon."""
    today = today or legal_today()
    sent = 0
    for review in Review.objects.filter(
        closed_at=None, reminded_at=None, deadline__lte=today + timedelta(days=1)
    ).select_related("proposal__group"):
        with transaction.atomic():
            notify(
                users=_members(review.proposal),
                kind=NotificationKind.REVIEW,
                text=_("Review of “%(title)s” closes on %(deadline)s")
                % {
                    "title": review.proposal.title,
                    "deadline": review.deadline.strftime("%d.%m.%Y"),
                },
                url=_url(review.proposal),
            )
            Review.objects.filter(pk=review.pk).update(reminded_at=timezone.now())
            sent += 1
    for proposal in Proposal.objects.filter(
        endorsement_deadline__isnull=False,
        endorsement_deadline__gte=today,
        endorsement_deadline__lte=today + timedelta(days=2),
        approved_version__isnull=False,
    ).select_related("approved_version"):
        endorsed = Endorsement.objects.filter(version=proposal.approved_version).values(
            "organization"
        )
        waiting = proposal.group.organizations.exclude(pk__in=endorsed)
        users = _representatives(proposal, organizations=waiting)
        if users:
            notify(
                users=users,
                kind=NotificationKind.ENDORSEMENT,
                text=_("Endorsement of “%(title)s” is due on %(deadline)s")
                % {
                    "title": proposal.title,
                    "deadline": proposal.endorsement_deadline.strftime("%d.%m.%Y"),
                },
                url=_url(proposal),
            )
            sent += 1
    return sent
