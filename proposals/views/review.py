"""Pages for review and consensus: the review panel's actions and the list of comments."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.access import Permission
from accord.confirm import confirmation_page, is_confirmed
from accord.timezones import legal_today
from proposals.models import CommentThread, ThreadKind
from proposals.selectors import proposal_for_user
from proposals.services import comments, review
from realtime import store


def _back(proposal):
    return redirect("proposal_detail", public_id=proposal.public_id)


def _run(request, action, success: str):
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def review_panel(*, proposal, user) -> dict:
    """Everything the proposal page shows about review, approval and endorsement."""
    current = review.open_review(proposal)
    latest = proposal.reviews.select_related("version").first()
    organization = review.representation(proposal=proposal, user=user)
    endorsements = review.endorsements_for(proposal)
    endorsed_now = {row["endorsement"].organization_id for row in endorsements if row["current"]}
    approved = proposal.approved_version
    return {
        "review": current,
        "last_review": latest,
        "tally": review.tally(current) if current else None,
        "my_vote": current.votes.filter(organization=organization).first()
        if current and organization
        else None,
        "organization": organization,
        "endorsements": endorsements,
        "can_endorse": approved is not None
        and organization is not None
        and organization.pk not in endorsed_now,
        "organizations_waiting": proposal.group.organizations.exclude(pk__in=endorsed_now)
        if approved
        else [],
        "new_round": approved is not None and proposal.status == "draft",
        "default_deadline": (legal_today() + timedelta(days=7)).isoformat(),
    }


@login_required
@require_POST
def review_open_view(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.MANAGE)
    deadline = _date(request.POST.get("deadline"))
    if deadline is None:
        messages.error(request, _("Give the review a deadline."))
        return _back(proposal)
    _run(
        request,
        lambda: review.review_open(proposal=proposal, actor=request.user, deadline=deadline),
        _("The review is open; members have been notified."),
    )
    return _back(proposal)


@login_required
@require_POST
def review_vote_view(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.COMMENT)
    current = review.open_review(proposal)
    if current is None:
        messages.error(request, _("No review is open."))
        return _back(proposal)
    _run(
        request,
        lambda: review.vote_cast(
            review=current, user=request.user, choice=request.POST.get("choice", "")
        ),
        _("Your organization's vote is recorded."),
    )
    return _back(proposal)


@login_required
@require_POST
def review_close_view(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.MANAGE)
    current = review.open_review(proposal)
    if current is None:
        messages.error(request, _("No review is open."))
        return _back(proposal)
    decision = request.POST.get("decision")
    approve = {"approve": True, "reject": False}.get(decision)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            name={True: "review_approve", False: "review_reject"}.get(approve, "review_count"),
            subject=proposal,
            cancel_url=reverse("proposal_detail", args=[proposal.public_id]),
        )
    _run(
        request,
        lambda: review.review_close(
            review=current,
            actor=request.user,
            approve=approve,
            confirm_broken_references=request.POST.get("confirm_broken_references") == "1",
        ),
        _("The review is closed."),
    )
    return _back(proposal)


@login_required
@require_POST
def withdraw_view(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.MANAGE)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            name="proposal_withdraw",
            subject=proposal,
            cancel_url=reverse("proposal_detail", args=[proposal.public_id]),
        )
    _run(
        request,
        lambda: review.proposal_withdraw(proposal=proposal, actor=request.user),
        _("Withdrawn."),
    )
    return _back(proposal)


@login_required
@require_POST
def endorse_view(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.COMMENT)
    _run(
        request,
        lambda: review.endorsement_give(proposal=proposal, user=request.user),
        _("Your organization's endorsement is recorded."),
    )
    return _back(proposal)


@login_required
@require_POST
def endorsement_deadline_view(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.MANAGE)
    deadline = _date(request.POST.get("deadline"))
    _run(
        request,
        lambda: review.endorsement_deadline_set(
            proposal=proposal, actor=request.user, deadline=deadline
        ),
        _("Saved."),
    )
    return _back(proposal)


@login_required
def threads_list(request, public_id):
    """Every comment and suggestion of a proposal, filterable."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    status = request.GET.get("status", "open")
    kind = request.GET.get("kind", "")
    threads = (
        CommentThread.objects.filter(proposal=proposal)
        .select_related("created_by", "decided_by")
        .prefetch_related("comments__author")
        .order_by("-created_at")
    )
    if status == "open":
        threads = threads.filter(resolved_at=None)
    elif status == "resolved":
        threads = threads.exclude(resolved_at=None)
    if kind in ThreadKind.values:
        threads = threads.filter(kind=kind)
    page = Paginator(threads, 50).get_page(request.GET.get("page"))
    doc_text = None
    if page.object_list:
        _doc, shared = store.document_open(proposal_id=proposal.pk)
        doc_text = shared
    rows = []
    for thread in page.object_list:
        try:
            detached = (
                comments.thread_span(thread, doc_text).detached if doc_text is not None else True
            )
        except ValueError:
            detached = True
        rows.append({"thread": thread, "detached": detached and bool(thread.quote)})
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "rows": rows,
        "page": page,
        "status": status,
        "kind": kind,
    }
    return render(request, "proposals/threads.html", context)
