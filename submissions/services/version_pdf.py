"""A single version as PDF/A-3b (the API's `…/versions/<n>/pdf`), rendered once and kept."""

from proposals.models import Version
from submissions.content import version_document
from submissions.models import StoredFile
from submissions.services.files import stored_file_create

# Bump when the print layout or the exported text changes, so that cached PDFs are made again.
RENDER_REVISION = 3  # 3: internal parts left out


def version_pdf_bytes(version: Version) -> bytes:
    """The version's PDF, rendered once: versions never change, so the file is kept (a
    StoredFile named by the version, its hash and RENDER_REVISION)."""
    # WeasyPrint is imported when a PDF is made, not when a web process starts.
    from submissions.render.pdf import version_pdf

    name = f"cache/version-{version.pk}-{version.sha256[:16]}-r{RENDER_REVISION}.pdf"
    cached = StoredFile.objects.filter(name=name).only("data").first()
    if cached is not None:
        return bytes(cached.data)
    data = version_pdf(version_document(version=version)).data
    stored_file_create(name=name, content_type="application/pdf", data=data)
    return data
