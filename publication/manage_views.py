"""The coordinators' page of a group's publication (/groups/<id>/publication/): the public
profile, each proposal's publication (unpublishing asks for confirmation first), and the
answers' reading (/submissions/<id>/answer/, editors and coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.access import Permission, group_for_user
from accord.confirm import confirmation_page, is_confirmed
from accord.forms import form_add_service_errors
from proposals.models import Proposal
from publication import answers, services
from publication.forms import AnswerConfirmForm, AnswerFlagsForm, GroupProfileForm
from publication.models import ProposalPublication
from submissions import selectors as submission_selectors


def _proposal_rows(group):
    publications = {
        row.proposal_id: row for row in ProposalPublication.objects.filter(proposal__group=group)
    }
    rows = []
    for proposal in Proposal.objects.filter(group=group, archived=False).order_by("title"):
        publication = publications.get(proposal.pk)
        rows.append(
            {
                "proposal": proposal,
                "publication": publication,
                "published": bool(publication and publication.published),
                "publishable": services.publishable_version(proposal),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def publication_page(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    profile = services.group_publication_of(group, save=request.method == "POST")
    form = GroupProfileForm(instance=profile, group=group)
    if request.method == "POST":
        form = GroupProfileForm(request.POST, instance=profile, group=group)
        if form.is_valid():
            publish = {"publish": True, "unpublish": False}.get(
                request.POST.get("action", ""), profile.published
            )
            try:
                services.group_profile_update(
                    group=group,
                    actor=request.user,
                    slug=form.cleaned_data["slug"],
                    about=form.cleaned_data["about"],
                    listed_organizations=form.cleaned_data["listed_organizations"],
                    allow_indexing=form.cleaned_data["allow_indexing"],
                    published=publish,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The public profile is saved."))
                return redirect("publication_page", group_id=group.pk)
        profile = services.group_publication_of(group)
    return render(
        request,
        "publication/manage.html",
        {"group": group, "profile": profile, "form": form, "rows": _proposal_rows(group)},
    )


def _managed_proposal(request, group_id: int, public_id):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    proposal = Proposal.objects.filter(group=group, public_id=public_id).first()
    if proposal is None:
        raise Http404
    return group, proposal


@login_required
@require_http_methods(["POST"])
def proposal_publish(request, group_id: int, public_id):
    group, proposal = _managed_proposal(request, group_id, public_id)
    try:
        services.proposal_publish(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("«%(title)s» is public.") % {"title": proposal.title})
    return redirect("publication_page", group_id=group.pk)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_unpublish(request, group_id: int, public_id):
    """GET: the confirmation dialog; POST with `confirm=1`: unpublish at once (without it: the
    confirmation page, accord/confirm.py)."""
    group, proposal = _managed_proposal(request, group_id, public_id)
    if request.method == "POST" and not is_confirmed(request):
        return confirmation_page(
            request,
            name="proposal_unpublish",
            subject=proposal,
            cancel_url=reverse("publication_page", args=[group.pk]),
        )
    if request.method == "POST":
        services.proposal_unpublish(proposal=proposal, actor=request.user)
        messages.success(request, _("«%(title)s» is no longer public.") % {"title": proposal.title})
        return redirect("publication_page", group_id=group.pk)
    return render(
        request, "publication/unpublish_confirm.html", {"group": group, "proposal": proposal}
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_page(request, submission_id: int):
    """What was read from the answer's file, offered to confirm; the formal-reply and public
    flags. Members read it; editors and coordinators confirm and mark."""
    need = Permission.EDIT if request.method == "POST" else Permission.VIEW
    submission = submission_selectors.submission_for_user(
        user=request.user, submission_id=submission_id, need=need
    )
    reading = answers.reading_for(submission, save=request.method == "POST")
    manage = submission.permissions.manage
    flags = AnswerFlagsForm(
        initial={"formal_reply": reading.formal_reply, "document_public": reading.document_public}
    )
    confirm = AnswerConfirmForm(
        initial={
            "outgoing_number": reading.outgoing_number or reading.found_number,
            "outgoing_date": reading.outgoing_date or reading.found_date,
            "signatory": reading.signatory or reading.found_signatory,
        }
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            confirm = AnswerConfirmForm(request.POST)
            if confirm.is_valid():
                answers.reading_confirm(reading=reading, actor=request.user, **confirm.cleaned_data)
                messages.success(request, _("The answer's details are confirmed."))
                return redirect("publication_answer", submission_id=submission.pk)
        elif action == "flags":
            flags = AnswerFlagsForm(request.POST)
            if flags.is_valid():
                document_public = flags.cleaned_data["document_public"] and manage
                services.answer_flags_set(
                    submission=submission,
                    actor=request.user,
                    formal_reply=flags.cleaned_data["formal_reply"],
                    document_public=document_public or (reading.document_public and not manage),
                )
                messages.success(request, _("Saved."))
                return redirect("publication_answer", submission_id=submission.pk)
    return render(
        request,
        "publication/answer.html",
        {
            "submission": submission,
            "proposal": submission.proposal,
            "group": submission.proposal.group,
            "reading": reading,
            "flags": flags,
            "confirm": confirm,
            "manage": manage,
            "permissions": submission.permissions,
        },
    )


urlpatterns = [
    path("groups/<int:group_id>/publication/", publication_page, name="publication_page"),
    path(
        "groups/<int:group_id>/publication/proposals/<uuid:public_id>/publish/",
        proposal_publish,
        name="publication_proposal_publish",
    ),
    path(
        "groups/<int:group_id>/publication/proposals/<uuid:public_id>/unpublish/",
        proposal_unpublish,
        name="publication_proposal_unpublish",
    ),
    path("submissions/<int:submission_id>/answer-reading/", answer_page, name="publication_answer"),
]
