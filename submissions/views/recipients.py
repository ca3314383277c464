"""Pages of a group's recipients directory: list, create, edit, archive, CSV import and export.

Every member reads the directory and exports it; coordinators change it.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.access import Permission, group_for_user
from accord.confirm import confirmation_page, is_confirmed
from accord.forms import form_add_service_errors
from submissions import letters
from submissions.csvutil import csv_response
from submissions.forms import LetterTemplatesForm, RecipientForm, RecipientImportForm
from submissions.models import Recipient, RecipientKind
from submissions.services import recipients as services
from submissions.services.letters import letter_template_set

PAGE_SIZE = 100


def _recipient_of(group, recipient_id: int) -> Recipient:
    """A recipient of this group only: another group's recipient is 404 for everyone."""
    return get_object_or_404(Recipient, pk=recipient_id, group=group)


@login_required
@require_GET
def recipients_list(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id)
    kind = request.GET.get("kind", "")
    if kind not in RecipientKind.values:
        kind = ""
    query = request.GET.get("q", "").strip()[:200]
    archived = request.GET.get("archived") == "1"
    recipients = services.recipient_list(group=group, kind=kind, query=query, archived=archived)
    page = Paginator(recipients, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "group": group,
        "page": page,
        "kinds": RecipientKind.choices,
        "kind": kind,
        "query": query,
        "archived": archived,
        "filters": filters.urlencode(),
        "permissions": group.permissions,
    }
    return render(request, "submissions/recipients_list.html", context)


@login_required
def recipient_create(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recipient = services.recipient_create(
                group=group, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Recipient added: %(name)s.") % {"name": recipient})
            return redirect("recipients_list", group_id=group.pk)
    return render(
        request,
        "submissions/recipient_form.html",
        {"group": group, "form": form, "recipient": None},
    )


@login_required
def recipient_edit(request, group_id: int, recipient_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    recipient = _recipient_of(group, recipient_id)
    # The form works on a copy: the service compares with the stored values.
    form = RecipientForm(request.POST or None, instance=copy.copy(recipient))
    if request.method == "POST" and form.is_valid():
        try:
            recipient = services.recipient_update(
                recipient=recipient, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": recipient})
            return redirect("recipients_list", group_id=group.pk)
    return render(
        request,
        "submissions/recipient_form.html",
        {"group": group, "form": form, "recipient": recipient},
    )


@login_required
@require_POST
def recipient_archive(request, group_id: int, recipient_id: int):
    """Archive an active recipient, restore an archived one."""
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    recipient = _recipient_of(group, recipient_id)
    if not recipient.archived and not is_confirmed(request):
        return confirmation_page(
            request,
            name="recipient_archive",
            subject=recipient,
            cancel_url=reverse("recipients_list", args=[group.pk]),
        )
    recipient = services.recipient_archive(
        recipient=recipient, actor=request.user, archived=not recipient.archived
    )
    if recipient.archived:
        messages.success(request, _("Archived: %(name)s.") % {"name": recipient})
        return redirect("recipients_list", group_id=group.pk)
    messages.success(request, _("Restored from the archive: %(name)s.") % {"name": recipient})
    return redirect(f"{reverse('recipients_list', args=[group.pk])}?archived=1")


@login_required
def recipients_import(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id, need=Permission.MANAGE)
    form = RecipientImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.recipients_import_csv(
                group=group, actor=request.user, data=form.cleaned_data["file"].read()
            )
        except ValidationError as error:
            problems = [str(message) for message in error.messages]
        else:
            summary = _(
                "Imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged."
            )
            messages.success(request, summary % vars(result))
            return redirect("recipients_list", group_id=group.pk)
    context = {
        "group": group,
        "form": form,
        "problems": problems,
        "columns": services.CSV_FIELDS,
        "required": services.REQUIRED_CSV_FIELDS,
        "kinds": RecipientKind.choices,
    }
    return render(request, "submissions/recipients_import.html", context)


@login_required
@require_GET
def recipients_export(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id)
    include_archived = request.GET.get("archived") == "1"
    return csv_response(
        filename=f"recipients-{group.pk}.csv",
        header=list(services.CSV_FIELDS),
        rows=services.recipients_csv_rows(group, include_archived=include_archived),
    )


@login_required
def letter_templates(request, group_id: int):
    """The group's default letter texts by kind of recipient: members read, coordinators edit."""
    need = Permission.MANAGE if request.method == "POST" else Permission.VIEW
    group = group_for_user(user=request.user, group_id=group_id, need=need)
    form = LetterTemplatesForm(request.POST or None, templates=letters.group_templates(group))
    if request.method == "POST" and form.is_valid():
        try:
            for kind in RecipientKind.values:
                letter_template_set(
                    group=group,
                    kind=kind,
                    bill_text=form.cleaned_data[f"bill_{kind}"],
                    proposals_text=form.cleaned_data[f"proposals_{kind}"],
                    actor=request.user,
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The letter templates are saved."))
            return redirect("letter_templates", group_id=group.pk)
    return render(
        request,
        "submissions/letter_templates.html",
        {"group": group, "form": form, "permissions": group.permissions},
    )


urlpatterns = [
    path("groups/<int:group_id>/recipients/letters/", letter_templates, name="letter_templates"),
    path("groups/<int:group_id>/recipients/", recipients_list, name="recipients_list"),
    path("groups/<int:group_id>/recipients/new/", recipient_create, name="recipient_create"),
    path(
        "groups/<int:group_id>/recipients/<int:recipient_id>/edit/",
        recipient_edit,
        name="recipient_edit",
    ),
    path(
        "groups/<int:group_id>/recipients/<int:recipient_id>/archive/",
        recipient_archive,
        name="recipient_archive",
    ),
    path("groups/<int:group_id>/recipients/import/", recipients_import, name="recipients_import"),
    path("groups/<int:group_id>/recipients.csv", recipients_export, name="recipients_export"),
]
