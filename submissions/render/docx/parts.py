"""The cover letter and the parts: the attachment mark, headings, the bill's title page, the
comparison table and the endorsements."""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, Pt

from submissions import bill, content, formats
from submissions.render.docx.blocks import _Ctx
from submissions.render.docx.html import _parse
from submissions.render.docx.ooxml import (
    _PPR_ORDER,
    _TCPR_ORDER,
    _border,
    _cells,
    _clean,
    _el,
    _executor_frame,
    _fixed_widths,
    _layout_table,
    _put,
    _repeat_header,
)

COMPARISON_HEADER = ("Действующая редакция", "Предлагаемая редакция", "Обоснование")
ENDORSEMENTS_HEADER = ("№", "Организация", "Город", "Дата", "SHA-256 одобренной версии")
NO_ENDORSEMENTS = "Поддержка организаций не зарегистрирована."
BILL_PROJECT = "Проект"
BILL_INTRODUCED = "Вносится депутатом Государственной Думы"
BILL_BLANK = "______________________________"
BILL_LAW = "ФЕДЕРАЛЬНЫЙ ЗАКОН"
BILL_PRESIDENT = bill.PRESIDENT
BILL_PLACE = bill.PLACE
BILL_DATE_BLANK = bill.DATE_BLANK
BILL_NUMBER_BLANK = bill.NUMBER_BLANK


class _PartWriter:
    """The letter and part methods of `writer._Writer`, which provides the paragraphs and runs."""

    # The letter

    def _letter(self, letter: content.Letter, attachments: list[formats.AttachmentItem]) -> None:
        layout = self.layout
        gap = Mm(layout.text_width.mm - 2 * layout.corner_mm)
        corner = Mm(layout.corner_mm)
        table = self.docx.add_table(rows=1, cols=2)
        _layout_table(table, [corner + gap, layout.text_width - corner - gap])
        sender_cell, addressee_cell = _cells(table, table.rows[0]._tr)
        senders = self._cell(sender_cell)
        center = WD_ALIGN_PARAGRAPH.CENTER
        for sender in letter.senders:
            self._text(
                senders,
                sender.name,
                bold=True,
                size=layout.sender_name_pt,
                alignment=center,
                right_indent=gap,
                space_after=Pt(2),
            )
            if sender.lines:
                self._text(
                    senders,
                    "\n".join(sender.lines),
                    size=layout.sender_details_pt,
                    alignment=center,
                    right_indent=gap,
                    space_after=Pt(6),
                )
        dated = letter.date_text + (
            f" № {letter.outgoing_number}" if letter.outgoing_number else ""
        )
        self._text(
            senders,
            dated,
            size=layout.dated_pt,
            alignment=WD_ALIGN_PARAGRAPH.LEFT,
            space_before=Pt(6),
        )
        addressee = self._cell(addressee_cell)
        for line in letter.addressee_lines or ("",):
            self._text(addressee, line, alignment=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(4))

        body = self.body
        left = WD_ALIGN_PARAGRAPH.LEFT
        self._text(
            body,
            letter.heading,
            bold=True,
            alignment=left,
            space_before=Mm(10),
            space_after=Mm(8),
            size=layout.letter_heading_pt,
            right_indent=layout.text_width - Mm(layout.letter_heading_mm),
            keep=True,
        )
        if letter.salutation:
            self._text(body, letter.salutation, alignment=center, space_after=Mm(6), keep=True)
        for text in letter.paragraphs:
            paragraph = body.paragraph("Letter Text")
            paragraph.add_run(_clean(text))
        self._attachment_line(attachments)
        if letter.closing:
            self._text(body, letter.closing, alignment=left, space_before=Mm(8), keep=True)
        if letter.signatories:
            self._signatures(letter.signatories)
        for line in letter.executor_lines:
            paragraph = self._text(
                body, line, size=layout.small_pt, alignment=left, space_after=Pt(0)
            )
            paragraph.paragraph_format.line_spacing = 1.0
            _put(paragraph._p.get_or_add_pPr(), _executor_frame(layout), _PPR_ORDER)

    def _attachment_line(self, attachments: list[formats.AttachmentItem]) -> None:
        line = formats.attachment_line(attachments)
        if not line:
            return
        body, layout = self.body, self.layout
        left = WD_ALIGN_PARAGRAPH.LEFT
        items = _attachment_items(line, attachments)
        if items is None:
            self._text(body, line, alignment=left, space_before=Mm(6))
            return
        label, entries = items
        paragraph = self._text(body, label, alignment=left, space_before=Mm(6))
        hanging = Mm(layout.attachment_hanging_mm)
        paragraph.paragraph_format.left_indent = hanging
        paragraph.paragraph_format.first_line_indent = -hanging
        paragraph.paragraph_format.tab_stops.add_tab_stop(hanging)
        for index, entry in enumerate(entries):
            run = paragraph.add_run()
            if index:
                run.add_break()
            else:
                run.add_tab()
            run.add_text(_clean(entry))

    def _signatures(self, signatories) -> None:
        """Every signer on one level, a borderless row each: position | line | initials and
        surname, the name flush right (as in the PDF)."""
        layout = self.layout
        width = layout.text_width
        line_cell = Mm(layout.signature_line_mm + layout.signature_gap_mm)
        position_cell = Mm(width.mm * layout.signature_position_share / 100)
        widths = [position_cell, line_cell, Emu(width - position_cell - line_cell)]
        table = self.docx.add_table(rows=len(signatories), cols=3)
        _layout_table(table, widths)
        left, right = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
        for index, (row, signatory) in enumerate(zip(table.rows, signatories, strict=True)):
            before = Mm(4 if index == 0 else layout.signature_row_gap_mm)
            position, line, name = _cells(table, row._tr)
            for cell in (position, line, name):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            self._text(
                self._cell(position), signatory.position, alignment=left, space_before=before
            )
            rule = self._text(self._cell(line), "", alignment=left, space_before=before)
            rule.paragraph_format.right_indent = Mm(layout.signature_gap_mm)
            _border(rule._p.get_or_add_pPr(), bottom=1)
            self._text(self._cell(name), signatory.name, alignment=right, space_before=before)

    # The parts

    def _part(self, part: content.Part, *, number: int, total: int) -> None:
        layout = self.layout
        body = self.body
        if self.document.letter is not None and part.bill_title_page:
            # Small at the top right, so that «Проект» still opens the bill's page.
            self._text(
                body,
                _attachment_mark(self.document.letter, number, total),
                "Normal",
                size=layout.small_pt,
                alignment=WD_ALIGN_PARAGRAPH.RIGHT,
                space_after=Mm(4),
            )
        elif self.document.letter is not None:
            self._text(
                body,
                _attachment_mark(self.document.letter, number, total),
                "Normal",
                size=layout.attachment_mark_pt,
                alignment=WD_ALIGN_PARAGRAPH.LEFT,
                left_indent=Mm(layout.attachment_mark_indent_mm),
                space_after=Mm(8),
            )
        if part.bill_title_page:
            self._bill_head(part)
        else:
            self._part_heading(part.heading)
        if part.kind == "comparison":
            self._comparison(part)
        elif part.kind == "endorsements":
            self._endorsements(part)
        else:
            self._blocks(body, _parse(part.html).children, _Ctx())
        if part.bill_signature:
            self._bill_signature()

    def _bill_signature(self) -> None:
        """«Президент Российской Федерации» at the left, room for the name at the right, then
        «Москва, Кремль», the date and the number, left blank in a draft."""
        layout = self.layout
        left_width = Mm(85)
        table = self.docx.add_table(rows=1, cols=2)
        _layout_table(table, [left_width, layout.text_width - left_width])
        president, _name = _cells(table, table.rows[0]._tr)
        left = WD_ALIGN_PARAGRAPH.LEFT
        self._text(
            self._cell(president),
            BILL_PRESIDENT.replace(" ", "\n", 1),
            alignment=left,
            space_before=Mm(16),
        )
        for index, line in enumerate((BILL_PLACE, BILL_DATE_BLANK, BILL_NUMBER_BLANK)):
            self._text(
                self.body, line, alignment=left, space_before=Mm(10) if index == 0 else Pt(0)
            )

    def _part_heading(self, heading: str) -> None:
        lines = [line.strip() for line in heading.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            first = index == 0
            self._text(
                self.body,
                line,
                "Part Heading",
                bold=first,
                caps=first,
                size=self.layout.part_heading_pt if first else None,
                space_after=Pt(10) if index == len(lines) - 1 else Pt(0),
            )

    def _bill_head(self, part: content.Part) -> None:
        layout, body = self.layout, self.body
        self._text(
            body, BILL_PROJECT, "Normal", size=layout.letter_pt, alignment=WD_ALIGN_PARAGRAPH.RIGHT
        )
        introduced = self.document.introduced_by.strip()
        if not introduced.lower().startswith(BILL_INTRODUCED.split()[0].lower()):
            introduced = f"{BILL_INTRODUCED}\n{introduced or BILL_BLANK}"
        self._text(
            body,
            introduced,
            "Normal",
            alignment=WD_ALIGN_PARAGRAPH.LEFT,
            left_indent=Mm(layout.bill_introduced_indent_mm),
            space_before=Mm(6),
            space_after=Mm(14),
        )
        center = WD_ALIGN_PARAGRAPH.CENTER
        self._text(
            body,
            BILL_LAW,
            "Part Heading",
            bold=True,
            size=layout.letter_pt,
            spacing=20,
            space_after=Mm(6),
            alignment=center,
        )
        lines = [line.strip() for line in part.heading.split("\n") if line.strip()]
        self._text(
            body,
            "\n".join(lines),
            "Part Heading",
            bold=True,
            size=layout.letter_pt,
            space_after=Mm(10),
            alignment=center,
        )

    def _comparison(self, part: content.Part) -> None:
        width = self.layout.text_width
        widths = [Mm(width.mm * share / 100) for share in self.layout.comparison_widths]
        table = self.docx.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        _fixed_widths(table, widths)
        self._header_row(table.rows[0], COMPARISON_HEADER)
        for row in part.comparison:
            if row.provision.strip():
                cells = _cells(table, table.add_row()._tr)
                merged = cells[0].merge(cells[-1])
                sink = self._cell(merged)
                self._text(sink, row.provision.strip(), "Table Text", bold=True)
                _put(
                    merged._tc.get_or_add_tcPr(),
                    _el("w:shd", val="clear", color="auto", fill="F2F2F2"),
                    _TCPR_ORDER,
                )
            cells = _cells(table, table.add_row()._tr)
            for cell, html in zip(
                cells, (row.current_html, row.proposed_html, row.rationale_html), strict=True
            ):
                cell_ctx = _Ctx(style="Table Text", base="Table Text")
                self._blocks(self._cell(cell), _parse(html).children, cell_ctx)

    def _endorsements(self, part: content.Part) -> None:
        if not part.endorsements:
            self._text(self.body, NO_ENDORSEMENTS, "Normal")
        else:
            self._endorsements_table(part)
        identity = self._text(
            self.body,
            f"Текст предложения: версия {self.document.version_number}, SHA-256: ",
            "Normal",
            space_before=Pt(12),
        )
        run = identity.add_run(_clean(self.document.sha256))
        self._run_style(run, "HTML Code")

    def _endorsements_table(self, part: content.Part) -> None:
        layout = self.layout
        table = self.docx.add_table(rows=1, cols=len(ENDORSEMENTS_HEADER))
        table.style = "Table Grid"
        widths = [Mm(value) for value in layout.endorsement_widths_mm]
        _fixed_widths(table, widths)
        self._header_row(table.rows[0], ENDORSEMENTS_HEADER)
        for number, row in enumerate(part.endorsements, start=1):
            cells = _cells(table, table.add_row()._tr)
            values = (
                str(number),
                row.organization,
                row.city,
                formats.date_numeric(row.endorsed_on),
            )
            for cell, value in zip(cells, values, strict=False):
                self._text(self._cell(cell), value, "Table Text")
            hash_paragraph = self._text(self._cell(cells[-1]), "", "Table Text")
            run = hash_paragraph.add_run(_clean(row.sha256))
            self._run_style(run, "HTML Code")
            run.font.size = Pt(layout.hash_pt)
        self._text(
            self.body,
            f"Каждая организация поддержала текст версии {self.document.version_number}, "
            "контрольная сумма SHA-256 которой указана в таблице и ниже; "
            "совпадение сумм подтверждает, что текст не изменялся после поддержки.",
            "Normal",
            size=layout.small_pt,
            space_before=Pt(6),
        )

    def _header_row(self, row, titles) -> None:
        _repeat_header(row)
        for cell, title in zip(_cells(row.table, row._tr), titles, strict=True):
            sink = self._cell(cell)
            self._text(sink, title, "Table Text", bold=True, alignment=WD_ALIGN_PARAGRAPH.CENTER)


def _attachment_mark(letter: content.Letter, number: int, total: int) -> str:
    return formats.attachment_mark(
        letter_date=letter.date, outgoing_number=letter.outgoing_number, number=number, total=total
    )


def _attachment_items(line: str, attachments) -> tuple[str, list[str]] | None:
    """Split the numbered attachment line at its items, so each starts a line of its own.

    The text stays formats.attachment_line's; None where it is not the numbered form."""
    if len(attachments) < 2:
        return None
    starts, position = [], 0
    for number, item in enumerate(attachments, start=1):
        found = line.find(f"{number}. {item.title}", position)
        if found < 0:
            return None
        starts.append(found)
        position = found + 1
    label = line[: starts[0]].strip()
    entries = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
    if " ".join([label, *entries]) != line:
        return None
    return label, entries
