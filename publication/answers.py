"""Answers, read: the text of an answer's file (pdftotext, python-docx; a scan without text is
kept and flagged), the sender's outgoing number, date and signatory found in it — offered to
the member to confirm, never taken as they are — and the paragraphs that mention the
proposal's units («статья 5», «пункт 3»), each linked to the unit in the proposal's text."""

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.services import audit_record
from publication.models import AnswerReading
from submissions.models import StoredFile, Submission

MAX_TEXT_CHARS = 200_000
MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
DATE = (
    r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<y2>\d{4})"
)
NUMBER = r"[A-Za-zА-Яа-яЁё0-9][A-Za-zА-Яа-яЁё0-9/\-.]*[A-Za-zА-Яа-яЁё0-9]|\d"
# «от 12.07.2026 № 15-4/1234» or «№ 15-4/1234 от 12.07.2026», the blank's line; «На № … от …»
# (the reference to the letter answered) is not the sender's own.
OUTGOING = [
    re.compile(rf"(?<![Нн]а )(?<![Нн]а\s)от\s+(?:{DATE})\s*(?:г\.?)?\s*№\s*(?P<n>{NUMBER})"),
    re.compile(rf"(?<![Нн]а )№\s*(?P<n>{NUMBER})\s+от\s+(?:{DATE})"),
    # «14.07.2026 № ТС-1842/07»: the date on the blank's line, then the number.
    re.compile(rf"(?<![\w.])(?:{DATE})\s*(?:г\.?)?\s*№\s*(?P<n>{NUMBER})"),
]
INITIALS_SURNAME = r"[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
SURNAME_INITIALS = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.\s?[А-ЯЁ]\."
UNIT = re.compile(
    r"\b(?P<kind>стать[яиеюёй]|ст\.|пункт[аеуомы]*|п\.|част[ьиеюй]|ч\.)\s*(?P<n>\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
UNIT_NAMES = {"ст": "статья", "п": "пункт", "ч": "часть"}


@dataclass
class Extracted:
    text: str
    scan_without_text: bool


@dataclass
class Found:
    number: str = ""
    day: date | None = None
    signatory: str = ""
    mentions: list = field(default_factory=list)


def _pdf_text(data: bytes) -> str:
    binary = shutil.which("pdftotext")
    if binary is None:
        return ""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(  # noqa: S603 (a fixed program; the file is ours)
            [binary, "-enc", "UTF-8", "-layout", handle.name, "-"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    for table in document.tables:  # the blank's requisites are often a table
        for row in table.rows:
            lines.append("    ".join(cell.text for cell in row.cells))
    lines.extend(paragraph.text for paragraph in document.paragraphs)
    return "\n".join(lines)


def extract(stored: StoredFile) -> Extracted:
    """The file's text; an image, or a PDF with no text layer, is a scan (flagged)."""
    data = bytes(stored.data)
    name = stored.name.lower()
    text = ""
    try:
        if data.startswith(b"%PDF"):
            text = _pdf_text(data)
        elif name.endswith(".docx"):
            text = _docx_text(data)
        elif name.endswith(".txt"):
            text = data.decode("utf-8", "replace")
    except (OSError, ValueError, KeyError, subprocess.SubprocessError):
        text = ""
    text = text.replace("\x0c", "\n")[:MAX_TEXT_CHARS]
    readable = len(re.findall(r"[А-Яа-яЁёA-Za-z]", text)) >= 20
    return Extracted(text=text if readable else "", scan_without_text=not readable)


def _date(match) -> date | None:
    try:
        if match.group("d"):
            return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        return date(
            int(match.group("y2")), MONTHS[match.group("month").lower()], int(match.group("d2"))
        )
    except (ValueError, KeyError, TypeError):
        return None


def _outgoing(text: str) -> tuple[str, date | None]:
    head = text[:3000]  # the blank's requisites are at the top
    best = None
    for pattern in OUTGOING:
        for match in pattern.finditer(head):
            before = head[max(0, match.start() - 4) : match.start()].lower()
            if "на" in before.split()[-1:]:
                continue
            if best is None or match.start() < best.start():
                best = match
    if best is None:
        return "", None
    return best.group("n").rstrip("."), _date(best)


def _signatory(text: str) -> str:
    """The last line with a name in initials (before the executor's «Исп.» line), with the
    position it stands beside or under."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if re.match(r"^(исп\.|исполнитель|тел\.)", line, re.IGNORECASE):
            continue
        match = re.search(rf"({INITIALS_SURNAME}|{SURNAME_INITIALS})\s*$", line)
        if match is None:
            continue
        name = re.sub(r"\s+", " ", match.group(1))
        if index + 1 < len(lines) and re.match(r"^(исп\.|исполнитель)", lines[index + 1], re.I):
            pass
        position = line[: match.start()].strip(" ,")
        if not position and index > 0 and not UNIT.search(lines[index - 1]):
            position = lines[index - 1]
        if lines[index - 1 : index] and re.match(r"^(исп\.)", lines[index - 1], re.I):
            continue
        position = re.sub(r"\s{2,}", " ", position)
        return f"{position}, {name}" if position else name
    return ""


def _units_of(text: str) -> set[str]:
    """The units the proposal's text has: «статья 5» for a line opening «Статья 5»,
    «пункт 3» for a numbered paragraph «3.» or «3)»."""
    units = set()
    for line in text.splitlines():
        line = line.lstrip("#>*- ").strip()
        match = re.match(r"^Статья\s+(\d+(?:\.\d+)?)", line)
        if match:
            units.add(f"статья {match.group(1)}")
        match = re.match(r"^(\d+)[.)]\s", line)
        if match:
            units.add(f"пункт {match.group(1)}")
            units.add(f"часть {match.group(1)}")
    return units


def _unit_name(kind: str, number: str) -> str:
    kind = kind.lower().rstrip(".")
    for stem, name in (("стат", "статья"), ("пункт", "пункт"), ("част", "часть")):
        if kind.startswith(stem):
            return f"{name} {number}"
    return f"{UNIT_NAMES.get(kind, kind)} {number}"


def mentions(text: str, proposal_text: str) -> list[dict]:
    """Each paragraph of the answer that names a unit of the proposal, with the units named."""
    units = _units_of(proposal_text)
    found = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\s{2,}\S)", text):
        flat = re.sub(r"\s+", " ", paragraph).strip()
        if not flat:
            continue
        named = []
        for match in UNIT.finditer(flat):
            unit = _unit_name(match.group("kind"), match.group("n"))
            if unit in units and unit not in named:
                named.append(unit)
        if named:
            found.append({"paragraph": flat[:1500], "units": named})
    return found[:50]


def unit_fragment(unit: str) -> str:
    """A text fragment link to the unit's line («Статья 5»), as browsers scroll to it."""
    kind, number = unit.split(" ", 1)
    words = {"статья": f"Статья {number}", "пункт": f"{number}.", "часть": f"{number}."}
    return "#:~:text=" + quote(words.get(kind, unit))


def read(text: str, proposal_text: str) -> Found:
    number, day = _outgoing(text)
    return Found(
        number=number, day=day, signatory=_signatory(text), mentions=mentions(text, proposal_text)
    )


def reading_for(submission: Submission, *, save: bool = True) -> AnswerReading:
    """The answer's reading, made (or made again) when its file is new; kept when `save`.
    Answers uploaded after publication was installed are read on upload (`read_on_upload`)."""
    reading = AnswerReading.objects.filter(submission=submission).first()
    file_id = submission.answer_file_id
    if reading is not None and (file_id is None or reading.file_id == file_id):
        return reading
    if reading is None:
        reading = AnswerReading(submission=submission)
    if file_id is None:
        return reading
    stored = StoredFile.objects.get(pk=file_id)
    extracted = extract(stored)
    found = read(extracted.text, submission.version.text)
    reading.file_id = file_id
    reading.text = extracted.text
    reading.scan_without_text = extracted.scan_without_text
    reading.found_number = found.number[:100]
    reading.found_date = found.day
    reading.found_signatory = found.signatory[:300]
    reading.unit_mentions = found.mentions
    reading.read_at = timezone.now()
    if save:
        reading.save()
    return reading


def read_on_upload(sender, instance: Submission, **_kwargs) -> None:
    """post_save of a Submission: an answer's new file is read at once."""
    if instance.answer_file_id is None:
        return
    if AnswerReading.objects.filter(submission=instance, file_id=instance.answer_file_id).exists():
        return
    reading_for(instance)


@transaction.atomic
def reading_confirm(
    *, reading: AnswerReading, actor, outgoing_number: str, outgoing_date, signatory: str
):
    reading.outgoing_number = outgoing_number.strip()
    reading.outgoing_date = outgoing_date
    reading.signatory = signatory.strip()
    reading.confirmed_at = timezone.now()
    reading.save()
    submission = reading.submission
    audit_record(
        group=submission.proposal.group,
        actor=actor,
        proposal=submission.proposal,
        action="publication.answer_confirmed",
        summary=_("answer's details confirmed: № %(number)s") % {"number": reading.outgoing_number},
    )
    return reading
