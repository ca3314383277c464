"""The bill as bills are laid out: the citation with its date in words and its source, articles,
the signature block, parts as indented paragraphs, nested quotes, the clean file; the comparison
table's highlights and the federal-only list of acts.

Legislative texts keep one paragraph a line, as members type them."""
# ruff: noqa: E501

import io
from dataclasses import dataclass, replace
from datetime import date

import docx
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accord.models import Role
from proposals.demo_data import PROPOSALS
from proposals.models import ProposalKind
from submissions import bill, content
from submissions.models import PackageStatus
from submissions.services.builds import package_build
from submissions.services.packages import Signer, package_create
from submissions.typography import nest_quotes, nest_quotes_html
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

DEMO_BILL = next(p for p in PROPOSALS if p["kind"] == ProposalKind.LEGISLATIVE_AMENDMENT)
DEMO_TEXT = f"# {DEMO_BILL['title']}\n\n{DEMO_BILL['text']}"


def _package(world, proposal, recipients, *, with_docx=True):
    return package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.EDITOR],
        recipients=recipients,
        authors=[(world.organization, "15-и")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О проекте федерального закона",
        body="Направляем проект «О внесении изменений в Федеральный закон «Об основных гарантиях»».",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 200-00-01",
        executor_email="petrova@example.org",
        with_docx=with_docx,
    )


@pytest.fixture
def built(world):
    return _built(world)


def _built(world):
    pdftools.need_poppler()
    proposal = approved_with_endorsements(
        world, text=DEMO_TEXT, title=DEMO_BILL["title"], kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    package = _package(world, proposal, [make_recipient(world.group)])
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    return proposal, package


@dataclass(frozen=True)
class Rendered:
    package_pdf: bytes
    package_docx: bytes
    bill_pdf: bytes
    bill_docx: bytes
    parts: list
    sha256: str


_RENDERED: list[Rendered] = []


@pytest.fixture
def rendered(world) -> Rendered:
    """The demo bill's package, built once for the tests that only read its files."""
    if not _RENDERED:
        _proposal, package = _built(world)
        document = package.documents.get()
        _RENDERED.append(
            Rendered(
                package_pdf=bytes(document.pdf.data),
                package_docx=bytes(document.docx.data),
                bill_pdf=bytes(package.bill_pdf.data),
                bill_docx=bytes(package.bill_docx.data),
                parts=document.parts,
                sha256=package.version.sha256,
            )
        )
    return _RENDERED[0]


def _text(pdf: bytes, **pages) -> str:
    """pdftotext's text with WeasyPrint's hyphenation undone and whitespace collapsed."""
    return pdftools.flat(pdftools.text(pdf, **pages).replace("\u2010\n", ""))


def _part_pages(parts, key):
    part = next(part for part in parts if part["key"] == key)
    return part["first_page"], part["first_page"] + part["pages"] - 1


# --- Dates, citation, articles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("от 24.07.1998 № 124-ФЗ", "от 24 июля 1998 года № 124-ФЗ"),
        ("от 1.01.2024 г. № 1-ФЗ", "от 1 января 2024 года № 1-ФЗ"),
        ("от 12.01.1996 года № 7-ФЗ", "от 12 января 1996 года № 7-ФЗ"),
        ("от 31.02.2024 № 5-ФЗ", "от 31.02.2024 № 5-ФЗ"),  # no such day: left as written
        ("с 01.01.2027 года", "с 01.01.2027 года"),  # not a citation
    ],
)
def test_citation_dates_are_written_in_words(text, expected):
    assert bill.dates_in_words(text) == expected


def test_date_in_words_uses_the_genitive_month():
    assert bill.date_in_words(date(1995, 11, 23)) == "23 ноября 1995 года"
    assert bill.date_in_words(date(2026, 3, 8)) == "8 марта 2026 года"


def test_requisites_make_article_one_with_the_formula_and_article_two_enters_into_force():
    section = (
        "Изменяемый акт: Федеральный закон от 24.07.1998 № 124-ФЗ «Об основных гарантиях»\n"
        "Источник: Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802\n"
        "Вступление в силу: Настоящий Федеральный закон вступает в силу с 1 января 2028 года.\n"
        "\n1) статью 1 дополнить абзацем;\n2) статью 2 признать утратившей силу.\n"
    )
    composed = bill.compose(section)
    assert composed.startswith(
        "**Статья 1**\n\nВнести в Федеральный закон от 24 июля 1998 года № 124-ФЗ «Об основных "
        "гарантиях» (Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802) "
        "следующие изменения:\n\n1) статью 1 дополнить абзацем;\n\n2) статью 2"
    )
    assert composed.endswith(
        "**Статья 2**\n\nНастоящий Федеральный закон вступает в силу с 1 января 2028 года."
    )


def test_a_single_unnumbered_change_is_introduced_as_one_change():
    composed = bill.compose("Изменяемый акт: Федеральный закон «О чём-то»\n\nдополнить статьёй 3.")
    assert "следующее изменение:" in composed


def test_a_formula_written_by_members_keeps_its_words_gains_the_date_in_words_and_the_source():
    section = (
        "Источник: Собрание законодательства Российской Федерации, 1996, № 3, ст. 145\n\n"
        "Внести в Федеральный закон от 12.01.1996 № 7-ФЗ «О некоммерческих организациях» "
        "следующее изменение:\n\nдополнить статьёй 31.6."
    )
    composed = bill.compose(section)
    assert (
        "Внести в Федеральный закон от 12 января 1996 года № 7-ФЗ «О некоммерческих "
        "организациях» (Собрание законодательства Российской Федерации, 1996, № 3, ст. 145) "
        "следующее изменение:" in composed
    )


def test_a_bill_with_its_own_articles_keeps_them_and_numbers_the_entry_into_force_after():
    section = (
        "Вступление в силу: Настоящий Федеральный закон вступает в силу с 1 марта 2028 года.\n\n"
        "Статья 1\n\nВнести в Федеральный закон … изменения.\n\n"
        "Статья 2\n\nВнести в Кодекс … изменения."
    )
    composed = bill.compose(section)
    assert composed.count("**Статья 1**") == composed.count("**Статья 2**") == 1
    assert composed.endswith(
        "**Статья 3**\n\nНастоящий Федеральный закон вступает в силу с 1 марта 2028 года."
    )


def test_blockquotes_and_lists_become_paragraphs_with_their_numbers_as_text():
    flat = bill.flattened("> «Статья 7.1. Права\n>\n> 1. Первое.\n> 2. Второе.»;\n- абзац")
    assert flat == "«Статья 7.1. Права\n\n1\\. Первое.\n\n2\\. Второе.»;\n\nабзац"


# --- Nested quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "nested"),
    [
        ("«a»", "«a»"),
        ("«a «b» c»", "«a „b“ c»"),
        ("«a «b «c» d» e»", "«a „b „c“ d“ e»"),
        ("«a „b“ c»", "«a „b“ c»"),  # already right: unchanged
        ('"a"', "«a»"),
        ('«слова "семья" заменить»', "«слова „семья“ заменить»"),
        ('«a "b" c» и «d»', "«a „b“ c» и «d»"),
        ("«Статья 1.\n\n1. В сети «Интернет».»;", "«Статья 1.\n\n1. В сети „Интернет“.»;"),
        ("a » b", "a » b"),  # an unmatched closing mark is left as typed
        ("«a “b” c»", "«a „b“ c»"),  # English inner quotes
        ("", ""),
    ],
)
def test_nested_quotes(typed, nested):
    assert nest_quotes(typed) == nested


def test_nested_quotes_in_html_leave_tags_and_code_alone():
    html = '<p>«a <a href="https://x.example/?q=&quot;1&quot;" title="«t»">«b»</a> <code>"c"</code> d»</p>'
    assert nest_quotes_html(html) == (
        '<p>«a <a href="https://x.example/?q=&quot;1&quot;" title="«t»">„b“</a> '
        '<code>"c"</code> d»</p>'
    )


# --- The rendered bill -----------------------------------------------------------------------------


def test_the_bill_cites_the_act_with_its_date_in_words_and_its_source(rendered):
    first, last = _part_pages(rendered.parts, "bill")
    text = _text(rendered.package_pdf, first=first, last=last)
    assert (
        "Внести в Федеральный закон от 24 июля 1998 года № 124-ФЗ «Об основных гарантиях прав "
        "ребёнка в Российской Федерации» (Собрание законодательства Российской Федерации, 1998, "
        "№ 31, ст. 3802) следующие изменения:" in text
    )
    assert "24.07.1998" not in text


def test_the_bill_has_article_one_article_two_and_the_signature_block(rendered):
    first, last = _part_pages(rendered.parts, "bill")
    text = _text(rendered.package_pdf, first=first, last=last)
    one, two = text.index("Статья 1 Внести"), text.index("Статья 2 Настоящий Федеральный закон")
    president = text.index("Президент Российской Федерации")
    assert one < two < president < text.index("Москва, Кремль") < text.index("№ ___-ФЗ")
    assert "вступает в силу по истечении девяноста дней" in text


def test_the_bills_parts_are_paragraphs_not_blockquotes_or_lists(rendered, world):
    proposal = approved_with_endorsements(
        world, text=DEMO_TEXT, title=DEMO_BILL["title"], kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    document = content.bill_document(version=proposal.approved_version)
    html = render_to_string(
        "submissions/print/part.html",
        {"document": document, "part": document.parts[0], "attachment_mark": ""},
    )
    bill_html = html[html.index('<div class="bill-text">') :]
    assert "<blockquote" not in bill_html
    assert "<ol" not in bill_html
    assert "<li" not in bill_html
    assert '<p class="bill-article"><strong>Статья 1</strong></p>' in bill_html
    first, last = _part_pages(rendered.parts, "bill")
    text = pdftools.text(rendered.package_pdf, first=first, last=last)
    lines = [line.strip() for line in text.splitlines()]
    for number in range(1, 5):
        assert any(line.startswith(f"{number}. ") for line in lines), number
    assert any(line.startswith("«Статья 15.1. Участие") for line in lines)


def test_inner_quotes_are_nested_in_the_bill_and_the_letter(rendered):
    letter = _text(rendered.package_pdf, first=1, last=1)
    assert "«О внесении изменений в Федеральный закон „Об основных гарантиях“»" in letter
    first, last = _part_pages(rendered.parts, "comparison")
    table = _text(rendered.package_pdf, first=first, last=last)
    assert "Федеральный закон „Об основных гарантиях прав ребёнка в Российской Федерации“" in table


def test_the_packaged_bill_keeps_its_mark_at_the_top_right_and_opens_with_project(rendered):
    first, _last = _part_pages(rendered.parts, "bill")
    text = _text(rendered.package_pdf, first=first, last=first)
    assert text.startswith("Приложение № 1 к письму от 05.06.2026 № 15-и Проект")


def test_the_clean_bill_has_no_attachment_mark_and_no_footer(rendered):
    text = _text(rendered.bill_pdf)
    assert text.startswith("Проект Вносится депутатом Государственной Думы")
    assert "ФЕДЕРАЛЬНЫЙ ЗАКОН" in text
    assert "Президент Российской Федерации" in text
    assert "Приложение" not in text
    assert "SHA-256" not in text
    assert "Версия" not in text
    assert rendered.sha256 not in text
    first, last = _part_pages(rendered.parts, "bill")
    assert pdftools.pages(rendered.bill_pdf) == last - first + 1
    word = docx.Document(io.BytesIO(rendered.bill_docx))
    body = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert body.startswith("Проект")
    assert "Приложение" not in body
    assert "Москва, Кремль" in body
    assert "№ ___-ФЗ" in body
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Президент\nРоссийской Федерации" in cells
    footers = [p.text for section in word.sections for p in section.footer.paragraphs]
    assert not any(footers)
    assert rendered.sha256 not in body


def test_members_download_the_clean_bill_and_others_get_404(built, world, client):
    proposal, package = built
    for kind, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        url = reverse("package_bill_file", args=[proposal.public_id, package.public_id, kind])
        client.force_login(world.users[Role.OBSERVER])
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).startswith(magic)
        client.force_login(world.users["outsider"])
        assert client.get(url).status_code == 404
    bad = reverse("package_bill_file", args=[proposal.public_id, package.public_id, "exe"])
    client.force_login(world.users[Role.OBSERVER])
    assert client.get(bad).status_code == 404


def test_the_package_page_offers_the_clean_bill(built, world, client):
    proposal, package = built
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(reverse("package_detail", args=[proposal.public_id, package.public_id]))
    assert reverse("package_bill_file", args=[proposal.public_id, package.public_id, "pdf"]) in (
        page.content.decode()
    )


def test_a_policy_proposal_has_no_clean_bill(world):
    proposal = approved_with_endorsements(world, text="# Т\n\n## Проблема\n\nТекст.")
    package = _package(world, proposal, [make_recipient(world.group)], with_docx=False)
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY
    assert package.bill_pdf_id is None
    assert package.bill_docx_id is None


# --- The comparison table and the list of acts -----------------------------------------------------

LONG_PART = " ".join(["Орган опеки и попечительства согласует план сопровождения семьи."] * 60)
TABLE_TEXT = f"""# О внесении изменения в статью 5 Федерального закона «Об основных гарантиях»

## Текст изменений

Изменяемый акт: Федеральный закон от 24.07.1998 № 124-ФЗ «Об основных гарантиях прав ребёнка в Российской Федерации»

1) в части 3 статьи 5 слова «на защиту» заменить словами «на семью и защиту»;

## Сравнительная таблица

### Статья 5, часть 3

Действующая редакция: Ребёнок имеет право на защиту от всех форм дискриминации.

Предлагаемая редакция: Ребёнок имеет право на семью и защиту от всех форм дискриминации.

Обоснование: Приоритет семейного устройства.

### Статья 15.1

Действующая редакция: Норма отсутствует

Предлагаемая редакция: {LONG_PART}

Обоснование: Длинная норма переходит на следующую страницу.

## Перечень актов, подлежащих принятию

1. Федеральный закон «О внесении изменений в Семейный кодекс Российской Федерации».
2. Законы субъектов Российской Федерации о порядке взаимодействия органов опеки.
3. Методические рекомендации по составлению плана сопровождения семьи.
4. Постановление Правительства Российской Федерации о порядке сопровождения семей.
"""


def test_changed_words_are_struck_and_new_words_bold():
    current, proposed = bill.highlighted(
        "Ребёнок имеет право на защиту.", "Ребёнок имеет право на семью и защиту."
    )
    assert current == "<p>Ребёнок имеет право на защиту.</p>"
    assert proposed == "<p>Ребёнок имеет право на <ins>семью и</ins> защиту.</p>"
    current, proposed = bill.highlighted("Срок — тридцать дней.", "Срок — пятнадцать дней.")
    assert current == "<p>Срок — <del>тридцать</del> дней.</p>"
    assert proposed == "<p>Срок — <ins>пятнадцать</ins> дней.</p>"


def test_a_new_provision_is_bold_and_descriptions_are_left_as_written():
    current, proposed = bill.highlighted("Норма отсутствует", "1\\. Новая часть.\n\n2\\. Ещё одна.")
    assert current == "<p>Норма отсутствует</p>"
    assert proposed == "<p><ins>1. Новая часть.</ins></p><p><ins>2. Ещё одна.</ins></p>"
    assert bill.highlighted("Понятие не определено", "Статья 1 дополняется определением") is None
    assert bill.highlighted("**жирный** текст", "другой текст") is None  # markup: as rendered
    assert bill.highlighted("<b>x</b> y", "z y") is None


def test_the_list_of_acts_holds_federal_acts_only_and_the_others_in_their_own_list():
    federal, other, prose = bill.split_acts(
        TABLE_TEXT.split("## Перечень актов, подлежащих принятию")[1]
    )
    assert [item[:20] for item in federal] == ["Федеральный закон «О", "Постановление Правит"]
    assert [item[:20] for item in other] == ["Законы субъектов Рос", "Методические рекомен"]
    assert prose == ""


@pytest.fixture
def table_package(world):
    pdftools.need_poppler()
    proposal = approved_with_endorsements(
        world, text=TABLE_TEXT, kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    package = _package(world, proposal, [make_recipient(world.group)])
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    return package


def test_the_comparison_table_highlights_breaks_rows_and_repeats_its_header(table_package):
    document = table_package.documents.get()
    pdf = bytes(document.pdf.data)
    first, last = _part_pages(document.parts, "comparison")
    assert last > first  # the long row runs over to the next page
    for page in range(first, last + 1):
        text = _text(pdf, first=page, last=page)
        for title in ("Действующая редакция", "Предлагаемая редакция", "Обоснование"):
            assert title in text, (page, title)
    # The long row starts on the table's first page: rows break instead of leaving white gaps.
    assert "Орган опеки и попечительства согласует" in _text(pdf, first=first, last=first)
    word = docx.Document(io.BytesIO(bytes(document.docx.data)))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Действующая редакция")
    runs = [
        run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    assert any(run.text.strip() == "семью и" and run.bold for run in runs)
    assert not any(run.font.strike for run in runs)  # nothing was deleted in this table


def test_the_comparison_cells_carry_del_and_ins_in_the_html_and_strike_and_bold_in_docx(world):
    text = TABLE_TEXT.replace(
        "Ребёнок имеет право на семью и защиту", "Ребёнок вправе рассчитывать на семью и защиту"
    )
    proposal = approved_with_endorsements(world, text=text, kind=ProposalKind.LEGISLATIVE_AMENDMENT)
    document = content.bill_document(version=proposal.approved_version)
    parts = content.proposal_parts(
        version=proposal.approved_version, title=proposal.title, kind=proposal.kind
    )
    row = next(part for part in parts if part.key == "comparison").comparison[0]
    assert "<del>имеет право</del>" in row.current_html
    assert "<ins>вправе рассчитывать</ins>" in row.proposed_html
    assert "<ins>семью и</ins>" in row.proposed_html
    from submissions.render.docx import document_docx

    whole = replace(document, parts=tuple(parts), clean=False)
    word = docx.Document(io.BytesIO(document_docx(whole, attachments=[])))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Действующая редакция")
    runs = [
        run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs
    ]
    assert any(run.text == "имеет право" and run.font.strike for run in runs)
    assert any(run.text == "вправе рассчитывать" and run.bold for run in runs)


def test_the_list_of_acts_part_names_federal_acts_first_and_the_others_apart(table_package):
    document = table_package.documents.get()
    first, last = _part_pages(document.parts, "acts")
    text = _text(bytes(document.pdf.data), first=first, last=last)
    federal = text.index("актов федерального законодательства")
    other = text.index("Иные нормативные правовые акты и документы")
    assert federal < text.index("1. Федеральный закон «О внесении изменений в Семейный") < other
    assert federal < text.index("2. Постановление") < other
    assert other < text.index("1. Законы субъектов Российской Федерации")
    assert other < text.index("2. Методические рекомендации")


def test_a_list_of_only_regional_acts_says_no_federal_act_is_needed(world):
    text = TABLE_TEXT.replace(
        "1. Федеральный закон «О внесении изменений в Семейный кодекс Российской Федерации».\n", ""
    ).replace(
        "4. Постановление Правительства Российской Федерации о порядке сопровождения семей.\n", ""
    )
    proposal = approved_with_endorsements(world, text=text, kind=ProposalKind.LEGISLATIVE_AMENDMENT)
    parts = content.proposal_parts(
        version=proposal.approved_version, title=proposal.title, kind=proposal.kind
    )
    acts = next(part for part in parts if part.key == "acts")
    assert acts.html.index(bill.NO_FEDERAL_ACTS) < acts.html.index("Законы субъектов")
