"""The acts pages of a working group, and the "Amend an act…" action of a bill proposal."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.access import Permission, group_for_user
from accord.forms import form_add_service_errors
from legislation import services
from legislation.forms import ActForm, AmendActForm
from legislation.importers import UnreadableFile, preview, text_from_upload
from legislation.marks import editor_marks
from legislation.selectors import act_for_user, acts_for_user
from legislation.structure import NotALaw
from proposals.models import ProposalKind
from proposals.selectors import proposal_for_user


@login_required
def acts_list(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id)
    acts = acts_for_user(user=request.user, group_id=group.pk)
    return render(
        request,
        "legislation/acts_list.html",
        {"group": group, "acts": acts, "permissions": group.permissions},
    )


@login_required
def act_detail(request, act_id: int):
    act = act_for_user(user=request.user, act_id=act_id)
    return render(
        request,
        "legislation/act_detail.html",
        {"group": act.group, "act": act, "rows": preview(act.text)},
    )


@login_required
def act_add(request, group_id: int):
    """Two steps: "Preview" parses the pasted or uploaded text and shows its tree, every line
    that is not a recognized unit marked; "Save" adds the act with the text as previewed."""
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.EDIT)
    form = ActForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        text = data["text"]
        try:
            if data["file"]:
                text = text_from_upload(data["file"].name, data["file"].read())
            rows = preview(text)
        except UnreadableFile:
            form.add_error("file", _("This file could not be read."))
        except NotALaw:
            form.add_error(
                "text",
                _("This is not the text of a law: no article heading («Статья 1. …») found."),
            )
        if rows is not None:
            # What is saved is what was previewed: the text goes back into the form.
            form = ActForm({**request.POST.dict(), "text": text})
            form.is_valid()
            if request.POST.get("action") == "save":
                keys = ("kind", "date", "number", "title", "source", "as_of")
                fields = {key: form.cleaned_data[key] for key in keys}
                try:
                    act = services.act_create(
                        group_id=group.pk,
                        author=request.user,
                        text=text,
                        **fields,
                    )
                except ValidationError as error:
                    form_add_service_errors(form, error)
                else:
                    messages.success(request, _("The act was added."))
                    return redirect("act_detail", act_id=act.pk)
    unrecognized = sum(1 for row in rows or () if not row.recognized and row.kind)
    context = {"group": group, "form": form, "rows": rows, "unrecognized": unrecognized}
    return render(request, "legislation/act_add.html", context)


@login_required
@require_POST
def proposal_act_amend(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.EDIT)
    form = AmendActForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an act to amend."))
        return redirect("proposal_detail", public_id=proposal.public_id)
    try:
        services.proposal_act_amend(
            proposal=proposal, act_id=form.cleaned_data["act"], author=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("proposal_detail", public_id=proposal.public_id)
    messages.success(
        request,
        _("The act's wording was added at the end of the text: edit it there like any text."),
    )
    return redirect("proposal_edit", public_id=proposal.public_id)


@login_required
@require_POST
def proposal_act_marks(request, public_id):
    """For the live editor: where the posted text's act sections are, and the problems of their
    proposed wording with the passages they stand at (every member who reads the proposal)."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, with_text=False)
    if len(request.body) > settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS * 4:
        return JsonResponse({"error": _("The text is too long to check.")}, status=413)
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return JsonResponse({"error": _("The text must be UTF-8.")}, status=400)
    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return JsonResponse({"sections": [], "problems": []})
    return JsonResponse(editor_marks(text=text, group=proposal.group_id))
