"""A bill proposal that amends the group's acts in place: its package carries the GENERATED bill,
comparison table and list of acts in place of the hand-written ones; the act sections never
reach an official; a proposal without act sections keeps the hand-written convention."""

from datetime import date

import pytest

from accord.models import Role
from legislation.proposal_acts import section_for
from proposals.models import ProposalKind
from submissions import content
from submissions.models import PackageStatus
from submissions.services.builds import package_build
from submissions.services.packages import Signer, package_create
from tests.legislation.test_acts import add
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

HAND_WRITTEN = "Статью 99 изложить от руки."
FREE_TEXT = (
    "# Законопроект о защите детей\n\n"
    "## Пояснительная записка\n\nЗачем это нужно.\n\n"
    "## Финансово-экономическое обоснование\n\nРасходов не потребуется.\n\n"
    f"## Текст изменений\n\n{HAND_WRITTEN}\n\n"
    "## Сравнительная таблица\n\n### Статья 99\nДействующая редакция: старое от руки\n"
    "Предлагаемая редакция: новое от руки\n\n"
    "## Перечень актов\n\n1. Акт от руки\n"
)
OLD = "ребенок - лицо до достижения им возраста 18 лет (совершеннолетия);"
NEW = "ребенок - лицо до достижения им возраста восемнадцати лет (совершеннолетия);"


def _proposal(world, *, amend=True):
    text = FREE_TEXT
    if amend:
        act = add(world, date=date(1998, 7, 24), source="Собрание законодательства РФ, 1998")
        text += "\n" + section_for(act).replace(OLD, NEW)
    return approved_with_endorsements(world, text=text, kind=ProposalKind.LEGISLATIVE_AMENDMENT)


def _parts(proposal):
    version = proposal.approved_version
    parts = content.proposal_parts(version=version, title=proposal.title, kind=proposal.kind)
    return {part.key: part for part in parts}


def test_the_package_carries_the_generated_bill_table_and_list(world):
    parts = _parts(_proposal(world))
    assert list(parts) == ["bill", "explanatory_note", "comparison", "acts", "financial"]
    bill = parts["bill"]
    assert bill.heading.startswith("О внесении изменения в статью 1 Федерального закона")
    assert "Статья 1" in bill.html
    assert "цифры «18» заменить словом «восемнадцати»" in bill.markdown
    assert HAND_WRITTEN not in bill.html
    (row,) = parts["comparison"].comparison
    assert row.provision == "абзац второй статьи 1"
    assert "<del>18</del>" in row.current_html
    assert "<ins>восемнадцати</ins>" in row.proposed_html
    assert "от руки" not in row.current_html
    assert "Федеральный закон от 24 июля 1998 года № 124-ФЗ" in parts["acts"].html
    assert "Акт от руки" not in parts["acts"].html
    assert "Зачем это нужно." in parts["explanatory_note"].html


def test_the_act_wording_never_reaches_an_official(world):
    proposal = _proposal(world)
    document = content.version_document(version=proposal.approved_version)
    cells = [r.current_html + r.proposed_html for part in document.parts for r in part.comparison]
    everything = (
        document.source_markdown
        + "".join(part.html + part.markdown for part in document.parts)
        + "".join(cells)
    )
    assert "Предлагаемая редакция: Федеральный" not in everything
    assert "{акт" not in everything
    # An unchanged article of the act is nowhere in the package.
    assert "Отношения, регулируемые настоящим Федеральным законом" not in everything


def test_positive_control_without_act_sections_the_hand_written_convention_applies(world):
    parts = _parts(_proposal(world, amend=False))
    assert HAND_WRITTEN in parts["bill"].html
    assert parts["comparison"].comparison[0].current == "старое от руки"
    assert "Акт от руки" in parts["acts"].html


@pytest.mark.slow
def test_the_built_pdf_carries_the_generated_documents(world):
    pdftools.need_poppler()
    proposal = _proposal(world)
    package = package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.EDITOR],
        recipients=[make_recipient(world.group)],
        authors=[(world.organization, "1-и")],
        signatories=[Signer("Председатель", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О проекте",
        body="Направляем проект.",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 000",
        executor_email="",
        with_docx=True,
    )
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    document = package.documents.get()
    text = pdftools.flat(pdftools.text(bytes(document.pdf.data)))
    assert "цифры «18» заменить словом" in text  # the PDF hyphenates long words
    assert "СРАВНИТЕЛЬНАЯ ТАБЛИЦА" in text
    assert HAND_WRITTEN not in text
    assert "Предлагаемая редакция: Федеральный" not in text


def _statuses(items):
    return {item.key: item.present for item in items}


def test_checklist_shows_each_document_present_or_missing(world):
    from submissions.generated import checklist

    proposal = _proposal(world)
    parts = list(_parts(proposal).values())
    items = checklist(parts=parts, introduced_by="Ивановым И.И.")
    assert _statuses(items) == dict.fromkeys(
        ["title_page", "bill", "explanatory_note", "comparison", "acts", "financial"], True
    )
    assert [item.key for item in items if item.generated] == ["bill", "comparison", "acts"]
    without = [part for part in parts if part.key not in ("financial", "explanatory_note")]
    statuses = _statuses(checklist(parts=without, introduced_by=""))
    assert statuses["title_page"] is False
    assert statuses["financial"] is False
    assert statuses["explanatory_note"] is False
    assert statuses["bill"] is True


def test_the_package_form_shows_the_checklist_before_building(client, world):
    from django.urls import reverse

    proposal = _proposal(world)
    client.force_login(world.users[Role.EDITOR])
    body = client.get(reverse("package_create", args=[proposal.public_id])).content.decode()
    assert 'id="bill-checklist"' in body
    assert body.count("checklist__item--present") == 5
    assert body.count("checklist__item--missing") == 1  # no deputy named yet


def test_the_demo_bill_package_has_every_formula_and_a_full_checklist(db):
    from io import StringIO

    from django.core.management import call_command

    from proposals.demo_data import APPROVED_THEME
    from proposals.models import Proposal
    from submissions.generated import checklist

    call_command("seed_demo", stdout=StringIO())
    proposal = Proposal.objects.get(group__theme=APPROVED_THEME)
    assert proposal.approved_version_id, "the demo approves the child-protection bill"
    version = proposal.approved_version
    parts = content.proposal_parts(version=version, title=proposal.title, kind=proposal.kind)
    bill = parts[0].markdown
    assert parts[0].heading.startswith("О внесении изменений в Федеральный закон")
    for formula in (
        "часть 3 статьи 7 изложить в следующей редакции",
        "дополнить статьей 14.2 следующего содержания",
        "пункт 3 части 3 статьи 9 признать утратившим силу",
        "в части 3 статьи 14.1 слова «вправе принимать» заменить словом «принимают»",
    ):
        assert formula in bill, formula
    comparison = next(part for part in parts if part.key == "comparison")
    assert len(comparison.comparison) == 4
    items = checklist(parts=parts, introduced_by="депутатом Государственной Думы И.И. Ивановым")
    assert all(item.present for item in items), [i.key for i in items if not i.present]


def test_the_package_form_lists_the_problems_of_the_wording_with_russian_labels(client, world):
    from django.urls import reverse

    text = FREE_TEXT
    act = add(world, date=date(1998, 7, 24))
    # The act's name changed: outside its structure, not put in the bill (approval allows it).
    section = section_for(act).replace(OLD, NEW)
    text += "\n" + section.replace("ФЕДЕРАЛЬНЫЙ ЗАКОН\n", "ФЕДЕРАЛЬНЫЙ ЗАКОН (проект)\n", 1)
    proposal = approved_with_endorsements(world, text=text, kind=ProposalKind.LEGISLATIVE_AMENDMENT)
    client.force_login(world.users[Role.EDITOR])
    body = client.get(reverse("package_create", args=[proposal.public_id])).content.decode()
    assert 'id="bill-problems"' in body
    assert "Текст вне структуры акта" in body
    assert "в законопроект он не включается" in body
    assert "outside_structure<" not in body
