"""Pages of the tracking part of submissions: the register, recording a sending, one submission.

Every member reads the register, a submission's page, the CSV and the answer files; editors and
coordinators record sendings, registrations, extensions, forwardings and answers.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accord import registry
from accord.access import Permission, group_for_user
from accord.forms import form_add_service_errors
from accord.timezones import legal_today
from submissions import selectors, workdays
from submissions.csvutil import csv_response
from submissions.deadlines import SubmissionStatus, submission_state
from submissions.forms import (
    SubmissionAnswerForm,
    SubmissionExtendForm,
    SubmissionForwardForm,
    SubmissionRecordForm,
    SubmissionRegisterForm,
)
from submissions.models import StoredFile, SubmissionChannel
from submissions.services import tracking as services
from submissions.services.packages import package_oversized
from submissions.views.common import file_response

READY_SHOWN = 50

REGISTER_FILTERS = [
    ("", gettext_lazy("All")),
    (selectors.WAITING, gettext_lazy("Waiting for an answer")),
    (selectors.OVERDUE, gettext_lazy("Overdue")),
    (selectors.DUE_SOON, gettext_lazy("Due soon")),
    *SubmissionStatus.choices,
]


def _status_filter(request) -> str:
    status = request.GET.get("status", "")
    return status if status in dict(REGISTER_FILTERS) else ""


def _calendar_missing(today, rows) -> list[int]:
    """This year and the years of the dates still awaited, where the calendar lacks transfers."""
    years = {today.year}
    for row in rows:
        if row.state.status == SubmissionStatus.ANSWERED:
            continue
        due = row.state.answer_due_date or row.state.registration_due_date
        years.add(due.legal.year)
    return workdays.missing_years(years)


@login_required
@require_GET
def submission_register_page(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id)
    today = legal_today()
    status = _status_filter(request)
    rows = selectors.submissions_for_group(group, status=status, today=today)
    context = {
        "group": group,
        "today": today,
        "rows": rows,
        "calendar_missing": (_calendar_missing(today, rows) if group.permissions.manage else []),
        "status": status,
        "filters": REGISTER_FILTERS,
        "versions": selectors.versions_by_recipient(group),
        "ready": list(selectors.documents_ready_to_send(group)[:READY_SHOWN])
        if group.permissions.edit
        else [],
        "permissions": group.permissions,
    }
    return render(request, "submissions/register.html", context)


@login_required
@require_GET
def submissions_csv(request, group_id: int):
    group = group_for_user(user=request.user, group_id=group_id)
    today = legal_today()
    rows = selectors.submissions_for_group(group, status=_status_filter(request), today=today)

    def deadline(state) -> str:
        if state.registration_overdue:
            return _("Registration overdue")
        if state.overdue:
            return _("Answer overdue")
        if state.due_soon:
            return _("Answer due soon")
        return ""

    def day(value) -> str:
        return value.isoformat() if value else ""

    return csv_response(
        filename=f"submissions-{group.pk}-{today.isoformat()}.csv",
        header=[
            _("Recipient"),
            _("Position"),
            _("Body"),
            _("Proposal"),
            _("Version"),
            _("Channel"),
            _("Sent on"),
            _("Registration number"),
            _("Registered on"),
            _("Forwarded to"),
            _("Forwarded on"),
            _("Extension notice of"),
            _("Answer due"),
            _("Answer due by the count of days"),
            _("Answered on"),
            _("Status"),
            _("Deadline"),
            _("Summary of the answer"),
        ],
        rows=(
            [
                row.recipient.full_name,
                row.recipient.position,
                row.recipient.body,
                row.proposal.title,
                row.version.number,
                row.get_channel_display(),
                day(row.sent_on),
                row.registration_number,
                day(row.registered_on),
                row.forwarded_to,
                day(row.forwarded_on),
                day(row.extended_on),
                day(row.state.answer_due),
                day(row.answer_due),
                day(row.answered_on),
                row.state.label,
                deadline(row.state),
                row.answer_summary,
            ]
            for row in rows
        ),
    )


def _default_channel(recipient) -> str:
    if recipient.ereception_url:
        return SubmissionChannel.ERECEPTION
    if recipient.email:
        return SubmissionChannel.EMAIL
    return SubmissionChannel.POST


@login_required
@require_http_methods(["GET", "POST"])
def submission_record(request, document_id: int):
    document = selectors.package_document_for_user(
        user=request.user, document_id=document_id, need=Permission.EDIT
    )
    form = SubmissionRecordForm(
        request.POST or None,
        initial={
            "sent_on": legal_today(),
            "channel": _default_channel(document.recipient),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_record(
                document=document,
                channel=form.cleaned_data["channel"],
                sent_on=form.cleaned_data["sent_on"],
                notes=form.cleaned_data["notes"],
                actor=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The sending is recorded."))
            return redirect("submission_detail", submission_id=submission.pk)
    context = {
        "document": document,
        "package": document.package,
        "proposal": document.package.proposal,
        "group": document.package.proposal.group,
        "recipient": document.recipient,
        "earlier": list(document.submissions.order_by("-sent_on", "-pk")),
        "form": form,
        "oversized": package_oversized(document),
        "warn_bytes": settings.ACCORD_PACKAGE_WARN_BYTES,
    }
    return render(request, "submissions/submission_record.html", context)


def _register(submission, data, user):
    return services.submission_register(
        submission=submission,
        registration_number=data["registration_number"],
        registered_on=data["registered_on"],
        actor=user,
    )


def _extend(submission, data, user):
    return services.submission_extend(
        submission=submission, notice_on=data["notice_on"], actor=user
    )


def _forward(submission, data, user):
    return services.submission_forward(
        submission=submission,
        forwarded_to=data["forwarded_to"],
        forwarded_on=data["forwarded_on"],
        actor=user,
    )


def _answer(submission, data, user):
    upload = data.get("file")
    return services.submission_answer(
        submission=submission,
        answered_on=data["answered_on"],
        summary=data["summary"],
        file_name=upload.name if upload else None,
        file_bytes=upload.read() if upload else None,
        actor=user,
    )


# action → (form, service call, message on success)
ACTIONS = {
    "register": (SubmissionRegisterForm, _register, gettext_lazy("The registration is recorded.")),
    "extend": (SubmissionExtendForm, _extend, gettext_lazy("The extension is recorded.")),
    "forward": (SubmissionForwardForm, _forward, gettext_lazy("The forwarding is recorded.")),
    "answer": (SubmissionAnswerForm, _answer, gettext_lazy("The answer is recorded.")),
}


def _unbound_forms(submission, today) -> dict:
    initial = {
        "register": {
            "registration_number": submission.registration_number,
            "registered_on": submission.registered_on or today,
        },
        "extend": {"notice_on": today},
        "forward": {
            "forwarded_to": submission.forwarded_to,
            "forwarded_on": submission.forwarded_on or today,
        },
        "answer": {
            "answered_on": submission.answered_on or today,
            "summary": submission.answer_summary,
        },
    }
    return {
        action: form_class(prefix=action, initial=initial[action])
        for action, (form_class, _call, _message) in ACTIONS.items()
    }


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request, submission_id: int):
    """The timeline and due dates; its forms POST here with an `action` field."""
    need = Permission.EDIT if request.method == "POST" else Permission.VIEW
    submission = selectors.submission_for_user(
        user=request.user, submission_id=submission_id, need=need
    )
    today = legal_today()
    forms = _unbound_forms(submission, today)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return HttpResponseBadRequest(_("Unknown action."))
        form_class, call, success = ACTIONS[action]
        form = form_class(request.POST, request.FILES, prefix=action)
        if form.is_valid():
            try:
                call(submission, form.cleaned_data, request.user)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, success)
                return redirect("submission_detail", submission_id=submission.pk)
        forms[action] = form
    context = {
        "submission": submission,
        "state": submission_state(submission, today),
        "proposal": submission.proposal,
        "group": submission.proposal.group,
        "recipient": submission.recipient,
        "forms": forms,
        "permissions": submission.permissions,
        "sections": registry.render_sections(
            registry.submission_sections, request=request, submission=submission
        ),
        "days": {
            "registration": settings.ACCORD_REGISTRATION_DAYS,
            "forwarding": settings.ACCORD_FORWARDING_DAYS,
            "answer": settings.ACCORD_ANSWER_DAYS,
            "extension": settings.ACCORD_ANSWER_EXTENSION_DAYS,
        },
    }
    return render(request, "submissions/submission_detail.html", context)


@login_required
@require_GET
def submission_answer_file(request, submission_id: int):
    submission = selectors.submission_for_user(user=request.user, submission_id=submission_id)
    stored = StoredFile.objects.filter(pk=submission.answer_file_id).first()
    if stored is None:
        raise Http404
    return file_response(stored)


urlpatterns = [
    path(
        "groups/<int:group_id>/submissions/",
        submission_register_page,
        name="submission_register_page",
    ),
    path("groups/<int:group_id>/submissions.csv", submissions_csv, name="submissions_csv"),
    path("packages/documents/<int:document_id>/send/", submission_record, name="submission_record"),
    path("submissions/<int:submission_id>/", submission_detail, name="submission_detail"),
    path(
        "submissions/<int:submission_id>/answer/",
        submission_answer_file,
        name="submission_answer_file",
    ),
]
