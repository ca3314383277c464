"""The verification QR code of a cover letter: the version's public verification URL as an
SVG (segno), printed at the bottom right of the letter's first page."""

import io

import segno
from django.conf import settings
from django.urls import reverse


def verify_url(sha256: str) -> str:
    return settings.ACCORD_SITE_URL.rstrip("/") + reverse("public_verify_hash", args=[sha256])


def qr_svg(url: str, *, size_mm: float = 14) -> str:
    """An inline SVG of `url`'s QR code (error correction M, a quiet zone of 2 modules), its
    width and height in millimetres."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    modules = code.symbol_size(border=2)[0]
    code.save(out, kind="svg", xmldecl=False, border=2, unit="mm", scale=size_mm / modules)
    return out.getvalue().decode()
