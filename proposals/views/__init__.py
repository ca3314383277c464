"""Pages about proposals: create, read, rename and archive."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accord import registry
from accord.access import Permission, group_for_user
from accord.colours import member_colour
from accord.confirm import confirmation_page, is_confirmed
from accord.forms import form_add_service_errors
from proposals import services, workflow
from proposals.forms import ProposalCreateForm, ProposalSettingsForm
from proposals.kinds import export_sections, package_section_starts
from proposals.markdown import (
    MarkdownTooComplex,
    render_markdown,
    render_stored_markdown,
    render_stored_markdown_with_toc,
)
from proposals.selectors import proposal_for_user
from proposals.services import comments
from proposals.views.review import review_panel
from realtime.models import ClientIdentity


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
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal created."))
            notice = services.dropped_notice(form.cleaned_data.get("dropped") or {})
            if notice:
                messages.warning(request, notice)
            return redirect("proposal_detail", public_id=proposal.public_id)
    return render(request, "proposals/proposal_create.html", {"group": group, "form": form})


@login_required
def proposal_detail(request, public_id):
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    body, toc = render_stored_markdown_with_toc(
        proposal.text, keep_heading=export_sections(proposal)
    )
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "body": body,
        "toc": toc,
        "permissions": proposal.permissions,
        "panel": review_panel(proposal=proposal, user=request.user),
        "sections": registry.render_sections(
            registry.proposal_sections, request=request, proposal=proposal
        ),
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
            form_add_service_errors(form, error)
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
    if archive and not is_confirmed(request):
        return confirmation_page(
            request,
            name="proposal_archive",
            subject=proposal,
            cancel_url=reverse("proposal_settings", args=[proposal.public_id]),
        )
    workflow.proposal_archive(proposal=proposal, actor=request.user, archived=archive)
    messages.success(
        request, _("Proposal archived.") if archive else _("Proposal restored from the archive.")
    )
    return redirect("proposal_detail", public_id=proposal.public_id)


def _editor_strings() -> dict[str, str]:
    return {
        "editorLabel": _("Proposal text (Markdown)"),
        "scrollerLabel": _("Proposal text"),
        "moreTools": _("More"),
        "moreToolsLabel": _("More formatting"),
        "saved": _("Connected · all changes saved"),
        "saving": _("Saving %(count)s changes…"),
        "syncing": _("Connected · synchronizing…"),
        "reconnecting": _("Reconnecting…"),
        "reconnectingUnsynced": _(
            "Reconnecting… %(count)s unsaved changes are kept in this browser"
        ),
        "offline": _("Offline"),
        "offlineUnsynced": _("Offline · %(count)s unsaved changes are kept in this browser"),
        "closed4401": _("Your session has ended. Sign in again to continue."),
        "closed4403": _("You no longer have access to this proposal."),
        "closed4413": _("The document has reached its size limit; your last change was not saved."),
        "closed4422": _(
            "Your last change contained a broken character and was not saved. Reload the page."
        ),
        "closed4429": _("Too many open editor tabs. Close some and reload this page."),
        "closed4400": _("The connection was refused. Reload the page."),
        "closedFinal": _("The connection was closed. Reload the page."),
        "boldPlaceholder": _("bold text"),
        "italicPlaceholder": _("italic text"),
        "linkPlaceholder": _("link text"),
        "importedText": _("imported text"),
        "internalLabel": _("Internal — will not appear in documents"),
        "tableTemplate": _(
            "| Column 1 | Column 2 | Column 3 |\n| --- | --- | --- |\n|  |  |  |\n|  |  |  |"
        ),
        # Comments and suggestions beside the text.
        "kindComment": _("Comment"),
        "kindSuggestion": _("Suggestion"),
        "state_open": _("Awaiting decision"),
        "state_accepted": _("Accepted"),
        "state_rejected": _("Rejected"),
        "resolvedBadge": _("Resolved"),
        "detached": _("Passage deleted"),
        "showInText": _("Show in the text"),
        "suggestedText": _("Suggested wording:"),
        "suggestedDeletion": _("delete the passage"),
        "formerMember": _("former member"),
        "accept": _("Accept"),
        "reject": _("Reject"),
        "resolve": _("Resolve"),
        "reopen": _("Reopen"),
        "acceptDetached": _("The passage has been deleted; this suggestion cannot be applied."),
        "acceptDone": _("Suggestion accepted: the text has been changed."),
        "rejectDone": _("Suggestion rejected."),
        "resolveDone": _("Thread resolved."),
        "reopenDone": _("Thread reopened."),
        "reply": _("Reply"),
        "replyPlaceholder": _("Reply…"),
        "replyDone": _("Reply sent."),
        "send": _("Send"),
        "cancel": _("Cancel"),
        "newComment": _("New comment"),
        "newSuggestion": _("Suggest a change"),
        "commentLabel": _("Your comment"),
        "commentPlaceholder": _("Type @ to mention someone"),
        "commentSubmit": _("Add comment"),
        "commentDone": _("Comment added."),
        "suggestionLabel": _("Replace with"),
        "suggestionNoteLabel": _("Why (optional)"),
        "suggestSubmit": _("Submit suggestion"),
        "suggestionDone": _("Suggestion added."),
        "suggestionUnchanged": _("Change the wording first."),
        "sendKeys": _("Ctrl+Enter to send"),
        "writeSomething": _("Write something first."),
        "selectFirst": _(
            "Select a passage in the text first, then press “Comment” (Ctrl+Alt+M) or “Suggest”."
        ),
        "mentionMembers": _("Members of the group"),
        "emptyOpen": _("No open comments."),
        "emptyOpenHint": _(
            "No open comments. Select a passage in the text and press “Comment” or “Suggest”."
        ),
        "emptyResolved": _("No resolved comments yet."),
        "emptyAll": _("No comments yet."),
        "commentsLoading": _("Loading comments…"),
        "commentsLoadFailed": _("Comments could not be loaded. Trying again…"),
        "commentsForbidden": _("Comments are not available. Reload the page."),
        "networkError": _("No connection. Try again."),
        "actionFailed": _("That did not work. Try again."),
        # Visual mode: tables edited cell by cell, and the list of shortcuts.
        "tableMenu": _("Table"),
        "tableCell": _("Row %(row)s, column %(column)s"),
        "tableRow": _("row"),
        "tableColumn": _("column"),
        "tableAddRow": _("Add a row below"),
        "tableRemoveRow": _("Remove this row"),
        "tableAddColumn": _("Add a column to the right"),
        "tableRemoveColumn": _("Remove this column"),
        "shortcutsTitle": _("Keyboard shortcuts"),
        "shortcutsNote": _(
            "On a Mac, ⌘ instead of Ctrl. Undo and redo apply to your own edits only."
        ),
        "close": _("Close"),
        "keyBold": _("Bold"),
        "keyItalic": _("Italic"),
        "keyLink": _("Link"),
        "keyHeading1": _("Heading 1"),
        "keyHeading2": _("Heading 2"),
        "keyHeading3": _("Heading 3"),
        "keyNumbers": _("Numbered list"),
        "keyBullets": _("Bulleted list"),
        "keyIndent": _("Nest a list item under the one above"),
        "keyOutdent": _("Bring a list item out a level"),
        "keyUndo": _("Undo your last edit"),
        "keyRedo": _("Redo"),
        "keyComment": _("Comment on the selected passage"),
        # By Intl.PluralRules category: the browser picks the form for a number of tabs.
        "presenceTabs": {
            category: ngettext("%(count)s tab", "%(count)s tabs", sample)
            for category, sample in (("one", 1), ("few", 2), ("many", 5), ("other", 2))
        },
    }


@login_required
def proposal_edit(request, public_id):
    """The live editor; commenters and observers follow along read-only."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)

    def thread_url(name: str) -> str:
        # The browser fills in the thread id: "/api/threads/{id}/replies/".
        return reverse(name, args=[0]).replace("/0/", "/{id}/")

    config = {
        "proposal": str(proposal.public_id),
        "permissions": proposal.permissions.as_dict(),
        "previewUrl": reverse("proposal_preview", args=[proposal.public_id]),
        "clientsUrl": reverse("proposal_clients", args=[proposal.public_id]),
        "threadsUrl": reverse("api-threads", args=[proposal.public_id]),
        "threadUrls": {
            action: thread_url(name)
            for action, name in (
                ("reply", "api-thread-reply"),
                ("resolve", "api-thread-resolve"),
                ("reopen", "api-thread-reopen"),
                ("accept", "api-suggestion-accept"),
                ("reject", "api-suggestion-reject"),
            )
        },
        "eventsUrl": f"/ws/proposals/{proposal.public_id}/events/",
        "members": comments.group_member_names(proposal=proposal),
        "csrfToken": get_token(request),
        "user": {
            "id": request.user.pk,
            "name": request.user.display_name,
            "color": member_colour(request.user.pk),
            "editorMode": request.user.editor_mode,
        },
        "editorModeUrl": reverse("api-editor-mode"),
        "strings": _editor_strings(),
        "packageSections": package_section_starts(proposal),
        "urls": {
            link.key: reverse(link.url_name, args=[proposal.public_id])
            for link in registry.editor_urls
            if link.need is None or proposal.permissions.allows(link.need)
        },
    }
    context = {
        "proposal": proposal,
        "group": proposal.group,
        "config": config,
        "permissions": proposal.permissions,
        "body": render_stored_markdown(proposal.text, keep_heading=export_sections(proposal)),
        "links": [
            (link, reverse(link.url_name, args=[proposal.public_id]))
            for link in registry.proposal_links
            if link.need is None or proposal.permissions.allows(link.need)
        ],
    }
    return render(request, "proposals/proposal_edit.html", context)


@login_required
@require_POST
def proposal_preview(request, public_id):
    """Render posted Markdown with the one renderer, for the editor's preview pane."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, with_text=False)
    if len(request.body) > settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS * 4:
        return HttpResponse(_("The text is too long to preview."), status=413)
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return HttpResponse(_("The text must be UTF-8."), status=400)
    try:
        html = render_markdown(text, keep_heading=export_sections(proposal))
    except MarkdownTooComplex as refusal:
        return HttpResponse(
            " ".join(refusal.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@login_required
def proposal_clients(request, public_id):
    """The members behind the document's Yjs client ids, for the editor's authorship colours."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id)
    identities = ClientIdentity.objects.filter(proposal=proposal).select_related("user")
    owners = {
        str(identity.client_id): {
            "name": identity.user.display_name if identity.user else _("imported text"),
            "colour": member_colour(identity.user_id),
        }
        for identity in identities
    }
    return JsonResponse(owners)
