"""The document: paragraphs and runs, sections with their headers and footers, properties."""

import io

import docx
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

from submissions import content, formats
from submissions.render.docx.blocks import _BlockWriter, _Ctx, _Sink
from submissions.render.docx.html import _Fmt
from submissions.render.docx.layout import Layout
from submissions.render.docx.ooxml import (
    _PPR_ORDER,
    _RPR_ORDER,
    _SECTPR_ORDER,
    _clean,
    _el,
    _page_field,
    _plain_paragraph,
    _put,
)
from submissions.render.docx.parts import _PartWriter
from submissions.render.docx.styles import _drop_template_leftovers, _Numbering, _StyleIds, _styles

_LANGUAGES = {"ru": "ru-RU", "en": "en-US"}


class _Writer(_BlockWriter, _PartWriter):
    def __init__(self, document: content.Document, layout: Layout):
        self.document = document
        self.layout = layout
        self.docx = docx.Document()
        _drop_template_leftovers(self.docx)
        self.language = _LANGUAGES.get(document.language, document.language)
        _styles(self.docx, layout, language=self.language)
        self.style_ids = _StyleIds(self.docx)
        self.body = _Sink(self.docx, self.style_ids)
        self.numbering = _Numbering(self.docx, layout)

    def render(self, attachments: list[formats.AttachmentItem]) -> bytes:
        document = self.document
        first = True
        if document.letter is not None:
            self._letter(document.letter, attachments)
            first = False
        for number, part in enumerate(document.parts, start=1):
            if not first:
                self._section_break()
            first = False
            self._part(part, number=number, total=len(document.parts))
        for section in self.docx.sections:
            self._section_setup(section)
        self._properties()
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return buffer.getvalue()

    # Paragraph helpers

    def _cell(self, cell) -> _Sink:
        return _Sink(cell, self.style_ids, cell=True)

    def _run_style(self, run, name: str) -> None:
        run._r.style = self.style_ids(name, WD_STYLE_TYPE.CHARACTER)

    def _paragraph(self, sink: _Sink, ctx: _Ctx, style: str | None = None):
        paragraph = sink.paragraph(style or ctx.style)
        fmt = paragraph.paragraph_format
        mark = ctx.mark
        if mark is not None and not mark.used:
            mark.used = True
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = mark.level
            numbering.get_or_add_numId().val = mark.num_id
            fmt.left_indent = Twips(ctx.left)
            fmt.first_line_indent = Emu(-Mm(self.layout.list_hanging_mm))
        elif ctx.left or ctx.flat or mark is not None:
            if ctx.left or mark is not None:
                fmt.left_indent = Twips(ctx.left)
            fmt.first_line_indent = Mm(0)
        if ctx.align is not None:
            paragraph.alignment = ctx.align
        return paragraph

    def _text(self, sink: _Sink, text: str, style: str = "Letter Text", **options):
        """One paragraph of plain text (lines split by "\\n"), formatted by keyword."""
        paragraph = sink.paragraph(style)
        lines = _clean(text).split("\n")
        for index, line in enumerate(lines):
            if not line and len(lines) == 1:
                break
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()
            if options.get("spacing"):
                _put(run._r.get_or_add_rPr(), _el("w:spacing", val=options["spacing"]), _RPR_ORDER)
            if options.get("bold"):
                run.bold = True
            if options.get("caps"):
                run.font.all_caps = True
            if options.get("size"):
                run.font.size = Pt(options["size"])
        if "alignment" in options:
            paragraph.alignment = options["alignment"]
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Mm(0)
        for name in ("left_indent", "right_indent", "space_before", "space_after"):
            if name in options:
                setattr(fmt, name, Emu(options[name]))
        if options.get("keep"):
            fmt.keep_with_next = True
        return paragraph

    def _emit(self, paragraph, segments: list) -> None:
        hyperlink, current = None, ""
        for text, fmt in segments:
            if fmt.href != current:
                current = fmt.href
                hyperlink = self._hyperlink(paragraph, current) if current else None
            run = paragraph.add_run()
            if text is None:
                run.add_break()
            else:
                run.text = text
            self._format_run(run, fmt)
            if hyperlink is not None:
                hyperlink.append(run._r)

    def _format_run(self, run, fmt: _Fmt) -> None:
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.underline:
            run.underline = True
        if fmt.strike:
            run.font.strike = True
        if fmt.superscript:
            run.font.superscript = True
        elif fmt.subscript:
            run.font.subscript = True
        if fmt.highlight:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if fmt.mono:
            self._run_style(run, "HTML Code")
        elif fmt.href:
            self._run_style(run, "Hyperlink")

    def _hyperlink(self, paragraph, url: str):
        rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        element = OxmlElement("w:hyperlink", {qn("r:id"): rel_id})
        paragraph._p.append(element)
        return element

    # Sections, headers, footers, properties

    def _section_break(self) -> None:
        """End the current section here; the next part starts on a new page, numbered from 1."""
        body = self.docx.element.body
        sentinel = body.get_or_add_sectPr()
        last = sentinel.getprevious()
        if _plain_paragraph(last):
            carrier = last
        else:  # after a table or a frame: a paragraph of its own, one point high
            paragraph = self.docx.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(0)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = Pt(1)
            mark = OxmlElement("w:rPr")
            mark.append(_el("w:sz", val=2))
            _put(paragraph._p.get_or_add_pPr(), mark, _PPR_ORDER)
            carrier = paragraph._p
        carrier.set_sectPr(sentinel.clone())

    def _section_setup(self, section) -> None:
        layout = self.layout
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(value) for value in layout.page_mm)
        top, right, bottom, left = (Mm(value) for value in layout.margins_mm)
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left
        section.header_distance = Mm(layout.header_mm)
        section.footer_distance = Mm(layout.footer_mm)
        section.different_first_page_header_footer = True
        _put(section._sectPr, _el("w:pgNumType", start=1), _SECTPR_ORDER)

        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(paragraph)
        section.first_page_header.is_linked_to_previous = False

        for footer in (section.footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if not self.document.clean:  # the bill alone is introduced as it is
                paragraph.add_run(_clean(self.document.footer))

    def _properties(self) -> None:
        document = self.document
        properties = self.docx.core_properties
        now = timezone.now()
        properties.title = _clean(document.title)
        properties.author = _clean(", ".join(document.authors))
        properties.subject = _clean(document.footer)
        properties.keywords = f"Accord, предложения, версия {document.version_number}"
        properties.language = self.language
        properties.comments = ""
        properties.category = ""
        properties.last_modified_by = ""
        properties.revision = 1
        properties.created = now
        properties.modified = now
