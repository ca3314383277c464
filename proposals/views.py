"""Pages about proposals: create, read, rename and archive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.access import Permission, group_for_user
from accord.models import Role
from proposals import services
from proposals.forms import ProposalCreateForm, ProposalSettingsForm
from proposals.markdown import render_markdown_with_toc
from proposals.selectors import proposal_for_user


@login_required
def proposal_create(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.EDIT)
    form = ProposalCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["start"]
        try:
            proposal = services.proposal_create(
                group=group,
                author=request.user,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data.get("text") if start == "upload" else "",
                from_template=start == "template",
                language=translation.get_language() or "ru",
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Proposal created."))
            return redirect("proposal_detail", public_id=proposal.public_id)
    return render(request, "proposals/proposal_create.html", {"group": group, "form": form})


@login_required
def proposal_detail(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    body, toc = render_markdown_with_toc(proposal.text)
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "body": body,
        "toc": toc,
        "can_edit": proposal.user_role in (Role.COORDINATOR, Role.EDITOR),
    }
    return render(request, "proposals/proposal_detail.html", context)


@login_required
def proposal_settings(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.EDIT)
    form = ProposalSettingsForm(request.POST or None, initial={"title": proposal.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, title=form.cleaned_data["title"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("proposal_detail", public_id=proposal.public_id)
    return render(
        request,
        "proposals/proposal_settings.html",
        {"proposal": proposal, "group": proposal.group, "form": form},
    )


@login_required
@require_POST
def proposal_archive(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.EDIT)
    archive = request.POST.get("archived", "1") == "1"
    services.proposal_update(proposal=proposal, archived=archive)
    messages.success(
        request, _("Proposal archived.") if archive else _("Proposal restored from the archive.")
    )
    return redirect("proposal_detail", public_id=proposal.public_id)
