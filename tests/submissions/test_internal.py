"""Internal material never leaves Accord: every export kind read back by an independent reader
(poppler's pdftotext and pdfdetach, python-docx and the DOCX's raw XML), with a positive control
that the exported text was extracted at all."""

import io
import re
import zipfile
from datetime import date
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from accord.models import Role, WorkingGroup
from proposals import demo_data
from proposals.models import Proposal, ProposalKind
from submissions.models import PackageStatus, Recipient, RecipientKind
from submissions.services.builds import package_build
from submissions.services.packages import Signer, package_create
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

# Words that appear only in internal parts, and words that appear only outside them.
SECRET_WORDS = ("шпинат", "редис", "кабачок", "патиссон", "баклажан", "брюква", "репейник")
VISIBLE = ("Видимый абзац о детских домах", "Закрепить право ребёнка на семью")

POLICY = """# О семейном устройстве детей

## Проблема

Видимый абзац о детских домах Новосибирска.

::: внутреннее
Шпинат и редис: пароль для обсуждения в альянсе.
:::

## Открытые вопросы альянса {внутреннее}

Кабачок или патиссон — решить на заседании.

### Подробности

Баклажан.

## Предложения

Закрепить право ребёнка на семью.
"""

LEGISLATIVE = """# О внесении изменений в Федеральный закон «Об основных гарантиях прав ребёнка»

## Пояснительная записка

Видимый абзац о детских домах и семейном устройстве.

## Текст изменений

Внести в Федеральный закон следующие изменения: Закрепить право ребёнка на семью.

::: внутреннее
Шпинат и редис: номера статей уточнить.
:::

## Особые положения {в законопроект}

Переходная норма вступает в силу через год.

## Сравнительная таблица

| Действующая редакция | Предлагаемая редакция | Обоснование |
| --- | --- | --- |
| Норма отсутствует | Право на семью | Приоритет семьи |

## Открытые вопросы для альянса {внутреннее}

Кабачок или патиссон — решить на заседании.

### Подробности

Баклажан.

## План продвижения

Брюква и репейник: встречи с депутатами.
"""

KINDS = {
    "policy": (POLICY, ProposalKind.POLICY_PROPOSAL),
    "legislative": (LEGISLATIVE, ProposalKind.LEGISLATIVE_AMENDMENT),
}


@pytest.fixture(autouse=True)
def _poppler():
    pdftools.need_poppler()


def _normalized(text: str) -> str:
    """Words joined again where a line break hyphenated them, soft hyphens dropped."""
    text = text.replace("\u00ad", "").replace("-\n", "")
    return pdftools.flat(text).lower()


def _assert_nothing_internal(extracted: str, *, legislative: bool):
    text = _normalized(extracted)
    # Not vacuous: the words to find and to miss are there to check, and the extraction has text.
    assert len(VISIBLE) >= 2
    assert len(SECRET_WORDS) >= 5
    assert len(text) > 50, text
    for visible in VISIBLE:
        assert visible.lower() in text, f"positive control failed: {visible!r} not extracted"
    for word in SECRET_WORDS:
        assert word not in text, word
    assert "открытые вопросы" not in text
    assert "подробности" not in text
    assert "внутреннее" not in text
    assert ":::" not in text
    assert "{" not in text
    if legislative:
        assert "план продвижения" not in text
        assert "переходная норма вступает в силу" in text  # marked {в законопроект}


def _docx_text(data: bytes) -> str:
    """Every text run of every part of the DOCX (body, headers, footers, notes, properties)."""
    chunks = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                chunks += re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)
                chunks += re.findall(r">([^<]+)<", xml) if name.startswith("docProps/") else []
    return "\n".join(chunks)


def _built(world, text, kind):
    proposal = approved_with_endorsements(world, text=text, kind=kind)
    package = package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.EDITOR],
        recipients=[make_recipient(world.group)],
        authors=[(world.organization, "15-и")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О проекте федерального закона",
        body="Направляем проект.",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 200-00-01",
        executor_email="petrova@example.org",
        with_docx=True,
    )
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    return proposal, package.documents.get()


@pytest.mark.parametrize("name", list(KINDS))
def test_package_pdf_docx_and_attached_source_hold_no_internal_text(world, client, name):
    text, kind = KINDS[name]
    proposal, document = _built(world, text, kind)
    client.force_login(world.users[Role.OBSERVER])
    detail = client.get(
        reverse("package_detail", args=[proposal.public_id, document.package.public_id])
    ).content.decode()
    assert "Открытые вопросы" in detail[detail.index('id="left-out"') :]  # listed there too
    legislative = kind == ProposalKind.LEGISLATIVE_AMENDMENT
    pdf = bytes(document.pdf.data)
    _assert_nothing_internal(pdftools.text(pdf), legislative=legislative)

    version = proposal.approved_version
    assert f"version-{version.number}-export.md" in pdftools.attachments(pdf)
    source = pdftools.attached_file(pdf).decode("utf-8")
    _assert_nothing_internal(source, legislative=legislative)
    assert version.sha256 in pdftools.flat(pdftools.text(pdf))  # the version's identity stays

    data = bytes(document.docx.data)
    word = docx.Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    _assert_nothing_internal(paragraphs + "\n" + cells, legislative=legislative)
    _assert_nothing_internal(_docx_text(data), legislative=legislative)


@pytest.mark.parametrize("name", list(KINDS))
def test_version_pdf_holds_no_internal_text(world, client, name):
    text, kind = KINDS[name]
    proposal = approved_with_endorsements(world, text=text, kind=kind)
    client.force_login(world.users[Role.OBSERVER])
    url = reverse(
        "api-proposal-version-pdf", args=[proposal.public_id, proposal.approved_version.number]
    )
    response = client.get(url)
    assert response.status_code == 200
    legislative = kind == ProposalKind.LEGISLATIVE_AMENDMENT
    _assert_nothing_internal(pdftools.text(response.content), legislative=legislative)
    source = pdftools.attached_file(response.content).decode("utf-8")
    _assert_nothing_internal(source, legislative=legislative)


def test_platform_pdf_holds_no_internal_text(world, client):
    approved_with_endorsements(world, text=POLICY, kind=ProposalKind.POLICY_PROPOSAL)
    approved_with_endorsements(
        world, text=LEGISLATIVE, kind=ProposalKind.LEGISLATIVE_AMENDMENT, title="Законопроект"
    )
    from submissions.services.builds import platform_build
    from submissions.services.platform import platform_build_request

    build = platform_build_request(group=world.group, actor=world.users[Role.OBSERVER])
    platform_build(build_id=build.pk)
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(reverse("platform_pdf", args=[world.group.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    _assert_nothing_internal(pdftools.text(data), legislative=True)
    _assert_nothing_internal(pdftools.attached_file(data).decode("utf-8"), legislative=True)


def test_a_version_without_internal_parts_attaches_its_whole_text(world):
    text = "# О детях\n\n## Предложения\n\nВидимый абзац о детских домах.\n"
    proposal, document = _built(world, text, ProposalKind.POLICY_PROPOSAL)
    pdf = bytes(document.pdf.data)
    version = proposal.approved_version
    assert f"version-{version.number}.md" in pdftools.attachments(pdf)
    assert pdftools.attached_file(pdf).decode("utf-8") == version.text


def test_the_package_page_lists_what_is_left_out_before_building(world, client):
    proposal = approved_with_endorsements(
        world, text=LEGISLATIVE, kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    client.force_login(world.users[Role.EDITOR])
    page = client.get(reverse("package_create", args=[proposal.public_id])).content.decode()
    listing = page[page.index('id="left-out"') : page.index('id="package-form"')]
    assert "Открытые вопросы для альянса" in listing
    assert "План продвижения" in listing
    assert "Шпинат и редис: номера статей уточнить." in listing  # the passage's first words
    assert "Внутренний раздел" in listing
    assert "Внутренний фрагмент" in listing
    assert "Раздел, не относящийся к документам законопроекта" in listing
    assert "Особые положения" not in listing  # marked {в законопроект}: it goes
    assert "эти внутренние части не попадут ни в один документ пакета" in listing


def test_the_package_page_says_when_nothing_is_left_out(world, client):
    proposal = approved_with_endorsements(world, text="# Т\n\n## Предложения\n\nТекст.\n")
    client.force_login(world.users[Role.EDITOR])
    page = client.get(reverse("package_create", args=[proposal.public_id])).content.decode()
    assert "нет внутренних частей" in page


def test_members_pages_show_internal_parts_boxed(world, client):
    proposal = approved_with_endorsements(
        world, text=LEGISLATIVE, kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    client.force_login(world.users[Role.OBSERVER])
    page = client.get(reverse("proposal_detail", args=[proposal.public_id])).content.decode()
    assert page.count('<div class="internal-part">') == 3  # passage, section, «План продвижения»
    assert "Внутреннее — не попадёт в документы" in page
    assert "Брюква и репейник" in page  # members still read it


def test_demo_package_for_a_committee_chair_holds_no_internal_text(db):
    call_command("seed_demo", stdout=StringIO())
    group = WorkingGroup.objects.get(theme=demo_data.APPROVED_THEME)
    proposal = Proposal.objects.get(group=group)
    assert proposal.approved_version_id
    assert "Открытые вопросы для альянса" in proposal.approved_version.text
    chair = Recipient.objects.filter(group=group, kind=RecipientKind.COMMITTEE).first()
    assert chair is not None
    membership = group.memberships.select_related("user", "organization").first()
    package = package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=membership.user,
        recipients=[chair],
        authors=[(membership.organization, "1")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О проекте федерального закона",
        body="Направляем проект.",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 200-00-01",
        executor_email="petrova@example.org",
        with_docx=True,
    )
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    document = package.documents.get()
    pdf = bytes(document.pdf.data)
    for extracted in (
        pdftools.text(pdf),
        pdftools.attached_file(pdf).decode("utf-8"),
        _docx_text(bytes(document.docx.data)),
    ):
        text = pdftools.flat(extracted.replace("\u00ad", "").replace("-\n", ""))
        assert "№ 124-ФЗ" in text  # positive control: the bill is there
        assert "Открытые вопросы" not in text
        assert "Номера новых структурных единиц" not in text
        assert "минимальный срок работы организации" not in text
