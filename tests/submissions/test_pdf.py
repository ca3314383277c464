"""PDF packages read back with poppler: exact Russian text, embedded fonts, PDF/A, page counts,
the version's hash printed once, nothing internal, nothing fetched."""

import hashlib
import http.server
import re
import threading
from datetime import date

import pytest
from django.urls import reverse

from accord.models import Role
from proposals.models import ProposalKind
from proposals.services import comments
from submissions import content, formats
from submissions.models import PackageStatus
from submissions.render import pdf
from submissions.services.builds import package_build
from submissions.services.packages import Signer, package_create
from tests.proposals.helpers import seed_anchors
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

PARAGRAPHS = [
    "Ёлочные игрушки — «ручной работы» — ещё встречаются в детских домах Новосибирска.",
    "Предлагаем закрепить право ребёнка на «семейную» форму устройства — в течение 30 дней.",
    "Объём финансирования: 1 250 000 ₽ в год; съёмное жильё — по договору найма.",
]
TEXT = "# О защите прав детей\n\n## Проблема\n\n" + "\n\n".join(PARAGRAPHS) + "\n"

LONG_TEXT = TEXT + "".join(
    f"\n## Раздел {n}\n\n" + " ".join(["Текст раздела о защите прав ребёнка — «пример»."] * 40)
    for n in range(1, 13)
)

LEGISLATIVE = """# О внесении изменений в Федеральный закон «Об основных гарантиях прав ребёнка»

## Пояснительная записка

Проект направлен на защиту прав детей — «без исключений».

## Текст изменений

Внести в Федеральный закон от 24 июля 1998 года № 124-ФЗ следующие изменения:

1) часть 3 статьи 5 изложить в следующей редакции: «Ребёнок имеет право на семью.»;

## Сравнительная таблица

### Статья 5, часть 3

Действующая редакция: Ребёнок имеет право на защиту.

Предлагаемая редакция: Ребёнок имеет право на семью.

Обоснование: Приоритет семейного устройства — ёмко и ясно.

## Финансово-экономическое обоснование

Реализация не потребует дополнительных расходов федерального бюджета.
"""


@pytest.fixture(autouse=True)
def _poppler():
    pdftools.need_poppler()


def _package(world, proposal, recipients, *, with_docx=False):
    return package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.EDITOR],
        recipients=recipients,
        authors=[(world.organization, "15-и")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О предложениях по защите прав детей",
        body="Направляем предложения альянса.\n\nПросим рассмотреть.",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 200-00-01",
        executor_email="petrova@example.org",
        with_docx=with_docx,
    )


def _built(world, text, *, recipients=None, **fields):
    proposal = approved_with_endorsements(world, text=text, **fields)
    recipients = recipients or [make_recipient(world.group)]
    package = _package(world, proposal, recipients)
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    return proposal, package


def _pdf_of(package, index=0) -> bytes:
    return bytes(package.documents.order_by("pk")[index].pdf.data)


def test_pdf_holds_the_versions_russian_text_exactly(world):
    _proposal, package = _built(world, TEXT)
    extracted = pdftools.flat(pdftools.text(_pdf_of(package)))
    assert len(PARAGRAPHS) >= 3
    for paragraph in PARAGRAPHS:
        assert paragraph in extracted
    assert "Уважаемый Иван Иванович!" in extracted
    assert "5 июня 2026 г. № 15-и" in extracted


def test_every_font_is_embedded(world):
    _proposal, package = _built(world, LEGISLATIVE, kind=ProposalKind.LEGISLATIVE_AMENDMENT)
    fonts = pdftools.fonts(_pdf_of(package))
    assert fonts
    assert all(font["emb"] == "yes" for font in fonts), fonts


def test_metadata_declares_pdf_a_and_describes_the_document(world):
    proposal, package = _built(world, TEXT)
    data = _pdf_of(package)
    xmp = pdftools.metadata(data)
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)
    info = pdftools.info(data)
    assert f"Title:           {proposal.title}" in info
    assert f"SHA-256 {proposal.approved_version.sha256}" in info  # the subject
    assert "Tagged:          yes" in info
    assert "A4" in info
    assert re.search(rb"/Lang\s*\(ru\)", pdftools.uncompressed(data))


def test_markdown_source_is_attached(world):
    proposal, package = _built(world, TEXT)
    data = _pdf_of(package)
    version = proposal.approved_version
    assert f"version-{version.number}.md" in pdftools.attachments(data)
    source = pdftools.attached_file(data)
    assert source.decode("utf-8") == version.text
    assert hashlib.sha256(source).hexdigest() == version.sha256


@pytest.mark.slow  # builds multi-page PDFs: seconds
def test_attachment_line_counts_the_real_pages_of_each_attachment(world):
    _proposal, package = _built(world, LONG_TEXT)
    data = _pdf_of(package)
    total = pdftools.pages(data)
    # Every attachment starts with «Приложение № k к письму …» at the top of its first page.
    starts = {}
    for page in range(1, total + 1):
        match = re.match(
            r"\s*(?:\d+\s+)?Приложение № (\d+) к письму", pdftools.text(data, first=page, last=page)
        )
        if match:
            starts[int(match.group(1))] = page
    assert sorted(starts) == [1, 2]
    real = [starts[2] - starts[1], total + 1 - starts[2]]
    assert real[0] > 2  # the long proposal runs over several pages
    letter = pdftools.flat(pdftools.text(data, first=1, last=starts[1] - 1))
    listed = [int(n) for n in re.findall(r"на (\d+) л\. в 1 экз\.", letter)]
    assert listed == real
    document = package.documents.get()
    assert [part["pages"] for part in document.parts[1:]] == real
    assert document.pages == total


def test_page_numbers_start_on_page_two_at_the_top(world):
    _proposal, package = _built(world, LONG_TEXT)
    data = _pdf_of(package)
    document = package.documents.get()
    first = document.parts[1]["first_page"]
    assert not pdftools.text(data, first=first, last=first).strip().startswith("1")
    assert pdftools.text(data, first=first + 1, last=first + 1).split()[0] == "2"
    assert pdftools.text(data, first=first + 2, last=first + 2).split()[0] == "3"


@pytest.mark.slow  # builds multi-page PDFs: seconds
def test_version_and_hash_are_printed_once_on_the_endorsements_list_and_on_no_other_page(world):
    proposal, package = _built(world, LONG_TEXT)
    data = _pdf_of(package)
    version = proposal.approved_version
    endorsements = package.documents.get().parts[-1]
    assert endorsements["key"] == "endorsements"
    identity = f"Текст предложения: версия {version.number}, SHA-256: {version.sha256}"
    pages = pdftools.pages(data)
    assert pages >= 3  # the letter, the proposal (LONG_TEXT: more than a page), the endorsements
    assert 1 <= endorsements["first_page"] <= pages
    for page in range(1, pages + 1):
        text = pdftools.flat(pdftools.text(data, first=page, last=page))
        assert len(text) > 20, page  # positive control: each page's text is extracted
        if page == endorsements["first_page"]:
            assert text.count(identity) == 1
        else:  # the letter, the proposal: no running footer
            assert f"Версия {version.number}" not in text, page
            assert "SHA-256" not in text, page


def test_platform_cover_and_contents_carry_no_footer(world):
    approved_with_endorsements(world, text=TEXT, title="Первое предложение")
    from submissions.selectors_packages import group_platform_documents

    documents = group_platform_documents(world.group)
    data = pdf.platform_pdf(
        group=world.group, theme="", organizations=[world.organization.name], documents=documents
    ).data
    front = [pdftools.flat(pdftools.text(data, first=page, last=page)) for page in (1, 2)]
    # Positive control: the same extraction reads the cover and the contents.
    assert world.group.name in front[0]
    assert "Первое предложение" in front[1]
    for text in front:
        assert "SHA-256" not in text
    version = documents[0]
    everything = pdftools.flat(pdftools.text(data))
    identity = f"Текст предложения: версия {version.version_number}, SHA-256: {version.sha256}"
    assert everything.count(identity) == 1


def test_endorsements_list_names_organizations_and_the_hash_they_endorsed(world):
    _proposal, package = _built(world, TEXT)
    extracted = pdftools.flat(pdftools.text(_pdf_of(package)))
    assert world.organization.name in extracted
    assert "СПИСОК" in extracted


def test_comments_suggestions_and_audit_never_appear(world):
    proposal = approved_with_endorsements(world, text=TEXT)
    start, end = seed_anchors(proposal, "Ёлочные игрушки")
    comments.thread_create(
        proposal=proposal,
        author=world.users[Role.COMMENTER],
        anchor_start=start,
        anchor_end=end,
        quote="Ёлочные игрушки",
        body="ВНУТРЕННИЙ-КОММЕНТАРИЙ не для чиновников",
    )
    comments.thread_create(
        proposal=proposal,
        author=world.users[Role.COMMENTER],
        anchor_start=start,
        anchor_end=end,
        quote="Ёлочные игрушки",
        body="",
        replacement="ПРЕДЛОЖЕННАЯ-ПРАВКА",
    )
    package = _package(world, proposal, [make_recipient(world.group)])
    package_build(package_id=package.pk)
    package.refresh_from_db()
    data = _pdf_of(package)
    extracted = pdftools.text(data)
    # Positive control: the same extraction finds the commented passage itself.
    assert "Ёлочные игрушки" in pdftools.flat(extracted)
    for secret in ("ВНУТРЕННИЙ-КОММЕНТАРИЙ", "ПРЕДЛОЖЕННАЯ-ПРАВКА", "Review opened"):
        assert secret not in extracted


def test_legislative_package_has_title_page_note_and_comparison_table(world):
    _proposal, package = _built(world, LEGISLATIVE, kind=ProposalKind.LEGISLATIVE_AMENDMENT)
    document = package.documents.get()
    assert [part["key"] for part in document.parts] == [
        "letter", "bill", "explanatory_note", "comparison", "financial", "endorsements"
    ]  # fmt: skip
    data = bytes(document.pdf.data)
    bill = pdftools.flat(pdftools.text(data, first=document.parts[1]["first_page"]))
    assert bill.startswith("Приложение № 1")
    assert "Проект" in bill
    assert "Вносится депутатом Государственной Думы" in bill
    assert "ФЕДЕРАЛЬНЫЙ ЗАКОН" in bill
    table_page = document.parts[3]["first_page"]
    table = pdftools.flat(pdftools.text(data, first=table_page, last=table_page))
    for cell in (
        "Действующая редакция", "Предлагаемая редакция", "Обоснование", "Статья 5, часть 3",
        "Ребёнок имеет право на защиту.", "Приоритет семейного устройства — ёмко и ясно.",
    ):  # fmt: skip
        assert cell in table


def test_previews_are_png_thumbnails_of_each_parts_first_page(world, client):
    proposal, package = _built(world, TEXT)
    document = package.documents.get()
    assert all(part["preview"] for part in document.parts)
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("package_preview", args=[proposal.public_id, package.public_id, document.pk, 0])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_markdown_cannot_make_rendering_read_files_or_reach_the_network(world, recorder):
    hostile = f"""# Опасный текст

![пароли](file:///etc/passwd)
[ссылка](file:///etc/passwd)
<img src="file:///etc/passwd"> <img src="{recorder}/img.png">
<link rel="attachment" href="file:///etc/passwd">
<a rel="attachment" href="file:///etc/passwd">вложение</a>
<style>@import url("file:///etc/passwd"); body {{ background: url({recorder}/bg.png) }}</style>
<iframe src="{recorder}/frame"></iframe>
![внутренний]({recorder}/internal.png)
<object data="file:///etc/passwd"></object>

Текст остаётся — «целым».
"""
    proposal = approved_with_endorsements(world, text=hostile)
    version = proposal.approved_version
    rendered = pdf.version_pdf(content.version_document(version=version))
    assert _Recorder.hits == []
    assert b"root:x:0:0" not in rendered.data
    extracted = pdftools.text(rendered.data)
    assert "root:" not in extracted
    assert "Текст остаётся — «целым»." in pdftools.flat(extracted)


def test_url_fetcher_serves_only_our_print_assets():
    fetcher = pdf.RefusingURLFetcher()
    response = fetcher.fetch("accord-asset:print.css")
    assert b"@page" in response.read()
    for url in (
        "file:///etc/passwd",
        "accord-asset:../settings.py",
        "accord-asset:/../../accord/settings.py",
        "http://127.0.0.1:8000/admin/",
        "https://example.org/x.png",
        "data:text/plain,hello",
        "ftp://example.org/file",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_version_pdf_endpoint_answers_pdf_with_the_versions_access(world, client):
    proposal = approved_with_endorsements(world, text=TEXT)
    number = proposal.approved_version.number
    url = reverse("api-proposal-version-pdf", args=[proposal.public_id, number])
    assert client.get(url).status_code == 401
    client.force_login(world.users["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(world.users[Role.OBSERVER])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert PARAGRAPHS[0] in pdftools.flat(pdftools.text(response.content))
    missing = reverse("api-proposal-version-pdf", args=[proposal.public_id, number + 50])
    assert client.get(missing).status_code == 404


def test_platform_compiles_approved_proposals_with_cover_and_contents(world):
    first = approved_with_endorsements(world, text=TEXT, title="Первое предложение")
    second = approved_with_endorsements(world, text=LEGISLATIVE, title="Второе предложение",
                                        kind=ProposalKind.LEGISLATIVE_AMENDMENT)  # fmt: skip
    from submissions.selectors_packages import group_platform_documents

    documents = group_platform_documents(world.group)
    assert [d.title for d in documents] == ["Второе предложение", "Первое предложение"]
    rendered = pdf.platform_pdf(
        group=world.group, theme="", organizations=[world.organization.name], documents=documents
    )
    data = rendered.data
    cover = pdftools.flat(pdftools.text(data, first=1, last=1))
    assert "ПОЛИТИЧЕСКАЯ ПЛАТФОРМА" in cover
    assert world.group.name in cover
    contents = pdftools.flat(pdftools.text(data, first=2, last=2))
    assert "Содержание" in contents
    assert re.search(r"Второе предложение\W+\d+", contents)
    assert re.search(r"Первое предложение\W+\d+", contents)
    everything = pdftools.flat(pdftools.text(data))
    assert PARAGRAPHS[1] in everything
    assert first.approved_version.sha256 in everything
    assert second.approved_version.sha256 in everything
    assert all(font["emb"] == "yes" for font in pdftools.fonts(data))


def test_attachment_line_formats():
    one = [formats.AttachmentItem("Предложения", 3)]
    assert formats.attachment_line(one) == "Приложение: на 3 л. в 1 экз."
    two = [*one, formats.AttachmentItem("Список", 1)]
    assert formats.attachment_line(two) == (
        "Приложение: 1. Предложения на 3 л. в 1 экз. 2. Список на 1 л. в 1 экз."
    )
    assert formats.date_long(date(2026, 6, 5)) == "5 июня 2026 г."
    assert formats.joint_number(["12", " 7-и ", ""]) == "12/7-и"
