"""What the submissions pages share: service errors onto forms, stored files as downloads."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from submissions.models import StoredFile


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def file_response(stored: StoredFile, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=stored.name.rsplit("/", 1)[-1]
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
