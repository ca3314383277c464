"""The DOCX package: read back with python-docx, as an official's Word would open it."""

import io
import re
import zipfile
from datetime import date
from html.parser import HTMLParser

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from proposals.markdown import render_markdown
from submissions import content, formats
from submissions.render.docx import COMPARISON_HEADER, ENDORSEMENTS_HEADER, document_docx

SHA = "3f" * 32

PROPOSAL_MARKDOWN = """## Цели и задачи

Всё ещё «в силе» — текст с ё. **Жирный**, *курсив*, `код` и [сайт](https://example.org/путь)
со сноской[^1].

1. Первый пункт
2. Второй пункт
    - вложенный ёжик

> Цитата: «ёлка» — в кавычках.

```
строка кода
  с отступом
```

| Статья | Изменение |
|:--|--:|
| Статья 1 | Изложить «по-новому» |

### Подраздел

[^1]: Текст сноски.
"""

BILL_MARKDOWN = """**Статья 1**

Внести в Федеральный закон следующие изменения:

1) часть 3 изложить в следующей редакции: «3. Всё — по-новому.»;
"""


def markdown_part(key, title, heading, markdown, **fields) -> content.Part:
    return content.Part(
        key=key,
        kind="markdown",
        title=title,
        heading=heading,
        html=str(render_markdown(markdown)),
        markdown=markdown,
        **fields,
    )


def make_document(*, letter=True, introduced_by="", parts=None) -> content.Document:
    if parts is None:
        parts = (
            markdown_part(
                "bill",
                "Проект федерального закона «О семье»",
                "О внесении изменений в Федеральный закон «О семье»",
                BILL_MARKDOWN,
                bill_title_page=True,
            ),
            markdown_part(
                "explanatory_note",
                "Пояснительная записка",
                "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА\nк проекту федерального закона «О семье»",
                PROPOSAL_MARKDOWN,
            ),
            content.Part(
                key="comparison",
                kind="comparison",
                title="Сравнительная таблица",
                heading="СРАВНИТЕЛЬНАЯ ТАБЛИЦА\nк проекту федерального закона «О семье»",
                comparison=(
                    content.ComparisonRow(
                        provision="Статья 5, часть 3",
                        current_html=str(render_markdown("Старая редакция — «как было».")),
                        proposed_html=str(render_markdown("Новая редакция: ещё **лучше**.")),
                        rationale_html=str(render_markdown("- довод один\n- довод два")),
                        current="Старая редакция — «как было».",
                        proposed="Новая редакция: ещё **лучше**.",
                        rationale="- довод один\n- довод два",
                    ),
                    content.ComparisonRow(
                        provision="",
                        current_html="",
                        proposed_html=str(render_markdown("Дополнить частью 4.")),
                        rationale_html="",
                        current="",
                        proposed="Дополнить частью 4.",
                        rationale="",
                    ),
                ),
            ),
            content.Part(
                key="endorsements",
                kind="endorsements",
                title="Список организаций, поддержавших предложения",
                heading="СПИСОК\nорганизаций, поддержавших предложения «О семье»",
                endorsements=(
                    content.EndorsementRow("АНО «Семья»", "Новосибирск", date(2026, 5, 20), SHA),
                    content.EndorsementRow("Фонд «Ёлка»", "Москва", date(2026, 5, 21), SHA),
                ),
            ),
        )
    return content.Document(
        title="О семье",
        language="ru",
        group_name="Коалиция «Семья»",
        authors=("АНО «Семья»", "Фонд «Ёлка»"),
        version_number=3,
        sha256=SHA,
        source_markdown=PROPOSAL_MARKDOWN,
        introduced_by=introduced_by,
        letter=make_letter() if letter else None,
        parts=parts,
    )


def make_letter() -> content.Letter:
    return content.Letter(
        senders=(
            content.Sender(
                "АНО «Семья»", ("630099, Новосибирск, ул. Ленина, д. 1", "Тел.: +7 383 000-00-00")
            ),
            content.Sender("Фонд «Ёлка»", ("Москва, ул. Тверская, д. 2",)),
        ),
        date=date(2026, 6, 5),
        outgoing_number="12/34",
        addressee_lines=(
            "Государственная Дума Федерального Собрания Российской Федерации",
            "Председателю Комитета Государственной Думы по защите семьи",
            "И.И. Иванову",
        ),
        heading="О предложениях по совершенствованию законодательства",
        salutation="Уважаемый Иван Иванович!",
        paragraphs=("Направляем предложения — всё «как договорились».", "Просим рассмотреть."),
        signatories=(
            content.Signatory("Председатель правления", "А.С. Петрова"),
            content.Signatory("Директор фонда", "Б.В. Ёлкин"),
        ),
        executor_lines=("Исп.: Петрова Анна Сергеевна", "Тел.: +7 (383) 000-00-00"),
    )


def attachments_for(document) -> list[formats.AttachmentItem]:
    return [
        formats.AttachmentItem(part.title, index + 1) for index, part in enumerate(document.parts)
    ]


def render(document=None, attachments=None):
    document = document or make_document()
    if attachments is None:
        attachments = attachments_for(document)
    data = document_docx(document, attachments=attachments)
    return docx.Document(io.BytesIO(data)), data


def paragraphs(container):
    """Every paragraph, tables included, in document order."""
    for block in container.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from paragraphs(cell)
        else:
            yield block


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in paragraphs(document)]


def full_text(document) -> str:
    return "\n".join(texts(document))


def table_with(document, text):
    for table in document.tables:
        if any(text in cell.text for row in table.rows for cell in row.cells):
            return table
    raise AssertionError(f"no table holds {text!r}")


def test_russian_text_comes_through_exactly():
    document, _ = render()
    text = full_text(document)
    for expected in (
        "Всё ещё «в силе» — текст с ё.",
        "Направляем предложения — всё «как договорились».",
        "Председателю Комитета Государственной Думы по защите семьи",
        "Цитата: «ёлка» — в кавычках.",
        "Изложить «по-новому»",
        "Старая редакция — «как было».",
        "вложенный ёжик",
        "Текст сноски.",
        "5 июня 2026 г. № 12/34",
        "Уважаемый Иван Иванович!",
        "Фонд «Ёлка»",
    ):
        assert expected in text


def test_markdown_becomes_word_styles():
    document, _ = render()
    styles = {paragraph.style.name for paragraph in paragraphs(document)}
    for name in ("Heading 2", "Heading 3", "List Number", "List Bullet", "Quote"):
        assert name in styles
    code = next(p for p in paragraphs(document) if p.text.startswith("строка кода"))
    assert code.style.name == "HTML Preformatted"
    assert code.text == "строка кода\n  с отступом"
    heading = next(p for p in document.paragraphs if p.text == "Цели и задачи")
    assert heading.style.name == "Heading 2"
    first_item = next(p for p in document.paragraphs if p.text == "Первый пункт")
    assert first_item._p.pPr.numPr is not None
    nested = next(p for p in document.paragraphs if p.text == "вложенный ёжик")
    assert nested._p.pPr.numPr.ilvl.val == 1
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "Жирный" in bold


def test_markdown_table_uses_table_grid_with_header_cells():
    document, _ = render()
    table = table_with(document, "Статья 1")
    assert table.style.name == "Table Grid"
    assert [cell.text for cell in table.rows[0].cells] == ["Статья", "Изменение"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT


def test_spanning_cells_are_merged():
    html = (
        '<table><tr><th colspan="2">Шапка</th></tr>'
        '<tr><td rowspan="2">А</td><td>Б</td></tr><tr><td>В</td></tr></table>'
    )
    parts = (content.Part(key="p", kind="markdown", title="П", heading="Т", html=html),)
    document, _ = render(make_document(letter=False, parts=parts), [])
    table = document.tables[0]
    header, second, third = (row.cells for row in table.rows)
    assert header[0]._tc is header[1]._tc
    assert header[0].text == "Шапка"
    assert second[0]._tc is third[0]._tc
    assert second[0].text == "А"
    assert [second[1].text, third[1].text] == ["Б", "В"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_links_are_real_hyperlinks_and_only_safe_ones():
    parts = (
        content.Part(
            key="proposal",
            kind="markdown",
            title="Предложения",
            heading="О семье",
            html='<p><a href="https://example.org/a">сайт</a> '
            '<a href="javascript:alert(1)">опасно</a> '
            '<a href="mailto:info@example.org">info@example.org</a></p>',
        ),
    )
    document, data = render(make_document(letter=False, parts=parts))
    paragraph = next(p for p in document.paragraphs if "сайт" in p.text)
    assert paragraph.text == "сайт (https://example.org/a) опасно info@example.org"
    links = [link.address for link in paragraph.hyperlinks]
    assert links == ["https://example.org/a", "mailto:info@example.org"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "https://example.org/a" in rels  # positive control: the links' targets are here
    assert "javascript" not in rels


def test_comparison_table_repeats_its_header_and_spans_the_provision():
    document, _ = render()
    table = table_with(document, COMPARISON_HEADER[0])
    assert tuple(cell.text for cell in table.rows[0].cells) == COMPARISON_HEADER
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    provision = table.rows[1].cells
    assert provision[0]._tc is provision[2]._tc  # one cell across the three columns
    assert provision[0].text == "Статья 5, часть 3"
    assert provision[0].paragraphs[0].runs[0].bold
    assert [cell.text for cell in table.rows[2].cells] == [
        "Старая редакция — «как было».",
        "Новая редакция: ещё лучше.",
        "довод один\nдовод два",
    ]
    assert [cell.text for cell in table.rows[3].cells] == ["", "Дополнить частью 4.", ""]


def test_endorsements_table_lists_organizations_with_the_hash_in_monospace():
    document, _ = render()
    table = table_with(document, ENDORSEMENTS_HEADER[-1])
    assert tuple(cell.text for cell in table.rows[0].cells) == ENDORSEMENTS_HEADER
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in table.rows[1].cells] == [
        "1",
        "АНО «Семья»",
        "Новосибирск",
        "20.05.2026",
        SHA,
    ]
    run = table.rows[2].cells[4].paragraphs[0].runs[0]
    assert run.text == SHA
    assert run.style.name == "HTML Code"
    assert run.font.size.pt == 7
    fonts = run.style.element.rPr.rFonts
    assert fonts.get(qn("w:ascii")) == "Courier New"


def test_every_part_is_a_section_numbered_from_one_without_a_number_on_its_first_page():
    source = make_document()
    document, _ = render(source)
    assert len(source.parts) >= 2
    assert len(document.sections) == 1 + len(source.parts)
    for section in document.sections:
        sect_pr = section._sectPr
        assert sect_pr.find(qn("w:titlePg")) is not None
        assert sect_pr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert not section.header.is_linked_to_previous
        header_xml = section.header._element.xml
        assert "PAGE" in header_xml
        assert "fldChar" in header_xml
        assert section.header.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
        assert "PAGE" not in section.first_page_header._element.xml
        for footer in (section.footer, section.first_page_footer):
            assert SHA not in footer._element.xml  # no running footer
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert body.count(f"Текст предложения: версия {source.version_number}, SHA-256: {SHA}") == 1


def test_page_is_a4_with_gost_margins():
    document, _ = render()
    assert len(document.sections) >= 3
    for section in document.sections:
        assert round(section.page_width.mm) == 210
        assert round(section.page_height.mm) == 297
        assert round(section.left_margin.mm) == 30
        assert round(section.right_margin.mm) == 10
        assert round(section.top_margin.mm) == 20
        assert round(section.bottom_margin.mm) == 20
        assert round(section.header_distance.mm) >= 10


def test_fonts_and_language_are_set_for_cyrillic():
    document, data = render()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = run_defaults.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(qn(f"w:{slot}")) == "Times New Roman"
    assert run_defaults.find(qn("w:lang")).get(qn("w:val")) == "ru-RU"
    assert document.styles["Normal"].font.size.pt == 13
    assert document.styles["Letter Text"].font.size.pt == 14
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles_xml = package.read("word/styles.xml").decode()
    assert "Times New Roman" in styles_xml  # positive control: the fonts are named here
    assert "majorHAnsi" not in styles_xml  # no theme fonts left to override ours


def test_core_properties_describe_the_version():
    document, _ = render()
    properties = document.core_properties
    assert properties.title == "О семье"
    assert properties.author == "АНО «Семья», Фонд «Ёлка»"
    assert properties.language == "ru-RU"
    assert SHA in properties.subject
    assert "версия 3" in properties.keywords
    assert properties.comments == ""


def test_package_holds_nothing_from_the_blank_template():
    _, data = render()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        core = package.read("docProps/core.xml").decode()
    # Positive control: the listing and the core properties were read.
    assert {"word/document.xml", "docProps/core.xml"} <= set(names)
    assert "О семье" in core
    assert not [name for name in names if "thumbnail" in name or "customXml" in name]
    assert "docProps/app.xml" not in names
    assert "word/comments.xml" not in names
    assert "python-docx" not in core


def test_letter_has_corner_blocks_in_a_borderless_table():
    document, _ = render()
    table = document.tables[0]
    sender, addressee = table.rows[0].cells
    assert sender.paragraphs[0].text == "АНО «Семья»"
    assert sender.paragraphs[0].runs[0].bold
    assert sender.paragraphs[-1].text == "5 июня 2026 г. № 12/34"
    assert [p.text for p in addressee.paragraphs] == list(make_letter().addressee_lines)
    assert round(addressee.width.mm) == 80
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"nil"}


def test_letter_text_order_and_layout():
    document, _ = render()
    body = [p.text for p in document.paragraphs]
    order = [
        "О предложениях по совершенствованию законодательства",
        "Уважаемый Иван Иванович!",
        "Направляем предложения — всё «как договорились».",
        "Просим рассмотреть.",
        "С уважением,",
        "Исп.: Петрова Анна Сергеевна",
    ]
    positions = [next(i for i, text in enumerate(body) if text.startswith(t)) for t in order]
    assert positions == sorted(positions)
    heading = document.paragraphs[positions[0]]
    assert heading.runs[0].bold
    salutation = document.paragraphs[positions[1]]
    assert salutation.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    paragraph = document.paragraphs[positions[2]]
    assert paragraph.style.name == "Letter Text"
    assert paragraph.style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(paragraph.style.paragraph_format.first_line_indent.mm, 1) == 12.5
    executor = document.paragraphs[positions[5]]
    assert executor.runs[0].font.size.pt == 10
    frame = executor._p.pPr.find(qn("w:framePr"))
    assert frame.get(qn("w:yAlign")) == "bottom"


def test_attachment_line_is_the_formats_line():
    source = make_document()
    items = attachments_for(source)
    document, _ = render(source, items)
    line = next(p for p in document.paragraphs if p.text.startswith("Приложение:"))
    assert re.sub(r"[\t\n]", " ", line.text) == formats.attachment_line(items)
    assert line.text.count("\n") == len(items) - 1  # every attachment on a line of its own
    assert line.paragraph_format.first_line_indent < 0  # hanging under the first item


def test_single_attachment_line():
    source = make_document(parts=make_document().parts[:1])
    items = attachments_for(source)
    document, _ = render(source, items)
    line = next(p for p in document.paragraphs if p.text.startswith("Приложение:"))
    assert line.text == formats.attachment_line(items) == "Приложение: на 1 л. в 1 экз."


def test_each_signatory_signs_on_a_borderless_row_of_position_line_and_name():
    document, _ = render()
    table = table_with(document, "А.С. Петрова")
    assert len(table.rows) == 2  # one row per signer
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Председатель правления", "", "А.С. Петрова"],
        ["Директор фонда", "", "Б.В. Ёлкин"],
    ]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {side.get(qn("w:val")) for side in borders} == {"nil"}
    for row in table.rows:
        position, line, name = row.cells
        # The line to sign on is the middle cell's bottom border; the name is flush right.
        assert line.paragraphs[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
        assert name.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
        assert position.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    assert round(sum(cell.width.mm for cell in table.rows[0].cells)) == 170


def test_heading_box_is_as_in_the_pdf():
    document, _ = render()
    heading = next(p for p in document.paragraphs if p.text.startswith("О предложениях"))
    width = 170 - heading.paragraph_format.right_indent.mm
    assert round(width) == 95  # .letter-heading { width: 95mm } in print.css
    assert heading.runs[0].font.size.pt == 13  # and 13 pt, as the PDF's


def test_bill_title_page_with_and_without_the_deputy():
    document, _ = render(make_document(introduced_by=""))
    text = texts(document)
    start = text.index("Проект")
    assert text[start + 1] == "Вносится депутатом Государственной Думы\n________________" + "_" * 14
    assert text[start + 2] == "ФЕДЕРАЛЬНЫЙ ЗАКОН"
    assert text[start + 3] == "О внесении изменений в Федеральный закон «О семье»"
    project = next(p for p in document.paragraphs if p.text == "Проект")
    assert project.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT

    document, _ = render(make_document(introduced_by="И.И. Ивановым"))
    assert "Вносится депутатом Государственной Думы\nИ.И. Ивановым" in texts(document)


def test_part_heading_first_line_bold_caps_then_centred_lines():
    document, _ = render()
    first = next(p for p in document.paragraphs if p.text == "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА")
    second = next(p for p in document.paragraphs if p.text.startswith("к проекту"))
    assert first.runs[0].bold
    assert first.runs[0].font.all_caps
    assert first.style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert not second.runs[0].bold


def test_attachments_carry_their_mark_when_there_is_a_letter():
    document, _ = render()
    marks = [t for t in texts(document) if t.startswith("Приложение №")]
    assert marks[0] == "Приложение № 1 к письму от 05.06.2026 № 12/34"
    assert len(marks) == 4


def test_version_without_letter_has_one_section_per_part():
    source = make_document(letter=False)
    document, _ = render(source, [])
    assert len(document.sections) == len(source.parts)
    assert not [t for t in texts(document) if t.startswith("Приложение")]
    assert "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА" in texts(document)


def test_empty_endorsements_say_so():
    part = content.Part(key="endorsements", kind="endorsements", title="Список", heading="СПИСОК")
    document, _ = render(make_document(letter=False, parts=(part,)), [])
    assert "Поддержка организаций не зарегистрирована." in texts(document)


def test_control_characters_do_not_break_the_document():
    parts = (markdown_part("proposal", "П", "Заголовок\x0b", "Текст\x00 с\x1f управляющими\x08"),)
    document, _ = render(make_document(letter=False, parts=parts), [])
    assert "Текст с управляющими" in texts(document)


class _ParagraphWords(HTMLParser):
    """The words inside the <p> elements of rendered Markdown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.words += re.findall(r"\w+", data)


TOKENS = [
    *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЁЯabcXYZ0123456789",
    *" \n\t*_`#>-|[]()!:.\\«»—^&<",
    "\n\n",
    "\x0b",
    "\x7f",
    "&amp;",
    "<b>",
    "</b>",
    "<q>",
    "<br>",
    "1. ",
    "- ",
    "[^1]",
    "[^1]: ",
    "    ",
    "```",
    "| a | b |\n|---|---|\n",
    "<https://example.org>",
    "[ссылка](https://example.org/x)",
    "<table><tr><td colspan=2>",
    "</td><td rowspan=3>",
    "</td></tr></table>",
    "<ul><li>",
    "</li></ul>",
    "<details><summary>",
    "<dl><dt>",
    "<dd>",
    '<a href="javascript:x">',
    "</a>",
    "<pre>",
]
markdownish = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)
# Generated Markdown may hold no word at all; this example always holds some.
WORDY = "## Ёлка\n\nСлово **жирное** и [ссылка](https://example.org/x)"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown=markdownish)
@example(markdown=WORDY)
@pytest.mark.slow
def test_any_markdown_renders_and_keeps_every_word(markdown):
    html = str(render_markdown(markdown))
    parts = (
        content.Part(key="proposal", kind="markdown", title="П", heading="Т", html=html),
        content.Part(
            key="comparison",
            kind="comparison",
            title="С",
            heading="С",
            comparison=(content.ComparisonRow("П", html, html, html, "", "", ""),),
        ),
    )
    document, _ = render(make_document(parts=parts))
    text = full_text(document)
    collector = _ParagraphWords()
    collector.feed(html)
    if markdown == WORDY:
        assert len(collector.words) >= 4, collector.words
    for word in collector.words:
        assert word in text


@pytest.mark.parametrize("depth", [60, 200])
def test_deeply_nested_html_keeps_its_text(depth):
    html = "<blockquote>" * depth + "<p>глубоко</p>" + "</blockquote>" * depth
    html += "<p>" + "<em>" * depth + "вложено" + "</em>" * depth + "</p>"
    parts = (content.Part(key="p", kind="markdown", title="П", heading="Т", html=html),)
    document, _ = render(make_document(letter=False, parts=parts), [])
    text = full_text(document)
    assert "глубоко" in text
    assert "вложено" in text
