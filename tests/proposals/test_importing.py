"""Proposals imported from .docx and .odt: the Markdown kept, what is dropped, bad files refused.

The .docx fixtures are built here with python-docx (footnotes, which it cannot write, are added to
its package by hand). Two .odt: a minimal ODF package written by hand with LibreOffice's structure
(automatic styles for bold and lists, covered cells for merges, text:note for footnotes), and
data/libreoffice-report.odt, made by LibreOffice 7.4 itself from data/libreoffice-report.html:
    soffice --headless --convert-to odt:writer8 libreoffice-report.html
(checked in, so that the tests do not need LibreOffice).
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.models import Role
from proposals.importing import ImportRefused, document_import
from proposals.markdown import render_markdown
from proposals.models import Proposal

FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Статья 7 закона.</w:t></w:r>'
    "</w:p></w:footnote></w:footnotes>"
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _with_footnotes(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return out.getvalue()


def word_fixture() -> bytes:
    document = docx.Document()
    document.core_properties.title = "О поддержке НКО"
    document.add_heading("О поддержке НКО", level=1)
    document.add_heading("Проблема", level=2)
    paragraph = document.add_paragraph("Сейчас ")
    paragraph.add_run("важно").bold = True
    paragraph.add_run(" и ")
    paragraph.add_run("срочно").italic = True
    paragraph.add_run(" — см. закон")
    reference = paragraph.add_run()._r
    reference.append(
        docx.oxml.parse_xml(
            '<w:footnoteReference xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main" w:id="1"/>'
        )
    )
    paragraph.add_run(".")
    document.add_paragraph("Первый пункт", style="List Bullet")
    document.add_paragraph("Вложенный пункт", style="List Bullet 2")
    document.add_paragraph("Второй пункт", style="List Bullet")
    document.add_paragraph("Шаг один", style="List Number")
    document.add_paragraph("Шаг два", style="List Number")
    document.add_paragraph().add_run("Предлагаемые меры").bold = True
    table = document.add_table(rows=3, cols=3)
    for row, values in enumerate([("Мера", "Срок", "Кто"), ("Гранты", "2027", "Минфин")]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Итого за два года"
    table.cell(2, 2).text = "все"
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png()))
    commented = document.add_paragraph("Спорный абзац.")
    document.add_comment(commented.runs, text="Проверить", author="Юрист")
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_footnotes(buffer.getvalue())


WORD_MARKDOWN = """# О поддержке НКО

## Проблема

Сейчас **важно** и *срочно* — см. закон[^1].

- Первый пункт
    - Вложенный пункт
- Второй пункт

1. Шаг один
1. Шаг два

### Предлагаемые меры

| Мера | Срок | Кто |
| --- | --- | --- |
| Гранты | 2027 | Минфин |
| Итого за два года |  | все |

Спорный абзац.

[^1]: Статья 7 закона.
"""


def test_docx_headings_lists_table_footnotes_and_marks_become_markdown():
    result = document_import(name="draft.docx", data=word_fixture())
    assert result.markdown == WORD_MARKDOWN
    assert result.title == "О поддержке НКО"
    assert result.dropped == {"images": 1, "comments": 1}
    html = render_markdown(result.markdown)
    assert "<table>" in html
    assert 'class="footnote"' in html
    assert "<ul>" in html.split("</ul>")[0] or html.count("<ul>") == 2


# content.xml as LibreOffice writes it (reduced to what the reader looks at).
ODT_CONTENT = (Path(__file__).parent / "data" / "import-content.xml").read_text()

ODT_MARKDOWN = """# Доклад

Это **жирно**, а это *курсив*[^1].

- Один
    - Внутри
- Два

1. Первое

| А | Б |
| --- | --- |
| Обе |  |

[^1]: Источник.
"""


def odt_fixture(content: str = ODT_CONTENT) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        package.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        package.writestr("content.xml", content)
    return out.getvalue()


def test_odt_becomes_the_same_kind_of_markdown():
    result = document_import(name="draft.odt", data=odt_fixture())
    assert result.markdown == ODT_MARKDOWN
    assert result.title == "Доклад"
    assert result.dropped == {"images": 1}


LIBREOFFICE_MARKDOWN = """# Доклад о сопровождении семей

## Проблема

Сейчас **важно** и *срочно* — см. закон[^1].

- Первый пункт
    - Вложенный пункт
- Второй пункт

1. Шаг один
1. Шаг два

### Предлагаемые меры

| Мера | Срок | Кто |
| --- | --- | --- |
| Гранты | 2027 | Минфин |
| Итого за два года |  | все |

Спорный абзац.

[^1]: Статья 7 закона.
"""


def test_an_odt_made_by_libreoffice_becomes_markdown():
    # LibreOffice writes the page's first heading as a text:p whose style's parent is "Heading 1".
    data = (Path(__file__).parent / "data" / "libreoffice-report.odt").read_bytes()
    result = document_import(name="report.odt", data=data)
    assert result.markdown == LIBREOFFICE_MARKDOWN
    assert result.title == "Доклад о сопровождении семей"
    assert result.dropped == {"images": 1}


def _encrypted_zip() -> bytes:
    data = bytearray(odt_fixture())
    # Mark every entry as encrypted (general purpose flag bit 0), as a zip password does.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 1
            start += 4
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "damaged"),
        ("broken.odt", b"hello", "damaged"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password"),
        ("locked.odt", _encrypted_zip(), "password"),
        (
            "xxe.odt",
            odt_fixture(
                '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                "<x>&e;</x>"
            ),
            "damaged",
        ),
        ("empty.docx", odt_fixture(), "not a Word document"),
    ],
)
def test_bad_documents_are_refused_with_a_reason(settings, name, data, message):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ImportRefused, match=message):
        document_import(name=name, data=data)


def test_zip_bomb_is_refused_before_it_is_unpacked(settings):
    settings.LANGUAGE_CODE = "en"
    settings.ACCORD_MAX_IMPORT_UNPACKED_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("content.xml", b" " * (2 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="too large"):
        document_import(name="bomb.odt", data=out.getvalue())


# Through the page and the API


@pytest.fixture
def editor_client(client, world):
    client.force_login(world.users[Role.EDITOR])
    return client


def test_page_imports_a_docx_titles_it_and_says_what_was_dropped(editor_client, world):
    upload = SimpleUploadedFile("draft.docx", word_fixture())
    response = editor_client.post(
        reverse("proposal_create", args=[world.group.pk]),
        {"title": "", "kind": "policy_proposal", "start": "upload", "file": upload},
        follow=True,
    )
    proposal = Proposal.objects.get(title="О поддержке НКО")
    assert proposal.text == WORD_MARKDOWN
    notices = [str(message) for message in response.context["messages"]]
    assert any("1" in notice and ("изображ" in notice or "image" in notice) for notice in notices)


def test_api_accepts_a_multipart_docx_without_title(client, world):
    client.force_login(world.users[Role.EDITOR])
    response = client.post(
        "/api/proposals/",
        {
            "group": world.group.pk,
            "kind": "policy_proposal",
            "file": SimpleUploadedFile("draft.odt", odt_fixture()),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Доклад"
    assert body["text"] == ODT_MARKDOWN
    assert body["dropped"] == {"images": 1}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.docx", b"garbage", "damaged"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "password"),
        ("draft.pdf", b"%PDF-1.7", ".docx"),
    ],
)
def test_api_refuses_bad_files_with_400_and_the_reason(
    client, world, settings, name, data, message
):
    settings.LANGUAGE_CODE = "en"
    client.cookies["django_language"] = "en"
    client.force_login(world.users[Role.EDITOR])
    response = client.post(
        "/api/proposals/",
        {
            "group": world.group.pk,
            "kind": "policy_proposal",
            "title": "X",
            "file": SimpleUploadedFile(name, data),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()["file"])
    assert not Proposal.objects.filter(title="X").exists()


def test_api_refuses_a_file_over_the_size_limit(client, world, settings):
    settings.LANGUAGE_CODE = "en"
    settings.ACCORD_MAX_IMPORT_UPLOAD_BYTES = 1024 * 1024
    client.cookies["django_language"] = "en"
    client.force_login(world.users[Role.EDITOR])
    big = SimpleUploadedFile("big.docx", b"PK" + b"\x00" * (1024 * 1024))
    response = client.post(
        "/api/proposals/", {"group": world.group.pk, "kind": "policy_proposal", "file": big}
    )
    assert response.status_code == 400
    assert "at most 1 MB" in " ".join(response.json()["file"])


def test_page_shows_why_a_damaged_docx_was_refused(editor_client, world, settings):
    settings.LANGUAGE_CODE = "en"
    editor_client.cookies["django_language"] = "en"
    response = editor_client.post(
        reverse("proposal_create", args=[world.group.pk]),
        {
            "title": "Сломанный",
            "kind": "policy_proposal",
            "start": "upload",
            "file": SimpleUploadedFile("broken.docx", b"PK\x03\x04garbage"),
        },
    )
    assert response.status_code == 200
    assert "damaged" in response.content.decode()
    assert not Proposal.objects.filter(title="Сломанный").exists()
