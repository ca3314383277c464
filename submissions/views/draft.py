"""The live draft's Word download, linked from the editor (`accord.registry.proposal_links`)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils.text import slugify

from accord.access import Permission
from proposals.selectors import proposal_for_user
from submissions.services.draft import draft_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def proposal_draft_docx(request, public_id):
    """Members who may read the proposal download its current text (no version needed)."""
    proposal = proposal_for_user(user=request.user, proposal_id=public_id, need=Permission.VIEW)
    response = HttpResponse(draft_docx(proposal=proposal), content_type=DOCX_TYPE)
    name = slugify(proposal.title, allow_unicode=True)[:60] or "draft"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}-draft.docx"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("proposals/<uuid:public_id>/draft.docx", proposal_draft_docx, name="proposal_draft_docx")
]
