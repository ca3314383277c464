"""PDF/A-3b packages with WeasyPrint: fonts embedded, Cyrillic, GOST page layout, nothing fetched.

Each part (the cover letter and every attachment) is laid out as its own WeasyPrint document, so
each numbers its pages from its own page 2 and the letter's attachment line can give each
attachment's real page count. A package's attachments are written once as one PDF/A
(`write_attachments`); each recipient's letter is written on its own and the attachments' pages
are joined to it with pikepdf (`merge.join_pdfs`, which keeps the structure tree whole). The
exported Markdown source is attached to the PDF (PDF/A-3 allows embedded files). The SHA-256
printed once, under the list of endorsing organizations, is the identity of the approved
version, the one its endorsements name; no page carries a running footer. `pdfmeta.finished_pdf`
then makes every finished file PDF/UA-1 as well (tags, XMP, /ID, dates). Where the version has
no internal parts the attached file is its whole text and hashes to that SHA-256; where it has,
the file is the version's text without them (named `version-N-export.md`, and its description
says so): internal material leaves Accord in no form, the attachment included.

Rendering reads nothing from disk or the network: the URL fetcher below serves only the print
stylesheet and refuses every other URL (file:, http:, data: …). Members' Markdown is sanitized
before it gets here (no images; links only http/https/mailto/tel), and even a link that slipped
through would never be fetched — the hole that made HedgeDoc drop PDF export (CVE-2021-29475)
cannot open here.
"""

import logging
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from accord.timezones import legal_today
from submissions import formats
from submissions.content import Document, Part
from submissions.render import merge
from submissions.render.pdfmeta import finished_pdf

logger = logging.getLogger(__name__)

ASSET_SCHEME = "accord-asset:"
_ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
_ASSETS = {"print.css": "text/css"}
PDF_VARIANT = "pdf/a-3b"

Progress = Callable[[int, str], None]


class RefusingURLFetcher(URLFetcher):
    """Serves our own print assets by name; refuses every other URL without opening it."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith(ASSET_SCHEME):
            name = url.removeprefix(ASSET_SCHEME).lstrip("/")
            if name in _ASSETS:
                data = (_ASSETS_DIR / name).read_bytes()
                return URLFetcherResponse(url, data, {"Content-Type": _ASSETS[name]})
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %r", url[:200])
        raise ValueError("URL refused: rendering fetches only Accord's own print assets")


def _cache_page_references() -> None:
    """pydyf's `PDF.page_references` rebuilds the tuple of every page's reference on each read,
    and WeasyPrint reads it once per tagged element and per link: 10,700 reads of 111 entries
    for the 100-page package (about 1 s of the write). Cache it until a page is added (pages
    are only ever appended, so the length of /Kids tells a stale cache)."""
    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or getattr(original.fget, "cached", False):
        return

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get("_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(pdf))
            pdf.__dict__["_page_references"] = cached
        return cached[1]

    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


_cache_page_references()

_ID = re.compile(r'\b(id|href)="(#?)([^"]*)"')


def _scoped_ids(html: str, scope: str) -> str:
    """Prefix ids and in-page links, so that the parts joined in one PDF keep distinct anchors."""

    def scoped(match):
        attribute, hash_sign, value = match.groups()
        if attribute == "href" and not hash_sign:
            return match.group(0)
        return f'{attribute}="{hash_sign}{scope}-{value}"'

    return _ID.sub(scoped, html)


def _scoped_part(part: Part, scope: str) -> Part:
    if part.kind != "markdown":
        return part
    return replace(
        part, html=_scoped_ids(part.html, scope), toc_html=_scoped_ids(part.toc_html, scope)
    )


def _meta(document: Document) -> dict:
    return {
        "meta_title": document.title,
        "meta_author": ", ".join(document.authors),
        "meta_subject": f"{document.group_name}. Версия {document.version_number}, "
        f"SHA-256 {document.sha256}",
        "meta_keywords": "Accord, предложения, версия " + str(document.version_number),
    }


_shared = threading.local()


def _print_stylesheet() -> tuple[CSS, FontConfiguration]:
    """The print stylesheet, parsed (selectors compiled) once per thread with one font
    configuration, and shared by every document laid out there: a package's letters and
    attachments, a platform. Per thread because a FontConfiguration holds a Pango font map,
    which is not to be shared across threads; the file is read again when it changes."""
    path = _ASSETS_DIR / "print.css"
    stamp = path.stat().st_mtime_ns
    if getattr(_shared, "stamp", None) != stamp:
        font_config = FontConfiguration()
        _shared.css = CSS(
            string=path.read_text(encoding="utf-8"),
            base_url=None,
            url_fetcher=RefusingURLFetcher(),
            font_config=font_config,
        )
        _shared.font_config, _shared.stamp = font_config, stamp
    return _shared.css, _shared.font_config


def _layout(html: str):
    stylesheet, font_config = _print_stylesheet()
    fetcher = RefusingURLFetcher()
    return HTML(string=html, base_url=None, url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=font_config
    )


def render_part(document: Document, part: Part, *, index: int, attachment_mark: str = ""):
    html = render_to_string(
        "submissions/print/part.html",
        {
            "document": document,
            "part": _scoped_part(part, f"p{index}"),
            "attachment_mark": attachment_mark,
            **_meta(document),
        },
    )
    return _layout(html)


def render_letter(document: Document, items: list[formats.AttachmentItem]):
    html = render_to_string(
        "submissions/print/letter.html",
        {
            "document": document,
            "letter": document.letter,
            "attachment_line": formats.attachment_line(items),
            "attachments": items,
            **_meta(document),
        },
    )
    return _layout(html)


def _source_attachment(document: Document) -> Attachment:
    if document.source_is_version_text:
        name = f"version-{document.version_number}.md"
        description = (
            f"Текст версии {document.version_number} в Markdown (SHA-256 {document.sha256})"
        )
    else:
        name = f"version-{document.version_number}-export.md"
        description = (
            f"Текст версии {document.version_number} в Markdown без внутренних частей "
            f"(SHA-256 {document.sha256} относится к полному тексту версии)"
        )
    return Attachment(
        string=document.source_markdown, name=name, description=description, relationship="Source"
    )


def _write_pdf(layouts, *, attachments=(), identifier: bytes | None = None) -> bytes:
    """Write laid-out documents' pages as one PDF/A (tagged unless ACCORD_PDF_TAGGED is off)."""
    pages = [page for layout in layouts for page in layout.pages]
    joined = layouts[0].copy(pages) if len(layouts) > 1 else layouts[0]
    return joined.write_pdf(
        pdf_variant=PDF_VARIANT,
        attachments=list(attachments),
        pdf_tags=settings.ACCORD_PDF_TAGGED,
        pdf_identifier=identifier,
    )


def _finished(data: bytes, document: Document | None = None, *, identity: str = "") -> bytes:
    """The one place every PDF leaves the pipeline (package, version, platform): a finished file
    is post-processed here and nowhere else: PDF/UA-1 tags, XMP, a fresh /ID, dates."""
    identity = identity or _identity(document)
    return finished_pdf(data, identity=identity, tagged=settings.ACCORD_PDF_TAGGED)


def _identity(document: Document | None) -> str:
    """What a file is of (the version, the addressee): seeds its /ID with a fresh random part."""
    if document is None:
        return "accord"
    addressee = " ".join(document.letter.addressee_lines) if document.letter else ""
    return f"{document.sha256}|{addressee}"


@dataclass(frozen=True)
class PartPages:
    key: str
    title: str
    pages: int
    first_page: int  # 1-based page of the joined PDF where the part starts


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    parts: tuple[PartPages, ...]

    @property
    def pages(self) -> int:
        return sum(part.pages for part in self.parts)


def _attachment_mark(document: Document, number: int, total: int) -> str:
    letter = document.letter
    return formats.attachment_mark(
        letter_date=letter.date, outgoing_number=letter.outgoing_number, number=number, total=total
    )


def render_attachments(document: Document, *, progress: Progress | None = None) -> list:
    """Lay out every attachment once: (part, layout) pairs. Each part is its own WeasyPrint
    document, so it numbers its own pages and its page count is known for the letter."""
    progress = progress or (lambda percent, message: None)
    attachments = []
    total = len(document.parts)
    for index, part in enumerate(document.parts, start=1):
        progress(5 + 60 * (index - 1) // max(total, 1), part.title)
        mark = _attachment_mark(document, index, total) if document.letter else ""
        attachments.append((part, render_part(document, part, index=index, attachment_mark=mark)))
    return attachments


@dataclass(frozen=True)
class WrittenAttachments:
    """A package's attachments laid out and written once, as one tagged PDF/A without its own
    attached file; every recipient's letter is joined to it (`package_pdf`)."""

    parts: tuple[tuple[Part, int], ...]  # each part and its page count
    data: bytes | None  # None where the package has no attachments


def write_attachments(
    document: Document, *, progress: Progress | None = None
) -> WrittenAttachments:
    progress = progress or (lambda percent, message: None)
    laid_out = render_attachments(document, progress=progress)
    progress(70, "PDF/A")
    data = _write_pdf([layout for _part, layout in laid_out]) if laid_out else None
    parts = tuple((part, len(layout.pages)) for part, layout in laid_out)
    return WrittenAttachments(parts=parts, data=data)


def package_pdf(
    document: Document,
    *,
    progress: Progress | None = None,
    attachments: WrittenAttachments | None = None,
) -> RenderedPdf:
    """The letter and its attachments in one PDF/A; the attachment line counts real pages.
    `attachments` from `write_attachments` of the same package may be passed to reuse them:
    then only the letter is laid out and written, and the attachments' pages are joined to it."""
    progress = progress or (lambda percent, message: None)
    if not document.letter:
        laid_out = render_attachments(document, progress=progress)
        progress(75, "PDF/A")
        data = _write_pdf(
            [layout for _part, layout in laid_out],
            attachments=[_source_attachment(document)],
            identifier=document.sha256[:32].encode(),
        )
        parts, first = [], 1
        for part, layout in laid_out:
            parts.append(PartPages(part.key, part.title, len(layout.pages), first))
            first += len(layout.pages)
        return RenderedPdf(data=_finished(data, document), parts=tuple(parts))
    if attachments is None:
        attachments = write_attachments(document, progress=progress)
    items = [formats.AttachmentItem(part.short_title, pages) for part, pages in attachments.parts]
    progress(80, gettext("cover letter"))
    letter = render_letter(document, items)
    data = _write_pdf(
        [letter],
        attachments=[_source_attachment(document)],
        identifier=document.sha256[:32].encode(),
    )
    if attachments.data is not None:
        progress(85, gettext("joining"))
        data = merge.join_pdfs(data, attachments.data)
    parts = [PartPages("letter", "Сопроводительное письмо", len(letter.pages), 1)]
    first = len(letter.pages) + 1
    for part, pages in attachments.parts:
        parts.append(PartPages(part.key, part.title, pages, first))
        first += pages
    return RenderedPdf(data=_finished(data, document), parts=tuple(parts))


def package_pdfs(documents: list[Document], *, progress: Progress | None = None) -> list:
    """One package for several recipients (`content.for_recipient` of one document): the
    attachments are laid out and written once, then each letter is written and joined."""
    attachments = write_attachments(documents[0], progress=progress)
    return [package_pdf(document, attachments=attachments) for document in documents]


def version_pdf(document: Document) -> RenderedPdf:
    """One version on its own: its parts, no letter."""
    return package_pdf(document)


@dataclass(frozen=True)
class PlatformSection:
    anchor: str
    document: Document


def platform_pdf(
    *,
    group,
    theme: str,
    organizations: list[str],
    documents: list[Document],
    progress: Progress | None = None,
):
    """A working group's platform: a cover, contents with page numbers, each approved proposal.
    One WeasyPrint document (the contents need every section's page numbers); the export worker
    builds it (`submissions.services.platform`)."""
    progress = progress or (lambda percent, message: None)
    sections = [
        PlatformSection(
            anchor=f"proposal-{number}",
            document=_scoped_document(document, f"s{number}"),
        )
        for number, document in enumerate(documents, start=1)
    ]
    html = render_to_string(
        "submissions/print/platform.html",
        {
            "group": group,
            "theme": theme,
            "organizations": organizations,
            "sections": sections,
            "date_text": formats.date_long(legal_today()),
            "meta_title": f"Политическая платформа: {group.name}",
            "meta_author": ", ".join(organizations) or group.name,
            "meta_subject": f"Одобренные предложения рабочей группы «{group.name}»",
            "meta_keywords": "Accord, платформа",
        },
    )
    progress(5, gettext("layout"))
    layout = _layout(html)
    progress(60, "PDF/A")
    source = "\n\n---\n\n".join(document.source_markdown for document in documents)
    data = _write_pdf(
        [layout],
        attachments=[
            Attachment(
                string=source,
                name="platform.md",
                description="Тексты одобренных версий в Markdown без внутренних частей",
                relationship="Source",
            )
        ],
    )
    return RenderedPdf(
        data=_finished(data, identity=f"platform|{group.pk}"),
        parts=(PartPages("platform", group.name, len(layout.pages), 1),),
    )


def _scoped_document(document: Document, scope: str) -> Document:
    return replace(
        document,
        parts=tuple(
            _scoped_part(part, f"{scope}p{index}")
            for index, part in enumerate(document.parts, start=1)
        ),
    )


def page_png(pdf: bytes, *, page: int, dpi: int = 40) -> bytes | None:
    """A PNG thumbnail of one page, by poppler's pdftoppm; None where poppler is not installed."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        logger.warning("pdftoppm is not installed: no previews (Debian: poppler-utils)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        target = Path(folder) / "out"
        subprocess.run(  # noqa: S603 — fixed binary, our own temporary files
            [binary, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
             str(source), str(target)],
            check=True,
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        return (Path(folder) / "out.png").read_bytes()
