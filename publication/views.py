"""The public pages: /public/… (no sign-in) and /robots.txt.

Unpublished and unknown addresses answer the same 404. Pages are cached and rate-limited
(publication.public); the verify form takes an upload it hashes in memory and never stores.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accord.timezones import legal_today
from proposals.markdown import render_stored_markdown
from publication import selectors
from publication.forms import VerifyForm
from publication.public import limited, public_page
from publication.uploads import HashingUploadHandler
from submissions.models import PackageStatus, PlatformBuild
from submissions.selectors_packages import PLATFORM_STATUSES
from submissions.views.common import file_response


def _robots(publication) -> str:
    return "" if publication.allow_indexing else "noindex, nofollow"


def _with_robots(response, robots: str):
    response.robots = robots
    return response


def _absolute(path: str) -> str:
    return settings.ACCORD_SITE_URL.rstrip("/") + path


@require_GET
@public_page
def index(request):
    groups = list(selectors.published_groups())
    for group in groups:
        group.public_proposals = list(selectors.published_proposals(group))
    return render(
        request,
        "publication/index.html",
        {"groups": groups, "canonical": _absolute(reverse("public_index"))},
    )


def _platform_build(group_publication):
    """The group's newest platform PDF, offered only when every proposal it may hold is
    published in the version the platform prints and the build is newer than them all."""
    group = group_publication.group
    proposals = list(
        group.proposals.filter(
            archived=False, status__in=PLATFORM_STATUSES, approved_version__isnull=False
        ).select_related("publication")
    )
    if not proposals:
        return None
    latest = None
    for proposal in proposals:
        publication = getattr(proposal, "publication", None)
        if (
            publication is None
            or not publication.published
            or publication.version_id != proposal.approved_version_id
        ):
            return None
        latest = max(latest or publication.published_at, publication.published_at)
    return (
        PlatformBuild.objects.filter(
            group=group, status=PackageStatus.READY, pdf__isnull=False, created_at__gte=latest
        )
        .defer("pdf__data")
        .first()
    )


@require_GET
@public_page
def group_page(request, slug):
    publication = selectors.group_by_slug(slug)
    if publication is None:
        raise Http404
    proposals = list(selectors.published_proposals(publication))
    organizations = publication.listed_organizations.order_by("name")
    return _with_robots(
        render(
            request,
            "publication/group.html",
            {
                "publication": publication,
                "group": publication.group,
                "proposals": proposals,
                "organizations": organizations,
                "platform": _platform_build(publication),
                "robots": _robots(publication),
                "canonical": _absolute(request.path),
            },
        ),
        _robots(publication),
    )


@require_GET
def group_platform(request, slug):
    refused = limited(request)
    if refused:
        return refused
    publication = selectors.group_by_slug(slug)
    build = _platform_build(publication) if publication else None
    if build is None:
        raise Http404
    stored = build.pdf
    response = HttpResponse(bytes(stored.data), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="platform.pdf"'
    return response


def _published_or_404(public_id):
    publication = selectors.proposal_by_public_id(public_id)
    if publication is None:
        raise Http404
    return publication


@require_GET
@public_page
def proposal_page(request, public_id):
    publication = _published_or_404(public_id)
    group_publication = publication.proposal.group.publication
    today = legal_today()
    sendings = selectors.timeline(publication, today)
    robots = _robots(group_publication)
    return _with_robots(
        render(
            request,
            "publication/proposal.html",
            {
                "publication": publication,
                "proposal": publication.proposal,
                "version": publication.version,
                "group_publication": group_publication,
                "text_html": render_stored_markdown(selectors.public_text(publication)),
                "endorsers": selectors.endorsers(publication.version, group_publication),
                "sendings": sendings,
                "today": today,
                "robots": robots,
                "canonical": _absolute(request.path),
                "verify_url": _absolute(
                    reverse("public_verify_hash", args=[publication.version.sha256])
                ),
            },
        ),
        robots,
    )


@require_GET
def proposal_pdf(request, public_id):
    """The published version as PDF/A (internal parts left out), as members download it."""
    refused = limited(request)
    if refused:
        return refused
    publication = _published_or_404(public_id)
    from submissions.services.version_pdf import version_pdf_bytes

    data = version_pdf_bytes(publication.version)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="version-{publication.version.number}.pdf"'
    )
    return response


@require_GET
def answer_document(request, public_id, file_id):
    refused = limited(request)
    if refused:
        return refused
    publication = _published_or_404(public_id)
    stored = selectors.public_answer_file(publication, file_id)
    if stored is None:
        raise Http404
    return file_response(stored)


@require_GET
@public_page
def bodies_page(request):
    today = legal_today()
    return render(
        request,
        "publication/bodies.html",
        {"rows": selectors.bodies(today), "today": today, "canonical": _absolute(request.path)},
    )


def _verified_context(verified) -> dict:
    publication = verified.publication
    group_publication = publication.proposal.group.publication
    return {
        "verified": verified,
        "publication": publication,
        "proposal": publication.proposal,
        "version": publication.version,
        "group_publication": group_publication,
        "endorsers": selectors.endorsers(publication.version, group_publication),
    }


# The upload is read into memory, hashed and dropped: the form is exempt from CSRF, since it
# changes nothing and an anonymous visitor has no session to protect.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request):
    refused = limited(
        request, scope="public-verify", limit=settings.ACCORD_PUBLIC_VERIFY_PER_MINUTE
    )
    if refused:
        return refused
    request.upload_handlers = [
        HashingUploadHandler(settings.ACCORD_PUBLIC_VERIFY_MAX_BYTES, request)
    ]
    context = {"canonical": _absolute(request.path)}
    if request.method == "GET" and "sha256" not in request.GET:
        context["form"] = VerifyForm()
        return render(request, "publication/verify.html", context)
    form = VerifyForm(request.POST or request.GET, request.FILES or None)
    context["form"] = form
    status = 200
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        digest = upload.sha256 if upload is not None else form.cleaned_data["sha256"]
        context["digest"] = digest
        verified = selectors.verify_sha256(digest)
        context["checked"] = True
        if verified is not None:
            context.update(_verified_context(verified))
    else:
        status = 400
    response = render(request, "publication/verify.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@public_page
def verify_hash(request, sha256):
    verified = selectors.verify_sha256(sha256)
    if verified is None:
        raise Http404
    context = {"canonical": _absolute(request.path), "checked": True, "digest": sha256.lower()}
    context.update(_verified_context(verified))
    return render(request, "publication/verify.html", context)


def verify_redirect(request):
    return redirect("public_verify")


@require_GET
def robots_txt(request):
    """Everything behind sign-in is off limits; the public pages are open, but for the groups
    that asked robots not to index theirs."""
    lines = ["User-agent: *"]
    for publication in selectors.published_groups().filter(allow_indexing=False):
        lines.append(f"Disallow: {reverse('public_group', args=[publication.slug])}")
        for row in selectors.published_proposals(publication):
            lines.append(f"Disallow: {reverse('public_proposal', args=[row.proposal.public_id])}")
    lines.append(f"Allow: {reverse('public_index')}")
    lines.append("Disallow: /")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
