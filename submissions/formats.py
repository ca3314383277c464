"""Russian official-correspondence formats: dates, numbers, the attachment line, 59-FZ dates."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

_MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def date_long(day: date) -> str:
    """«5 июня 2026 г.» (GOST R 7.0.97-2025, the verbal-numeric form)."""
    return f"{day.day} {_MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def date_numeric(day: date) -> str:
    """«05.06.2026»."""
    return f"{day:%d.%m.%Y}"


def joint_number(numbers: list[str]) -> str:
    """A joint letter's outgoing number: each author's number, «/» between, in authors' order."""
    return "/".join(number.strip() for number in numbers if number.strip())


_PATRONYMIC_ENDINGS = ("ович", "евич", "ич", "овна", "евна", "ична", "инична")


def _is_patronymic(word: str) -> bool:
    return len(word) > 4 and word.lower().endswith(_PATRONYMIC_ENDINGS)


def surname_initials(name: str) -> str:
    """«Ирина Соколова» or «Ирина Андреевна Соколова» → «Соколова И.» / «Соколова И.А.»; a
    name already with initials, or one word, stays as written. Read as given name (patronymic)
    surname unless the third word is a patronymic («Соколова Ирина Андреевна»)."""
    words = name.split()
    if len(words) not in (2, 3) or any("." in word for word in words):
        return " ".join(words)
    if len(words) == 3 and _is_patronymic(words[2]) and not _is_patronymic(words[1]):
        surname, given = words[0], words[1:]
    else:
        surname, given = words[-1], words[:-1]
    return f"{surname} {''.join(f'{word[0]}.' for word in given)}"


@dataclass(frozen=True)
class AttachmentItem:
    title: str
    pages: int


def attachment_line(items: list[AttachmentItem]) -> str:
    """«Приложение: на 3 л. в 1 экз.», or numbered for several attachments."""
    if not items:
        return ""
    if len(items) == 1:
        return f"Приложение: на {items[0].pages} л. в 1 экз."
    listed = " ".join(
        f"{number}. {item.title} на {item.pages} л. в 1 экз."
        for number, item in enumerate(items, start=1)
    )
    return f"Приложение: {listed}"


def attachment_mark(*, letter_date: date, outgoing_number: str, number: int, total: int) -> str:
    """The top right of an attachment: «Приложение № 2 к письму от 05.06.2026 № 12/7-и»."""
    numbered = f"Приложение № {number}" if total > 1 else "Приложение"
    reference = f"к письму от {date_numeric(letter_date)}"
    if outgoing_number:
        reference += f" № {outgoing_number}"
    return f"{numbered} {reference}"


def registration_due(sent_on: date) -> date:
    """A written appeal is registered within 3 days of receipt (59-FZ art. 8 part 2)."""
    return sent_on + timedelta(days=settings.ACCORD_REGISTRATION_DAYS)


def forwarding_due(registered_on: date) -> date:
    """Forwarded to the competent body within 7 days of registration (art. 8 part 3)."""
    return registered_on + timedelta(days=settings.ACCORD_FORWARDING_DAYS)


def answer_due(*, registered_on: date | None, extended: bool = False) -> date | None:
    """30 days from registration (art. 12 part 1), 30 more on an extension notice (part 2)."""
    if registered_on is None:
        return None
    days = settings.ACCORD_ANSWER_DAYS
    if extended:
        days += settings.ACCORD_ANSWER_EXTENSION_DAYS
    return registered_on + timedelta(days=days)
