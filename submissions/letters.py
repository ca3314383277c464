"""What the cover letter asks, by the kind of recipient.

A deputy or a member of the Federation Council is asked to introduce the bill in the exercise of
their right of legislative initiative (Constitution art. 104), a regional legislature likewise in
its own right; a committee chair to consider it and support it at the committee; a ministry or
another executive body, which has no right of initiative and sits on no Duma committee, to
consider it, support it and give its position. The built-in texts below are the defaults; a
group's coordinators replace any of them for their group (`LetterTemplate`), and every package
may still edit the text it sends to each kind of recipient.

A template names the group and the proposal by placeholders: {группа} and {название} (or
{group} and {title}); any other brace is left as written.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from submissions.models import LetterTemplate, RecipientKind

_BY_ALLIANCE = "Объединение некоммерческих организаций «{группа}»"
_BILL = "проект федерального закона «{название}», подготовленный и одобренный входящими в "
_BILL += "объединение организациями,"
_PROPOSALS = "предложения «{название}», одобренные входящими в объединение организациями,"
_ANSWER = "Ответ просим направить по адресу, указанному в настоящем письме."
_INITIATIVE = (
    f"{_BY_ALLIANCE} просит Вас рассмотреть возможность внесения в Государственную Думу "
    "в порядке реализации права законодательной инициативы проекта федерального закона "
    "«{название}», подготовленного и одобренного входящими в объединение организациями.\n\n"
    "Мы готовы принять участие в доработке законопроекта."
)

# kind: (the text for a draft law, the text for other proposals)
DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    RecipientKind.DEPUTY: (
        _INITIATIVE,
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их и поддержать, "
        f"в том числе при подготовке законопроектов.\n\n{_ANSWER}",
    ),
    RecipientKind.SENATOR: (
        _INITIATIVE,
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их и поддержать, "
        f"в том числе при подготовке законопроектов.\n\n{_ANSWER}",
    ),
    RecipientKind.COMMITTEE: (
        f"{_BY_ALLIANCE} направляет Вам {_BILL} и просит рассмотреть его и поддержать "
        "в Комитете.\n\n"
        "Мы готовы представить законопроект на заседании Комитета и принять "
        "участие в его доработке.",
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их и поддержать "
        f"в Комитете.\n\n{_ANSWER}",
    ),
    RecipientKind.MINISTRY: (
        f"{_BY_ALLIANCE} направляет Вам {_BILL} и просит рассмотреть его, поддержать и "
        "сообщить позицию Министерства по законопроекту.\n\n"
        "Мы готовы принять участие в обсуждении и доработке законопроекта. "
        f"{_ANSWER}",
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их, поддержать и "
        f"сообщить позицию Министерства по ним.\n\n{_ANSWER}",
    ),
    RecipientKind.EXECUTIVE: (
        f"{_BY_ALLIANCE} направляет Вам {_BILL} и просит рассмотреть его, поддержать и "
        "сообщить Вашу позицию по законопроекту.\n\n"
        "Мы готовы принять участие в обсуждении и доработке законопроекта. "
        f"{_ANSWER}",
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их, поддержать и "
        f"сообщить Вашу позицию по ним.\n\n{_ANSWER}",
    ),
    RecipientKind.REGIONAL: (
        f"{_BY_ALLIANCE} просит рассмотреть возможность внесения законодательным органом "
        "субъекта Российской Федерации в Государственную Думу в порядке реализации его права "
        "законодательной инициативы проекта федерального закона «{название}», подготовленного "
        "и одобренного входящими в объединение организациями.\n\n"
        "Мы готовы принять участие в доработке законопроекта.",
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их и поддержать, "
        f"в том числе при подготовке законодательных инициатив.\n\n{_ANSWER}",
    ),
    RecipientKind.OTHER: (
        f"{_BY_ALLIANCE} направляет Вам {_BILL} и просит рассмотреть его и сообщить о "
        f"принятом решении.\n\n{_ANSWER}",
        f"{_BY_ALLIANCE} направляет Вам {_PROPOSALS} и просит рассмотреть их и сообщить о "
        f"принятом решении.\n\n{_ANSWER}",
    ),
}

_PLACEHOLDER = re.compile(r"\{(группа|group|название|title)\}")


def fill(template: str, *, group_name: str, title: str) -> str:
    """The template with the group's name and the proposal's title put in."""
    values = {"группа": group_name, "group": group_name, "название": title, "title": title}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


@dataclass(frozen=True)
class KindTemplate:
    """A kind's templates for the group: its own where set, the built-in default otherwise."""

    kind: str
    label: str
    bill_text: str
    proposals_text: str
    bill_is_default: bool
    proposals_is_default: bool


def group_templates(group) -> list[KindTemplate]:
    own = {template.kind: template for template in LetterTemplate.objects.filter(group=group)}
    rows = []
    for kind, label in RecipientKind.choices:
        bill, proposals = DEFAULT_TEXTS[kind]
        template = own.get(kind)
        own_bill = template.bill_text if template else ""
        own_proposals = template.proposals_text if template else ""
        rows.append(
            KindTemplate(
                kind=kind,
                label=str(label),
                bill_text=own_bill or bill,
                proposals_text=own_proposals or proposals,
                bill_is_default=not own_bill,
                proposals_is_default=not own_proposals,
            )
        )
    return rows


def default_texts(*, group, title: str, legislative: bool) -> dict[str, str]:
    """Every kind's letter text for a proposal of `group`, filled in."""
    return {
        row.kind: fill(
            row.bill_text if legislative else row.proposals_text,
            group_name=group.name,
            title=title,
        )
        for row in group_templates(group)
    }


def default_heading(*, title: str, legislative: bool) -> str:
    """The letter's heading as first offered: «О проекте федерального закона «…»» for a draft
    law, «О предложениях «…»» for other proposals."""
    heading = (
        _("On the draft federal law «%(title)s»")
        if legislative
        else _("On the proposals «%(title)s»")
    )
    return heading % {"title": title}
