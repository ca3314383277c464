"""The verify page's upload: hashed while it arrives, never kept — not in memory, not in a
temporary file. Past ACCORD_PUBLIC_VERIFY_MAX_BYTES the rest is read and dropped, and the form
says the file is too large."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class HashedUpload(SimpleUploadedFile):
    """What the form sees of the file: its name, size and SHA-256; no content."""

    def __init__(self, name: str, size: int, sha256: str, too_large: bool):
        super().__init__(name, b"", content_type="application/octet-stream")
        self.size = size
        self.sha256 = sha256
        self.too_large = too_large


class HashingUploadHandler(FileUploadHandler):
    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.hasher = hashlib.sha256()
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size <= self.limit:
            self.hasher.update(raw_data)
        return None  # nothing is passed on, nothing kept

    def file_complete(self, file_size):
        return HashedUpload(
            self.file_name or "file",
            self.size,
            self.hasher.hexdigest(),
            too_large=self.size > self.limit,
        )
