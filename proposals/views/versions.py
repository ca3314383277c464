"""Pages about versions: history, one version, compare, restore, authorship."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.access import Permission
from accord.colours import NOBODY, member_colour
from accord.confirm import confirmation_page, is_confirmed
from accord.models import User
from proposals import authorship, diff, redline
from proposals.kinds import export_sections
from proposals.markdown import render_stored_markdown
from proposals.models import Version
from proposals.selectors import (
    proposal_for_user,
    version_choices,
    versions_changed_by_others,
    versions_page,
)
from proposals.services import versions as version_services


@login_required
def history(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    page = versions_page(proposal=proposal, page_number=request.GET.get("page"))
    latest = Version.objects.filter(proposal=proposal).aggregate(n=Max("number"))["n"] or 0
    seen_before = version_services.proposal_visit_record(proposal=proposal, user=request.user)
    # Only other people's changes make the banner: one's own save right before is not news.
    others = (
        versions_changed_by_others(proposal=proposal, user=request.user, after=seen_before).count()
        if seen_before and seen_before < latest
        else 0
    )
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "page": page,
        "latest": latest,
        "seen_before": seen_before,
        "changed_by_others": others,
        "choices": version_choices(proposal=proposal) if latest > 1 else [],
        "permissions": proposal.permissions,
    }
    return render(request, "proposals/history.html", context)


def _version(proposal, number) -> Version:
    return get_object_or_404(Version, proposal=proposal, number=number)


@login_required
def version_detail(request, public_id, number: int):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    version = _version(proposal, number)
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "version": version,
        "authors": list(version.authors.all()),
        "body": render_stored_markdown(version.text, keep_heading=export_sections(proposal)),
        "permissions": proposal.permissions,
    }
    return render(request, "proposals/version_detail.html", context)


@login_required
def version_download(request, public_id, number: int):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    version = _version(proposal, number)
    response = HttpResponse(version.text, content_type="text/markdown; charset=utf-8")
    filename = f"{proposal.title[:80]} — v{version.number}.md"
    fallback = f"proposal-{proposal.public_id}-v{version.number}.md"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _number(value, *, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
def compare(request, public_id):
    """A word-level redline of two versions (or of a version and the live text)."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    latest = Version.objects.filter(proposal=proposal).aggregate(n=Max("number"))["n"]
    if latest is None:
        messages.info(request, _("There are no versions yet."))
        return redirect("proposal_history", public_id=proposal.public_id)
    to_number = _number(request.GET.get("to"), default=latest)
    from_number = _number(request.GET.get("from"), default=max(1, to_number - 1))
    old, new = _version(proposal, from_number), _version(proposal, to_number)
    blocks = diff.compare(old.text, new.text)
    added, removed = diff.counts(blocks)
    # `redline` was the Markdown redline's name before the formatted one became the default.
    view = request.GET.get("view")
    view = view if view in ("markdown", "side") else "formatted"
    changes = None
    if view == "formatted":
        changes = redline.formatted_html(old.text, new.text, keep_heading=export_sections(proposal))
        too_complex = changes is None
        if too_complex:
            view = "markdown"
    else:
        too_complex = False
    if view == "markdown":
        changes = diff.redline_html(blocks)
    elif view == "side":
        changes = diff.side_by_side_html(blocks)
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "old": old,
        "new": new,
        "view": view,
        "too_complex": too_complex,
        "added": added,
        "removed": removed,
        "changes": changes,
        "latest": latest,
        "choices": version_choices(proposal=proposal),
    }
    return render(request, "proposals/compare.html", context)


@login_required
@require_POST
def version_save(request, public_id):
    """'Save version…': a named version with a label and a note."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.EDIT)
    try:
        version = version_services.version_create(
            proposal=proposal,
            kind="named",
            author=request.user,
            label=request.POST.get("label", "")[:200],
            note=request.POST.get("note", "")[:5000],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved as version %(number)d.") % {"number": version.number})
    return redirect("proposal_history", public_id=proposal.public_id)


@login_required
@require_POST
def version_restore(request, public_id, number: int):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.EDIT)
    version = _version(proposal, number)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            name="version_restore",
            subject=version,
            cancel_url=reverse("version_detail", args=[proposal.public_id, version.number]),
        )
    try:
        restored = version_services.version_restore(
            proposal=proposal, version=version, author=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(old)d is the current text again (saved as version %(new)d).")
            % {"old": version.number, "new": restored.number},
        )
    return redirect("proposal_history", public_id=proposal.public_id)


@login_required
def authorship_view(request, public_id):
    """Each paragraph of the live text with the members who wrote it."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    passages = authorship.passages(proposal_id=proposal.pk)
    user_ids = {user for passage in passages for user, _share in passage.shares if user}
    people = {user.pk: user for user in User.objects.filter(pk__in=user_ids)}
    legend = {user_id: (people[user_id], member_colour(user_id)) for user_id in sorted(people)}
    rows = [
        {
            "text": passage.text,
            "shares": [
                (legend.get(user, (None, NOBODY)), round(share * 100))
                for user, share in passage.shares
            ],
            "colour": legend.get(passage.main_author, (None, NOBODY))[1],
        }
        for passage in passages
    ]
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "rows": rows,
        "legend": list(legend.values()),
        "history_url": reverse("proposal_history", args=[proposal.public_id]),
    }
    return render(request, "proposals/authorship.html", context)
