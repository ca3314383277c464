"""The API of submissions: a single version as PDF/A."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from accord.access import Permission
from proposals.models import Version
from proposals.selectors import proposal_for_user
from submissions.content import version_document
from submissions.models import StoredFile
from submissions.services.files import stored_file_create

# Bump when the print layout or the exported text changes, so that cached PDFs are made again.
RENDER_REVISION = 3  # 3: internal parts left out


def version_pdf_bytes(version: Version) -> bytes:
    """The version's PDF, rendered once: versions never change, so the file is kept."""
    # Here, not at the top: a web process loads WeasyPrint only once a version PDF is asked for
    # (no cycle: submissions.render imports no API or service).
    from submissions.render.pdf import version_pdf

    name = f"cache/version-{version.pk}-{version.sha256[:16]}-r{RENDER_REVISION}.pdf"
    cached = StoredFile.objects.filter(name=name).only("data").first()
    if cached is not None:
        return bytes(cached.data)
    data = version_pdf(version_document(version=version)).data
    stored_file_create(name=name, content_type="application/pdf", data=data)
    return data


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class VersionPdfView(APIView):
    """One version of a proposal as PDF/A-3b (the same access as the version: every member)."""

    # JSON first, so that errors (401, 404) are answered as JSON whatever the client accepts.
    renderer_classes = [JSONRenderer, PDFRenderer]

    def handle_exception(self, exc):
        # An error is JSON even when `?format=pdf` chose the PDF renderer (schemathesis found it).
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The version as PDF/A-3b"
            )
        }
    )
    def get(self, request, id, number):
        proposal = proposal_for_user(
            user=request.user, proposal_id=id, need=Permission.VIEW, with_text=False
        )
        version = Version.objects.filter(proposal=proposal, number=number).first()
        if version is None:
            raise Http404
        version.proposal = proposal
        response = HttpResponse(version_pdf_bytes(version), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="proposal-{proposal.public_id}-v{version.number}.pdf"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
