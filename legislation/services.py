"""Every write of the legislation app."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.access import Permission, group_for_user
from accord.services import audit_record
from legislation import conf
from legislation.models import Act
from legislation.structure import NotALaw, parse


@transaction.atomic
def act_create(
    *,
    group_id: int,
    author,
    title: str,
    text: str,
    kind: str = "federal_law",
    date: datetime.date | None = None,
    number: str = "",
    source: str = "",
    as_of: datetime.date | None = None,
) -> Act:
    """Add an act to a group (editors and coordinators; others 403, non-members 404).

    The text must parse as a law. Writes one row and an audit entry; no locks."""
    group = group_for_user(user=author, group_id=group_id, need=Permission.EDIT)
    if len(text) > conf.max_text_chars():
        raise ValidationError({"text": _("The text is too long.")})
    try:
        parse(text)
    except NotALaw:
        raise ValidationError(
            {"text": _("This is not the text of a law: no article heading («Статья 1. …») found.")}
        ) from None
    act = Act(
        group=group,
        kind=kind,
        date=date,
        number=number,
        title=title,
        source=source,
        as_of=as_of,
        text=text,
        created_by=author,
    )
    act.full_clean()
    act.save()
    audit_record(
        group=group,
        actor=author,
        action="act.create",
        summary=f"{act.number} {act.title}".strip(),
        details={"act": act.pk},
    )
    return act
