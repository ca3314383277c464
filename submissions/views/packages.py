"""Pages of submission packages: build, progress, previews, downloads, platform compilation.

Access: coordinators and editors build (Permission.EDIT); every member views and downloads
(Permission.VIEW); non-members get 404 for everything, through `proposal_for_user`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.access import Permission, group_for_user
from accord.forms import form_add_service_errors
from accord.timezones import legal_today
from proposals.models import ProposalKind
from proposals.selectors import proposal_for_user
from submissions import formats, letters
from submissions.forms_packages import PackageForm
from submissions.models import Package, PackageDocument, PackageStatus, StoredFile
from submissions.selectors_packages import (
    bill_checklist,
    bill_problems,
    platform_latest,
    platform_latest_ready,
    versions_left_out,
)
from submissions.services import packages as services
from submissions.services.platform import (
    group_has_platform,
    platform_build_is_stale,
    platform_build_request,
)
from submissions.views.common import file_response


def _package_for_user(user, public_id, package_id, need=Permission.VIEW):
    proposal = proposal_for_user(user=user, proposal_id=public_id, need=need, with_text=False)
    package = get_object_or_404(
        Package.objects.select_related("version", "created_by"),
        proposal=proposal,
        public_id=package_id,
    )
    return proposal, package


@login_required
def package_list(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, with_text=False)
    packages = (
        Package.objects.filter(proposal=proposal)
        .select_related("version", "created_by")
        .prefetch_related("documents__recipient")
    )
    return render(
        request,
        "submissions/package_list.html",
        {
            "proposal": proposal,
            "group": proposal.group,
            "packages": packages,
            "can_build": proposal.permissions.edit
            and services.approved_versions(proposal).exists(),
        },
    )


@login_required
def package_create(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.EDIT)
    versions = services.approved_versions(proposal)
    if not versions.exists():
        messages.error(
            request, _("Only an approved version can be sent: approve the proposal first.")
        )
        return redirect("proposal_detail", public_id=proposal.public_id)
    latest = versions.first()
    initial = {
        "version": latest.pk,
        "letter_date": legal_today(),
        "heading": letters.default_heading(
            title=proposal.title, legislative=proposal.kind == ProposalKind.LEGISLATIVE_AMENDMENT
        ),
        # The executor line names the surname first: «Соколова И.А.».
        "executor_name": formats.surname_initials(request.user.display_name),
        "executor_email": request.user.email,
    }
    defaults = letters.default_texts(
        group=proposal.group,
        title=proposal.title,
        legislative=proposal.kind == ProposalKind.LEGISLATIVE_AMENDMENT,
    )
    form = PackageForm(
        request.POST or None,
        proposal=proposal,
        versions=versions,
        letter_defaults=defaults,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            package = services.package_create(
                proposal=proposal,
                version=data["version"],
                actor=request.user,
                recipients=list(data["recipients"]),
                authors=form.authors(),
                signatories=form.signers(),
                letter_date=data["letter_date"],
                heading=data["heading"],
                letter_texts=form.letter_texts(),
                executor_name=data["executor_name"],
                executor_phone=data["executor_phone"],
                executor_email=data["executor_email"],
                introduced_by=data.get("introduced_by", ""),
                with_docx=data["with_docx"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(
                "package_detail", public_id=proposal.public_id, package_id=package.public_id
            )
    return render(
        request,
        "submissions/package_form.html",
        {
            "proposal": proposal,
            "group": proposal.group,
            "form": form,
            "legislative": proposal.kind == ProposalKind.LEGISLATIVE_AMENDMENT,
            "left_out": versions_left_out(proposal=proposal, versions=list(versions)),
            "checklist": bill_checklist(
                proposal=proposal,
                version=_chosen_version(form, versions),
                introduced_by=str(form["introduced_by"].value() or "")
                if "introduced_by" in form.fields
                else "",
            ),
            "bill_problems": bill_problems(
                proposal=proposal, version=_chosen_version(form, versions)
            ),
        },
    )


def _chosen_version(form, versions):
    """The version the form names (the newest one before a choice)."""
    chosen = str(form["version"].value() or "")
    return next((v for v in versions if str(v.pk) == chosen), None) or (
        versions[0] if versions else None
    )


def _status_payload(package: Package) -> dict:
    return {
        "package": str(package.public_id),
        "status": package.status,
        "progress": package.progress,
        "message": package.progress_message,
        "error": package.error,
    }


@login_required
def package_detail(request, public_id, package_id):
    proposal, package = _package_for_user(request.user, public_id, package_id)
    documents = list(
        package.documents.select_related("recipient", "pdf", "docx").defer(
            "pdf__data", "docx__data"
        )
    )
    for document in documents:
        document.oversized = services.package_oversized(document)
    return render(
        request,
        "submissions/package_detail.html",
        {
            "proposal": proposal,
            "group": proposal.group,
            "package": package,
            "authors": package.authors.select_related("organization"),
            "signatories": package.signatories.all(),
            "documents": documents,
            "ready": package.status == PackageStatus.READY,
            "stale": services.package_is_stale(package),
            "can_build": proposal.permissions.edit,
            "status": _status_payload(package),
            "warn_bytes": settings.ACCORD_PACKAGE_WARN_BYTES,
            "left_out": versions_left_out(proposal=proposal, versions=[package.version]),
            "checklist": bill_checklist(
                proposal=proposal, version=package.version, introduced_by=package.introduced_by
            ),
            "bill_problems": bill_problems(proposal=proposal, version=package.version),
        },
    )


@login_required
def package_status(request, public_id, package_id):
    _proposal, package = _package_for_user(request.user, public_id, package_id)
    return JsonResponse(_status_payload(package))


@login_required
@require_POST
def package_retry(request, public_id, package_id):
    proposal, package = _package_for_user(request.user, public_id, package_id, Permission.EDIT)
    try:
        services.package_retry(package=package, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("package_detail", public_id=proposal.public_id, package_id=package.public_id)


def _document(request, public_id, package_id, document_id) -> PackageDocument:
    _proposal, package = _package_for_user(request.user, public_id, package_id)
    return get_object_or_404(PackageDocument, package=package, pk=document_id)


@login_required
def package_file(request, public_id, package_id, document_id, kind):
    document = _document(request, public_id, package_id, document_id)
    stored_id = {"pdf": document.pdf_id, "docx": document.docx_id}.get(kind)
    if stored_id is None:
        raise Http404
    return file_response(StoredFile.objects.get(pk=stored_id))


@login_required
def package_bill_file(request, public_id, package_id, kind):
    """The bill alone (a legislative package): members download it like the other files."""
    _proposal, package = _package_for_user(request.user, public_id, package_id)
    stored_id = {"pdf": package.bill_pdf_id, "docx": package.bill_docx_id}.get(kind)
    if stored_id is None:
        raise Http404
    return file_response(StoredFile.objects.get(pk=stored_id))


@login_required
def package_preview(request, public_id, package_id, document_id, part):
    document = _document(request, public_id, package_id, document_id)
    if not 0 <= part < len(document.parts) or not document.parts[part].get("preview"):
        raise Http404
    return file_response(StoredFile.objects.get(pk=document.parts[part]["preview"]), inline=True)


def _platform_status(build) -> dict:
    if build is None:
        return {"build": None, "status": "", "progress": 0, "message": "", "error": ""}
    return {
        "build": build.pk,
        "status": build.status,
        "progress": build.progress,
        "message": build.progress_message,
        "error": build.error,
    }


@login_required
def platform_page(request, group_id):
    """The platform compilation: ask the export worker for it, watch its progress, download."""
    group = group_for_user(user=request.user, group_id=group_id)
    latest = platform_latest(group)
    ready = platform_latest_ready(group)
    return render(
        request,
        "submissions/platform.html",
        {
            "group": group,
            "latest": latest,
            "ready": ready,
            "has_platform": group_has_platform(group),
            "stale": latest is not None and platform_build_is_stale(latest),
            "status": _platform_status(latest),
        },
    )


@login_required
def platform_status(request, group_id):
    group = group_for_user(user=request.user, group_id=group_id)
    return JsonResponse(_platform_status(platform_latest(group)))


@login_required
@require_POST
def platform_build(request, group_id):
    """Every member may compile the platform (as every member may download it); a group has at
    most one compilation queued or building at a time."""
    group = group_for_user(user=request.user, group_id=group_id)
    try:
        platform_build_request(group=group, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("platform_page", group_id=group.pk)


@login_required
def platform_download(request, group_id):
    """The newest compiled platform; without one, the page where it is compiled."""
    group = group_for_user(user=request.user, group_id=group_id)
    ready = platform_latest_ready(group)
    if ready is None:
        return redirect("platform_page", group_id=group.pk)
    return file_response(StoredFile.objects.get(pk=ready.pdf_id))


urlpatterns = [
    path("proposals/<uuid:public_id>/packages/", package_list, name="package_list"),
    path("proposals/<uuid:public_id>/packages/new/", package_create, name="package_create"),
    path(
        "proposals/<uuid:public_id>/packages/<uuid:package_id>/",
        package_detail,
        name="package_detail",
    ),
    path(
        "proposals/<uuid:public_id>/packages/<uuid:package_id>/status.json",
        package_status,
        name="package_status",
    ),
    path(
        "proposals/<uuid:public_id>/packages/<uuid:package_id>/retry/",
        package_retry,
        name="package_retry",
    ),
    path(
        "proposals/<uuid:public_id>/packages/<uuid:package_id>/documents/<int:document_id>.<str:kind>",
        package_file,
        name="package_file",
    ),
    path(
        "proposals/<uuid:public_id>/packages/<uuid:package_id>/bill.<str:kind>",
        package_bill_file,
        name="package_bill_file",
    ),
    path(
        "proposals/<uuid:public_id>/packages/<uuid:package_id>/documents/<int:document_id>/"
        "preview/<int:part>.png",
        package_preview,
        name="package_preview",
    ),
    path("groups/<int:group_id>/platform.pdf", platform_download, name="platform_pdf"),
    path("groups/<int:group_id>/platform/", platform_page, name="platform_page"),
    path("groups/<int:group_id>/platform/build/", platform_build, name="platform_build"),
    path("groups/<int:group_id>/platform/status.json", platform_status, name="platform_status"),
]
