"""Files kept in the database (`StoredFile`): web processes and workers share no disk."""

import hashlib

from submissions.models import StoredFile


def stored_file_create(*, name: str, content_type: str, data: bytes) -> StoredFile:
    stored = StoredFile(
        name=name[:255],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    stored.full_clean()
    stored.save()
    return stored
