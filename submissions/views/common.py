"""What the submissions pages share: stored files as downloads."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from submissions.models import StoredFile


def file_response(stored: StoredFile, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=stored.name.rsplit("/", 1)[-1]
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
