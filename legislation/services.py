"""Every write of the legislation app."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accord.access import Permission, group_for_user
from accord.services import audit_record
from legislation import conf
from legislation.models import Act
from legislation.proposal_acts import amendments_of, section_for
from legislation.selectors import act_for_user
from legislation.structure import NotALaw, parse, plain_line_breaks
from proposals.models import Proposal, ProposalKind
from realtime import store
from realtime.edits import document_edit


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
    text = plain_line_breaks(text)
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


def proposal_act_amend(*, proposal, act_id, author) -> str:
    """Start amending one of the group's acts in a bill proposal: append the act's section (its
    marked heading and a copy of its text) to the live text, as `author`'s stored edit.

    `proposal` comes from `proposal_for_user(need=EDIT)`; an act of another group is 404, a
    second section for the same act, an archived proposal or another kind: ValidationError.
    Locks the proposal row; the edit reaches open editors after commit; writes an audit
    entry. Returns the new text."""
    with transaction.atomic():
        act = act_for_user(user=author, act_id=act_id)
        if act.group_id != proposal.group_id:
            raise Http404
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
            raise ValidationError(_("Only a legislative proposal can amend an act."))
        if locked.archived:
            raise ValidationError(_("An archived proposal cannot be changed."))
        doc, shared = store.document_open(proposal_id=proposal.pk, editor=True)
        current = str(shared)
        if any(s.act_id == act.pk for s in amendments_of(text=current, group=proposal.group)):
            raise ValidationError(_("This proposal already amends this act."))
        trailing = len(current) - len(current.rstrip("\n"))
        gap = "\n" * max(0, 2 - trailing) if current.strip() else ""
        addition = gap + section_for(act)

        def append(text):
            text += addition

        text = document_edit(
            proposal_id=proposal.pk, author=author, edit=append, document=(doc, shared)
        )
        audit_record(
            group=proposal.group,
            actor=author,
            action="proposal.act_amend",
            summary=f"{proposal.title}: {act.number} {act.title}".strip(),
            details={"proposal": str(proposal.public_id), "act": act.pk},
        )
        return text
