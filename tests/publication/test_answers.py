"""Answers, read: letters made here in the layout ministries use (the blank's requisites at the
top left, «На № … от …» under them, the signature at the bottom, the executor last)."""

import io
from datetime import date

import docx
import pytest
from weasyprint import HTML

from accord.models import Role
from publication import answers
from submissions.models import StoredFile, Submission
from submissions.services import tracking
from tests.publication.helpers import TEXT, sent_record

pytestmark = pytest.mark.slow

BODY = [
    "Министерство просвещения Российской Федерации рассмотрело предложения Альянса.",
    "Предложение о дополнении статьи 5 концептуально поддерживается. Положения пункта 2 "
    "требуют дополнительной проработки с органами опеки.",
    "О результатах рассмотрения будет сообщено дополнительно.",
]
SIGNATURE = ("Заместитель Министра", "А.Б. Кузнецов")


def ministry_pdf() -> bytes:
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    html = f"""<html lang="ru"><head><style>
      @page {{ size: A4; margin: 20mm 10mm 20mm 30mm; }}
      body {{ font-family: 'Liberation Serif'; font-size: 13pt; }}
      .blank {{ width: 80mm; text-align: center; font-size: 10pt; }}
      .sign {{ display: flex; justify-content: space-between; margin-top: 15mm; }}
      .exec {{ font-size: 9pt; margin-top: 30mm; }}
    </style></head><body>
      <div class="blank"><p><b>МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ<br>РОССИЙСКОЙ ФЕДЕРАЦИИ<br>
      (МИНПРОСВЕЩЕНИЯ РОССИИ)</b></p>
      <p>ул. Каретный Ряд, д. 2, Москва, 127006</p>
      <p>от 14.07.2026 № ТС-1842/07</p><p>На № 14-26 от 05.06.2026</p></div>
      <p style="margin-left:100mm">Председателю правления<br>И.А. Соколовой</p>
      <p style="text-align:center">Уважаемая Ирина Александровна!</p>
      {paragraphs}
      <div class="sign"><span>{SIGNATURE[0]}</span><span>{SIGNATURE[1]}</span></div>
      <div class="exec">Исп. Орлова Н.П.<br>Тел. +7 (495) 000-00-00</div>
    </body></html>"""
    return HTML(string=html).write_pdf()


def ministry_docx() -> bytes:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = (
        "МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ\n14 июля 2026 г. № ТС-1842/07\n"
        "На № 14-26 от 05.06.2026"
    )
    table.rows[0].cells[1].text = "Председателю правления И.А. Соколовой"
    for text in BODY:
        document.add_paragraph(text)
    document.add_paragraph(f"{SIGNATURE[0]}\t\t\t\t{SIGNATURE[1]}")
    document.add_paragraph("Исп. Орлова Н.П.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _stored(name, data):
    return StoredFile(name=name, content_type="", size=len(data), sha256="", data=data)


@pytest.mark.parametrize(
    ("name", "make"), [("ответ.pdf", ministry_pdf), ("ответ.docx", ministry_docx)]
)
def test_number_date_and_signatory_are_found(name, make):
    extracted = answers.extract(_stored(name, make()))
    assert not extracted.scan_without_text
    found = answers.read(extracted.text, TEXT)
    # The sender's own number, not «На № 14-26» (the letter answered).
    assert found.number == "ТС-1842/07"
    assert found.day == date(2026, 7, 14)
    assert found.signatory.endswith("А.Б. Кузнецов")
    assert found.signatory.startswith("Заместитель Министра")
    units = {unit for mention in found.mentions for unit in mention["units"]}
    assert units == {"статья 5", "пункт 2"}


def test_a_scan_without_text_is_flagged():
    # An image-only PDF: a drawn box, no text layer.
    blank = HTML(string="<div style='width:50mm;height:50mm;background:#333'></div>").write_pdf()
    extracted = answers.extract(_stored("скан.pdf", blank))
    assert extracted.scan_without_text
    assert extracted.text == ""


def test_the_member_confirms_and_marks_a_formal_reply(world, client):
    record = sent_record(world)
    coordinator = world.users[Role.COORDINATOR]
    overdue = Submission.objects.get(pk=record.submissions[1].pk)
    tracking.submission_answer(
        submission=overdue,
        answered_on=overdue.registered_on,
        summary="Обращение получено и направлено на рассмотрение.",
        file_name="ответ.pdf",
        file_bytes=ministry_pdf(),
        actor=coordinator,
    )
    client.force_login(world.users[Role.EDITOR])
    response = client.get(f"/submissions/{overdue.pk}/answer-reading/")
    assert response.status_code == 200, response.content[:300]
    page = response.content.decode()
    assert 'value="ТС-1842/07"' in page  # offered, not yet confirmed
    assert "#:~:text=" in page  # a mention linked to the unit
    client.post(
        f"/submissions/{overdue.pk}/answer-reading/",
        {
            "action": "confirm",
            "outgoing_number": "ТС-1842/07",
            "outgoing_date": "2026-07-14",
            "signatory": "Заместитель Министра А.Б. Кузнецов",
        },
    )
    client.post(
        f"/submissions/{overdue.pk}/answer-reading/", {"action": "flags", "formal_reply": "on"}
    )
    detail = client.get(f"/submissions/{overdue.pk}/").content.decode()
    assert "формальная отписка" in detail or "formal reply" in detail
    public = client.get(f"/public/proposals/{record.proposal.public_id}/").content.decode()
    assert "ТС-1842/07" in public
    assert "формальная отписка" in public or "formal reply" in public
    # An editor may not make the document public; nothing links to it.
    assert "/answers/" not in public
    client.force_login(coordinator)
    client.post(
        f"/submissions/{overdue.pk}/answer-reading/",
        {"action": "flags", "formal_reply": "on", "document_public": "on"},
    )
    client.logout()
    public = client.get(f"/public/proposals/{record.proposal.public_id}/").content.decode()
    assert f"/public/proposals/{record.proposal.public_id}/answers/" in public
    link = public.split('href="')[1:]
    url = next(part.split('"')[0] for part in link if "/answers/" in part)
    assert client.get(url).content.startswith(b"%PDF")
