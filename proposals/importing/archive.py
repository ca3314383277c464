"""The zip package of a document, checked before it is read, and its XML parts parsed safely."""

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from lxml import etree

# An encrypted OOXML or ODF file saved by Word is an OLE compound file, not a zip.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_PROTECTED = gettext_noop(
    "The file is password-protected. Remove the password in %(kind)s and upload it again."
)


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for the user."""


@dataclass
class ImportResult:
    markdown: str
    title: str = ""
    dropped: dict[str, int] = field(default_factory=dict)  # "images" / "comments" → count

    def drop(self, what: str, count: int = 1) -> None:
        self.dropped[what] = self.dropped.get(what, 0) + count


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )


def parse_xml(data: bytes):
    """An XML part's root. A DOCTYPE is refused outright: no office format writes one."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise ImportRefused(_("The file is damaged and cannot be read."))
    try:
        return etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError:
        raise ImportRefused(_("The file is damaged and cannot be read.")) from None


def open_package(data: bytes, *, kind: str) -> zipfile.ZipFile:
    """The zip package, refused when encrypted, damaged or too large once unpacked."""
    if data.startswith(_OLE_MAGIC):
        raise ImportRefused(_(_PROTECTED) % {"kind": kind})
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(
            _("The file is damaged or not a %(kind)s document.") % {"kind": kind}
        ) from None
    limit = settings.ACCORD_MAX_IMPORT_UNPACKED_BYTES
    if sum(member.file_size for member in members) > limit:
        raise ImportRefused(
            _("The document is too large once unpacked: at most %(size)d MB.")
            % {"size": limit // (1024 * 1024)}
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ImportRefused(_(_PROTECTED) % {"kind": kind})
    return package


def read_member(package: zipfile.ZipFile, name: str) -> bytes | None:
    """A member's bytes, never more than the unpacked limit (a lying header cannot inflate it)."""
    try:
        member = package.getinfo(name)
    except KeyError:
        return None
    limit = settings.ACCORD_MAX_IMPORT_UNPACKED_BYTES
    try:
        with package.open(member) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, EOFError):
        raise ImportRefused(_("The file is damaged and cannot be read.")) from None
    if len(data) > limit:
        raise ImportRefused(_("The document is too large once unpacked."))
    return data
