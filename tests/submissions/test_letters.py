"""The cover letter fits its addressee: the text by kind of recipient, the group's templates,
short attachment names, one page for the demo bill, the executor line."""

import io
import re
from datetime import date
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accord.models import Role, WorkingGroup
from proposals import demo_data
from proposals.models import Proposal, ProposalKind
from submissions import content, formats, letters
from submissions.models import LetterTemplate, Package, PackageStatus, Recipient, RecipientKind
from submissions.render import pdf
from submissions.services.builds import package_build
from submissions.services.letters import letter_template_set
from submissions.services.packages import Signer, package_create
from submissions.services.recipients import recipients_import_csv
from submissions.typography import nest_quotes
from tests.accord.test_i18n import latin_words
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient
from tests.submissions.test_docx import make_letter

INITIATIVE = "законодательной инициативы"


def _flat(text: str) -> str:
    return pdftools.flat(text.replace("\u00ad", "").replace("-\n", ""))


# --- the default texts ----------------------------------------------------------------------


def test_only_those_with_the_right_of_initiative_are_asked_to_introduce_the_bill(world):
    texts = letters.default_texts(group=world.group, title="О семье", legislative=True)
    for kind in (RecipientKind.DEPUTY, RecipientKind.SENATOR, RecipientKind.REGIONAL):
        assert INITIATIVE in texts[kind]
    for kind in (RecipientKind.COMMITTEE, RecipientKind.MINISTRY, RecipientKind.EXECUTIVE):
        assert INITIATIVE not in texts[kind]
    assert "поддержать в Комитете" in texts[RecipientKind.COMMITTEE]
    for kind in (RecipientKind.MINISTRY, RecipientKind.EXECUTIVE):
        assert "заседании" not in texts[kind]
        assert "Комитет" not in texts[kind]
        assert "позицию" in texts[kind]
    assert all("«О семье»" in text and world.group.name in text for text in texts.values())
    assert all("{" not in text for text in texts.values())


def test_proposals_that_are_not_a_bill_get_their_own_texts(world):
    texts = letters.default_texts(group=world.group, title="О семье", legislative=False)
    assert all("проект федерального закона" not in text for text in texts.values())
    assert INITIATIVE not in texts[RecipientKind.MINISTRY]


def test_placeholders_are_filled_and_other_braces_kept():
    filled = letters.fill("{группа}: {title} {x} {}", group_name="Альянс", title="О семье")
    assert filled == "Альянс: О семье {x} {}"


# --- the group's templates ------------------------------------------------------------------


def test_a_coordinators_template_becomes_the_groups_default(world):
    letter_template_set(
        group=world.group,
        kind=RecipientKind.MINISTRY,
        bill_text="Просим {название} поддержать. С приветом от {группа}.",
        proposals_text="",
        actor=world.users[Role.COORDINATOR],
    )
    texts = letters.default_texts(group=world.group, title="О семье", legislative=True)
    assert (
        texts[RecipientKind.MINISTRY]
        == f"Просим О семье поддержать. С приветом от {world.group.name}."
    )
    other = letters.default_texts(group=world.other_group, title="О семье", legislative=True)
    assert other[RecipientKind.MINISTRY].startswith("Объединение некоммерческих организаций")


def test_a_template_equal_to_the_default_stores_nothing(world):
    bill, proposals = letters.DEFAULT_TEXTS[RecipientKind.DEPUTY]
    stored = letter_template_set(
        group=world.group,
        kind=RecipientKind.DEPUTY,
        bill_text=bill + "\r\n",
        proposals_text=proposals,
        actor=world.users[Role.COORDINATOR],
    )
    assert stored is None
    assert not LetterTemplate.objects.exists()


def _templates_post(**texts):
    data = {}
    for kind in RecipientKind.values:
        bill, proposals = letters.DEFAULT_TEXTS[kind]
        data[f"bill_{kind}"] = bill
        data[f"proposals_{kind}"] = proposals
    data.update(texts)
    return data


def test_coordinator_edits_the_templates_and_members_read_them(world, client):
    url = reverse("letter_templates", args=[world.group.pk])
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(url, _templates_post(bill_ministry="Просим дать позицию."))
    assert response.status_code == 302
    template = LetterTemplate.objects.get(group=world.group)
    assert (template.kind, template.bill_text, template.proposals_text) == (
        RecipientKind.MINISTRY,
        "Просим дать позицию.",
        "",
    )
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(url).content.decode()
    assert "Просим дать позицию." in page
    assert "disabled" in page
    assert 'id="letter-templates-form"' in page
    assert 'class="btn btn--primary"' not in page.split('id="letter-templates-form"')[1]


def test_an_editor_cannot_change_the_templates(world, client):
    client.force_login(world.users[Role.EDITOR])
    url = reverse("letter_templates", args=[world.group.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _templates_post(bill_ministry="Захват"))
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()


def test_a_non_member_sees_no_templates(world, client):
    client.force_login(world.users["outsider"])
    url = reverse("letter_templates", args=[world.group.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _templates_post(bill_ministry="Захват")).status_code == 404
    assert not LetterTemplate.objects.exists()


def test_the_package_form_offers_a_text_per_kind_of_recipient(world, client):
    proposal = approved_with_endorsements(
        world, text="# Т\n\nТекст.\n", kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    make_recipient(world.group)  # a committee chair
    make_recipient(
        world.group,
        kind=RecipientKind.MINISTRY,
        surname="Орлов",
        surname_dative="Орлову",
        position="Министр просвещения Российской Федерации",
        position_dative="Министру просвещения Российской Федерации",
    )
    letter_template_set(
        group=world.group,
        kind=RecipientKind.MINISTRY,
        bill_text="Просим {название} поддержать и сообщить позицию.",
        proposals_text="",
        actor=world.users[Role.COORDINATOR],
    )
    world.users[Role.EDITOR].display_name = "Ирина Соколова"
    world.users[Role.EDITOR].save(update_fields=["display_name"])
    client.force_login(world.users[Role.EDITOR])
    page = client.get(reverse("package_create", args=[proposal.public_id])).content.decode()
    assert 'name="text_committee"' in page
    assert 'name="text_ministry"' in page
    assert 'name="text_deputy"' not in page  # no deputy in the directory
    assert f"Просим {proposal.title} поддержать и сообщить позицию." in page
    assert 'value="Соколова И."' in page  # the executor: surname first
    assert latin_words(page) == set()


# --- the executor ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ирина Соколова", "Соколова И."),
        ("Ирина Андреевна Соколова", "Соколова И.А."),
        ("Соколова Ирина Андреевна", "Соколова И.А."),
        ("Соколова И.А.", "Соколова И.А."),
        ("Ирина", "Ирина"),
    ],
)
def test_executor_name_puts_the_surname_first(name, expected):
    assert formats.surname_initials(name) == expected


def test_executor_lines_have_no_colon_after_the_abbreviation():
    assert content.executor_lines(name="Соколова И.А.", phone="+7 000", email="a@b.example") == (
        "Исп. Соколова И.А.",
        "Тел. +7 000",
        "E-mail: a@b.example",
    )


# --- the demo bill, packaged for a committee chair and for a ministry ------------------------


@pytest.fixture
def demo_package(db):
    pdftools.need_poppler()
    call_command("seed_demo", stdout=StringIO())
    group = WorkingGroup.objects.get(theme=demo_data.APPROVED_THEME)
    proposal = Proposal.objects.get(group=group)
    chair = Recipient.objects.get(group=group, kind=RecipientKind.COMMITTEE)
    minister = Recipient.objects.get(group=group, kind=RecipientKind.MINISTRY)
    membership = group.memberships.select_related("user", "organization").first()
    texts = letters.default_texts(group=group, title=proposal.title, legislative=True)
    package = package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=membership.user,
        recipients=[chair, minister],
        authors=[(membership.organization, "27-и")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 11, 27),
        heading=f"О проекте федерального закона «{proposal.title}»",
        letter_texts={kind: texts[kind] for kind in (chair.kind, minister.kind)},
        executor_name="Соколова И.А.",
        executor_phone="+7 (423) 000-31-08",
        executor_email="sokolova@dvresource.example.org",
        with_docx=True,
    )
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    documents = {d.recipient.kind: d for d in package.documents.select_related("recipient")}
    return proposal, documents


def test_demo_letters_fit_their_addressees_on_one_page(demo_package):
    proposal, documents = demo_package
    for kind, document in documents.items():
        pdf = bytes(document.pdf.data)
        assert document.parts[0]["key"] == "letter"
        assert document.parts[0]["pages"] == 1, kind
        assert document.parts[1]["first_page"] == 2
        letter = _flat(pdftools.text(pdf, first=1, last=1))
        # Everything of the letter is on its page: the text, the attachments, the signature and
        # the executor at the bottom.
        assert "С уважением," in letter
        assert "А.С. Петрова" in letter
        assert "Исп. Соколова И.А." in letter
        assert "Тел. +7 (423) 000-31-08" in letter
        listed = re.findall(r"\d\. ([А-ЯЁа-яё\- ]+?) на \d+ л\. в 1 экз\.", letter)
        assert listed[:2] == ["Проект федерального закона", "Пояснительная записка"]
        # In the heading and the text, not the list; inner quotes nested «…„…“…».
        assert letter.count(nest_quotes(f"«{proposal.title}»")[1:-1]) == 2
    committee = _flat(pdftools.text(bytes(documents["committee"].pdf.data), first=1, last=1))
    assert "поддержать в Комитете" in committee
    assert INITIATIVE not in committee
    ministry = _flat(pdftools.text(bytes(documents["ministry"].pdf.data), first=1, last=1))
    assert INITIATIVE not in ministry
    assert "заседании комитета" not in ministry.lower()
    assert "сообщить позицию Министерства" in ministry
    assert "Министру просвещения Российской Федерации" in ministry


def test_the_full_title_stays_on_the_attachment_and_the_docx_says_the_same(demo_package):
    proposal, documents = demo_package
    document = documents["committee"]
    pdf = bytes(document.pdf.data)
    bill = document.parts[1]
    first = _flat(pdftools.text(pdf, first=bill["first_page"], last=bill["first_page"]))
    # The demo bill amends an imported act, so its title is the generated one, whole.
    assert (
        "О внесении изменений в Федеральный закон «Об основных гарантиях прав ребенка в "
        "Российской Федерации»"
    ) in first
    word = docx.Document(io.BytesIO(bytes(documents["ministry"].docx.data)))
    texts = [paragraph.text for paragraph in word.paragraphs]
    line = next(text for text in texts if text.startswith("Приложение:"))
    assert "1. Проект федерального закона на " in line
    assert proposal.title not in line
    assert "Исп. Соколова И.А." in texts
    assert not any(INITIATIVE in text for text in texts)
    signatures = next(t for t in word.tables if "А.С. Петрова" in t.rows[0].cells[-1].text)
    assert [[cell.text for cell in row.cells] for row in signatures.rows] == [
        ["Председатель правления", "", "А.С. Петрова"]
    ]


def test_the_templates_page_is_all_russian(world, client):
    client.force_login(world.users[Role.COORDINATOR])
    page = client.get(reverse("letter_templates", args=[world.group.pk])).content.decode()
    assert latin_words(page) == set()
    assert "Член Совета Федерации" in page


def test_csv_import_reads_the_new_kinds_by_value_and_by_russian_label(world):
    data = (
        "surname;given_name;surname_dative;position;position_dative;kind\r\n"
        "Сидорова;Анна;Сидоровой;Член Совета Федерации;Члену Совета Федерации;senator\r\n"
        "Орлов;Пётр;Орлову;Председатель;Председателю;Законодательный орган субъекта РФ\r\n"
        "Лебедев;Иван;Лебедеву;Руководитель;Руководителю;executive\r\n"
    ).encode()
    with translation.override("ru"):
        recipients_import_csv(group=world.group, actor=None, data=data)
    kinds = dict(Recipient.objects.values_list("surname", "kind"))
    assert kinds == {"Сидорова": "senator", "Орлов": "regional", "Лебедев": "executive"}


def test_pdf_signers_stand_on_one_level_one_row_each():
    pdftools.need_poppler()
    document = content.Document(
        title="О семье",
        language="ru",
        group_name="Альянс",
        authors=("АНО «Семья»",),
        version_number=1,
        sha256="0" * 64,
        source_markdown="",
        introduced_by="",
        letter=make_letter(),
    )
    items = [formats.AttachmentItem("Проект федерального закона", 2)]
    data = pdf.render_letter(document, items).write_pdf()
    lines = [
        " ".join(line.split()) for line in pdftools._run("pdftotext", data, "-layout").splitlines()
    ]
    assert "Председатель правления А.С. Петрова" in lines
    assert "Директор фонда Б.В. Ёлкин" in lines
    assert "Приложение: на 2 л. в 1 экз." in lines


def test_the_package_form_stores_a_text_per_kind_and_the_default_where_left_empty(
    world, client, settings
):
    settings.ACCORD_EXPORT_IN_PROCESS = False
    proposal = approved_with_endorsements(
        world, text="# Т\n\nТекст.\n", kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    chair = make_recipient(world.group)
    minister = make_recipient(
        world.group,
        kind=RecipientKind.MINISTRY,
        surname="Орлов",
        surname_dative="Орлову",
        position="Министр просвещения Российской Федерации",
        position_dative="Министру просвещения Российской Федерации",
    )
    client.force_login(world.users[Role.EDITOR])
    response = client.post(
        reverse("package_create", args=[proposal.public_id]),
        {
            "version": proposal.approved_version.pk,
            "recipients": [chair.pk, minister.pk],
            "letter_date": "2026-06-05",
            "heading": "О проекте",
            "text_committee": "Просим поддержать в Комитете.",
            "text_ministry": "",
            "executor_name": "Соколова И.А.",
            "executor_phone": "+7 000",
            f"author_{world.organization.pk}": "on",
            "signer_position_0": "Председатель",
            "signer_name_0": "А.С. Петрова",
        },
    )
    assert response.status_code == 302
    package = Package.objects.get()
    texts = dict(package.letter_texts.values_list("kind", "body"))
    assert texts["committee"] == "Просим поддержать в Комитете."
    default = letters.default_texts(group=world.group, title=proposal.title, legislative=True)
    assert texts["ministry"] == default["ministry"]
    ministry = content.package_document(package=package, recipient=minister).letter
    assert ministry.paragraphs == content.letter_paragraphs(default["ministry"])
    committee = content.for_recipient(
        content.package_document(package=package, recipient=minister), recipient=chair
    ).letter
    assert committee.paragraphs == ("Просим поддержать в Комитете.",)
